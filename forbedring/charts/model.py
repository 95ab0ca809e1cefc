"""What a chart shows, independent of how it is drawn: the bridge from engine results to specs.

An :class:`SpcChart` (run and Shewhart charts) or :class:`MdcChart` (Making Data Count) holds
one :class:`SpcPanel` / :class:`MdcPanel` per series (facet), plus the labels, unit, target and
notes the reader needs. The Vega-Lite specs (:mod:`forbedring.charts.spc_spec`,
:mod:`forbedring.charts.mdc_spec`) and the text summaries (:mod:`forbedring.charts.summary`) are
both made from these, so the picture and its words always agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from forbedring.spc.mdc import MdcResult
from forbedring.spc.qic import QicResult

Lang = Literal["da", "nb", "en"]
LANGUAGES: tuple[Lang, ...] = ("da", "nb", "en")
XKind = Literal["date", "numeric", "character"]
XValue = dt.date | float | str


@dataclass(frozen=True)
class Note:
    """An annotation: a PDSA cycle, a change or a remark at an x value (usually a date)."""

    x: XValue
    text: str


@dataclass(frozen=True)
class RunsStats:
    """The runs analysis of one phase (Anhøj rules); counts are None when nothing was useful."""

    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    signal: bool


@dataclass(frozen=True)
class SpcPanel:
    """One series of a run or control chart: a point per subgroup, in x order.

    Values are already multiplied (e.g. per 1,000 or %); NaN is missing. ``numerator`` and
    ``denominator`` are the subgroup's sums when the chart has a denominator, else NaN.
    """

    label: str | None
    x: list[XValue]
    y: list[float]
    numerator: list[float]
    denominator: list[float]
    cl: list[float]
    lcl: list[float]
    ucl: list[float]
    part: list[int]
    baseline: list[bool]
    include: list[bool]
    sigma_signal: list[bool]
    runs: dict[int, RunsStats]

    @property
    def points(self) -> int:
        return sum(not math.isnan(v) for v in self.y)


@dataclass(frozen=True)
class SpcChart:
    """A run or Shewhart chart of one or more series (facets)."""

    chart_type: str
    x_kind: XKind
    panels: list[SpcPanel]
    lang: Lang = "en"
    title: str | None = None
    subtitle: str | None = None
    y_label: str | None = None
    x_label: str | None = None
    unit: str | None = None
    target: float | None = None
    notes: list[Note] = field(default_factory=list)
    freeze: int | None = None
    phase_labels: list[str] | None = None
    free_y: bool = False

    @property
    def has_limits(self) -> bool:
        return self.chart_type != "run"


@dataclass(frozen=True)
class MdcPanel:
    """One series of a Making Data Count chart; icons describe its latest point.

    ``point_type`` is ``common_cause``, ``special_cause_improvement``, ``special_cause_concern``
    or ``special_cause_neutral_high`` / ``_low``; ``variation_icon`` and ``assurance_icon`` use
    NHSRplotthedots' names (assurance empty without a target).
    """

    label: str | None
    x: list[XValue]
    y: list[float]
    mean: list[float]
    lpl: list[float]
    upl: list[float]
    rebase_group: list[int]
    point_type: list[str]
    target: float | None
    variation_icon: str
    assurance_icon: str

    @property
    def points(self) -> int:
        return sum(not math.isnan(v) for v in self.y)


@dataclass(frozen=True)
class MdcChart:
    """An NHS Making Data Count XmR chart of one or more series (facets)."""

    improvement: Literal["increase", "decrease", "neutral"]
    panels: list[MdcPanel]
    lang: Lang = "en"
    title: str | None = None
    subtitle: str | None = None
    y_label: str | None = None
    x_label: str | None = None
    unit: str | None = None
    notes: list[Note] = field(default_factory=list)
    free_y: bool = False


def _floats(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def _count(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def spc_chart_from_qic(
    result: QicResult,
    chart_type: str,
    x_values: Sequence[XValue],
    x_kind: XKind,
    series_labels: Sequence[str | None] | None = None,
    **meta: object,
) -> SpcChart:
    """Build an :class:`SpcChart` from a :class:`~forbedring.spc.qic.QicResult`.

    ``x_values`` holds the x label of every input row (the result's ``row`` indexes it);
    ``series_labels`` the facet label of every series id. ``meta`` passes on the remaining
    :class:`SpcChart` fields (``lang``, ``title``, ``unit``, ``target``, ``notes``, ...).
    """
    panels = []
    for series in np.unique(result.series).tolist():
        idx = np.flatnonzero(result.series == series)
        parts = result.part[idx]
        runs = {}
        for part in np.unique(parts).tolist():
            first = idx[parts == part][0]
            runs[int(part)] = RunsStats(
                n_useful=int(result.n_useful[first]),
                longest_run=_count(float(result.longest_run[first])),
                longest_run_max=_count(float(result.longest_run_max[first])),
                n_crossings=_count(float(result.n_crossings[first])),
                n_crossings_min=_count(float(result.n_crossings_min[first])),
                signal=bool(result.runs_signal[first]),
            )
        has_n = not bool(np.all(np.isnan(result.n[idx])))
        panels.append(
            SpcPanel(
                label=None if series_labels is None else series_labels[int(series)],
                x=[x_values[int(r)] for r in result.row[idx]],
                y=_floats(result.y[idx]),
                numerator=_floats(result.y_sum[idx] if has_n else np.full(idx.size, np.nan)),
                denominator=_floats(result.n[idx]),
                cl=_floats(result.cl[idx]),
                lcl=_floats(result.lcl[idx]),
                ucl=_floats(result.ucl[idx]),
                part=[int(p) for p in parts],
                baseline=[bool(b) for b in result.baseline[idx]],
                include=[bool(b) for b in result.include[idx]],
                sigma_signal=[bool(b) for b in result.sigma_signal[idx]],
                runs=runs,
            )
        )
    return SpcChart(chart_type=chart_type, x_kind=x_kind, panels=panels, **meta)  # type: ignore[arg-type]


def mdc_chart_from_result(
    result: MdcResult,
    improvement: Literal["increase", "decrease", "neutral"],
    x_values: Sequence[XValue],
    series_labels: Sequence[str | None] | None = None,
    **meta: object,
) -> MdcChart:
    """Build an :class:`MdcChart` from a :class:`~forbedring.spc.mdc.MdcResult`.

    ``x_values`` holds the date of every input row (the points' ``row`` indexes it).
    """
    points = result.points
    summary = result.summary
    point_types = points.point_type
    variation = summary.variation_icon
    assurance = summary.assurance_icon
    panels = []
    for series in np.unique(points.series).tolist():
        idx = np.flatnonzero(points.series == series)
        last_group = np.flatnonzero(summary.series == series)[-1]
        target = float(points.target[idx[-1]])
        panels.append(
            MdcPanel(
                label=None if series_labels is None else series_labels[int(series)],
                x=[x_values[int(r)] for r in points.row[idx]],
                y=_floats(points.y[idx]),
                mean=_floats(points.mean[idx]),
                lpl=_floats(points.lpl[idx]),
                upl=_floats(points.upl[idx]),
                rebase_group=[int(g) for g in points.rebase_group[idx]],
                point_type=[str(t) for t in point_types[idx]],
                target=None if math.isnan(target) else target,
                variation_icon=str(variation[last_group]),
                assurance_icon=str(assurance[last_group]),
            )
        )
    return MdcChart(improvement=improvement, panels=panels, **meta)  # type: ignore[arg-type]
