"""The simulated demo values: shaped like the real ones, with clear stand-outs."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics

import pytest
from django.db.models import F

from forbedring.indicators.library import Indicator
from forbedring.web.indicators import demo
from forbedring.web.indicators.models import DEMO_SOURCE, IndicatorValue, library_indicators
from forbedring.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
PREVENTABLE = "dk-preventable-admissions-65-plus"


@pytest.fixture
def loaded(db: None) -> None:
    Organisation.objects.create(
        name="Aarhus Kommune", kind="municipality", country="DK", official_code="0751"
    )
    Organisation.objects.create(
        name="Bergen kommune", kind="municipality", country="NO", official_code="4601"
    )
    demo.load_indicator_demo(TODAY)


def by_code(indicator: str, year: int) -> dict[str, IndicatorValue]:
    rows = IndicatorValue.objects.filter(
        indicator=indicator, period=dt.date(year, 1, 1)
    ).select_related("area")
    return {v.area.official_code or v.area.name: v for v in rows}


def test_existing_municipalities_are_reused_and_magnitudes_plausible(loaded: None) -> None:
    assert Organisation.objects.filter(official_code="0751").count() == 1
    latest = by_code(PREVENTABLE, TODAY.year - 1)
    assert 45 < latest["Danmark"].value < 75  # per 1,000 citizens aged 65+
    readmissions = by_code("dk-acute-readmissions-30-days", TODAY.year - 1)
    assert 6 < readmissions["Danmark"].value < 12  # per cent
    for value in latest.values():
        assert value.value == pytest.approx(value.numerator / value.denominator * 1000)
    assert by_code("no-nursing-home-medication-review", TODAY.year - 1)["4601"].is_demo


def test_regions_and_nation_are_sums_of_their_municipalities(loaded: None) -> None:
    latest = by_code(PREVENTABLE, TODAY.year - 1)
    municipal = [v for code, v in latest.items() if code.isdigit() and code < "1000"]
    assert len(municipal) == 98
    assert latest["Danmark"].numerator == sum(v.numerator for v in municipal)
    capital = [latest[r.code] for r in demo.danish_areas() if r.region == "1084"]
    assert latest["1084"].denominator == sum(v.denominator for v in capital)


def test_stand_outs_are_clear(loaded: None) -> None:
    years = range(TODAY.year - 5, TODAY.year)
    latest = by_code(PREVENTABLE, TODAY.year - 1)
    median = statistics.median(v.value for c, v in latest.items() if c.isdigit() and c < "1000")
    assert all(latest[code].value < median for code in demo.BETTER)
    assert all(latest[code].value > median for code in demo.WORSE)
    for code in demo.IMPROVING:
        first, last = (by_code(PREVENTABLE, y)[code].value for y in (years[0], years[-1]))
        assert last < first * 0.9, code


def municipal_fingerprint() -> tuple[int, str]:
    """How many values the municipal indicators have, and a hash of them all (values to six
    decimals), to show that the region indicators' simulation leaves them as they were."""
    rows = sorted(
        f"{v.indicator};{v.area.official_code or v.area.name};{v.period_kind};{v.period};"
        f"{v.numerator};{v.denominator};{v.value:.6f}"
        for v in IndicatorValue.objects.filter(
            indicator__in=[*demo.DK_SHAPES, *demo.NO_SHAPES]
        ).select_related("area")
    )
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_municipal_values_are_as_before_the_region_indicators(loaded: None) -> None:
    # Computed before the region-level indicators were simulated (from their own generator).
    assert municipal_fingerprint() == (
        3160,
        "508dd537d94324213de1d1d5125821428c16e6b4fa90726effb54e38282f23e7",
    )
    aarhus = by_code(PREVENTABLE, 2025)["0751"]
    assert (aarhus.numerator, aarhus.denominator) == (593.0, 9842.0)
    readmissions = by_code("dk-acute-readmissions-30-days", 2021)["Danmark"]
    assert (readmissions.numerator, readmissions.denominator) == (34323.0, 373869.0)
    assert by_code("dk-rehabilitation-waiting-time", 2025)["Danmark"].value == pytest.approx(
        15.987456, abs=1e-6
    )
    bergen = by_code("no-nursing-home-medication-review", 2021)["4601"]
    assert (bergen.numerator, bergen.denominator) == (266.0, 305.0)


def region_level_indicators() -> dict[str, Indicator]:
    """The Danish indicators the library publishes for regions and the nation only."""
    return {
        indicator_id: indicator
        for indicator_id, (indicator, country) in library_indicators().items()
        if country == "DK"
        and "region" in indicator.levels
        and "municipality" not in indicator.levels
    }


def region_rows(indicator: str) -> dict[str, dict[dt.date, IndicatorValue]]:
    """Every value of the indicator by area (region code or "Danmark") and period."""
    found: dict[str, dict[dt.date, IndicatorValue]] = {}
    for v in IndicatorValue.objects.filter(indicator=indicator).select_related("area"):
        found.setdefault(v.area.official_code or v.area.name, {})[v.period] = v
    return found


def test_every_region_level_indicator_has_the_regions_and_the_nation(loaded: None) -> None:
    indicators = region_level_indicators()
    assert set(indicators) == set(demo.DK_REGION_SHAPES)
    years = [dt.date(y, 1, 1) for y in range(TODAY.year - 5, TODAY.year)]
    quarters = [dt.date(y.year, month, 1) for y in years for month in (1, 4, 7, 10)]
    areas = {*demo.REGION_POPULATIONS, "Danmark"}
    assert len(areas) == 6
    for indicator_id, indicator in indicators.items():
        quarterly = indicator.period == "quarter"
        kinds = set(
            IndicatorValue.objects.filter(indicator=indicator_id).values_list(
                "period_kind", flat=True
            )
        )
        assert kinds == {"quarter" if quarterly else "year"}, indicator_id
        found = region_rows(indicator_id)
        assert set(found) == areas, indicator_id
        for by_period in found.values():
            assert sorted(by_period) == (quarters if quarterly else years), indicator_id
            assert all(v.is_demo and v.source == DEMO_SOURCE for v in by_period.values())
    diagnosis = region_rows("dk-diagnosis-within-30-days")
    assert all(len(by_period) == 20 for by_period in diagnosis.values())


def test_the_nation_is_the_sum_of_the_regions(loaded: None) -> None:
    for indicator_id, indicator in region_level_indicators().items():
        found = region_rows(indicator_id)
        nation = found.pop("Danmark")
        for period, national in nation.items():
            regional = [by_period[period] for by_period in found.values()]
            if indicator.data_type is None:
                # The productivity index is relative to the whole country: the mean is 100.
                assert national.numerator is None and national.denominator is None
                assert all(v.numerator is None for v in regional)
                mean = statistics.fmean(v.value for v in regional)
                assert national.value == pytest.approx(mean) == pytest.approx(100.0)
                continue
            assert national.numerator == sum(v.numerator for v in regional), indicator_id
            assert national.denominator == sum(v.denominator for v in regional), indicator_id
            for v in (national, *regional):
                assert v.value == pytest.approx(
                    v.numerator / v.denominator * indicator.multiplier
                ), indicator_id


def test_proportions_are_never_above_one(loaded: None) -> None:
    proportions = [i for i, (ind, _c) in library_indicators().items() if ind.data_type == "pr"]
    rows = IndicatorValue.objects.filter(indicator__in=proportions)
    assert rows.filter(indicator__in=list(demo.DK_REGION_SHAPES)).exists()
    assert not rows.filter(numerator__gt=F("denominator")).exists()
    assert all(0 <= v <= 100 for v in rows.values_list("value", flat=True))


def test_region_values_are_plausible_and_sized_like_the_regions(loaded: None) -> None:
    latest = dt.date(TODAY.year - 1, 1, 1)
    nation = {i: region_rows(i)["Danmark"] for i in demo.DK_REGION_SHAPES}
    assert (
        70 < statistics.fmean(v.value for v in nation["dk-diagnosis-within-30-days"].values()) < 80
    )
    assert 84 < nation["dk-patient-satisfaction"][latest].value < 91
    assert 3 < nation["dk-average-length-of-stay"][latest].value < 4
    king = region_rows("dk-clinical-quality-king-indicator")
    assert all(250 < king[code][latest].denominator < 600 for code in demo.REGION_POPULATIONS)
    # Hovedstaden, Midtjylland, Syddanmark, Sjælland, Nordjylland: largest first.
    by_size = ["1084", "1082", "1083", "1085", "1081"]
    for indicator_id, indicator in region_level_indicators().items():
        if indicator.data_type is None:
            continue
        found = region_rows(indicator_id)
        mean = {c: statistics.fmean(v.denominator for v in found[c].values()) for c in by_size}
        assert sorted(by_size, key=mean.__getitem__, reverse=True) == by_size, indicator_id


def test_region_stand_outs_are_clear(loaded: None) -> None:
    (worse,) = demo.REGION_WORSE
    (improving,) = demo.REGION_IMPROVING
    for indicator_id, indicator in region_level_indicators().items():
        found = region_rows(indicator_id)
        sign = 1 if indicator.higher_is_better else -1
        periods = sorted(found["Danmark"])
        # Sjælland is worse than the nation in every period; Hovedstaden starts worse and
        # improves by more than 5 % of its first value.
        for period in periods:
            assert sign * (found[worse][period].value - found["Danmark"][period].value) < 0
        first, last = (found[improving][p].value for p in (periods[0], periods[-1]))
        assert sign * (first - found["Danmark"][periods[0]].value) < 0, indicator_id
        assert sign * (last - first) > 0.05 * first, indicator_id


def test_every_nation_only_indicator_has_the_nations_values(loaded: None) -> None:
    nation_only = {
        i for i, (ind, country) in library_indicators().items()
        if country == "DK" and ind.levels == ("nation",)
    }  # fmt: skip
    assert set(demo.DK_NATION_SHAPES) == nation_only
    years = [TODAY.year - demo.YEARS + i for i in range(demo.YEARS)]
    for indicator_id, shape in demo.DK_NATION_SHAPES.items():
        rows = list(IndicatorValue.objects.filter(indicator=indicator_id).select_related("area"))
        assert {v.area.name for v in rows} == {"Danmark"}, indicator_id
        assert sorted(v.period.year for v in rows) == years[:: shape.every], indicator_id
        indicator = library_indicators()[indicator_id][0]
        for v in rows:
            assert v.is_demo and v.source == DEMO_SOURCE and v.period_kind == "year"
            if indicator.data_type is None:
                assert v.numerator is None and v.denominator is None
                continue
            assert v.numerator is not None and v.denominator is not None
            assert v.value == pytest.approx(v.numerator / v.denominator * indicator.multiplier)
            # Within a few percent of the shape's level for that year.
            level = shape.value + shape.trend * (v.period.year - years[0])
            assert v.value == pytest.approx(level, rel=0.08), (indicator_id, v.period)
    life = IndicatorValue.objects.filter(indicator="dk-life-expectancy").order_by("period")
    assert all(80 < v.value < 84 for v in life)
