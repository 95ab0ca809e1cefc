"""The network workbook: the network aggregate and every enrolled team's series per measure;
comments only for teams the reader may see; reports only for those who may read them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forbedring.web.exports.network_book import REPORT_COLUMNS, TEAM_COLUMNS
from forbedring.web.networks.models import NetworkMeasure
from tests.web import factories
from tests.web.exports.conftest import FALLS_A, FALLS_B, client_for

pytestmark = pytest.mark.django_db

FALLS = "Faldulykker på Ærø"


def book_for(w: dict[str, Any], person: str) -> Any:
    response = client_for(w[person], "en").get(
        reverse("exports:network_xlsx", args=[w["network"].pk])
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def records(sheet: Any, columns: Any) -> list[dict[str, Any]]:
    keys = [c.key for c in columns]
    assert [c.value for c in sheet[1]] == [str(c.header) for c in columns]
    return [
        dict(zip(keys, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_measure_sheet_holds_aggregate_and_every_enrolled_team(
    network_world: dict[str, Any],
) -> None:
    book = book_for(network_world, "organiser")
    assert book.sheetnames == ["Overview", FALLS, "Reports"]
    rows = records(book[FALLS], TEAM_COLUMNS)
    teams = [row["team"] for row in rows]
    assert teams == ["All enrolled teams"] * 12 + ["Team A"] * 12 + ["Team B"] * 12  # not C
    aggregate = rows[:12]
    for row, a, b in zip(aggregate, FALLS_A, FALLS_B, strict=True):
        assert row["numerator"] == a + b and row["denominator"] == 3000
        assert row["value"] == pytest.approx((a + b) / 3000 * 1000)
        assert row["reporting"] == 2
    assert all(row["reporting"] is None for row in rows[12:])
    team_b = rows[24:]
    assert [row["numerator"] for row in team_b] == FALLS_B
    assert team_b[0]["organisation"] == "Sydby Kommune"
    assert all(row["centre"] is not None for row in rows)
    overview = book["Overview"]
    assert overview["A1"].value == "Sikker pleje · KL Netværk"
    assert overview["A5"].value == FALLS and overview["C5"].value == 2  # teams reporting
    assert overview["I5"].value.startswith("The teams' numerators and denominators are summed")


def test_comments_only_for_teams_the_reader_may_see(network_world: dict[str, Any]) -> None:
    rows_a = records(book_for(network_world, "member_a")[FALLS], TEAM_COLUMNS)
    own = [r["comment"] for r in rows_a if r["team"] == "Team A"]
    other = [r["comment"] for r in rows_a if r["team"] == "Team B"]
    assert own[1] == "Sygdom på afdelingen; få vagter, æøå"
    assert all(c is None for c in other)  # team B's comments are team B's own
    assert all(r["numerator"] is not None for r in rows_a if r["team"] == "Team B")
    rows_b = records(book_for(network_world, "member_b")[FALLS], TEAM_COLUMNS)
    assert {r["comment"] for r in rows_b if r["team"] == "Team B"} == {"B's hemmelighed"}
    assert not any(r["comment"] for r in rows_b if r["team"] == "Team A")
    organiser = records(book_for(network_world, "organiser")[FALLS], TEAM_COLUMNS)
    assert not any(r["comment"] for r in organiser if r["team"] != "All enrolled teams"), (
        "the organiser runs the network but does not see the teams' own pages"
    )


def test_reports_sheet_for_staff_holds_every_submitted_report(
    network_world: dict[str, Any],
) -> None:
    for person in ("organiser", "faculty"):
        rows = records(book_for(network_world, person)["Reports"], REPORT_COLUMNS)
        assert [(r["team"], r["score"]) for r in rows] == [("Team A", 3.0), ("Team B", 2.5)]
        assert rows[0]["level"] == "Modest improvement"
        assert rows[0]["faculty_score"] == 3.5


def test_reports_sheet_for_a_team_holds_only_its_own(network_world: dict[str, Any]) -> None:
    rows = records(book_for(network_world, "member_b")["Reports"], REPORT_COLUMNS)
    assert [(r["team"], r["score"]) for r in rows] == [("Team B", 2.5)]  # drafts never


def test_measure_without_a_network_chart_has_only_team_rows(
    network_world: dict[str, Any],
) -> None:
    """Days between falls (a g chart) cannot be summed over teams: no network rows, and the
    overview says why."""
    w = network_world
    days = factories.measure(
        [w["team_a"]], name="Dage mellem fald", chart_type="g", has_denominator=False,
        multiplier=1,
    )  # fmt: skip
    factories.monthly_data(days, w["team_a"], w["member_a"], [12, 30, 7, 21])
    NetworkMeasure.objects.create(network=w["network"], measure=days, position=1)
    book = book_for(w, "organiser")
    rows = records(book["Dage mellem fald"], TEAM_COLUMNS)
    assert [r["team"] for r in rows] == ["Team A"] * 4
    assert [r["entered_value"] for r in rows] == [12, 30, 7, 21]
    overview = book["Overview"]
    assert overview["A6"].value == "Dage mellem fald" and overview["E6"].value is None
    assert "no chart of its own" in overview["I6"].value


def test_names_that_look_like_formulas_stay_text(network_world: dict[str, Any]) -> None:
    w = network_world
    w["team_b"].name = "=cmd|' /C calc'!A0"
    w["team_b"].save()
    sheet = book_for(w, "organiser")[FALLS]
    cells = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == w["team_b"].name]
    assert len(cells) == 12
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
