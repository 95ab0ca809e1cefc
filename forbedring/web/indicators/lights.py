"""The traffic lights of the status report for every area of a country at once: each
indicator's development since the previous period and its placement against the national value
(issue #8, "Method"), computed by the engine (:mod:`forbedring.spc.traffic_lights`) from the
stored indicator values.

One query reads a country's values (:func:`load_country`); every indicator's lights for all
municipalities or all regions then come from one engine call each, so a national overview and
98 status reports cost the same few queries as one report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from forbedring.indicators.library import Indicator
from forbedring.spc.development import (
    DEFAULT_DEVELOPMENT_LEVEL,
    Development,
    DevelopmentLight,
    as_data_type,
    development,
)
from forbedring.spc.placement_funnel import FunnelLevel
from forbedring.spc.placement_funnel import PlacementLimits as Limits
from forbedring.spc.traffic_lights import Placement, PlacementLight, placement
from forbedring.web.indicators.areas import NATION_NAMES
from forbedring.web.indicators.models import QUARTER, YEAR, IndicatorValue, library_indicators
from forbedring.web.organisations.models import Organisation

# The area levels a status report is made for.
# Plain strings (the choices' members are typed as tuples without a plugin).
MUNICIPALITY = "municipality"
REGION = "region"
LEVELS = (MUNICIPALITY, REGION)
DEVELOPMENT_LEVELS = (0.9, 0.95, 0.99)
QUARTERS_IN_A_YEAR = 4


@dataclass(frozen=True)
class LightSettings:
    """The method's choices, printed on every report: the funnel limits whose outside is
    better or worse (95 % by default, 99.8 % selectable), whether they are widened for
    overdispersion, and the confidence level of the development test."""

    placement_level: FunnelLevel = "95"
    placement_limits: Limits = "overdispersed"
    development_level: float = DEFAULT_DEVELOPMENT_LEVEL

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> LightSettings:
        """Settings from a page's query string (``?limits=998&adjust=no&dev=0.99``); an
        unknown value falls back to the default rather than failing the page."""
        level = query.get("limits", "95")
        adjust = query.get("adjust", "yes")
        try:
            dev = float(query.get("dev", DEFAULT_DEVELOPMENT_LEVEL))
        except ValueError:
            dev = DEFAULT_DEVELOPMENT_LEVEL
        return cls(
            placement_level="998" if level == "998" else "95",
            placement_limits="unadjusted" if adjust == "no" else "overdispersed",
            development_level=dev if dev in DEVELOPMENT_LEVELS else DEFAULT_DEVELOPMENT_LEVEL,
        )

    def query(self) -> str:
        """The query string that gives these settings back (empty for the defaults)."""
        parts = []
        if self.placement_level != "95":
            parts.append(f"limits={self.placement_level}")
        if self.placement_limits == "unadjusted":
            parts.append("adjust=no")
        if self.development_level != DEFAULT_DEVELOPMENT_LEVEL:
            parts.append(f"dev={self.development_level:g}")
        return "&".join(parts)


@dataclass(frozen=True)
class Point:
    """One stored value, as the lights and the trend charts need it; ``from_quarters`` marks a
    year summed from the four quarters of an indicator published quarterly."""

    period: dt.date
    numerator: float | None
    denominator: float | None
    value: float
    is_demo: bool
    from_quarters: bool = False


@dataclass
class CountryValues:
    """Every stored value of a country's municipalities, regions and nation for one period
    kind: ``points[indicator][area id][period]``."""

    country: str
    period_kind: str
    areas: dict[int, Organisation]
    nation: Organisation | None
    points: dict[str, dict[int, dict[dt.date, Point]]] = field(default_factory=dict)

    def series(self, indicator_id: str, area_id: int) -> list[Point]:
        """One area's values, oldest first."""
        return sorted(
            self.points.get(indicator_id, {}).get(area_id, {}).values(), key=lambda p: p.period
        )

    def periods(self, indicator_id: str) -> list[dt.date]:
        """Every period with a value of the indicator, oldest first."""
        found = {
            period
            for by_period in self.points.get(indicator_id, {}).values()
            for period in by_period
        }
        return sorted(found)

    def areas_of(self, level: str) -> list[Organisation]:
        """The municipalities or regions, by official code then name."""
        return sorted(
            (a for a in self.areas.values() if a.kind == level),
            key=lambda a: (a.official_code or "~", a.name),
        )


def load_country(
    country: str, period_kind: str = YEAR, indicators: Collection[str] | None = None
) -> CountryValues:
    """Every value of a country's areas in one query (about 10,000 rows for Denmark), or only
    those of ``indicators``.

    For years, an indicator published quarterly also gets the years of its stored quarters
    (see :func:`years_from_quarters`), where no year is stored for it."""
    areas = {
        a.pk: a
        for a in Organisation.objects.filter(
            country=country, kind__in=(MUNICIPALITY, REGION, Organisation.Kind.NATIONAL_BODY)
        )
    }
    nation = next(
        (
            a
            for a in areas.values()
            if a.kind == Organisation.Kind.NATIONAL_BODY and a.name == NATION_NAMES[country]
        ),
        None,
    )
    areas = {pk: a for pk, a in areas.items() if a.kind != Organisation.Kind.NATIONAL_BODY}
    data = CountryValues(country=country, period_kind=period_kind, areas=areas, nation=nation)
    wanted = set(areas) | ({nation.pk} if nation else set())
    quarterly = quarterly_indicators(country) if period_kind == YEAR else frozenset()
    kinds = Q(period_kind=period_kind) | Q(period_kind=QUARTER, indicator__in=quarterly)
    found = IndicatorValue.objects.filter(kinds, area__country=country)
    if indicators is not None:
        found = found.filter(indicator__in=list(indicators))
    rows = found.values_list(
        "indicator", "area_id", "period_kind", "period", "numerator", "denominator", "value",
        "is_demo",
    )  # fmt: skip
    quarters: dict[str, dict[int, dict[dt.date, Point]]] = {}
    for indicator, area_id, kind, period, numerator, denominator, value, is_demo in rows.iterator(
        chunk_size=5000
    ):
        if area_id in wanted:
            into = data.points if kind == period_kind else quarters
            into.setdefault(indicator, {}).setdefault(area_id, {})[period] = Point(
                period, numerator, denominator, value, is_demo
            )
    for indicator, by_area in quarters.items():
        multiplier = library_indicators()[indicator][0].multiplier or 1.0
        for area_id, by_quarter in by_area.items():
            summed = years_from_quarters(by_quarter, multiplier)
            if summed:
                stored = data.points.setdefault(indicator, {}).setdefault(area_id, {})
                for year, point in summed.items():
                    stored.setdefault(year, point)  # a stored year wins over the sum
    return data


def quarterly_indicators(country: str) -> frozenset[str]:
    """The country's indicators that the library says are published quarterly."""
    return frozenset(
        indicator.id
        for indicator, indicator_country in library_indicators().values()
        if indicator_country == country and indicator.period == QUARTER
    )


def years_from_quarters(
    quarters: Mapping[dt.date, Point], multiplier: float
) -> dict[dt.date, Point]:
    """The years whose four quarters are all stored with numerator and denominator, each as
    the sums of its quarters' numerators and denominators (a year's proportion or rate is the
    year's events over the year's cases, not the mean of four quarters' values). A year with a
    quarter missing, or a quarter published as a value only, has no sum: it would understate
    the year, and a median or an index cannot be summed."""
    by_year: dict[int, list[Point]] = {}
    for point in quarters.values():
        by_year.setdefault(point.period.year, []).append(point)
    years = {}
    for year, points in by_year.items():
        counted = [p for p in points if p.numerator is not None and p.denominator is not None]
        if len(counted) != QUARTERS_IN_A_YEAR or len(points) != QUARTERS_IN_A_YEAR:
            continue
        numerator = sum(p.numerator or 0.0 for p in counted)
        denominator = sum(p.denominator or 0.0 for p in counted)
        if denominator <= 0:
            continue
        years[dt.date(year, 1, 1)] = Point(
            period=dt.date(year, 1, 1),
            numerator=numerator,
            denominator=denominator,
            value=numerator / denominator * multiplier,
            is_demo=any(p.is_demo for p in counted),
            from_quarters=True,
        )
    return years


def previous_period(period: dt.date, period_kind: str) -> dt.date:
    """The period before: last year, or the quarter before."""
    if period_kind == QUARTER:
        month = period.month - 3
        return dt.date(period.year - (month < 1), (month - 1) % 12 + 1, 1)
    return dt.date(period.year - 1, period.month, period.day)


@dataclass(frozen=True)
class AreaLights:
    """One area's row of an indicator: its value now and before, both lights, and the numbers
    behind them (the development's estimate and interval, the funnel limits at the area)."""

    area: Organisation
    current: Point | None
    previous: Point | None
    development: DevelopmentLight
    placement: PlacementLight
    change: float | None
    change_lower: float | None
    change_upper: float | None
    limit_lower: float | None
    limit_upper: float | None


@dataclass(frozen=True)
class IndicatorLights:
    """One indicator's lights for every area of a level in one period.

    ``assessed`` is False for an indicator published as a value only (no numerator and
    denominator, like a waiting time): it has values and trends, but no test can be made, so
    both lights are "no data" and the report says why. ``national`` is the nation's published
    value, or the pooled value of the areas when the nation's is not stored."""

    indicator: Indicator
    country: str
    level: str
    period: dt.date
    previous: dt.date
    period_kind: str
    assessed: bool
    national: float | None
    national_published: bool
    rows: tuple[AreaLights, ...]
    placement: Placement | None
    development: Development | None
    settings: LightSettings
    is_demo: bool
    # Some of its years are sums of four published quarters (no year is published for it).
    from_quarters: bool = False

    def row_for(self, area_id: int) -> AreaLights | None:
        return next((row for row in self.rows if row.area.pk == area_id), None)


def _usable(point: Point | None, data_type: str) -> bool:
    """Whether a point's counts can enter a test. A proportion whose numerator is above its
    denominator is impossible; the import and the model refuse it, but a value written to the
    database by other means must cost its own area its lights, not the whole page."""
    if point is None or point.numerator is None or point.denominator is None:
        return False
    return data_type != "pr" or point.numerator <= point.denominator


def _counts(points: list[Point | None], data_type: str) -> tuple[np.ndarray, np.ndarray]:
    """Numerators and denominators with NaN for missing (no value, a value only, or counts
    that cannot be)."""
    usable = [p if _usable(p, data_type) else None for p in points]
    numerator = np.array([np.nan if p is None else p.numerator for p in usable], dtype=float)
    denominator = np.array([np.nan if p is None else p.denominator for p in usable], dtype=float)
    return numerator, denominator


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def indicator_lights(
    data: CountryValues,
    indicator_id: str,
    level: str,
    period: dt.date | None = None,
    settings: LightSettings = LightSettings(),
) -> IndicatorLights | None:
    """The lights of one indicator for every area of ``level`` in ``period`` (the latest
    period with values when None). None when the indicator has no values at that level."""
    found = library_indicators().get(indicator_id)
    if found is None or found[1] != data.country or level not in found[0].levels:
        return None
    indicator = found[0]
    areas = data.areas_of(level)
    by_area = data.points.get(indicator_id, {})
    if period is None:
        periods = sorted({p for a in areas for p in by_area.get(a.pk, {})})
        if not periods:
            return None
        period = periods[-1]
    before = previous_period(period, data.period_kind)
    current = [by_area.get(a.pk, {}).get(period) for a in areas]
    previous = [by_area.get(a.pk, {}).get(before) for a in areas]
    if not any(current):
        return None
    national_point = by_area.get(data.nation.pk, {}).get(period) if data.nation else None
    multiplier = indicator.multiplier or 1.0
    assessed = indicator.data_type is not None
    higher = indicator.higher_is_better
    n = len(areas)
    dev_light = np.full(n, DevelopmentLight.NO_DATA, dtype=np.intp)
    place_light = np.full(n, PlacementLight.NO_DATA, dtype=np.intp)
    estimate = lower = upper = limit_low = limit_high = np.full(n, np.nan)
    placed: Placement | None = None
    developed: Development | None = None
    national = national_point.value if national_point else None
    if assessed:
        data_type = as_data_type(str(indicator.data_type))
        o1, e1 = _counts(current, data_type)
        o0, e0 = _counts(previous, data_type)
        target = None
        if national_point is not None and data_type != "sr":
            target = national_point.value / multiplier
        developed = development(
            o0, e0, o1, e1, data_type=data_type, higher_is_better=higher,
            level=settings.development_level,
        )  # fmt: skip
        placed = placement(
            o1, e1, data_type=data_type, higher_is_better=higher,
            level=settings.placement_level, limits=settings.placement_limits,
            target=target, multiplier=multiplier,
        )  # fmt: skip
        dev_light, place_light = developed.light, placed.light
        estimate, lower, upper = developed.estimate, developed.lower, developed.upper
        limit_low, limit_high = placed.lower, placed.upper
        if national is None and not np.isnan(placed.target):
            # The funnel's centre on the value scale (for sr, 1 × the multiplier).
            national = placed.target * multiplier
    rows = tuple(
        AreaLights(
            area=area,
            current=current[i],
            previous=previous[i],
            development=DevelopmentLight(int(dev_light[i])),
            placement=PlacementLight(int(place_light[i])),
            change=_number(estimate[i]),
            change_lower=_number(lower[i]),
            change_upper=_number(upper[i]),
            limit_lower=_number(limit_low[i]),
            limit_upper=_number(limit_high[i]),
        )
        for i, area in enumerate(areas)
    )
    demo = any(p.is_demo for p in current if p) or bool(national_point and national_point.is_demo)
    shown = [p for p in (*current, *previous, national_point) if p is not None]
    return IndicatorLights(
        indicator=indicator,
        country=data.country,
        level=level,
        period=period,
        previous=before,
        period_kind=data.period_kind,
        assessed=assessed,
        national=national,
        national_published=national_point is not None,
        rows=rows,
        placement=placed,
        development=developed,
        settings=settings,
        is_demo=demo,
        from_quarters=any(p.from_quarters for p in shown),
    )


def country_lights(
    data: CountryValues,
    level: str,
    settings: LightSettings = LightSettings(),
    period: dt.date | None = None,
) -> list[IndicatorLights]:
    """Every indicator of the country published at ``level``, in the library's order (by
    goal), each in its own latest period unless ``period`` is given."""
    found = []
    for indicator_id, (indicator, country) in library_indicators().items():
        if country != data.country or level not in indicator.levels:
            continue
        lights = indicator_lights(data, indicator_id, level, period, settings)
        if lights is not None:
            found.append(lights)
    return found
