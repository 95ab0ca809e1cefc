"""A role world with measures and data, and personal access tokens for its people."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import create_token
from forbedring.web.measures.models import Measure
from tests.web import factories

READ = AccessToken.Scope.READ
READ_WRITE = AccessToken.Scope.READ_WRITE
# A falls series with a shift after month 12: a signal the series endpoint must report.
FALLS = [9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 11, 10, 4, 5, 3, 4, 5, 4, 3, 5, 4, 4]


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    w = factories.role_world()
    w["falls"] = factories.measure([w["team_a"]], name="Falls")
    w["weight"] = factories.measure(
        [w["team_a"]], name="Weight change", chart_type=Measure.ChartType.I,
        has_denominator=False, multiplier=1,
    )  # fmt: skip
    w["mdc"] = factories.measure(
        [w["team_a"]], name="Hand hygiene", chart_type=Measure.ChartType.I,
        has_denominator=False, multiplier=1, rule_set=Measure.RuleSet.MDC,
    )  # fmt: skip
    w["other"] = factories.measure([w["team_b"]], name="Team B's falls")
    factories.monthly_data(w["falls"], w["team_a"], w["member_a"], FALLS)
    factories.monthly_data(w["mdc"], w["team_a"], w["member_a"], [float(v) for v in FALLS])
    factories.monthly_data(w["other"], w["team_b"], w["member_b"], [3, 4, 5])
    return w


def token(user: Any, scope: str = READ_WRITE) -> str:
    return create_token(by=user, name="test", scope=scope)[1]


class Api:
    """A test client that sends a bearer token and JSON."""

    def __init__(self, plain: str | None, language: str = "en") -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {"Authorization": f"Bearer {plain}"} if plain else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params, headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(
            f"/api{path}", json.dumps(body), content_type="application/json",
            headers=self.headers,
        )  # fmt: skip

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            f"/api{path}", json.dumps(body), content_type="application/json",
            headers=self.headers,
        )  # fmt: skip


@pytest.fixture
def api_as(world: dict[str, Any]) -> Any:
    """api_as("member_a") or api_as("leader_north", READ): a client with that person's token."""

    def make(person: str, scope: str = READ_WRITE) -> Api:
        return Api(token(world[person], scope))

    return make
