"""What a published indicator sheet holds: which column is the area (name, code), the
period, the numerator, denominator and value (the long layout), or one column per year or
quarter (the wide layout). No Django models here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forbedring.web.imports.cells import Cell, CellError, read_text
from forbedring.web.imports.headers import normalise
from forbedring.web.indicators.models import QUARTER, YEAR

# Normalised column names (``headers.normalise``) in Danish, Norwegian and English.
COLUMNS: dict[str, frozenset[str]] = {
    "code": frozenset({
        "kommunekode", "kommunenummer", "kommunenr", "komnr", "knr", "kode", "code",
        "regionskode", "municipalitycode", "areacode", "omraadekode", "lau1", "lau1code",
    }),
    "name": frozenset({
        "kommune", "kommunenavn", "municipality", "region", "omraade", "omrade", "area",
        "geografi", "geography", "navn", "name", "enhed", "enhet",
    }),
    "period": frozenset({
        "aar", "ar", "year", "periode", "period", "kvartal", "quarter", "tid", "time",
        "aarstal", "arstall",
    }),
    "numerator": frozenset({"taeller", "teller", "numerator", "antal", "antall"}),
    "denominator": frozenset({"naevner", "nevner", "denominator"}),
    "value": frozenset({
        "vaerdi", "verdi", "value", "resultat", "result", "indikatorvaerdi",
        "indikatorverdi", "rate", "andel", "share",
    }),
}  # fmt: skip
YEARS = (1990, 2100)

_QUARTER_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*[kq](?P<quarter>[1-4])$"),
    re.compile(r"^[kq](?P<quarter>[1-4])\s*[-/ ]?\s*(?P<year>\d{4})$"),
    re.compile(r"^(?P<quarter>[1-4])\.?\s*(?:kvt|kvartal|quarter|qtr)\.?\s*(?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})\s+(?P<quarter>[1-4])\.?\s*(?:kvt|kvartal|quarter|qtr)\.?$"),
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    kind: str

    def label(self) -> str:
        if self.kind == QUARTER:
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)


def column_role(name: str) -> str | None:
    key = normalise(name)
    for role, names in COLUMNS.items():
        if key in names:
            return role
    return None


def read_period(cell: Cell) -> Period | None:
    """A year ("2024", 2024) or a quarter ("2024K1", "2024-Q1", "K1 2024", "1. kvt. 2024");
    None for an empty cell. Raises :class:`CellError` naming what is expected."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = read_text(cell).casefold()
    if not text:
        return None
    if text.isdigit() and len(text) == 4:
        return _period(int(text), 1, YEAR, text)
    for pattern in _QUARTER_PATTERNS:
        if match := pattern.match(text):
            quarter = int(match["quarter"])
            return _period(int(match["year"]), 3 * quarter - 2, QUARTER, text)
    raise CellError(_expected_period(read_text(cell)))


def _period(year: int, month: int, kind: str, text: str) -> Period:
    if not YEARS[0] <= year <= YEARS[1]:
        raise CellError(_expected_period(text))
    return Period(dt.date(year, month, 1), kind)


def _expected_period(text: str) -> str:
    return _("a year such as 2024 or a quarter such as 2024K1 (not “%(text)s”)") % {"text": text}


@dataclass
class Layout:
    """Where things are: column indexes of the long layout, or the period columns of the
    wide layout (``periods``: column index -> period)."""

    code: int | None = None
    name: int | None = None
    period: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    value: int | None = None
    periods: dict[int, Period] = field(default_factory=dict)

    @property
    def wide(self) -> bool:
        return bool(self.periods)


class LayoutError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def find_layout(header: list[Cell]) -> Layout:
    """The layout a header row describes; raises :class:`LayoutError` saying what is missing."""
    layout = Layout()
    for index, cell in enumerate(header):
        try:
            period = read_period(cell)
        except CellError:
            period = None
        if period is not None:
            layout.periods[index] = period
            continue
        role = column_role(read_text(cell))
        if role is not None and getattr(layout, role) is None:
            setattr(layout, role, index)
    if layout.code is None and layout.name is None:
        raise LayoutError(
            _(
                "No column names the area. Name it Kommune, Kommunekode or Kommunenummer "
                "(or Municipality, Region, Code)."
            )
        )
    if layout.wide:
        if layout.period is not None or layout.value is not None:
            raise LayoutError(
                _(
                    "The file has both year columns (%(years)s) and a column for the "
                    "period or value. Use one row per area and year with columns År and "
                    "Værdi, or one column per year with values only."
                )
                % {"years": ", ".join(p.label() for p in layout.periods.values())}
            )
        return layout
    missing = [
        label
        for role, label in (("period", _("the year (År)")), ("value", _("the value (Værdi)")))
        if getattr(layout, role) is None
    ]
    if layout.value is not None or layout.numerator is not None:
        missing = [m for m in missing if m != _("the value (Værdi)")]
    if missing:
        raise LayoutError(
            _("A column is missing: %(columns)s. Or use one column per year (wide layout).")
            % {"columns": ", ".join(missing)}
        )
    return layout


def is_header(cells: list[Cell]) -> bool:
    """A row that names an area column and either a period column or year columns."""
    try:
        find_layout(cells)
    except LayoutError:
        return False
    return True
