"""Writing rows to Excel sheets (openpyxl): real numbers and dates, text kept as text.

Every sheet gets a bold header row that stays in view when scrolling (frozen), columns wide
enough for their contents (within limits), numbers as numbers with a number format and dates
as dates, so the reader can sort, filter and chart them at once. Excel shows the numbers with
the reader's own decimal separator; the file itself carries no language.

Text is never evaluated: a cell that begins like a formula (see :mod:`.cells`) is written as a
string cell with Excel's "quote prefix", which is exactly what Excel stores when someone types
an apostrophe before the text, so it shows and stays text even when the cell is edited.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

# openpyxl ships no type information (the second code keeps this quiet once pyproject.toml
# tells mypy to ignore the missing stubs).
from openpyxl import Workbook as Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

from forbedring.web.exports.cells import printable, starts_like_formula
from forbedring.web.exports.rows import DATE, DATETIME, INTEGER, NUMBER, STATISTIC, Column, Row

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Numbers as entered show as they are; computed ones (ratios × multiplier, centre lines,
# limits) with two decimals, the precision the charts show. The cell keeps the full value.
NUMBER_FORMATS = {NUMBER: "General", STATISTIC: "#,##0.00", INTEGER: "0"}

MIN_WIDTH, MAX_WIDTH = 8, 60  # characters
SHEET_TITLE_LENGTH = 31  # Excel's limit
_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def new_workbook() -> Workbook:
    """An empty workbook (openpyxl's default first sheet removed)."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    return book


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``, no apostrophe
    at either end, and unique in the workbook (case-insensitively, as Excel compares)."""
    base = _NOT_IN_TITLES.sub(" ", printable(name)).strip().strip("'").strip() or "Sheet"
    title, n = base[:SHEET_TITLE_LENGTH], 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def set_cell(sheet: Any, row: int, column: int, value: Any, kind: str) -> int:
    """Write one value; returns how many characters it shows (for the column's width)."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return 0
    if kind == DATETIME and isinstance(value, dt.datetime):
        # Excel has no time zones: the local time is written (the exporter made it local).
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
        return len(DATETIME_FORMAT)
    if kind == DATE and isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return len(DATE_FORMAT)
    if kind in NUMBER_FORMATS and isinstance(value, int | float):
        cell.value = value
        cell.number_format = NUMBER_FORMATS[kind]
        return min(len(f"{value:,.2f}"), 15)
    text = printable(str(value))
    cell.value = text
    # openpyxl would store a text that begins with "=" as a formula: force a string cell.
    cell.data_type = "s"
    if starts_like_formula(text):
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)


def write_table(
    sheet: Any,
    columns: Sequence[Column],
    rows: Sequence[Row],
    *,
    first_row: int = 1,
    widths: dict[int, int] | None = None,
) -> int:
    """A header row and the rows under it, from ``first_row``; returns the next free row.

    The header row is frozen and every column sized to its widest cell.
    """
    widths = {} if widths is None else widths
    bold = Font(bold=True)
    for c, column in enumerate(columns, start=1):
        header = str(column.header)
        cell = sheet.cell(row=first_row, column=c)
        set_cell(sheet, first_row, c, header, "text")
        cell.font = bold
        cell.alignment = Alignment(wrap_text=False, vertical="top")
        widths[c] = max(widths.get(c, 0), len(header) + 2)
    r = first_row
    for r, row in enumerate(rows, start=first_row + 1):
        for c, column in enumerate(columns, start=1):
            shown = set_cell(sheet, r, c, row.get(column.key), column.kind)
            widths[c] = max(widths[c], shown + 1)
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    size_columns(sheet, widths)
    return r + 1


def size_columns(sheet: Any, widths: dict[int, int]) -> None:
    for c, width in widths.items():
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width))


def write_title(sheet: Any, lines: list[str]) -> int:
    """Lines of text above a table (bold first line); returns the table's first row."""
    for r, line in enumerate(lines, start=1):
        set_cell(sheet, r, 1, line, "text")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    return len(lines) + 2


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
