"""Areas an indicator value belongs to, and how a spreadsheet names them.

Published sheets name a municipality by its official code (often without the leading zero:
``101`` for ``0101``), by its short name ("København") or its full name ("Københavns
Kommune"); a region as "Region Hovedstaden" or "Hovedstaden"; the nation as "Hele landet",
"Landet", "Danmark" or "Norge". The code decides when it is given.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from forbedring.web.imports.headers import normalise
from forbedring.web.organisations.models import Organisation

DK_AREAS_FILE = Path(__file__).resolve().parent / "data" / "dk_areas.csv"

# The nation is an Organisation of kind national body with this name, one per country.
NATION_NAMES = {"DK": "Danmark", "NO": "Norge"}
# How published sheets name the whole country (normalised, see ``headers.normalise``).
NATION_WORDS = {
    "DK": frozenset({"heleland", "helelandet", "landet", "danmark", "denmark", "landsplan"}),
    "NO": frozenset({"heleland", "helelandet", "landet", "norge", "norway", "landsbasis"}),
}
_SUFFIXES = ("regionskommune", "kommune", "kommunes")
_REGION_PREFIX = "region"


@dataclass(frozen=True)
class AreaRecord:
    kind: str
    code: str
    name: str
    short_name: str
    region: str


@cache
def danish_areas() -> tuple[AreaRecord, ...]:
    """Denmark's 98 municipalities and 5 regions with their official codes (a data file)."""
    with DK_AREAS_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(AreaRecord(**row) for row in csv.DictReader(lines, delimiter=";"))


def nation(country: str) -> Organisation | None:
    return Organisation.objects.filter(
        kind=Organisation.Kind.NATIONAL_BODY, country=country, name=NATION_NAMES[country]
    ).first()


def ensure_areas() -> int:
    """Create what is missing of Denmark's 98 municipalities and 5 regions (by official code)
    and of the nations "Danmark" and "Norge"; an existing organisation with the code is kept
    as it is. Returns how many were created. Municipalities get no units: they add no teams."""
    existing = set(
        Organisation.objects.filter(country="DK")
        .exclude(official_code="")
        .values_list("official_code", flat=True)
    )
    missing = [
        Organisation(name=r.name, kind=r.kind, country="DK", official_code=r.code)
        for r in danish_areas()
        if r.code not in existing
    ]
    missing += [
        Organisation(name=name, kind=Organisation.Kind.NATIONAL_BODY, country=country)
        for country, name in NATION_NAMES.items()
        if nation(country) is None
    ]
    Organisation.objects.bulk_create(missing)
    return len(missing)


def padded_code(text: str) -> str:
    """A municipality or region code as stored: four digits (``101`` -> ``0101``)."""
    text = text.strip()
    if text.endswith(".0"):  # a code typed as a number in Excel
        text = text[:-2]
    return text.zfill(4) if text.isdigit() and len(text) < 4 else text


def name_keys(name: str) -> set[str]:
    """The ways a sheet may write an area's name, normalised: "Københavns Kommune" is also
    "København(s)", "Region Hovedstaden" also "Hovedstaden"."""
    words = name.split()
    keys = {normalise(name)}
    if len(words) > 1 and normalise(words[-1]) in _SUFFIXES:
        keys.add(normalise(" ".join(words[:-1])))
    if len(words) > 1 and normalise(words[0]) == _REGION_PREFIX:
        keys.add(normalise(" ".join(words[1:])))
    # Genitive: "Københavns" -> "København", "Nordfyns" -> "Nordfyn".
    keys |= {key[:-1] for key in keys if key.endswith("s") and len(key) > 4}
    return keys


class AreaIndex:
    """The municipalities, regions and nation of one country, found by code or name."""

    def __init__(self, country: str) -> None:
        self.country = country
        areas = list(Organisation.objects.filter(country=country, kind__in=_KINDS))
        self.by_code = {a.official_code: a for a in areas if a.official_code}
        named: dict[str, list[Organisation]] = {}
        for area in areas:
            if area.kind == Organisation.Kind.NATIONAL_BODY and area.name != NATION_NAMES[country]:
                continue  # other national bodies (an agency) are not areas
            for key in name_keys(area.name):
                named.setdefault(key, []).append(area)
        # A name that two areas share (should not happen) finds neither: guessing is worse.
        self.by_name = {key: found[0] for key, found in named.items() if len(found) == 1}
        self.nation = nation(country)

    def by_code_text(self, text: str) -> Organisation | None:
        return self.by_code.get(padded_code(text))

    def by_name_text(self, text: str) -> Organisation | None:
        key = normalise(text)
        if key in NATION_WORDS[self.country]:
            return self.nation
        return self.by_name.get(key) or self.by_name.get(key.rstrip("s"))


_KINDS = (
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.REGION,
    Organisation.Kind.NATIONAL_BODY,
)
