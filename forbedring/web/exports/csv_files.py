"""Rows as a CSV file the reader's spreadsheet opens right, in the page's language.

Danish and Norwegian spreadsheets expect ``;`` between fields and a decimal comma (a comma
separates the decimals, so it cannot also separate the fields); English ones ``,`` and a
decimal point. Numbers are written in full precision without thousands separators, so that
:func:`forbedring.web.core.numbers.parse_number` reads them back unchanged. Dates are ISO
(``2025-03-01``), which every spreadsheet and script understands whatever its language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from forbedring.web.core.numbers import COMMA_LANGUAGES, base_language, format_number
from forbedring.web.exports.cells import guarded
from forbedring.web.exports.rows import DATE, DATETIME, INTEGER, Column, Row

# Excel reads a CSV file without a byte order mark in the machine's legacy code page (cp1252
# on Danish and Norwegian Windows), which turns "æøå" written as UTF-8 into "Ã¦Ã¸Ã¥". The BOM
# tells it the file is UTF-8. English files go without: scripts and tools reading them would
# otherwise see the BOM as part of the first header.
BOM = "\ufeff"


def delimiter(language: str) -> str:
    return ";" if base_language(language) in COMMA_LANGUAGES else ","


def _cell(value: Any, kind: str, language: str) -> str:
    if value is None:
        return ""
    if kind == DATE:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind == DATETIME:
        return value.isoformat(timespec="seconds")
    if kind == INTEGER:
        return str(int(value))
    if isinstance(value, int | float):
        return format_number(value, language)
    return guarded(str(value))


def csv_text(columns: Sequence[Column], rows: Sequence[Row], language: str) -> str:
    """The rows under a header line of the columns' names (translated), as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter(language), lineterminator="\r\n")
    writer.writerow([guarded(str(column.header)) for column in columns])
    for row in rows:
        writer.writerow([_cell(row.get(column.key), column.kind, language) for column in columns])
    return buffer.getvalue()


def csv_bytes(columns: Sequence[Column], rows: Sequence[Row], language: str) -> bytes:
    """The CSV file as UTF-8, with a byte order mark for Danish and Norwegian readers."""
    bom = BOM if base_language(language) in COMMA_LANGUAGES else ""
    return (bom + csv_text(columns, rows, language)).encode("utf-8")
