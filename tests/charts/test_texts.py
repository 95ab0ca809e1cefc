"""The chart message catalogue: complete in da, nb and en, with matching placeholders."""

from __future__ import annotations

from string import Formatter

import pytest

from forbedring.charts.model import LANGUAGES
from forbedring.charts.texts import CATALOGUE, KEYS, capitalise, plural_text, text
from forbedring.spc.mdc_icons import (
    ASSURANCE_ICON_LABELS,
    POINT_TYPE_LABELS,
    VARIATION_ICON_LABELS,
)
from forbedring.spc.qic import CHART_TYPES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def test_catalogue_every_language_has_exactly_the_keys() -> None:
    assert set(CATALOGUE) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert set(CATALOGUE[lang]) == KEYS, lang


@pytest.mark.parametrize("key", sorted(KEYS))
def test_catalogue_placeholders_are_the_same_in_every_language(key: str) -> None:
    expected = _fields(CATALOGUE["en"][key])
    for lang in LANGUAGES:
        assert _fields(CATALOGUE[lang][key]) == expected, (key, lang)


@pytest.mark.parametrize("key", sorted(KEYS))
def test_catalogue_texts_are_trimmed_and_safe_to_quote(key: str) -> None:
    # Spec builders put labels inside single-quoted Vega expressions.
    for lang in LANGUAGES:
        value = CATALOGUE[lang][key]
        assert value and value == value.strip(), (key, lang)
        assert "'" not in value and '"' not in value and "\\" not in value, (key, lang)


def test_catalogue_plural_keys_come_in_pairs() -> None:
    for key in KEYS:
        if key.endswith("_one"):
            assert key.removesuffix("_one") + "_other" in KEYS
        if key.endswith("_other"):
            assert key.removesuffix("_other") + "_one" in KEYS


def test_catalogue_names_every_engine_chart_type() -> None:
    for chart_type in (*CHART_TYPES, "mdc"):
        for lang in LANGUAGES:
            assert text(f"chart_{chart_type}", lang)


def test_catalogue_has_every_point_type_and_icon() -> None:
    for lang in LANGUAGES:
        for point_type in POINT_TYPE_LABELS:
            assert text(f"point_type_{point_type}", lang)
        for icon in filter(None, (*VARIATION_ICON_LABELS, *ASSURANCE_ICON_LABELS)):
            assert text(f"icon_{icon}", lang)
        for icon in filter(None, VARIATION_ICON_LABELS):
            assert text(f"variation_{icon}", lang)
        for icon in filter(None, ASSURANCE_ICON_LABELS):
            assert text(f"assurance_{icon}", lang, target="5")


def test_catalogue_uses_the_glossary_terms() -> None:
    assert [text("chart_run", lang) for lang in ("en", "da", "nb")] == [
        "Run chart",
        "Seriediagram",
        "Seriediagram",
    ]
    assert text("chart_pp", "da") == "P′-kontroldiagram (Laney)"
    assert text("chart_pp", "nb") == "P′-kontrolldiagram (Laney)"
    assert text("chart_pp", "en") == "P′ chart (Laney)"
    assert text("centre_line", "da") == "Centerlinje"
    assert text("centre_line", "nb") == "Senterlinje"
    assert text("control_limits", "da") == "Kontrolgrænser"
    assert text("control_limits", "nb") == "Kontrollgrenser"
    assert text("caption_long_run", "da") == "usædvanligt lang serie"
    assert text("caption_few_crossings", "nb") == "uvanlig få kryssinger"
    assert text("summary_no_signal", "da") == "Ingen tegn på ikke-tilfældig variation."
    assert text("summary_no_signal", "nb") == "Ingen tegn på ikke-tilfeldig variasjon."


def test_text_fills_placeholders() -> None:
    assert text("phase_number", "da", number=2) == "Fase 2"
    assert text("summary_phase", "nb", number=1, count=3) == "Fase 1 av 3"


def test_text_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        text("no_such_key", "en")


def test_text_unknown_language_raises() -> None:
    with pytest.raises(KeyError):
        text("chart_run", "sv")  # type: ignore[arg-type]


def test_text_missing_value_raises() -> None:
    with pytest.raises(KeyError):
        text("phase_number", "en")


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 punkter"), (1, "1 punkt"), (2, "2 punkter")]
)
def test_plural_text_picks_singular_only_for_one(count: int, expected: str) -> None:
    assert plural_text("summary_points", count, "da") == expected


def test_plural_text_takes_a_formatted_count() -> None:
    assert plural_text("summary_points", 1234, "en", n="1,234") == "1,234 points"


def test_capitalise_changes_only_the_first_letter() -> None:
    assert capitalise("særlig årsag, forbedring (SPC)") == "Særlig årsag, forbedring (SPC)"
    assert capitalise("") == ""
