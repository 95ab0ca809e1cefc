"""Server time of the leader's overview: a municipality of 40 teams × 8 measures × 36 months.

    .venv/bin/python benchmarks/leader_overview.py [--teams 40] [--mdc 1] [--requests 10]

Builds the municipality in a scratch SQLite database (or a throwaway database on DATABASE_URL's
server, as ``web_speed.py``): ten units of four teams, eight monthly measures (u, p, P′, c, i
and run charts; ``--mdc`` of them on the Making Data Count rules, which take the full chart
path), every team reporting all eight, a phase on every fifth team's series and a tenth of the
teams four months behind. It logs in as the organisation's leader with Django's test client and
times GET /organisations/<id>/overview/ in this process (middleware, view, queries, engine,
template). Target: median < 500 ms. Exit status 1 when the target is missed or the page fails.
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
MONTHS = 36
TEAMS_PER_UNIT = 4
CHARTS = ["u", "p", "p", "u", "pp", "c", "i", "run"]


def _build(teams: int, mdc: int) -> tuple[Any, Any]:
    import datetime as dt

    import numpy as np
    from django.utils import timezone

    from forbedring.web.accounts.models import User
    from forbedring.web.measures.models import Measure, Observation, SeriesEvent, TeamMeasure
    from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

    org = Organisation.objects.create(
        name="Aarhus Kommune", kind="municipality", country="DK", official_code="0751"
    )
    leader = User.objects.create_user("leader", password=None)
    Membership.objects.create(user=leader, role=Role.ORGANISATION_LEADER, organisation=org)
    today = timezone.localdate()
    first = today.year * 12 + today.month - 1 - MONTHS  # ends last month
    months = [dt.date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(MONTHS)]
    measures = []
    for position, chart in enumerate(CHARTS):
        ratio = chart in {"u", "p", "pp"}
        measure = Measure.objects.create(
            name=f"Measure {position + 1} ({chart})", kind="outcome", chart_type=chart,
            has_denominator=ratio, multiplier=1000 if chart == "u" else 100 if ratio else 1,
            direction="decrease", target=5.0,
            rule_set="mdc" if position >= len(CHARTS) - mdc else "anhoej",
        )  # fmt: skip
        measures.append(measure)
    rng = np.random.default_rng(5)
    observations, events, links = [], [], []
    units = [
        Unit.objects.create(organisation=org, name=f"Plejecenter {u:02d}", kind="nursing_home")
        for u in range((teams + TEAMS_PER_UNIT - 1) // TEAMS_PER_UNIT)
    ]
    for index in range(teams):
        team = Team.objects.create(unit=units[index // TEAMS_PER_UNIT], name=f"Team {index:02d}")
        behind = 4 if index % 10 == 9 else 0  # a tenth of the teams has stopped reporting
        for position, measure in enumerate(measures):
            links.append(TeamMeasure(team=team, measure=measure, position=position))
            ratio = measure.has_denominator
            for m, month in enumerate(months[: MONTHS - behind]):
                size = int(rng.integers(900, 1200))
                shift = 0.7 if index % 3 == 0 and m >= 24 else 1.0
                num = float(
                    rng.binomial(size, 0.3 * shift) if measure.chart_type in {"p", "pp"}
                    else rng.poisson(8 * shift)
                )  # fmt: skip
                observations.append(
                    Observation(
                        measure=measure, team=team, period=month,
                        numerator=num if ratio else None,
                        denominator=float(size) if ratio else None,
                        value=None if ratio else num, entered_by=leader,
                        entered_at=timezone.now(),
                    )
                )  # fmt: skip
            if index % 5 == 0:
                events.append(
                    SeriesEvent(measure=measure, team=team, kind="phase", period=months[24],
                                text="Bundle", created_by=leader)
                )  # fmt: skip
    TeamMeasure.objects.bulk_create(links)
    Observation.objects.bulk_create(observations, batch_size=2000)
    SeriesEvent.objects.bulk_create(events)
    return org, leader


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--mdc", type=int, default=1, help="measures on the MDC rules (0-8)")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--warm-up", type=int, default=2)
    args = parser.parse_args()
    teardown = _setup_django()
    try:
        from django.test import Client
        from django.urls import reverse

        org, leader = _build(args.teams, max(0, min(args.mdc, len(CHARTS))))
        client = Client(headers={"accept-language": "da"})
        client.force_login(leader)
        url = reverse("organisation_overview", args=[org.pk])
        for _ in range(args.warm_up):
            response = client.get(url)
            if response.status_code != 200:
                print(f"GET {url}: {response.status_code}")
                return 1
        times, cpu = [], []
        for _ in range(args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries = _count_queries(lambda: client.get(url))
        median = statistics.median(times)
        # CPU time of this process (SQLite runs in it too): what the page costs when the
        # machine is busy with other work and wall-clock times wander.
        print(
            f"GET overview, {args.teams} teams x {len(CHARTS)} measures ({args.mdc} MDC) x "
            f"{MONTHS} months: median {median:.0f} ms (min {min(times):.0f}, max "
            f"{max(times):.0f}; CPU median {statistics.median(cpu):.0f} ms; "
            f"{len(response.content) // 1024} KiB; {queries} queries); "
            f"target < {TARGET_MS:.0f} ms"
        )
        return 0 if median < TARGET_MS else 1
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
