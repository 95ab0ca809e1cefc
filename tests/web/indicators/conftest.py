"""Fixtures: Denmark's areas from the app's data file, Norway's demo municipalities, people."""

from __future__ import annotations

import io

import pytest

from forbedring.web.indicators.areas import NATION_NAMES, danish_areas
from forbedring.web.organisations.models import Organisation


@pytest.fixture
def dk(db: None) -> dict[str, Organisation]:
    return create_dk()


def create_dk() -> dict[str, Organisation]:
    """All 98 Danish municipalities, the 5 regions and Danmark, by code ("DK" for the nation)."""
    Organisation.objects.bulk_create(
        Organisation(name=r.name, kind=r.kind, country="DK", official_code=r.code)
        for r in danish_areas()
    )
    Organisation.objects.create(
        name=NATION_NAMES["DK"], kind=Organisation.Kind.NATIONAL_BODY, country="DK"
    )
    # An agency is a national body too, but not the nation.
    Organisation.objects.create(
        name="Sundhedsstyrelsen", kind=Organisation.Kind.NATIONAL_BODY, country="DK"
    )
    found = {o.official_code: o for o in Organisation.objects.filter(country="DK")}
    found["DK"] = Organisation.objects.get(name=NATION_NAMES["DK"])
    return found


@pytest.fixture
def no(db: None) -> dict[str, Organisation]:
    names = {"4601": "Bergen kommune", "5001": "Trondheim kommune", "5028": "Melhus kommune"}
    found = {
        code: Organisation.objects.create(
            name=name, kind=Organisation.Kind.MUNICIPALITY, country="NO", official_code=code
        )
        for code, name in names.items()
    }
    found["NO"] = Organisation.objects.create(
        name=NATION_NAMES["NO"], kind=Organisation.Kind.NATIONAL_BODY, country="NO"
    )
    return found


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
