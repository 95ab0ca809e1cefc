"""Reading one cell of an uploaded spreadsheet: numbers and dates as Danish, Norwegian and
English spreadsheets write them. No Django models here (DESIGN.md §4: the reading layer).

Numbers. A file is written in one convention: decimal comma ("1.234,5", "1 234,5") or decimal
point ("1,234.5"). The convention is decided for the whole file, from its own cells first: a
separator followed by other than exactly three digits ("12,5", "0.25"), a leading zero group
("0,125"), a whole part of four or more digits ("1234,567"), both separators in one number (the
last is the decimal one) or one separator repeated ("1.234.567": thousands) each say which it
is. When the cells say nothing (only integers and numbers like "1.234"), the header's language
decides (Danish or Norwegian column names: decimal comma), then a ``;`` separator (the Danish
and Norwegian Excel default: decimal comma). When nothing decides, a cell like "1.234" is
refused as ambiguous (1234 or 1.234?) rather than guessed; plain integers are always read.
Cells that contradict each other (one says comma, another point) refuse the file.

Dates. ISO (2024-03-01, 2024-03), day-month-year with "-", "." or "/" (01-03-2024,
1.3.24), month-year (03-2024, 03.2024), month names in da/nb/en with or without the day or a
point ("jan 2024", "januar 2024", "jan.-24", "mar-24", "mai 2024", "okt. 24", "1. maj 2024")
and Excel serial day numbers. Slashes are read day first, as in Denmark and Norway.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from forbedring.web.core.numbers import NumberError, parse_number

# A cell as a reader hands it over: text from CSV, typed values from .xlsx.
type Cell = str | int | float | dt.datetime | dt.date | None

# Excel counts days from 1899-12-30 (its 1900 leap-year bug is absorbed by starting there).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers taken as dates: 1954-10-03 … 2119-01-10. Counts of that size in a date
# column are not plausible, and years outside it are not quality-improvement data.
EXCEL_SERIAL_RANGE = (20_000, 80_000)
# Two-digit years are this century's: "jan.-24" is January 2024.
CENTURY = 2000

MONTHS: dict[str, int] = {
    # Danish, Norwegian and English full names; any prefix of three letters or more matches.
    "januar": 1, "january": 1, "februar": 2, "february": 2, "marts": 3, "mars": 3,
    "march": 3, "april": 4, "maj": 5, "mai": 5, "may": 5, "juni": 6, "june": 6, "juli": 7,
    "july": 7, "august": 8, "september": 9, "oktober": 10, "october": 10, "november": 11,
    "december": 12, "desember": 12,
}  # fmt: skip


class Style(enum.Enum):
    """How a file writes decimals."""

    COMMA = "da"  # 1.234,5
    POINT = "en"  # 1,234.5


class CellError(ValueError):
    """A cell that cannot be read; ``message`` says what was expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_SPACES = " \u00a0\u202f\u2009"
_NUMBERISH = re.compile(rf"^[-+\u2212\u2013]?[0-9][0-9.,{_SPACES}]*$")


def number_evidence(text: str) -> Style | None:
    """What ``text`` says about the file's decimal separator (None: nothing)."""
    s = text.strip().lstrip("-+\u2212\u2013")
    if not _NUMBERISH.match(s):
        return None
    has_point, has_comma = "." in s, "," in s
    if has_point and has_comma:
        return Style.COMMA if s.rfind(",") > s.rfind(".") else Style.POINT
    if not (has_point or has_comma):
        return None
    sep = "." if has_point else ","
    own = Style.POINT if sep == "." else Style.COMMA
    other = Style.COMMA if sep == "." else Style.POINT
    if s.count(sep) > 1:
        return other  # repeated: a thousands separator
    whole, fraction = s.split(sep)
    whole = whole.replace(" ", "").replace("\u00a0", "")
    if len(fraction) != 3 or not whole or whole.startswith("0") or len(whole) > 3:
        return own  # cannot be a thousands group: it is the decimal separator
    return None  # "1.234": could be either


def is_ambiguous_number(text: str) -> bool:
    """A number that reads differently in the two conventions ("1.234", "12,500")."""
    return bool(re.fullmatch(r"[-+]?[1-9][0-9]{0,2}[.,][0-9]{3}", text.strip()))


@dataclass(frozen=True)
class StyleDecision:
    style: Style | None
    # When the cells contradict each other: an example of each, for the message.
    conflict: tuple[str, str] | None = None


def decide_style(
    samples: Iterable[str], *, header_style: Style | None, delimiter: str | None
) -> StyleDecision:
    """The file's decimal convention from its number cells, its header's language and its
    delimiter, in that order (see the module docstring)."""
    seen: dict[Style, str] = {}
    for text in samples:
        evidence = number_evidence(text)
        if evidence is not None and evidence not in seen:
            seen[evidence] = text.strip()
            if len(seen) == 2:
                return StyleDecision(None, (seen[Style.COMMA], seen[Style.POINT]))
    if seen:
        return StyleDecision(next(iter(seen)))
    if header_style is not None:
        return StyleDecision(header_style)
    if delimiter == ";":
        return StyleDecision(Style.COMMA)
    return StyleDecision(None)


def read_number(cell: Cell, style: Style | None) -> float | None:
    """The number in ``cell`` (None when empty); raises :class:`CellError`."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise CellError(_("a number, not TRUE/FALSE"))
    if isinstance(cell, int | float):
        return float(cell)
    if isinstance(cell, dt.date):
        raise CellError(_("a number, not a date"))
    text = cell.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(text)  # most cells: a plain count
    return _read_number_text(text, style)


@functools.lru_cache(maxsize=4096)
def _read_number_text(text: str, style: Style | None) -> float:
    # Cached: a file repeats its denominators many times (errors are raised, not cached).
    if text.endswith("%"):
        raise CellError(_("a count, not a percentage (“%(text)s”)") % {"text": text})
    if style is None:
        if is_ambiguous_number(text):
            raise CellError(
                _(
                    "a number that can be read only one way: “%(text)s” could be a thousands "
                    "separator or a decimal separator. Write it without the separator, "
                    "e.g. %(plain)s, or use ; between columns and a decimal comma."
                )
                % {"text": text, "plain": text.replace(".", "").replace(",", "")}
            )
        style = Style.COMMA if "," in text else Style.POINT
    try:
        return float(parse_number(text, style.value))
    except NumberError:
        example = "1234,5" if style is Style.COMMA else "1234.5"
        raise CellError(
            _("a number written like %(example)s, not “%(text)s”")
            % {"example": example, "text": text}
        ) from None


@dataclass(frozen=True)
class ReadDate:
    """A date from a cell; ``month_only`` when the cell named a month, not a day."""

    day: dt.date
    month_only: bool = False


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{2}|\d{4})(?:\s+\d{1,2}[:.]\d{2}(?::\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})[-./](\d{4})$")
_NAMED = re.compile(
    r"^(?:(\d{1,2})\.?\s*)?([a-zæøå]{3,})\.?\s*[-/ .]?\s*'?(\d{2}|\d{4})$", re.IGNORECASE
)
_YEAR_NAMED = re.compile(r"^(\d{4})[-/ ]([a-zæøå]{3,})\.?$", re.IGNORECASE)


def month_number(word: str) -> int | None:
    """1–12 for a da/nb/en month name or its abbreviation of three letters or more."""
    w = word.casefold()
    if len(w) < 3:
        return None
    numbers = {n for name, n in MONTHS.items() if name.startswith(w)}
    if w == "sept":
        return 9
    return numbers.pop() if len(numbers) == 1 else None


def _year(text: str) -> int:
    return CENTURY + int(text) if len(text) == 2 else int(text)


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            _("a date that exists (day %(day)s of month %(month)s %(year)s does not)")
            % {"day": day, "month": month, "year": year}
        ) from None


def _expected() -> str:
    return _("a date, e.g. 31-01-2024, 31.01.2024, 2024-01-31 or jan 2024")


def excel_serial(number: float) -> dt.date | None:
    low, high = EXCEL_SERIAL_RANGE
    if number != int(number) or not low <= number <= high:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def read_date(cell: Cell) -> ReadDate | None:
    """The date in ``cell`` (None when empty); raises :class:`CellError`."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return ReadDate(cell.date())
    if isinstance(cell, dt.date):
        return ReadDate(cell)
    if isinstance(cell, bool):
        raise CellError(_expected())
    if isinstance(cell, int | float):
        day = excel_serial(float(cell))
        if day is None:
            raise CellError(_expected())
        return ReadDate(day)
    text = " ".join(cell.split())
    if not text:
        return None
    return _read_date_text(text)


@functools.lru_cache(maxsize=4096)
def _read_date_text(text: str) -> ReadDate:
    # Cached: a file with many series repeats the same dates (errors are raised, not cached).
    if match := _ISO.match(text):
        y, m, d = (int(g) for g in match.groups())
        return ReadDate(_date(y, m, d))
    if match := _ISO_MONTH.match(text):
        return ReadDate(_date(int(match[1]), int(match[2]), 1), month_only=True)
    if match := _DMY.match(text):
        d, m = int(match[1]), int(match[2])
        if m > 12 and d <= 12:
            raise CellError(
                _("a date written day first (dd-mm-yyyy); “%(text)s” has month %(month)s")
                % {"text": text, "month": m}
            )
        return ReadDate(_date(_year(match[3]), m, d))
    if match := _MY.match(text):
        return ReadDate(_date(int(match[2]), int(match[1]), 1), month_only=True)
    if match := _NAMED.match(text):
        month = month_number(match[2])
        if month is not None:
            year = _year(match[3])
            if match[1]:
                return ReadDate(_date(year, month, int(match[1])))
            return ReadDate(_date(year, month, 1), month_only=True)
    if match := _YEAR_NAMED.match(text):
        month = month_number(match[2])
        if month is not None:
            return ReadDate(_date(int(match[1]), month, 1), month_only=True)
    if text.isdigit():
        day = excel_serial(float(text))
        if day is not None:
            return ReadDate(day)
    raise CellError(_expected())


def read_text(cell: Cell) -> str:
    """A text cell as the user sees it (numbers without a spurious ".0")."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return " ".join(str(cell).split())
