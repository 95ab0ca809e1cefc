"""A team leaves its learning network in a real browser: from the network page to the
confirmation page (axe-core finds no serious or critical WCAG 2.1 A/AA violation on it) and,
after confirming, back on the team's own page with the enrolment ended."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Demo, axe_results, describe, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = ("serious", "critical")


def test_a_team_member_leaves_the_network(page: Any, demo: Demo) -> None:
    from forbedring.web.networks.models import Enrolment, Network

    network = Network.objects.get(language="da")
    assert Enrolment.objects.get(network=network, team=demo.team).status == "enrolled"
    leave_path = f"/networks/{network.pk}/teams/{demo.team.pk}/leave/"
    sign_in(page, demo.url, "team")
    page.goto(demo.url + f"/networks/{network.pk}/")
    page.locator(f'a[href="{leave_path}"]').click()
    page.wait_for_url(demo.url + leave_path)
    violations = [v for v in axe_results(page) if v["impact"] in BLOCKING]
    assert not violations, f"axe-core on the leave page:\n{describe(violations)}"
    page.locator("main form button.primary").click()
    page.wait_for_url(demo.url + f"/teams/{demo.team.pk}/")
    assert Enrolment.objects.get(network=network, team=demo.team).status == "left"
    assert page.goto(demo.url + f"/networks/{network.pk}/").status == 404
