"""WCAG 2.1 AA on every main page, in Danish: axe-core finds no serious or critical violation,
and the data entry page can be used with the keyboard alone, focus always visible.

axe-core checks what a machine can (names, roles, contrast, language, structure); the keyboard
test checks what it cannot: the order of the fields and that the focused one shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    Demo,
    axe_results,
    describe,
    log_in,
    screenshot,
    sign_in,
    wait_for_charts,
)

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = ("serious", "critical")


def _login(page: Any, demo: Demo) -> int:
    page.goto(f"{demo.url}/accounts/login/")
    return 200


def _login_failed(page: Any, demo: Demo) -> int:
    log_in(page, demo.url, "team", "not the password")
    assert page.locator("[role=alert]").count() == 1
    return 200


def _home_of_leader(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "leader")
    page.goto(f"{demo.url}/")
    assert page.locator(".team-list li").count() >= 3
    return 200


def _team_home(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "team")
    page.goto(demo.team_url())
    return 200


def _team_home_read_only(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "leader")
    page.goto(demo.team_url())
    return 200


def _entry(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "team")
    page.goto(demo.team_url("entry/"))
    return 200


def _entry_with_errors(page: Any, demo: Demo) -> int:
    _entry(page, demo)
    page.fill(f"#id_m{demo.falls.pk}-numerator", "tre")
    page.fill(f"#id_m{demo.falls.pk}-denominator", "")
    page.click("form.entry-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.locator("[aria-invalid=true]").count() >= 1
    return 200


def _entry_saved(page: Any, demo: Demo) -> int:
    _entry(page, demo)
    page.fill(f"#id_m{demo.falls.pk}-numerator", "4")
    page.fill(f"#id_m{demo.falls.pk}-denominator", "930,5")
    page.click("form.entry-form button[type=submit]")
    page.wait_for_selector(".message.success")
    return 200


def _entry_on_phone(page: Any, demo: Demo) -> int:
    page.set_viewport_size(PHONE)
    return _entry(page, demo)


def _measure(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "team")
    page.goto(demo.measure_url())
    return 200


def _measure_on_phone(page: Any, demo: Demo) -> int:
    page.set_viewport_size(PHONE)
    return _measure(page, demo)


def _measure_event_errors(page: Any, demo: Demo) -> int:
    _measure(page, demo)
    form = page.locator("form.event-form")
    form.locator("select").first.select_option("exclude")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    return 200


def _new_measure(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "admin")
    page.goto(demo.team_url("measures/new/"))
    return 200


def _new_measure_with_errors(page: Any, demo: Demo) -> int:
    _new_measure(page, demo)
    # The browser's own checks of required fields would stop the form; the server's messages
    # are what is checked here, as a browser without those checks shows them.
    page.fill("#id_name", "Faldrisiko")
    page.evaluate("() => { document.querySelector('form.measure-form').noValidate = true; }")
    page.click("form.measure-form button[type=submit].primary")
    page.wait_for_selector(".error-summary")
    return 200


def _not_found(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "team")
    return int(page.goto(demo.team_url(team=demo.other_team)).status)


def _forbidden(page: Any, demo: Demo) -> int:
    sign_in(page, demo.url, "leader")
    return int(page.goto(demo.team_url("entry/")).status)


PAGES: dict[str, tuple[Callable[[Any, Demo], int], int]] = {
    "login": (_login, 200),
    "login-failed": (_login_failed, 200),
    "home-leader": (_home_of_leader, 200),
    "team-home": (_team_home, 200),
    "team-home-read-only": (_team_home_read_only, 200),
    "entry": (_entry, 200),
    "entry-errors": (_entry_with_errors, 200),
    "entry-saved": (_entry_saved, 200),
    "entry-phone": (_entry_on_phone, 200),
    "measure": (_measure, 200),
    "measure-phone": (_measure_on_phone, 200),
    "measure-event-errors": (_measure_event_errors, 200),
    "measure-new": (_new_measure, 200),
    "measure-new-errors": (_new_measure_with_errors, 200),
    "404": (_not_found, 404),
    "403": (_forbidden, 403),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_wcag_violations(page: Any, demo: Demo, name: str) -> None:
    open_page, status = PAGES[name]
    assert open_page(page, demo) == status
    wait_for_charts(page)
    assert page.locator("html").get_attribute("lang") == "da"
    screenshot(page, f"a11y-{name}")
    violations = [v for v in axe_results(page) if v["impact"] in BLOCKING]
    assert not violations, f"axe-core on {name} ({page.url}):\n{describe(violations)}"


# ---- Charts ----


@pytest.mark.parametrize("where", ["team-home", "measure"])
def test_charts_are_images_with_a_name_and_the_summary_as_description(
    page: Any, demo: Demo, where: str
) -> None:
    sign_in(page, demo.url, "team")
    page.goto(demo.team_url() if where == "team-home" else demo.measure_url())
    count = wait_for_charts(page)
    assert count >= 1
    charts = page.locator("[data-chart-spec]")
    for index in range(count):
        chart = charts.nth(index)
        # Vega would make its element a "graphics-document" named by the spec: the container
        # must keep its own role and name, and point to the summary in words.
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label")
        summary = page.locator(f"#{chart.get_attribute('aria-describedby')}")
        assert len(summary.text_content() or "") > 40
    # One image per chart; none of the SVG's marks reaches assistive technology.
    expect(page.get_by_role("img")).to_have_count(count)
    for index in range(count):
        tree = charts.nth(index).aria_snapshot()
        assert "graphics" not in tree and "svg" not in tree.lower()


# ---- Keyboard ----

FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const seen = document.elementFromPoint(x, y);
    return {
        tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '',
        text: (el.textContent || '').trim().slice(0, 40),
        save: el.type === 'submit' && el.closest('form.entry-form') !== null,
        outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
        boxShadow: style.boxShadow,
        inView: y >= 0 && y <= window.innerHeight,
        covered: !(seen && (seen === el || el.contains(seen) || seen.contains(el))),
    };
}"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_entry_keyboard_reaches_every_field_in_order_with_visible_focus(
    page: Any, demo: Demo, viewport: str
) -> None:
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, demo.url, "team")
    page.goto(demo.team_url("entry/"))
    form = "form.entry-form"
    fields = page.eval_on_selector_all(
        f"{form} input:not([type=hidden]), {form} select, {form} textarea",
        "els => els.map(e => e.id)",
    )
    assert len(fields) >= 9  # three monthly measures: numerator, denominator, comment

    reached: list[dict[str, Any]] = []
    for _step in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        reached.append(state)
        if state["save"] or state["tag"] == "body":
            break
    order = [s["id"] for s in reached if s["id"] in fields]
    assert order == fields, "Tab does not reach the fields in their order"
    last = reached[-1]
    assert last["save"], "Tab does not reach the Save button"

    for state in reached:
        what = f"{state['tag']}#{state['id']} {state['text']!r}"
        assert state["outlineStyle"] != "none" and state["outlineWidth"] >= 2, (
            f"no visible focus on {what}"
        )
        assert state["inView"], f"the focused {what} is outside the window"
        assert not state["covered"], f"the focused {what} is hidden behind another element"
