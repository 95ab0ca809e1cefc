"""The national overview page and its CSV file: who sees them, what they say, and that no
query parameter breaks them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forbedring.web.accounts.models import User
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.indicators.views_overview import optional_url
from forbedring.web.organisations.models import Organisation
from tests.web import factories
from tests.web.indicators.overview_data import READMISSIONS, Y2024, Y2025, create_world, value

pytestmark = pytest.mark.django_db
URL = "/indicators/overview/"


@pytest.fixture
def world(db: None) -> dict[str, Organisation]:
    return create_world()


def client(language: str = "en") -> Client:
    browser = Client()
    # No role at all: the figures are public to everyone logged in.
    person = User.objects.filter(username="nobody").first() or factories.user("nobody")
    browser.force_login(person)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


def body_rows(html: str) -> list[str]:
    """The areas' names in the table body, in order (the nation's row is in its own body)."""
    body = html.split("<tbody>\n", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)', body)


def test_the_url_is_named() -> None:
    assert reverse("indicators:overview") == URL


def test_anonymous_is_sent_to_login(world: dict[str, Organisation]) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Client().get(URL + "?format=csv").status_code == 302


def test_any_logged_in_user_sees_the_table(world: dict[str, Organisation]) -> None:
    response = client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acute somatic readmissions within 30 days" in html
    assert body_rows(html) == [
        "Aalborg Kommune", "Aarhus Kommune", "Ballerup Kommune", "Frederiksberg Kommune",
        "Københavns Kommune", "Odense Kommune", "Ærø Kommune",
    ]  # fmt: skip
    assert (
        'href="/indicators/dk-acute-readmissions-30-days/?level=municipality&amp;year=2025"' in html
    )


def test_lights_are_words_for_screen_readers(world: dict[str, Organisation]) -> None:
    html = client().get(URL + "?q=0101").content.decode()
    row = html.split("<tbody>\n", 1)[1]
    # København: worse than the national value, unchanged since the year before.
    assert '<span class="visually-hidden">Worse</span>' in row
    assert '<span class="visually-hidden">Unchanged</span>' in row
    assert 'title="Worse"' in row  # and a tooltip for sighted mouse users


def test_headers_announce_the_sort(world: dict[str, Organisation]) -> None:
    html = client().get(URL).content.decode()
    assert re.search(
        r'<th scope="col" rowspan="3" class="overview-area" aria-sort="ascending">', html
    )
    html = client().get(f"{URL}?sort={READMISSIONS}&dir=desc").content.decode()
    assert 'aria-sort="descending"' in html and 'aria-sort="ascending"' not in html
    assert body_rows(html)[:2] == ["Københavns Kommune", "Ballerup Kommune"]
    # The sorted column's link turns the order around; the filters stay in it.
    html = client().get(f"{URL}?sort={READMISSIONS}&region=1084").content.decode()
    assert (
        f"?country=DK&amp;level=municipality&amp;region=1084&amp;sort={READMISSIONS}&amp;dir=desc"
        in html
    )


def test_region_filter_is_offered_for_danish_municipalities_only(
    world: dict[str, Organisation],
) -> None:
    assert 'name="region"' in client().get(URL).content.decode()
    Organisation.objects.create(name="Bergen kommune", kind="municipality", country="NO")
    assert 'name="region"' not in client().get(URL + "?country=NO").content.decode()
    assert 'name="region"' not in client().get(URL + "?level=region").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "country=XX", "level=foo", "year=abcd", "year=1850", "sort=nonsense", "dir=sideways",
        "limits=7&adjust=maybe&dev=abc", "dev=nan", "goal=%00", "region=<script>",
        "q=" + "x" * 5000, "problems=maybe", "format=pdf", "country=NO&level=region",
    ],
)  # fmt: skip
def test_bad_parameters_give_the_defaults_not_an_error(
    world: dict[str, Organisation], query: str
) -> None:
    response = client().get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_no_area_matching_says_so_across_the_whole_table(world: dict[str, Organisation]) -> None:
    html = client().get(URL + "?q=Atlantis").content.decode()
    # Area, region, readmissions (3), waiting time (1), preventable admissions (3).
    assert '<td colspan="9">No area matches the filters.' in html


def test_national_value_pooled_from_the_areas_says_so(world: dict[str, Organisation]) -> None:
    IndicatorValue.objects.filter(indicator=READMISSIONS, area=world["DK"]).delete()
    html = client().get(URL).content.decode()
    nation = html.split('<tbody class="overview-nation">', 1)[1].split("</tbody>", 1)[0]
    # (300 + 100 + 125 + 95 + 105) of 5 × 1000 admissions: 14.5 %.
    assert '14.5<span class="overview-sub">pooled from the areas</span>' in nation
    assert "16.0</td>" in nation  # the waiting time's national value is Danmark's own


def test_national_row_without_a_nation_in_the_database(world: dict[str, Organisation]) -> None:
    IndicatorValue.objects.filter(area=world["DK"]).delete()
    world["DK"].delete()
    html = client().get(URL).content.decode()
    nation = html.split('<tbody class="overview-nation">', 1)[1].split("</tbody>", 1)[0]
    assert '<th scope="row">National value</th>' in nation and "14.5" in nation
    lines = client().get(URL + "?format=csv").content.decode().splitlines()
    assert lines[1].startswith("National value,,,14.5,")


def test_a_year_without_values_says_so(world: dict[str, Organisation]) -> None:
    html = client().get(URL + "?year=1850").content.decode()
    assert "There are no values for 1850" in html


def test_method_options_change_the_lights_and_the_words(world: dict[str, Organisation]) -> None:
    default = client().get(URL + "?adjust=no").content.decode()
    strict = client().get(URL + "?adjust=no&limits=998").content.decode()
    assert default.count('visually-hidden">Worse<') == 2
    assert strict.count('visually-hidden">Worse<') == 1
    assert "outside the 99.8% limits" in strict and "not widened for overdispersion" in strict
    # The indicator links keep the level, year and method: the indicator page shows the same
    # lights.
    link = (
        f"/indicators/{READMISSIONS}/?level=municipality&amp;year=2025&amp;limits=998&amp;adjust=no"
    )
    assert f'href="{link}"' in strict


def test_counts_under_the_table(world: dict[str, Organisation]) -> None:
    html = client().get(URL + "?adjust=no").content.decode()
    foot = html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    worse = foot.split("overview-count-worse", 1)[1].split("</tr>", 1)[0]
    improved = foot.split("overview-count-improved", 1)[1].split("</tr>", 1)[0]
    # Region, then readmissions' value, placement and development cells.
    assert re.findall(r"<td[^>]*>([^<]*)</td>", worse)[:4] == ["", "", "2", ""]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", improved)[:4] == ["", "", "", "1"]


def test_demo_values_are_labelled(db: None) -> None:
    create_world(is_demo=True)
    html = client().get(URL).content.decode()
    assert "demo-badge" in html and "simulated for the demo" in html
    csv = client().get(URL + "?format=csv")
    assert "national-overview-demo-dk-municipality-" in csv["Content-Disposition"]


def test_published_values_carry_no_demo_label(world: dict[str, Organisation]) -> None:
    assert "demo-badge" not in client().get(URL).content.decode()
    assert "demo" not in client().get(URL + "?format=csv")["Content-Disposition"]


def test_csv_in_danish_uses_semicolons_decimal_comma_and_a_bom(
    world: dict[str, Organisation],
) -> None:
    response = client("da").get(URL + "?format=csv&adjust=no&sort=" + READMISSIONS)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "national-overview-dk-municipality" in response["Content-Disposition"]
    content = response.content
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:3] == ["Område", "Kode", "Region"]
    assert lines[1].startswith("Danmark;;;10;")  # the nation first, as on the page
    areas = [line.split(";")[0] for line in lines[2:]]
    assert areas[:2] == ["Aarhus Kommune", "Frederiksberg Kommune"]  # the page's order
    assert len(areas) == 7
    ballerup = next(line for line in lines if line.startswith("Ballerup"))
    assert ";12,5;" in ballerup


def test_csv_in_english_uses_commas_and_no_bom(world: dict[str, Organisation]) -> None:
    content = client("en").get(URL + "?format=csv&adjust=no").content
    assert not content.startswith("\ufeff".encode())
    lines = content.decode().splitlines()
    assert lines[0].startswith("Area,Code,Region,")
    assert "Acute somatic readmissions within 30 days (%, 2025): value" in lines[0]
    ballerup = next(line for line in lines if line.startswith("Ballerup"))
    assert ballerup.split(",")[:6] == [
        "Ballerup Kommune", "0151", "Region Hovedstaden", "12.5", "Worse", "Unchanged",
    ]  # fmt: skip
    københavn = next(line for line in lines if line.startswith("Københavns"))
    # The waiting time is a value only: no test, said in words.
    assert københavn.split(",")[6:9] == ["20", "Not assessed", "Not assessed"]


def test_csv_holds_exactly_the_rows_shown(world: dict[str, Organisation]) -> None:
    lines = client().get(URL + "?format=csv&region=1084&problems=1").content.decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["Danmark", "Københavns Kommune"]


def test_csv_guards_names_against_formula_injection(world: dict[str, Organisation]) -> None:
    evil = Organisation.objects.create(
        name='=HYPERLINK("http://evil.example","x")', kind="municipality", country="DK",
        official_code="9999",
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(
        [value(READMISSIONS, evil, period, 100, 1000, 100) for period in (Y2024, Y2025)]
    )
    content = client().get(URL + "?format=csv").content.decode()
    assert "\n\"'=HYPERLINK(" in content
    assert "\n=HYPERLINK" not in content and '\n"=HYPERLINK' not in content


def test_area_names_link_to_the_status_report_when_it_exists(
    world: dict[str, Organisation],
) -> None:
    html = client().get(URL + "?year=2024&limits=998").content.decode()
    report = optional_url("reports:status", world["0101"].pk, query="year=2024&limits=998")
    if report:
        assert f'href="{report.replace("&", "&amp;")}">Københavns Kommune</a>' in html
    else:
        assert '<th scope="row">Københavns Kommune</th>' in html


def test_optional_url_is_empty_for_a_page_that_is_not_installed() -> None:
    assert optional_url("nowhere:status", 1) == ""
    assert optional_url("indicators:values", READMISSIONS, query="area=3") == (
        f"/indicators/{READMISSIONS}/?area=3"
    )


def test_queries_do_not_grow_with_the_number_of_municipalities(
    world: dict[str, Organisation], django_assert_max_num_queries: object
) -> None:
    browser = client()
    browser.get(URL)  # sessions and caches warm

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert browser.get(URL).status_code == 200
            assert browser.get(URL + "?format=csv").status_code == 200
        return len(context.captured_queries)

    few = queries()
    more = [
        Organisation(
            name=f"Kommune {i}", kind="municipality", country="DK", official_code=f"9{i:03d}"
        )
        for i in range(91)
    ]
    Organisation.objects.bulk_create(more)
    IndicatorValue.objects.bulk_create(
        value(READMISSIONS, area, period, 100 + i, 1000, 100)
        for i, area in enumerate(Organisation.objects.filter(official_code__startswith="9"))
        for period in (Y2024, Y2025)
    )
    assert queries() == few
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert browser.get(URL).status_code == 200


def test_method_names_the_indicators_whose_years_are_summed_quarters(
    world: dict[str, Organisation],
) -> None:
    region = Organisation.objects.create(
        name="Region Midtjylland", kind=Organisation.Kind.REGION, country="DK",
        official_code="1082",
    )  # fmt: skip
    for quarter in range(4):
        IndicatorValue.objects.create(
            indicator="dk-diagnosis-within-30-days", area=region, period_kind="quarter",
            period=Y2025.replace(month=3 * quarter + 1), numerator=700, denominator=1000,
            value=70.0,
        )  # fmt: skip
    regions = client().get(URL, {"level": "region"}).content.decode()
    assert "Published by quarter" in regions and "Right to diagnosis within 30 days met" in regions
    assert "70.0" in regions  # the year's value: 2,800 of 4,000
    assert "Published by quarter" not in client().get(URL).content.decode()
