"""The report page and its PDF: who may read them, what they show (values, lights in words,
charts with the area highlighted, the demo label, the goal cascade), and no error page for
bad options or areas that have no report."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse

from forbedring.web.goals.actions import create_local_goal
from forbedring.web.improvement.models import Project
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation
from tests.web.reports.conftest import DK_PATHWAYS, READMISSIONS, client_for

pytestmark = pytest.mark.django_db


def page(person: Any, area: Organisation, query: str = "") -> str:
    response = client_for(person).get(reverse("reports:status", args=[area.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["reports:status", "reports:status_pdf"])
def test_anonymous_is_sent_to_log_in(dk: dict[str, Any], name: str) -> None:
    response = client_for(None).get(reverse(name, args=[dk["aarhus"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["nobody", "outsider", "member", "analyst", "site_admin"])
def test_every_logged_in_user_reads_any_areas_report(dk: dict[str, Any], who: str) -> None:
    html = page(dk[who], dk["aarhus"])
    assert "Aarhus Kommune" in html and "Status report" in html
    # Only analysts and administrators are offered the reports of all areas.
    assert ("Reports for all areas" in html) == (who in ("analyst", "site_admin"))


def test_organisations_without_a_report_are_not_found(dk: dict[str, Any]) -> None:
    nation = Organisation.objects.get(name="Danmark")
    hospital = Organisation.objects.create(name="Aarhus Universitetshospital", kind="hospital")
    client = client_for(dk["nobody"])
    for area_id in (nation.pk, hospital.pk, 999_999):
        assert client.get(reverse("reports:status", args=[area_id])).status_code == 404
        assert client.get(reverse("reports:status_pdf", args=[area_id])).status_code == 404


@pytest.mark.parametrize(
    "query", ["?year=abc", "?year=99999", "?year=1800", "?limits=7&adjust=maybe&dev=2", "?dev=x"]
)
def test_bad_options_fall_back_to_the_defaults(dk: dict[str, Any], query: str) -> None:
    html = page(dk["nobody"], dk["aarhus"], query)
    assert "Year 2025" in html and "the 95% limits" in html


def test_page_shows_values_lights_in_words_charts_and_the_demo_label(dk: dict[str, Any]) -> None:
    html = page(dk["nobody"], dk["aarhus"])
    value = IndicatorValue.objects.get(
        area=dk["aarhus"], indicator=READMISSIONS, period=dt.date(2025, 1, 1)
    )
    assert f"{value.value:.1f}%" in html
    assert "Demo data (simulated)" in html and 'class="demo-banner"' in html
    assert 'title="Development since the previous period"' in html  # the light's word badge
    assert html.count("<svg") >= 12  # a trend and a funnel for each of the six indicators
    # The funnel names the highlighted area on the drawing, and the link to all areas' values.
    assert ">Aarhus Kommune</text>" in html
    url = reverse("indicators:values", args=[READMISSIONS])
    assert f"{url}?area={dk['aarhus'].pk}&amp;year=2025" in html


def test_998_limits_are_written_in_the_method(dk: dict[str, Any]) -> None:
    html = page(dk["nobody"], dk["aarhus"], "?limits=998&adjust=no")
    assert "The 99.8% limits are chosen" in html
    assert "not adjusted for overdispersion (chosen)" in html
    assert "the 95% limits" not in html


def test_year_option_shows_that_years_values(dk: dict[str, Any]) -> None:
    html = page(dk["nobody"], dk["aarhus"], "?year=2022")
    value = IndicatorValue.objects.get(
        area=dk["aarhus"], indicator=READMISSIONS, period=dt.date(2022, 1, 1)
    )
    assert "Year 2022" in html and f"{value.value:.1f}%" in html


def test_area_without_values_says_so(dk: dict[str, Any]) -> None:
    new = Organisation.objects.create(
        name="Ny Kommune", kind="municipality", country="DK", official_code="0998"
    )
    html = page(dk["nobody"], new)
    assert "This area has no value for 2025." in html


def _cascade(dk: dict[str, Any]) -> Project:
    project = Project.objects.create(
        team=dk["team"], title="Færre genindlæggelser", start=dt.date(2025, 1, 1),
        status=Project.Status.ACTIVE, created_by=dk["member"],
    )  # fmt: skip
    create_local_goal(
        organisation=dk["aarhus"], by=dk["member"], national_goal=DK_PATHWAYS,
        title="Færre genindlæggelser i Aarhus", target="Under 7 % i 2027",
        indicators=[READMISSIONS], projects=[project],
    )  # fmt: skip
    create_local_goal(
        organisation=dk["aarhus"], by=dk["member"], national_goal=DK_PATHWAYS,
        title="Bedre overgange", target="", indicators=[], projects=[],
    )  # fmt: skip
    return project


def test_cascade_shows_the_projects_on_each_indicator(dk: dict[str, Any]) -> None:
    project = _cascade(dk)
    link = reverse("project_detail", args=[dk["team"].pk, project.pk])
    for who, linked in (("member", True), ("nobody", False), ("outsider", False)):
        html = page(dk[who], dk["aarhus"])
        section = html[html.index(f'id="indicator-{READMISSIONS}"') :]
        section = section[: section.index("</section>")]
        assert "Local goals and projects working on this indicator" in section
        assert "Færre genindlæggelser i Aarhus" in section and "Under 7 % i 2027" in section
        assert "Færre genindlæggelser" in section and "Hjemmeplejen Nord" in section
        assert (link in section) == linked, who
        # A goal linked to the national goal without an indicator is listed under the goal.
        assert "Local goals and projects working on this national goal" in html
        assert "Bedre overgange" in html
    # Another municipality's report does not show Aarhus's goals.
    assert "Færre genindlæggelser i Aarhus" not in page(dk["member"], dk["copenhagen"])


def test_pdf_is_a_pdf_named_after_the_area_with_its_text(dk: dict[str, Any]) -> None:
    _cascade(dk)
    response = client_for(dk["nobody"]).get(reverse("reports:status_pdf", args=[dk["aarhus"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="status-report-0751-aarhus-2025.pdf"'
    )
    content = response.content
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Aarhus Kommune (0751)" in text
    assert text.count("Demo data (simulated)") >= 2 * text.count("\f")  # header, footer per page
    assert "Færre genindlæggelser i Aarhus" in text and "Hjemmeplejen Nord" in text
    assert "Our method" in text


def test_pdf_file_name_follows_the_language(dk: dict[str, Any]) -> None:
    response = client_for(dk["nobody"], "da").get(
        reverse("reports:status_pdf", args=[dk["copenhagen"].pk]) + "?year=2024"
    )
    assert response["Content-Disposition"].endswith('-0101-koebenhavns-2024.pdf"')


def test_method_names_the_indicators_summed_from_quarters(dk: dict[str, Any]) -> None:
    diagnosis = "dk-diagnosis-within-30-days"
    IndicatorValue.objects.filter(indicator=diagnosis).delete()
    for quarter in range(4):
        IndicatorValue.objects.create(
            indicator=diagnosis, area=dk["midtjylland"], period=dt.date(2025, 3 * quarter + 1, 1),
            period_kind="quarter", numerator=700.0, denominator=1000.0, value=70.0,
        )  # fmt: skip
    html = page(dk["analyst"], dk["midtjylland"])
    assert "Indicators published by quarter" in html
    assert "sum of its four quarters" in html and "Right to diagnosis within 30 days met." in html
    assert "Indicators published by quarter" not in page(dk["analyst"], dk["aarhus"])
