"""Run charts and Shewhart control charts for many series at once (qicharts2's ``qic``).

The public entry point :func:`qic` only composes the steps: rows to subgroups
(:mod:`~forbedring.spc.aggregate`), phases and baseline (:mod:`~forbedring.spc.phases`), one
chart function per type, the Anhøj runs analysis (:mod:`~forbedring.spc.anhoej`) and, for run
charts on request, the IHI rules (:mod:`~forbedring.spc.ihi`), then the multiplier, the sigma
signal and the optional floor at zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from forbedring.spc import attribute_charts as attr
from forbedring.spc import variable_charts as var
from forbedring.spc.aggregate import Aggregate, aggregate_rows
from forbedring.spc.anhoej import RunsMethod, runs_analysis
from forbedring.spc.chart_input import ChartInput, ChartLines
from forbedring.spc.errors import SpcDataError
from forbedring.spc.ihi import RULE_SETS, RuleSet, ihi_analysis
from forbedring.spc.phases import baseline_mask, include_mask, phase_of_position
from forbedring.spc.segments import BoolArray, FloatArray, IntArray, position_in_segment

ChartType = Literal["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"]

CHART_FUNCTIONS: dict[str, Callable[[ChartInput], ChartLines]] = {
    "run": var.run_chart,
    "i": var.i_chart,
    "mr": var.mr_chart,
    "xbar": var.xbar_chart,
    "s": var.s_chart,
    "t": var.t_chart,
    "ip": var.ip_chart,
    "p": attr.p_chart,
    "pp": attr.pp_chart,
    "c": attr.c_chart,
    "u": attr.u_chart,
    "up": attr.up_chart,
    "g": attr.g_chart,
}
CHART_TYPES: tuple[str, ...] = tuple(CHART_FUNCTIONS)

# Charts whose values are proportions or rates and so need a denominator.
CHARTS_NEEDING_N: frozenset[str] = frozenset({"p", "pp", "u", "up"})


@dataclass(frozen=True)
class QicResult:
    """One row per subgroup (series, x), sorted by series then x.

    Centre line, limits and ``y`` are multiplied by the multiplier. The runs statistics of a
    phase are repeated on every point of it; they are NaN where a phase has no useful point.
    ``row`` is the first input row of each subgroup; ``xx`` the 1-based position in its series.
    The ``ihi_`` fields are None unless the IHI rules were asked for (``rules="ihi"``): then
    ``ihi_shift`` and ``ihi_trend`` mark the points of a shift or trend, and ``ihi_n_runs``,
    ``ihi_runs_lower`` and ``ihi_runs_upper`` (NaN outside 10-60 useful points) are repeated on
    every point of a phase.
    """

    series: IntArray
    x: FloatArray
    row: IntArray
    xx: IntArray
    part: IntArray
    y_sum: FloatArray
    y_length: FloatArray
    y_mean: FloatArray
    y_sd: FloatArray
    n: FloatArray
    y: FloatArray
    cl: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl95: FloatArray
    ucl95: FloatArray
    baseline: BoolArray
    include: BoolArray
    n_obs: IntArray
    n_useful: IntArray
    longest_run: FloatArray
    longest_run_max: FloatArray
    n_crossings: FloatArray
    n_crossings_min: FloatArray
    runs_signal: BoolArray
    sigma_signal: BoolArray
    ihi_shift: BoolArray | None = None
    ihi_trend: BoolArray | None = None
    ihi_n_runs: IntArray | None = None
    ihi_runs_lower: FloatArray | None = None
    ihi_runs_upper: FloatArray | None = None


def _as_float(values: npt.ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def qic(
    y: npt.ArrayLike,
    *,
    x: npt.ArrayLike | None = None,
    n: npt.ArrayLike | None = None,
    series: npt.ArrayLike | None = None,
    chart: ChartType = "run",
    part: Sequence[int] | None = None,
    freeze: int | None = None,
    exclude: Sequence[int] = (),
    multiply: float = 1.0,
    cl: float | None = None,
    agg: Aggregate = "mean",
    y_neg: bool = True,
    screen_mr: bool = True,
    method: RunsMethod = "anhoej",
    categorical_x: bool = False,
    rules: RuleSet = "anhoej",
) -> QicResult:
    """Compute a run or control chart for one or many series, vectorised across series.

    Parameters
    ----------
    y
        Values, or numerators when ``n`` is given. NaN is missing.
    x
        Sort key of each row (numbers, day counts of dates, or ranks of text labels); rows
        sharing a series and x form one subgroup. Default: 1, 2, 3, ... per row.
    n
        Denominators (subgroup sizes), or None.
    series
        Integer series id of each row (0-based): the batch dimension, e.g. one id per facet
        value. Default: all rows in one series.
    chart
        ``run, i, mr, xbar, s, t, p, pp, c, u, up, g`` or ``ip``.
    part
        Phase breakpoints: the 1-based last point of each phase but the last.
    freeze
        Last point of the baseline that sets the centre line and limits; ignored with ``part``.
    exclude
        1-based positions left out of the centre line, sigma and runs analysis.
    multiply
        Multiplier applied to y, centre line and limits after the analysis (e.g. 100 for %).
    cl
        A fixed centre line, in the unmultiplied scale.
    agg
        How several values per subgroup are combined without a denominator.
    y_neg
        False floors negative lower limits at 0 when no y is negative.
    screen_mr
        Screen moving ranges above 3.267 x their mean (qicharts2 with the package attached).
    method
        Runs method: ``anhoej``, or qicharts2's experimental ``bestbox`` / ``cutbox``.
    categorical_x
        x is text: no runs signal, and sd(z) for Laney charts, as in qicharts2.
    rules
        Which rules set ``runs_signal``: ``anhoej`` (default), or ``ihi`` for the IHI run chart
        rules (shift, trend, too few or too many runs; run charts only). The Anhøj statistics
        are reported either way.

    Returns
    -------
    QicResult

    Raises
    ------
    ValueError
        For an unknown chart type or rule set, for ``rules="ihi"`` with a chart other than a
        run chart or, from the chart, data the chart cannot use (all but the first two as
        :class:`~forbedring.spc.errors.SpcDataError`).

    References
    ----------
    Anhøj J. qicharts2: Quality Improvement Charts for R. JOSS 2018;3(25):699.
    Montgomery DC. Introduction to Statistical Quality Control, 6th ed. Wiley 2009.
    Perla RJ, Provost LP, Murray SK. The run chart. BMJ Qual Saf 2011;20:46-51.
    """
    if chart not in CHART_FUNCTIONS:
        raise ValueError(f"unknown chart type {chart!r}; expected one of {', '.join(CHART_TYPES)}")
    if rules not in RULE_SETS:
        raise ValueError(f"unknown rules {rules!r}; expected one of {', '.join(RULE_SETS)}")
    if rules == "ihi" and chart != "run":
        raise SpcDataError(
            "the IHI rules read a run chart against its median and apply to run charts only, "
            f"not to chart type {chart!r}"
        )
    y_arr = _as_float(y)
    size = y_arr.shape[0]
    x_arr = _as_float(x) if x is not None else np.arange(1, size + 1, dtype=np.float64)
    series_arr = (
        np.asarray(series, dtype=np.intp) if series is not None else np.zeros(size, dtype=np.intp)
    )
    n_arr = _as_float(n) if n is not None else None

    groups = aggregate_rows(series_arr, x_arr, y_arr, n_arr, agg)
    xx = position_in_segment(groups.series) + 1
    phase = phase_of_position(xx - 1, part)
    # A segment is one phase of one series: the unit every statistic is computed over.
    new_segment = np.ones(xx.shape, dtype=bool)
    new_segment[1:] = (groups.series[1:] != groups.series[:-1]) | (phase[1:] != phase[:-1])
    seg: IntArray = (np.cumsum(new_segment) - 1).astype(np.intp)
    n_seg = int(new_segment.sum())

    baseline = baseline_mask(xx, None if part else freeze)
    include = include_mask(xx, exclude)
    data = ChartInput(
        seg=seg,
        n_seg=n_seg,
        y=groups.y,
        y_sum=groups.y_sum,
        y_length=groups.y_length,
        y_mean=groups.y_mean,
        y_sd=groups.y_sd,
        n=groups.n,
        base=baseline & include,
        cl_user=cl,
        screen_mr=screen_mr,
        categorical_x=categorical_x,
    )
    lines = CHART_FUNCTIONS[chart](data)
    runs = runs_analysis(lines.y, lines.cl, include, seg, n_seg, method)

    scaled = {name: getattr(lines, name) * multiply for name in ("y", "cl", "lcl", "ucl")}
    limits95 = {name: getattr(lines, name) * multiply for name in ("lcl95", "ucl95")}
    for name in ("lcl", "ucl"):
        scaled[name][~np.isfinite(scaled[name])] = np.nan
    for name in ("lcl95", "ucl95"):
        limits95[name][~np.isfinite(limits95[name])] = np.nan
    with np.errstate(invalid="ignore"):
        sigma_signal = (scaled["y"] > scaled["ucl"]) | (scaled["y"] < scaled["lcl"])
    runs_signal = runs.runs_signal[seg]
    ihi = ihi_analysis(lines.y, lines.cl, include, seg, n_seg) if rules == "ihi" else None
    if ihi is not None:
        runs_signal = ihi.signal[seg]
    if categorical_x or chart == "mr":
        runs_signal = np.zeros(seg.shape, dtype=bool)
    if not y_neg and _min_is_non_negative(scaled["y"]):
        for values in (scaled["lcl"], limits95["lcl95"]):
            with np.errstate(invalid="ignore"):
                values[values < 0] = 0.0

    return QicResult(
        series=groups.series,
        x=groups.x,
        row=groups.row,
        xx=xx,
        part=phase,
        y_sum=groups.y_sum,
        y_length=groups.y_length,
        y_mean=groups.y_mean,
        y_sd=groups.y_sd,
        n=groups.n,
        y=scaled["y"],
        cl=scaled["cl"],
        lcl=scaled["lcl"],
        ucl=scaled["ucl"],
        lcl95=limits95["lcl95"],
        ucl95=limits95["ucl95"],
        baseline=baseline,
        include=include,
        n_obs=runs.n_obs[seg],
        n_useful=runs.n_useful[seg],
        longest_run=runs.longest_run[seg],
        longest_run_max=runs.longest_run_max[seg],
        n_crossings=runs.n_crossings[seg],
        n_crossings_min=runs.n_crossings_min[seg],
        runs_signal=runs_signal,
        sigma_signal=sigma_signal,
        ihi_shift=None if ihi is None else ihi.shift,
        ihi_trend=None if ihi is None else ihi.trend,
        ihi_n_runs=None if ihi is None else ihi.n_runs[seg],
        ihi_runs_lower=None if ihi is None else ihi.runs_lower[seg],
        ihi_runs_upper=None if ihi is None else ihi.runs_upper[seg],
    )


def _min_is_non_negative(values: FloatArray) -> bool:
    """R's ``min(y, na.rm = TRUE) >= 0`` (Inf when every value is missing)."""
    present = values[~np.isnan(values)]
    return bool(present.size == 0 or present.min() >= 0)
