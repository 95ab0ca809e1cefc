"""The leader's overview in a real browser: the demo's leader finds it from the front page,
filters and sorts it, opens a measure from it; axe-core finds no WCAG 2.1 A/AA violation on a
desktop or a phone, and the page never scrolls sideways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    Demo,
    assert_accessible,
    assert_no_horizontal_scroll,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _aarhus() -> Any:
    from forbedring.web.organisations.models import Organisation

    return Organisation.objects.get(name="Aarhus Kommune")


def test_leader_finds_filters_and_leaves_the_overview(new_page: Any, demo: Demo) -> None:
    page = new_page(DESKTOP)
    sign_in(page, demo.url, "leader")
    page.goto(f"{demo.url}/")
    screenshot(page, "leader-front-page")
    page.locator(f"main a[href='/organisations/{_aarhus().pk}/overview/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("Aarhus Kommune")
    rows = page.locator("tbody tr")
    total = rows.count()
    assert total == 10  # the demo's three Aarhus teams and their measures
    screenshot(page, "leader-overview-desktop")
    assert_accessible(page, "the overview")

    # Only the worsening series: every row left says so, in words and with a symbol.
    page.select_option("#overview-show", "worsening")
    page.locator(".overview-filter button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    worsening = page.locator("tbody tr")
    assert 0 < worsening.count() < total
    for index in range(worsening.count()):
        assert worsening.nth(index).get_attribute("data-variation") == "worsening"
        assert "⚠" in worsening.nth(index).inner_text()

    # Sorting by a column keeps the filter and tells assistive technology the order.
    page.locator("thead th a").nth(1).click()
    page.wait_for_load_state("networkidle")
    assert "show=worsening" in page.url
    assert page.locator("thead th[aria-sort='ascending']").count() >= 1

    # A row's measure opens the team's measure page, which the leader may read.
    link = page.locator("tbody th a").first
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/measures/" in page.url
    assert page.locator("h1").count() == 1


def test_overview_on_a_phone(new_page: Any, demo: Demo) -> None:
    page = new_page(PHONE)
    sign_in(page, demo.url, "leader")
    response = page.goto(f"{demo.url}/organisations/{_aarhus().pk}/overview/")
    assert response.status == 200
    assert_no_horizontal_scroll(page)
    screenshot(page, "leader-overview-phone")
    assert_accessible(page, "the overview (phone)")


def test_team_member_cannot_open_the_overview(page: Any, demo: Demo) -> None:
    sign_in(page, demo.url, "team")
    response = page.goto(f"{demo.url}/organisations/{_aarhus().pk}/overview/")
    assert response.status == 404


def test_stale_series_is_flagged_and_filtered(new_page: Any, demo: Demo) -> None:
    """A series whose latest four months are gone is stale: flagged in words, counted, and
    found by the filter; the flag passes the contrast check."""
    from django.utils import timezone

    from forbedring.web.measures.models import Observation

    recent = timezone.localdate().replace(day=1) - dt.timedelta(days=100)
    Observation.objects.filter(team=demo.team, measure=demo.falls, period__gt=recent).delete()
    page = new_page(DESKTOP)
    sign_in(page, demo.url, "leader")
    page.goto(f"{demo.url}/organisations/{_aarhus().pk}/overview/?show=stale")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-freshness") == "stale"
    assert "◷" in rows.first.inner_text()
    screenshot(page, "leader-overview-stale")
    assert_accessible(page, "the stale filter")
