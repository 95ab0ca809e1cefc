"""Reading the user's CSV file for the command line, with one clear line for any problem.

Comma- or semicolon-separated, UTF-8 with or without a byte-order mark (Windows-1252 is accepted
too, as Danish and Norwegian spreadsheets often save it). Missing values are empty cells or NA.
Every error names the file, the line (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

XKind = Literal["numeric", "date", "character"]

_MISSING = ["", "NA", "N/A", "NaN", "nan", "NULL", "null", "#N/A"]
_EPOCH = dt.date(1970, 1, 1)
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y"),
)


class InputError(Exception):
    """A problem with the user's input, told in one line without a traceback."""


@dataclass(frozen=True)
class XColumn:
    """The x column: its kind, a numeric sort key per row and the values to write back."""

    kind: XKind
    key: np.ndarray
    output: pa.Array


@dataclass(frozen=True)
class InputTable:
    path: str
    data: pa.Table
    delimiter: str

    @property
    def num_rows(self) -> int:
        return int(self.data.num_rows)

    def has(self, name: str) -> bool:
        return name in self.data.column_names

    def raw(self, name: str) -> pa.Array:
        if name not in self.data.column_names:
            raise InputError(
                f'{self.path}: no column "{name}"; the columns are: '
                + ", ".join(self.data.column_names)
            )
        return self.data.column(name).combine_chunks()

    def where(self, row: int, name: str) -> str:
        return f'{self.path}, line {row + 2}, column "{name}"'


def _sniff_delimiter(path: Path) -> str:
    """Semicolon when the header has more semicolons than commas (Danish/Norwegian Excel)."""
    with path.open("rb") as handle:
        head = handle.readline()
    return ";" if head.count(b";") > head.count(b",") else ","


def read_csv(path: str, columns: Iterable[str], text_columns: Iterable[str] = ()) -> InputTable:
    """Read the named columns of a CSV file; ``text_columns`` are kept as text (ids keep zeros)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such file")
    wanted = list(dict.fromkeys(columns))
    delimiter = _sniff_delimiter(file)
    header = _header(file, delimiter)
    missing = [c for c in wanted if c not in header]
    if missing:
        raise InputError(f'{path}: no column "{missing[0]}"; the columns are: ' + ", ".join(header))
    convert = pacsv.ConvertOptions(
        include_columns=wanted,
        column_types={name: pa.string() for name in text_columns},
        null_values=_MISSING,
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    parse = pacsv.ParseOptions(delimiter=delimiter)
    for encoding in ("utf8", "cp1252"):
        try:
            data = pacsv.read_csv(
                file,
                read_options=pacsv.ReadOptions(encoding=encoding),
                parse_options=parse,
                convert_options=convert,
            )
            break
        except pa.ArrowInvalid as error:
            if "UTF8" in str(error) and encoding == "utf8":
                continue
            raise InputError(
                f"{path}: cannot read the file as CSV: {_arrow_message(error)}"
            ) from None
    return InputTable(path=path, data=data, delimiter=delimiter)


def _header(file: Path, delimiter: str) -> list[str]:
    with file.open("rb") as handle:
        raw = handle.readline().rstrip(b"\r\n")
    text = raw.decode("utf-8-sig", errors="replace")
    return [cell.strip() for cell in next(csv.reader([text], delimiter=delimiter), [])]


def _arrow_message(error: Exception) -> str:
    return str(error).splitlines()[0]


def number_column(table: InputTable, name: str) -> np.ndarray:
    """A numeric column as float64 with NaN for missing; text that is not a number is an error.

    With semicolon-separated files a decimal comma is accepted (``1,5``).
    """
    array = table.raw(name)
    if pa.types.is_floating(array.type) or pa.types.is_integer(array.type):
        return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.float64)
    if pa.types.is_null(array.type):
        return np.full(len(array), np.nan)
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        raise InputError(f'{table.path}, column "{name}": expected numbers, found {array.type}')
    text = pc.utf8_trim_whitespace(array)
    if table.delimiter == ";":
        text = pc.replace_substring(text, ",", ".")
    try:
        return np.asarray(
            pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
        )
    except pa.ArrowInvalid:
        _raise_first_bad_number(table, name, text)
        raise  # pragma: no cover - _raise_first_bad_number always raises


def _raise_first_bad_number(table: InputTable, name: str, text: pa.Array) -> None:
    for row, value in enumerate(text.to_pylist()):
        if value is None:
            continue
        try:
            float(value)
        except ValueError:
            raise InputError(
                f'{table.where(row, name)}: expected a number, got "{value}"'
            ) from None
    raise InputError(f'{table.path}, column "{name}": expected numbers')


def text_column(table: InputTable, name: str) -> pa.Array:
    """A column as text (nulls where missing)."""
    array = table.raw(name)
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return array


def date_column(table: InputTable, name: str) -> tuple[np.ndarray, pa.Array]:
    """A date column as days since 1970-01-01 (NaN missing) and as dates for the output."""
    array = table.raw(name)
    if pa.types.is_date(array.type) or pa.types.is_timestamp(array.type):
        dates = pc.cast(array, pa.date32())
    elif pa.types.is_string(array.type) or pa.types.is_null(array.type):
        dates = _parse_dates(table, name, array)
    else:
        raise InputError(
            f'{table.path}, column "{name}": expected dates (YYYY-MM-DD), found numbers'
        )
    days = pc.cast(dates, pa.int32()).to_numpy(zero_copy_only=False).astype(np.float64)
    return days, dates


def _parse_dates(table: InputTable, name: str, array: pa.Array) -> pa.Array:
    values = array.to_pylist()
    parsed: list[dt.date | None] = []
    for row, value in enumerate(values):
        if value is None:
            parsed.append(None)
            continue
        parsed.append(parse_date(value.strip(), table.where(row, name)))
    return pa.array(parsed, type=pa.date32())


def parse_date(value: str, where: str) -> dt.date:
    for pattern, fmt in _DATE_PATTERNS:
        if pattern.match(value):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                break
    raise InputError(
        f'{where}: expected a date (YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY), got "{value}"'
    )


def _looks_like_dates(array: pa.Array) -> bool:
    sample = [v for v in array.slice(0, 50).to_pylist() if v is not None]
    hits = sum(any(p.match(v.strip()) for p, _ in _DATE_PATTERNS) for v in sample)
    return bool(sample) and hits >= max(1, len(sample) // 2)


def x_column(table: InputTable, name: str) -> XColumn:
    """The x column, as numbers, dates or text labels (text sorts in code-point order)."""
    array = table.raw(name)
    if pa.types.is_floating(array.type) or pa.types.is_integer(array.type):
        return XColumn("numeric", array.to_numpy(zero_copy_only=False).astype(np.float64), array)
    if (
        pa.types.is_date(array.type)
        or pa.types.is_timestamp(array.type)
        or (pa.types.is_string(array.type) and _looks_like_dates(array))
    ):
        days, dates = date_column(table, name)
        return XColumn("date", days, dates)
    if pa.types.is_null(array.type):
        return XColumn("numeric", np.full(len(array), np.nan), array)
    labels = pc.cast(array, pa.string())
    # Rank of each label in sorted order; missing labels are missing x (dropped, as in R).
    unique = pc.unique(labels).drop_null()
    ordered = pc.sort_indices(unique)
    sorted_unique = pc.take(unique, ordered)
    rank = pc.index_in(labels, value_set=sorted_unique)
    key = rank.to_numpy(zero_copy_only=False).astype(np.float64)
    key[np.asarray(pc.is_null(rank))] = np.nan
    return XColumn("character", key, labels)
