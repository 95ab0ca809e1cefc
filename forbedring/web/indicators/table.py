"""An uploaded indicator sheet as a table, through the import's reading layer
(``forbedring.web.imports.reading``: encodings, delimiters, .xlsx, the refusals of .xls, .ods
and PDF with their messages).

That layer finds the header row by the observation import's column names (Dato, Tæller,
Nævner...). A published indicator sheet in the long layout has them too (Tæller, Nævner,
Værdi); one in the wide layout (Kommune;2019;2020;...) has none, so when the layer finds no
header, or one without an area column, the rows are read again with the same primitives and
the header is the first row that names an area column (``layout.is_header``).
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from forbedring.web.imports.cells import Cell, read_text
from forbedring.web.imports.headers import is_total_label
from forbedring.web.imports.reading import (
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    ReadError,
    Row,
    Table,
    decode,
    read_table,
    sniff_delimiter,
    xlsx_cell,
)
from forbedring.web.indicators.layout import is_header

# Old binary Excel and PDF: never read as text, whatever the layer said about them.
_REFUSED_FORMATS = (b"\xd0\xcf\x11\xe0", b"%PDF")


def read_indicator_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded indicator sheet; raises :class:`ReadError` for the user."""
    try:
        table = read_table(data, filename)
    except ReadError as error:
        refused: ReadError | None = error
    else:
        if is_header(list(table.header)):
            return table
        refused = None
    if refused is not None and (
        len(data) > MAX_BYTES or not data.strip() or data.startswith(_REFUSED_FORMATS)
    ):
        raise refused  # the layer's message says what to do (too large, empty, .xls, PDF)
    try:
        rows, kind, delimiter = _raw_rows(data)
    except Exception:  # the layer has said what is wrong with the file
        if refused is not None:
            raise refused from None
        raise
    found = _with_header(rows, kind)
    if found is None:
        raise ReadError(
            _(
                "No header row found. The first row should name the columns, e.g. "
                "Kommune;Kommunekode;År;Tæller;Nævner;Værdi, or Kommune;2022;2023;2024 "
                "with one column per year."
            )
        )
    found.delimiter = delimiter
    return found


def _raw_rows(data: bytes) -> tuple[list[Row], str, str]:
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = [
                Row(number, tuple(xlsx_cell(v) for v in values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if number <= MAX_ROWS + HEADER_SEARCH_ROWS
            ]
        finally:
            workbook.close()
        return rows, "xlsx", ""
    text, _encoding = decode(data)
    delimiter = sniff_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [Row(i, tuple(r)) for i, r in enumerate(records, start=1)], "csv", delimiter


def _empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _with_header(rows: list[Row], kind: str) -> Table | None:
    rows = [r for r in rows if not all(_empty(c) for c in r.cells)]
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not is_header(list(row.cells)):
            continue
        width = max(len(r.cells) for r in rows[index:])
        used = [i for i in range(width) if any(not _empty(_at(r, i)) for r in rows[index:])]
        header = [
            read_text(_at(row, i)) or _("Column %(number)s") % {"number": i + 1} for i in used
        ]
        table = Table(header=header, rows=[], kind=kind, header_row=row.number)
        for data_row in rows[index + 1 :]:
            cells = tuple(_at(data_row, i) for i in used)
            first = next((c for c in cells if not _empty(c)), None)
            if isinstance(first, str) and is_total_label(first):
                table.total_rows.append(data_row.number)
                continue
            table.rows.append(Row(data_row.number, cells))
        return table
    return None


def _at(row: Row, index: int) -> Cell:
    return row.cells[index] if index < len(row.cells) else None
