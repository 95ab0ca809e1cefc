"""The learning-network pages in a real browser: axe-core finds no serious or critical WCAG
2.1 A/AA violation, for the organiser and for a team member of an enrolled team."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Demo, axe_results, describe, sign_in, wait_for_charts

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = ("serious", "critical")


def _danish_network() -> Any:
    from forbedring.web.networks.models import Network

    return Network.objects.get(language="da")


def _latest_report_month() -> str:
    from forbedring.web.networks.models import TeamReport

    report = TeamReport.objects.filter(network=_danish_network()).latest("period")
    return f"{report.period:%Y-%m}"


PAGES: dict[str, tuple[str, Callable[[Demo], str]]] = {
    "network-list": ("organiser", lambda d: "/networks/"),
    "network": ("organiser", lambda d: f"/networks/{_danish_network().pk}/"),
    "dashboard": ("organiser", lambda d: f"/networks/{_danish_network().pk}/dashboard/"),
    "reporting": ("organiser", lambda d: f"/networks/{_danish_network().pk}/reporting/"),
    "shared": ("team", lambda d: f"/networks/{_danish_network().pk}/shared/"),
    "team-reports": (
        "team", lambda d: f"/networks/{_danish_network().pk}/teams/{d.team.pk}/reports/"
    ),
    "team-report": (
        "team",
        lambda d: f"/networks/{_danish_network().pk}/teams/{d.team.pk}/reports/"
        f"{_latest_report_month()}/",
    ),
    "export-preview": ("organiser", lambda d: f"/networks/{_danish_network().pk}/export/"),
}  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_network_page_has_no_serious_wcag_violations(page: Any, demo: Demo, name: str) -> None:
    user, path = PAGES[name]
    sign_in(page, demo.url, user)
    response = page.goto(demo.url + path(demo))
    assert response.status == 200, f"{name}: {response.status}"
    wait_for_charts(page)
    assert page.locator("html").get_attribute("lang") == "da"
    violations = [v for v in axe_results(page) if v["impact"] in BLOCKING]
    assert not violations, f"axe-core on {name} ({page.url}):\n{describe(violations)}"
