"""Writing observations through the API: scopes and roles, idempotence, corrections with an
audit trail, versions, and all-or-nothing bulk writes with errors by index and field."""

from __future__ import annotations

from typing import Any

import pytest

from forbedring.web.api.schemas import MAX_BULK_ITEMS
from forbedring.web.measures.models import Observation, ObservationRevision
from tests.web.api.conftest import READ, Api

pytestmark = pytest.mark.django_db

NEW = "2026-01-01"  # after the fixture's data (2024-01 to 2025-10), before today


def url(world: dict[str, Any], period: str = NEW, measure: str = "falls") -> str:
    return f"/teams/{world['team_a'].pk}/measures/{world[measure].pk}/observations/{period}"


def stored(world: dict[str, Any], period: str = NEW, measure: str = "falls") -> Observation:
    return Observation.objects.get(team=world["team_a"], measure=world[measure], period=period)


# --- One observation (PUT) ------------------------------------------------------------------


def test_put_creates_then_is_idempotent_then_corrects_with_audit(
    world: dict[str, Any], api_as: Any
) -> None:
    api = api_as("member_a")
    body = {"numerator": 3, "denominator": 1400, "comment": "From the incident system"}
    created = api.put(url(world), body)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "created"
    assert created.json()["observation"]["version"] == 1

    again = api.put(url(world), body)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert stored(world).version == 1 and not ObservationRevision.objects.exists()

    corrected = api.put(url(world), {**body, "numerator": 4})
    assert corrected.json()["status"] == "updated"
    observation = stored(world)
    assert observation.numerator == 4 and observation.version == 2
    assert observation.entered_by == world["member_a"]
    (revision,) = ObservationRevision.objects.all()
    assert revision.numerator == 3 and revision.version == 1
    assert revision.replaced_by == world["member_a"]


def test_put_of_empty_values_clears_and_keeps_history(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a")
    api.put(url(world), {"numerator": 3, "denominator": 1400})
    cleared = api.put(url(world), {})
    assert cleared.json()["status"] == "cleared"
    observation = stored(world)
    assert observation.numerator is None and observation.version == 2
    assert ObservationRevision.objects.filter(observation=observation).count() == 1


def test_put_with_out_of_date_version_is_409_and_saves_nothing(
    world: dict[str, Any], api_as: Any
) -> None:
    api = api_as("member_a")
    api.put(url(world), {"numerator": 3, "denominator": 1400})
    api_as("lead_a").put(url(world), {"numerator": 5, "denominator": 1400})  # version 2
    late = api.put(url(world), {"numerator": 4, "denominator": 1400, "version": 1})
    assert late.status_code == 409
    (error,) = late.json()["errors"]
    assert error["field"] == "version" and "version 2" in error["message"]
    assert stored(world).numerator == 5
    # With the current version it is a deliberate correction.
    assert (
        api.put(url(world), {"numerator": 4, "denominator": 1400, "version": 2}).json()["status"]
        == "updated"
    )


def test_read_token_gets_403_on_writes(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a", READ)
    response = api.put(url(world), {"numerator": 3, "denominator": 1400})
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    bulk = api.post("/observations/bulk", {"observations": [_item(world)]})
    assert bulk.status_code == 403
    assert not Observation.objects.filter(period=NEW).exists()


@pytest.mark.parametrize("person", ["leader_north", "consultant_north"])
def test_read_only_roles_get_403_on_writes(world: dict[str, Any], api_as: Any, person: str) -> None:
    api = api_as(person)
    assert api.put(url(world), {"numerator": 3, "denominator": 1400}).status_code == 403
    bulk = api.post("/observations/bulk", {"observations": [_item(world)]})
    assert bulk.status_code == 403
    assert bulk.json()["errors"][0] == {
        "index": 0, "field": "team", "message": "You may see Team A's data, but not change it.",
    }  # fmt: skip
    assert not Observation.objects.filter(period=NEW).exists()


@pytest.mark.parametrize("person", ["member_b", "analyst", "nobody"])
def test_writes_to_unseen_teams_are_404(world: dict[str, Any], api_as: Any, person: str) -> None:
    api = api_as(person)
    assert api.put(url(world), {"numerator": 3, "denominator": 1400}).status_code == 404
    bulk = api.post("/observations/bulk", {"observations": [_item(world)]})
    assert bulk.status_code == 422
    assert bulk.json()["errors"][0]["field"] == "team"
    assert not Observation.objects.filter(period=NEW).exists()


def test_site_admin_may_write(world: dict[str, Any], api_as: Any) -> None:
    response = api_as("site_admin").put(url(world), {"numerator": 3, "denominator": 1400})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("period", "body", "field", "words"),
    [
        ("2026-01-15", {"numerator": 1, "denominator": 2}, "period", "first day"),
        ("2999-01-01", {"numerator": 1, "denominator": 2}, "period", "no data can be entered"),
        (NEW, {"numerator": 1}, "denominator", "denominator too"),
        (NEW, {"value": 4}, "value", "numerator and a denominator"),
        (NEW, {"numerator": -1, "denominator": 2}, "numerator", "below 0"),
        (NEW, {"numerator": 1, "denominator": 0}, "denominator", "denominator is 0"),
        (NEW, {"numerator": 1, "denominator": 2, "comment": "a\u0000b"}, "comment", "NUL"),
    ],
    ids=["mid-month", "future", "half", "value", "negative", "zero-denominator", "nul"],
)
def test_put_of_invalid_values_is_422_naming_the_field(
    world: dict[str, Any], api_as: Any, period: str, body: dict[str, Any], field: str, words: str
) -> None:
    response = api_as("member_a").put(url(world, period), body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and words in e["message"] for e in errors), errors
    assert not Observation.objects.filter(period__gte="2026-01-01").exists()


@pytest.mark.parametrize(
    "raw",
    ['{"numerator": "three"}', '{"comment": 5}', '{"version": -1}', '{"numerator": 1e999}'],
)
def test_put_of_wrongly_typed_body_is_4xx_json(
    world: dict[str, Any], api_as: Any, raw: str
) -> None:
    api = api_as("member_a")
    response = api.client.put(
        f"/api{url(world)}", raw, content_type="application/json", headers=api.headers
    )
    assert response.status_code in {400, 422}
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_put_of_unparseable_body_is_400_json(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a")
    response = api.client.put(
        f"/api{url(world)}", "{not json", content_type="application/json", headers=api.headers
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_messages_follow_accept_language(world: dict[str, Any]) -> None:
    from tests.web.api.conftest import token

    danish = Api(token(world["member_a"]), language="da")
    response = danish.put(url(world), {"numerator": 1})
    assert "nævneren" in response.json()["errors"][0]["message"].lower()


def test_unexpected_error_is_500_json_without_traceback(
    world: dict[str, Any], api_as: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def explode(**kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("forbedring.web.api.endpoints_write.write_one", explode)
    response = api_as("member_a").put(url(world), {"numerator": 1, "denominator": 2})
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


# --- Many observations (POST bulk) ----------------------------------------------------------


def _item(world: dict[str, Any], period: str = NEW, **values: Any) -> dict[str, Any]:
    return {
        "team": world["team_a"].pk, "measure": world["falls"].pk, "period": period,
        **({"numerator": 2, "denominator": 1400} | values),
    }  # fmt: skip


def test_bulk_writes_all_and_reports_each_status(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a")
    api.put(url(world), {"numerator": 2, "denominator": 1400})
    items = [
        _item(world),  # the same as stored: unchanged
        _item(world, "2026-02-01"),  # new
        _item(world, "2025-10-01", numerator=1, denominator=1500),  # a correction
        {"team": world["team_a"].pk, "measure": world["weight"].pk, "period": NEW, "value": -1.5},
    ]
    response = api.post("/observations/bulk", {"observations": items})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["unchanged", "created", "updated", "created"]
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 1, 1)
    assert body["results"][2]["version"] == 2
    assert stored(world, "2025-10-01").numerator == 1
    assert stored(world, NEW, "weight").value == -1.5
    assert ObservationRevision.objects.filter(observation__period="2025-10-01").count() == 1
    # The same request again changes nothing.
    again = api.post("/observations/bulk", {"observations": items}).json()
    assert again["unchanged"] == 4


def test_bulk_is_all_or_nothing_with_errors_by_index_and_field(
    world: dict[str, Any], api_as: Any
) -> None:
    items = [
        _item(world),
        _item(world, "2026-02-01", numerator=5, denominator=None),
        _item(world, "2026-03-15"),
        {**_item(world), "measure": world["other"].pk},
        _item(world),  # the same as item 0
    ]
    response = api_as("member_a").post("/observations/bulk", {"observations": items})
    assert response.status_code == 422
    errors = {(e["index"], e["field"]) for e in response.json()["errors"]}
    assert errors == {(1, "denominator"), (2, "period"), (3, "measure"), (4, "period")}
    assert "4 of 5" in response.json()["detail"]
    assert not Observation.objects.filter(period__gte="2026-01-01").exists()


def test_bulk_schema_errors_name_the_index(world: dict[str, Any], api_as: Any) -> None:
    items = [_item(world), {**_item(world), "numerator": "many"}]
    response = api_as("member_a").post("/observations/bulk", {"observations": items})
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["index"], error["field"]) == (1, "numerator")


def test_bulk_conflict_rolls_back_every_item(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a")
    api.put(url(world), {"numerator": 2, "denominator": 1400})
    api.put(url(world), {"numerator": 3, "denominator": 1400})  # now version 2
    items = [_item(world, "2026-02-01"), _item(world, numerator=9, version=1)]
    response = api.post("/observations/bulk", {"observations": items})
    assert response.status_code == 409
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(1, "version")]
    assert not Observation.objects.filter(period="2026-02-01").exists()
    assert stored(world).numerator == 3


def test_bulk_limits_the_number_of_items(world: dict[str, Any], api_as: Any) -> None:
    api = api_as("member_a")
    assert api.post("/observations/bulk", {"observations": []}).status_code == 422
    many = [_item(world)] * (MAX_BULK_ITEMS + 1)
    assert api.post("/observations/bulk", {"observations": many}).status_code == 422
