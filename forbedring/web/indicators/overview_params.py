"""What the national overview's reader asked for, from and back to a query string
(``?country=DK&level=municipality&year=2024&goal=…&region=1084&q=…&problems=1&sort=…&dir=desc``
plus the method's ``limits``, ``adjust`` and ``dev``). Unknown values fall back to defaults:
a link typed by hand or kept from an older page never breaks the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.http import urlencode

from forbedring.web.indicators.lights import LEVELS, MUNICIPALITY, LightSettings

COUNTRIES = ("DK", "NO")
SORT_BY_NAME = "name"
MAX_SEARCH_LENGTH = 100
# Danish and Norwegian alphabets end in Æ, Ø, Å; code-point order would put Å first. Mapped
# past "z" so "Ærø" comes after "Vordingborg" as in every Danish list ("Aa" stays with "A",
# as the official lists of municipalities keep Aabenraa and Aalborg first).
_ALPHABET_END = str.maketrans({"æ": "{0", "ø": "{1", "å": "{2", "ä": "{0", "ö": "{1"})


@dataclass(frozen=True)
class OverviewParams:
    """What the reader asked for. Anything unknown falls back to the default here or, where
    only the data can tell (a year, a goal, a sort column), in :func:`build_overview`."""

    country: str = "DK"
    level: str = MUNICIPALITY
    year: int | None = None
    goal: str = ""
    region: str = ""
    search: str = ""
    only_problems: bool = False
    sort: str = SORT_BY_NAME
    descending: bool = False
    settings: LightSettings = field(default_factory=LightSettings)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> OverviewParams:
        country = query.get("country", "DK").upper()
        level = query.get("level", MUNICIPALITY)
        year = query.get("year", "").strip()
        return cls(
            country=country if country in COUNTRIES else "DK",
            level=level if level in LEVELS else MUNICIPALITY,
            year=int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
            goal=query.get("goal", "")[:100],
            region=query.get("region", "")[:10],
            search=" ".join(query.get("q", "").split())[:MAX_SEARCH_LENGTH],
            only_problems=query.get("problems", "") in ("1", "on", "yes"),
            sort=query.get("sort", SORT_BY_NAME)[:100] or SORT_BY_NAME,
            descending=query.get("dir") == "desc",
            settings=LightSettings.from_query(query),
        )

    def query(self, **changes: object) -> str:
        """The query string of these parameters (with ``changes``), defaults left out, so
        links keep everything else the reader chose."""
        params = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        pairs: list[tuple[str, str]] = [("country", params.country), ("level", params.level)]
        optional = {
            "year": str(params.year) if params.year else "",
            "goal": params.goal,
            "region": params.region,
            "q": params.search,
            "problems": "1" if params.only_problems else "",
            "sort": "" if params.sort == SORT_BY_NAME else params.sort,
            "dir": "desc" if params.descending else "",
        }
        pairs += [(key, value) for key, value in optional.items() if value]
        settings = params.settings.query()
        return urlencode(pairs) + (f"&{settings}" if settings else "")


def name_key(name: str) -> str:
    return name.casefold().translate(_ALPHABET_END)
