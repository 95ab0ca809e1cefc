"""The indicator page /indicators/<id>/: who sees it, what it shows (funnel plot, both lights
in words, limits, method, definition, demo label), and how it answers a bad query string."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.test import Client

from forbedring.web.accounts.models import User
from forbedring.web.indicators import demo, wording
from forbedring.web.indicators.lights import indicator_lights, load_country
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation
from tests.web import factories
from tests.web.indicators.conftest import create_dk

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
READMISSIONS = "dk-acute-readmissions-30-days"
URL = f"/indicators/{READMISSIONS}/"


@pytest.fixture
def member(db: None) -> User:
    """Anyone logged in: indicator values are public national data, no role is needed."""
    return factories.user("member")


def client_for(user: User, lang: str = "en") -> Client:
    """Logged in, reading in ``lang`` (the site's default is Danish)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.fixture
def demo_values(db: None) -> None:
    demo.load_indicator_demo(TODAY)


def spec_of(html: str, element_id: str) -> dict[str, object]:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found is not None, element_id
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_anonymous_is_sent_to_login(demo_values: None) -> None:
    for url in (URL, "/indicators/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_shows_funnel_table_lights_and_method(demo_values: None, member: User) -> None:
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    response = client_for(member).get(URL, {"area": aarhus.pk})
    html = response.content.decode()
    assert response.status_code == 200
    funnel = spec_of(html, "funnel-spec")
    assert [r["name"] for r in funnel["data"]["values"] if r.get("hl")] == ["Aarhus Kommune"]
    assert spec_of(html, "trend-spec")["description"].startswith("Aarhus Kommune")
    assert funnel["description"] in html.replace("&#x27;", "'")  # the chart in words, printed
    # Every municipality's row with both lights in words (not colour alone).
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality")
    assert lights is not None
    assert html.count('title="Placement against the national value"') == len(lights.rows)
    assert html.count('title="Development since the previous period"') == len(lights.rows)
    for word in ("As expected", "Unchanged"):
        assert word in html
    assert "Funnel limits" in html and "Previous value" in html
    # The method says which limits judged and the overdispersion it found, with φ and τ²
    # written as the status report writes them.
    assert "outside the 95% limits" in html
    assert lights.placement is not None and lights.placement.limits_used == "adjusted"
    phi = wording.phi_text(lights.placement.phi, "en")
    tau2 = wording.tau2_text(lights.placement.tau2, "en")
    assert f"φ = {phi}" in html and f"τ² = {tau2}" in html
    assert "Newcombe" in html
    # Definition, review status, sources.
    assert "Needs review." in html and "Sources" in html and "Lower is better" in html
    # Demo values are labelled.
    assert "demo-badge" in html and "simulated for the demo" in html


def test_page_in_danish_writes_numbers_with_a_decimal_comma(
    demo_values: None, member: User
) -> None:
    html = client_for(member, "da").get(URL).content.decode()
    national = IndicatorValue.objects.get(
        indicator=READMISSIONS, area__name="Danmark", period=dt.date(TODAY.year - 1, 1, 1)
    ).value
    assert f"{national:.1f}".replace(".", ",") + "\u00a0%" in html
    assert spec_of(html, "funnel-spec")["config"]["locale"]["number"]["decimal"] == ","


def test_method_options_change_the_limits(demo_values: None, member: User) -> None:
    html = client_for(member).get(URL, {"limits": "998", "adjust": "no", "dev": "0.99"}).content
    text = html.decode()
    assert "outside the 99.8% limits" in text
    assert "not widened for overdispersion, as chosen" in text
    assert "99% confidence interval" in text
    legend = spec_of(text, "funnel-spec")["layer"][0]["encoding"]["strokeDash"]
    assert legend["scale"]["range"] == [[5, 4], []]  # 99.8 % solid, 95 % dashed


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"year": "1999"}, "There are no values for the year"),
        ({"year": "²"}, "There are no values for the year"),
        ({"year": "<b>x</b>"}, "There are no values for the year"),
        ({"area": "abc"}, "none is highlighted"),
        ({"area": "99999999"}, "none is highlighted"),
        ({"level": "planet"}, "That level is not available"),
        ({"limits": "50", "adjust": "maybe", "dev": "x"}, None),
    ],
)
def test_bad_parameters_fall_back_with_a_notice(
    demo_values: None, member: User, query: dict[str, str], notice: str | None
) -> None:
    response = client_for(member).get(URL, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<b>x</b>" not in html
    if notice:
        assert notice in html
    assert f'<option value="{TODAY.year - 1}" selected>' in html  # the latest year instead
    assert "funnel-spec" in html


def test_an_area_of_another_level_is_not_highlighted(demo_values: None, member: User) -> None:
    region = Organisation.objects.get(name="Region Midtjylland")
    html = client_for(member).get(URL, {"area": region.pk}).content.decode()
    assert "none is highlighted" in html
    html = client_for(member).get(URL, {"area": region.pk, "level": "region"}).content.decode()
    assert "none is highlighted" not in html
    funnel = spec_of(html, "funnel-spec")
    assert [r["name"] for r in funnel["data"]["values"] if r.get("hl")] == ["Region Midtjylland"]


def test_earlier_year_and_regions(demo_values: None, member: User) -> None:
    year = TODAY.year - 3
    html = client_for(member).get(URL, {"level": "region", "year": str(year)}).content.decode()
    funnel = spec_of(html, "funnel-spec")
    assert str(year) in funnel["title"]["subtitle"]
    assert len([r for r in funnel["data"]["values"] if r["row"] == "point"]) == 5


def test_value_only_indicator_has_no_funnel_but_says_why(demo_values: None, member: User) -> None:
    html = client_for(member).get("/indicators/dk-rehabilitation-waiting-time/").content.decode()
    assert "published as a value only" in html
    funnel = spec_of(html, "funnel-spec")
    assert not [r for r in funnel["data"]["values"] if r["row"] == "limit"]
    assert 'name="limits"' not in html  # no method options for a value that is not tested


def test_nation_only_indicator_shows_the_national_series(member: User) -> None:
    create_dk()
    nation = Organisation.objects.get(name="Danmark")
    IndicatorValue.objects.create(
        indicator="dk-life-expectancy", area=nation, period=dt.date(2024, 1, 1), value=81.4
    )
    html = client_for(member).get("/indicators/dk-life-expectancy/").content.decode()
    assert "published for the whole country only" in html
    assert "81.4 years" in html and "demo-badge" not in html
    assert '<th scope="col" class="num">Numerator</th>' not in html  # a value only
    trend = spec_of(html, "nation-trend-spec")
    assert [row["y"] for row in trend["data"]["values"]] == [81.4]
    assert trend["description"] in html


def test_nation_only_proportion_has_its_unit_counts_and_a_trend(member: User) -> None:
    create_dk()
    nation = Organisation.objects.get(name="Danmark")
    for year, smokers in ((2021, 27_000), (2023, 25_200)):
        IndicatorValue.objects.create(
            indicator="dk-daily-smokers", area=nation, period=dt.date(year, 1, 1),
            numerator=smokers, denominator=180_000, value=smokers / 1800,
        )  # fmt: skip
    html = client_for(member, "da").get("/indicators/dk-daily-smokers/").content.decode()
    # Newest first, one number of decimals, with the unit; the counts in their own columns.
    assert html.index("14,0\u00a0%") < html.index("15,0\u00a0%")
    assert '<th scope="col" class="num">Tæller</th>' in html
    assert "25.200" in html and "180.000" in html
    trend = spec_of(html, "nation-trend-spec")
    values = [row["y"] for row in trend["data"]["values"]]
    assert values == [pytest.approx(15.0), pytest.approx(14.0)]  # oldest first


def test_indicator_without_values_says_so(member: User) -> None:
    create_dk()
    response = client_for(member).get(URL)
    assert response.status_code == 200
    assert "No values of this indicator are stored yet." in response.content.decode()


def test_unknown_indicator_is_missing(member: User) -> None:
    assert client_for(member).get("/indicators/no-such-indicator/").status_code == 404


DIAGNOSIS = "dk-diagnosis-within-30-days"  # regions, quarterly, a proportion (higher is better)
QUARTERS = [dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1)]


@pytest.fixture
def quarterly(db: None) -> dict[str, Organisation]:
    """Two regions' and the nation's quarters; a yearly value of the same indicator too, which
    a quarterly indicator's page must not mix in."""
    dk = create_dk()
    values = {
        "1084": [(700, 1000), (720, 1000), (820, 1000)],  # a clear rise in the third quarter
        "1085": [(690, 1000), (700, 1000), (700, 1000)],
    }
    for code, counts in values.items():
        for period, (o, n) in zip(QUARTERS, counts, strict=True):
            IndicatorValue.objects.create(
                indicator=DIAGNOSIS, area=dk[code], period=period, period_kind="quarter",
                numerator=o, denominator=n, value=o / n * 100,
            )  # fmt: skip
    for period in QUARTERS:
        IndicatorValue.objects.create(
            indicator=DIAGNOSIS, area=dk["DK"], period=period, period_kind="quarter",
            numerator=7000, denominator=10000, value=70.0,
        )  # fmt: skip
    IndicatorValue.objects.create(
        indicator=DIAGNOSIS, area=dk["1084"], period=dt.date(2023, 1, 1), period_kind="year",
        numerator=1, denominator=2, value=50.0,
    )  # fmt: skip
    return dk


def test_a_quarterly_indicator_is_shown_by_quarter(
    quarterly: dict[str, Organisation], member: User
) -> None:
    html = client_for(member).get(f"/indicators/{DIAGNOSIS}/").content.decode()
    # The quarters with values, newest first and chosen; the yearly value is not offered.
    select = re.search(r'<select id="ind-year" name="year">(.*?)</select>', html, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1))
    assert [(key, label) for key, _selected, label in options] == [
        ("2025-Q3", "2025 Q3"), ("2025-Q2", "2025 Q2"), ("2025-Q1", "2025 Q1"),
    ]  # fmt: skip
    assert options[0][1] == " selected"
    assert "All areas in 2025 Q3" in html and "The previous value is from 2025 Q2" in html
    # 72.0 % -> 82.0 % of 1,000 in Region Hovedstaden: improved since the quarter before.
    lights = indicator_lights(load_country("DK", "quarter"), DIAGNOSIS, "region", QUARTERS[2])
    assert lights is not None
    row = lights.row_for(quarterly["1084"].pk)
    assert row is not None and row.development.name == "IMPROVED"
    assert "82.0" in html


def test_a_quarter_is_chosen_by_its_key_and_a_year_is_refused(
    quarterly: dict[str, Organisation], member: User
) -> None:
    client = client_for(member, "da")
    html = client.get(f"/indicators/{DIAGNOSIS}/?year=2025-Q1").content.decode()
    assert '<option value="2025-Q1" selected>2025 K1</option>' in html
    html = client.get(f"/indicators/{DIAGNOSIS}/?year=2023").content.decode()
    assert '<option value="2025-Q3" selected>' in html  # the latest quarter instead
    assert "2023" in html and 'class="message warning"' in html


def test_the_index_gives_a_quarterly_indicators_latest_quarter(
    quarterly: dict[str, Organisation], member: User
) -> None:
    html = client_for(member).get("/indicators/").content.decode()
    row = re.search(rf'href="/indicators/{DIAGNOSIS}/".*?</tr>', html, re.S)
    assert row is not None and "2025 Q3" in row.group(0)
