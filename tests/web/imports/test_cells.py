"""Reading numbers and dates from cells, and deciding a file's decimal convention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from forbedring.web.imports.cells import (
    CellError,
    Style,
    decide_style,
    number_evidence,
    read_date,
    read_number,
)


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("12,5", Style.COMMA), ("0,125", Style.COMMA), ("1234,567", Style.COMMA),
        ("1.234,5", Style.COMMA), ("1.234.567", Style.COMMA), ("1 234,5", Style.COMMA),
        ("12.5", Style.POINT), ("0.125", Style.POINT), ("1,234.5", Style.POINT),
        ("1,234,567", Style.POINT), ("-3.25", Style.POINT),
        ("1.234", None), ("12,500", None), ("17", None), ("tekst", None), ("", None),
    ],
)  # fmt: skip
def test_number_evidence_names_the_convention_only_when_certain(
    text: str, style: Style | None
) -> None:
    assert number_evidence(text) == style


def test_decide_style_prefers_cells_then_header_then_delimiter() -> None:
    assert (
        decide_style(["1.234", "12,5"], header_style=Style.POINT, delimiter=",").style
        is Style.COMMA
    )
    assert decide_style(["1.234"], header_style=Style.POINT, delimiter=";").style is Style.POINT
    assert decide_style(["1.234"], header_style=None, delimiter=";").style is Style.COMMA
    assert decide_style(["1.234"], header_style=None, delimiter=",").style is None


def test_decide_style_reports_contradicting_cells() -> None:
    decision = decide_style(["7", "12,5", "3", "0.5"], header_style=None, delimiter=";")
    assert decision.style is None
    assert decision.conflict == ("12,5", "0.5")


@pytest.mark.parametrize(
    ("text", "style", "number"),
    [
        ("1.234", Style.COMMA, 1234), ("1.234", Style.POINT, 1.234),
        ("1 234,5", Style.COMMA, 1234.5), ("1\u00a0234", Style.COMMA, 1234),
        ("1,234.5", Style.POINT, 1234.5), ("-2,5", Style.COMMA, -2.5),
        ("17", None, 17), ("12,5", None, 12.5), (" 3 ", Style.COMMA, 3),
    ],
)  # fmt: skip
def test_read_number_follows_the_file_convention(
    text: str, style: Style | None, number: float
) -> None:
    assert read_number(text, style) == pytest.approx(number)


def test_read_number_passes_excel_numbers_and_empty_cells() -> None:
    assert read_number(12.5, None) == 12.5
    assert read_number(None, Style.COMMA) is None
    assert read_number("  ", Style.COMMA) is None


@pytest.mark.parametrize(
    ("cell", "style", "expected"),
    [
        ("1.234", None, "could be a thousands separator"), ("12,5", Style.POINT, "1234.5"),
        ("tre", Style.COMMA, "not “tre”"), ("45%", Style.COMMA, "percentage"),
        (dt.date(2024, 1, 1), Style.COMMA, "not a date"), (True, Style.COMMA, "TRUE/FALSE"),
    ],
)  # fmt: skip
def test_read_number_refuses_with_what_was_expected(
    cell: object, style: Style | None, expected: str
) -> None:
    with pytest.raises(CellError) as refused:
        read_number(cell, style)  # type: ignore[arg-type]
    assert expected in refused.value.message


@pytest.mark.parametrize(
    ("text", "day", "month_only"),
    [
        ("2024-03-15", dt.date(2024, 3, 15), False), ("2024-03", dt.date(2024, 3, 1), True),
        ("15-03-2024", dt.date(2024, 3, 15), False), ("15.03.2024", dt.date(2024, 3, 15), False),
        ("15/3/24", dt.date(2024, 3, 15), False), ("03-2024", dt.date(2024, 3, 1), True),
        ("jan 2024", dt.date(2024, 1, 1), True), ("januar 2024", dt.date(2024, 1, 1), True),
        ("jan.-24", dt.date(2024, 1, 1), True), ("mar-24", dt.date(2024, 3, 1), True),
        ("mai 2024", dt.date(2024, 5, 1), True), ("maj 2024", dt.date(2024, 5, 1), True),
        ("okt. 2024", dt.date(2024, 10, 1), True), ("Okt. 24", dt.date(2024, 10, 1), True),
        ("des. 2024", dt.date(2024, 12, 1), True), ("December 2024", dt.date(2024, 12, 1), True),
        ("marts 2024", dt.date(2024, 3, 1), True), ("mars 2024", dt.date(2024, 3, 1), True),
        ("1. maj 2024", dt.date(2024, 5, 1), False), ("2024-jan", dt.date(2024, 1, 1), True),
        ("45292", dt.date(2024, 1, 1), False), ("2024-01-05 00:00:00", dt.date(2024, 1, 5), False),
    ],
)  # fmt: skip
def test_read_date_reads_danish_norwegian_and_iso_dates(
    text: str, day: dt.date, month_only: bool
) -> None:
    assert read_date(text) == read_date(text) and read_date(text).day == day  # type: ignore[union-attr]
    assert read_date(text).month_only is month_only  # type: ignore[union-attr]


def test_read_date_takes_excel_cells_and_serials() -> None:
    assert read_date(dt.datetime(2024, 2, 1, 0, 0)).day == dt.date(2024, 2, 1)  # type: ignore[union-attr]
    assert read_date(45323).day == dt.date(2024, 2, 1)  # type: ignore[union-attr]
    assert read_date(None) is None and read_date(" ") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31-02-2024", "does not"), ("03-15-2024", "day first"), ("ma 2024", "a date, e.g."),
        ("foo", "a date, e.g."), ("12", "a date, e.g."), ("13.2024", "does not"),
    ],
)  # fmt: skip
def test_read_date_refuses_with_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(CellError) as refused:
        read_date(text)
    assert expected in refused.value.message
