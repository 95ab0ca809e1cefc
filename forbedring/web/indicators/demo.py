"""Demo indicator values: all 98 Danish municipalities, the 5 regions and "Danmark", and the
demo's Norwegian municipalities and "Norge", with five years of simulated values.

The names and official codes are real (``data/dk_areas.csv``); every figure is simulated from
a fixed seed and stored with ``is_demo=True`` and the source "Demo data (simulated)", so the
pages label it. The municipalities' populations aged 65+ are simulated too (log-uniform in a
plausible range, København the largest), and so is each indicator's rate: a national level,
a spread between municipalities, a few municipalities clearly better or worse than the rest,
and some improving year by year. Regions and the nation are the sums of their municipalities,
as published aggregates are. Added municipalities have no units, so they add no teams.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from forbedring.web.indicators.areas import danish_areas, ensure_areas, nation
from forbedring.web.indicators.models import (
    DEMO_SOURCE,
    IndicatorValue,
    PeriodKind,
    library_indicators,
)
from forbedring.web.organisations.models import Organisation

SEED = 20261122
YEARS = 5
NORWEGIAN_CODES = ("4601", "5001", "5028", "5031")
# Municipalities that stand out in the demo (codes): clearly better, clearly worse, improving.
BETTER = frozenset({"0157", "0230", "0840"})
WORSE = frozenset({"0360", "0825", "0787"})
IMPROVING = frozenset({"0751", "0461", "0376", "0550", "0630"})


@dataclass(frozen=True)
class Shape:
    """How an indicator is simulated: its denominator as a share of the population (65+ in
    Denmark, nursing-home size in Norway) and its typical rate per multiplier unit."""

    denominator_share: float
    rate: float
    spread: float  # between municipalities, relative
    value_only: bool = False


DK_SHAPES = {
    "dk-preventable-admissions-65-plus": Shape(1.0, 60.0, 0.12),
    "dk-acute-readmissions-30-days": Shape(0.22, 9.0, 0.12),
    "dk-bed-days-ready-for-discharge": Shape(1.0, 18.0, 0.45),
    "dk-copd-acute-admissions": Shape(0.09, 230.0, 0.15),
    "dk-type-2-diabetes-acute-admissions": Shape(0.12, 150.0, 0.15),
    "dk-rehabilitation-waiting-time": Shape(0.0, 16.0, 0.3, value_only=True),
}
NO_SHAPES = {
    "no-nursing-home-medication-review": Shape(0.015, 78.0, 0.1),
    "no-readmission-67-plus-30-days": Shape(0.25, 13.0, 0.1),
    "no-nursing-home-physician-hours": Shape(0.015, 0.55, 0.2),
    "no-long-term-residents-assessed-by-physician": Shape(0.012, 85.0, 0.08),
}


def load_indicator_demo(today: dt.date) -> None:
    """Add the areas that are missing and the demo values (fast: a few bulk inserts)."""
    years = [dt.date(today.year - YEARS + i, 1, 1) for i in range(YEARS)]
    ensure_areas()
    areas = _danish_areas()
    norway = _norwegian_areas()
    rng = np.random.default_rng(SEED)
    values: list[IndicatorValue] = []
    values += _country_values("DK", areas, DK_SHAPES, years, rng, (1_200, 60_000))
    values += _country_values("NO", norway, NO_SHAPES, years, rng, (4_000, 60_000))
    IndicatorValue.objects.bulk_create(values, batch_size=2000)


def _danish_areas() -> dict[str, list[Organisation]]:
    """The municipalities by region code, plus "regions" and "nation"."""
    by_code = {
        o.official_code: o
        for o in Organisation.objects.filter(country="DK").exclude(official_code="")
    }
    grouped: dict[str, list[Organisation]] = {}
    for record in danish_areas():
        if record.kind == Organisation.Kind.MUNICIPALITY:
            grouped.setdefault(record.region, []).append(by_code[record.code])
    grouped["regions"] = [by_code[r.code] for r in danish_areas() if r.kind == "region"]
    grouped["nation"] = [_nation("DK")]
    return grouped


def _norwegian_areas() -> dict[str, list[Organisation]]:
    municipalities = list(
        Organisation.objects.filter(country="NO", official_code__in=NORWEGIAN_CODES)
    )
    return {"": municipalities, "regions": [], "nation": [_nation("NO")]}


def _nation(country: str) -> Organisation:
    found = nation(country)
    assert found is not None  # ensure_areas made it
    return found


def _country_values(
    country: str, areas: dict[str, list[Organisation]], shapes: dict[str, Shape],
    years: list[dt.date], rng: np.random.Generator, population: tuple[int, int],
) -> list[IndicatorValue]:  # fmt: skip
    indicators = library_indicators()
    municipalities = sorted(
        (m for key, group in areas.items() if key not in ("regions", "nation") for m in group),
        key=lambda o: o.official_code,
    )
    low, high = np.log(population[0]), np.log(population[1])
    sizes = {m.official_code: float(np.exp(rng.uniform(low, high))) for m in municipalities}
    if "0101" in sizes:
        sizes["0101"] = 62_000.0  # København: the largest by far
    values: list[IndicatorValue] = []
    for indicator_id, shape in shapes.items():
        indicator, _country = indicators[indicator_id]
        own = {m.official_code: float(rng.normal(1.0, shape.spread / 2)) for m in municipalities}
        for position, year in enumerate(years):
            year_values = []
            for m in municipalities:
                level = max(0.2, own[m.official_code]) * _standing(m.official_code, position)
                rate = shape.rate * level
                if shape.value_only:
                    value = float(max(1.0, rng.normal(rate, rate * 0.08)))
                    year_values.append(_value(indicator_id, m, year, None, None, value))
                    continue
                denominator = float(round(max(20.0, sizes[m.official_code]
                                              * shape.denominator_share)))  # fmt: skip
                expected = rate / indicator.multiplier * denominator
                numerator = float(rng.poisson(expected))
                if indicator.data_type == "pr":
                    numerator = min(numerator, denominator)
                year_values.append(
                    _value(indicator_id, m, year, numerator, denominator,
                           numerator / denominator * indicator.multiplier)
                )  # fmt: skip
            values += year_values
            values += _aggregates(indicator_id, indicator.multiplier, year, year_values, areas)
    return values


def _standing(code: str, position: int) -> float:
    """The demo's stand-outs: better or worse throughout, or improving 6 % a year."""
    if code in BETTER:
        return 0.72
    if code in WORSE:
        return 1.35
    if code in IMPROVING:
        return 1.15 * 0.94**position
    return 1.0


def _aggregates(
    indicator_id: str, multiplier: float, year: dt.date, municipal: list[IndicatorValue],
    areas: dict[str, list[Organisation]],
) -> list[IndicatorValue]:  # fmt: skip
    """The regions' and the nation's values: sums of their municipalities (for a value
    without numerator and denominator, the mean)."""
    by_area = {v.area_id: v for v in municipal}
    groups = [(r, areas.get(r.official_code, [])) for r in areas["regions"]]
    groups.append((areas["nation"][0], [m for g in groups for m in g[1]] or areas.get("", [])))
    result = []
    for area, members in groups:
        found = [by_area[m.pk] for m in members if m.pk in by_area]
        if not found:
            continue
        if found[0].numerator is None:
            mean = sum(v.value for v in found) / len(found)
            result.append(_value(indicator_id, area, year, None, None, mean))
            continue
        numerator = sum(v.numerator or 0.0 for v in found)
        denominator = sum(v.denominator or 0.0 for v in found)
        result.append(
            _value(indicator_id, area, year, numerator, denominator,
                   numerator / denominator * multiplier)
        )  # fmt: skip
    return result


def _value(
    indicator_id: str, area: Organisation, year: dt.date, numerator: float | None,
    denominator: float | None, value: float,
) -> IndicatorValue:  # fmt: skip
    return IndicatorValue(
        indicator=indicator_id, area=area, period=year, period_kind=PeriodKind.YEAR,
        numerator=numerator, denominator=denominator, value=value, source=DEMO_SOURCE,
        is_demo=True,
    )  # fmt: skip
