"""Excel downloads: a measure's sheet and the team workbook, with real number and date cells,
text kept as text, a frozen header and the engine's numbers."""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forbedring.web.exports.rows import OBSERVATION_COLUMNS, SERIES_COLUMNS
from forbedring.web.exports.sheets import sheet_title
from forbedring.web.exports.team_book import OVERVIEW_COLUMNS
from forbedring.web.measures.models import Observation
from forbedring.web.measures.queries import series_view
from tests.web.exports.conftest import EVIL, FALLS_A, client_for

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_book(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def col(key: str, columns: Any = OBSERVATION_COLUMNS) -> int:
    return [c.key for c in columns].index(key) + 1


def measure_url(w: dict[str, Any], name: str, measure: str = "falls") -> str:
    return reverse(f"exports:{name}", args=[w["team_a"].pk, w[measure].pk])


def test_observations_xlsx_has_typed_cells_and_frozen_header(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"], "en").get(measure_url(world, "observations_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="team-a-faldulykker-paa-aeroe-observations-2025-03-15.xlsx"'
    )
    book = open_book(response.content)
    sheet = book.worksheets[0]
    assert sheet.title == "Faldulykker på Ærø"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [str(c.header) for c in OBSERVATION_COLUMNS]
    assert sheet.cell(1, 1).font.b
    period = sheet.cell(2, col("period"))
    assert period.is_date and period.value == dt.datetime(2024, 1, 1)
    assert period.number_format == "yyyy-mm-dd"
    numerator = sheet.cell(2, col("numerator"))
    assert numerator.data_type == "n" and numerator.value == FALLS_A[0]
    value = sheet.cell(3, col("value"))
    assert value.data_type == "n" and value.value == pytest.approx(8 / 1500 * 1000, rel=1e-12)
    assert value.number_format == "#,##0.00"
    assert sheet.cell(2, col("phase")).value == 1 and sheet.cell(13, col("phase")).value == 2
    entered_at = sheet.cell(2, col("entered_at"))
    assert entered_at.is_date and isinstance(entered_at.value, dt.datetime)
    assert sheet.cell(2, col("entered_by")).value == "member_a"
    assert sheet.cell(2, col("version")).value == 2
    assert sheet.max_row == 1 + len(FALLS_A)
    assert 8 <= sheet.column_dimensions["A"].width <= 60


def test_series_xlsx_statistics_equal_the_pages_engine_run(world: dict[str, Any]) -> None:
    content = client_for(world["member_a"], "en").get(measure_url(world, "series_xlsx")).content
    sheet = open_book(content).worksheets[0]
    assert sheet.max_column == len(SERIES_COLUMNS)  # no audit columns in the series file
    view = series_view(world["falls"], world["team_a"], lang="en")
    assert view.chart is not None
    panel = view.chart.panels[0]
    for i in range(len(FALLS_A)):
        row = i + 2
        # Excel keeps 15 significant digits; openpyxl writes about as many.
        centre = sheet.cell(row, col("centre", SERIES_COLUMNS)).value
        assert centre == pytest.approx(panel.cl[i], rel=1e-14)
        upper = sheet.cell(row, col("upper", SERIES_COLUMNS)).value
        assert upper == pytest.approx(panel.ucl[i], rel=1e-14)
        lower = sheet.cell(row, col("lower", SERIES_COLUMNS)).value
        if math.isnan(panel.lcl[i]):
            assert lower is None
        else:
            assert lower == pytest.approx(panel.lcl[i], rel=1e-14)


def test_xlsx_formula_comment_is_text_with_quote_prefix(world: dict[str, Any]) -> None:
    content = client_for(world["member_a"]).get(measure_url(world, "observations_xlsx")).content
    sheet = open_book(content).worksheets[0]
    evil = sheet.cell(2, col("comment"))
    assert evil.data_type == "s" and evil.value == EVIL
    assert evil.quotePrefix
    plain = sheet.cell(3, col("comment"))
    assert plain.value == "Sygdom på afdelingen; få vagter, æøå" and not plain.quotePrefix


def test_xlsx_drops_control_characters_a_workbook_cannot_hold(world: dict[str, Any]) -> None:
    Observation.objects.filter(team=world["team_a"], measure=world["falls"]).update(
        comment="Fra Word\x0bmed\x0clodret tab"
    )
    response = client_for(world["member_a"]).get(measure_url(world, "series_xlsx"))
    assert response.status_code == 200
    sheet = open_book(response.content).worksheets[0]
    assert sheet.cell(2, col("comment", SERIES_COLUMNS)).value == "Fra Wordmedlodret tab"


def test_team_workbook_has_overview_and_a_sheet_per_measure(world: dict[str, Any]) -> None:
    response = client_for(world["leader_north"], "en").get(
        reverse("exports:team_xlsx", args=[world["team_a"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="team-a-2025-03-15.xlsx"'
    book = open_book(response.content)
    assert book.sheetnames == ["Overview", "Faldulykker på Ærø", "Vejede beboere"]
    overview = book["Overview"]
    assert overview["A1"].value == "Team A · Nordby Kommune"
    header_row = 4
    assert overview.freeze_panes == f"A{header_row + 1}"
    headers = [c.value for c in overview[header_row]][: len(OVERVIEW_COLUMNS)]
    assert headers == [str(c.header) for c in OVERVIEW_COLUMNS]
    by_key = {c.key: i + 1 for i, c in enumerate(OVERVIEW_COLUMNS)}
    falls = {key: overview.cell(header_row + 1, i).value for key, i in by_key.items()}
    assert falls["name"] == "Faldulykker på Ærø" and falls["sheet"] == "Faldulykker på Ærø"
    assert falls["points"] == 12
    assert falls["latest_period"] == dt.datetime(2024, 12, 1)
    assert falls["latest"] == pytest.approx(3 / 1500 * 1000)
    assert falls["multiplier"] == 1000 and falls["chart_type"] == "U chart (rates)"
    view = series_view(world["falls"], world["team_a"], lang="en")
    assert falls["signal"] in {
        "No signal: common-cause variation only", "Improving: signal of improvement",
    }  # fmt: skip
    assert (falls["signal"] == "Improving: signal of improvement") == bool(view.status.improving)
    weighed = book["Vejede beboere"]
    assert weighed.cell(2, col("entered_value")).value == 20
    assert weighed.cell(2, col("numerator")).value is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fald: nat/dag [alle]?", "Fald  nat dag  alle"),
        ("'Citeret'", "Citeret"),
        ("x" * 40, "x" * 31),
        ("", "Sheet"),
    ],
)
def test_sheet_title_is_one_excel_accepts(name: str, expected: str) -> None:
    assert sheet_title(name, set()) == expected


def test_sheet_titles_stay_unique_within_31_characters() -> None:
    taken: set[str] = set()
    first = sheet_title("Andel beboere med tryksår kategori 2-4", taken)
    second = sheet_title("Andel beboere med tryksår kategori 2-4 (ny)", taken)
    assert first == "Andel beboere med tryksår kateg"
    assert second == "Andel beboere med tryksår k (2)"
    assert len(second) == 31
