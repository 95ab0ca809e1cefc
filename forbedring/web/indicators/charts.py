"""The indicator charts from the engine's lights: the funnel plot of a level with one area
highlighted, and an area's trend over the periods (issue #8). The indicator page draws them
with vega-embed, the status reports statically; both call :func:`funnel_chart` and
:func:`trend_chart`, so the two show the same picture.

Each returns a Vega-Lite spec whose ``description`` is the chart in words (for the page's
"chart in words" and a screen reader). The funnel's limit curves are the engine's own limit
formulas (:func:`forbedring.spc.funnel_limits.unit_limits`) on a grid of denominators, with
the placement's national value, tau² and limits in force, so at every area's denominator they
are the limits the area was judged by.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.utils import translation

from forbedring.charts.funnel_spec import (
    AS_EXPECTED,
    BETTER,
    WORSE,
    FunnelArea,
    FunnelLimits,
    FunnelPlot,
    funnel_spec,
)
from forbedring.charts.model import LANGUAGES, Lang
from forbedring.charts.texts_indicators import indicator_text
from forbedring.charts.trend_spec import TrendPlot, TrendPoint, trend_spec
from forbedring.indicators.library import Indicator
from forbedring.spc.funnel import SHMI_DECIMALS
from forbedring.spc.funnel_limits import Limits, r_round, unit_limits
from forbedring.spc.traffic_lights import Placement, PlacementLight
from forbedring.web.indicators.lights import AreaLights, CountryValues, IndicatorLights
from forbedring.web.indicators.models import QUARTER
from forbedring.web.indicators.templatetags.traffic_lights import placement_word

# Grid points of a limit curve besides the areas' own denominators: enough for a smooth curve
# at report size, few enough to keep a thousand specs lean.
CURVE_POINTS = 60
STATUS_OF_LIGHT = {
    PlacementLight.BETTER: BETTER,
    PlacementLight.AS_EXPECTED: AS_EXPECTED,
    PlacementLight.WORSE: WORSE,
}


def chart_language(lang: str) -> Lang:
    """ "da", "nb" or "en" from a language code such as "nb-no"; English otherwise."""
    short = (lang or "en")[:2]
    return next((code for code in LANGUAGES if code == short), "en")


def period_label(period: dt.date, period_kind: str, lang: Lang) -> str:
    """ "2025" for a year; "2025 K1" (da, nb) or "2025 Q1" (en) for a quarter."""
    if period_kind == QUARTER:
        return indicator_text("quarter", lang, year=period.year, quarter=(period.month + 2) // 3)
    return str(period.year)


def limits_at(placement: Placement, denominator: np.ndarray) -> Limits:
    """The 95 % and 99.8 % limits (value scale) at the given denominators, as the placement
    computed them at its units: the same funnel type, national value, tau² and multiplier.

    A standardised ratio, and a rate judged in a Poisson funnel, are judged by observed against
    expected counts, the denominator times the national value, rounded as SHMI rounds expected
    counts (:mod:`forbedring.spc.placement_funnel`); their limits around 1 are then scaled
    back by the national value.
    """
    exact_poisson = placement.limits_used != "adjusted"
    tau2 = placement.tau2 if placement.limits_used == "adjusted" else 0.0
    if placement.funnel_type == "sr":
        scale = placement.target
        expected = r_round(denominator * scale, SHMI_DECIMALS)
        ratio = unit_limits("sr", placement.sr_method, expected, 1.0, tau2,
                            placement.multiplier, exact_poisson=exact_poisson)  # fmt: skip
        return Limits(
            ratio.lcl95 * scale, ratio.ucl95 * scale, ratio.lcl998 * scale, ratio.ucl998 * scale
        )
    return unit_limits(placement.funnel_type, placement.sr_method, denominator,
                       placement.target, tau2, placement.multiplier,
                       exact_poisson=exact_poisson)  # fmt: skip


def _curve_grid(denominators: np.ndarray) -> np.ndarray:
    """The areas' own denominators and a geometric grid between the smallest and the largest,
    dense where the funnel bends."""
    low, high = float(denominators.min()), float(denominators.max())
    grid = np.geomspace(low, high, CURVE_POINTS) if high > low else np.array([low])
    # The ends are the areas' exact values, not geomspace's rounded ones: the PR limits depend
    # on the largest denominator (FunnelPlotR's grid ends at its ceiling).
    grid[0], grid[-1] = low, high
    return np.unique(np.concatenate([grid, denominators]))


def _method_words(placement: Placement, lang: Lang) -> str:
    return indicator_text("adjusted" if placement.limits_used == "adjusted" else "unadjusted", lang)


def _judged_rows(lights: IndicatorLights) -> list[tuple[AreaLights, float]]:
    """The areas in the funnel with the value the engine judged (numerator / denominator ×
    multiplier; a published value may be rounded, and the point must sit where it was judged)."""
    assert lights.placement is not None
    judged = []
    for i, row in enumerate(lights.rows):
        value = float(lights.placement.value[i])
        if row.placement != PlacementLight.NO_DATA and row.current and np.isfinite(value):
            judged.append((row, value))
    return judged


def _funnel_areas(
    lights: IndicatorLights, lang: Lang
) -> tuple[list[FunnelArea], FunnelLimits | None, bool]:
    """The points, the limit curves (None without a funnel) and whether x is a rank. Without
    a funnel no area is judged, so every point is drawn alike (as expected)."""
    placement = lights.placement
    unjudged = AS_EXPECTED
    if lights.assessed and placement is not None and placement.limits_used != "none":
        judged = _judged_rows(lights)
        areas = [
            FunnelArea(row.area.name, float(row.current.denominator or 0.0), value,
                       row.current.numerator, row.current.denominator,
                       STATUS_OF_LIGHT[row.placement])
            for row, value in judged if row.current is not None
        ]  # fmt: skip
        if areas:
            denominators = np.array([a.x for a in areas], dtype=np.float64)
            grid = _curve_grid(denominators)
            curves = limits_at(placement, grid)
            limits = FunnelLimits(
                x=grid.tolist(), lower95=curves.lcl95.tolist(), upper95=curves.ucl95.tolist(),
                lower998=curves.lcl998.tolist(), upper998=curves.ucl998.tolist(),
                judging_level=placement.level, method=_method_words(placement, lang),
            )  # fmt: skip
            return areas, limits, False
    with_value = [row for row in lights.rows if row.current is not None]
    if with_value and all((row.current.denominator or 0) > 0 for row in with_value if row.current):
        areas = [
            FunnelArea(row.area.name, float(row.current.denominator or 0.0), row.current.value,
                       row.current.numerator, row.current.denominator, unjudged)
            for row in with_value if row.current is not None
        ]  # fmt: skip
        return areas, None, False
    ordered = sorted(
        (row for row in with_value if row.current is not None),
        key=lambda row: (row.current.value if row.current else 0.0, row.area.name),
    )
    areas = [
        FunnelArea(row.area.name, float(rank), row.current.value, row.current.numerator,
                   row.current.denominator, unjudged)
        for rank, row in enumerate(ordered, start=1) if row.current is not None
    ]  # fmt: skip
    return areas, None, True


def funnel_area_names(lights: IndicatorLights, lang: str) -> list[str]:
    """The names of the areas :func:`funnel_chart` plots, in its order, without drawing it."""
    return [area.name for area in _funnel_areas(lights, chart_language(lang))[0]]


def funnel_chart(
    lights: IndicatorLights,
    *,
    lang: str,
    highlight: int | None = None,
    width: int = 520,
    height: int = 300,
) -> dict[str, Any]:
    """The funnel plot of ``lights`` with the area ``highlight`` (an Organisation id) drawn
    larger and named.

    Without a funnel (an indicator published as a value only, or ``limits_used`` "none") the
    spec plots the same areas' values and the national value without limits: against the
    denominator when every area has one, else ranked by value (x = rank 1..n). The spec's
    ``description`` says which.
    """
    chart_lang = chart_language(lang)
    indicator = lights.indicator
    areas, limits, ranked = _funnel_areas(lights, chart_lang)
    with translation.override(chart_lang):
        words = {
            BETTER: placement_word(PlacementLight.BETTER),
            AS_EXPECTED: placement_word(PlacementLight.AS_EXPECTED),
            WORSE: placement_word(PlacementLight.WORSE),
        }
    chosen = lights.row_for(highlight) if highlight is not None else None
    if ranked:
        x_title = indicator_text("ranked", chart_lang)
    else:
        denominator = indicator.denominator.get(chart_lang) if indicator.denominator else ""
        x_title = denominator.rstrip(". ") or indicator_text("denominator", chart_lang)
    plot = FunnelPlot(
        title=indicator.title.get(chart_lang),
        period=period_label(lights.period, lights.period_kind, chart_lang),
        level=lights.level,
        x_title=x_title,
        unit=indicator.unit.get(chart_lang),
        areas=areas,
        national=lights.national,
        limits=limits,
        status_words=words,
        highlight=chosen.area.name if chosen else None,
        ranked=ranked,
        lang=chart_lang,
        width=width,
        height=height,
    )
    return funnel_spec(plot)


def nation_trend_chart(
    data: CountryValues, indicator: Indicator, *, lang: str, width: int, height: int
) -> dict[str, Any] | None:
    """The nation's values over the periods, for an indicator published for the whole
    country only (no areas, so no funnel and no area to set against it)."""
    if data.nation is None:
        return None
    chart_lang = chart_language(lang)
    series = data.series(indicator.id, data.nation.pk)
    if not series:
        return None
    labels = [period_label(p.period, data.period_kind, chart_lang) for p in series]
    plot = TrendPlot(
        title=indicator.title.get(chart_lang),
        unit=indicator.unit.get(chart_lang),
        area_name=data.nation.name,
        area=[TrendPoint(label, p.value) for label, p in zip(labels, series, strict=True)],
        nation_name=None,
        nation=[],
        periods=labels,
        lang=chart_lang,
        width=width,
        height=height,
    )
    return trend_spec(plot)


def trend_chart(
    data: CountryValues,
    lights: IndicatorLights,
    area_id: int,
    *,
    lang: str,
    width: int = 240,
    height: int = 110,
) -> dict[str, Any]:
    """The area's stored values of the indicator up to the lights' period, oldest first, with
    the nation's published series in grey; the latest value is labelled."""
    chart_lang = chart_language(lang)
    indicator = lights.indicator
    kind = data.period_kind

    def points(owner_id: int) -> list[TrendPoint]:
        return [
            TrendPoint(period_label(p.period, kind, chart_lang), p.value)
            for p in data.series(indicator.id, owner_id)
            if p.period <= lights.period
        ]

    area = data.areas.get(area_id)
    own = points(area_id)
    nation = points(data.nation.pk) if data.nation else []
    periods = sorted(
        {p.period for owner in (area_id, data.nation.pk if data.nation else None)
         if owner is not None for p in data.series(indicator.id, owner)
         if p.period <= lights.period}
    )  # fmt: skip
    plot = TrendPlot(
        title=indicator.title.get(chart_lang),
        unit=indicator.unit.get(chart_lang),
        area_name=area.name if area else str(area_id),
        area=own,
        nation_name=data.nation.name if data.nation else None,
        nation=nation,
        periods=[period_label(p, kind, chart_lang) for p in periods],
        lang=chart_lang,
        width=width,
        height=height,
    )
    return trend_spec(plot)
