"""Run and Shewhart control charts as Vega-Lite: the picture readers of qicharts2 know.

Points joined by a line; per phase the centre line (the median of a run chart) and the control
limits as steps, broken between phases and labelled; the centre line dashed and coloured where
the phase has a runs signal; points outside the limits larger, coloured and diamond-shaped;
excluded points as grey crosses; the baseline shaded when frozen; target and notes; small
multiples for facets; a caption with the signals in words.
"""

from __future__ import annotations

import math

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import DateUnit, format_x, infer_date_unit
from forbedring.charts.model import MdcChart, SpcChart, SpcPanel
from forbedring.charts.spec_parts import Spec, fmt, json_number, only
from forbedring.charts.summary import signal_caption, summarise_spc
from forbedring.charts.texts import text

STATUS_NORMAL = "normal"
STATUS_OUTSIDE = "outside"
STATUS_EXCLUDED = "excluded"


def _status(panel: SpcPanel, i: int) -> str:
    if not panel.include[i]:
        return STATUS_EXCLUDED
    return STATUS_OUTSIDE if panel.sigma_signal[i] else STATUS_NORMAL


def _phase_name(chart: SpcChart, part: int) -> str:
    if chart.phase_labels and 0 < part <= len(chart.phase_labels):
        return chart.phase_labels[part - 1]
    return text("phase_number", chart.lang, number=part)


def date_unit(chart: SpcChart | MdcChart) -> DateUnit | None:
    """Monthly or daily dates, judged over every panel so all tooltips read alike."""
    return infer_date_unit(x for panel in chart.panels for x in panel.x)


def point_rows(chart: SpcChart) -> list[Spec]:
    """One data row per subgroup with everything the layers and tooltips need."""
    lang = chart.lang
    kind = chart.x_kind
    unit = date_unit(chart) if kind == "date" else None
    # A point's tooltip also shows any note made at its x (a PDSA cycle in that month).
    notes_at: dict[object, str] = {}
    for note in chart.notes:
        key = parts.x_datum(note.x, kind)
        notes_at[key] = f"{notes_at[key]}; {note.text}" if key in notes_at else note.text
    # What is the same for many points is worked out once: the target's fields for every
    # point, a phase's name and runs signal for each of its points (the network dashboard
    # builds a hundred of these charts per request).
    target = parts.target_fields(chart.target, lang)
    phases: dict[int, str] = {}
    rows = []
    for panel in chart.panels:
        last = len(panel.y) - 1
        runs_signal = {part: stats.signal for part, stats in panel.runs.items()}
        previous_part = None
        for i, x in enumerate(panel.x):
            part = panel.part[i]
            first_of_part = i == 0 or previous_part != part
            previous_part = part
            phase = phases.get(part)
            if phase is None:
                phase = phases[part] = _phase_name(chart, part)
            x_value = parts.x_datum(x, kind)
            y, cl, lcl, ucl = panel.y[i], panel.cl[i], panel.lcl[i], panel.ucl[i]
            rows.append(
                {
                    "row_type": "point",
                    "panel": panel.label,
                    "x": x_value,
                    "x_text": format_x(x, lang, unit),
                    "y": json_number(y),
                    "cl": json_number(cl),
                    "lcl": json_number(lcl),
                    "ucl": json_number(ucl),
                    "part": part,
                    "phase": phase,
                    "note": notes_at.get(x_value),
                    "runs_signal": runs_signal[part],
                    "status": _status(panel, i),
                    "baseline": panel.baseline[i],
                    "is_first": i == 0,
                    "is_last": i == last,
                    "phase_start": first_of_part and i > 0,
                    "phase_first": first_of_part,
                    "y_text": fmt(y, lang),
                    "cl_text": fmt(cl, lang),
                    "lcl_text": fmt(lcl, lang),
                    "ucl_text": fmt(ucl, lang),
                    "numerator_text": fmt(panel.numerator[i], lang),
                    "denominator_text": fmt(panel.denominator[i], lang),
                    **target,
                }
            )
    return rows


def _tooltip(chart: SpcChart) -> list[Spec]:
    lang = chart.lang
    fields = [("x_text", "tooltip_period"), ("y_text", "tooltip_value")]
    if any(not math.isnan(v) for p in chart.panels for v in p.denominator):
        fields += [
            ("numerator_text", "tooltip_numerator"),
            ("denominator_text", "tooltip_denominator"),
        ]
    centre = "median" if chart.chart_type == "run" else "centre_line"
    fields.append(("cl_text", centre))
    if chart.has_limits:
        fields += [("lcl_text", "lower_limit"), ("ucl_text", "upper_limit")]
    fields.append(("phase", "phase"))
    if chart.notes:
        fields.append(("note", "note"))
    return [{"field": f, "title": text(key, lang)} for f, key in fields]


def _limit_layers(x: Spec) -> list[Spec]:
    """Control limits as grey steps, one line per phase so phases show a visible break."""
    return [
        {
            "name": f"{field}_line",
            "transform": only("point"),
            "mark": {"type": "line", "interpolate": "step", "color": parts.GREY,
                     "strokeWidth": 1.2},
            "encoding": {"x": x, "y": {"field": field, "type": "quantitative"},
                         "detail": {"field": "part"}},
        }
        for field in ("ucl", "lcl")
    ]  # fmt: skip


def _centre_layer(x: Spec) -> Spec:
    """Centre line per phase: solid, or dashed and coloured where the phase has a runs signal."""
    return {
        "name": "centre_line",
        "transform": only("point"),
        "mark": {"type": "line", "interpolate": "step", "strokeWidth": 1.6},
        "encoding": {
            "x": x,
            "y": {"field": "cl", "type": "quantitative"},
            "detail": {"field": "part"},
            "color": {"condition": {"test": "datum.runs_signal", "value": parts.VERMILLION},
                      "value": parts.DARK},
            "strokeDash": {"condition": {"test": "datum.runs_signal", "value": [7, 4]},
                           "value": [1, 0]},
        },
    }  # fmt: skip


def _point_layers(chart: SpcChart, x: Spec, y: Spec) -> list[Spec]:
    lang = chart.lang
    present = {_status(p, i) for p in chart.panels for i in range(len(p.y))}
    statuses = [STATUS_NORMAL, STATUS_OUTSIDE, STATUS_EXCLUDED]
    shapes = dict(zip(statuses, ["circle", "diamond", "cross"], strict=True))
    colours = dict(zip(statuses, [parts.BLUE, parts.VERMILLION, parts.GREY], strict=True))
    # The legend lists only what the chart shows.
    status_domain = [s for s in statuses if s in present] or [STATUS_NORMAL]
    status_labels = [text("point", lang), text("outside_limits", lang), text("excluded", lang)]
    legend: Spec | None = {
        "title": None,
        "labelExpr": (
            f"datum.value === '{STATUS_OUTSIDE}' ? '{status_labels[1]}' : "
            f"datum.value === '{STATUS_EXCLUDED}' ? '{status_labels[2]}' : '{status_labels[0]}'"
        ),
    }
    if status_domain == [STATUS_NORMAL]:
        legend = None  # plain points need no explaining
    return [
        {
            "name": "data_line",
            "transform": only("point"),
            "mark": {"type": "line", "color": parts.BLUE, "strokeWidth": 1.5},
            "encoding": {"x": x, "y": y},
        },
        {
            "name": "points",
            "transform": only("point", "datum.y !== null"),
            "mark": {"type": "point", "filled": True, "opacity": 1},
            "encoding": {
                "x": x,
                "y": y,
                "shape": {"field": "status", "type": "nominal", "legend": legend,
                          "scale": {"domain": status_domain,
                                    "range": [shapes[s] for s in status_domain]}},
                "color": {"field": "status", "type": "nominal", "legend": legend,
                          "scale": {"domain": status_domain,
                                    "range": [colours[s] for s in status_domain]}},
                "size": {"condition": {"test": f"datum.status === '{STATUS_OUTSIDE}'",
                                       "value": 110}, "value": 36},
                "tooltip": _tooltip(chart),
            },
        },
    ]  # fmt: skip


def _phase_layers(x: Spec) -> list[Spec]:
    """A dashed rule where a new phase starts, and each phase's label at the top."""
    return [
        {
            "name": "phase_rules",
            "transform": only("point", "datum.phase_start"),
            "mark": {"type": "rule", "color": parts.GREY, "strokeDash": [4, 4]},
            "encoding": {"x": x},
        },
        {
            "name": "phase_labels",
            "transform": only("point", "datum.phase_first"),
            "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 3, "dy": 2,
                     "fontSize": 11, "fontStyle": "italic", "color": parts.TEXT_GREY,
                     "limit": 200},
            "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "phase"}},
        },
    ]  # fmt: skip


def _baseline_layers(chart: SpcChart, x: Spec) -> list[Spec]:
    """A light band over the frozen baseline, labelled, so readers see where limits come from."""
    band_x = {**x, "aggregate": "min"}
    band_x2 = {"field": "x", "aggregate": "max"}
    return [
        {
            "name": "baseline_band",
            "transform": only("point", "datum.baseline"),
            "mark": {"type": "rect", "color": parts.SKY, "opacity": 0.12},
            "encoding": {"x": band_x, "x2": band_x2},
        },
        {
            "name": "baseline_label",
            "transform": only("point", "datum.baseline", "datum.is_first"),
            # At the plot's foot whatever its height ("height"), so small multiples, which
            # shrink the plot, keep the label inside it.
            "mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 3, "dy": -3,
                     "fontSize": 10, "color": parts.TEXT_GREY},
            "encoding": {"x": x, "y": {"value": "height"},
                         "text": {"value": text("baseline", chart.lang)}},
        },
    ]  # fmt: skip


def _end_labels(chart: SpcChart, x: Spec) -> list[Spec]:
    """Values of the centre line and limits written at the right end, as qicharts2 does.

    One layer for the three labels (a fold of the last point's lines), not one each: every
    layer costs a static render a few milliseconds.
    """
    fields = ["cl", "ucl", "lcl"] if chart.has_limits else ["cl"]
    return [
        {
            "name": "end_labels",
            "transform": [
                *only("point", "datum.is_last"),
                {"fold": fields, "as": ["line", "line_value"]},
                {"filter": "datum.line_value !== null"},
                {"calculate": "datum[datum.line + '_text']", "as": "line_text"},
            ],
            "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 10},
            "encoding": {
                "x": x,
                "y": {"field": "line_value", "type": "quantitative"},
                "text": {"field": "line_text"},
                "color": {"condition": {"test": "datum.line === 'cl'", "value": parts.DARK},
                          "value": parts.TEXT_GREY},
            },
        }
    ]  # fmt: skip


def _default_title(chart: SpcChart) -> str:
    return text(f"chart_{chart.chart_type}", chart.lang)


def spc_spec(chart: SpcChart) -> Spec:
    """The Vega-Lite specification of a run or control chart (with facets as small multiples)."""
    lang = chart.lang
    unit = date_unit(chart) if chart.x_kind == "date" else None
    x = parts.x_encoding(chart.x_kind, chart.x_label, unit)
    y_title = chart.y_label or (chart.unit or None)
    y = parts.y_encoding("y", y_title)
    width, _height = parts.plot_size(len(chart.panels))
    layers: list[Spec] = []
    if chart.freeze is not None and any(not all(p.baseline) for p in chart.panels):
        layers += _baseline_layers(chart, x)
    if chart.has_limits:
        layers += _limit_layers(x)
    layers.append(_centre_layer(x))
    if chart.target is not None:
        layers += parts.target_layers(width)
    if any(len(p.runs) > 1 for p in chart.panels) or chart.phase_labels:
        layers += _phase_layers(x)
    layers += _point_layers(chart, x, y)
    layers += _end_labels(chart, x)
    panels = [p.label for p in chart.panels]
    if chart.notes:
        layers += parts.note_layers(x, lang)
    rows = point_rows(chart) + parts.note_rows(chart.notes, panels, chart.x_kind, lang, unit)
    summary = summarise_spc(chart)
    return parts.compose(
        layers=layers,
        rows=rows,
        panels=panels,
        free_y=chart.free_y,
        title=chart.title or _default_title(chart),
        subtitle=chart.subtitle,
        caption=signal_caption(chart),
        description=summary,
        lang=lang,
        date_x=chart.x_kind == "date",
    )
