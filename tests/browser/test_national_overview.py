"""The national overview in a real browser, on the demo's 98 Danish municipalities: axe-core
finds no WCAG 2.1 A/AA violation on a desktop or a phone, the page never scrolls sideways (the
table scrolls in its own box), and a keyboard user sorts by a column and filters."""

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
READMISSIONS = "dk-acute-readmissions-30-days"


def values_of_sorted_column(page: Any, column: int) -> list[float | None]:
    """The first value column's numbers, top to bottom (None for "–"), read off the page."""
    texts = page.locator("tbody:not(.overview-nation) tr").evaluate_all(
        "(rows, i) => rows.map(r => r.querySelectorAll('td.num')[i].textContent.trim())", column
    )
    return [None if t == "–" else float(t.replace(".", "").replace(",", ".")) for t in texts]


def press_enter_on(page: Any, target: Any) -> None:
    """Focus ``target`` and press Enter, as a keyboard user does, and wait for the new page."""
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_overview_is_accessible_and_stays_in_the_screen(
    new_page: Any, demo: Demo, viewport: dict[str, int]
) -> None:
    page = new_page(viewport)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/indicators/overview/")
    assert page.locator("tbody:not(.overview-nation) tr").count() == 98
    assert page.locator(".demo-badge").count() == 1
    assert_no_horizontal_scroll(page)
    screenshot(page, f"national-overview-{'phone' if viewport is PHONE else 'desktop'}")
    assert_accessible(page, "the national overview")


def test_keyboard_user_sorts_by_a_value_and_filters(new_page: Any, demo: Demo) -> None:
    page = new_page(DESKTOP)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/indicators/overview/")
    press_enter_on(page, page.locator("thead th.num").first.locator("a"))
    assert f"sort={READMISSIONS}" in page.url
    assert page.locator("thead th.num").first.get_attribute("aria-sort") == "ascending"
    ascending = values_of_sorted_column(page, 0)
    known = [v for v in ascending if v is not None]
    assert known == sorted(known) and ascending[: len(known)] == known

    press_enter_on(page, page.locator("thead th.num").first.locator("a"))
    assert page.locator("thead th.num").first.get_attribute("aria-sort") == "descending"
    descending = [v for v in values_of_sorted_column(page, 0) if v is not None]
    assert descending == sorted(known, reverse=True)

    # The filter form keeps the sort: only Region Nordjylland's 11 municipalities, still sorted.
    page.select_option("#ov-region", "1081")
    press_enter_on(page, page.locator(".overview-buttons button[type=submit]"))
    assert page.locator("tbody:not(.overview-nation) tr").count() == 11
    assert page.locator("thead th.num").first.get_attribute("aria-sort") == "descending"
