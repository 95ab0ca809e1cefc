"""Numbers of indicators as readers of each language write them, alike on the indicator page,
the national overview and the status report: values with their unit, the change since the
previous period with its confidence interval in words, the method's levels ("95 %",
"99,8 %"), φ and τ².

The numbers come from :mod:`forbedring.charts.locales` (decimal comma in Danish and Norwegian,
the typographic minus), so a report and its charts never disagree on how a number looks.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from forbedring.charts.locales import auto_decimals, format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.indicators.library import Indicator

PERCENT_UNIT = "%"
# Decimals of a change: a difference of proportions in percentage points to one decimal (as
# the national reports print it), a ratio of rates to two (0.91: a 9 % fall).
DIFFERENCE_DECIMALS = 1
RATIO_DECIMALS = 2
FUNNEL_LEVEL_PERCENT = {"95": 95.0, "998": 99.8}


def percent(level: float, lang: Lang) -> str:
    """A level in percent: "95 %" (da, nb), "95%" (en), "99,8 %"."""
    return format_with_unit(format_number(level, lang, grouping=False), PERCENT_UNIT, lang)


def confidence(level: float, lang: Lang) -> str:
    """A confidence level given as a fraction (0.95) in percent."""
    return percent(round(level * 100.0, 6), lang)


def funnel_level(level: str, lang: Lang) -> str:
    """The funnel's level ("95" or "998") in percent."""
    return percent(FUNNEL_LEVEL_PERCENT[level], lang)


def unit_of(indicator: Indicator, lang: Lang) -> str:
    return indicator.unit.get(lang)


def value_text(value: float | None, indicator: Indicator, lang: Lang) -> str:
    """A value with the indicator's unit ("8,5 %", "59,9 per 1.000 borgere over 65 år"); a
    dash when there is none."""
    if value is None:
        return "–"
    # Fixed decimals ("10.0 %", not "10 %"), so values of one indicator read alike.
    number = format_number(value, lang, auto_decimals(value))
    return format_with_unit(number, unit_of(indicator, lang), lang)


def count_text(count: float | None, lang: Lang) -> str:
    """A numerator or denominator: whole numbers grouped ("13.640"), a dash when missing."""
    if count is None:
        return "–"
    decimals = 0 if float(count).is_integer() else None
    return format_number(count, lang, decimals)


def _signed(value: float, lang: Lang, decimals: int) -> str:
    text = format_number(value, lang, decimals)
    # A rise gets its plus sign, so "+1,2" and "−1,2" read alike; a rounded zero gets none.
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def change_text(
    *,
    indicator: Indicator,
    change: float | None,
    lower: float | None,
    upper: float | None,
    level: float,
    lang: Lang,
) -> str:
    """The change since the previous period with its interval, in words:

    - a proportion: "−3,1 procentpoint (95 % CI −5,0 til −1,2)"; the engine gives the
      difference on the 0..1 scale, shown on the indicator's scale (× its multiplier);
    - a rate: "rate ratio 0,91 (95 % CI 0,85 til 0,97)";
    - a standardised ratio: "ratio of the standardised ratios 1,04 (...)".

    An empty string when no change could be estimated."""
    if change is None or lower is None or upper is None or indicator.data_type is None:
        return ""
    params = {"level": confidence(level, lang)}
    if indicator.data_type == "pr":
        scale = indicator.multiplier or 1.0
        params |= {
            "change": _signed(change * scale, lang, DIFFERENCE_DECIMALS),
            "lower": format_number(lower * scale, lang, DIFFERENCE_DECIMALS),
            "upper": format_number(upper * scale, lang, DIFFERENCE_DECIMALS),
        }
        if unit_of(indicator, "en") == PERCENT_UNIT:
            return _("%(change)s percentage points (%(level)s CI %(lower)s to %(upper)s)") % params
        params["unit"] = unit_of(indicator, lang)
        return _("%(change)s %(unit)s (%(level)s CI %(lower)s to %(upper)s)") % params
    params |= {
        "ratio": format_number(change, lang, RATIO_DECIMALS),
        "lower": format_number(lower, lang, RATIO_DECIMALS),
        "upper": format_number(upper, lang, RATIO_DECIMALS),
    }
    if indicator.data_type == "sr":
        return (
            _("ratio of the standardised ratios %(ratio)s (%(level)s CI %(lower)s to %(upper)s)")
            % params
        )
    return _("rate ratio %(ratio)s (%(level)s CI %(lower)s to %(upper)s)") % params


def tau2_text(tau2: float | None, lang: Lang) -> str:
    """τ² with three significant digits ("0,000569"), a dash when not estimated."""
    if tau2 is None or tau2 != tau2:  # NaN: no funnel
        return "–"
    if tau2 == 0:
        return format_number(0.0, lang)
    return format_number(float(f"{tau2:.3g}"), lang, decimals=max(0, -_exponent(tau2) + 2))


def _exponent(value: float) -> int:
    return int(f"{abs(value):e}".split("e")[1])


def phi_text(phi: float | None, lang: Lang) -> str:
    """φ, the overdispersion factor, to two decimals; a dash when not estimated."""
    if phi is None or phi != phi:
        return "–"
    return format_number(phi, lang, 2)
