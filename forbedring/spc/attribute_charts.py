"""Shewhart charts for counts and proportions: p, pp (P′), c, u, up (U′) and g.

One function per chart type, each vectorised over all segments; semantics of qicharts2 0.8.1
(``R/helper.functions.R``, functions ``qic.<type>``).
"""

from __future__ import annotations

import numpy as np

from forbedring.spc.chart_input import ChartInput, ChartLines, centre_line, laney_sigma_z
from forbedring.spc.constants import G_CHART_MEDIAN_FACTOR, SIGMA_LIMIT, SIGMA_LIMIT_95
from forbedring.spc.segments import FloatArray, segment_mean, segment_median, segment_sum


def _clip_finite(values: FloatArray, low: float | None, high: float | None) -> FloatArray:
    """Clip finite values only: qicharts2 leaves NaN and infinite limits for later removal."""
    out = values.copy()
    finite = np.isfinite(out)
    if low is not None:
        out[finite & (out < low)] = low
    if high is not None:
        out[finite & (out > high)] = high
    return out


def _lines(
    y: FloatArray, cl: FloatArray, sigma: FloatArray, low: float | None, high: float | None
) -> ChartLines:
    return ChartLines(
        y=y,
        cl=cl,
        lcl=_clip_finite(cl - SIGMA_LIMIT * sigma, low, high),
        ucl=_clip_finite(cl + SIGMA_LIMIT * sigma, low, high),
        lcl95=_clip_finite(cl - SIGMA_LIMIT_95 * sigma, low, high),
        ucl95=_clip_finite(cl + SIGMA_LIMIT_95 * sigma, low, high),
    )


def _ratio_of_sums(data: ChartInput) -> FloatArray:
    """Sum of numerators over sum of denominators of the base points, per point."""
    with np.errstate(invalid="ignore", divide="ignore"):
        computed = segment_sum(data.y_sum, data.seg, data.n_seg, data.base) / segment_sum(
            data.n, data.seg, data.n_seg, data.base
        )
    return centre_line(computed, data)


def _binomial_sigma(data: ChartInput, cl: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma: FloatArray = np.sqrt(cl * (1 - cl) / data.n)
    return sigma


def _poisson_rate_sigma(data: ChartInput, cl: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma: FloatArray = np.sqrt(cl / data.n)
    return sigma


def _laney_inflate(data: ChartInput, cl: FloatArray, sigma: FloatArray) -> FloatArray:
    """Laney (2002): multiply each point's sigma by sigma_z of the standardised residuals."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (data.y - cl) / sigma
        # A centre of 0 (or 1) gives sigma 0; a point off it then has an infinite z, so
        # sigma_z is infinite and 0 × inf is NaN: no limits, as in qicharts2 (R's 0 * Inf).
        inflated: FloatArray = sigma * laney_sigma_z(z, data)[data.seg]
    return inflated


def p_chart(data: ChartInput) -> ChartLines:
    """P chart: p-bar ± 3 sqrt(p-bar (1 - p-bar) / n_i), clipped to [0, 1] (Montgomery 7.7)."""
    cl = _ratio_of_sums(data)
    return _lines(data.y, cl, _binomial_sigma(data, cl), 0.0, 1.0)


def pp_chart(data: ChartInput) -> ChartLines:
    """Laney P′ chart: the P chart's sigma inflated by sigma_z (Laney 2002, Qual Eng 14:531)."""
    cl = _ratio_of_sums(data)
    sigma = _laney_inflate(data, cl, _binomial_sigma(data, cl))
    return _lines(data.y, cl, sigma, 0.0, 1.0)


def c_chart(data: ChartInput) -> ChartLines:
    """C chart: y = count; c-bar ± 3 sqrt(c-bar), lower limit at least 0 (Montgomery 7.17)."""
    y = data.y_sum
    cl = centre_line(segment_mean(y, data.seg, data.n_seg, data.base), data)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(cl)
    return _lines(y, cl, sigma, 0.0, None)


def u_chart(data: ChartInput) -> ChartLines:
    """U chart: u-bar ± 3 sqrt(u-bar / n_i), lower limit at least 0 (Montgomery 7.19)."""
    cl = _ratio_of_sums(data)
    return _lines(data.y, cl, _poisson_rate_sigma(data, cl), 0.0, None)


def up_chart(data: ChartInput) -> ChartLines:
    """Laney U′ chart: the U chart's sigma inflated by sigma_z; no upper clip (Laney 2002)."""
    cl = _ratio_of_sums(data)
    sigma = _laney_inflate(data, cl, _poisson_rate_sigma(data, cl))
    return _lines(data.y, cl, sigma, 0.0, None)


def g_chart(data: ChartInput) -> ChartLines:
    """G chart for opportunities between rare events (geometric distribution).

    Limits are m ± 3 sqrt(m (m + 1)) around the mean m of the base points (Montgomery 2009,
    p. 319), lower limit at least 0; the centre line shown is the median of the base points
    (qicharts2 ``qic.g``), or 0.693 x a user-given centre line, the geometric median.
    """
    seg, n_seg, base = data.seg, data.n_seg, data.base
    mean = centre_line(segment_mean(data.y, seg, n_seg, base), data)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(mean * (mean + 1))

    def floored(values: FloatArray) -> FloatArray:
        # R: lcl[lcl < 0] <- 0, which leaves NaN alone but floors -Inf too.
        out = values.copy()
        with np.errstate(invalid="ignore"):
            out[out < 0] = 0.0
        return out

    if data.cl_user is None:
        shown = segment_median(data.y, seg, n_seg, base)[seg]
    else:
        shown = np.full(data.y.shape, G_CHART_MEDIAN_FACTOR * data.cl_user)
    return ChartLines(
        y=data.y,
        cl=shown,
        lcl=floored(mean - SIGMA_LIMIT * sigma),
        ucl=mean + SIGMA_LIMIT * sigma,
        lcl95=floored(mean - SIGMA_LIMIT_95 * sigma),
        ucl95=mean + SIGMA_LIMIT_95 * sigma,
    )
