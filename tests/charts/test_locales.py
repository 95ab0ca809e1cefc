"""Numbers and dates per language, in Python and in Vega-Lite's d3 locales."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest

from forbedring.charts.locales import (
    MINUS,
    NBSP,
    NUMBER_LOCALES,
    TIME_FORMATS,
    TIME_LOCALES,
    auto_decimals,
    format_number,
    format_with_unit,
    format_x,
    infer_date_unit,
    month_names,
    vega_locale,
)
from forbedring.charts.model import LANGUAGES, Lang


@pytest.mark.parametrize(
    ("value", "da", "nb", "en"),
    [
        (12, "12", "12", "12"),
        (12.0, "12", "12", "12"),
        (0.0583, "0,058", "0,058", "0.058"),
        (4.3, "4,3", "4,3", "4.3"),
        (6.08, "6,1", "6,1", "6.1"),
        (85.714, "85,7", "85,7", "85.7"),
        (99.96, "100", "100", "100"),
        (0.999, "1", "1", "1"),
        (0.5, "0,5", "0,5", "0.5"),
        (0, "0", "0", "0"),
        (123.5, "124", "124", "124"),
        (1234.5, "1.235", f"1{NBSP}235", "1,235"),
        (1234567.0, "1.234.567", f"1{NBSP}234{NBSP}567", "1,234,567"),
        (-2.5, f"{MINUS}2,5", f"{MINUS}2,5", f"{MINUS}2.5"),
        (-0.004, f"{MINUS}0,004", f"{MINUS}0,004", f"{MINUS}0.004"),
    ],
)
def test_format_number_auto_decimals(value: float, da: str, nb: str, en: str) -> None:
    assert [format_number(value, lang) for lang in ("da", "nb", "en")] == [da, nb, en]


def test_format_number_rounds_halves_away_from_zero() -> None:
    assert format_number(2.25, "en") == "2.3"
    assert format_number(-2.25, "en") == f"{MINUS}2.3"
    assert format_number(0.0585, "da") == "0,059"
    assert format_number(2.5, "en", decimals=0) == "3"


def test_format_number_fixed_decimals_keep_zeros() -> None:
    assert format_number(5, "da", decimals=1) == "5,0"
    assert format_number(1234, "nb", decimals=2) == f"1{NBSP}234,00"
    assert format_number(0.1234, "en", decimals=2) == "0.12"


def test_format_number_zero_after_rounding_has_no_minus() -> None:
    assert format_number(-0.04, "en", decimals=1) == "0.0"
    assert format_number(-0.0, "da") == "0"


def test_format_number_missing_and_infinite() -> None:
    assert format_number(math.nan, "da") == "–"
    assert format_number(None, "nb") == "–"
    assert format_number(math.inf, "en") == "∞"
    assert format_number(-math.inf, "en") == f"{MINUS}∞"


def test_format_number_extreme_magnitudes() -> None:
    assert format_number(1e30, "en") == "1" + ",000" * 10
    assert format_number(1e-12, "en") == "0.000000000001"


def test_format_number_without_grouping_and_numpy_values() -> None:
    assert format_number(2025, "da", grouping=False) == "2025"
    assert format_number(np.float64(0.0583), "nb") == "0,058"
    assert format_number(np.int64(1500), "da") == "1.500"  # type: ignore[arg-type]


def test_auto_decimals_two_significant_digits_below_one() -> None:
    assert [auto_decimals(v) for v in (0.5, 0.05, 0.00123, 1, 99.9, 100, 5000)] == [
        2,
        3,
        4,
        1,
        1,
        0,
        0,
    ]


@pytest.mark.parametrize(
    ("lang", "month", "day"),
    [
        ("da", "jan. 2025", "3. jan. 2025"),
        ("nb", "jan 2025", "3. jan 2025"),
        ("en", "Jan 2025", "3 Jan 2025"),
    ],
)
def test_format_x_dates_monthly_or_full(lang: Lang, month: str, day: str) -> None:
    assert format_x(dt.date(2025, 1, 1), lang) == month
    assert format_x(dt.date(2025, 1, 3), lang) == day
    assert format_x(dt.date(2025, 1, 1), lang, "day") == day.replace("3", "1", 1)
    assert format_x(dt.date(2025, 1, 3), lang, "month") == month


def test_format_x_may_is_not_abbreviated_in_danish() -> None:
    assert format_x(dt.date(2024, 5, 1), "da") == "maj 2024"
    assert format_x(dt.date(2024, 12, 1), "nb") == "des 2024"


def test_format_x_datetime_is_a_date() -> None:
    assert format_x(dt.datetime(2025, 3, 1, 12, 30), "en") == "Mar 2025"


def test_format_x_numbers_and_labels() -> None:
    assert format_x(2025.0, "da") == "2025"
    assert format_x(12, "en") == "12"
    assert format_x(1.5, "nb") == "1,5"
    assert format_x("Uge 12", "da") == "Uge 12"


def test_infer_date_unit_reads_the_whole_series() -> None:
    monthly = [dt.date(2025, m, 1) for m in range(1, 13)]
    assert infer_date_unit(monthly) == "month"
    assert infer_date_unit([dt.date(2025, 1, 1), dt.date(2025, 1, 8)]) == "day"
    assert infer_date_unit([1.0, 2.0]) is None
    assert infer_date_unit([]) is None


def test_month_names_full_and_short() -> None:
    assert month_names("da")[2] == "marts"
    assert month_names("nb")[2] == "mars"
    assert month_names("en")[11] == "December"
    assert month_names("da", short=True)[4] == "maj"
    assert month_names("da", short=True)[0] == "jan."
    for lang in LANGUAGES:
        assert len(month_names(lang)) == len(month_names(lang, short=True)) == 12


def test_format_with_unit_percent_spacing() -> None:
    assert format_with_unit("85,7", "%", "da") == f"85,7{NBSP}%"
    assert format_with_unit("85.7", "%", "en") == "85.7%"
    assert format_with_unit("4,2", "per 1.000 dage", "da") == "4,2 per 1.000 dage"
    assert format_with_unit("4", None, "nb") == "4"


def test_vega_locale_is_a_fresh_copy() -> None:
    locale = vega_locale("da")
    assert set(locale) == {"number", "time"}
    locale["number"]["decimal"] = "?"
    locale["time"]["months"][0] = "?"
    assert NUMBER_LOCALES["da"]["decimal"] == ","
    assert TIME_LOCALES["da"]["months"][0] == "januar"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vega_locale_has_every_d3_field(lang: Lang) -> None:
    number, time = vega_locale(lang)["number"], vega_locale(lang)["time"]
    assert {"decimal", "thousands", "grouping", "currency"} <= set(number)
    assert len(time["days"]) == len(time["shortDays"]) == 7
    assert len(time["months"]) == len(time["shortMonths"]) == 12
    assert {"dateTime", "date", "time", "periods"} <= set(time)
    json.dumps(vega_locale(lang))


def test_vega_locale_agrees_with_d3_bundled_names() -> None:
    vl_convert = pytest.importorskip("vl_convert")
    assert NUMBER_LOCALES["da"]["decimal"] == vl_convert.get_format_locale("da-DK")["decimal"]
    assert NUMBER_LOCALES["da"]["thousands"] == vl_convert.get_format_locale("da-DK")["thousands"]
    pairs: tuple[tuple[Lang, str], ...] = (("da", "da-DK"), ("nb", "nb-NO"), ("en", "en-GB"))
    for ours, theirs in pairs:
        bundled = vl_convert.get_time_format_locale(theirs)
        assert TIME_LOCALES[ours]["months"] == bundled["months"], ours
        assert TIME_LOCALES[ours]["days"] == bundled["days"], ours


@pytest.mark.parametrize(
    ("lang", "number", "month", "day"),
    [
        ("da", "1.234,5", "jan. 2025", "3. jan. 2025"),
        ("nb", "1\u00a0234,5", "jan 2025", "3. jan 2025"),
        ("en", "1,234.5", "Jan 2025", "3 Jan 2025"),
    ],
)
def test_vega_locale_renders_like_python(lang: Lang, number: str, month: str, day: str) -> None:
    """vl-convert draws numbers and dates with our d3 locale exactly as format_number and
    format_x write them, so the axes and the summary agree."""
    vl_convert = pytest.importorskip("vl_convert")

    def label(value: object, fmt: str, kind: str) -> dict[str, object]:
        return {
            "mark": "text",
            "data": {"values": [{"v": value}]},
            "encoding": {"text": {"field": "v", "type": kind, "format": fmt}},
        }

    spec = {
        "config": {"locale": vega_locale(lang)},
        "vconcat": [
            label(1234.5, ",.1f", "quantitative"),
            label("2025-01-01", TIME_FORMATS["month"][lang], "temporal"),
            label("2025-01-03", TIME_FORMATS["day"][lang], "temporal"),
        ],
    }
    svg = vl_convert.vegalite_to_svg(json.dumps(spec))
    svg = svg.replace("&#160;", NBSP).replace("&nbsp;", NBSP)
    assert format_number(1234.5, lang, decimals=1) == number
    assert f">{number}<" in svg
    assert format_x(dt.date(2025, 1, 1), lang) == month
    assert f">{month}<" in svg
    assert format_x(dt.date(2025, 1, 3), lang) == day
    assert f">{day}<" in svg
