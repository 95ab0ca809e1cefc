"""The status report's traffic lights from stored values (forbedring.web.indicators.lights),
checked by hand on small data sets and against the engine called directly."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight, placement
from forbedring.web.indicators.lights import (
    LightSettings,
    country_lights,
    indicator_lights,
    load_country,
    previous_period,
)
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation

READMISSIONS = "dk-acute-readmissions-30-days"  # pr, per 100, lower is better
ADMISSIONS = "dk-preventable-admissions-65-plus"  # rc, per 1,000, lower is better
WAITING = "dk-rehabilitation-waiting-time"  # a value only: no test possible
Y2024, Y2025 = dt.date(2024, 1, 1), dt.date(2025, 1, 1)


def put(indicator: str, area: Organisation, period: dt.date, o: float, n: float, k: float) -> None:
    IndicatorValue.objects.create(
        indicator=indicator, area=area, period=period, numerator=o, denominator=n,
        value=o / n * k,
    )  # fmt: skip


@pytest.fixture
def readmissions(dk: dict[str, Organisation]) -> dict[str, Organisation]:
    """Four municipalities and the nation at 10 % (published) in both years."""
    rows = {
        "0101": ((50, 500), (25, 500)),  # 10 % -> 5 %: a clear drop, improved; now better
        "0147": ((50, 500), (50, 500)),  # 10 % both years: unchanged, as expected
        "0751": ((50, 500), (100, 500)),  # 10 % -> 20 %: worsened; now worse
        "0461": ((0, 0), (52, 500)),  # no previous value: no data for development
    }
    for code, (before, now) in rows.items():
        if before[1]:
            put(READMISSIONS, dk[code], Y2024, *before, 100)
        put(READMISSIONS, dk[code], Y2025, *now, 100)
    put(READMISSIONS, dk["DK"], Y2024, 5000, 50000, 100)
    put(READMISSIONS, dk["DK"], Y2025, 5000, 50000, 100)
    return dk


UNADJUSTED = LightSettings(placement_limits="unadjusted")


def test_hand_checked_proportions(readmissions: dict[str, Organisation]) -> None:
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality", None, UNADJUSTED)
    assert lights is not None
    assert (lights.period, lights.previous) == (Y2025, Y2024)
    assert lights.national == pytest.approx(10.0) and lights.national_published
    by_code = {row.area.official_code: row for row in lights.rows if row.current}
    assert set(by_code) == {"0101", "0147", "0751", "0461"}
    dev = {code: row.development for code, row in by_code.items()}
    place = {code: row.placement for code, row in by_code.items()}
    assert dev == {
        "0101": DevelopmentLight.IMPROVED,
        "0147": DevelopmentLight.UNCHANGED,
        "0751": DevelopmentLight.WORSENED,
        "0461": DevelopmentLight.NO_DATA,
    }
    # 95 % limits around 10 % for 500 cases are about 10 ± 2.6 (normal approximation).
    assert place == {
        "0101": PlacementLight.BETTER,
        "0147": PlacementLight.AS_EXPECTED,
        "0751": PlacementLight.WORSE,
        "0461": PlacementLight.AS_EXPECTED,
    }
    row = by_code["0101"]
    assert row.change == pytest.approx(-0.05)
    assert row.change_lower is not None and row.change_upper is not None
    assert row.change_lower < -0.05 < row.change_upper < 0
    assert row.limit_lower == pytest.approx(10 - 1.96 * math.sqrt(0.09 / 500) * 100, abs=0.2)
    assert row.limit_upper == pytest.approx(10 + 1.96 * math.sqrt(0.09 / 500) * 100, abs=0.2)
    # The 94 municipalities without values are listed, without lights.
    empty = [row for row in lights.rows if row.current is None]
    assert len(empty) == 94
    assert {row.placement for row in empty} == {PlacementLight.NO_DATA}
    assert {row.development for row in empty} == {DevelopmentLight.NO_DATA}


def test_limits_are_the_engines(readmissions: dict[str, Organisation]) -> None:
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality", None, UNADJUSTED)
    assert lights is not None
    rows = [row for row in lights.rows if row.current]
    o = np.array([row.current.numerator for row in rows if row.current])
    n = np.array([row.current.denominator for row in rows if row.current])
    engine = placement(
        o, n, data_type="pr", higher_is_better=False, limits="unadjusted", target=0.1,
        multiplier=100,
    )  # fmt: skip
    assert [row.limit_lower for row in rows] == pytest.approx(list(engine.lower))
    assert [row.limit_upper for row in rows] == pytest.approx(list(engine.upper))
    assert [int(row.placement) for row in rows] == list(engine.light)


def test_stricter_limits_flag_fewer(readmissions: dict[str, Organisation]) -> None:
    # 5.2 % of 500 against 10 %: outside the 95 % limits, inside the 99.8 % ones? Move one
    # municipality close to the edge to see the level matter.
    put(READMISSIONS, readmissions["0165"], Y2025, 64, 500, 100)  # 12.8 %: z about 2.1
    data = load_country("DK")
    at95 = indicator_lights(data, READMISSIONS, "municipality", None, UNADJUSTED)
    strict = LightSettings(placement_level="998", placement_limits="unadjusted")
    at998 = indicator_lights(data, READMISSIONS, "municipality", None, strict)
    assert at95 is not None and at998 is not None
    area = readmissions["0165"].pk
    assert at95.row_for(area).placement == PlacementLight.WORSE  # type: ignore[union-attr]
    assert at998.row_for(area).placement == PlacementLight.AS_EXPECTED  # type: ignore[union-attr]


def test_rates_and_value_only_indicators(dk: dict[str, Organisation]) -> None:
    # Preventable admissions per 1,000 citizens 65+: 60 per 1,000 nationally.
    put(ADMISSIONS, dk["0101"], Y2024, 6000, 100000, 1000)
    put(ADMISSIONS, dk["0101"], Y2025, 4800, 100000, 1000)  # 48 per 1,000: a clear fall
    put(ADMISSIONS, dk["0147"], Y2025, 600, 10000, 1000)
    put(ADMISSIONS, dk["DK"], Y2025, 60000, 1000000, 1000)
    IndicatorValue.objects.create(indicator=WAITING, area=dk["0101"], period=Y2025, value=14)
    IndicatorValue.objects.create(indicator=WAITING, area=dk["DK"], period=Y2025, value=16)
    # Two municipalities cannot tell the spread between municipalities: judged unadjusted.
    found = {
        lights.indicator.id: lights
        for lights in country_lights(load_country("DK"), "municipality", UNADJUSTED)
    }
    assert set(found) == {ADMISSIONS, WAITING}
    rate = found[ADMISSIONS]
    copenhagen = rate.row_for(dk["0101"].pk)
    assert copenhagen is not None and copenhagen.current is not None
    assert copenhagen.current.value == pytest.approx(48.0)
    assert copenhagen.development == DevelopmentLight.IMPROVED
    assert copenhagen.change == pytest.approx(0.8)  # the rate ratio 48 / 60
    assert copenhagen.placement == PlacementLight.BETTER
    assert rate.row_for(dk["0147"].pk).placement == PlacementLight.AS_EXPECTED  # type: ignore[union-attr]
    waiting = found[WAITING]
    assert not waiting.assessed and waiting.placement is None
    assert waiting.national == 16 and waiting.national_published
    row = waiting.row_for(dk["0101"].pk)
    assert row is not None and row.current is not None and row.current.value == 14
    assert (row.development, row.placement) == (DevelopmentLight.NO_DATA, PlacementLight.NO_DATA)


def test_pooled_national_value_without_the_nation(dk: dict[str, Organisation]) -> None:
    put(READMISSIONS, dk["0101"], Y2025, 30, 100, 100)
    put(READMISSIONS, dk["0147"], Y2025, 10, 300, 100)
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality")
    assert lights is not None and not lights.national_published
    assert lights.national == pytest.approx(40 / 400 * 100)


def test_regions_and_choices_of_period(readmissions: dict[str, Organisation]) -> None:
    put(READMISSIONS, readmissions["1084"], Y2025, 900, 9000, 100)
    data = load_country("DK")
    regions = indicator_lights(data, READMISSIONS, "region")
    assert regions is not None
    assert [row.area.kind for row in regions.rows] == ["region"] * 5
    assert regions.row_for(readmissions["1084"].pk).current.value == pytest.approx(10)  # type: ignore[union-attr]
    earlier = indicator_lights(data, READMISSIONS, "municipality", Y2024)
    assert earlier is not None and earlier.period == Y2024
    assert {row.development for row in earlier.rows} == {DevelopmentLight.NO_DATA}
    # Not the country's indicator, not published at that level, or no values: nothing.
    assert indicator_lights(data, "no-nursing-home-medication-review", "municipality") is None
    assert indicator_lights(data, "dk-cancer-five-year-survival", "municipality") is None
    assert indicator_lights(data, ADMISSIONS, "municipality") is None
    assert indicator_lights(data, READMISSIONS, "municipality", dt.date(2019, 1, 1)) is None


def test_demo_values_are_marked(readmissions: dict[str, Organisation]) -> None:
    data = load_country("DK")
    lights = indicator_lights(data, READMISSIONS, "municipality")
    assert lights is not None and not lights.is_demo
    IndicatorValue.objects.filter(area=readmissions["0101"]).update(is_demo=True)
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality")
    assert lights is not None and lights.is_demo


def test_one_country_in_two_queries(
    readmissions: dict[str, Organisation], django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(2):  # type: ignore[operator]
        data = load_country("DK")
        country_lights(data, "municipality")
        country_lights(data, "region")
    assert [p.value for p in data.series(READMISSIONS, readmissions["0101"].pk)] == [10.0, 5.0]
    assert data.periods(READMISSIONS) == [Y2024, Y2025]


def test_previous_period() -> None:
    assert previous_period(Y2025, "year") == Y2024
    assert previous_period(dt.date(2025, 1, 1), "quarter") == dt.date(2024, 10, 1)
    assert previous_period(dt.date(2025, 7, 1), "quarter") == dt.date(2025, 4, 1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, LightSettings()),
        ({"limits": "998"}, LightSettings(placement_level="998")),
        ({"adjust": "no", "dev": "0.99"}, LightSettings("95", "unadjusted", 0.99)),
        ({"limits": "50", "dev": "abc", "adjust": "maybe"}, LightSettings()),
        ({"dev": "0.5"}, LightSettings()),
    ],
)
def test_settings_from_the_query(query: dict[str, str], expected: LightSettings) -> None:
    settings = LightSettings.from_query(query)
    assert settings == expected
    back = dict(part.split("=") for part in settings.query().split("&") if part)
    assert LightSettings.from_query(back) == settings


def test_an_impossible_proportion_costs_only_its_own_area_its_lights(
    readmissions: dict[str, Organisation],
) -> None:
    # 600 of 500 cannot be; the import and the model refuse it, but a value written to the
    # database by other means must not stop the lights of every other area.
    put(READMISSIONS, readmissions["0173"], Y2024, 50, 500, 100)
    put(READMISSIONS, readmissions["0173"], Y2025, 600, 500, 100)
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality", None, UNADJUSTED)
    assert lights is not None
    by_code = {row.area.official_code: row for row in lights.rows if row.current}
    impossible = by_code["0173"]
    assert impossible.current is not None and impossible.current.value == pytest.approx(120)
    assert impossible.placement == PlacementLight.NO_DATA
    assert impossible.development == DevelopmentLight.NO_DATA
    assert by_code["0751"].placement == PlacementLight.WORSE
    assert by_code["0101"].development == DevelopmentLight.IMPROVED


def test_the_model_refuses_an_impossible_proportion(dk: dict[str, Organisation]) -> None:
    from django.core.exceptions import ValidationError

    value = IndicatorValue(
        indicator=READMISSIONS, area=dk["0101"], period=Y2025,
        numerator=600, denominator=500, value=120,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert "numerator" in refused.value.message_dict
    # A rate may well have more events than its denominator's units.
    rate = IndicatorValue(
        indicator=ADMISSIONS, area=dk["0101"], period=Y2025,
        numerator=600, denominator=500, value=1200,
    )  # fmt: skip
    rate.full_clean()


DIAGNOSIS = "dk-diagnosis-within-30-days"  # pr, per 100, higher is better, published by quarter


def put_quarter(
    area: Organisation, year: int, quarter: int, o: float | None, n: float | None
) -> None:
    IndicatorValue.objects.create(
        indicator=DIAGNOSIS, area=area, period=dt.date(year, 3 * quarter - 2, 1),
        period_kind="quarter", numerator=o, denominator=n,
        value=(o / n * 100) if o is not None and n else 70.0,
    )  # fmt: skip


@pytest.fixture
def diagnosis(dk: dict[str, Organisation]) -> dict[str, Organisation]:
    """Hovedstaden and Midtjylland with all quarters of 2024 and 2025 and three of 2026."""
    quarters = {
        "1084": [(700, 1000), (750, 1000), (800, 1000), (850, 1000)],  # 2024: 3100 / 4000
        "1082": [(600, 1000), (600, 1000), (600, 1000), (600, 1000)],  # 2024: 2400 / 4000
    }
    for code, counts in quarters.items():
        for year, shift in ((2024, 0), (2025, 50)):
            for quarter, (o, n) in enumerate(counts, start=1):
                put_quarter(dk[code], year, quarter, o + shift, n)
        for quarter in (1, 2, 3):  # 2026 is not over: no year
            put_quarter(dk[code], 2026, quarter, 900, 1000)
    return dk


def test_a_quarterly_indicators_years_are_the_sums_of_complete_years(
    diagnosis: dict[str, Organisation],
) -> None:
    data = load_country("DK")
    hovedstaden = data.series(DIAGNOSIS, diagnosis["1084"].pk)
    assert [p.period for p in hovedstaden] == [Y2024, Y2025]  # 2026 has three quarters only
    assert all(p.from_quarters for p in hovedstaden)
    assert (hovedstaden[0].numerator, hovedstaden[0].denominator) == (3100, 4000)
    assert hovedstaden[0].value == pytest.approx(77.5)
    assert (hovedstaden[1].numerator, hovedstaden[1].value) == (3300, pytest.approx(82.5))
    lights = indicator_lights(data, DIAGNOSIS, "region", None, UNADJUSTED)
    assert lights is not None and lights.from_quarters
    assert (lights.period, lights.previous) == (Y2025, Y2024)
    row = lights.row_for(diagnosis["1084"].pk)
    assert row is not None and row.change == pytest.approx(0.05)
    # 3100/4000 -> 3300/4000 is a clear rise in a proportion where higher is better.
    assert row.development == DevelopmentLight.IMPROVED
    # The quarters themselves are untouched where quarters are asked for.
    quarterly = load_country("DK", "quarter")
    assert len(quarterly.series(DIAGNOSIS, diagnosis["1084"].pk)) == 11
    assert not any(p.from_quarters for p in quarterly.series(DIAGNOSIS, diagnosis["1084"].pk))


def test_a_stored_year_wins_and_a_quarter_without_counts_gives_no_year(
    diagnosis: dict[str, Organisation],
) -> None:
    IndicatorValue.objects.create(
        indicator=DIAGNOSIS, area=diagnosis["1084"], period=Y2024, numerator=3000,
        denominator=4000, value=75.0,
    )  # fmt: skip
    IndicatorValue.objects.filter(
        indicator=DIAGNOSIS, area=diagnosis["1082"], period=dt.date(2025, 4, 1)
    ).update(numerator=None, denominator=None)
    data = load_country("DK")
    stored = data.series(DIAGNOSIS, diagnosis["1084"].pk)[0]
    assert (stored.value, stored.from_quarters) == (75.0, False)
    assert [p.period for p in data.series(DIAGNOSIS, diagnosis["1082"].pk)] == [Y2024]
    # A year indicator's quarters, if any were stored, are not summed into years.
    put(READMISSIONS, diagnosis["0101"], Y2025, 50, 500, 100)
    IndicatorValue.objects.create(
        indicator=READMISSIONS, area=diagnosis["0101"], period=dt.date(2024, 1, 1),
        period_kind="quarter", numerator=1, denominator=10, value=10.0,
    )  # fmt: skip
    assert [p.period for p in load_country("DK").series(READMISSIONS, diagnosis["0101"].pk)] == [
        Y2025
    ]
