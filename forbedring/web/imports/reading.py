"""Bytes and a file name in, a table out: the reading layer of the import (DESIGN.md §4, C7).
No Django models here; the messages are translatable texts.

What a file is follows from its content, not its name (a CSV saved as ".xlsx" is read as
CSV): a zip with ``xl/workbook.xml`` is Excel; OpenDocument, old binary .xls and other binary
files are refused with a message saying what to save instead. Text is UTF-8 (with or without
a byte-order mark), UTF-16 with a byte-order mark (Excel's "Unicode text"), or else
Windows-1252 (Excel's "CSV" on Danish and Norwegian Windows). The delimiter is the one of
``;``, tab, ``,`` and ``|`` that splits the first lines into the same number of columns most
consistently. The header is the row among the first ten with the most known column names
(so a title line or a merged heading above it is skipped); without any known name, the first
row of two or more text cells. Empty rows and columns are dropped; a row whose first cell is
"I alt"/"Total"/"Sum" is reported as a totals row and left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forbedring.web.imports.cells import Cell, read_text
from forbedring.web.imports.headers import field_for, is_total_label

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 10
SNIFF_LINES = 30
DELIMITERS = (";", "\t", ",", "|")


class ReadError(ValueError):
    """A file that cannot be read as a table; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    number: int  # as the user's spreadsheet numbers it (1 = the first line of the file)
    cells: tuple[Cell, ...]


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1
    total_rows: list[int] = field(default_factory=list)

    def column(self, index: int) -> Iterator[Cell]:
        for row in self.rows:
            yield row.cells[index] if index < len(row.cells) else None


def read_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded file; raises :class:`ReadError` with a message for the user."""
    if not data.strip():
        raise ReadError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ReadError(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            _(
                "This is an old Excel file (.xls). Open it in Excel or LibreOffice and save it "
                "as Excel workbook (.xlsx) or CSV, then upload that."
            )
        )
    if data.startswith(b"%PDF"):
        raise ReadError(_("This is a PDF file. Upload a CSV or Excel (.xlsx) file."))
    text, encoding = decode(data)
    return _read_csv(text, encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte-order mark: every other byte of Latin text is zero.
        sample = data[:4096]
        for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if zeros.count(0) > len(sample) // 4:
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    break
                if _looks_like_text(text):
                    return text, encoding
        raise ReadError(_("This is not a text file. Upload a CSV or Excel (.xlsx) file."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ReadError(
            _("The file's characters cannot be read. Save it as CSV in UTF-8 and upload it again.")
        ) from None


def _looks_like_text(text: str) -> bool:
    """No control characters other than tab and line breaks (binary files have many)."""
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096])


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReadError(
            _("The file's characters cannot be read. Save it as CSV in UTF-8 and upload it again.")
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into two or more columns."""
    lines = [line for line in text.splitlines()[: SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]
    best, best_score = ";", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        widths = Counter(c for c in counts if c > 1)
        if not widths:
            continue
        width, times = widths.most_common(1)[0]
        score = (times / len(counts), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(text: str, encoding: str) -> Table:
    # Excel writes (and obeys) a first line "sep=;" naming the delimiter.
    first, _newline, rest = text.partition("\n")
    declared = first.strip()
    if len(declared) == 5 and declared.lower().startswith("sep="):
        delimiter = declared[4]
        text = "\n" + rest  # keeps the row numbers of the file
    else:
        delimiter = sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ReadError(
            _("The file is not valid CSV (%(error)s).") % {"error": str(error)}
        ) from None
    rows = [Row(i, tuple(record)) for i, record in enumerate(records, start=1)]
    table = _table(rows, "csv")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _read_zip(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError):
        raise ReadError(_("The file is damaged or not a spreadsheet.")) from None
    if b"opendocument.spreadsheet" in mimetype:
        raise ReadError(
            _(
                "This is an OpenDocument spreadsheet (.ods). Save it as Excel workbook (.xlsx) "
                "or CSV in LibreOffice, then upload that."
            )
        )
    if "xl/workbook.xml" not in names:
        raise ReadError(_("This file is not a spreadsheet. Upload a CSV or Excel (.xlsx) file."))
    return _read_xlsx(data)


def _read_xlsx(data: bytes) -> Table:
    # Imported here: openpyxl takes a while to load, and most uploads are CSV.
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged files
        raise ReadError(_("The Excel file is damaged and cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ReadError(_("The Excel file has no sheets."))
        rows: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ReadError(_too_many())
            rows.append(Row(number, tuple(xlsx_cell(v) for v in values)))
    finally:
        workbook.close()
    return _table(rows, "xlsx")


def xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | dt.date):
        return value if not isinstance(value, str) or value.strip() else None
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return str(value)  # error values such as "#DIV/0!" arrive as text


def _too_many() -> str:
    return _("The file has more than %(rows)s rows. Split it into smaller files.") % {
        "rows": f"{MAX_ROWS:,}".replace(",", ".")
    }


def _is_empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(rows: list[Row], kind: str) -> Table:
    rows = [r for r in rows if not all(_is_empty(c) for c in r.cells)]
    if not rows:
        raise ReadError(_("The file has no rows with data."))
    header_index = _header_index(rows)
    header_row = rows[header_index]
    data_rows = rows[header_index + 1 :]
    if len(data_rows) > MAX_ROWS:
        raise ReadError(_too_many())
    # Columns without any value (spacer columns, trailing ";;;") are dropped; the others keep
    # their order, and an unnamed one is called by its position in the file.
    width = max(len(r.cells) for r in rows[header_index:])
    used = [i for i in range(width) if any(not _is_empty(_at(r, i)) for r in rows[header_index:])]
    header = [
        read_text(_at(header_row, i)) or _("Column %(number)s") % {"number": i + 1} for i in used
    ]
    table = Table(header=header, rows=[], kind=kind, header_row=header_row.number)
    for row in data_rows:
        cells = tuple(_at(row, i) for i in used)
        first = next((c for c in cells if not _is_empty(c)), None)
        if isinstance(first, str) and is_total_label(first):
            table.total_rows.append(row.number)
            continue
        table.rows.append(Row(row.number, cells))
    if not table.rows:
        raise ReadError(
            _("The file has a header row (row %(row)s) but no rows of data below it.")
            % {"row": header_row.number}
        )
    return table


def _at(row: Row, index: int) -> Cell:
    return row.cells[index] if index < len(row.cells) else None


def _header_index(rows: list[Row]) -> int:
    """Where the header is: the row with the most known column names among the first rows;
    else the first row of two or more text cells."""
    candidates = rows[:HEADER_SEARCH_ROWS]
    known = [sum(1 for c in r.cells if isinstance(c, str) and field_for(c)) for r in candidates]
    if max(known) >= 1:
        return known.index(max(known))
    for index, row in enumerate(candidates):
        texts = [c for c in row.cells if isinstance(c, str) and c.strip()]
        if len(texts) >= 2 and not any(any(ch.isdigit() for ch in t) for t in texts):
            return index
    raise ReadError(
        _(
            "No header row found. The first row should name the columns, "
            "e.g. Dato;Tæller;Nævner;Kommentar."
        )
    )
