"""Reading through the API: authentication, the web's access rules, pagination, and series
values computed by the same code as the web's charts."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from forbedring.web.api.tokens import create_token, revoke_token
from forbedring.web.measures.models import SeriesEvent
from forbedring.web.measures.queries import series_view
from tests.web.api.conftest import FALLS, READ, Api

pytestmark = pytest.mark.django_db


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- Authentication -------------------------------------------------------------------------


def test_request_without_token_is_401_with_bearer_challenge(world: dict[str, Any]) -> None:
    response = Api(None).get("/teams")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer fbr_nonsense", "Bearer ", "Basic dXNlcjpwYXNz", "fbr_abc", "Token x"]
)
def test_malformed_or_unknown_token_is_401(world: dict[str, Any], header: str) -> None:
    response = Client().get("/api/teams", headers={"Authorization": header})
    assert response.status_code == 401


def test_every_operation_needs_a_token(world: dict[str, Any]) -> None:
    schema = Client().get("/api/openapi.json").json()
    real = {
        "{team_id}": str(world["team_a"].pk),
        "{measure_id}": str(world["falls"].pk),
        "{organisation_id}": str(world["north"].pk),
        "{period}": "2025-01-01",
    }
    client = Client()
    checked = 0
    for path, operations in schema["paths"].items():
        for name, value in real.items():
            path = path.replace(name, value)
        for method in operations:
            response = client.generic(method.upper(), path, "{}", "application/json")
            assert response.status_code == 401, (method, path)
            checked += 1
    assert checked == 10


def test_revoked_and_expired_tokens_are_401(world: dict[str, Any]) -> None:
    member = world["member_a"]
    token, plain = create_token(by=member, name="t", scope=READ)
    assert Api(plain).get("/teams").status_code == 200
    revoke_token(token=token, by=member)
    assert Api(plain).get("/teams").status_code == 401
    past = timezone.now() - dt.timedelta(minutes=1)
    _expired, expired_plain = create_token(by=member, name="e", scope=READ, expires_at=past)
    assert Api(expired_plain).get("/teams").status_code == 401


def test_session_login_does_not_authenticate_the_api(world: dict[str, Any]) -> None:
    # The API takes tokens only: a logged-in browser cannot be made to call it (no CSRF).
    client = Client()
    client.force_login(world["member_a"])
    assert client.get("/api/teams").status_code == 401
    assert client.get(f"/api/teams/{world['team_a'].pk}").status_code == 401


def test_openapi_schema_is_3_1_and_public(world: dict[str, Any]) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    series = schema["paths"]["/api/teams/{team_id}/measures/{measure_id}/series"]
    assert series["get"]["operationId"] == "get_series"


def test_docs_page_serves_its_scripts_from_this_site(world: dict[str, Any]) -> None:
    page = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


# --- Access rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "teams", "editable", "organisations"),
    [
        ("member_a", ["team_a"], [True], ["north"]),
        ("lead_a", ["team_a"], [True], ["north"]),
        ("member_b", ["team_b"], [True], ["south"]),
        ("leader_north", ["team_a"], [False], ["north"]),
        ("consultant_north", ["team_a"], [False], ["north"]),
        ("analyst", [], [], []),
        ("nobody", [], [], []),
        ("site_admin", ["team_a", "team_b"], [True, True], ["north", "south"]),
    ],
)
def test_lists_follow_the_access_rules(
    world: dict[str, Any],
    api_as: Any,
    person: str,
    teams: list[str],
    editable: list[bool],
    organisations: list[str],
) -> None:
    api = api_as(person, READ)
    response = api.get("/teams")
    assert ids(response) == [world[t].pk for t in teams]
    assert [t["can_edit"] for t in response.json()["items"]] == editable
    assert ids(api.get("/organisations")) == [world[o].pk for o in organisations]


def test_other_organisations_objects_are_404(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a", READ)
    team_a, team_b = world["team_a"].pk, world["team_b"].pk
    other = world["other"].pk
    for path in [
        f"/teams/{team_b}",
        f"/teams/{team_b}/measures",
        f"/teams/{team_b}/measures/{other}",
        f"/teams/{team_b}/measures/{other}/series",
        f"/teams/{team_b}/measures/{other}/observations",
        f"/teams/{team_a}/measures/{other}",  # a measure team A does not report
        f"/teams/{team_a}/measures/{other}/series",
        f"/organisations/{world['south'].pk}",
        "/teams/999999",
    ]:
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]


def test_leader_reads_team_measures_and_series(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("leader_north", READ)
    team = world["team_a"].pk
    names = [m["name"] for m in api.get(f"/teams/{team}/measures").json()["items"]]
    assert names == ["Falls", "Hand hygiene", "Weight change"]
    measure = api.get(f"/teams/{team}/measures/{world['falls'].pk}").json()
    assert measure["chart_type"] == "u" and measure["multiplier"] == 1000
    assert measure["has_denominator"] is True


def test_organisation_filter_and_detail(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("site_admin", READ)
    assert ids(api.get("/teams", organisation=world["south"].pk)) == [world["team_b"].pk]
    detail = api.get(f"/organisations/{world['north'].pk}").json()
    # A filter by another organisation shows nothing of it.
    assert ids(api_as("member_a", READ).get("/teams", organisation=world["south"].pk)) == []
    assert detail["name"] == "Nordby Kommune" and detail["country"] == "DK"


def test_lists_are_paginated(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a", READ)
    path = f"/teams/{world['team_a'].pk}/measures/{world['falls'].pk}/observations"
    first = api.get(path, limit=5).json()
    second = api.get(path, limit=5, offset=5).json()
    assert first["count"] == second["count"] == len(FALLS)
    assert [o["period"] for o in first["items"]] == [f"2024-0{m}-01" for m in range(1, 6)]
    assert second["items"][0]["period"] == "2024-06-01"
    assert first["items"][0]["version"] == 1
    assert api.get(path, limit=0).status_code == 422
    assert api.get(path, limit=10_000).status_code == 422


# --- Series ---------------------------------------------------------------------------------


def _close(a: float | None, b: float) -> bool:
    return (a is None and math.isnan(b)) or (a is not None and math.isclose(a, b))


def test_series_has_the_web_charts_values_and_signals(world: dict[str, Any], api_as: Any) -> None:
    team, falls = world["team_a"], world["falls"]
    series = api_as("member_a", READ).get(f"/teams/{team.pk}/measures/{falls.pk}/series").json()
    panel = series_view(falls, team).chart.panels[0]  # type: ignore[union-attr]
    points = series["points"]
    assert series["kind"] == "spc" and len(points) == len(FALLS)
    assert points[0]["period"] == "2024-01-01" and points[0]["numerator"] == 9
    for i, point in enumerate(points):
        assert _close(point["y"], panel.y[i])
        assert _close(point["centre"], panel.cl[i])
        assert _close(point["upper_limit"], panel.ucl[i])
        assert _close(point["lower_limit"], panel.lcl[i])
    # A u chart of falls per 1,000 resident-days: 9 / 1500 * 1000 = 6.
    assert points[0]["y"] == pytest.approx(6.0)
    # The drop after twelve months is a long run below the centre line.
    (phase,) = series["phases"]
    assert phase["long_run"] and phase["runs_signal"]
    assert phase["longest_run"] > phase["longest_run_max"]
    assert series["status"]["signal"] is True and series["status"]["improving"] is True
    assert series["summary"]


def test_series_phases_follow_the_teams_events(world: dict[str, Any], api_as: Any) -> None:
    team, falls = world["team_a"], world["falls"]
    SeriesEvent.objects.create(
        measure=falls, team=team, kind=SeriesEvent.Kind.PHASE, period=dt.date(2025, 1, 1),
        text="New routine", created_by=world["lead_a"],
    )  # fmt: skip
    series = api_as("member_a", READ).get(f"/teams/{team.pk}/measures/{falls.pk}/series").json()
    phases = [p["phase"] for p in series["points"]]
    assert phases == [1] * 12 + [2] * 10
    assert [p["phase"] for p in series["phases"]] == [1, 2]
    # Each phase has its own centre line.
    assert series["points"][0]["centre"] != series["points"][-1]["centre"]


def test_series_of_making_data_count_measure(world: dict[str, Any], api_as: Any) -> None:
    team, mdc = world["team_a"], world["mdc"]
    series = api_as("member_a", READ).get(f"/teams/{team.pk}/measures/{mdc.pk}/series").json()
    assert series["kind"] == "mdc" and series["phases"] == []
    assert series["variation_icon"]
    assert {p["phase"] for p in series["points"]} == {1}
    assert all(p["point_type"] and p["outside_limits"] is None for p in series["points"])


def test_series_without_data_is_empty(world: dict[str, Any], api_as: Any) -> None:
    team, weight = world["team_a"], world["weight"]
    series = api_as("member_a", READ).get(f"/teams/{team.pk}/measures/{weight.pk}/series").json()
    assert series["kind"] == "empty" and series["points"] == []
    assert series["status"]["points"] == 0


def test_unknown_api_addresses_answer_json(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a", READ)
    missing = api.get("/nowhere/at/all")
    assert missing.status_code == 404 and missing.json()["detail"]
    wrong = api.get("/teams/abc/measures")
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "team_id"
