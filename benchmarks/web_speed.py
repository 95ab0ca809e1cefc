"""Server time of the two pages a team uses every month: its home and saving a month's data.

    .venv/bin/python benchmarks/web_speed.py [--requests 20] [--warm-up 5]

Builds a team with 8 monthly measures × 36 months (numbers and a few phases and notes) in a
scratch database, logs in as a team member with Django's test client and times, in this process
(no network, so it is the server's own time: middleware, views, queries, engine, templates):

- GET  /teams/<id>/        the team home, 8 small charts            target <= 150 ms (median)
- POST /teams/<id>/entry/  saving a new month for all 8 measures    target <= 100 ms (median)
- POST /teams/<id>/entry/  correcting a saved month (revisions)     (shown, no target)

The POST is built the way a browser builds it: from the entry page's own form, parsed from the
HTML (hidden fields such as the period and each row's version included), with new numbers typed
into the number fields. So the script needs no knowledge of the form's field names.

Database: a new SQLite file in a temporary folder, or, when DATABASE_URL is set, a throwaway
``bench_<name>`` database on that server (created and dropped here; the named database itself is
never touched). DEBUG is off, as in production. Exit status 1 when a target is missed or a page
fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

TARGET_HOME_MS = 150.0
TARGET_SAVE_MS = 100.0
MEASURES = 8
MONTHS = 36


class PostForms(HTMLParser):
    """The fields a browser would submit from each POST form on a page, by form action."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[list[str]]]] = []  # (action, [name, value, type])
        self._fields: list[list[str]] | None = None
        self._select = False
        self._textarea = False

    def fields_for(self, path: str) -> list[list[str]]:
        """The first form that posts to ``path`` (an empty action posts to the page itself)."""
        for action, fields in self.forms:
            if action in {"", path} or action.split("?")[0] == path:
                return fields
        raise RuntimeError(f"no form posting to {path} on the page")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action", ""), self._fields))
        fields = self._fields
        name = a.get("name")
        if fields is None or "disabled" in a or (not name and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "reset", "file"}:
                fields.append([name or "", a.get("value", ""), kind])
        elif tag == "button" and a.get("type", "submit") == "submit":
            if not any(f[2] == "submit" for f in fields):  # the first submit button only
                fields.append([name or "", a.get("value", ""), "submit"])
        elif tag == "select":
            self._select = True
            fields.append([name or "", "", "select"])
        elif tag == "option" and self._select and ("selected" in a or not fields[-1][1]):
            fields[-1][1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = True
            fields.append([name or "", "", "textarea"])

    def handle_data(self, data: str) -> None:
        if self._textarea and self._fields:
            self._fields[-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = False
        elif tag == "textarea":
            self._textarea = False
        elif tag == "form":
            self._fields = None


def _setup_django() -> Callable[[], None]:
    """Point Django at a scratch database; return what tears it down."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forbedring.web.config.settings")
    os.environ["DEBUG"] = "false"
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory(prefix="forbedring-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if scratch is not None:
        call_command("migrate", verbosity=0)
        return scratch.cleanup
    # Its own name, so a test run on the same server at the same time is not disturbed.
    connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(name, verbosity=0)


def _build_team() -> tuple[Any, Any]:
    """A team with 8 monthly measures × 36 months, a phase and notes on some; one member."""
    import datetime as dt

    import numpy as np
    from django.utils import timezone

    from forbedring.web.accounts.models import User
    from forbedring.web.measures.models import Measure, Observation, SeriesEvent, TeamMeasure
    from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

    org = Organisation.objects.create(
        name="Aarhus Kommune", kind="municipality", country="DK", official_code="0751"
    )
    unit = Unit.objects.create(organisation=org, name="Plejecentret Solgården", kind="nursing_home")
    team = Team.objects.create(unit=unit, name="Solgården 1. sal")
    member = User.objects.create_user("bench", password=None)
    Membership.objects.create(user=member, role=Role.TEAM_MEMBER, team=team)
    charts = ["u", "p", "p", "u", "pp", "c", "i", "run"]
    today = timezone.localdate()
    first = today.year * 12 + today.month - 1 - MONTHS - 1  # ends the month before last
    months = [dt.date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(MONTHS)]
    rng = np.random.default_rng(7)
    observations, events = [], []
    for position, chart in enumerate(charts):
        ratio = chart in {"u", "p", "pp"}
        measure = Measure.objects.create(
            name=f"Measure {position + 1} ({chart})", kind="outcome", chart_type=chart,
            has_denominator=ratio, multiplier=1000 if chart == "u" else 100 if ratio else 1,
            direction="decrease", target=5.0,
        )  # fmt: skip
        TeamMeasure.objects.create(team=team, measure=measure, position=position)
        for month in months:
            size = int(rng.integers(900, 1200))
            den = float(size) if ratio else None
            num = float(rng.binomial(size, 0.3) if chart in {"p", "pp"} else rng.poisson(8))
            observations.append(
                Observation(
                    measure=measure, team=team, period=month,
                    numerator=num if ratio else None, denominator=den,
                    value=None if ratio else num, entered_by=member, entered_at=timezone.now(),
                )
            )  # fmt: skip
        if position % 2 == 0:
            events += [
                SeriesEvent(measure=measure, team=team, kind=kind, period=months[18], text=text,
                            created_by=member)
                for kind, text in [("phase", "Bundle"), ("note", "PDSA 1: test")]
            ]  # fmt: skip
    Observation.objects.bulk_create(observations)
    SeriesEvent.objects.bulk_create(events)
    return team, member


def _count_queries(request: Callable[[], Any]) -> int:
    """Database queries one request makes (counted at the cursor: the test client's request
    signals reset Django's own query log)."""
    from django.db import connection

    count = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        request()
    return count


def _time(
    request: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None
) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        request()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warm-up", type=int, default=5)
    args = parser.parse_args()
    teardown = _setup_django()
    try:
        return _run(args.requests, args.warm_up)
    finally:
        teardown()


def _run(runs: int, warm_up: int) -> int:
    from django.db import connection
    from django.test import Client

    from forbedring.web.measures.models import Observation

    team, member = _build_team()
    client = Client()
    client.force_login(member)
    home_url, entry_url = f"/teams/{team.pk}/", f"/teams/{team.pk}/entry/"
    counter = iter(range(10**6))

    def get_home() -> None:
        response = client.get(home_url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {home_url}: status {response.status_code}")

    def form_data() -> dict[str, str]:
        page = client.get(entry_url)
        if page.status_code != 200:
            raise RuntimeError(f"GET {entry_url}: status {page.status_code}")
        parser = PostForms()
        parser.feed(page.content.decode())
        n = next(counter)
        data = {}
        for name, value, _kind in parser.fields_for(entry_url):
            if name.endswith("numerator"):
                value = str(10 + n % 7)
            elif name.endswith("denominator"):
                value = str(1000 + n % 11)
            elif name.endswith("value"):
                value = str(5 + n % 5)
            data[name] = value
        if not any(name.endswith(("numerator", "value")) for name in data):
            raise RuntimeError(f"no number fields found in the form of {entry_url}")
        return data

    prepared: dict[str, dict[str, str]] = {}
    saved_before = Observation.objects.count()

    def prepare_new() -> None:
        Observation.objects.filter(team=team).exclude(pk__lte=last_original).delete()
        prepared["data"] = form_data()

    def prepare_correction() -> None:
        prepared["data"] = form_data()

    def post() -> None:
        response = client.post(entry_url, prepared["data"])
        if response.status_code != 302:
            raise RuntimeError(
                f"POST {entry_url}: status {response.status_code} (expected a redirect after "
                "saving); the form's errors are on the page"
            )

    last_original = Observation.objects.order_by("-pk").values_list("pk", flat=True).first()
    try:
        _time(get_home, warm_up)
        home = _time(get_home, runs)
        home_queries = _count_queries(get_home)
        _time(post, warm_up, prepare_new)
        new = _time(post, runs, prepare_new)
        saved = Observation.objects.count() - saved_before
        prepare_new()
        save_queries = _count_queries(post)
        correction = _time(post, runs, prepare_correction)
    except RuntimeError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1

    vendor = connection.vendor
    print(f"Web speed on {vendor}: a team with {MEASURES} measures × {MONTHS} months, "
          f"median of {runs} requests after {warm_up} warm-up")  # fmt: skip
    rows = [
        ("GET team home", home, TARGET_HOME_MS, home_queries),
        (f"POST save a new month ({saved} values)", new, TARGET_SAVE_MS, save_queries),
        ("POST correct a saved month", correction, None, None),
    ]  # fmt: skip
    missed = False
    for label, times, target, queries in rows:
        median = statistics.median(times)
        verdict = ""
        if target is not None:
            ok = median <= target
            missed |= not ok
            verdict = f"target <= {target:.0f} ms: {'met' if ok else 'MISSED'}"
        extra = f", {queries} queries" if queries is not None else ""
        print(f"  {label:<38} median {median:6.1f} ms (min {min(times):6.1f}, "
              f"max {max(times):6.1f}{extra})  {verdict}")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
