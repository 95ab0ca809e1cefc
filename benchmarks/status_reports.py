"""Time to make the status reports of all 98 Danish municipalities as PDF, as the batch does.

    .venv/bin/python benchmarks/status_reports.py [--processes 2] [--single 5]

Builds a scratch SQLite database (or a throwaway database on DATABASE_URL's server, as
``web_speed.py``) with the indicator demo's values (98 municipalities, 5 regions and the
nation, five years), then

1. times single reports of ``--single`` municipalities in this process, as the views make them
   (HTML page body and PDF; the first report of a level also draws its funnel bases);
2. runs one batch of every municipality's PDF through ``forbedring.web.reports.batch.run``,
   exactly as the background task runs it (lights, cascades, specs and funnel bases in this
   process; drawing and layout in ``--processes`` processes), and times it from start to end.

Target (issue 8): <= 60 s for the 98 reports. Exit status 1 when it is missed or a report
fails. Memory: this process's and the largest child's peak resident size.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

TARGET_SECONDS = 60.0


def _single_reports(count: int) -> tuple[list[float], list[float]]:
    from django.template.loader import render_to_string
    from django.utils import translation

    from forbedring.web.indicators.lights import LightSettings
    from forbedring.web.organisations.models import Organisation
    from forbedring.web.reports.documents import report_context, report_pdf
    from forbedring.web.reports.making import area_report, drawn_report

    areas = list(Organisation.objects.filter(country="DK", kind="municipality")[:count])
    html_ms, pdf_ms = [], []
    with translation.override("da"):
        for area in areas:
            start = time.perf_counter()
            report, found = area_report(area, None, LightSettings(), "da")
            report = drawn_report(report, found)
            render_to_string("reports/_report.html", report_context(report, for_pdf=False))
            html_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            report, found = area_report(area, None, LightSettings(), "da")
            report_pdf(drawn_report(report, found, for_pdf=True))
            pdf_ms.append((time.perf_counter() - start) * 1000)
    return html_ms, pdf_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--single", type=int, default=5)
    args = parser.parse_args()

    from benchmarks.web_speed import _setup_django

    teardown = _setup_django()
    try:
        from django.utils import timezone

        from forbedring.web.indicators.demo import load_indicator_demo
        from forbedring.web.reports import batch as batches
        from forbedring.web.reports.models import ReportBatch, ReportResult

        load_indicator_demo(timezone.localdate())
        html_ms, pdf_ms = _single_reports(args.single)
        print(
            f"single report ({len(html_ms)} municipalities, first one draws the funnel bases): "
            f"HTML median {statistics.median(html_ms):.0f} ms (first {html_ms[0]:.0f} ms), "
            f"PDF median {statistics.median(pdf_ms):.0f} ms"
        )
        processes = args.processes or batches.PROCESSES
        batch = ReportBatch.objects.create(country="DK", level="municipality", language="da")
        cpu_before = [
            u.ru_utime + u.ru_stime
            for u in (
                resource.getrusage(resource.RUSAGE_SELF),
                resource.getrusage(resource.RUSAGE_CHILDREN),
            )
        ]
        start = time.perf_counter()
        batches.run(batch, processes=processes)
        elapsed = time.perf_counter() - start
        batch.refresh_from_db()
        results = ReportResult.objects.filter(batch=batch)
        sizes = [len(bytes(r.pdf)) for r in results if not r.error]
        pages = [r.pages for r in results if not r.error]
        own_usage = resource.getrusage(resource.RUSAGE_SELF)
        child_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        own, children = own_usage.ru_maxrss / 1024, child_usage.ru_maxrss / 1024
        cpu = sum(
            u.ru_utime + u.ru_stime - before
            for u, before in ((own_usage, cpu_before[0]), (child_usage, cpu_before[1]))
        )
        print(
            f"batch of {batch.total} municipality reports with {processes} processes: "
            f"{elapsed:.1f} s ({elapsed / max(1, batch.total) * 1000:.0f} ms a report); "
            f"{batch.done} made, {batch.failed} failed; median {statistics.median(pages or [0])} "
            f"pages, {statistics.median(sizes or [0]) / 1024:.0f} KiB; "
            f"{sum(sizes) / 2**20:.1f} MiB in all"
        )
        print(f"peak memory: this process {own:.0f} MiB, largest child {children:.0f} MiB")
        # CPU time of the batch in this process and its children: with the cores to itself,
        # the batch takes about this divided by the processes (plus the set-up).
        per_report = cpu / max(1, batch.total) * 1000
        print(f"CPU time of the batch: {cpu:.1f} s ({per_report:.0f} ms a report)")
        ok = batch.status == ReportBatch.Status.DONE and not batch.failed
        ok = ok and elapsed <= TARGET_SECONDS
        print(f"target <= {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
        return 0 if ok else 1
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
