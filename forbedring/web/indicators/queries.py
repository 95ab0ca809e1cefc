"""Reading indicator values for the pages that show them (funnel plots, overviews, a
municipality's own series). Each returns values in a stable order; ``is_demo`` travels with
every value so a page can label demo data."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from forbedring.web.indicators.areas import NATION_NAMES
from forbedring.web.indicators.models import YEAR, IndicatorValue
from forbedring.web.organisations.models import Organisation


def municipality_values(
    indicator_id: str, country: str, period: dt.date, kind: str = YEAR
) -> QuerySet[IndicatorValue]:
    """The values of one indicator for all municipalities of a country in one period."""
    return (
        IndicatorValue.objects.filter(
            indicator=indicator_id,
            period_kind=kind,
            period=period,
            area__kind=Organisation.Kind.MUNICIPALITY,
            area__country=country,
        )
        .select_related("area")
        .order_by("area__official_code", "area__name")
    )


def area_series(
    indicator_id: str, area: Organisation, kind: str = YEAR
) -> QuerySet[IndicatorValue]:
    """One area's values over the periods, oldest first."""
    return IndicatorValue.objects.filter(
        indicator=indicator_id, area=area, period_kind=kind
    ).order_by("period")


def national_value(
    indicator_id: str, country: str, period: dt.date, kind: str = YEAR
) -> IndicatorValue | None:
    """The nation's value in one period (None when not published or not imported)."""
    return (
        IndicatorValue.objects.filter(
            indicator=indicator_id,
            period_kind=kind,
            period=period,
            area__kind=Organisation.Kind.NATIONAL_BODY,
            area__country=country,
            area__name=NATION_NAMES[country],
        )
        .select_related("area")
        .first()
    )


def latest_period(indicator_id: str, country: str, kind: str = YEAR) -> dt.date | None:
    """The most recent period with values of an indicator in a country."""
    return (
        IndicatorValue.objects.filter(
            indicator=indicator_id, period_kind=kind, area__country=country
        )
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
