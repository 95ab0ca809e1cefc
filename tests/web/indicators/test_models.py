"""The indicator value table: its key and its checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db
ID = "dk-acute-readmissions-30-days"
YEAR = dt.date(2023, 1, 1)


def value(area: Organisation, **fields: object) -> IndicatorValue:
    defaults: dict[str, object] = {"indicator": ID, "area": area, "period": YEAR, "value": 9.0}
    return IndicatorValue(**(defaults | fields))


def test_one_value_per_indicator_area_and_period(dk: dict[str, Organisation]) -> None:
    value(dk["0751"]).save()
    value(dk["0751"], period_kind="quarter").save()  # Q1 2023 is another period
    value(dk["0751"], indicator="dk-copd-acute-admissions").save()
    with transaction.atomic(), pytest.raises(IntegrityError):
        value(dk["0751"], value=10.0).save()


@pytest.mark.parametrize(
    "fields",
    [
        {"numerator": 1.0, "denominator": 0.0},
        {"numerator": -1.0, "denominator": 10.0},
        {"numerator": 1.0},
        {"denominator": 10.0},
    ],
)
def test_checks(dk: dict[str, Organisation], fields: dict[str, object]) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        value(dk["0751"], **fields).save()


def test_indicator_must_be_in_the_library_and_area_an_area(dk: dict[str, Organisation]) -> None:
    with pytest.raises(ValidationError) as error:
        value(dk["0751"], indicator="dk-made-up").full_clean()
    assert "indicator" in error.value.message_dict
    hospital = Organisation.objects.create(
        name="Aarhus Universitetshospital", kind=Organisation.Kind.HOSPITAL, country="DK"
    )
    with pytest.raises(ValidationError) as error:
        value(hospital).full_clean()
    assert "area" in error.value.message_dict
    value(dk["0751"]).full_clean()  # a good one passes
