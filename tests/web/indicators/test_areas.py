"""The list of Danish areas and how sheets name areas."""

from __future__ import annotations

import pytest

from forbedring.web.indicators.areas import AreaIndex, danish_areas, name_keys, padded_code
from forbedring.web.organisations.models import Organisation


def test_the_list_has_98_municipalities_and_5_regions_with_real_codes() -> None:
    municipalities = [a for a in danish_areas() if a.kind == "municipality"]
    regions = {a.code: a.name for a in danish_areas() if a.kind == "region"}
    assert len(municipalities) == 98 and len(regions) == 5
    codes = {a.code: a for a in municipalities}
    assert len(codes) == 98 and all(len(c) == 4 and c.isdigit() for c in codes)
    samples = {"0101": "København", "0751": "Aarhus", "0461": "Odense", "0851": "Aalborg",
               "0825": "Læsø", "0400": "Bornholm", "0147": "Frederiksberg"}  # fmt: skip
    assert {code: codes[code].short_name for code in samples} == samples
    assert "0411" not in codes  # Christiansø
    assert {a.region for a in municipalities} == set(regions)
    per_region = {r: sum(1 for a in municipalities if a.region == r) for r in regions}
    assert per_region == {"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}


def test_every_area_is_found_by_its_short_name_and_full_name(
    dk: dict[str, Organisation],
) -> None:
    index = AreaIndex("DK")
    for record in danish_areas():
        assert index.by_name_text(record.short_name) == dk[record.code], record.short_name
        assert index.by_name_text(record.name) == dk[record.code], record.name
        assert index.by_code_text(record.code.lstrip("0")) == dk[record.code]
    for word in ("Hele landet", "Landet", "Danmark", "hele  landet"):
        assert index.by_name_text(word) == dk["DK"]
    assert index.by_name_text("Sundhedsstyrelsen") is None  # an agency is no area
    assert index.by_name_text("Atlantis") is None


@pytest.mark.parametrize(("text", "code"), [("101", "0101"), ("0751", "0751"), ("851.0", "0851")])
def test_codes_are_padded(text: str, code: str) -> None:
    assert padded_code(text) == code


def test_name_keys() -> None:
    assert {"kobenhavnskommune", "kobenhavns", "kobenhavn"} <= name_keys("Københavns Kommune")
    assert "hovedstaden" in name_keys("Region Hovedstaden")
