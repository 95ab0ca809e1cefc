"""The read API for pages: a country's municipalities in a period, a series, the nation."""

from __future__ import annotations

import datetime as dt

import pytest

from forbedring.web.indicators import queries
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db
ID = "dk-preventable-admissions-65-plus"


def add(area: Organisation, year: int, value: float, kind: str = "year", ind: str = ID) -> None:
    IndicatorValue.objects.create(
        indicator=ind, area=area, period=dt.date(year, 1, 1), period_kind=kind, value=value
    )


def test_queries(dk: dict[str, Organisation], no: dict[str, Organisation]) -> None:
    for year, value in ((2022, 60.0), (2023, 58.0), (2021, 61.0)):
        add(dk["0751"], year, value)
    add(dk["0101"], 2023, 55.0)
    add(dk["1084"], 2023, 57.0)  # a region: not among the municipalities
    add(dk["DK"], 2023, 59.0)
    add(dk["0461"], 2023, 1.0, kind="quarter")  # a quarter: not the year
    add(dk["0461"], 2023, 1.0, ind="dk-copd-acute-admissions")  # another indicator
    add(no["4601"], 2023, 9.0)  # another country (never mind the indicator)
    year = dt.date(2023, 1, 1)
    municipal = queries.municipality_values(ID, "DK", year)
    assert [(v.area.official_code, v.value) for v in municipal] == [("0101", 55.0), ("0751", 58.0)]
    series = queries.area_series(ID, dk["0751"])
    assert [(v.period.year, v.value) for v in series] == [(2021, 61.0), (2022, 60.0), (2023, 58.0)]
    national = queries.national_value(ID, "DK", year)
    assert national is not None and national.value == 59.0
    assert queries.national_value(ID, "DK", dt.date(2022, 1, 1)) is None
    assert queries.latest_period(ID, "DK") == year
    assert queries.latest_period("dk-daily-smokers", "DK") is None
