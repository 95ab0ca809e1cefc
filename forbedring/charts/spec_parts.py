"""Pieces shared by the run/control chart and Making Data Count specs: style, axes, layers.

Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies; every
signal is also shown by shape, dash or label, so charts read in greyscale print too.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from typing import Any

from forbedring.charts.locales import DateUnit, format_number, format_x, vega_locale
from forbedring.charts.model import Lang, Note, XKind, XValue
from forbedring.charts.texts import capitalise, text

Spec = dict[str, Any]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
PURPLE = "#CC79A7"
GREY = "#7F7F7F"
LIGHT_GREY = "#BBBBBB"
DARK = "#333333"
# Text needs 4.5:1 contrast on white (WCAG 2.1 AA); the line colours above are lighter, so
# labels written in them use these darker shades of the same hues.
TEXT_GREY = "#595959"
TEXT_GREEN = "#00694C"

# The generic family: browsers use their system sans-serif, and vl-convert its own bundled
# Liberation Sans, so static pictures look the same on every machine. A list of named fonts
# costs vl-convert a font lookup per text (about a fifth of a chart's rendering time).
FONT = "sans-serif"

SINGLE_SIZE = (640, 300)
PANEL_SIZE = (300, 170)
PANEL_COLUMNS = 3


def plot_size(panel_count: int) -> tuple[int, int]:
    """Width and height of the plot area: one large chart, or small multiples for facets.

    Layers that place marks in pixels (labels at the right end, icons) use these numbers, as
    Vega's width signal is not the panel's width inside a facet.
    """
    return PANEL_SIZE if panel_count > 1 else SINGLE_SIZE


def config(lang: Lang) -> Spec:
    """Chart-wide style, and the language's number and date formats (decimal comma in da/nb)."""
    return {
        "locale": vega_locale(lang),
        "font": FONT,
        "view": {"stroke": None},
        "axis": {
            "labelColor": DARK,
            "titleColor": DARK,
            "gridColor": "#E6E6E6",
            "domainColor": GREY,
            "tickColor": GREY,
            "labelFontSize": 11,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
        },
        "header": {"labelFontSize": 13, "labelFontWeight": "bold", "labelColor": DARK},
        "legend": {
            "orient": "top",
            "direction": "horizontal",
            "labelFontSize": 11,
            "titleFontSize": 11,
            "labelLimit": 320,
            "symbolStrokeWidth": 1.5,
        },
        "title": {"fontSize": 16, "subtitleFontSize": 12, "anchor": "start", "color": DARK},
    }


def json_number(value: float) -> float | None:
    """NaN and infinities have no JSON form; Vega-Lite reads null as missing."""
    return value if math.isfinite(value) else None


def x_datum(value: XValue, kind: XKind) -> str | float | None:
    """An x value as the spec's data holds it: ISO dates, plain numbers, text labels."""
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "numeric" and isinstance(value, float | int):
        return json_number(float(value))
    return str(value)


def x_encoding(kind: XKind, title: str | None, unit: DateUnit | None = None) -> Spec:
    """The x channel: a UTC time scale for dates; monthly data is labelled by month and year.

    Dates are UTC midnights, so a UTC scale keeps them on their day in every time zone; with a
    UTC scale Vega formats the labels in UTC too. Daily data keeps Vega's adaptive labels.
    """
    if kind == "date":
        # Greedy overlap removal keeps small multiples' date labels from running together.
        axis: Spec = {
            "title": title,
            "labelAngle": 0,
            "labelOverlap": "greedy",
            "labelSeparation": 6,
        }
        if unit == "month":
            axis["format"] = "%b %Y"
        return {"field": "x", "type": "temporal", "scale": {"type": "utc"}, "axis": axis}
    if kind == "numeric":
        return {"field": "x", "type": "quantitative", "axis": {"title": title, "tickMinStep": 1}}
    return {"field": "x", "type": "ordinal", "axis": {"title": title, "labelAngle": -40}}


def y_encoding(field: str, title: str | None) -> Spec:
    return {"field": field, "type": "quantitative", "title": title, "scale": {"zero": False}}


def fmt(value: float | None, lang: Lang) -> str | None:
    """A number as the language writes it, for labels and tooltips; None when missing."""
    if value is None or not math.isfinite(value):
        return None
    return format_number(value, lang)


# Note labels start below the row of phase labels (so a note at a phase's start does not cover
# its label) and alternate between rows NOTE_ROW pixels apart.
NOTE_TOP = 18
NOTE_ROW = 13


def note_rows(
    notes: Sequence[Note],
    panels: Sequence[str | None],
    kind: XKind,
    lang: Lang,
    unit: DateUnit | None = None,
) -> list[Spec]:
    """One data row per note and panel, so every small multiple shows the notes."""
    rows = []
    ordered = sorted(notes, key=lambda note: str(x_datum(note.x, kind)))
    for index, note in enumerate(ordered):
        for panel in panels:
            rows.append(
                {
                    "row_type": "note",
                    "panel": panel,
                    "x": x_datum(note.x, kind),
                    "note": note.text,
                    "x_text": format_x(note.x, lang, unit),
                    # Labels of neighbouring notes take turns on three rows below the phase
                    # labels, so notes a month or two apart do not print over each other.
                    "note_y": NOTE_TOP + NOTE_ROW * (index % 3),
                }
            )
    return rows


def only(row_type: str, *extra: str) -> list[Spec]:
    """A filter transform keeping one kind of row (points, notes, ...) and optional tests."""
    test = " && ".join([f"datum.row_type === '{row_type}'", *extra])
    return [{"filter": test}]


def note_layers(x: Spec, lang: Lang) -> list[Spec]:
    """Notes (PDSA cycles, changes): a dotted rule, a marker at the top and a short label."""
    tooltip = [
        {"field": "x_text", "title": text("tooltip_period", lang)},
        {"field": "note", "title": text("note", lang)},
    ]
    return [
        {
            "name": "note_rules",
            "transform": only("note"),
            "mark": {"type": "rule", "color": DARK, "strokeDash": [2, 3], "strokeWidth": 1},
            "encoding": {"x": x, "tooltip": tooltip},
        },
        {
            "name": "note_markers",
            "transform": only("note"),
            "mark": {"type": "point", "shape": "triangle-down", "filled": True, "color": DARK,
                     "size": 60, "yOffset": 4},
            "encoding": {"x": x, "y": {"value": 0}, "tooltip": tooltip},
        },
        {
            "name": "note_labels",
            "transform": only("note"),
            "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 5,
                     "fontSize": 10, "color": DARK, "limit": 140},
            "encoding": {"x": x, "y": {"field": "note_y", "type": "quantitative", "scale": None},
                         "text": {"field": "note"}},
        },
    ]  # fmt: skip


def target_fields(target: float | None, lang: Lang) -> Spec:
    """The data fields of a panel's target: its value and its label ("Target 5")."""
    if target is None:
        return {"target": None, "target_text": None}
    return {"target": target, "target_text": f"{text('target', lang)} {fmt(target, lang)}"}


def target_layers(plot_width: int) -> list[Spec]:
    """A dashed green target line per panel with its value written at the right end."""
    keep = only("point", "datum.is_first", "datum.target !== null")
    y = {"field": "target", "type": "quantitative"}
    return [
        {
            "name": "target_line",
            "transform": keep,
            "mark": {"type": "rule", "color": GREEN, "strokeDash": [8, 4], "strokeWidth": 1.5},
            "encoding": {"y": y},
        },
        {
            "name": "target_label",
            "transform": keep,
            "mark": {"type": "text", "align": "right", "baseline": "bottom", "dy": -3,
                     "color": TEXT_GREEN, "fontSize": 11},
            "encoding": {"x": {"value": plot_width}, "y": y,
                         "text": {"field": "target_text"}},
        },
    ]  # fmt: skip


# The caption sits below the x axis and its title, one line every CAPTION_LINE pixels.
CAPTION_OFFSET = 52
CAPTION_LINE = 15


# Average width of a caption character at 11 px in a sans-serif font, to wrap lines to a panel.
CAPTION_CHAR_WIDTH = 6.0


def caption_rows(caption: Sequence[str], panels: Sequence[str | None], width: int) -> list[Spec]:
    """The signals in words as data rows: each panel gets its own lines, under its plot.

    Caption lines name their panel ("AHH: ..."); under the panel itself the name is dropped.
    Lines are wrapped to the panel's width, as Vega draws each text mark on one line.
    """
    rows: list[Spec] = []
    columns = max(20, int(width / CAPTION_CHAR_WIDTH))
    for panel in panels:
        prefix = f"{panel}: " if panel is not None else None
        lines = [
            capitalise(line.removeprefix(prefix)) if prefix and len(panels) > 1 else line
            for line in caption
            if len(panels) == 1 or (prefix is not None and line.startswith(prefix))
        ]
        wrapped = [part for line in lines for part in textwrap.wrap(line, columns)]
        for index, line in enumerate(wrapped):
            rows.append({"row_type": "caption", "panel": panel, "index": index, "line": line})
    return rows


def caption_layer(height: int, width: int) -> Spec:
    """Caption lines as text marks below the plot area (they are part of the picture, so a
    saved SVG or PNG keeps its explanation; Vega's autosize makes room for them)."""
    return {
        "name": "caption",
        "transform": [*only("caption"),
                      {"calculate": f"{height + CAPTION_OFFSET} + {CAPTION_LINE} * datum.index",
                       "as": "caption_y"}],
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11,
                 "color": DARK, "limit": width},
        "encoding": {"x": {"value": 0}, "y": {"field": "caption_y", "type": "quantitative",
                                               "scale": None},
                     "text": {"field": "line"}},
    }  # fmt: skip


def compose(
    *,
    layers: list[Spec],
    rows: list[Spec],
    panels: Sequence[str | None],
    free_y: bool,
    title: str,
    subtitle: str | None,
    caption: Sequence[str],
    description: str,
    lang: Lang,
    date_x: bool,
    column_gap: int = 60,
) -> Spec:
    """The whole spec: one layered chart, or small multiples for facets, and the caption."""
    width, height = plot_size(len(panels))
    data: Spec = {"values": [*rows, *caption_rows(caption, panels, width)]}
    layers = [*layers, caption_layer(height, width)]
    if date_x:
        data["format"] = {"parse": {"x": "date"}}
    faceted = len(panels) > 1
    if faceted:
        chart: Spec = {
            "data": data,
            "facet": {"field": "panel", "type": "nominal", "title": None,
                      "sort": list(dict.fromkeys(panels))},
            "columns": min(PANEL_COLUMNS, len(panels)),
            "spec": {"width": width, "height": height, "layer": layers},
            # Every panel keeps its own x axis, so each caption sits under an axis.
            "resolve": {"scale": {"y": "independent" if free_y else "shared"},
                        "axis": {"x": "independent"}},
            "spacing": {"column": column_gap, "row": 24},
        }  # fmt: skip
    else:
        chart = {"data": data, "width": width, "height": height, "layer": layers}
    title_spec: Spec = {"text": title}
    if subtitle:
        title_spec["subtitle"] = subtitle
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "title": title_spec,
        "config": config(lang),
        **chart,
    }
