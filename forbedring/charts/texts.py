"""Every word a chart shows or says, in Danish, Norwegian Bokmål and English.

Plain Python data rather than gettext catalogues: the charts are drawn from the command line and
in background workers as well as in Django, and a dict needs no compile step and no active
translation. Keys are English identifiers; values are :meth:`str.format` templates whose
placeholders are the same in every language (a test checks it). Terms follow the glossary in
DESIGN.md §7. No text contains an apostrophe, so a spec may quote one in a Vega expression.

Keys ending in ``_one`` / ``_other`` are the singular and plural of one message; pick one with
:func:`plural_text`. Fragments meant for the middle of a sentence start lower-case; use
:func:`capitalise` for a legend.
"""

from __future__ import annotations

from forbedring.charts.model import Lang
from forbedring.charts.texts_da import DA
from forbedring.charts.texts_en import EN
from forbedring.charts.texts_nb import NB

CATALOGUE: dict[Lang, dict[str, str]] = {"da": DA, "nb": NB, "en": EN}
KEYS: frozenset[str] = frozenset(EN)


def text(key: str, lang: Lang, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in.

    Raises KeyError for an unknown key or language, so a typo fails loudly in a test rather
    than showing an English fallback (or the key) in a Danish chart.
    """
    return CATALOGUE[lang][key].format(**values)


def plural_text(key: str, count: int, lang: Lang, **values: object) -> str:
    """``key_one`` for a count of 1, else ``key_other``; ``{n}`` is the count as given in
    ``values`` (formatted by the caller) or else the bare number.

    English, Danish and Norwegian all use the singular for exactly one and the plural otherwise
    (also for 0), so two forms suffice.
    """
    form = "one" if count == 1 else "other"
    values.setdefault("n", count)
    return text(f"{key}_{form}", lang, **values)


def capitalise(words: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower-case the rest)."""
    return words[:1].upper() + words[1:]
