"""Local goals in a real browser: the demo's leader goes from the overview to Aarhus's local
goals, creates one (the form shows only the chosen national goal's indicators), finds it
under its national goal, and deletes it after confirming; axe-core finds no WCAG 2.1 A/AA
violation, and on a phone the pages never scroll sideways."""

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


def test_leader_creates_finds_and_deletes_a_local_goal(new_page: Any, demo: Demo) -> None:
    from forbedring.web.goals.models import LocalGoal

    aarhus = _aarhus()
    page = new_page(DESKTOP, locale="en-GB")
    sign_in(page, demo.url, "leader")
    page.goto(f"{demo.url}/organisations/{aarhus.pk}/overview/")
    page.locator(f"a[href='/goals/{aarhus.pk}/']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().endswith("Aarhus Kommune")
    assert page.locator(".goal-section").count() == 3  # the demo's goals under 3 national goals
    assert page.get_by_role("link", name="Færre fald på Solgården").count() == 2
    screenshot(page, "goals-list")
    assert_accessible(page, "the local goals")

    page.locator(".page-actions a", has_text="New local goal").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "the new goal form")
    readmissions = page.locator("input[value='dk-acute-readmissions-30-days']")
    assert readmissions.is_visible()  # no goal chosen yet: every indicator shows
    page.select_option("#id_national_goal", "dk-goal-patient-involvement")
    assert not readmissions.is_visible()
    assert page.locator("#indicator-filter-note").is_visible()
    page.check("input[value='dk-patients-involved-in-decisions']")
    page.fill("#id_title", "Citizens take part in their care plans")
    page.fill("#id_target", "80 % feel involved by 2027")
    page.check("#id_projects input[type=checkbox] >> nth=0")
    screenshot(page, "goals-form")
    page.locator("button[type=submit].primary").click()
    page.wait_for_load_state("networkidle")

    section = page.locator(".goal-section", has_text="6. More patient involvement")
    assert section.locator("h3").inner_text() == "Citizens take part in their care plans"
    assert "Patients involved in decisions about their treatment" in section.inner_text()
    assert "Færre fald på Solgården" in section.inner_text()
    goal = LocalGoal.objects.get(title="Citizens take part in their care plans")

    section.get_by_role("link", name="Delete").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "the delete confirmation")
    assert LocalGoal.objects.filter(pk=goal.pk).exists()  # asking deletes nothing
    page.locator("button[type=submit].danger").click()
    page.wait_for_load_state("networkidle")
    assert not LocalGoal.objects.filter(pk=goal.pk).exists()
    assert page.locator(".goal-section", has_text="6. More patient involvement").count() == 0


def test_local_goal_pages_fit_a_phone(new_page: Any, demo: Demo) -> None:
    aarhus = _aarhus()
    page = new_page(PHONE)
    sign_in(page, demo.url, "leader")
    for path in (f"/goals/{aarhus.pk}/", f"/goals/{aarhus.pk}/new/"):
        page.goto(demo.url + path)
        page.wait_for_load_state("networkidle")
        assert_no_horizontal_scroll(page)
        assert_accessible(page, path)
    screenshot(page, "goals-form-phone")
