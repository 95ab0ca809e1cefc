"""NHS Making Data Count XmR charts as Vega-Lite, with variation and assurance icons.

Points are coloured and shaped by their point type (improvement, concern, neutral special
cause, common cause); the mean and the process limits are drawn per rebase group; each panel
carries two icons of our own drawing in its top right corner: the variation icon (what the
latest point says) and the assurance icon (whether the target will be met), each with a letter
and a short label so they are read without relying on colour.
"""

from __future__ import annotations

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import format_x
from forbedring.charts.model import MdcChart
from forbedring.charts.spc_spec import date_unit
from forbedring.charts.spec_parts import Spec, fmt, json_number, only
from forbedring.charts.summary import signal_caption_mdc, summarise_mdc
from forbedring.charts.texts import text

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
POINT_COLOURS = (parts.GREY, parts.BLUE, parts.ORANGE, parts.PURPLE, parts.PURPLE)
POINT_SHAPES = ("circle", "square", "diamond", "triangle-up", "triangle-down")

# Icon colour, letter inside the circle, by icon name (NHSRplotthedots' names).
VARIATION_ICONS = {
    "common_cause": (parts.GREY, "~"),
    "improvement_high": (parts.BLUE, "H"),
    "improvement_low": (parts.BLUE, "L"),
    "concern_high": (parts.ORANGE, "H"),
    "concern_low": (parts.ORANGE, "L"),
    "neutral_high": (parts.PURPLE, "H"),
    "neutral_low": (parts.PURPLE, "L"),
}
ASSURANCE_ICONS = {
    "pass": (parts.BLUE, "P"),
    "fail": (parts.ORANGE, "F"),
    "inconsistent": (parts.GREY, "?"),
}
ICON_SIZE = 620
ICON_X = 34  # right of the plot area, beside the latest point
ICON_TOP = 18
ICON_STEP = 72  # vertical distance between the variation and the assurance icon
ICON_LABEL_WIDTH = 92


def point_rows(chart: MdcChart) -> list[Spec]:
    lang = chart.lang
    unit = date_unit(chart)
    rows = []
    for panel in chart.panels:
        last = len(panel.y) - 1
        variation = VARIATION_ICONS.get(panel.variation_icon)
        assurance = ASSURANCE_ICONS.get(panel.assurance_icon)
        for i, x in enumerate(panel.x):
            group = panel.rebase_group[i]
            rows.append(
                {
                    "row_type": "point",
                    "panel": panel.label,
                    "x": parts.x_datum(x, "date"),
                    "x_text": format_x(x, lang, unit),
                    "y": json_number(panel.y[i]),
                    "mean": json_number(panel.mean[i]),
                    "lpl": json_number(panel.lpl[i]),
                    "upl": json_number(panel.upl[i]),
                    "part": group,
                    "point_type": panel.point_type[i],
                    "point_type_text": text(f"point_type_{panel.point_type[i]}", lang),
                    "is_first": i == 0,
                    "is_last": i == last,
                    "rebase_start": i > 0 and panel.rebase_group[i - 1] != group,
                    "y_text": fmt(panel.y[i], lang),
                    "mean_text": fmt(panel.mean[i], lang),
                    "lpl_text": fmt(panel.lpl[i], lang),
                    "upl_text": fmt(panel.upl[i], lang),
                    **parts.target_fields(panel.target, lang),
                    "variation_colour": variation[0] if variation else None,
                    "variation_letter": variation[1] if variation else None,
                    "variation_label": text(f"icon_{panel.variation_icon}", lang)
                    if variation
                    else None,
                    "assurance_colour": assurance[0] if assurance else None,
                    "assurance_letter": assurance[1] if assurance else None,
                    "assurance_label": text(f"icon_{panel.assurance_icon}", lang)
                    if assurance
                    else None,
                }
            )
    return rows


def _line_layers(x: Spec) -> list[Spec]:
    """Mean (solid) and process limits (dashed) per rebase group."""
    return [
        {
            "name": f"{field}_line",
            "transform": only("point"),
            "mark": {"type": "line", "interpolate": "step", "color": colour,
                     "strokeWidth": width, "strokeDash": dash},
            "encoding": {"x": x, "y": {"field": field, "type": "quantitative"},
                         "detail": {"field": "part"}},
        }
        for field, colour, width, dash in (
            ("upl", parts.GREY, 1.2, [5, 3]),
            ("lpl", parts.GREY, 1.2, [5, 3]),
            ("mean", parts.DARK, 1.5, [1, 0]),
        )
    ]  # fmt: skip


def _point_layers(chart: MdcChart, x: Spec, y: Spec) -> list[Spec]:
    lang = chart.lang
    present = {t for p in chart.panels for t in p.point_type}
    # The legend lists only the point types the chart shows.
    shown = [t for t in POINT_TYPES if t in present] or [POINT_TYPES[0]]
    colours = dict(zip(POINT_TYPES, POINT_COLOURS, strict=True))
    shapes = dict(zip(POINT_TYPES, POINT_SHAPES, strict=True))
    labels = [text(f"point_type_{t}", lang) for t in POINT_TYPES]
    label_expr = " : ".join(
        f"datum.value === '{t}' ? '{label}'" for t, label in zip(POINT_TYPES, labels, strict=True)
    )
    legend = {"title": None, "labelExpr": f"{label_expr} : datum.value"}
    tooltip = [
        {"field": "x_text", "title": text("tooltip_period", lang)},
        {"field": "y_text", "title": text("tooltip_value", lang)},
        {"field": "mean_text", "title": text("mean", lang)},
        {"field": "lpl_text", "title": text("lower_process_limit", lang)},
        {"field": "upl_text", "title": text("upper_process_limit", lang)},
        {"field": "point_type_text", "title": text("point_type", lang)},
    ]
    return [
        {
            "name": "data_line",
            "transform": only("point"),
            "mark": {"type": "line", "color": parts.LIGHT_GREY, "strokeWidth": 1.5},
            "encoding": {"x": x, "y": y},
        },
        {
            "name": "points",
            "transform": only("point", "datum.y !== null"),
            "mark": {"type": "point", "filled": True, "opacity": 1, "size": 48},
            "encoding": {
                "x": x,
                "y": y,
                "color": {"field": "point_type", "type": "nominal", "legend": legend,
                          "scale": {"domain": shown, "range": [colours[t] for t in shown]}},
                "shape": {"field": "point_type", "type": "nominal", "legend": legend,
                          "scale": {"domain": shown, "range": [shapes[t] for t in shown]}},
                "tooltip": tooltip,
            },
        },
    ]  # fmt: skip


def _icon_layers(kind: str, slot: int, plot_width: int) -> list[Spec]:
    """One icon (variation or assurance) right of the plot area: circle, letter and label."""
    x = {"value": plot_width + ICON_X}
    y = ICON_TOP + slot * ICON_STEP
    keep = only("point", "datum.is_last", f"datum.{kind}_letter !== null")
    return [
        {
            "name": f"{kind}_icon",
            "transform": keep,
            "mark": {"type": "point", "shape": "circle", "size": ICON_SIZE, "filled": True,
                     "fill": "white", "strokeWidth": 2.5},
            "encoding": {"x": x, "y": {"value": y},
                         "stroke": {"field": f"{kind}_colour", "type": "nominal", "scale": None}},
        },
        {
            "name": f"{kind}_letter",
            "transform": keep,
            # The letter is dark for contrast (the orange and grey rings are too light for
            # text); the ring's colour and the letter both carry the meaning.
            "mark": {"type": "text", "fontSize": 14, "fontWeight": "bold", "baseline": "middle",
                     "color": parts.DARK},
            "encoding": {"x": x, "y": {"value": y}, "text": {"field": f"{kind}_letter"}},
        },
        {
            "name": f"{kind}_label",
            "transform": keep,
            "mark": {"type": "text", "fontSize": 9, "baseline": "top", "color": parts.DARK,
                     "limit": ICON_LABEL_WIDTH},
            "encoding": {"x": x, "y": {"value": y + 17}, "text": {"field": f"{kind}_label"}},
        },
    ]  # fmt: skip


def mdc_spec(chart: MdcChart) -> Spec:
    """The Vega-Lite specification of a Making Data Count chart, with icons per panel."""
    lang = chart.lang
    unit = date_unit(chart)
    width, _ = parts.plot_size(len(chart.panels))
    x = parts.x_encoding("date", chart.x_label, unit)
    y = parts.y_encoding("y", chart.y_label or chart.unit or None)
    layers: list[Spec] = _line_layers(x)
    if any(p.target is not None for p in chart.panels):
        layers += parts.target_layers(width)
    layers += _point_layers(chart, x, y)
    if chart.notes:
        layers += parts.note_layers(x, lang)
    layers += _icon_layers("variation", 0, width) + _icon_layers("assurance", 1, width)
    panels = [p.label for p in chart.panels]
    rows = point_rows(chart) + parts.note_rows(chart.notes, panels, "date", lang, unit)
    return parts.compose(
        layers=layers,
        rows=rows,
        panels=panels,
        free_y=chart.free_y,
        title=chart.title or text("chart_mdc", lang),
        subtitle=chart.subtitle,
        caption=signal_caption_mdc(chart),
        description=summarise_mdc(chart),
        lang=lang,
        date_x=True,
        # Room right of every panel for the icons.
        column_gap=ICON_X + ICON_LABEL_WIDTH // 2 + 20,
    )
