"""The status report in a real browser: any logged-in user reads a municipality's report with
the demo label, the lights in words and the charts; the options form changes the method;
axe-core finds no WCAG 2.1 A/AA violation on a desktop or a phone, and the page never scrolls
sideways. The analyst starts the reports of all regions and follows the progress bar."""

from __future__ import annotations

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

    return Organisation.objects.get(country="DK", official_code="0751")


def test_report_reads_well_and_passes_axe(new_page: Any, demo: Demo) -> None:
    page = new_page(DESKTOP, locale="en-GB")
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/reports/status/{_aarhus().pk}/")
    assert "Aarhus Kommune" in page.locator("h1").inner_text()
    assert page.locator(".demo-banner").is_visible()
    assert page.locator(".report-indicator").count() == 6
    assert page.locator(".report-indicator svg").count() >= 12
    assert page.locator(".report-indicator .light").first.inner_text().strip() != ""
    screenshot(page, "status-report-desktop")
    assert_accessible(page, "the status report")

    page.select_option("select[name=limits]", "998")
    page.locator(".report-options button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "limits=998" in page.url
    assert "99.8%" in page.locator(".report-method").inner_text()

    phone = new_page(PHONE, locale="en-GB")
    sign_in(phone, demo.url, "team")
    phone.goto(f"{demo.url}/reports/status/{_aarhus().pk}/")
    screenshot(phone, "status-report-phone")
    assert_no_horizontal_scroll(phone)
    assert_accessible(phone, "the status report (phone)")


def test_analyst_follows_the_batch_to_its_download(new_page: Any, demo: Demo) -> None:
    from forbedring.web.reports import batch as batches
    from forbedring.web.reports.models import ReportBatch

    page = new_page(DESKTOP, locale="en-GB")
    sign_in(page, demo.url, "analyst")
    page.goto(f"{demo.url}/reports/status/")
    page.select_option("select[name=level]", "region")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#batch-status").is_visible()
    made = ReportBatch.objects.latest("pk")
    # The worker's part, in this process, while the page polls.
    batches.run(made, processes=1)
    page.locator("text=Download all reports").wait_for(timeout=15_000)
    screenshot(page, "status-report-batch-done")
    assert_accessible(page, "the batch page")
