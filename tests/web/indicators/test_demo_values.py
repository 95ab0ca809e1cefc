"""The simulated demo values: shaped like the real ones, with clear stand-outs."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from forbedring.web.indicators import demo
from forbedring.web.indicators.models import IndicatorValue
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
