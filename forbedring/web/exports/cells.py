"""Cell texts that are safe to open, and file names that say what a download holds.

CSV and formula injection: a spreadsheet evaluates a cell that begins with ``=``, ``+``, ``-``
or ``@`` as a formula (and a leading tab or carriage return can hide such a start), so a comment
typed as ``=HYPERLINK("http://evil", "click")`` would run on the reader's machine. Free text
(comments, notes, names) that begins with one of these gets a leading apostrophe in CSV, which
every spreadsheet reads as "this is text". Numbers are written as numbers and never guarded: a
negative value is a value.
"""

from __future__ import annotations

import datetime as dt
import re

from forbedring.web.networks.export import slug

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters XML 1.0, and so an xlsx file, cannot hold (openpyxl's own list).
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def guarded(text: str) -> str:
    """``text`` as a CSV cell: an apostrophe before anything a spreadsheet would evaluate."""
    return f"'{text}" if starts_like_formula(text) else text


def printable(text: str) -> str:
    """``text`` without the control characters an xlsx file cannot hold (pasted from Word, a
    vertical tab or a form feed would otherwise make openpyxl refuse the whole workbook)."""
    return _ILLEGAL_IN_XLSX.sub("", text)


def filename(*parts: str, day: dt.date, ending: str) -> str:
    """A download's file name: the slugs of what it holds and the day it was made, e.g.
    ``team-solsikken-faldulykker-2025-03-15.csv`` (ASCII, so every browser keeps it)."""
    return "-".join([*parts, day.isoformat()]) + ending


def name_slug(name: str, fallback: str) -> str:
    """A team's, measure's or network's name as a file-name part ("Team Østbyen" →
    "team-oestbyen"), the same way the seminar export names its files."""
    return slug(name, fallback)
