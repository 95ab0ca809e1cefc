"""Demo indicator values: all 98 Danish municipalities, the 5 regions and "Danmark", and the
demo's Norwegian municipalities and "Norge", with five years of simulated values.

The names and official codes are real (``data/dk_areas.csv``); every figure is simulated from
a fixed seed and stored with ``is_demo=True`` and the source "Demo data (simulated)", so the
pages label it. The municipalities' populations aged 65+ are simulated too (log-uniform in a
plausible range, København the largest), and so is each indicator's rate: a national level,
a spread between municipalities, a few municipalities clearly better or worse than the rest,
and some improving year by year. Regions and the nation are the sums of their municipalities,
as published aggregates are. Added municipalities have no units, so they add no teams.

The Danish indicators published only for regions and the nation (clinical quality, the right
to diagnosis within 30 days, the patient survey, length of stay, productivity) are simulated
for the 5 regions, sized roughly by their populations (Hovedstaden the largest, Nordjylland the
smallest), from a generator of their own, so the municipal values stay as they were: each has
a national level and trend, a spread between regions and some noise per period; Sjælland is
clearly worse than the rest throughout, and Hovedstaden starts as far behind and catches up
with the rest over the five years. The nation is the sum of the regions (the productivity
index, a value only, is the regions' mean, which is 100: the index is relative to the whole
country). The right to diagnosis within 30 days is published quarterly, so it has the four
quarters of every year (fewer pathways and fewer on time in the summer quarter) and no years.

The indicators published for the whole country only (heart-disease deaths, survival after an
in-hospital cardiac arrest, five-year cancer survival, life expectancy, daily smokers) have a
national level with a trend, every year or, for a survey or a window of diagnoses, every other
year, from a third generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from forbedring.web.indicators.areas import danish_areas, ensure_areas, nation
from forbedring.web.indicators.models import (
    DEMO_SOURCE,
    QUARTER,
    YEAR,
    IndicatorValue,
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
# The regions (codes) with their populations, rounded (roughly those of 2024): the region
# indicators' denominators are split between the regions in proportion to them.
REGION_POPULATIONS = {
    "1081": 590_000,  # Nordjylland
    "1082": 1_370_000,  # Midtjylland
    "1083": 1_230_000,  # Syddanmark
    "1084": 1_880_000,  # Hovedstaden
    "1085": 850_000,  # Sjælland
}
# Regions that stand out: clearly worse throughout, and improving from as bad to the level of
# the rest.
REGION_WORSE = frozenset({"1085"})
REGION_IMPROVING = frozenset({"1084"})
QUARTER_MONTHS = (1, 4, 7, 10)
# The right to diagnosis by quarter: pathways relative to an average quarter, and the shift of
# the share on time (log-odds; the summer holidays in the third quarter).
QUARTER_VOLUME = (1.03, 1.02, 0.87, 1.08)
QUARTER_SHIFT = (0.0, 0.05, -0.22, -0.04)


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


@dataclass(frozen=True)
class RegionShape:
    """How an indicator published for regions and the nation is simulated, on the scale where
    regions differ additively (log-odds for a proportion, log for a ratio or an index):

    ``denominator`` is the nation's per period, split between the regions by population except
    the part ``shared`` that every region has alike (the clinical databases' indicators are
    the same in every region); ``rate`` is an ordinary region's value (in the indicator's
    unit) in the first year, ``trend`` its yearly change; ``spread`` the regions' own
    differences, ``noise`` a region's change from period to period, ``stand_out`` how far
    Sjælland is worse than the rest (and Hovedstaden at first); ``volume`` the denominator's
    relative change from period to period (survey respondents, admissions)."""

    denominator: float
    rate: float
    spread: float
    noise: float
    stand_out: float
    trend: float = 0.0
    shared: float = 0.0
    volume: float = 0.03


DK_REGION_SHAPES = {
    # Indicator results meeting their standard: about 58 %, slowly rising; 300-500 results per
    # region, most of them in every region.
    "dk-clinical-quality-king-indicator": RegionShape(
        2_000, 58.0, 0.12, 0.06, 0.6, trend=0.04, shared=0.6, volume=0.02
    ),
    # Diagnostic pathways on time, per quarter: 70-77 % nationally (less in the summer);
    # 8,000-28,000 pathways per region.
    "dk-diagnosis-within-30-days": RegionShape(80_000, 77.0, 0.12, 0.06, 0.6),
    # LUP respondents involved to a high degree: about 62 %; 2,000-6,000 per region.
    "dk-patients-involved-in-decisions": RegionShape(20_000, 62.0, 0.08, 0.04, 0.4, trend=0.02),
    # LUP respondents satisfied to a high degree: about 87 %.
    "dk-patient-satisfaction": RegionShape(22_000, 87.0, 0.1, 0.05, 0.45),
    # Bed-days per somatic discharge: about 3.6 days, falling 1.5 % a year; discharges about
    # 190 per 1,000 citizens.
    "dk-average-length-of-stay": RegionShape(
        1_130_000, 3.6, 0.03, 0.015, 0.13, trend=-0.015, volume=0.02
    ),
    # The productivity index (a value only): the regions around the whole country's 100.
    "dk-hospital-productivity": RegionShape(0, 100.0, 0.025, 0.012, 0.065),
}
NO_SHAPES = {
    "no-nursing-home-medication-review": Shape(0.015, 78.0, 0.1),
    "no-readmission-67-plus-30-days": Shape(0.25, 13.0, 0.1),
    "no-nursing-home-physician-hours": Shape(0.015, 0.55, 0.2),
    "no-long-term-residents-assessed-by-physician": Shape(0.012, 85.0, 0.08),
}


@dataclass(frozen=True)
class NationShape:
    """An indicator published for the whole country only: its denominator per period (None for
    a value only), its value in the first year (in the indicator's unit) and its change a
    year; ``every`` is how many years apart it is published (a survey, or a multi-year window
    of diagnoses, comes every other year)."""

    denominator: float | None
    value: float
    trend: float
    every: int = 1


DK_NATION_SHAPES = {
    # Deaths with heart disease as the cause, per 100,000 citizens, slowly falling.
    "dk-heart-disease-deaths": NationShape(5_900_000, 148.0, -2.5),
    # In-hospital cardiac arrests (about 1,800 a year), share alive after 30 days.
    "dk-in-hospital-cardiac-arrest-survival": NationShape(1_800, 28.0, 0.4),
    # Cancer patients diagnosed in a window, share alive five years on.
    "dk-cancer-five-year-survival": NationShape(120_000, 63.0, 0.6, every=2),
    # Life expectancy at birth in years (a value only).
    "dk-life-expectancy": NationShape(None, 81.3, 0.15),
    # Adults answering the national health survey, share smoking daily.
    "dk-daily-smokers": NationShape(180_000, 15.0, -0.6, every=2),
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
    # A generator of their own: the municipal values above stay as they were.
    region_rng = np.random.default_rng([SEED, 1])
    values += _region_values(areas, DK_REGION_SHAPES, years, region_rng)
    nation_rng = np.random.default_rng([SEED, 2])
    values += _nation_values(areas["nation"][0], DK_NATION_SHAPES, years, nation_rng)
    IndicatorValue.objects.bulk_create(values, batch_size=2000)


def _nation_values(
    country: Organisation, shapes: dict[str, NationShape], years: list[dt.date],
    rng: np.random.Generator,
) -> list[IndicatorValue]:  # fmt: skip
    """The nation-only indicators: a level with a trend and a little noise; counts are drawn
    (binomial or Poisson) so value, numerator and denominator agree."""
    indicators = library_indicators()
    values = []
    for indicator_id, shape in shapes.items():
        indicator, _country = indicators[indicator_id]
        multiplier = indicator.multiplier or 1.0
        for position, year in enumerate(years):
            if position % shape.every:
                continue
            level = shape.value + shape.trend * position
            if shape.denominator is None:
                value = round(level + float(rng.normal(0.0, 0.05)), 1)
                values.append(_value(indicator_id, country, year, None, None, value))
                continue
            denominator = float(round(shape.denominator * float(rng.uniform(0.97, 1.03))))
            if indicator.data_type == "pr":
                numerator = float(rng.binomial(int(denominator), level / multiplier))
            else:
                numerator = float(rng.poisson(level / multiplier * denominator))
            values.append(
                _value(indicator_id, country, year, numerator, denominator,
                       numerator / denominator * multiplier)
            )  # fmt: skip
    return values


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


def _region_values(
    areas: dict[str, list[Organisation]], shapes: dict[str, RegionShape], years: list[dt.date],
    rng: np.random.Generator,
) -> list[IndicatorValue]:  # fmt: skip
    """The regions' and the nation's values of the indicators published only for them."""
    indicators = library_indicators()
    regions = sorted(
        (r for r in areas["regions"] if r.official_code in REGION_POPULATIONS),
        key=lambda r: r.official_code,
    )
    total = sum(REGION_POPULATIONS[r.official_code] for r in regions)
    values: list[IndicatorValue] = []
    for indicator_id, shape in shapes.items():
        indicator, _country = indicators[indicator_id]
        quarterly = indicator.period == QUARTER
        proportion = indicator.data_type == "pr"
        value_only = indicator.data_type is None
        sign = 1.0 if indicator.higher_is_better else -1.0
        centre = (
            _logit(shape.rate / indicator.multiplier) if proportion else float(np.log(shape.rate))
        )
        # The stand-outs differ by their standing only, so that they stand out clearly.
        own = {
            r.official_code: float(rng.normal(0.0, shape.spread))
            * (r.official_code not in REGION_WORSE | REGION_IMPROVING)
            for r in regions
        }
        sizes = {
            r.official_code: shape.denominator * (shape.shared / len(regions)
                                                  + (1 - shape.shared)
                                                  * REGION_POPULATIONS[r.official_code] / total)
            for r in regions
        }  # fmt: skip
        periods = [
            (dt.date(year.year, month, 1), position + q / 4, q)
            for position, year in enumerate(years)
            for q, month in enumerate(QUARTER_MONTHS if quarterly else (1,))
        ]
        kind = QUARTER if quarterly else YEAR
        for period, time, q in periods:
            shift = QUARTER_SHIFT[q] if quarterly else 0.0
            levels = {
                r.official_code: centre + shape.trend * time + shift + own[r.official_code]
                + sign * shape.stand_out * _region_standing(r.official_code, time)
                + float(rng.normal(0.0, shape.noise))
                for r in regions
            }  # fmt: skip
            if value_only:
                # An index relative to the whole country: the regions' mean is the rate (100).
                index = {code: float(np.exp(level)) for code, level in levels.items()}
                scale = shape.rate / (sum(index.values()) / len(index))
                rows = [
                    _value(indicator_id, r, period, None, None, index[r.official_code] * scale,
                           kind)
                    for r in regions
                ]  # fmt: skip
            else:
                season = QUARTER_VOLUME[q] if quarterly else 1.0
                rows = []
                for r in regions:
                    code = r.official_code
                    drawn = sizes[code] * season * float(rng.normal(1.0, shape.volume))
                    denominator = float(max(20, round(drawn)))
                    if proportion:
                        numerator = float(rng.binomial(int(denominator), _expit(levels[code])))
                    else:
                        expected = float(np.exp(levels[code])) / indicator.multiplier
                        numerator = float(rng.poisson(expected * denominator))
                    rows.append(
                        _value(indicator_id, r, period, numerator, denominator,
                               numerator / denominator * indicator.multiplier, kind)
                    )  # fmt: skip
            values += rows
            values += _national(indicator_id, indicator.multiplier, period, kind, rows,
                                areas["nation"][0])  # fmt: skip
    return values


def _region_standing(code: str, time: float) -> float:
    """The regions' stand-outs in units of the shape's ``stand_out`` (positive is better):
    worse throughout, or improving from as bad to the level of the rest over the five years."""
    if code in REGION_WORSE:
        return -1.0
    if code in REGION_IMPROVING:
        return -1.0 + 0.3 * time
    return 0.0


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _expit(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def _national(
    indicator_id: str, multiplier: float, period: dt.date, kind: str,
    regional: list[IndicatorValue], nation: Organisation,
) -> list[IndicatorValue]:  # fmt: skip
    """The nation's value: the sum of the regions' (the mean for a value only)."""
    if not regional:
        return []
    if any(v.numerator is None or v.denominator is None for v in regional):
        mean = sum(v.value for v in regional) / len(regional)
        return [_value(indicator_id, nation, period, None, None, mean, kind)]
    numerator = sum(v.numerator or 0.0 for v in regional)
    denominator = sum(v.denominator or 0.0 for v in regional)
    return [
        _value(indicator_id, nation, period, numerator, denominator,
               numerator / denominator * multiplier, kind)
    ]  # fmt: skip


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
    denominator: float | None, value: float, kind: str = YEAR,
) -> IndicatorValue:  # fmt: skip
    return IndicatorValue(
        indicator=indicator_id, area=area, period=year, period_kind=kind,
        numerator=numerator, denominator=denominator, value=value, source=DEMO_SOURCE,
        is_demo=True,
    )  # fmt: skip
