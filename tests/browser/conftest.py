"""Browser tests: Playwright driving Debian's Chromium against a live test server.

Playwright cannot download its own browsers here, so the tests use the system Chromium
(`apt-get install chromium`, done by `make setup`). axe-core comes from the npm registry
(`npm ci`, also done by `make setup`) and is evaluated in every page checked.

One browser serves the whole session; every test gets a fresh context (cookies, language) and
its own copy of the demo data (`load_demo` takes a tenth of a second). pytest-django's
`live_server` serves the static files too (Vega, htmx) through Django's StaticFilesHandler.
A page that throws a JavaScript error, breaks the content security policy or fails to load one
of its own files fails the test that opened it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard against using the
# ORM from async code would trip on the live server's database set-up done here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPOSITORY = Path(__file__).resolve().parents[2]
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots for a person to look at: FORBEDRING_SCREENSHOTS=/some/dir pytest tests/browser
SCREENSHOTS = os.environ.get("FORBEDRING_SCREENSHOTS")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def _require(path: str | Path, what: str) -> None:
    if not Path(path).exists():
        # In CI a missing browser is a set-up failure, not a reason to skip.
        message = f"{what} not found at {path}; run `make setup`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _watch(tab: Any, problems: list[str]) -> None:
    """Collect what breaks a page: script errors, blocked scripts, missing files of its own."""
    tab.on("pageerror", lambda error: problems.append(f"{tab.url}: script error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"{tab.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    # Documents may answer 403 and 404 on purpose; their scripts, styles and data may not.
    tab.on(
        "response",
        lambda response: (
            problems.append(f"{tab.url}: {response.status} for {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens a tab in a fresh context (Danish by default); ``viewport=PHONE`` for a phone."""
    contexts: list[Any] = []
    problems: list[str] = []

    def open_tab(viewport: dict[str, int] = DESKTOP, locale: str = "da-DK") -> Any:
        phone = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        _watch(tab, problems)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("The pages had errors:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


# ---- Data ----


@dataclass
class Demo:
    """The demo data in the test database, and the live server's address."""

    url: str
    team: Any  # the demo team, Solgården 1. sal (Aarhus), with the user `team`
    other_team: Any  # a Norwegian team `team` and `leader` may not see
    falls: Any  # a monthly U chart of the demo team, its latest month not yet entered

    def team_url(self, suffix: str = "", team: Any = None) -> str:
        return f"{self.url}/teams/{(team or self.team).pk}/{suffix}"

    def measure_url(self, measure: Any = None, team: Any = None) -> str:
        return self.team_url(f"measures/{(measure or self.falls).pk}/", team)


@pytest.fixture
def demo(live_server: Any, transactional_db: None) -> Demo:
    from forbedring.web.core import demo as demo_data
    from forbedring.web.measures.models import Measure
    from forbedring.web.organisations.models import Team

    demo_data.load_demo()
    return Demo(
        url=live_server.url,
        team=Team.objects.get(name=demo_data.DEMO_TEAM),
        other_team=Team.objects.get(name="Fjordtun avdeling A"),
        falls=Measure.objects.get(name=demo_data.MEASURES["DK"][demo_data.FALLS]["name"]),
    )


# ---- Helpers ----


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Log in through the login form, as a person does."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")


def sign_in(page: Any, base_url: str, username: str) -> None:
    """Start the tab's session as ``username`` without the login form (faster)."""
    from django.conf import settings
    from django.test import Client

    from forbedring.web.accounts.models import User

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def wait_for_charts(page: Any) -> int:
    """Wait until vega-embed has drawn every chart on the page; the number of charts."""
    charts = page.locator("[data-chart-spec]")
    count = int(charts.count())
    for index in range(count):
        charts.nth(index).locator("svg").first.wait_for(state="attached")
    assert page.locator(".chart-error").count() == 0, "a chart could not be drawn"
    return count


def assert_no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert width["scroll"] <= width["inner"], f"{page.url} scrolls sideways: {width}"


def screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def axe_results(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the current page, all impacts."""
    _require(AXE, "axe-core")
    # Evaluated rather than added as a <script>: the site's content security policy rightly
    # blocks inline scripts, and the check must not loosen it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_accessible(page: Any, where: str) -> None:
    """No WCAG 2.1 A/AA violation that axe-core finds on the current page; ``where`` names the
    page in the failure message."""
    violations = axe_results(page)
    assert not violations, f"axe-core on {where}:\n{describe(violations)}"


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list: rule, impact, what it asks, and up to three elements with the fix."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:3]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 3:
            lines.append(f"    ... and {len(v['nodes']) - 3} more")
    return "\n".join(lines)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """One line per violation of the given impacts (the short form of ``describe``)."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. "
        f"{v['nodes'][0]['target']}"
        for v in axe_results(page)
        if v["impact"] in impacts
    ]
