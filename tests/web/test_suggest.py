"""The chart suggestion: each rule gives its chart and says why, in the active language."""

from __future__ import annotations

import pytest
from django.utils import translation

from forbedring.web.measures.suggest import fits_data, suggest_chart


@pytest.mark.parametrize(
    ("kind", "between", "chart", "has_denominator", "reason_words"),
    [
        ("exposure", None, "u", True, ("U chart", "exposure")),
        ("yes_no", None, "p", True, ("P chart", "share")),
        ("rare", "cases", "g", False, ("G chart", "cases between")),
        ("rare", None, "g", False, ("G chart", "cases between")),
        ("rare", "time", "t", False, ("T chart", "days between")),
        ("measurement", None, "i", False, ("I chart", "measured value")),
    ],
)
def test_suggest_chart_for_each_kind_of_data(
    kind: str, between: str | None, chart: str, has_denominator: bool, reason_words: tuple[str, ...]
) -> None:
    with translation.override("en"):
        suggestion = suggest_chart(kind, between=between, points="many")
        assert suggestion is not None
        reason = str(suggestion.reason)
    assert suggestion.chart_type == chart
    assert suggestion.has_denominator is has_denominator
    for words in reason_words:
        assert words in reason


@pytest.mark.parametrize("kind", ["exposure", "yes_no", "rare", "measurement"])
def test_suggest_chart_with_few_points_is_a_run_chart(kind: str) -> None:
    with translation.override("en"):
        suggestion = suggest_chart(kind, between="time", points="few")
        assert suggestion is not None
        reason = str(suggestion.reason)
    assert suggestion.chart_type == "run"
    assert "fewer than 20 points" in reason
    # A run chart keeps the data's own shape: counts with exposure keep their denominator.
    assert suggestion.has_denominator is (kind in {"exposure", "yes_no"})


@pytest.mark.parametrize("kind", [None, "", "weather"])
def test_suggest_chart_without_a_known_kind_suggests_nothing(kind: str | None) -> None:
    assert suggest_chart(kind) is None


def test_suggest_chart_reason_is_translatable() -> None:
    suggestion = suggest_chart("exposure")
    assert suggestion is not None
    with translation.override("en"):
        english = str(suggestion.reason)
    # The reason is a lazy translation: it renders in whatever language is active when shown.
    assert english.startswith("A U chart")


@pytest.mark.parametrize(
    ("chart", "has_denominator", "fits"),
    [
        ("u", True, True),
        ("p", True, True),
        ("pp", False, False),
        ("i", True, False),
        ("i", False, True),
        ("g", False, True),
        ("t", True, False),
        ("c", False, True),
        ("run", True, True),
        ("run", False, True),
    ],
)
def test_fits_data_matches_chart_to_how_data_is_reported(
    chart: str, has_denominator: bool, fits: bool
) -> None:
    assert fits_data(chart, has_denominator) is fits
