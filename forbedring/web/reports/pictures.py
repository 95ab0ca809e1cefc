"""The charts of a status report: which specs it needs (built where the data is) and their
drawing into the report's entries (which may happen in another process).

The specs are small JSON-able dicts and the funnel bases plain strings, so a batch builds
them once in the worker and hands them to the processes that draw and lay out the PDFs.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from forbedring.charts.render import VL_VERSION, spec_to_json, static_spec
from forbedring.web.core.pdf import resource_url
from forbedring.web.indicators.charts import funnel_area_names, funnel_chart, trend_chart
from forbedring.web.indicators.lights import IndicatorLights
from forbedring.web.reports.charts import FunnelBase, Picture, draw, funnel_picture
from forbedring.web.reports.content import LevelLights, StatusReport
from forbedring.web.reports.raster import RasterFunnel, highlighted_jpeg, raster_funnel

# Sizes in CSS pixels: the trend sits beside the figures, the funnel spans the text width of
# an A4 page (the SVG scales down to fit; text stays legible at these sizes).
TREND_SIZE = (250, 120)
FUNNEL_SIZE = (520, 260)
# Funnel bases kept by this process (about 120 kB each): a level's indicators in two or three
# languages and settings.
BASE_CACHE_SIZE = 48

type Spec = dict[str, Any]
type Rasters = dict[str, RasterFunnel | None]


@dataclass(frozen=True)
class ChartSpecs:
    """One indicator's charts for one area: the trend's spec, and the funnel's highlighting
    the area (None when the PDF's picture of the funnel serves, which needs only its text)."""

    trend: Spec
    funnel: Spec | None
    funnel_text: str


@dataclass(frozen=True)
class ReportSpecs:
    """One report's chart specs by indicator id."""

    charts: dict[str, ChartSpecs]


def _funnel(lights: IndicatorLights, lang: str, highlight: int | None) -> Spec:
    width, height = FUNNEL_SIZE
    spec = funnel_chart(lights, lang=lang, highlight=highlight, width=width, height=height)
    # The report's heading names the indicator and the year already.
    spec.pop("title", None)
    return spec


def report_specs(
    report: StatusReport, found: LevelLights, rasters: Rasters | None = None
) -> ReportSpecs:
    """The report's chart specs; with the PDF's funnel pictures, the funnels' specs are left
    out where a picture serves (a batch sends every report's specs to another process)."""
    charts: dict[str, ChartSpecs] = {}
    width, height = TREND_SIZE
    for entry in report.entries:
        lights = found.lights.get(entry.indicator.id)
        if lights is None:
            continue
        trend = trend_chart(
            found.data, lights, report.area.pk, lang=report.lang, width=width, height=height
        )
        funnel = _funnel(lights, report.lang, report.area.pk)
        raster = (rasters or {}).get(entry.indicator.id)
        served = raster is not None and report.area.name in raster.names
        text = str(funnel.get("description", ""))
        charts[entry.indicator.id] = ChartSpecs(trend, None if served else funnel, text)
    return ReportSpecs(charts)


_bases: OrderedDict[str, FunnelBase | None] = OrderedDict()


def _first_area(lights: IndicatorLights, lang: str) -> int | None:
    """The area of the funnel's first point (the base highlights it)."""
    names = funnel_area_names(lights, lang)
    if not names:
        return None
    return next((r.area.pk for r in lights.rows if r.area.name == names[0]), None)


def funnel_bases(found: LevelLights, lang: str) -> dict[str, FunnelBase | None]:
    """Every indicator's funnel drawn once for all the level's reports. Kept by the spec's
    own text, so a change in any value, setting or language draws it anew."""
    bases: dict[str, FunnelBase | None] = {}
    for indicator_id, lights in found.lights.items():
        first = _first_area(lights, lang)
        if first is None:
            bases[indicator_id] = None
            continue
        spec = _funnel(lights, lang, first)
        key = hashlib.sha256(spec_to_json(spec).encode()).hexdigest()
        if key not in _bases:
            _bases[key] = FunnelBase.draw(spec)
            while len(_bases) > BASE_CACHE_SIZE:
                _bases.popitem(last=False)
        _bases.move_to_end(key)
        bases[indicator_id] = _bases[key]
    return bases


_rasters: OrderedDict[str, RasterFunnel | None] = OrderedDict()


def funnel_rasters(bases: dict[str, FunnelBase | None]) -> Rasters:
    """The funnel bases as pictures, for the PDFs (kept by drawing, as the bases are)."""
    rasters: Rasters = {}
    for indicator_id, base in bases.items():
        if base is None:
            rasters[indicator_id] = None
            continue
        key = hashlib.sha256(base.svg.encode()).hexdigest()
        if key not in _rasters:
            _rasters[key] = raster_funnel(base)
            while len(_rasters) > BASE_CACHE_SIZE:
                _rasters.popitem(last=False)
        _rasters.move_to_end(key)
        rasters[indicator_id] = _rasters[key]
    return rasters


JPEG = "image/jpeg"
# Twice the CSS size: sharp on paper (about 200 dpi at the trend's printed width).
TREND_SCALE = 2.0
TREND_QUALITY = 85


def _trend_jpeg(spec: Spec) -> bytes:
    """The trend as a picture for the PDF, straight from its spec (vl-convert, as
    ``forbedring.charts.render`` draws SVG: pinned Vega-Lite, no tooltips, nothing fetched).
    WeasyPrint places a picture far faster than it draws a chart's few hundred SVG elements.
    JPEG, because WeasyPrint copies a JPEG into the PDF as it is, while it decodes and
    compresses a PNG again (and its transparency apart)."""
    import vl_convert as vlc

    return bytes(
        vlc.vegalite_to_jpeg(
            spec_to_json(static_spec(spec)), vl_version=VL_VERSION, scale=TREND_SCALE,
            quality=TREND_QUALITY, allowed_base_urls=[],
        )
    )  # fmt: skip


def with_pictures(
    report: StatusReport,
    specs: ReportSpecs,
    bases: dict[str, FunnelBase | None],
    rasters: Rasters | None = None,
) -> StatusReport:
    """The report with every entry's trend and funnel drawn (entries without values get none).
    With ``rasters`` (for the PDF) the charts are pictures (a funnel when it can be, else an
    SVG), kept in the report's ``images``."""
    goals = []
    images: list[tuple[str, tuple[bytes, str]]] = []
    for goal in report.goals:
        entries = []
        for entry in goal.entries:
            found = specs.charts.get(entry.indicator.id)
            if found is None:
                entries.append(entry)
                continue
            if rasters is None:
                trend = draw(found.trend, f"trend-{entry.indicator.id}")
            else:
                trend = Picture("", str(found.trend.get("description", "")))
            raster = (rasters or {}).get(entry.indicator.id)
            picture = highlighted_jpeg(raster, report.area.name) if raster else None
            if picture is not None:
                funnel = Picture("", found.funnel_text)
            elif found.funnel is not None:
                funnel = _funnel_picture(entry.indicator.id, found.funnel, report, bases)
            else:
                funnel = Picture("", "")
            trend_image = funnel_image = ""
            if rasters is not None:
                trend_image = f"trend-{entry.indicator.id}.jpg"
                images.append((trend_image, (_trend_jpeg(found.trend), JPEG)))
            if picture is not None:
                funnel_image = f"funnel-{entry.indicator.id}.jpg"
                images.append((funnel_image, (picture, JPEG)))
            entries.append(
                replace(
                    entry,
                    trend_svg="" if trend_image else trend.svg,
                    trend_image=trend_image and resource_url(trend_image),
                    trend_text=trend.text,
                    funnel_svg=funnel.svg,
                    funnel_image=funnel_image and resource_url(funnel_image),
                    funnel_text=funnel.text,
                )
            )
        goals.append(replace(goal, entries=tuple(entries)))
    return replace(report, goals=tuple(goals), images=tuple(images))


def _funnel_picture(
    indicator_id: str, spec: Spec, report: StatusReport, bases: dict[str, FunnelBase | None]
) -> Picture:
    return funnel_picture(bases.get(indicator_id), spec, report.area.name, f"funnel-{indicator_id}")
