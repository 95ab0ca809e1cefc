"""Column names as Danish, Norwegian and English spreadsheets write them, and the field each
one suggests. Used to find the header row and to suggest a mapping (no Django models here).
"""

from __future__ import annotations

import re
import unicodedata

from forbedring.web.imports.cells import Style

FIELDS = ("period", "measure", "team", "numerator", "denominator", "value", "comment")

# Normalised names (see ``normalise``) per field, with the language that writes them
# ("" when da, nb and en share it). Kept small and certain: a wrong suggestion costs more
# than none, because the user has to notice it.
ALIASES: dict[str, dict[str, str]] = {
    "period": {
        "dato": "da", "date": "en", "periode": "da", "period": "en", "maaned": "da",
        "maned": "nb", "month": "en", "uge": "da", "uke": "nb", "week": "en", "dag": "da",
        "day": "en", "aarmaaned": "da", "armaned": "nb", "tidspunkt": "da", "tid": "",
    },
    "measure": {
        "maaling": "da", "maling": "nb", "measure": "en", "indikator": "da",
        "indicator": "en", "maal": "da", "mal": "nb",
    },
    "team": {
        "team": "", "afdeling": "da", "avdeling": "nb", "enhed": "da", "enhet": "nb",
        "unit": "en", "ward": "en", "teamnavn": "da",
    },
    "numerator": {
        "taeller": "da", "teller": "nb", "numerator": "en", "haendelser": "da",
        "hendelser": "nb", "events": "en",
    },
    "denominator": {"naevner": "da", "nevner": "nb", "denominator": "en"},
    "value": {
        "vaerdi": "da", "verdi": "nb", "value": "en", "antal": "da", "antall": "nb",
        "count": "en", "resultat": "da", "result": "en", "dage": "da", "dager": "nb",
        "days": "en",
    },
    "comment": {
        "kommentar": "da", "comment": "en", "bemaerkning": "da", "bemerkning": "nb",
        "note": "", "notat": "da", "notes": "en", "kommentarer": "da",
    },
}  # fmt: skip

# First cells that mark a totals row, which summarises the rows above and is not data.
TOTAL_WORDS = frozenset({"i alt", "ialt", "total", "totalt", "sum", "summa", "samlet", "totals"})

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ä": "ae", "ö": "o", "ü": "u"})


def normalise(name: str) -> str:
    """A column name reduced for comparison: lower case, æøå folded, no spaces, punctuation
    or units in brackets ("Tæller (antal)" -> "taeller", "Måned/år" -> "maanedaar")."""
    s = re.sub(r"\(.*?\)|\[.*?\]", "", name.casefold()).translate(_FOLD)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))
    # Norwegian "å" folds to "aa" above and Danish writers use "aa" too; "maned" and
    # "maaned" both appear in the table.
    return s


def field_for(name: str) -> str | None:
    """The field a column name suggests, or None."""
    key = normalise(name)
    for field, names in ALIASES.items():
        if key in names or key.replace("aa", "a") in names:
            return field
    return None


def header_style(names: list[str]) -> Style | None:
    """Decimal comma when the header is Danish or Norwegian, point when English, else None."""
    languages: set[str] = set()
    for name in names:
        key = normalise(name)
        for field_names in ALIASES.values():
            language = field_names.get(key, field_names.get(key.replace("aa", "a")))
            if language:
                languages.add("en" if language == "en" else "nordic")
    if languages == {"nordic"}:
        return Style.COMMA
    if languages == {"en"}:
        return Style.POINT
    return None


def is_total_label(text: str) -> bool:
    return " ".join(text.casefold().split()).rstrip(":") in TOTAL_WORDS
