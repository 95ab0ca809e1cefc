"""The indicators index /indicators/: every country's goals and indicators with how far their
values reach, the demo label, the import link for those who may import, and the nav link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client

from forbedring.web.accounts.models import User
from forbedring.web.indicators.index import build_index
from forbedring.web.indicators.models import IndicatorValue, library_indicators
from forbedring.web.organisations.models import Organisation, Role
from tests.web import factories
from tests.web.indicators.conftest import create_dk

pytestmark = pytest.mark.django_db
READMISSIONS = "dk-acute-readmissions-30-days"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def stored(db: None) -> dict[str, Organisation]:
    """Readmissions for three municipalities and the nation in 2024, two of them in 2025."""
    dk = create_dk()
    for code, years in (("0101", (2024, 2025)), ("0751", (2024, 2025)), ("0461", (2024,))):
        for year in years:
            IndicatorValue.objects.create(
                indicator=READMISSIONS, area=dk[code], period=dt.date(year, 1, 1),
                numerator=10, denominator=100, value=10.0,
            )  # fmt: skip
    IndicatorValue.objects.create(
        indicator=READMISSIONS, area=dk["DK"], period=dt.date(2025, 1, 1),
        numerator=100, denominator=1000, value=10.0, is_demo=True,
    )  # fmt: skip
    return dk


def test_index_counts_the_latest_year_and_its_areas(stored: dict[str, Organisation]) -> None:
    countries = {country.code: country for country in build_index("en")}
    assert set(countries) == {"DK", "NO"}
    items = {item.indicator.id: item for goal in countries["DK"].goals for item in goal.indicators}
    assert set(items) == {i for i, (_, c) in library_indicators().items() if c == "DK"}
    readmissions = items[READMISSIONS].coverage
    # 2025: two municipalities (the nation's value is not an area's).
    assert (readmissions.latest_year, readmissions.area_count) == (2025, 2)
    assert readmissions.is_demo and countries["DK"].is_demo and not countries["NO"].is_demo
    assert items["dk-life-expectancy"].coverage.latest_year is None


def test_index_page_lists_goals_and_links_every_indicator(stored: dict[str, Organisation]) -> None:
    member = factories.user("member")
    html = client_for(member).get("/indicators/").content.decode()
    for indicator_id in library_indicators():
        assert f'href="/indicators/{indicator_id}/"' in html
    assert "Goal 1:" in html and "Lower is better" in html and "Higher is better" in html
    assert "demo-badge" in html and "Needs review" in html
    assert 'href="/indicators/import/"' not in html
    assert 'href="/reports/status/"' not in html


def test_import_link_for_analysts_and_site_admins(stored: dict[str, Organisation]) -> None:
    for role in (Role.NATIONAL_ANALYST, Role.SITE_ADMINISTRATOR):
        person = factories.user(f"u-{role}", role)
        html = client_for(person).get("/indicators/").content.decode()
        assert 'href="/indicators/import/"' in html
        assert 'href="/reports/status/"' in html  # generating every area's report


def test_index_without_any_values_has_no_demo_label(db: None) -> None:
    html = client_for(factories.user("member")).get("/indicators/").content.decode()
    assert "demo-badge" not in html and "no values yet" in html


def test_navigation_links_the_index_for_logged_in_users(db: None) -> None:
    html = client_for(factories.user("member")).get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav is not None and 'href="/indicators/"' in nav.group(0)
    anonymous = Client().get("/indicators/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_nation_only_indicator_with_values_says_whole_country_not_zero_areas(
    stored: dict[str, Organisation],
) -> None:
    IndicatorValue.objects.create(
        indicator="dk-life-expectancy", area=stored["DK"], period=dt.date(2025, 1, 1), value=81.9
    )
    html = client_for(factories.user("member")).get("/indicators/").content.decode()
    row = re.search(r'href="/indicators/dk-life-expectancy/".*?</tr>', html, re.S)
    assert row is not None
    assert "2025" in row.group(0) and "whole country only" in row.group(0)
    assert not re.search(r'<td class="num">0</td>', row.group(0))
