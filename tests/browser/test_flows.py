"""The main journeys in a real browser: a team enters a month and sees its chart grow, the page
changes language, other teams stay hidden, a leader only reads, and a phone works.

Each test loads the demo (see conftest): the demo team `team` (Solgården 1. sal) has not yet
entered the last completed month, which the entry page opens on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from forbedring.charts.locales import month_names
from forbedring.charts.model import Lang
from forbedring.charts.texts import text
from forbedring.web.measures.forms_entry import period_label
from forbedring.web.measures.views_entry import default_period
from tests.browser.conftest import (
    PHONE,
    Demo,
    assert_no_horizontal_scroll,
    log_in,
    screenshot,
    sign_in,
    wait_for_charts,
)

pytestmark = pytest.mark.django_db(transaction=True)

POINTS = ".chart svg .points_marks path"  # vega's marks of the spec's "points" layer
SAVE = "form.entry-form button[type=submit]"


def _open_period() -> str:
    """The period the entry page opens on (the last completed month), as Danish writes it."""
    with translation.override("da"):
        return period_label(default_period("month", timezone.localdate()), "month")


def _enter_falls(page: Any, demo: Demo, numerator: str, denominator: str) -> None:
    row = f"#id_m{demo.falls.pk}"
    expect(page.locator(f"{row}-numerator")).to_have_value("")  # not yet entered
    page.fill(f"{row}-numerator", numerator)
    page.fill(f"{row}-denominator", denominator)
    page.fill(f"{row}-comment", "Ny faldrutine")


def test_entry_saves_a_month_and_the_chart_grows(page: Any, demo: Demo) -> None:
    log_in(page, demo.url, "team", "demo")
    assert page.url == demo.team_url()  # the only team: straight to its home
    page.goto(demo.measure_url())
    wait_for_charts(page)
    points = page.locator(POINTS).count()
    rows = page.locator(".data-table tbody tr").count()
    assert points == rows > 12

    page.click(".page-actions a[href$='/entry/']")
    expect(page).to_have_url(re.compile(r"/entry/$"))
    assert _open_period() in page.locator("h1").inner_text()
    _enter_falls(page, demo, "4", "930,5")  # Danish decimal comma
    page.click(SAVE)

    success = page.locator(".message.success")
    expect(success).to_be_visible()
    expect(success).to_contain_text(_open_period())
    # The saved values come back the Danish way, and who saved them is shown.
    expect(page.locator(f"#id_m{demo.falls.pk}-denominator")).to_have_value("930,5")
    expect(page.locator(f"#row-m{demo.falls.pk} .saved")).to_contain_text("Mette Jensen")

    page.goto(demo.measure_url())
    wait_for_charts(page)
    expect(page.locator(POINTS)).to_have_count(points + 1)
    expect(page.locator(".data-table tbody tr")).to_have_count(rows + 1)
    newest = page.locator(".data-table tbody tr").first
    expect(newest).to_contain_text("Ny faldrutine")
    # 4 falls in 930.5 resident-days (shown without decimals from 100 on): 4.3 per 1,000.
    expect(newest.locator("td.num")).to_have_text(["4", "931", "4,3"])
    screenshot(page, "measure-after-entry")


def _chart_speaks(page: Any, lang: Lang) -> None:
    """The chart's summary, month names and decimals are in ``lang``."""
    summary = page.locator("#chart-summary").inner_text()
    assert summary.startswith(text("chart_u", lang)), summary[:80]
    months = set(month_names(lang, short=True))
    labels = page.locator(".chart svg .role-axis-label text").all_text_contents()
    dated = [label for label in labels if re.fullmatch(r"\S+ \d{4}", label)]
    assert dated, labels
    assert all(label.split()[0] in months for label in dated), (lang, dated)
    decimals = [
        label
        for label in page.locator(".chart svg text").all_text_contents()
        if re.fullmatch(r"\d+[.,]\d{1,2}", label)
    ]
    assert decimals, "the chart shows no decimal number"
    comma = lang in ("da", "nb")
    assert all(("," in number) == comma for number in decimals), (lang, decimals)


def test_language_switch_changes_page_and_chart(page: Any, demo: Demo) -> None:
    sign_in(page, demo.url, "team")
    page.goto(demo.measure_url())
    wait_for_charts(page)
    assert page.locator("html").get_attribute("lang") == "da"
    _chart_speaks(page, "da")

    summaries = {page.locator("#chart-summary").inner_text()}
    switches: tuple[Lang, ...] = ("nb", "en")
    for lang in switches:
        page.select_option("#language-select", lang)
        with page.expect_navigation():
            page.click("form.language button[type=submit]")
        assert page.url == demo.measure_url()  # the switch stays on the page
        wait_for_charts(page)
        assert page.locator("html").get_attribute("lang") == lang
        expect(page.locator("#language-select")).to_have_value(lang)
        _chart_speaks(page, lang)
        summaries.add(page.locator("#chart-summary").inner_text())
        # The page's own words follow the message catalogue, however far its translation is.
        with translation.override(lang):
            enter_data = gettext("Enter data")
        expect(page.locator(".page-actions a").first).to_have_text(enter_data)
    assert len(summaries) == 3
    screenshot(page, "measure-en")


def test_team_user_gets_not_found_for_another_team(page: Any, demo: Demo) -> None:
    sign_in(page, demo.url, "team")
    other = demo.other_team
    for url in (
        demo.team_url(team=other),
        demo.team_url("entry/", team=other),
        demo.measure_url(team=other),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        html = page.content()
        assert other.name not in html and other.unit.name not in html
        # Nothing of the team's data: no chart, no values, no notes in its language.
        assert page.locator("[data-chart-spec], .data-table, form.entry-form").count() == 0
        assert "Tiltakspakke" not in html
        assert page.locator("html").get_attribute("lang") == "da"
        expect(page.locator("main h1")).to_have_count(1)
    screenshot(page, "not-found")
    # Their own team is still theirs.
    response = page.goto(demo.team_url())
    assert response is not None and response.status == 200


def test_leader_reads_team_home_but_may_not_enter_data(page: Any, demo: Demo) -> None:
    sign_in(page, demo.url, "leader")
    page.goto(f"{demo.url}/")
    teams = page.locator(".team-list a")
    expect(teams).to_have_count(3)  # Aarhus's three teams
    page.click(f".team-list a[href='/teams/{demo.team.pk}/']")
    assert wait_for_charts(page) == 4
    expect(page.locator("main .notice")).to_be_visible()  # "read-only"
    expect(page.locator("a[href*='/entry/']")).to_have_count(0)
    expect(page.locator("a[href$='/measures/new/']")).to_have_count(0)

    page.click(f".card-title a[href$='/measures/{demo.falls.pk}/']")
    wait_for_charts(page)
    expect(page.locator("a[href*='/entry/']")).to_have_count(0)
    expect(page.locator("form.event-form, form.event-delete")).to_have_count(0)

    response = page.goto(demo.team_url("entry/"))
    assert response is not None and response.status == 403
    expect(page.locator("form.entry-form")).to_have_count(0)
    expect(page.locator("main h1")).to_have_count(1)
    screenshot(page, "forbidden")


def test_phone_enters_data_without_sideways_scrolling(
    new_page: Callable[..., Any], demo: Demo
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"{demo.url}/accounts/login/")
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-login")
    log_in(page, demo.url, "team", "demo")
    wait_for_charts(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-team-home")

    page.locator(".page-actions a[href$='/entry/']").tap()
    expect(page).to_have_url(re.compile(r"/entry/$"))
    assert_no_horizontal_scroll(page)
    _enter_falls(page, demo, "3", "912")
    # Every field is as wide as the screen allows, never wider.
    widths = page.eval_on_selector_all(
        "form.entry-form input:not([type=hidden])",
        "els => els.map(e => e.getBoundingClientRect().right)",
    )
    assert max(widths) <= PHONE["width"]
    screenshot(page, "phone-entry")
    page.locator(SAVE).tap()
    expect(page.locator(".message.success")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "phone-entry-saved")

    page.goto(demo.measure_url())
    wait_for_charts(page)
    assert_no_horizontal_scroll(page)
    # The narrow variant of the chart is drawn: it fits the screen.
    chart = page.locator(".chart svg").first.bounding_box()
    assert chart is not None and chart["x"] + chart["width"] <= PHONE["width"]
    screenshot(page, "phone-measure")
