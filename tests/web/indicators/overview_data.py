"""A small hand-made data set for the national overview's tests: seven Danish municipalities
(real codes, so their regions are known), Danmark, and three indicators in two goals.

Acute readmissions (pr, lower is better, %), Danmark 10 % in both years:

=============  ===========  ===========  =========================================
municipality   2024         2025         what a reader expects in 2025
=============  ===========  ===========  =========================================
København      290/1000     300/1000     30 %: far above 10 % -> worse; unchanged
Frederiksberg  300/1000     100/1000     10 %: as expected; a clear drop -> improved
Ballerup       125/1000     125/1000     12.5 %: outside the 95 %, inside the 99.8 %
                                         limits (unadjusted: 10 ± 1.9 / ± 2.9)
Aarhus         95/1000      95/1000      as expected
Odense         100/1000     105/1000     as expected
Aalborg        100/1000     –            no value: no data
Ærø            –            –            no value at all
=============  ===========  ===========  =========================================

Rehabilitation waiting time (a value only, days): København 20, Aarhus 14, Danmark 16.
Preventable admissions 65+ (rc, another goal): Odense 60 per 1,000, Danmark 60.
"""

from __future__ import annotations

import datetime as dt

from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation

READMISSIONS = "dk-acute-readmissions-30-days"
WAITING = "dk-rehabilitation-waiting-time"
PREVENTABLE = "dk-preventable-admissions-65-plus"
Y2024 = dt.date(2024, 1, 1)
Y2025 = dt.date(2025, 1, 1)

MUNICIPALITIES = {
    "0101": "Københavns Kommune",
    "0147": "Frederiksberg Kommune",
    "0151": "Ballerup Kommune",
    "0751": "Aarhus Kommune",
    "0461": "Odense Kommune",
    "0851": "Aalborg Kommune",
    "0492": "Ærø Kommune",
}
READMISSION_COUNTS = {
    "0101": {Y2024: 290, Y2025: 300},
    "0147": {Y2024: 300, Y2025: 100},
    "0151": {Y2024: 125, Y2025: 125},
    "0751": {Y2024: 95, Y2025: 95},
    "0461": {Y2024: 100, Y2025: 105},
    "0851": {Y2024: 100},
}


def value(
    indicator: str,
    area: Organisation,
    period: dt.date,
    numerator: float | None,
    denominator: float | None,
    multiplier: float,
    *,
    fixed: float | None = None,
    is_demo: bool = False,
) -> IndicatorValue:
    computed = fixed if fixed is not None else numerator / denominator * multiplier  # type: ignore[operator]
    return IndicatorValue(
        indicator=indicator, area=area, period=period, numerator=numerator,
        denominator=denominator, value=computed, is_demo=is_demo,
    )  # fmt: skip


def create_world(*, is_demo: bool = False) -> dict[str, Organisation]:
    """The areas and values above; the areas by official code, the nation as "DK"."""
    areas = {
        code: Organisation.objects.create(
            name=name, kind=Organisation.Kind.MUNICIPALITY, country="DK", official_code=code
        )
        for code, name in MUNICIPALITIES.items()
    }
    areas["DK"] = Organisation.objects.create(
        name="Danmark", kind=Organisation.Kind.NATIONAL_BODY, country="DK"
    )
    values = [
        value(READMISSIONS, areas[code], period, count, 1000, 100, is_demo=is_demo)
        for code, counts in READMISSION_COUNTS.items()
        for period, count in counts.items()
    ]
    values += [
        value(READMISSIONS, areas["DK"], period, 1000, 10000, 100, is_demo=is_demo)
        for period in (Y2024, Y2025)
    ]
    values += [
        value(WAITING, areas[code], Y2025, None, None, 1, fixed=days, is_demo=is_demo)
        for code, days in (("0101", 20.0), ("0751", 14.0), ("DK", 16.0))
    ]
    values += [
        value(PREVENTABLE, areas["0461"], Y2025, 60, 1000, 1000, is_demo=is_demo),
        value(PREVENTABLE, areas["DK"], Y2025, 600, 10000, 1000, is_demo=is_demo),
    ]
    IndicatorValue.objects.bulk_create(values)
    return areas
