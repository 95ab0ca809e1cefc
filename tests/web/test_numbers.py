"""Locale-aware number parsing and formatting (core.numbers): da, nb and en as people type."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from forbedring.web.core.numbers import NumberError, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),  # no-break space, as Norwegian formats write it
        ("1\u202f234,5", "1234.5"),  # narrow no-break space
        ("1.234.567", "1234567"),
        ("1.234", "1234"),  # the Danish way of writing a thousand and more
        ("12.5", "12.5"),  # pasted from an English source: cannot be a thousands separator
        ("0.125", "0.125"),  # a leading 0 is never a thousands group
        ("1234.567", "1234.567"),  # four digits before the point: not a group
        (",5", "0.5"),
        (".5", "0.5"),
        ("-3,5", "-3.5"),
        ("\u22123,5", "-3.5"),  # the typographic minus sign
        ("+7", "7"),
        ("  42  ", "42"),
        ("-0", "0"),
        ("0,0", "0"),
    ],
)
@pytest.mark.parametrize("language", ["da", "nb"])
def test_parse_number_comma_languages_accepts(language: str, text: str, expected: str) -> None:
    assert parse_number(text, language) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("12.5", "12.5"),
        ("1,234.5", "1234.5"),
        ("1,234", "1234"),
        ("1 234.5", "1234.5"),
        ("1,234,567.25", "1234567.25"),
        (".5", "0.5"),
        ("-0.75", "-0.75"),
    ],
)
def test_parse_number_english_accepts(text: str, expected: str) -> None:
    assert parse_number(text, "en") == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "12a",
        "1e5",
        "inf",
        "NaN",
        "--5",
        "-",
        "1.2.3",  # points that are neither groups nor one decimal point
        "1,234.5",  # English order in da/nb: refused rather than guessed
        "1,2,3",
        "12 5",  # a group of one digit: two numbers or a typo
        "1.234 567",  # two kinds of thousands separators
        "5,",
        "5.",
        "١٢",  # Arabic-Indic digits
        "12½",
    ],
)
@pytest.mark.parametrize("language", ["da", "nb"])
def test_parse_number_comma_languages_rejects(language: str, text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text, language)


@pytest.mark.parametrize("text", ["12,5", "1.234,5", "1,23", "1.2.3", "abc", "1,234,5"])
def test_parse_number_english_rejects(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text, "en")


def test_parse_number_empty_asks_for_a_number() -> None:
    with translation.override("en"), pytest.raises(NumberError, match="Enter a number"):
        parse_number("   ", "da")


def test_parse_number_garbage_message_quotes_the_text_and_an_example() -> None:
    with translation.override("en"), pytest.raises(NumberError) as caught:
        parse_number("abc", "da")
    assert "“abc”" in str(caught.value.message)
    assert "1234,5" in str(caught.value.message)


def test_parse_number_wrong_separator_message_shows_the_languages_way() -> None:
    with translation.override("en"), pytest.raises(NumberError) as caught:
        parse_number("12,5", "en")
    assert "1234.5" in str(caught.value.message)


def test_parse_number_too_long_is_refused() -> None:
    with translation.override("en"), pytest.raises(NumberError, match="too long"):
        parse_number("1" * 41, "en")


def test_parse_number_uses_the_active_language_by_default() -> None:
    with translation.override("nb"):
        assert parse_number("2,5") == Decimal("2.5")
    with translation.override("en"):
        assert parse_number("2.5") == Decimal("2.5")
        with pytest.raises(NumberError):
            parse_number("2,5")


def test_parse_number_regional_language_code_uses_its_base() -> None:
    assert parse_number("1,5", "nb-no") == Decimal("1.5")
    assert parse_number("1.5", "en-gb") == Decimal("1.5")


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (12.5, "da", "12,5"),
        (12.5, "nb", "12,5"),
        (12.5, "en", "12.5"),
        (1500.0, "da", "1500"),
        (1234567.0, "da", "1234567"),
        (0.1, "da", "0,1"),
        (0.00001, "en", "0.00001"),
        (-3.25, "nb", "-3,25"),
        (-0.0, "da", "0"),
        (None, "da", ""),
        (Decimal("2.50"), "da", "2,5"),
    ],
)
def test_format_number_in_language(value: float | None, language: str, expected: str) -> None:
    assert format_number(value, language) == expected


@pytest.mark.parametrize("value", [0.1, 12.5, 1500.0, 1234.5678, -7.25, 1e-4, 3.0])
@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_format_number_round_trips_through_parse(value: float, language: str) -> None:
    assert float(parse_number(format_number(value, language), language)) == value
