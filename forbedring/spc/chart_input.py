"""What every chart function receives and returns, and the moving-range helpers they share."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forbedring.spc.constants import D2_MOVING_RANGE, D4_MOVING_RANGE
from forbedring.spc.segments import (
    BoolArray,
    FloatArray,
    IntArray,
    segment_mean,
    segment_var,
    within_segment_pairs,
)


@dataclass(frozen=True)
class ChartInput:
    """Subgroups of all segments (series x phase), flat and sorted by segment then x.

    ``base`` marks the points that set the centre line and sigma: inside the baseline (freeze)
    and not excluded. ``cl_user`` is a centre line given by the user, in the unmultiplied scale.
    ``categorical_x`` is true when x is text (qicharts2 then uses sd(z) for Laney charts).
    """

    seg: IntArray
    n_seg: int
    y: FloatArray
    y_sum: FloatArray
    y_length: FloatArray
    y_mean: FloatArray
    y_sd: FloatArray
    n: FloatArray
    base: BoolArray
    cl_user: float | None
    screen_mr: bool
    categorical_x: bool


@dataclass(frozen=True)
class ChartLines:
    """The plotted value (which some charts transform) and the centre line and limits per point."""

    y: FloatArray
    cl: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl95: FloatArray
    ucl95: FloatArray


def centre_line(computed: FloatArray, data: ChartInput) -> FloatArray:
    """Per-point centre line: the user's value when given, else the computed one per segment."""
    if data.cl_user is not None:
        return np.full(data.seg.shape, float(data.cl_user))
    return computed[data.seg]


def mean_moving_range(
    values: FloatArray,
    seg: IntArray,
    n_seg: int,
    where: BoolArray,
    screen: bool,
) -> FloatArray:
    """Mean moving range per segment over the subsequence ``values[where]``.

    Moving ranges are taken between consecutive selected points, so an excluded point is
    bridged (qicharts2 ``qic.i``). With ``screen``, moving ranges at or above
    3.267 x the mean are dropped and the mean is taken again (Nelson 1982).
    """
    v = values[where]
    g = seg[where]
    pair = within_segment_pairs(g)
    mr = np.abs(np.diff(v))[pair]
    mr_seg = g[1:][pair]
    amr = segment_mean(mr, mr_seg, n_seg)
    if screen:
        with np.errstate(invalid="ignore"):
            keep = mr < D4_MOVING_RANGE * amr[mr_seg]
        amr = segment_mean(mr, mr_seg, n_seg, keep)
    return amr


def laney_sigma_z(z_values: FloatArray, data: ChartInput) -> FloatArray:
    """Laney's (2002) sigma of the standardised residuals z, per segment, over base points.

    The mean moving range of z / 1.128 (screened like the I chart's), or, for text x where
    order is meaningless, the plain standard deviation of z (qicharts2 ``qic.pp``/``qic.up``).
    """
    if data.categorical_x:
        base = data.base
        # R's sd(z) has no na.rm: one missing z makes sigma missing for the segment.
        missing = np.bincount(data.seg[base & np.isnan(z_values)], minlength=data.n_seg) > 0
        sd = np.sqrt(segment_var(z_values, data.seg, data.n_seg, base))
        sd[missing] = np.nan
        return sd
    amr = mean_moving_range(z_values, data.seg, data.n_seg, data.base, data.screen_mr)
    return amr / D2_MOVING_RANGE
