"""The status reports of all areas of a level, made in the background (issue #8): start a
batch, follow its progress, download every PDF as one ZIP, delete an old batch. For national
analysts and site administrators; anyone else gets 403 (single reports stay open to all)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from typing import IO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.indicators import wording
from forbedring.web.indicators.charts import chart_language
from forbedring.web.indicators.lights import LightSettings
from forbedring.web.measures.queries import current_lang
from forbedring.web.reports.forms import BatchForm
from forbedring.web.reports.models import ReportBatch, ReportResult
from forbedring.web.reports.tasks import generate_reports

# A batch still "running" after this long lost its worker (a restart): it may be deleted.
STALE_AFTER = dt.timedelta(hours=1)
LISTED_BATCHES = 50
BATCH_DEFAULTS = {
    "country": "DK", "level": "municipality", "limits": "95", "adjust": "yes", "dev": "0.95",
}  # fmt: skip


def options_text(found: ReportBatch) -> str:
    """The batch's method in words: "95 % limits, adjusted for overdispersion, 95 % test"."""
    settings = LightSettings.from_query(QueryDict(found.options))
    lang = chart_language(found.language)
    adjusted = (
        _("adjusted for overdispersion")
        if settings.placement_limits == "overdispersed"
        else _("not adjusted for overdispersion")
    )
    return _("%(limits)s limits, %(adjusted)s, %(development)s development test") % {
        "limits": wording.funnel_level(settings.placement_level, lang),
        "adjusted": adjusted,
        "development": wording.confidence(settings.development_level, lang),
    }


def _batch(request: HttpRequest, batch_id: int) -> ReportBatch:
    access.require_status_report_publisher(request.user)
    found = ReportBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    access.require_status_report_publisher(request.user)
    form = BatchForm(request.POST or None, initial=BATCH_DEFAULTS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = ReportBatch.objects.create(
            country=data["country"], level=data["level"], year=data.get("year"),
            options=form.light_settings().query(), language=current_lang(),
            created_by=request.user,
        )  # fmt: skip
        generate_reports.enqueue(made.pk)
        return redirect("reports:batch", made.pk)
    listed = ReportBatch.objects.select_related("created_by")[:LISTED_BATCHES]
    return render(
        request, "reports/batches.html",
        {"form": form, "batches": listed, "page_title": _("Status reports for all areas")},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD"])
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = _batch(request, batch_id)
    failures = ReportResult.objects.filter(batch=found).exclude(error="").select_related("area")
    template = "reports/_batch_progress.html" if request.htmx else "reports/batch.html"
    return render(
        request, template,
        {"batch": found, "failures": failures.only("area__name", "area__official_code", "error"),
         "options": options_text(found), "page_title": _("Status reports for all areas")},
    )  # fmt: skip


# A batch of 98 reports is about 80 MiB: the ZIP is written to a temporary file (kept in
# memory only while small) and streamed from there, not held in memory whole per download.
ZIP_IN_MEMORY_UP_TO = 8 * 2**20


def write_batch_zip(found: ReportBatch, out: IO[bytes]) -> None:
    """Every PDF of the batch and an index (CSV: area, code, file, pages, error), zipped into
    ``out``. The PDFs are compressed already: stored as they are."""
    index = io.StringIO()
    writer = csv.writer(index, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Code"), _("Area"), _("File"), _("Pages"), _("Error")])
    results = ReportResult.objects.filter(batch=found).select_related("area")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for result in results.iterator(chunk_size=20):
            if result.filename and not result.error:
                archive.writestr(result.filename, bytes(result.pdf))
            writer.writerow(
                [result.area.official_code, result.area.name, result.filename,
                 result.pages or "", result.error]
            )  # fmt: skip
        # Excel opens a UTF-8 CSV with its byte-order mark directly.
        archive.writestr("index.csv", ("\ufeff" + index.getvalue()).encode("utf-8"))


@login_required
@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, batch_id: int) -> FileResponse:
    found = _batch(request, batch_id)
    if found.status != ReportBatch.Status.DONE:
        raise Http404
    # Not a with block: the response closes the file after sending it.
    spooled = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_UP_TO)  # noqa: SIM115
    write_batch_zip(found, spooled)
    spooled.seek(0)
    year = found.year or "latest"
    name = f"status-reports-{found.country.lower()}-{found.level}-{year}-{found.pk}.zip"
    # FileResponse streams the file in blocks and closes it when the response is done.
    return FileResponse(spooled, as_attachment=True, filename=name, content_type="application/zip")


@login_required
@require_POST
def delete(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = _batch(request, batch_id)
    started = found.started_at or found.created_at
    if found.status == ReportBatch.Status.RUNNING and timezone.now() - started < STALE_AFTER:
        messages.error(request, _("The batch is being generated. Delete it when it has finished."))
        return redirect("reports:batch", found.pk)
    found.delete()
    messages.success(request, _("The batch was deleted."))
    return redirect("reports:batches")
