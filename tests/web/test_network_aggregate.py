"""The network's aggregate series: one rule per kind of measure, and the dashboard and the
seminar export draw the same numbers with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forbedring.charts.model import MdcChart
from forbedring.web.measures.models import Measure
from forbedring.web.networks import dashboard, export
from forbedring.web.networks.aggregate import network_series
from forbedring.web.networks.models import Enrolment, Network, NetworkMeasure
from forbedring.web.organisations.models import Role
from tests.web import factories

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def row(period: dt.date, numerator: Any = None, denominator: Any = None, value: Any = None) -> Any:
    return SimpleNamespace(period=period, numerator=numerator, denominator=denominator, value=value)


def measure(chart: str, *, has_denominator: bool, **fields: Any) -> Measure:
    values: dict[str, Any] = {
        "name": "Falls", "kind": "outcome", "chart_type": chart,
        "has_denominator": has_denominator, "multiplier": Decimal(1000 if has_denominator else 1),
        "direction": "decrease", **fields,
    }  # fmt: skip
    return Measure(**values)


def points(series: Any) -> list[float]:
    assert series.spec is not None
    return [r["y"] for r in series.spec["data"]["values"] if r.get("row_type") == "point"]


def test_rates_sum_numerators_and_denominators() -> None:
    teams = [
        [row(JAN, 3, 1000), row(FEB, 2, 1000), row(MAR, 4, None)],  # March: no denominator
        [row(JAN, 1, 500), row(FEB, 5, 1500)],
    ]
    series = network_series(measure("u", has_denominator=True), teams, network_name="N", lang="en")
    assert series.periods == [JAN, FEB]
    assert series.numerators == [4, 7] and series.denominators == [1500, 2500]
    assert series.reporting == [2, 2] and series.teams_with_data == 2
    assert points(series) == pytest.approx([1000 * 4 / 1500, 1000 * 7 / 2500])
    assert series.measure.chart_type == "u" and "summed" in series.method
    assert series.view is not None and series.view.chart is not None
    assert series.view.chart.title == "Falls: the network"


def test_counts_become_the_count_per_reporting_team() -> None:
    """Team C starting in February must not look like a rise: 2 + 4 in January over two teams
    is 3 per team, 3 + 3 + 3 in February over three teams is 3 per team too."""
    teams = [
        [row(JAN, value=2), row(FEB, value=3)],
        [row(JAN, value=4), row(FEB, value=3)],
        [row(FEB, value=3)],
    ]
    counted = measure("c", has_denominator=False, unit_label="falls")
    series = network_series(counted, teams, network_name="N", lang="en")
    assert series.numerators == [6, 9] and series.denominators == [2, 3]
    assert points(series) == pytest.approx([3.0, 3.0])
    assert series.measure.chart_type == "u" and series.measure.has_denominator
    assert series.measure.unit_label == "falls per team"
    assert counted.chart_type == "c" and not counted.has_denominator  # the original is kept
    assert "count per team" in series.method


def test_values_take_the_mean_of_the_reporting_teams() -> None:
    teams = [[row(JAN, value=70), row(FEB, value=72)], [row(JAN, value=60)], [row(FEB)]]
    series = network_series(measure("i", has_denominator=False), teams, network_name="N", lang="en")
    assert series.numerators == [65, 72] and series.denominators is None
    assert series.reporting == [2, 1] and series.teams_with_data == 2
    assert points(series) == pytest.approx([65, 72])
    assert series.measure.chart_type == "i" and "mean of the values" in series.method


@pytest.mark.parametrize("chart", ["g", "t"])
def test_intervals_between_events_have_no_network_chart(chart: str) -> None:
    teams = [[row(JAN, value=12), row(FEB, value=30)], [row(JAN, value=7)]]
    series = network_series(
        measure(chart, has_denominator=False), teams, network_name="N", lang="en"
    )
    assert series.view is None and series.spec is None and series.omitted
    assert series.teams_with_data == 2 and series.periods == []
    assert "cannot be added up or averaged" in series.method


def test_making_data_count_measures_keep_their_chart() -> None:
    teams = [[row(m, 3, 1000) for m in (JAN, FEB, MAR)], [row(m, 1, 500) for m in (JAN, FEB)]]
    mdc = measure("u", has_denominator=True, rule_set=Measure.RuleSet.MDC)
    series = network_series(mdc, teams, network_name="N", lang="en")
    assert series.view is not None and isinstance(series.view.chart, MdcChart)


def test_no_data_gives_no_chart_but_still_the_rule() -> None:
    series = network_series(measure("p", has_denominator=True), [[], []], network_name="N",
                            lang="en")  # fmt: skip
    assert series.view is None and not series.omitted and series.teams_with_data == 0
    assert "summed" in series.method


@pytest.fixture
def counted_world(db: Any) -> dict[str, Any]:
    """A network with a count measure (c chart) and a days-between measure (t chart): team A
    reports from January, team B from February."""
    w: dict[str, Any] = factories.role_world()
    organiser = factories.user("organiser", Role.NETWORK_ORGANISER, organisation=w["north"])
    network = Network.objects.create(
        organiser=w["north"], name="Færre fald", start=JAN, created_by=organiser
    )
    falls = factories.measure(
        [w["team_a"], w["team_b"]], name="Falls", chart_type="c", has_denominator=False,
        multiplier=1,
    )  # fmt: skip
    days = factories.measure(
        [w["team_a"], w["team_b"]], name="Days between falls", chart_type="t",
        has_denominator=False, multiplier=1,
    )  # fmt: skip
    for position, m in enumerate([falls, days]):
        NetworkMeasure.objects.create(network=network, measure=m, position=position)
    for team in (w["team_a"], w["team_b"]):
        Enrolment.objects.create(network=network, team=team, status="enrolled",
                                 invited_by=organiser)  # fmt: skip
    factories.monthly_data(falls, w["team_a"], organiser, [4.0, 5, 3, 4, 6, 5], first=JAN)
    factories.monthly_data(falls, w["team_b"], organiser, [2.0, 3, 2, 1, 2], first=FEB)
    factories.monthly_data(days, w["team_a"], organiser, [12.0, 30, 8], first=JAN)
    return {**w, "organiser": organiser, "network": network, "falls": falls, "days": days}


def test_dashboard_and_export_draw_the_same_aggregate(counted_world: dict[str, Any]) -> None:
    w = counted_world
    network = w["network"]
    board = dashboard.build(network, measure_id=w["falls"].pk, lang="en")
    data = export.NetworkData(network, export.enrolled_teams(network))
    exported = data.network_series(w["falls"], network, "en")
    assert board.aggregate is not None
    assert board.aggregate.numerators == exported.numerators == [4, 7, 6, 6, 7, 7]
    assert board.aggregate.denominators == exported.denominators == [1, 2, 2, 2, 2, 2]
    assert board.aggregate.spec == exported.spec
    assert board.aggregate.method == exported.method


def test_pages_say_why_a_measure_has_no_network_chart(counted_world: dict[str, Any]) -> None:
    w = counted_world
    client = Client(headers={"accept-language": "en"})
    client.force_login(w["organiser"], backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("network_dashboard", args=[w["network"].pk]) + f"?measure={w['days'].pk}"
    page = client.get(url).content.decode()
    section = page[page.index('id="aggregate"') :]
    assert "cannot be added up or averaged" in section
    assert 'data-chart-spec="aggregate-spec"' not in section
    assert "No data yet" not in section[: section.index("</section>")]
    preview = client.get(reverse("network_export", args=[w["network"].pk])).content.decode()
    assert "cannot be added up or averaged" in preview and "count per team" in preview
