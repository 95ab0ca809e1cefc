"""Server time of the network dashboard: 100 enrolled teams × 6 measures × 24 months.

    .venv/bin/python benchmarks/network_dashboard.py [--teams 100] [--requests 10] [--warm-up 2]

Builds the network in a scratch SQLite database (or a throwaway database on DATABASE_URL's
server, as ``web_speed.py``), logs in as the organiser with Django's test client and times
GET /networks/<id>/dashboard/ in this process (middleware, views, queries, engine, templates).
Target: median <= 500 ms. Exit status 1 when the target is missed or the page fails.

Each timed request starts with an empty cache of formatted numbers (``charts.locales``), so
the time is that of a first view of the numbers, not of the same page served again. Beside the
wall-clock time (the target) the process's CPU time is shown: on a machine shared with other
work, wall-clock times wait for a free core and CPU times do not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from benchmarks.web_speed import _count_queries, _setup_django  # noqa: E402

TARGET_MS = 500.0
MEASURES = 6
MONTHS = 24


def _build(teams: int) -> tuple[Any, Any]:
    import datetime as dt
    from decimal import Decimal

    import numpy as np
    from django.utils import timezone

    from forbedring.web.accounts.models import User
    from forbedring.web.measures.models import Measure, Observation, SeriesEvent
    from forbedring.web.networks.models import Enrolment, Network, NetworkMeasure, TeamReport
    from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

    organiser_org = Organisation.objects.create(
        name="KL", kind="municipality", country="DK", official_code="0001"
    )
    organiser = User.objects.create_user("organiser", password=None)
    Membership.objects.create(
        user=organiser, role=Role.NETWORK_ORGANISER, organisation=organiser_org
    )
    today = timezone.localdate()
    first = today.year * 12 + today.month - 1 - MONTHS - 1
    months = [dt.date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(MONTHS)]
    network = Network.objects.create(
        organiser=organiser_org, name="Bench network", start=months[0], created_by=organiser
    )
    charts = ["u", "p", "u", "p", "i", "run"]
    measures = []
    for position, chart in enumerate(charts):
        ratio = chart in {"u", "p"}
        measure = Measure.objects.create(
            name=f"Measure {position + 1} ({chart})", kind="outcome", chart_type=chart,
            has_denominator=ratio, multiplier=1000 if chart == "u" else 100 if ratio else 1,
            direction="decrease", target=5.0,
        )  # fmt: skip
        NetworkMeasure.objects.create(network=network, measure=measure, position=position)
        measures.append(measure)
    rng = np.random.default_rng(11)
    observations, events, reports, enrolments = [], [], [], []
    for index in range(teams):
        org = Organisation.objects.create(
            name=f"Kommune {index}", kind="municipality", country="DK",
            official_code=f"{index + 100:04d}",
        )  # fmt: skip
        unit = Unit.objects.create(organisation=org, name=f"Unit {index}", kind="nursing_home")
        team = Team.objects.create(unit=unit, name=f"Team {index:03d}")
        enrolments.append(
            Enrolment(network=network, team=team, status="enrolled", invited_by=organiser)
        )
        for measure in measures:
            ratio = measure.has_denominator
            for m, month in enumerate(months):
                size = int(rng.integers(900, 1200))
                shift = 0.7 if index % 3 == 0 and m >= 12 else 1.0
                num = float(
                    rng.binomial(size, 0.3 * shift) if measure.chart_type == "p"
                    else rng.poisson(8 * shift)
                )  # fmt: skip
                observations.append(
                    Observation(
                        measure=measure, team=team, period=month,
                        numerator=num if ratio else None, denominator=float(size) if ratio
                        else None, value=None if ratio else num, entered_by=organiser,
                        entered_at=timezone.now(),
                    )
                )  # fmt: skip
            if index % 10 == 0:
                events.append(
                    SeriesEvent(measure=measure, team=team, kind="phase", period=months[12],
                                text="Bundle", created_by=organiser)
                )  # fmt: skip
        score = 1.0
        for month in months[6:]:
            score = min(5.0, score + float(rng.choice([0.0, 0.0, 0.5])))
            reports.append(
                TeamReport(network=network, team=team, period=month,
                           progress_score=Decimal(str(score)), status="submitted",
                           updated_by=organiser, submitted_at=timezone.now())
            )  # fmt: skip
    Enrolment.objects.bulk_create(enrolments)
    Observation.objects.bulk_create(observations, batch_size=2000)
    SeriesEvent.objects.bulk_create(events)
    TeamReport.objects.bulk_create(reports, batch_size=2000)
    return network, organiser


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--warm-up", type=int, default=2)
    args = parser.parse_args()
    teardown = _setup_django()
    try:
        from django.test import Client
        from django.urls import reverse

        from forbedring.charts.locales import clear_format_cache

        network, organiser = _build(args.teams)
        client = Client(headers={"accept-language": "da"})
        client.force_login(organiser)
        url = reverse("network_dashboard", args=[network.pk])
        for _ in range(args.warm_up):
            response = client.get(url)
            if response.status_code != 200:
                print(f"GET {url}: {response.status_code}")
                return 1
        times, cpu_times = [], []
        for _ in range(args.requests):
            clear_format_cache()
            start, cpu_start = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
        queries = _count_queries(lambda: client.get(url))
        median = statistics.median(times)
        print(
            f"GET dashboard, {args.teams} teams x {MEASURES} measures x {MONTHS} months: "
            f"median {median:.0f} ms (min {min(times):.0f}, max {max(times):.0f}; "
            f"CPU median {statistics.median(cpu_times):.0f} ms; "
            f"{len(response.content) // 1024} KiB; {queries} queries); target <= {TARGET_MS:.0f} ms"
        )
        return 0 if median <= TARGET_MS else 1
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
