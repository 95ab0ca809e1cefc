"""Numbers as people type them, in the active language (DESIGN.md §5.10).

Danish and Norwegian write a decimal comma and group thousands with a point or a space
("1.234,5", "1 234,5"); English writes "1,234.5". Staff also paste numbers from English
spreadsheets, so a plain "12.5" is accepted in da and nb where it cannot mean anything else.

The rule for a lone separator of the "other" kind: it is a thousands separator only when it
could be one (groups of exactly three digits after a leading group of one to three digits that
does not start with 0). So in da "1.234" is 1234 (the Danish way of writing it), "12.5" and
"0.125" are decimals; in en "1,234" is 1234 and "12,5" is refused, because an English reader
cannot tell whether 125 or 12.5 was meant. Everything else that is not plainly a number
("abc", "1e5", "1.2.3", "1,234.5" in da) is refused with a message saying how to write it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Languages that write a decimal comma. Norwegian comes as nb, and sometimes as no or nn.
COMMA_LANGUAGES = frozenset({"da", "nb", "no", "nn"})
# Spaces people use to group digits: space, no-break space, narrow no-break space, thin space.
SPACES = " \u00a0\u202f\u2009"
MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, the typographic minus, an en dash from Word
MAX_LENGTH = 40

_DIGITS = re.compile(r"[0-9]+")
_ALLOWED = re.compile(rf"[0-9.,{SPACES}]+")


class NumberError(ValueError):
    """A text that is not a number in the given language; ``message`` says how to write it."""

    def __init__(self, text: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.text = text
        self.message = message


def base_language(language: str | None = None) -> str:
    """The language's base code ("nb-no" -> "nb"), the active language when none is given."""
    return (language or get_language() or "da").split("-")[0].lower()


def decimal_separator(language: str | None = None) -> str:
    return "," if base_language(language) in COMMA_LANGUAGES else "."


def example(language: str | None = None) -> str:
    """A number written the language's way, for messages: "1234,5" or "1234.5"."""
    return f"1234{decimal_separator(language)}5"


def parse_number(text: str, language: str | None = None) -> Decimal:
    """The number in ``text`` as written in ``language`` (default: the active language).

    Raises :class:`NumberError` for an empty text and for anything that is not a number.
    """
    sample = example(language)
    raw = text
    s = text.strip()
    if not s:
        raise NumberError(raw, _("Enter a number, e.g. %(example)s.") % {"example": sample})
    if len(s) > MAX_LENGTH:
        raise NumberError(raw, _("This number is too long."))
    sign = ""
    if s[0] in MINUS_SIGNS or s[0] == "+":
        sign = "-" if s[0] in MINUS_SIGNS else ""
        s = s[1:]
    if not s or not _ALLOWED.fullmatch(s) or not _DIGITS.search(s):
        raise NumberError(
            raw,
            _("“%(text)s” is not a number. Write digits, e.g. %(example)s.")
            % {"text": raw.strip(), "example": sample},
        )
    if decimal_separator(language) == ",":
        digits = _split(s, decimal=",", groups=".", loose_point=True)
    else:
        digits = _split(s, decimal=".", groups=",", loose_point=False)
    if digits is None:
        raise NumberError(
            raw,
            _("“%(text)s” is not written as a number in this language. Write it like %(example)s.")
            % {"text": raw.strip(), "example": sample},
        )
    whole, fraction = digits
    try:
        number = Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern above lets only digits through
        raise NumberError(raw, _("“%(text)s” is not a number.") % {"text": raw.strip()}) from None
    return number if number else Decimal(0)  # no negative zero


def _split(s: str, *, decimal: str, groups: str, loose_point: bool) -> tuple[str, str] | None:
    """Whole and fractional digits of ``s``, or None when the separators do not add up.

    ``loose_point``: in da/nb a lone point that cannot be a thousands separator is a decimal
    point (a number pasted from an English source).
    """
    if s.count(decimal) > 1:
        return None
    if decimal in s:
        whole, fraction = s.split(decimal)
        if not fraction or not fraction.isascii() or not fraction.isdigit():
            return None  # "5," or "1,234.5" in da: a separator after the decimal one
        grouped = _ungroup(whole, groups) if whole else ""
        return None if grouped is None else (grouped, fraction)
    grouped = _ungroup(s, groups)
    if grouped is not None:
        return grouped, ""
    if loose_point and s.count(".") == 1 and not any(c in s for c in SPACES):
        whole, fraction = s.split(".")
        if fraction and (not whole or whole.isdigit()) and fraction.isdigit():
            return whole, fraction
    return None


def _ungroup(s: str, groups: str) -> str | None:
    """Digits of ``s`` without its thousands separators, or None when they are misplaced.

    One kind of separator per number: points (or commas in en) or spaces, not both.
    """
    if s.isascii() and s.isdigit():
        return s
    used = {c for c in s if not c.isdigit()}
    allowed = set(groups) | set(SPACES)
    if not used <= allowed or (used & set(groups) and used & set(SPACES)):
        return None
    parts = re.split(rf"[{re.escape(groups)}{SPACES}]", s)
    first, rest = parts[0], parts[1:]
    if not (1 <= len(first) <= 3) or first.startswith("0") or not first.isdigit():
        return None
    if not all(len(p) == 3 and p.isdigit() for p in rest):
        return None
    return "".join(parts)


def format_number(value: float | Decimal | None, language: str | None = None) -> str:
    """``value`` as an input shows it in ``language``: no thousands separators (so it parses
    back unchanged), the language's decimal separator, no trailing zeros, no exponent."""
    if value is None:
        return ""
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        text = str(int(number))
    else:
        text = format(number.normalize(), "f")
    if text in {"-0", "-0.0"}:
        text = "0"
    return text.replace(".", decimal_separator(language))
