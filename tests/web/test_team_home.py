"""The team's home page: small charts with status for every measure, for the right people."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from forbedring.web.accounts.models import User
from forbedring.web.measures.models import SeriesEvent
from forbedring.web.measures.queries import compact_spec
from forbedring.web.organisations.models import Team
from tests.web import factories

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"

# Falls per 1,000 resident-days that drop after a change: a signal of improvement.
FALLS = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 3, 2, 3, 2, 1, 2, 3, 2, 2, 1, 2, 2]


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def specs_in(html: str) -> dict[str, dict[str, Any]]:
    """The chart specs embedded as json_script blocks, by element id."""
    found = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S)
    return {element: json.loads(text) for element, text in found}


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.role_world()
    team_a = w["team_a"]
    falls = factories.measure([team_a], target=3.0)
    factories.monthly_data(falls, team_a, w["lead_a"], FALLS)
    empty = factories.measure([team_a], name="Pressure ulcers", chart_type="run")
    return {**w, "falls": falls, "empty": empty}


def url(team: Team) -> str:
    return reverse("team_home", args=[team.pk])


def test_team_home_shows_every_measure_with_chart_and_status(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(url(world["team_a"]))
    assert response.status_code == 200
    html = response.content.decode()
    falls, empty = world["falls"], world["empty"]
    assert falls.name in html and empty.name in html
    specs = specs_in(html)
    spec = specs[f"measure-{falls.pk}-spec"]
    assert spec["width"] == "container"
    assert f'data-chart-spec="measure-{falls.pk}-spec"' in html
    # The status in words, each with a symbol; the latest value with its unit.
    assert "Improving: signal of improvement" in html
    assert "Target met" in html
    assert "Latest: 1.3 per 1,000 resident-days (Dec 2025)" in html
    assert "24 points" in html
    # A measure without data says so instead of drawing an empty chart.
    assert f"measure-{empty.pk}-spec" not in specs
    assert "No data yet" in html
    assert reverse("measure_detail", args=[world["team_a"].pk, falls.pk]) in html
    assert "vendor/vega/vega-embed.min.js" in html and "forbedring/charts.js" in html


def test_team_home_summary_is_the_charts_description(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"]).get(url(world["team_a"])).content.decode()
    falls = world["falls"]
    assert f'aria-describedby="measure-{falls.pk}-summary"' in html
    assert f'id="measure-{falls.pk}-summary"' in html
    assert "U chart (rates), 24 points from Jan 2024 to Dec 2025" in html


def test_team_home_in_danish_formats_numbers_the_danish_way(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"], "da").get(url(world["team_a"])).content.decode()
    assert 'lang="da"' in html
    # 2 falls / 1,500 resident-days x 1,000 with a decimal comma; the unit is the measure's own.
    assert "1,3 per 1,000 resident-days" in html
    spec = specs_in(html)[f"measure-{world['falls'].pk}-spec"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_team_home_links_for_editors_and_leads(world: dict[str, Any]) -> None:
    team = world["team_a"]
    member = client_for(world["member_a"]).get(url(team)).content.decode()
    assert reverse("data_entry", args=[team.pk]) in member
    assert reverse("measure_new", args=[team.pk]) not in member  # members do not define measures
    lead = client_for(world["lead_a"]).get(url(team)).content.decode()
    assert reverse("measure_new", args=[team.pk]) in lead


def test_team_home_is_read_only_for_organisation_leaders(world: dict[str, Any]) -> None:
    team = world["team_a"]
    response = client_for(world["leader_north"]).get(url(team))
    assert response.status_code == 200
    html = response.content.decode()
    assert world["falls"].name in html
    assert "read-only" in html
    assert reverse("data_entry", args=[team.pk]) not in html
    assert reverse("measure_new", args=[team.pk]) not in html


# who -> status code of team A's home page
ACCESS = {
    "member_a": 200,
    "lead_a": 200,
    "leader_north": 200,
    "consultant_north": 200,
    "site_admin": 200,
    "member_b": 404,
    "analyst": 404,
    "nobody": 404,
}


@pytest.mark.parametrize("who", sorted(ACCESS))
def test_team_home_access_matrix(world: dict[str, Any], who: str) -> None:
    response = client_for(world[who]).get(url(world["team_a"]))
    assert response.status_code == ACCESS[who]
    if response.status_code == 404:
        assert world["falls"].name not in response.content.decode()


def test_team_home_sends_anonymous_visitors_to_log_in(world: dict[str, Any]) -> None:
    response = client_for(None).get(url(world["team_a"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_team_home_never_shows_another_teams_data(world: dict[str, Any]) -> None:
    team_b = world["team_b"]
    other = factories.measure([team_b], name="Sydby secret measure")
    factories.monthly_data(other, team_b, world["member_b"], [1, 2, 3])
    html = client_for(world["member_a"]).get(url(world["team_a"])).content.decode()
    assert "Sydby secret measure" not in html


def _big_team(measures: int = 8, months: int = 36) -> tuple[Team, User]:
    team = factories.team(name="Team Big")
    lead = factories.user("big_lead", "team_lead", team=team)
    for i in range(measures):
        m = factories.measure([team], name=f"Measure {i}", target=2.0)
        factories.monthly_data(m, team, lead, [(i + k) % 7 for k in range(months)])
        SeriesEvent.objects.create(
            measure=m, team=team, kind="phase", period=dt.date(2025, 1, 1), text="Bundle",
            created_by=lead,
        )  # fmt: skip
        SeriesEvent.objects.create(
            measure=m, team=team, kind="note", period=dt.date(2024, 6, 1), text="PDSA 1",
            created_by=lead,
        )  # fmt: skip
    return team, lead


def test_team_home_queries_do_not_grow_with_measures(django_assert_max_num_queries: Any) -> None:
    team, lead = _big_team()
    client = client_for(lead)
    client.get(url(team))  # warm caches (sessions, content types) before counting
    # 14 for the page, two for the navigation's "Overview" link (is the user a site
    # administrator; which organisations does the user lead).
    with django_assert_max_num_queries(16):
        response = client.get(url(team))
    assert response.status_code == 200
    assert len(specs_in(response.content.decode())) == 8


def test_compact_spec_fits_its_card(world: dict[str, Any]) -> None:
    from forbedring.web.measures.queries import series_view

    view = series_view(world["falls"], world["team_a"], lang="en")
    assert view.spec is not None
    small = compact_spec(view.spec)
    assert small["width"] == "container" and "title" not in small
    for layer in small["layer"]:
        x = layer.get("encoding", {}).get("x", {})
        # No mark is placed at the full chart's fixed pixel width.
        assert not isinstance(x.get("value"), int | float)
        for channel in layer.get("encoding", {}).values():
            assert not (isinstance(channel, dict) and channel.get("legend"))
    names = {layer.get("name") for layer in small["layer"]}
    assert "caption" not in names and "target_label" in names


def test_team_home_draws_making_data_count_measures_without_icons(world: dict[str, Any]) -> None:
    team = world["team_a"]
    mdc = factories.measure([team], name="Weight", chart_type="i", has_denominator=False,
                            multiplier=1, rule_set="mdc")  # fmt: skip
    factories.monthly_data(mdc, team, world["lead_a"], [70, 71, 69, 70, 72, 71, 70, 69, 70, 71])
    html = client_for(world["member_a"]).get(url(team)).content.decode()
    spec = specs_in(html)[f"measure-{mdc.pk}-spec"]
    names = {layer.get("name") for layer in spec["layer"]}
    assert not any(name and name.startswith(("variation_", "assurance_")) for name in names)
    assert "10 points" in html


def test_team_home_without_measures_invites_the_lead_to_add_one(world: dict[str, Any]) -> None:
    team_b = world["team_b"]
    lead_b = factories.user("lead_b", "team_lead", team=team_b)
    html = client_for(lead_b).get(url(team_b)).content.decode()
    assert "No measures yet" in html
    assert reverse("measure_new", args=[team_b.pk]) in html
    assert "vega-embed" not in html  # no chart, no chart scripts


def test_vendored_scripts_are_served_as_static_files() -> None:
    for name in (
        "vendor/vega/vega.min.js",
        "vendor/vega/vega-lite.min.js",
        "vendor/vega/vega-embed.min.js",
        "vendor/htmx/htmx.min.js",
        "forbedring/charts.js",
        "forbedring/site.css",
    ):
        assert finders.find(name), name


def test_vendored_htmx_is_the_pinned_version() -> None:
    root = Path(__file__).resolve().parents[2]
    pinned = json.loads((root / "package.json").read_text())["devDependencies"]["htmx.org"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "htmx is pinned to an exact version"
    readme = (root / "forbedring/web/static/vendor/htmx/README.md").read_text()
    assert f"| htmx.org | {pinned} |" in readme
    lock = json.loads((root / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/htmx.org"]["version"] == pinned
