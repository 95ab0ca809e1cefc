"""The funnel plot of an indicator as Vega-Lite: every area of a level against the national value.

x is the denominator (population, cases or expected count), y the value on the indicator's
scale. The national value is a horizontal rule; the 95 % and 99.8 % limits are curves over the
range of denominators, the level that judges solid and the other dashed. Areas outside the
limits in force are coloured by better or worse *and* shaped (triangle up or down, as the
traffic-light symbols), so the picture reads without colour. One area may be highlighted:
drawn larger, ringed and named.

Without limits (an indicator published as a value only, or no area with data to judge) the
same spec plots the values with the national rule, against the denominator when every area
has one, else ranked (x = rank). Pure: plain numbers and words in, a dict out; the web adapter
(:mod:`forbedring.web.indicators.charts`) turns the engine's lights into these inputs.

The spec stays lean, because a batch of status reports renders about a thousand of them: one
data table (points and limit rows), five layers, no tooltips in the static picture.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.charts.spec_parts import Spec, json_number
from forbedring.charts.texts_indicators import indicator_text

# Placement statuses as the spec's data names them, in legend order.
BETTER = "better"
AS_EXPECTED = "as_expected"
WORSE = "worse"
STATUSES = (BETTER, AS_EXPECTED, WORSE)
# Shapes repeat the traffic-light symbols (▲ ● ▼), so the status reads in greyscale too.
STATUS_SHAPES = {BETTER: "triangle-up", AS_EXPECTED: "circle", WORSE: "triangle-down"}
STATUS_COLOURS = {BETTER: parts.GREEN, AS_EXPECTED: parts.GREY, WORSE: parts.VERMILLION}
SOLID: list[int] = []
DASHED = [5, 4]
# The wide limit columns of a limit row; the curve layer folds them into one line each.
LIMIT_COLUMNS = ("lo95", "hi95", "lo998", "hi998")


@dataclass(frozen=True)
class FunnelArea:
    """One area's point: ``x`` is its denominator (or rank), ``value`` on the indicator's
    scale; ``status`` one of :data:`STATUSES`."""

    name: str
    x: float
    value: float
    numerator: float | None
    denominator: float | None
    status: str


@dataclass(frozen=True)
class FunnelLimits:
    """Limit curves on the value scale over a grid of denominators ``x`` (ascending), and the
    level that judges ("95" or "998") with a few words on how ("adjusted for ...")."""

    x: Sequence[float]
    lower95: Sequence[float]
    upper95: Sequence[float]
    lower998: Sequence[float]
    upper998: Sequence[float]
    judging_level: str
    method: str


@dataclass(frozen=True)
class FunnelPlot:
    """Everything the funnel spec shows. ``x_title`` names the denominator (or the ranking);
    ``status_words`` are the placement words of :data:`STATUSES` as the page's table says them;
    ``level`` is "municipality" or "region"; ``ranked`` says x is a rank, not a denominator."""

    title: str
    period: str
    level: str
    x_title: str
    unit: str
    areas: Sequence[FunnelArea]
    national: float | None
    limits: FunnelLimits | None
    status_words: Mapping[str, str]
    highlight: str | None
    ranked: bool
    lang: Lang
    width: int
    height: int


def _number(value: float | None, lang: Lang, unit: str | None = None) -> str:
    text = format_number(value, lang)
    return format_with_unit(text, unit, lang) if unit and len(unit) <= 2 else text


def _point_rows(plot: FunnelPlot) -> list[Spec]:
    lang = plot.lang
    return [
        {
            "row": "point",
            "name": area.name,
            "x": json_number(area.x),
            "y": json_number(area.value),
            "status": area.status,
            "status_text": plot.status_words.get(area.status, ""),
            "value_text": _number(area.value, lang, plot.unit),
            "numerator_text": format_number(area.numerator, lang),
            "denominator_text": format_number(area.denominator, lang),
            "hl": area.name == plot.highlight,
        }
        for area in plot.areas
    ]


def _limit_rows(limits: FunnelLimits) -> list[Spec]:
    columns = (limits.lower95, limits.upper95, limits.lower998, limits.upper998)
    return [
        {
            "row": "limit",
            "x": json_number(x),
            **{
                name: json_number(float(column[i]))
                for name, column in zip(LIMIT_COLUMNS, columns, strict=True)
            },
        }
        for i, x in enumerate(limits.x)
    ]


def _finite(values: Sequence[float | None]) -> list[float]:
    return [v for v in values if v is not None and json_number(v) is not None]


def _y_domain(plot: FunnelPlot) -> list[float] | None:
    """Room for every point and the national value, and for both limits at the smallest
    area, so every point can be read against the limits it was judged by; the limits may
    stretch the axis by at most the data's own spread each way (at tiny denominators, or
    with a large overdispersion, they run far off and would flatten the points). The curves
    are clipped beyond."""
    data = _finite([a.value for a in plot.areas] + [plot.national])
    if not data:
        return None
    low, high = min(data), max(data)
    spread = (high - low) or abs(high) * 0.1 or 1.0
    if plot.limits and plot.limits.x:
        first = [plot.limits.lower95[0], plot.limits.upper95[0]]
        first += [plot.limits.lower998[0], plot.limits.upper998[0]]
        for limit in _finite(first):
            low = max(min(low, limit), min(data) - spread)
            high = min(max(high, limit), max(data) + spread)
    margin = (high - low) * 0.05 or 1.0
    floor = 0.0 if min(data) >= 0 else low - margin
    return [max(floor, low - margin), high + margin]


def _limit_layer(plot: FunnelPlot, limits: FunnelLimits, y_scale: Spec) -> Spec:
    lang = plot.lang
    label95, label998 = indicator_text("limits_95", lang), indicator_text("limits_998", lang)
    judged_95 = limits.judging_level == "95"
    return {
        "transform": [
            {"filter": "datum.row === 'limit'"},
            {"fold": list(LIMIT_COLUMNS), "as": ["curve", "limit"]},
            {
                "calculate": f"indexof(datum.curve, '998') >= 0 ? {json.dumps(label998)} "
                f": {json.dumps(label95)}",
                "as": "limits",
            },
        ],
        "mark": {"type": "line", "clip": True, "strokeWidth": 1.2, "color": parts.DARK},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "limit", "type": "quantitative", "scale": y_scale},
            "detail": {"field": "curve"},
            "strokeDash": {
                "field": "limits",
                "type": "nominal",
                "title": limits.method,
                "scale": {
                    "domain": [label95, label998],
                    "range": [SOLID, DASHED] if judged_95 else [DASHED, SOLID],
                },
                "legend": {"orient": "bottom", "symbolType": "stroke", "titleLimit": plot.width},
            },
        },
    }


def _national_layers(plot: FunnelPlot, y_scale: Spec) -> list[Spec]:
    if plot.national is None or json_number(plot.national) is None:
        return []
    label = (
        f"{indicator_text('national_value', plot.lang)} "
        f"{_number(plot.national, plot.lang, plot.unit)}"
    )
    # One mark each: without data of their own the layers would draw a rule and a label for
    # every row of the chart's table (hundreds, and half the rendering time).
    one: Spec = {"values": [{}]}
    return [
        {
            "data": one,
            "mark": {"type": "rule", "color": parts.BLUE, "strokeWidth": 1.5},
            "encoding": {"y": {"datum": plot.national, "scale": y_scale}},
        },
        {
            "data": one,
            "mark": {"type": "text", "align": "right", "baseline": "bottom", "dy": -3,
                     "fontSize": 10, "color": parts.BLUE, "text": label},
            "encoding": {"x": {"value": plot.width},
                         "y": {"datum": plot.national, "scale": y_scale}},
        },
    ]  # fmt: skip


def _point_layer(plot: FunnelPlot, x: Spec, y: Spec) -> Spec:
    lang = plot.lang
    words = [plot.status_words.get(s, s) for s in STATUSES]
    tooltip = [
        {"field": "name", "title": indicator_text("area", lang)},
        {"field": "value_text", "title": indicator_text("value", lang)},
        {"field": "numerator_text", "title": indicator_text("numerator", lang)},
        {"field": "denominator_text", "title": indicator_text("denominator", lang)},
    ]
    if plot.limits is not None:
        tooltip.append({"field": "status_text", "title": indicator_text("placement", lang)})
    legend: Spec | None = {"orient": "top", "title": None} if plot.limits is not None else None
    return {
        "transform": [{"filter": "datum.row === 'point'"}],
        "mark": {"type": "point", "filled": True, "opacity": 0.85, "size": 42},
        "encoding": {
            "x": x,
            "y": y,
            "shape": {"field": "status_text", "type": "nominal", "legend": legend,
                      "scale": {"domain": words,
                                "range": [STATUS_SHAPES[s] for s in STATUSES]}},
            "color": {"field": "status_text", "type": "nominal", "legend": legend,
                      "scale": {"domain": words,
                                "range": [STATUS_COLOURS[s] for s in STATUSES]}},
            "tooltip": tooltip,
        },
    }  # fmt: skip


def _highlight_layers(plot: FunnelPlot, x: Spec, y: Spec) -> list[Spec]:
    if plot.highlight is None or not any(a.name == plot.highlight for a in plot.areas):
        return []
    only_highlight = [{"filter": "datum.row === 'point' && datum.hl"}]
    return [
        {
            "transform": only_highlight,
            "mark": {"type": "point", "filled": False, "size": 260, "strokeWidth": 2.2,
                     "color": parts.DARK},
            "encoding": {"x": x, "y": y},
        },
        {
            "transform": only_highlight,
            "mark": {"type": "text", "align": "left", "dx": 11, "dy": -9, "fontSize": 12,
                     "fontWeight": "bold", "color": parts.DARK},
            "encoding": {"x": x, "y": y, "text": {"field": "name"}},
        },
    ]  # fmt: skip


def _mid_sentence(words: str) -> str:
    """A title as the middle of a sentence: no closing full stop, the first letter lower-case
    unless the word is an abbreviation ("COPD")."""
    words = words.rstrip(". ")
    if len(words) > 1 and words[1].isupper():
        return words
    return words[:1].lower() + words[1:]


def describe_funnel(plot: FunnelPlot) -> str:
    """The chart in words: what is plotted, the national value, how many areas lie outside
    the limits on which side, and the highlighted area's value and placement."""
    lang = plot.lang
    level = indicator_text(f"level_{plot.level}", lang)
    count = len(plot.areas)
    if plot.ranked:
        sentences = [indicator_text("values_lead", lang, title=plot.title, period=plot.period,
                                    count=count, level=level)]  # fmt: skip
    else:
        lead = "funnel_lead" if plot.limits is not None else "values_against"
        sentences = [indicator_text(lead, lang, title=plot.title, period=plot.period,
                                    count=count, level=level,
                                    denominator=_mid_sentence(plot.x_title))]  # fmt: skip
    if plot.national is not None:
        national = _number(plot.national, lang, plot.unit)
        sentences.append(indicator_text("national_sentence", lang, value=national))
    if plot.limits is None:
        sentences.append(indicator_text("no_limits", lang))
    else:
        level_key = "limits_95" if plot.limits.judging_level == "95" else "limits_998"
        tally = {s: sum(a.status == s for a in plot.areas) for s in STATUSES}
        sentences.append(
            indicator_text("counts_sentence", lang, limits=indicator_text(level_key, lang),
                           method=plot.limits.method, better=tally[BETTER],
                           worse=tally[WORSE], expected=tally[AS_EXPECTED])
        )  # fmt: skip
    chosen = next((a for a in plot.areas if a.name == plot.highlight), None)
    if chosen is not None:
        value = _number(chosen.value, lang, plot.unit)
        if plot.limits is None:
            sentences.append(indicator_text("highlight_value", lang, name=chosen.name,
                                            value=value))  # fmt: skip
        else:
            word = plot.status_words.get(chosen.status, chosen.status).lower()
            sentences.append(indicator_text("highlight_sentence", lang, name=chosen.name,
                                            value=value, placement=word))  # fmt: skip
    return " ".join(sentences)


def funnel_spec(plot: FunnelPlot) -> Spec:
    """The Vega-Lite spec of ``plot``; its ``description`` is the chart in words."""
    rows = _point_rows(plot)
    if plot.limits is not None:
        rows += _limit_rows(plot.limits)
    x: Spec = {
        "field": "x",
        "type": "quantitative",
        # Ranked: room half a rank beyond the first and last point, so neither sits on an edge.
        "scale": (
            {"domain": [0.5, len(plot.areas) + 0.5], "nice": False}
            if plot.ranked
            # From the smallest area, not from 0: no curve is drawn left of it, and five
            # regions of 250,000 to 450,000 would otherwise fill only the right half.
            else {"zero": False, "nice": False, "padding": 12}
        ),
        "axis": {"title": plot.x_title, "titleLimit": plot.width, "labelOverlap": True,
                 **({"tickMinStep": 1, "format": "d"} if plot.ranked else {})},
    }  # fmt: skip
    domain = _y_domain(plot)
    # Every layer names the same scale: Vega-Lite would otherwise union the explicit domain
    # with the limit curves' data and undo the clipping.
    y_scale: Spec = {"zero": False, "nice": False, **({"domain": domain} if domain else {})}
    y: Spec = {
        "field": "y",
        "type": "quantitative",
        "scale": y_scale,
        "axis": {"title": plot.unit or None, "titleLimit": plot.height},
    }
    layers: list[Spec] = []
    if plot.limits is not None:
        layers.append(_limit_layer(plot, plot.limits, y_scale))
    layers += _national_layers(plot, y_scale)
    layers.append(_point_layer(plot, x, y))
    layers += _highlight_layers(plot, x, y)
    subtitle = f"{plot.period} · {indicator_text(f'level_{plot.level}', plot.lang)}"
    return {
        "$schema": parts.VEGA_LITE_SCHEMA,
        "description": describe_funnel(plot),
        # A long title is cut with an ellipsis at the plot's width rather than overflow a phone.
        "title": {"text": plot.title, "subtitle": subtitle, "limit": plot.width},
        "config": parts.config(plot.lang),
        "width": plot.width,
        "height": plot.height,
        "data": {"values": rows},
        "layer": layers,
    }
