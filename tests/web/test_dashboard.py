"""The network dashboard: who sees it, the aggregate chart, the share of improving teams, the
progress scores over time, the sortable table and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from forbedring.web.measures.models import Measure, SeriesEvent
from forbedring.web.measures.queries import series_view
from forbedring.web.measures.series_rows import load_series
from forbedring.web.networks import dashboard, statuses
from forbedring.web.networks.models import (
    Enrolment,
    Network,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)
from forbedring.web.organisations.models import Role
from tests.web import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Falls that drop from about 12 to 4 per 1,000 after month 12: a clear signal of improvement.
FALLING = [18.0, 17, 19, 18, 16, 20, 18, 17, 19, 18, 17, 18, 6, 5, 6, 4, 5, 6, 5, 4]
FLAT = [10.0, 11, 9, 10, 12, 9, 10, 11, 10, 9, 11, 10, 10, 9, 11, 10, 10, 11, 9, 10]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    """A network of Nordby with three enrolled teams (A improving, B and C flat), one invited
    team, two measures (a u chart and an i chart without denominator) and monthly reports."""
    w: dict[str, Any] = factories.role_world()
    north = w["north"]
    w["team_c"] = factories.team(factories.organisation("Oslo kommune", "NO"), "Team C")
    w["team_x"] = factories.team(north, "Team X")
    w["organiser"] = factories.user("organiser", Role.NETWORK_ORGANISER, organisation=north)
    w["faculty"] = factories.user("faculty")
    network = Network.objects.create(
        organiser=north, name="Færre fald", start=dt.date(2024, 1, 1), created_by=w["organiser"]
    )
    NetworkMember.objects.create(network=network, user=w["faculty"], role="faculty")
    falls = factories.measure(name="Falls")
    weight = factories.measure(
        name="Weight", chart_type=Measure.ChartType.I, has_denominator=False, multiplier=1,
    )  # fmt: skip
    for position, m in enumerate([falls, weight]):
        NetworkMeasure.objects.create(network=network, measure=m, position=position)
    for t in (w["team_a"], w["team_b"], w["team_c"]):
        Enrolment.objects.create(
            network=network, team=t, status=Enrolment.Status.ENROLLED, invited_by=w["organiser"]
        )
    Enrolment.objects.create(network=network, team=w["team_x"], invited_by=w["organiser"])
    by = w["organiser"]
    factories.monthly_data(falls, w["team_a"], by, FALLING, denominator=1500)
    factories.monthly_data(falls, w["team_b"], by, FLAT, denominator=1000)
    factories.monthly_data(falls, w["team_c"], by, FLAT[:10], denominator=500)
    factories.monthly_data(falls, w["team_x"], by, FLAT, denominator=999)  # not enrolled
    factories.monthly_data(weight, w["team_a"], by, [70.0, 72, 74])
    factories.monthly_data(weight, w["team_b"], by, [60.0, 62, 64])
    w.update(network=network, falls=falls, weight=weight)
    return w


def report(w: dict[str, Any], team: Any, period: dt.date, score: str, **fields: Any) -> None:
    TeamReport.objects.create(
        network=w["network"], team=team, period=period, progress_score=Decimal(score),
        status=fields.pop("status", TeamReport.Status.SUBMITTED), updated_by=w["organiser"],
        submitted_at=timezone.now(), **fields,
    )  # fmt: skip


def url(w: dict[str, Any], **query: Any) -> str:
    base = reverse("network_dashboard", args=[w["network"].pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("who", ["organiser", "faculty", "member_a", "site_admin"])
def test_staff_and_enrolled_teams_see_the_dashboard(world: dict[str, Any], who: str) -> None:
    response = client_for(world[who]).get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dashboard" in html and "Falls" in html and "Team C" in html
    assert 'data-chart-spec="aggregate-spec"' in html
    assert f'data-chart-spec="team-{world["team_a"].pk}-spec"' in html
    assert "Team X" not in html  # invited, not enrolled


@pytest.mark.parametrize("who", ["nobody", "leader_north", "member_b"])
def test_people_outside_the_network_get_404(world: dict[str, Any], who: str) -> None:
    if who == "member_b":  # team B leaves: its member no longer sees the network
        Enrolment.objects.filter(team=world["team_b"]).update(status=Enrolment.Status.LEFT)
    assert client_for(world[who]).get(url(world)).status_code == 404


def test_anonymous_people_are_sent_to_log_in(world: dict[str, Any]) -> None:
    response = client_for(None).get(url(world))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_network_page_links_to_the_dashboard(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"]).get(reverse("network_detail", args=[world["network"].pk]))
    assert url(world) in html.content.decode()


def test_aggregate_sums_numerators_and_denominators(world: dict[str, Any]) -> None:
    board = dashboard.build(world["network"], measure_id=None, lang="en")
    agg = board.aggregate
    assert board.measure == world["falls"] and agg is not None
    assert len(agg.periods) == 20
    assert agg.numerators[0] == FALLING[0] + FLAT[0] + FLAT[0]
    assert agg.denominators is not None
    assert agg.denominators[0] == 1500 + 1000 + 500
    assert agg.denominators[-1] == 1500 + 1000  # team C stopped after 10 months
    assert agg.reporting[0] == 3 and agg.reporting[-1] == 2
    # The chart plots the rate of the sums per 1,000.
    assert agg.spec is not None and agg.summary
    points = [r for r in agg.spec["data"]["values"] if r.get("row_type") == "point"]
    assert points[0]["x"] == "2024-01-01"
    assert points[0]["y"] == pytest.approx(1000 * (18 + 10 + 10) / 3000)
    assert points[-1]["y"] == pytest.approx(1000 * (FALLING[-1] + FLAT[-1]) / 2500)


def test_aggregate_without_denominator_is_the_mean(world: dict[str, Any]) -> None:
    board = dashboard.build(world["network"], measure_id=world["weight"].pk, lang="en")
    agg = board.aggregate
    assert agg is not None and agg.denominators is None
    assert agg.numerators == [65.0, 67.0, 69.0]
    assert "mean" in agg.method


def test_share_of_teams_improving(world: dict[str, Any]) -> None:
    board = dashboard.build(world["network"], measure_id=None, lang="en")
    falls, weight = board.shares
    assert (falls.improving, falls.with_data, falls.teams) == (1, 3, 3)
    assert falls.percent == pytest.approx(100 / 3)
    assert (weight.improving, weight.with_data) == (0, 2)
    # The vectorised statuses (measures not shown) agree with the full views.
    other = dashboard.build(world["network"], measure_id=world["weight"].pk, lang="en")
    assert [(s.improving, s.with_data) for s in other.shares] == [(1, 3), (0, 2)]


def test_vectorised_status_equals_series_view(world: dict[str, Any]) -> None:
    teams = [world["team_a"], world["team_b"], world["team_c"]]
    obs, _events = load_series(teams, [world["falls"]])
    fast = statuses.shared_option_statuses(
        world["falls"], {t.pk: obs[world["falls"].pk, t.pk] for t in teams}
    )
    for t in teams:
        key = (world["falls"].pk, t.pk)
        slow = series_view(world["falls"], t, lang="en", observations=obs[key], events=[],
                           annotations=[]).status  # fmt: skip
        assert fast[t.pk].points == slow.points
        assert fast[t.pk].signal == slow.signal
        assert fast[t.pk].improving == slow.improving
        assert fast[t.pk].latest == pytest.approx(slow.latest)


def test_series_with_a_phase_use_the_full_view(world: dict[str, Any]) -> None:
    SeriesEvent.objects.create(
        measure=world["falls"], team=world["team_a"], kind=SeriesEvent.Kind.PHASE,
        period=dt.date(2025, 1, 1), text="Bundle", created_by=world["organiser"],
    )  # fmt: skip
    board = dashboard.build(world["network"], measure_id=world["weight"].pk, lang="en")
    teams = board.teams
    obs, events = load_series(teams, [world["falls"]])
    found = statuses.measure_statuses(world["falls"], teams, obs, events, "en")
    key = (world["falls"].pk, world["team_a"].pk)
    full = series_view(world["falls"], world["team_a"], lang="en", observations=obs[key],
                       events=events[key], annotations=[]).status  # fmt: skip
    assert found[world["team_a"].pk] == full


def test_score_distribution_and_share_at_four(world: dict[str, Any]) -> None:
    jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    report(world, world["team_a"], jan, "1.0")
    report(world, world["team_b"], jan, "4.0")
    report(world, world["team_c"], jan, "2.5")
    report(world, world["team_a"], feb, "4.5")
    report(world, world["team_b"], feb, "5.0")
    report(world, world["team_c"], feb, "3.0", status=TeamReport.Status.DRAFT)  # not counted
    report(world, world["team_x"], feb, "5.0")  # not enrolled
    scores = dashboard.build(world["network"], measure_id=None, lang="en").scores
    assert [m.month for m in scores.months] == [jan, feb]
    assert scores.months[0].counts == [1, 1, 0, 1, 0]
    assert scores.months[1].counts == [0, 0, 0, 1, 1]
    assert scores.months[0].share == pytest.approx(1 / 3)
    assert scores.months[1].share == 1.0
    assert scores.bands[0] == "0.5–1.5" and scores.bands[-1] == "5.0"
    assert scores.spec is not None
    assert {layer["name"] for layer in scores.spec["layer"]} == {"bands", "success_share"}
    html = client_for(world["organiser"]).get(url(world)).content.decode()
    assert "Progress scores over time" in html and "33 %" in html


def test_table_sorts_by_a_column_with_aria_sort(world: dict[str, Any]) -> None:
    report(world, world["team_a"], dt.date(2024, 1, 1), "2.0")
    report(world, world["team_b"], dt.date(2024, 1, 1), "3.5")
    client = client_for(world["organiser"])
    html = client.get(url(world, sort="score", dir="desc")).content.decode()
    table = html[html.index('id="teams-table"') :]
    assert 'aria-sort="descending"' in table
    assert table.index("Team B") < table.index("Team A") < table.index("Team C")
    html = client.get(url(world, sort="score")).content.decode()
    table = html[html.index('id="teams-table"') :]
    assert 'aria-sort="ascending"' in table
    assert table.index("Team A") < table.index("Team B") < table.index("Team C")
    html = client.get(url(world, sort="signal")).content.decode()
    table = html[html.index('id="teams-table"') :]
    assert table.index("Team A") < table.index("Team B")  # improving first
    assert "Improving: signal of improvement" in table
    assert client.get(url(world, sort="bogus")).status_code == 200


def test_choosing_a_measure(world: dict[str, Any]) -> None:
    html = client_for(world["organiser"]).get(url(world, measure=world["weight"].pk))
    text = html.content.decode()
    assert "Weight: the whole network" in text
    assert "mean of the values" in text


def test_query_count_does_not_grow_with_teams(world: dict[str, Any]) -> None:
    client = client_for(world["organiser"])
    client.get(url(world))
    with CaptureQueriesContext(connection) as few:
        client.get(url(world))
    for index in range(6):
        t = factories.team(world["north"], f"Team N{index}")
        Enrolment.objects.create(
            network=world["network"], team=t, status=Enrolment.Status.ENROLLED,
            invited_by=world["organiser"],
        )  # fmt: skip
        factories.monthly_data(world["falls"], t, world["organiser"], FLAT)
        factories.monthly_data(world["weight"], t, world["organiser"], [1.0, 2, 3])
        report(world, t, dt.date(2024, 1, 1), "3.0")
    with CaptureQueriesContext(connection) as many:
        client.get(url(world))
    assert len(many) == len(few)
    assert len(few) <= 20


@pytest.mark.parametrize(
    ("measure_fields", "events"),
    [
        ({}, {"team_a": [("baseline", dt.date(2024, 12, 1))]}),
        (
            {},
            {
                "team_a": [("exclude", dt.date(2024, 3, 1))],
                "team_b": [("phase", dt.date(2024, 7, 1))],
            },
        ),
        ({"chart_type": "run", "rule_set": "ihi"}, {"team_b": [("phase", dt.date(2025, 1, 1))]}),
        ({"rule_set": "mdc"}, {"team_a": [("phase", dt.date(2025, 1, 1))]}),
        ({"direction": "increase", "target": 8.0}, {}),
    ],
    ids=["baseline", "exclude-and-phase", "ihi-run-chart", "making-data-count", "target"],
)
def test_one_status_path_agrees_with_the_charts(
    world: dict[str, Any], measure_fields: dict[str, Any], events: dict[str, list[Any]]
) -> None:
    """The dashboard's statuses (grouped engine calls) equal each team's chart status, whatever
    mix of phases, baselines and excluded points the teams' series have."""
    falls = world["falls"]
    Measure.objects.filter(pk=falls.pk).update(**measure_fields)
    falls.refresh_from_db()
    for team, team_events in events.items():
        for kind, period in team_events:
            SeriesEvent.objects.create(
                measure=falls, team=world[team], kind=kind, period=period, text="Change",
                created_by=world["organiser"],
            )  # fmt: skip
    teams = [world["team_a"], world["team_b"], world["team_c"]]
    obs, found_events = load_series(teams, [falls])
    fast = statuses.measure_statuses(falls, teams, obs, found_events, "en")
    for t in teams:
        key = (falls.pk, t.pk)
        slow = series_view(falls, t, lang="en", observations=obs[key], events=found_events[key],
                           annotations=[]).status  # fmt: skip
        assert fast[t.pk].points == slow.points, t.name
        assert fast[t.pk].signal == slow.signal, t.name
        assert fast[t.pk].improving == slow.improving, t.name
        assert fast[t.pk].target_met == slow.target_met, t.name
        assert fast[t.pk].latest == pytest.approx(slow.latest), t.name
    # The share row of the measure shown uses the same path as every other measure's.
    board = dashboard.build(world["network"], measure_id=falls.pk, lang="en")
    improving = sum(card.view.status.improving is True for card in board.cards)
    assert board.shares[0].improving == improving
