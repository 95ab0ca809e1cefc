"""Numbers and dates as Danish, Norwegian and English readers write them.

Two consumers must agree: Vega-Lite formats axes and labels in the browser and in vl-convert
with d3-format and d3-time-format locales (``config.locale``), and the Python side writes the
same numbers into tooltips, captions and the plain-text summaries. Both read the tables below,
so a chart and its summary never disagree on "1.234,5" versus "1,234.5".

The dicts live here rather than being taken from vl-convert's bundled d3 locales: d3 has no
Norwegian Bokmål number locale, its Danish dates use "-" where Danish readers and CLDR use ".",
and the month abbreviations must match :func:`format_x` character for character.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any, Literal

from forbedring.charts.model import Lang, XValue

DateUnit = Literal["month", "day"]

MINUS = "\u2212"  # d3-format's default minus sign; typographically right in all three languages
MISSING = "–"  # an en dash for a missing value, as in printed tables
NBSP = "\u00a0"

# d3-format locales. Norwegian groups thousands with a (non-breaking) space; Danish with a dot.
# Percentages take a space in Danish and Norwegian ("85 %") but not in English ("85%").
NUMBER_LOCALES: dict[Lang, dict[str, Any]] = {
    "da": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", f"{NBSP}kr."],
        "minus": MINUS,
        "percent": f"{NBSP}%",
        "nan": MISSING,
    },
    "nb": {
        "decimal": ",",
        "thousands": NBSP,
        "grouping": [3],
        "currency": ["", f"{NBSP}kr"],
        "minus": MINUS,
        "percent": f"{NBSP}%",
        "nan": MISSING,
    },
    "en": {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["£", ""],
        "minus": MINUS,
        "percent": "%",
        "nan": MISSING,
    },
}

# Month abbreviations: Danish with a full stop after a shortened word ("jan.", but "maj"), as
# Retskrivningsordbogen and CLDR write them; Norwegian and English without one.
_MONTHS: dict[Lang, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "da": (
        ("januar", "februar", "marts", "april", "maj", "juni",
         "juli", "august", "september", "oktober", "november", "december"),
        ("jan.", "feb.", "mar.", "apr.", "maj", "jun.",
         "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    ),
    "nb": (
        ("januar", "februar", "mars", "april", "mai", "juni",
         "juli", "august", "september", "oktober", "november", "desember"),
        ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"),
    ),
    "en": (
        ("January", "February", "March", "April", "May", "June",
         "July", "August", "September", "October", "November", "December"),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    ),
}  # fmt: skip

# d3 counts days from Sunday.
_DAYS: dict[Lang, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "da": (
        ("søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"),
        ("søn.", "man.", "tirs.", "ons.", "tors.", "fre.", "lør."),
    ),
    "nb": (
        ("søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"),
        ("søn", "man", "tir", "ons", "tor", "fre", "lør"),
    ),
    "en": (
        ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
        ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
    ),
}

# d3-time-format specifiers for a date axis, matching format_x: "jan. 2025" / "3. jan. 2025".
TIME_FORMATS: dict[DateUnit, dict[Lang, str]] = {
    "month": {"da": "%b %Y", "nb": "%b %Y", "en": "%b %Y"},
    "day": {"da": "%-d. %b %Y", "nb": "%-d. %b %Y", "en": "%-d %b %Y"},
}


def _time_locale(lang: Lang, date_time: str, date: str) -> dict[str, Any]:
    days, short_days = _DAYS[lang]
    months, short_months = _MONTHS[lang]
    return {
        "dateTime": date_time,
        "date": date,
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": list(days),
        "shortDays": list(short_days),
        "months": list(months),
        "shortMonths": list(short_months),
    }


# d3-time-format locales: Danish and Norwegian dates as 31.01.2025, British as 31/01/2025.
TIME_LOCALES: dict[Lang, dict[str, Any]] = {
    "da": _time_locale("da", "%A den %-d. %B %Y %X", "%d.%m.%Y"),
    "nb": _time_locale("nb", "%A %-d. %B %Y %X", "%d.%m.%Y"),
    "en": _time_locale("en", "%A %-d %B %Y %X", "%d/%m/%Y"),
}


def _copy_table(table: dict[str, Any]) -> dict[str, Any]:
    # The tables hold strings, numbers and lists of them, so copying the lists copies all that
    # a spec could alter; copy.deepcopy did the same at ten times the cost per chart.
    return {key: list(value) if isinstance(value, list) else value for key, value in table.items()}


def vega_locale(lang: Lang) -> dict[str, Any]:
    """``config.locale`` for Vega-Lite; a copy, so a spec can never alter the tables."""
    return {
        "number": _copy_table(NUMBER_LOCALES[lang]),
        "time": _copy_table(TIME_LOCALES[lang]),
    }


def month_names(lang: Lang, *, short: bool = False) -> tuple[str, ...]:
    """The twelve month names (or abbreviations), January first."""
    return _MONTHS[lang][1 if short else 0]


def auto_decimals(value: float) -> int:
    """Decimals that show a value without false precision.

    Two significant digits below 1 (0.0583 -> 0.058), one decimal from 1 to 100 (4.3, 85.7),
    none from 100 (1,235): enough to read a centre line or a limit, no more than the data carry.
    """
    size = abs(value)
    if size == 0 or size >= 100:
        return 0
    if size >= 1:
        return 1
    return 1 - math.floor(math.log10(size))


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


# quantize must never run out of digits, even for 1e300. One context made once, passed to
# quantize, rather than a localcontext() per number: the same arithmetic, at a fraction of the
# cost on pages that format tens of thousands of numbers (the network dashboard).
_QUANTIZE_CONTEXT = Context(prec=1000)
_STEPS: dict[int, Decimal] = {}

# How many formatted numbers are remembered. A dashboard of 100 charts writes centre lines,
# limits, numerators and denominators many times over; bounded so a worker stays small.
FORMAT_CACHE_SIZE = 16384


def format_number(
    value: float | None, lang: Lang, decimals: int | None = None, *, grouping: bool = True
) -> str:
    """A number as the language writes it: "1.234,5" (da), "1 234,5" (nb), "1,234.5" (en).

    Without ``decimals`` the number gets :func:`auto_decimals` and trailing zeros are dropped
    (12.0 -> "12"); with ``decimals`` it is fixed ("5,0"). Halves round away from zero on the
    shortest decimal form of the float (2.25 -> "2.3"), as a reader rounding by hand would. A
    missing value (None, NaN) is "–"; a value that rounds to zero never shows a minus sign.
    """
    if value is None:
        return MISSING
    # The text depends only on the float (its shortest repr is what is rounded), so the cache
    # is keyed on it: ints, numpy floats and Decimals of one value share an entry, and so do
    # 0.0 and -0.0, which both read "0".
    return _format_float(float(value), lang, decimals, grouping)


@functools.lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _format_float(value: float, lang: Lang, decimals: int | None, grouping: bool) -> str:
    if math.isnan(value):
        return MISSING
    if math.isinf(value):
        return ("" if value > 0 else MINUS) + "∞"
    places = auto_decimals(value) if decimals is None else decimals
    step = _STEPS.get(places)
    if step is None:
        step = _STEPS[places] = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(step, ROUND_HALF_UP, _QUANTIZE_CONTEXT)
    negative = rounded < 0
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    if grouping:
        whole = _group(whole, NUMBER_LOCALES[lang]["thousands"])
    body = f"{whole}{NUMBER_LOCALES[lang]['decimal']}{fraction}" if fraction else whole
    return f"{MINUS}{body}" if negative else body


def clear_format_cache() -> None:
    """Forget the numbers formatted so far (benchmarks time a first view with it)."""
    _format_float.cache_clear()


def infer_date_unit(values: Iterable[XValue]) -> DateUnit | None:
    """``month`` when every date of a series is the first of its month, else ``day``.

    Monthly data are stored as the first of the month; reading the whole series (not one value)
    keeps a daily series that happens to start on the 1st from being shown as months.
    None when there are no dates at all.
    """
    dates = [v for v in values if isinstance(v, dt.date)]
    if not dates:
        return None
    return "month" if all(d.day == 1 for d in dates) else "day"


def format_date(value: dt.date, lang: Lang, unit: DateUnit = "day") -> str:
    """A date as month and year ("jan. 2025", "jan 2025", "Jan 2025") or in full
    ("3. jan. 2025", "3. jan 2025", "3 Jan 2025"), as the chart's date axis writes it."""
    month = month_names(lang, short=True)[value.month - 1]
    if unit == "month":
        return f"{month} {value.year}"
    if lang == "en":
        return f"{value.day} {month} {value.year}"
    return f"{value.day}. {month} {value.year}"


def format_x(value: XValue, lang: Lang, unit: DateUnit | None = None) -> str:
    """An x value for a tooltip or a summary: a date, a number or a label as given.

    A date is shown as month and year when ``unit`` is ``month``, in full when ``day``; without
    a unit, a first of the month counts as monthly data (pass :func:`infer_date_unit` of the
    series when you have it). Numbers are not grouped: an x of 2025 is a year, not "2.025".
    """
    if isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            value = value.date()
        chosen = unit or ("month" if value.day == 1 else "day")
        return format_date(value, lang, chosen)
    if isinstance(value, str):
        return value
    return format_number(value, lang, grouping=False)


def format_with_unit(number: str, unit: str | None, lang: Lang) -> str:
    """A formatted number with its unit: "85 %" in da/nb, "85%" in en, "4,2 per 1.000 dage"."""
    if not unit:
        return number
    if unit == "%":
        return number + str(NUMBER_LOCALES[lang]["percent"])
    return f"{number} {unit}"
