"""Property-based run of the API's OpenAPI schema against a live server (schemathesis 4).

Every operation gets generated requests with a valid read-and-write token of a team member;
half of them aim at the member's real team, measure and a month start, so that writes and
series are exercised and not only 404s. No response may be a server error, and every response
must match the schema: documented status, content type and body.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import create_token
from tests.web import factories

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25
# Month starts from 2023 to 2026: writable periods, and some that are refused (future).
MONTH_STARTS = st.builds(
    lambda months: dt.date(2023 + months // 12, months % 12 + 1, 1).isoformat(),
    st.integers(0, 4 * 12 - 1),
)


def _aim_at(case: Any, real: dict[str, int], period: str) -> None:
    """Point a generated case at objects that exist and the caller may change."""
    path = case.path_parameters or {}
    for name, value in (("team_id", real["team"]), ("measure_id", real["measure"])):
        if name in path:
            path[name] = value
    if "period" in path:
        path["period"] = period
    body = case.body if isinstance(case.body, dict) else {}
    for item in body.get("observations", []) if isinstance(body, dict) else []:
        if isinstance(item, dict):
            item.update(team=real["team"], measure=real["measure"], period=period)


@pytest.mark.django_db(transaction=True)
def test_api_schema_holds_for_generated_requests(live_server: Any) -> None:
    world = factories.role_world()
    member = world["member_a"]
    falls = factories.measure([world["team_a"]], name="Falls")
    factories.monthly_data(falls, world["team_a"], member, [9, 11, 10, 12, 8, 10, 4, 5, 3, 4])
    _token, plain = create_token(by=member, name="fuzz", scope=AccessToken.Scope.READ_WRITE)
    headers = {"Authorization": f"Bearer {plain}", "Accept-Language": "en"}
    real = {"team": world["team_a"].pk, "measure": falls.pk}

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    started = time.monotonic()
    for operation in operations:

        @given(case=operation.as_strategy(), aimed=st.booleans(), period=MONTH_STARTS)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any, aimed: bool, period: str) -> None:
            if aimed:
                _aim_at(case, real, period)
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

        run()
    # Bounded: the whole run stays well under a minute on a small machine.
    assert time.monotonic() - started < 90
