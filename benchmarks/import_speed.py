"""Import speed: a 100,000-row Danish CSV (100 teams × 20 measures × 50 months), read,
checked and saved as the background worker does it; then the same file again (all rows
unchanged) and a version with every tenth value changed (corrections with audit rows).

    .venv/bin/python benchmarks/import_speed.py [--teams 100] [--measures 20] [--months 50]

Runs in a scratch SQLite database (or a throwaway database on DATABASE_URL's server, as
``web_speed.py``). Prints the seconds of each step (wall clock, and the CPU seconds of this
process) and the peak resident memory. Target: the first import of 100,000 rows within
120 s. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from benchmarks.web_speed import _setup_django  # noqa: E402

TARGET_SECONDS = 120.0


def _build(teams: int, measures: int) -> tuple[Any, list[Any], list[Any]]:
    from forbedring.web.accounts.models import User
    from forbedring.web.measures.models import Measure, TeamMeasure
    from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

    org = Organisation.objects.create(
        name="Aarhus Kommune", kind="municipality", country="DK", official_code="0751"
    )
    admin = User.objects.create_user("bench", password=None)
    Membership.objects.create(user=admin, role=Role.SITE_ADMINISTRATOR)
    team_list = []
    for t in range(teams):
        unit = Unit.objects.create(organisation=org, name=f"Plejecenter {t}", kind="nursing_home")
        team_list.append(Team.objects.create(unit=unit, name=f"Team {t:03d}"))
    measure_list = [
        Measure.objects.create(
            name=f"Måling {m:02d}", kind="process", chart_type="p", has_denominator=True
        )
        for m in range(measures)
    ]
    TeamMeasure.objects.bulk_create(
        TeamMeasure(team=t, measure=m, position=i)
        for t in team_list
        for i, m in enumerate(measure_list)
    )
    return admin, team_list, measure_list


def _csv(teams: list[Any], measures: list[Any], months: int, changed: bool = False) -> bytes:
    lines = ["Team;Måling;Dato;Tæller;Nævner;Kommentar"]
    i = 0
    for team in teams:
        for measure in measures:
            for month in range(months):
                year, m = 2020 + month // 12, month % 12 + 1
                numerator = 700 + i % 300 + (1 if changed and i % 10 == 0 else 0)
                lines.append(f"{team.name};{measure.name};01-{m:02d}-{year};{numerator};1.200;")
                i += 1
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _run(data: bytes, admin: Any, team: Any) -> tuple[dict[str, float], dict[str, int]]:
    from forbedring.web.imports.actions import save_plan
    from forbedring.web.imports.checking import make_plan
    from forbedring.web.imports.mapping import suggest
    from forbedring.web.imports.reading import read_table

    times: dict[str, float] = {}
    cpu_start, start = time.process_time(), time.perf_counter()
    table = read_table(data, "bench.csv")
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    plan = make_plan(table, suggest(table.header, team), team=team, by=admin)
    times["check"] = time.perf_counter() - start
    assert not plan.errors, plan.errors[:3]
    start = time.perf_counter()
    counts = save_plan(plan, by=admin)
    times["save"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    # CPU seconds of this process: the figure to compare when other work shares the machine.
    times["cpu"] = time.process_time() - cpu_start
    return times, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--measures", type=int, default=20)
    parser.add_argument("--months", type=int, default=50)
    args = parser.parse_args()
    teardown = _setup_django()
    try:
        from forbedring.web.measures.models import ObservationRevision

        admin, teams, measures = _build(args.teams, args.measures)
        first = _csv(teams, measures, args.months)
        rows = len(teams) * len(measures) * args.months
        print(f"{rows:,} rows, {len(first) / 1e6:.1f} MB")
        ok = True
        for label, data in (
            ("first import", first),
            ("same file again", first),
            ("every tenth value changed", _csv(teams, measures, args.months, changed=True)),
        ):
            times, counts = _run(data, admin, teams[0])
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
            print(f"{label}: {steps}; {counts}")
            if label == "first import":
                ok = times["total"] <= TARGET_SECONDS
        print(f"audit rows: {ObservationRevision.objects.count():,}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory: {peak:.0f} MB")
        if not ok:
            print(f"FAIL: first import above {TARGET_SECONDS:.0f} s")
        return 0 if ok else 1
    finally:
        teardown()


if __name__ == "__main__":
    raise SystemExit(main())
