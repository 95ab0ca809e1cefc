"""The indicator page and index in a real browser, on the demo's values: the funnel plot and
the highlighted area's trend are drawn by vega-embed under the site's content security policy,
axe-core finds no WCAG 2.1 A/AA violation, a phone never scrolls sideways, and choosing an area
in the form highlights it."""

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
    wait_for_charts,
)

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/indicators/dk-preventable-admissions-65-plus/"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_indicator_page_draws_its_charts_accessibly(
    new_page: Any, demo: Demo, viewport: dict[str, int]
) -> None:
    from forbedring.web.organisations.models import Organisation

    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    page = new_page(viewport)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}{URL}?area={aarhus.pk}")
    assert wait_for_charts(page) == 2
    # The highlighted area is named in the drawn funnel, not only in the data.
    drawn = page.locator("#funnel-heading ~ figure svg").first.text_content()
    assert drawn is not None and "Aarhus Kommune" in drawn
    assert page.locator(".demo-badge").count() == 1
    assert_no_horizontal_scroll(page)
    screenshot(page, f"indicator-page-{'phone' if viewport is PHONE else 'desktop'}")
    assert_accessible(page, "the indicator page")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nation_only_indicator_draws_its_trend_accessibly(
    new_page: Any, demo: Demo, viewport: dict[str, int]
) -> None:
    page = new_page(viewport, locale="en-GB")
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/indicators/dk-daily-smokers/")
    assert wait_for_charts(page) == 1
    drawn = page.locator("#nation-heading ~ figure svg").first.text_content()
    assert drawn is not None and "Danmark" in drawn
    assert page.locator("#nation-heading ~ table tbody tr").count() == 3
    assert_no_horizontal_scroll(page)
    assert_accessible(page, "a nation-only indicator page")


def test_choosing_an_area_highlights_it(new_page: Any, demo: Demo) -> None:
    page = new_page(DESKTOP)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}{URL}")
    wait_for_charts(page)
    page.select_option("#ind-area", label="Odense Kommune")
    with page.expect_navigation():
        page.locator("form.overview-form button[type=submit]").click()
    assert wait_for_charts(page) == 2
    assert "Odense Kommune" in page.locator("#funnel-summary").inner_text()


def test_index_is_accessible(new_page: Any, demo: Demo) -> None:
    page = new_page(DESKTOP)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/indicators/")
    page.locator(f'a[href="{URL}"]').first.wait_for()
    assert_accessible(page, "the indicators index")
