"""What the indicator page shows (issue #8): the choices read from the query string (level,
period, highlighted area, method), every area's row with its lights and funnel limits, and the
indicator's definition and sources. The view only renders what :func:`build_page` returns.

The period is a year, or a quarter for an indicator published quarterly (``?year=2025`` or
``?year=2025-Q3``). A choice the page cannot honour (a period without values, an area of
another level, a mistyped number) falls back to the default with a notice saying so, never an
error page.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from forbedring.charts.locales import MISSING, auto_decimals, format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.indicators.library import Indicator, IndicatorSet, Source
from forbedring.web.indicators.charts import (
    funnel_chart,
    nation_trend_chart,
    period_label,
    trend_chart,
)
from forbedring.web.indicators.lights import (
    LEVELS,
    MUNICIPALITY,
    AreaLights,
    CountryValues,
    IndicatorLights,
    LightSettings,
    indicator_lights,
)
from forbedring.web.indicators.method_words import (
    development_sentences,
    national_sentence,
    placement_sentences,
)
from forbedring.web.indicators.models import QUARTER
from forbedring.web.organisations.models import Organisation

# The page's funnel plot: larger than a report's, as it is the page's main picture.
PAGE_WIDTH, PAGE_HEIGHT = 600, 340
# A phone's variant: the plot and its axes fit a 360 px screen.
NARROW_WIDTH = 240


def level_words() -> dict[str, str]:
    return {MUNICIPALITY: _("Municipalities"), "region": _("Regions")}


@dataclass(frozen=True)
class Choice:
    """The page's choices after checking them, and what was refused."""

    level: str | None
    period: dt.date | None
    area_id: int | None
    settings: LightSettings
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One area's line of the table, its numbers already written in the page's language."""

    area: Organisation
    chosen: bool
    value: str
    numerator: str
    denominator: str
    previous: str
    limits: str
    lights: AreaLights


@dataclass(frozen=True)
class NationRow:
    period: str
    value: str  # with its unit
    numerator: str
    denominator: str
    is_demo: bool


@dataclass
class Page:
    indicator: Indicator
    country: str
    choice: Choice
    levels: list[tuple[str, str]]
    # The periods with values, newest first, as (query value, label): "2025" or "2025-Q3".
    periods: list[tuple[str, str]]
    quarterly: bool = False
    period_key: str = ""
    period_label: str = ""
    previous_label: str = ""
    lights: IndicatorLights | None = None
    rows: list[Row] = field(default_factory=list)
    funnel: dict[str, Any] | None = None
    funnel_narrow: dict[str, Any] | None = None
    trend: dict[str, Any] | None = None
    trend_narrow: dict[str, Any] | None = None
    chosen_area: Organisation | None = None
    national: str = ""
    method: list[str] = field(default_factory=list)
    # An indicator published for the whole country only: its values, newest first, and a
    # chart of them.
    nation_series: list[NationRow] = field(default_factory=list)
    nation_trend: dict[str, Any] | None = None
    nation_trend_narrow: dict[str, Any] | None = None
    nation_counts: bool = False  # whether any of its values has numerator and denominator


def _levels(indicator: Indicator) -> list[str]:
    return [level for level in LEVELS if level in indicator.levels]


def periods_with_values(data: CountryValues, indicator_id: str, level: str) -> list[dt.date]:
    """The periods in which some area of ``level`` has a value, newest first."""
    areas = {a.pk for a in data.areas_of(level)}
    by_area = data.points.get(indicator_id, {})
    return sorted({p for pk in areas for p in by_area.get(pk, {})}, reverse=True)


def period_key(period: dt.date, kind: str) -> str:
    """The period as the query string names it: "2025", or "2025-Q3" for a quarter."""
    if kind == QUARTER:
        return f"{period.year}-Q{(period.month + 2) // 3}"
    return str(period.year)


def _whole_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses."""
    return text.isascii() and text.isdecimal() and len(text) <= 12


def read_choice(
    query: Mapping[str, str], data: CountryValues, indicator: Indicator
) -> tuple[Choice, list[dt.date]]:
    """The level, period and area asked for, or the defaults with a notice for each refusal."""
    notices: list[str] = []
    levels = _levels(indicator)
    level = query.get("level") or (levels[0] if levels else "")
    if levels and level not in levels:
        notices.append(_("That level is not available for this indicator; showing the first."))
        level = levels[0]
    periods = periods_with_values(data, indicator.id, level) if levels else []
    period: dt.date | None = periods[0] if periods else None
    asked = query.get("year", "")
    if asked:
        by_key = {period_key(p, data.period_kind): p for p in periods}
        if asked in by_key:
            period = by_key[asked]
        else:
            notices.append(
                _("There are no values for the year “%(year)s”; showing the latest year.")
                % {"year": asked[:12]}
            )
    area_id: int | None = None
    asked_area = query.get("area", "")
    if asked_area:
        area = data.areas.get(int(asked_area)) if _whole_number(asked_area) else None
        if area is not None and area.kind == level:
            area_id = area.pk
        else:
            notices.append(_("That area is not one of the areas listed here; none is highlighted."))
    choice = Choice(
        level=level or None,
        period=period,
        area_id=area_id,
        settings=LightSettings.from_query(query),
        notices=tuple(notices),
    )
    return choice, periods


def _typical_decimals(values: list[float]) -> int:
    """One number of decimals for a whole column of values, from their typical (median) size."""
    ordered = sorted(abs(value) for value in values)
    return auto_decimals(ordered[len(ordered) // 2]) if ordered else 1


def _decimals(lights: IndicatorLights) -> int:
    return _typical_decimals([r.current.value for r in lights.rows if r.current])


def _text(value: float | None, lang: Lang, decimals: int | None = None) -> str:
    if value is None or not math.isfinite(value):
        return MISSING
    return format_number(value, lang, decimals)


def table_rows(lights: IndicatorLights, chosen: int | None, lang: Lang, decimals: int) -> list[Row]:
    rows = []
    for row in lights.rows:
        current, previous = row.current, row.previous
        limits = MISSING
        if row.limit_lower is not None and row.limit_upper is not None:
            limits = (
                f"{_text(row.limit_lower, lang, decimals)}–{_text(row.limit_upper, lang, decimals)}"
            )
        rows.append(
            Row(
                area=row.area,
                chosen=row.area.pk == chosen,
                value=_text(current.value if current else None, lang, decimals),
                numerator=_text(current.numerator if current else None, lang),
                denominator=_text(current.denominator if current else None, lang),
                previous=_text(previous.value if previous else None, lang, decimals),
                limits=limits,
                lights=row,
            )
        )
    return rows


def sources_of(indicator: Indicator, indicator_set: IndicatorSet | None) -> tuple[Source, ...]:
    """The indicator's sources, as its set describes them."""
    return tuple(indicator_set.source(s) for s in indicator.sources) if indicator_set else ()


def _nation_series(data: CountryValues, indicator: Indicator, lang: Lang) -> list[NationRow]:
    """The nation's values, newest first, each with its unit and in one number of decimals
    (from the typical value), as the other tables write them."""
    if data.nation is None:
        return []
    series = data.series(indicator.id, data.nation.pk)
    if not series:
        return []
    decimals = _typical_decimals([p.value for p in series])
    unit = indicator.unit.get(lang)
    return [
        NationRow(
            period=period_label(p.period, data.period_kind, lang),
            value=format_with_unit(_text(p.value, lang, decimals), unit, lang),
            numerator=_text(p.numerator, lang),
            denominator=_text(p.denominator, lang),
            is_demo=p.is_demo,
        )
        for p in reversed(series)
    ]


def build_page(
    data: CountryValues, indicator: Indicator, query: Mapping[str, str], lang: Lang
) -> Page:
    choice, periods = read_choice(query, data, indicator)
    words = level_words()
    kind = data.period_kind
    page = Page(
        indicator=indicator,
        country=data.country,
        choice=choice,
        levels=[(level, words[level]) for level in _levels(indicator)],
        periods=[(period_key(p, kind), period_label(p, kind, lang)) for p in periods],
        quarterly=kind == QUARTER,
        nation_series=_nation_series(data, indicator, lang),
    )
    if page.nation_series and not page.levels:
        page.nation_counts = any(row.numerator != MISSING for row in page.nation_series)
        page.nation_trend = nation_trend_chart(
            data, indicator, lang=lang, width=PAGE_WIDTH, height=220
        )
        page.nation_trend_narrow = nation_trend_chart(
            data, indicator, lang=lang, width=NARROW_WIDTH, height=160
        )
    if choice.level is None or choice.period is None:
        return page
    page.period_key = period_key(choice.period, kind)
    page.period_label = period_label(choice.period, kind, lang)
    lights = indicator_lights(data, indicator.id, choice.level, choice.period, choice.settings)
    if lights is None:
        return page
    page.lights = lights
    page.previous_label = period_label(lights.previous, kind, lang)
    decimals = _decimals(lights)
    page.rows = table_rows(lights, choice.area_id, lang, decimals)
    page.funnel = funnel_chart(
        lights, lang=lang, highlight=choice.area_id, width=PAGE_WIDTH, height=PAGE_HEIGHT
    )
    # A phone gets a narrower plot rather than a shrunken one (charts.js picks the variant).
    page.funnel_narrow = funnel_chart(
        lights, lang=lang, highlight=choice.area_id, width=NARROW_WIDTH, height=260
    )
    if choice.area_id is not None:
        page.chosen_area = data.areas[choice.area_id]
        page.trend = trend_chart(data, lights, choice.area_id, lang=lang, width=420, height=160)
        page.trend_narrow = trend_chart(
            data, lights, choice.area_id, lang=lang, width=NARROW_WIDTH, height=140
        )
    unit = indicator.unit.get(lang)
    page.national = format_with_unit(_text(lights.national, lang, decimals), unit, lang)
    page.method = [
        *placement_sentences(lights, lang),
        *development_sentences(lights, lang),
        national_sentence(lights),
    ]
    return page
