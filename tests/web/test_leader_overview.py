"""The leader's overview (C9): who sees it, every series' status as its chart has it, the stale
rule at its boundaries, Making Data Count assurance, filters, sorting, counts, empty cases and a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forbedring.charts.model import MdcChart
from forbedring.web.measures.models import Measure, Observation, SeriesEvent, TeamMeasure
from forbedring.web.measures.queries import series_view
from forbedring.web.organisations import overview, verdicts
from forbedring.web.organisations.freshness import freshness, stale_from
from forbedring.web.organisations.models import Organisation, Role, Team, Unit
from tests.web import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
TODAY = dt.date(2025, 10, 15)
# Falls per 1,000 resident-days (lower is better) that drop after month 12: improving.
FALLING = [18.0, 17, 19, 18, 16, 20, 18, 17, 19, 18, 17, 18, 6, 5, 6, 4, 5, 6, 5, 4]
RISING = list(reversed(FALLING))
FLAT = [10.0, 11, 9, 10, 12, 9, 10, 11, 10, 9, 11, 10, 10, 9, 11, 10, 10, 11, 9, 10]
# Values around 10 with process limits of about 6 and 14 on a Making Data Count chart.
STEADY = [10.0, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 10]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def url(organisation: Organisation, **query: str) -> str:
    base = reverse("organisation_overview", args=[organisation.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def months_before(today: dt.date, count: int) -> dt.date:
    """The first of the month ``count`` months before ``today``'s month."""
    index = today.year * 12 + today.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def world() -> dict[str, Any]:
    """Nordby (role_world's north) with Team A and a second unit of two teams, X and Y; Team A
    improves on falls, X worsens, Y is flat; a weight i chart, an MDC measure with a target,
    and a unit without measures."""
    w: dict[str, Any] = factories.role_world()
    north = w["north"]
    w["team_x"] = factories.team(north, "Team X")
    w["team_y"] = Team.objects.create(unit=w["team_x"].unit, name="Team Y")
    w["organiser"] = factories.user("organiser_north", Role.NETWORK_ORGANISER, organisation=north)
    w["bare"] = factories.team(north, "Team Bare")  # a unit whose team reports nothing
    teams = [w["team_a"], w["team_x"], w["team_y"]]
    falls = make_measure(teams, name="Falls", target=8.0)
    weight = make_measure(
        [w["team_a"], w["team_x"]], name="Weight", chart_type=Measure.ChartType.I,
        has_denominator=False, multiplier=1, unit_label="kg",
    )  # fmt: skip
    by = w["lead_a"]
    first = dt.date(2024, 2, 1)  # the latest month is September 2025
    factories.monthly_data(falls, w["team_a"], by, FALLING, first=first)
    factories.monthly_data(falls, w["team_x"], by, RISING, first=first)
    factories.monthly_data(falls, w["team_y"], by, FLAT, first=first)
    factories.monthly_data(weight, w["team_a"], by, FLAT[:6], first=dt.date(2025, 4, 1))
    # Team X's weight stopped in March 2025: stale by October.
    factories.monthly_data(weight, w["team_x"], by, FLAT, first=dt.date(2023, 8, 1))
    # Team B, in Sydby, must never show in Nordby's overview.
    factories.monthly_data(falls, w["team_b"], by, FLAT, first=first)
    return {**w, "falls": falls, "weight": weight}


def make_measure(teams: list[Team], name: str, **fields: Any) -> Measure:
    """``factories.measure`` with the display unit and direction given too."""
    label = fields.pop("unit_label", None)
    direction = fields.pop("direction", None)
    measure = factories.measure(teams, name=name, **fields)
    if label is not None or direction is not None:
        measure.unit_label = measure.unit_label if label is None else label
        measure.direction = direction or measure.direction
        measure.save()
    return measure


def table_row(html: str, team: Team, measure: Measure) -> str:
    """The HTML of one series' row on the page."""
    found = re.search(rf'<tr id="series-{team.pk}-{measure.pk}".*?</tr>', html, re.S)
    assert found is not None, f"no row for {team} / {measure}"
    return found.group(0)


def rows_by(board: overview.Overview) -> dict[tuple[str, str], overview.Row]:
    return {(r.measure.name, r.team.name): r for t in board.tables for r in t.rows}


# ---- Who sees it ----


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("leader_north", 200),
        ("consultant_north", 200),
        ("organiser", 200),
        ("site_admin", 200),
        ("member_a", 404),  # a team member sees the team, not the organisation
        ("lead_a", 404),
        ("member_b", 404),
        ("analyst", 404),
        ("nobody", 404),
    ],
)
def test_overview_access_by_role(world: dict[str, Any], person: str, status: int) -> None:
    response = client_for(world[person]).get(url(world["north"]))
    assert response.status_code == status
    if status == 200:
        assert "Team X" in response.content.decode()


def test_leader_of_another_organisation_gets_404(world: dict[str, Any]) -> None:
    south_leader = factories.user("leader_south", Role.ORGANISATION_LEADER,
                                  organisation=world["south"])  # fmt: skip
    assert client_for(south_leader).get(url(world["north"])).status_code == 404
    own = client_for(south_leader).get(url(world["south"]))
    assert own.status_code == 200
    assert "Team B" in own.content.decode() and "Team X" not in own.content.decode()


def test_site_admin_sees_every_organisation(world: dict[str, Any]) -> None:
    client = client_for(world["site_admin"])
    assert client.get(url(world["north"])).status_code == 200
    assert client.get(url(world["south"])).status_code == 200


def test_overview_asks_anonymous_users_to_log_in(world: dict[str, Any]) -> None:
    response = client_for(None).get(url(world["north"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_overview_of_a_missing_organisation_is_404(world: dict[str, Any]) -> None:
    response = client_for(world["site_admin"]).get(reverse("organisation_overview", args=[999_999]))
    assert response.status_code == 404


def test_overview_is_read_only(world: dict[str, Any]) -> None:
    assert client_for(world["leader_north"]).post(url(world["north"])).status_code == 405


def test_front_page_links_leaders_to_the_overview(world: dict[str, Any]) -> None:
    link = url(world["north"])
    assert link in client_for(world["leader_north"]).get("/").content.decode()
    # A team member is sent to the team's page and never sees the link.
    response = client_for(world["member_a"]).get("/", follow=True)
    assert link not in response.content.decode()


def test_navigation_links_the_overview_of_the_one_organisation_a_user_leads(
    world: dict[str, Any],
) -> None:
    def nav(person: Any) -> str:
        html = client_for(person).get(reverse("team_home", args=[world["team_a"].pk])).content
        found = re.search(r'<nav class="site-nav".*?</nav>', html.decode(), re.S)
        assert found is not None
        return found.group(0)

    assert f'href="{url(world["north"])}"' in nav(world["leader_north"])
    assert "/overview/" not in nav(world["member_a"])
    # Someone who leads several organisations chooses on the front page instead.
    factories.user("leader_both", Role.ORGANISATION_LEADER, organisation=world["south"])
    both = world["leader_north"]
    both.memberships.create(role=Role.ORGANISATION_LEADER, organisation=world["south"])
    factories.team(world["south"], "Team South 2")
    assert "/overview/" not in nav(both)


def test_leader_of_a_one_team_organisation_stays_on_the_front_page(
    world: dict[str, Any],
) -> None:
    leader = factories.user("leader_south", Role.ORGANISATION_LEADER, organisation=world["south"])
    response = client_for(leader).get("/")
    assert response.status_code == 200
    assert url(world["south"]) in response.content.decode()


# ---- Every status is the chart's ----


def test_every_status_equals_the_series_view(world: dict[str, Any]) -> None:
    """Each row's status is the status of the team's chart of the measure, whatever its chart
    type, phases and rule set; and its verdicts follow from that status."""
    falls = world["falls"]
    SeriesEvent.objects.create(
        measure=falls, team=world["team_y"], kind=SeriesEvent.Kind.PHASE,
        period=dt.date(2025, 1, 1), text="Bundle", created_by=world["lead_a"],
    )  # fmt: skip
    SeriesEvent.objects.create(
        measure=falls, team=world["team_a"], kind=SeriesEvent.Kind.EXCLUDE,
        period=dt.date(2024, 5, 1), text="Flu", created_by=world["lead_a"],
    )  # fmt: skip
    run = make_measure([world["team_a"], world["team_y"]], name="Run IHI",
                            chart_type="run", rule_set="ihi", direction="increase")  # fmt: skip
    factories.monthly_data(run, world["team_a"], world["lead_a"], FALLING)
    factories.monthly_data(run, world["team_y"], world["lead_a"], FLAT)
    # Making Data Count, in one engine call: improving, worsening, a cleared month, and a
    # rise that a rebase turns from worsening into the new normal.
    four = [world["team_a"], world["team_x"], world["team_y"], world["bare"]]
    mdc = make_measure(four, name="MDC falls", rule_set="mdc", target=8.0)
    for team, values in zip(four, [FALLING, RISING, FLAT, RISING], strict=True):
        factories.monthly_data(mdc, team, world["lead_a"], values)
    for team in (world["team_y"], world["bare"]):
        SeriesEvent.objects.create(
            measure=mdc, team=team, kind=SeriesEvent.Kind.PHASE,
            period=dt.date(2025, 1, 1), text="Rebase", created_by=world["lead_a"],
        )  # fmt: skip
    Observation.objects.filter(
        measure=mdc, team=world["team_y"], period=dt.date(2024, 4, 1)
    ).update(numerator=None)
    board = overview.build(world["north"], lang="en", today=TODAY)
    rows = [r for t in board.tables for r in t.rows]
    assert len(rows) == 11
    found = {r.team.name: r.variation.key for r in rows if r.measure == mdc}
    assert found == {
        "Team A": "improving", "Team X": "worsening", "Team Y": "stable", "Team Bare": "stable",
    }  # fmt: skip
    for row in rows:
        observations = list(
            Observation.objects.filter(measure=row.measure, team=row.team).order_by("period")
        )
        events = list(SeriesEvent.objects.filter(measure=row.measure, team=row.team))
        view = series_view(row.measure, row.team, lang="en", observations=observations,
                           events=events, annotations=[])  # fmt: skip
        name = f"{row.measure.name} / {row.team.name}"
        assert row.status.points == view.status.points, name
        assert row.status.signal == view.status.signal, name
        assert row.status.improving == view.status.improving, name
        assert row.status.target_met == view.status.target_met, name
        assert row.status.latest == pytest.approx(view.status.latest), name
        assert row.variation == verdicts.variation(view.status), name
        icon = view.chart.panels[0].assurance_icon if isinstance(view.chart, MdcChart) else ""
        assert row.assurance == verdicts.assurance(row.measure, view.status, icon), name


def test_verdicts_of_the_world(world: dict[str, Any]) -> None:
    rows = rows_by(overview.build(world["north"], lang="en", today=TODAY))
    assert rows["Falls", "Team A"].variation.key == "improving"
    assert rows["Falls", "Team A"].assurance.key == "met"  # 4 <= 8, lower is better
    assert rows["Falls", "Team X"].variation.key == "worsening"
    assert rows["Falls", "Team X"].assurance.key == "not_met"
    assert rows["Falls", "Team Y"].variation.key == "stable"
    assert rows["Weight", "Team A"].variation.key == "too_few"  # 6 points, no signal
    assert rows["Weight", "Team A"].assurance.key == "no_target"
    assert ("Falls", "Team B") not in rows  # another organisation's team


def test_page_shows_words_and_symbols(world: dict[str, Any]) -> None:
    html = client_for(world["leader_north"]).get(url(world["north"])).content.decode()
    text = table_row(html, world["team_x"], world["falls"])
    assert "Worsening" in text and "⚠" in text
    assert "Target not met" in text and "✗" in text
    assert reverse("measure_detail", args=[world["team_x"].pk, world["falls"].pk]) in text
    assert "per 1,000 resident-days" in text


# ---- Making Data Count ----


@pytest.mark.parametrize(
    ("target", "key", "word"),
    [
        (20.0, "pass", "Consistently passing"),  # both limits (about 6 and 14) below 20
        (2.0, "fail", "Consistently failing"),
        (10.0, "hit_and_miss", "Hit and miss"),
        (None, "no_target", "No target"),
    ],
)
def test_making_data_count_assurance(
    world: dict[str, Any], target: float | None, key: str, word: str
) -> None:
    mdc = make_measure([world["team_y"]], name="Waiting days", chart_type="i",
                            has_denominator=False, multiplier=1, rule_set="mdc",
                            target=target, unit_label="days")  # fmt: skip
    factories.monthly_data(mdc, world["team_y"], world["lead_a"], STEADY)
    row = rows_by(overview.build(world["north"], lang="en", today=TODAY))["Waiting days", "Team Y"]
    view = series_view(mdc, world["team_y"], lang="en", annotations=[])
    assert isinstance(view.chart, MdcChart)
    assert row.status == view.status
    assert row.variation.key == "stable" == verdicts.variation(view.status).key
    assert row.assurance.key == key
    if target is not None:
        assert view.chart.panels[0].assurance_icon == {
            "pass": "pass", "fail": "fail", "hit_and_miss": "inconsistent"
        }[key]  # fmt: skip
    html = client_for(world["leader_north"]).get(url(world["north"])).content.decode()
    assert word in html


def test_making_data_count_signal_of_improvement(world: dict[str, Any]) -> None:
    mdc = make_measure([world["team_a"]], name="MDC falls", chart_type="u",
                            rule_set="mdc", target=8.0)  # fmt: skip
    factories.monthly_data(mdc, world["team_a"], world["lead_a"], FALLING)
    row = rows_by(overview.build(world["north"], lang="en", today=TODAY))["MDC falls", "Team A"]
    assert row.variation.key == "improving"
    assert row.variation.word == "Improving"  # the same word as on every other rule set


# ---- Stale data ----


@pytest.mark.parametrize(
    ("frequency", "period", "last_fresh"),
    [
        ("month", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("month", dt.date(2023, 12, 1), dt.date(2024, 2, 29)),  # a leap year's February
        ("month", dt.date(2025, 11, 1), dt.date(2026, 1, 31)),  # over the new year
        ("week", dt.date(2026, 1, 5), dt.date(2026, 1, 25)),  # Sunday 11th + 14 days
        ("day", dt.date(2026, 1, 10), dt.date(2026, 1, 17)),
    ],
)
def test_stale_rule_boundaries(frequency: str, period: dt.date, last_fresh: dt.date) -> None:
    measure = Measure(chart_type="p", frequency=frequency)
    assert stale_from(period, frequency) == last_fresh + dt.timedelta(days=1)
    assert freshness(measure, period, last_fresh).kind == "fresh"
    assert freshness(measure, period, last_fresh + dt.timedelta(days=1)).kind == "stale"


def test_rare_event_measures_are_never_stale() -> None:
    for chart in ("g", "t"):
        measure = Measure(chart_type=chart, frequency="day")
        assert freshness(measure, dt.date(2020, 1, 1), dt.date(2026, 1, 1)).kind == "events"


def test_stale_series_on_the_page(world: dict[str, Any]) -> None:
    """Team X's weight ends in March 2025 (stale from 1 June 2025); falls end in September."""
    rows = rows_by(overview.build(world["north"], lang="en", today=TODAY))
    weight = rows["Weight", "Team X"]
    assert weight.freshness.stale and weight.freshness.stale_from == dt.date(2025, 6, 1)
    assert weight.data.word == "Stale since 1 Jun 2025"
    assert weight.latest_data == "Latest data: Mar 2025"
    assert not rows["Falls", "Team A"].freshness.stale
    # On 1 December, September's falls are stale.
    later = rows_by(overview.build(world["north"], lang="en", today=dt.date(2025, 12, 1)))
    assert later["Falls", "Team A"].freshness.stale
    assert not rows_by(overview.build(world["north"], lang="en", today=dt.date(2025, 11, 30)))[
        "Falls", "Team A"
    ].freshness.stale


def test_cleared_latest_month_does_not_count_as_data(world: dict[str, Any]) -> None:
    Observation.objects.filter(
        measure=world["falls"], team=world["team_y"], period=dt.date(2025, 9, 1)
    ).update(numerator=None, denominator=None)
    row = rows_by(overview.build(world["north"], lang="en", today=TODAY))["Falls", "Team Y"]
    assert row.freshness.latest == dt.date(2025, 8, 1)
    assert row.latest_value == ""  # the latest month has no value: the chart's status neither


def test_series_without_data(world: dict[str, Any]) -> None:
    make_measure([world["team_y"]], name="New measure", chart_type="p")
    row = rows_by(overview.build(world["north"], lang="en", today=TODAY))["New measure", "Team Y"]
    assert (row.variation.key, row.assurance.key, row.freshness.kind) == (
        "no_data", "no_data", "no_data",
    )  # fmt: skip


# ---- Filters, sorting, counts ----


def test_counts_cover_the_whole_organisation(world: dict[str, Any]) -> None:
    counts = overview.build(world["north"], lang="en", today=TODAY, show="worsening").counts
    assert (counts.series, counts.improving, counts.worsening) == (5, 1, 1)
    assert (counts.stable, counts.too_few, counts.stale, counts.no_data) == (2, 1, 1, 0)
    assert counts.target_at_risk == 1  # Team X misses the falls target (about 12 > 8)


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("worsening", {("Falls", "Team X")}),
        ("improving", {("Falls", "Team A")}),
        ("signals", {("Falls", "Team A"), ("Falls", "Team X")}),
        ("stale", {("Weight", "Team X")}),
        ("target", {("Falls", "Team X")}),
    ],
)
def test_filters(world: dict[str, Any], show: Any, expected: set[tuple[str, str]]) -> None:
    board = overview.build(world["north"], lang="en", today=TODAY, show=show)
    assert set(rows_by(board)) == expected
    assert board.shown == len(expected)
    assert all(table.rows for table in board.tables)  # units without a match are left out


def test_filter_and_sort_on_the_page(world: dict[str, Any]) -> None:
    client = client_for(world["leader_north"])
    html = client.get(url(world["north"], show="worsening")).content.decode()
    assert "Showing 1 of 5 series." in html
    assert f'id="series-{world["team_y"].pk}-' not in html
    # An unknown filter or sort shows everything, in the default order.
    unknown = client.get(url(world["north"], show="x", sort="y")).content.decode()
    assert "Showing 5 of 5 series." in unknown
    html = client.get(url(world["north"], sort="variation")).content.decode()
    unit_x_teams = {world["team_x"].pk, world["team_y"].pk}
    ids = [int(t) for t, _m in re.findall(r'<tr id="series-(\d+)-(\d+)"', html)]
    assert next(t for t in ids if t in unit_x_teams) == world["team_x"].pk  # worsening first
    assert 'aria-sort="ascending"' in html


def test_sort_by_data_puts_stale_first_and_desc_reverses(world: dict[str, Any]) -> None:
    board = overview.build(world["north"], lang="en", today=TODAY, sort="data")
    unit_x = next(t for t in board.tables if t.unit == world["team_x"].unit)
    assert (unit_x.rows[0].measure.name, unit_x.rows[0].team.name) == ("Weight", "Team X")
    back = overview.build(world["north"], lang="en", today=TODAY, sort="data", descending=True)
    unit_x_back = next(t for t in back.tables if t.unit == world["team_x"].unit)
    assert unit_x_back.rows == list(reversed(unit_x.rows))


# ---- Empty cases ----


def test_unit_without_measures_and_unit_without_teams(world: dict[str, Any]) -> None:
    Unit.objects.create(organisation=world["north"], name="Empty home", kind="nursing_home")
    html = client_for(world["leader_north"]).get(url(world["north"])).content.decode()
    assert "Team Bare plejehjem" in html
    assert "No team in this unit reports a measure yet." in html
    assert "Empty home" in html and "This unit has no teams yet." in html


def test_empty_organisation(world: dict[str, Any]) -> None:
    empty = factories.organisation("Tomby Kommune")
    leader = factories.user("leader_empty", Role.ORGANISATION_LEADER, organisation=empty)
    response = client_for(leader).get(url(empty))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No units yet" in html
    assert "At a glance" not in html
    # Nothing to look at: the front page offers no overview of it.
    assert url(empty) not in client_for(leader).get("/").content.decode()


def test_no_series_match_the_filter(world: dict[str, Any]) -> None:
    TeamMeasure.objects.filter(measure=world["falls"], team=world["team_x"]).delete()
    html = client_for(world["leader_north"]).get(url(world["north"], show="worsening")).content
    assert "No series match the filter" in html.decode()


# ---- Speed ----


def test_queries_do_not_grow_with_teams(world: dict[str, Any]) -> None:
    client = client_for(world["leader_north"])
    client.get(url(world["north"]))
    with CaptureQueriesContext(connection) as few:
        client.get(url(world["north"]))
    for index in range(6):
        team = factories.team(world["north"], f"Extra {index}")
        TeamMeasure.objects.create(team=team, measure=world["falls"])
        factories.monthly_data(world["falls"], team, world["lead_a"], FLAT)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(world["north"]))
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_overview_uses_todays_date_for_staleness(world: dict[str, Any]) -> None:
    """The page judges freshness on today's date: data of last month are never stale."""
    last_month = months_before(timezone.localdate(), 1)
    Observation.objects.filter(measure=world["weight"], team=world["team_a"]).delete()
    factories.monthly_data(world["weight"], world["team_a"], world["lead_a"], [10.0],
                           first=last_month)  # fmt: skip
    html = client_for(world["leader_north"]).get(url(world["north"])).content.decode()
    assert "Up to date" in table_row(html, world["team_a"], world["weight"])
