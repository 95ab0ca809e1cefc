"""The indicators index (issue #8): per country, the goals of its indicator set with their
indicators, and for each how far its stored values reach (latest year or quarter, how many
areas), so a
reader finds the indicator page and sees at once where data are missing or simulated.

One grouped query for the whole library: the values per indicator and period, counted; an
indicator published quarterly counts its quarters, any other its years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from forbedring.charts.model import Lang
from forbedring.indicators.library import Indicator
from forbedring.web.indicators.charts import period_label
from forbedring.web.indicators.lights import MUNICIPALITY, REGION
from forbedring.web.indicators.models import (
    YEAR,
    IndicatorValue,
    indicator_sets,
    library_indicators,
    period_kind_of,
)

COUNTRY_NAMES = {"DK": "Danmark", "NO": "Norge"}


def level_word(level: str) -> str:
    words = {
        MUNICIPALITY: _("municipalities"),
        REGION: _("regions"),
        "county": _("counties"),
        "nation": _("whole country"),
    }
    return words.get(level, level)


def direction_words(indicator: Indicator) -> str:
    return _("Higher is better") if indicator.higher_is_better else _("Lower is better")


@dataclass(frozen=True)
class Coverage:
    """How far an indicator's stored values reach (years, or quarters for a quarterly one)."""

    latest_year: int | None = None
    latest_period: dt.date | None = None
    period_kind: str = YEAR
    area_count: int = 0
    is_demo: bool = False


@dataclass(frozen=True)
class IndexIndicator:
    indicator: Indicator
    title: str
    unit: str
    direction: str
    levels: str
    coverage: Coverage
    latest: str  # the latest period with values, as a reader says it ("2025", "2025 K3")


@dataclass(frozen=True)
class IndexGoal:
    number: int
    title: str
    indicators: tuple[IndexIndicator, ...]


@dataclass(frozen=True)
class IndexCountry:
    code: str
    name: str
    title: str
    needs_review: bool
    goals: tuple[IndexGoal, ...]
    is_demo: bool


def coverage_by_indicator() -> dict[str, Coverage]:
    """Per indicator: its latest year with any value (the nation's counts too, for
    indicators published for the whole country only), the municipalities and regions with a
    value in that year, and whether any value of that year is simulated."""
    grouped = (
        IndicatorValue.objects.values("indicator", "period_kind", "period")
        .annotate(
            areas=Count("pk", filter=Q(area__kind__in=(MUNICIPALITY, REGION))),
            demo=Count("pk", filter=Q(is_demo=True)),
        )
        .order_by("indicator", "period")
    )
    library = library_indicators()
    found: dict[str, Coverage] = {}
    # Ordered by period, so the last row of an indicator is its latest period.
    for row in grouped:
        known = library.get(row["indicator"])
        kind = period_kind_of(known[0]) if known else YEAR
        if row["period_kind"] != kind:
            continue
        found[row["indicator"]] = Coverage(
            latest_year=row["period"].year, latest_period=row["period"], period_kind=kind,
            area_count=row["areas"], is_demo=row["demo"] > 0,
        )  # fmt: skip
    return found


def _indicator(indicator: Indicator, coverage: Coverage, lang: Lang) -> IndexIndicator:
    return IndexIndicator(
        indicator=indicator,
        title=indicator.title.get(lang),
        unit=indicator.unit.get(lang),
        direction=direction_words(indicator),
        levels=", ".join(level_word(level) for level in indicator.levels),
        coverage=coverage,
        latest=period_label(coverage.latest_period, coverage.period_kind, lang)
        if coverage.latest_period
        else "",
    )


def build_index(lang: Lang) -> list[IndexCountry]:
    coverage = coverage_by_indicator()
    countries = []
    for indicator_set in indicator_sets():
        goals = tuple(
            IndexGoal(
                number=goal.number,
                title=goal.title.get(lang),
                indicators=tuple(
                    _indicator(i, coverage.get(i.id, Coverage()), lang)
                    for i in indicator_set.indicators_for(goal.id)
                ),
            )
            for goal in indicator_set.goals
        )
        code = indicator_set.country.upper()
        countries.append(
            IndexCountry(
                code=code,
                name=COUNTRY_NAMES.get(code, code),
                title=indicator_set.title.get(lang),
                needs_review=indicator_set.needs_review,
                goals=goals,
                is_demo=any(i.coverage.is_demo for g in goals for i in g.indicators),
            )
        )
    return countries
