"""Run chart and Shewhart charts for measurements: run, i, mr, t, xbar, s and ip (I′).

One function per chart type, each vectorised over all segments; semantics of qicharts2 0.8.1
(``R/helper.functions.R``, functions ``qic.<type>``), references in the docstrings.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from forbedring.spc.chart_input import ChartInput, ChartLines, centre_line, mean_moving_range
from forbedring.spc.constants import (
    D2_MOVING_RANGE,
    D4_MOVING_RANGE,
    D4_MOVING_RANGE_IP,
    SIGMA_LIMIT,
    SIGMA_LIMIT_95,
    T_CHART_EXPONENT,
)
from forbedring.spc.errors import SpcDataError
from forbedring.spc.segments import (
    FloatArray,
    segment_count,
    segment_mean,
    segment_median,
    segment_sum,
    within_segment_pairs,
)


def _symmetric(y: FloatArray, cl: FloatArray, sigma: FloatArray) -> ChartLines:
    return ChartLines(
        y=y,
        cl=cl,
        lcl=cl - SIGMA_LIMIT * sigma,
        ucl=cl + SIGMA_LIMIT * sigma,
        lcl95=cl - SIGMA_LIMIT_95 * sigma,
        ucl95=cl + SIGMA_LIMIT_95 * sigma,
    )


def run_chart(data: ChartInput) -> ChartLines:
    """Run chart: the median of the base points, no limits."""
    cl = centre_line(segment_median(data.y, data.seg, data.n_seg, data.base), data)
    none = np.full(data.y.shape, np.nan)
    return ChartLines(data.y, cl, none, none.copy(), none.copy(), none.copy())


def i_chart(data: ChartInput) -> ChartLines:
    """Individuals chart: mean ± 3 x mean moving range / 1.128 (Montgomery 2009, eq. 6.33).

    Moving ranges are of ``y - cl`` over the base points, screened at 3.267 x their mean when
    ``screen_mr`` is set (qicharts2's ``qic.screenedmr``).
    """
    cl = centre_line(segment_mean(data.y, data.seg, data.n_seg, data.base), data)
    amr = mean_moving_range(data.y - cl, data.seg, data.n_seg, data.base, data.screen_mr)
    return _symmetric(data.y, cl, (amr / D2_MOVING_RANGE)[data.seg])


def mr_chart(data: ChartInput) -> ChartLines:
    """Moving-range chart: y becomes |y_i - y_(i-1)| within each phase; UCL = 3.267 x mean MR."""
    y = np.full(data.y.shape, np.nan)
    pair = within_segment_pairs(data.seg)
    y[1:][pair] = np.abs(np.diff(data.y))[pair]
    cl = centre_line(segment_mean(y, data.seg, data.n_seg, data.base), data)
    zero = np.zeros(y.shape)
    return ChartLines(
        y=y,
        cl=cl,
        lcl=zero,
        ucl=D4_MOVING_RANGE * cl,
        lcl95=zero.copy(),
        ucl95=(D4_MOVING_RANGE / SIGMA_LIMIT) * SIGMA_LIMIT_95 * cl,
    )


def t_chart(data: ChartInput) -> ChartLines:
    """T chart for time between rare events: an I chart of y^(1/3.6), back-transformed.

    Nelson (1994); qicharts2 ``qic.t``. The lower limit is 0 where the transformed limit is
    negative.
    """
    positive_or_missing = np.isnan(data.y) | (data.y > 0)
    if not bool(np.all(positive_or_missing)):
        raise SpcDataError("time between events must be greater than zero for a T chart")
    lines = i_chart(replace(data, y=data.y ** (1.0 / T_CHART_EXPONENT)))
    with np.errstate(invalid="ignore"):
        lcl = lines.lcl**T_CHART_EXPONENT
        lcl[(lcl < 0) | np.isnan(lcl)] = 0.0
        return ChartLines(
            y=lines.y**T_CHART_EXPONENT,
            cl=lines.cl**T_CHART_EXPONENT,
            lcl=lcl,
            ucl=lines.ucl**T_CHART_EXPONENT,
            lcl95=lines.lcl95**T_CHART_EXPONENT,
            ucl95=lines.ucl95**T_CHART_EXPONENT,
        )


def _c4(n: FloatArray) -> FloatArray:
    """Bias constant c4(n) = sqrt(2/(n-1)) Γ(n/2)/Γ((n-1)/2), NaN for n <= 1 (Montgomery 2009)."""
    sizes, inverse = np.unique(n, return_inverse=True)
    values = np.array(
        [
            math.sqrt(2.0 / (s - 1.0))
            * math.exp(math.lgamma(s / 2.0) - math.lgamma((s - 1.0) / 2.0))
            if s > 1
            else math.nan
            for s in sizes.tolist()
        ],
        dtype=np.float64,
    )
    return values[inverse].reshape(n.shape)


def _subgroup_sigma(data: ChartInput) -> FloatArray:
    """s-bar per segment: pooled when subgroup sizes vary within the phase, else the mean of s.

    Montgomery 2009, eq. 6.29 (constant n) and 6.31 (variable n); qicharts2 ``qic.xbar``. As
    in qicharts2, an empty subgroup (size 0) adds -1 to the pooled degrees of freedom.
    """
    seg, n_seg, base = data.seg, data.n_seg, data.base
    # Sizes vary when a segment holds more than one distinct subgroup size (all its points).
    pairs = np.unique(np.stack([seg, data.y_length]), axis=1)
    varying = segment_count(pairs[0].astype(np.intp), n_seg) > 1
    dof = data.y_length - 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(
            segment_sum(dof * data.y_sd**2, seg, n_seg, base) / segment_sum(dof, seg, n_seg, base)
        )
    plain = segment_mean(data.y_sd, seg, n_seg, base)
    result: FloatArray = np.where(varying, pooled, plain)
    return result


def xbar_chart(data: ChartInput) -> ChartLines:
    """Xbar chart: weighted grand mean ± A3(n_i) x s-bar, A3 = 3 / (c4 sqrt(n))."""
    seg, n_seg, base = data.seg, data.n_seg, data.base
    with np.errstate(invalid="ignore", divide="ignore"):
        grand = segment_sum(data.y_length * data.y_mean, seg, n_seg, base) / segment_sum(
            data.y_length, seg, n_seg, base
        )
    cl = centre_line(grand, data)
    s_bar = _subgroup_sigma(data)[seg]
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma_mean = s_bar / (_c4(data.y_length) * np.sqrt(data.y_length))
        sigma_mean[data.y_length <= 1] = np.nan
    # y stays the subgroup's aggregate (the mean unless the user chose another), as in qicharts2.
    return _symmetric(data.y, cl, sigma_mean)


def s_chart(data: ChartInput) -> ChartLines:
    """S chart: y = subgroup standard deviation; limits B3 x s-bar and B4 x s-bar.

    B3/B4 = max(0, 1 ∓ k c5/c4) with c5 = sqrt(1 - c4^2) (Montgomery 2009, table VI).
    """
    cl = centre_line(_subgroup_sigma(data), data)
    with np.errstate(invalid="ignore"):
        c4 = _c4(data.y_length)
        ratio = np.sqrt(1.0 - c4**2) / c4

        def lower(k: float) -> FloatArray:
            b3: FloatArray = np.where(np.isnan(ratio), np.nan, np.maximum(0.0, 1.0 - k * ratio))
            return b3 * cl

        return ChartLines(
            y=data.y_sd,
            cl=cl,
            lcl=lower(SIGMA_LIMIT),
            ucl=(1.0 + SIGMA_LIMIT * ratio) * cl,
            lcl95=lower(SIGMA_LIMIT_95),
            ucl95=(1.0 + SIGMA_LIMIT_95 * ratio) * cl,
        )


def ip_chart(data: ChartInput) -> ChartLines:
    """I′ chart (Taylor, variation.com): an I chart of means with subgroup sizes n_i.

    s_j = sqrt(pi/2) |y_j+1 - y_j| / sqrt(1/n_j + 1/n_j+1) over all points of a phase, screened
    at 3.2665 x its mean; sigma_i = mean(s) sqrt(1/n_i) (qicharts2 ``qic.ip``, added in 0.8.0).
    A phase without sizes uses the number of values per subgroup.
    """
    seg, n_seg, base = data.seg, data.n_seg, data.base
    n = data.n.copy()
    no_sizes = segment_count(seg, n_seg, ~np.isnan(n)) == 0
    n[no_sizes[seg]] = data.y_length[no_sizes[seg]]
    with np.errstate(invalid="ignore", divide="ignore"):
        cl_computed = segment_sum(data.y * n, seg, n_seg, base) / segment_sum(n, seg, n_seg, base)
        cl = centre_line(cl_computed, data)
        pair = within_segment_pairs(seg)
        spread = np.sqrt(np.pi / 2) * np.abs(np.diff(data.y)) / np.sqrt(1 / n[:-1] + 1 / n[1:])
    s = spread[pair]
    s_seg = seg[1:][pair]
    mean_s = segment_mean(s, s_seg, n_seg)
    if data.screen_mr:
        with np.errstate(invalid="ignore"):
            keep = s < D4_MOVING_RANGE_IP * mean_s[s_seg]
        mean_s = segment_mean(s, s_seg, n_seg, keep)
    with np.errstate(divide="ignore"):
        sigma = mean_s[seg] * np.sqrt(1 / n)
    return _symmetric(data.y, cl, sigma)


__all__ = [
    "i_chart",
    "ip_chart",
    "mr_chart",
    "run_chart",
    "s_chart",
    "t_chart",
    "xbar_chart",
]
