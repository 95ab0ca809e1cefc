"""An area's values of one indicator over the periods as a small Vega-Lite chart, with the
nation's series in grey for comparison and the latest value written beside its point.

Small by design (a status report shows a dozen side by side), so: no title (the report's
heading names the indicator), periods as ordinal labels ("2024", "2025 K1"), which also keeps a
single value a proper chart, and the two series named in a small legend. Pure: plain numbers
and words in; :mod:`forbedring.web.indicators.charts` makes the inputs from stored values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.charts.spec_parts import Spec, json_number
from forbedring.charts.texts_indicators import indicator_text

AREA = "area"
NATION = "nation"


@dataclass(frozen=True)
class TrendPoint:
    """One period's value; ``period`` is its label, in order with the others."""

    period: str
    value: float


@dataclass(frozen=True)
class TrendPlot:
    """The area's and (optionally) the nation's series; ``periods`` is every label of the x
    axis, oldest first (the union of both series)."""

    title: str
    unit: str
    area_name: str
    area: Sequence[TrendPoint]
    nation_name: str | None
    nation: Sequence[TrendPoint]
    periods: Sequence[str]
    lang: Lang
    width: int
    height: int


def _number(value: float, lang: Lang, unit: str) -> str:
    text = format_number(value, lang)
    return format_with_unit(text, unit, lang) if len(unit) <= 2 else text


def describe_trend(plot: TrendPlot) -> str:
    """The chart in words: how many values, the latest and the one before, the nation's."""
    lang = plot.lang
    if not plot.area:
        return indicator_text("highlight_value", lang, name=plot.area_name, value="–")
    latest = plot.area[-1]
    value = _number(latest.value, lang, plot.unit)
    if len(plot.area) == 1:
        sentences = [indicator_text("trend_one", lang, name=plot.area_name, title=plot.title,
                                    value=value, last=latest.period)]  # fmt: skip
    else:
        sentences = [
            indicator_text("trend_lead", lang, name=plot.area_name, title=plot.title,
                           count=len(plot.area), first=plot.area[0].period, last=latest.period),
            indicator_text("trend_latest", lang, value=value, last=latest.period),
            indicator_text("trend_previous", lang,
                           value=_number(plot.area[-2].value, lang, plot.unit)),
        ]  # fmt: skip
    nation_now = next((p for p in plot.nation if p.period == latest.period), None)
    if plot.nation_name and nation_now is not None:
        sentences.append(
            indicator_text("trend_nation", lang, nation=plot.nation_name, last=latest.period,
                           value=_number(nation_now.value, lang, plot.unit))
        )  # fmt: skip
    return " ".join(sentences)


def trend_spec(plot: TrendPlot) -> Spec:
    """The Vega-Lite spec of ``plot``; its ``description`` is the chart in words."""
    lang = plot.lang
    rows: list[Spec] = []
    series_names = (
        (NATION, plot.nation_name or "", plot.nation),
        (AREA, plot.area_name, plot.area),
    )
    for series, name, points in series_names:
        for i, point in enumerate(points):
            rows.append({
                "s": series,
                "name": name,
                "x": point.period,
                "y": json_number(point.value),
                "t": _number(point.value, lang, plot.unit),
                # The latest value of the area is written beside its point.
                "last": series == AREA and i == len(points) - 1,
            })  # fmt: skip
    names = [plot.area_name] + ([plot.nation_name] if plot.nation_name and plot.nation else [])
    series_name = {
        "field": "name",
        "type": "nominal",
        "scale": {"domain": names, "range": [parts.BLUE, parts.LIGHT_GREY][: len(names)]},
        "legend": {"orient": "bottom", "title": None, "labelLimit": plot.width // 2,
                   "symbolSize": 40, "labelFontSize": 10},
    }  # fmt: skip
    x: Spec = {
        "field": "x",
        "type": "ordinal",
        "scale": {"domain": list(plot.periods), "paddingOuter": 0.3},
        "axis": {"title": None, "labelAngle": 0, "labelOverlap": True},
    }
    y: Spec = {"field": "y", "type": "quantitative", "scale": {"zero": False},
               "axis": {"title": None, "tickCount": 4}}  # fmt: skip
    tooltip = [
        {"field": "name", "title": indicator_text("area", lang)},
        {"field": "x", "title": indicator_text("period", lang)},
        {"field": "t", "title": indicator_text("value", lang)},
    ]
    layers: list[Spec] = [
        {
            "mark": {"type": "line", "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "color": series_name, "detail": {"field": "s"}},
        },
        {
            "transform": [{"filter": f"datum.s === '{AREA}'"}],
            "mark": {"type": "point", "filled": True, "size": 30, "color": parts.BLUE},
            "encoding": {"x": x, "y": y, "tooltip": tooltip},
        },
        {
            "transform": [{"filter": "datum.last"}],
            "mark": {"type": "text", "align": "left", "dx": 5, "dy": -6, "fontSize": 10,
                     "fontWeight": "bold", "color": parts.DARK},
            "encoding": {"x": x, "y": y, "text": {"field": "t"}},
        },
    ]  # fmt: skip
    return {
        "$schema": parts.VEGA_LITE_SCHEMA,
        "description": describe_trend(plot),
        "config": parts.config(lang),
        "width": plot.width,
        "height": plot.height,
        "data": {"values": rows},
        "layer": layers,
    }
