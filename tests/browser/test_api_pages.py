"""The API's pages in a real browser: the account page that makes and revokes tokens (WCAG 2.1
AA, phone width) and the API docs (Swagger UI from this site, under its content security
policy, calling the API with a pasted token)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    Demo,
    assert_no_horizontal_scroll,
    axe_results,
    describe,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_account_page_makes_shows_once_and_revokes_a_token(
    page: Any, demo: Demo, viewport: str
) -> None:
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, demo.url, "team")
    page.goto(f"{demo.url}/")
    page.locator("a.who").click()
    page.wait_for_url(f"{demo.url}/accounts/me/")
    page.fill("#id_name", "Månedlig eksport")
    page.locator("input[name=scope][value=read_write]").check()
    page.locator("button[type=submit].primary").click()
    token = page.locator("#new-token-value").input_value()
    assert token.startswith("fbr_")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"account-{viewport}")
    violations = [v for v in axe_results(page) if v["impact"] in BLOCKING]
    assert not violations, f"axe-core on the account page:\n{describe(violations)}"

    page.goto(f"{demo.url}/accounts/me/")
    assert page.locator("#new-token-value").count() == 0
    page.get_by_role("button", name="Månedlig eksport").click()
    expect(page.locator(".messages")).to_contain_text("Månedlig eksport")
    assert page.locator("tbody form").count() == 0


def test_docs_page_lists_the_operations_and_calls_the_api(page: Any, demo: Demo) -> None:
    from forbedring.web.accounts.models import User
    from forbedring.web.api.tokens import create_token

    _token, plain = create_token(by=User.objects.get(username="team"), name="docs", scope="read")
    page.goto(f"{demo.url}/api/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() == 10
    page.locator("button.authorize").click()
    page.locator(".modal-ux input[type=text]").fill(plain)
    page.locator(".modal-ux button[type=submit]").click()
    page.locator(".modal-ux button.close-modal").click()
    teams = page.locator("#operations-read-list_teams")
    teams.locator(".opblock-summary").click()
    teams.get_by_role("button", name="Try it out").click()
    teams.get_by_role("button", name="Execute").click()
    expect(teams.locator(".live-responses-table tbody .response-col_status").first).to_have_text(
        "200"
    )
