"""The four Making Data Count special-cause rules, for all segments (series x rebase group) at once.

NHS England's "Making Data Count" XmR charts flag a point, in this order of precedence, when it
lies beyond a process limit, belongs to a 7-point trend, is one of 2 out of 3 points close to a
limit on one side of the mean, or belongs to a run of 7 points on one side of the mean. The
semantics follow NHSRplotthedots 0.2.2 (``R/ptd_calculate_point_type.R``), including its quirks:

- a trend needs 6 strictly increasing (or decreasing) steps: a tie breaks it;
- a trend point's direction is its step to the next point when that point is in a trend too,
  else its step from the previous point, so a peak shared by a rise and a fall is "decreasing";
- the 2-in-3 rule flags only close points themselves, and only when all 3 points of the
  window lie on the same side of the mean;
- a point exactly on the mean breaks a run on one side.

Every rule is a sliding window of fixed width. The windows are built by shifting whole flat
arrays a few places (a Python loop over the 7 or 3 offsets, never over series), and a window
may not cross a segment boundary, which ``position_in_segment`` guards.

Missing values (NaN) break every window they fall in, so a missing point is never flagged and
never helps flag its neighbours. NHSRplotthedots agrees for the 2-in-3 and one-side rules; for
a trend window holding a missing value whose other steps all go the same way it stops with an
error ("missing value where TRUE/FALSE needed"), where we simply see no trend.

References
----------
NHS England and NHS Improvement. Making Data Count: Getting started. 2019.
NHS-R Community. NHSRplotthedots 0.2.2: Draw XmR Charts for NHSE/I 'Making Data Count'.
https://github.com/nhs-r-community/NHSRplotthedots
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

from forbedring.spc.constants import (
    MDC_SHIFT_POINTS,
    MDC_TREND_POINTS,
    MDC_TWO_IN_THREE_CLOSE,
    MDC_TWO_IN_THREE_WINDOW,
)
from forbedring.spc.segments import BoolArray, FloatArray, IntArray, position_in_segment


class SpecialCause(IntEnum):
    """Which rule flagged a point; the labels are NHSRplotthedots' ``special_cause_type``."""

    COMMON_CAUSE = 0
    ABOVE_UCL = 1
    BELOW_LCL = 2
    TREND_INCREASING = 3
    TREND_DECREASING = 4
    TWO_IN_THREE_ABOVE = 5
    TWO_IN_THREE_BELOW = 6
    SEVEN_ABOVE = 7
    SEVEN_BELOW = 8


SPECIAL_CAUSE_LABELS: tuple[str, ...] = (
    "Common Cause",
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
)

# +1 for a signal of high values (Above, Increasing), -1 for low ones, 0 for common cause: what
# ptd_point_type reads from the label text to orient a signal against the improvement direction.
SPECIAL_CAUSE_SIDE: npt.NDArray[np.int8] = np.array([0, 1, -1, 1, -1, 1, -1, 1, -1], np.int8)


def _back(values: BoolArray, k: int) -> BoolArray:
    """values[i - k] at i, False where i - k < 0."""
    out = np.zeros_like(values)
    if k < values.size:
        out[k:] = values[: values.size - k]
    return out


def _ahead(values: BoolArray, k: int) -> BoolArray:
    """values[i + k] at i, False where i + k is past the end."""
    out = np.zeros_like(values)
    if k < values.size:
        out[: values.size - k] = values[k:]
    return out


def _all_back(ok: BoolArray, count: int) -> BoolArray:
    """ok[i] and ok[i-1] and ... ok[i-count+1]."""
    out = ok.copy()
    for k in range(1, count):
        out &= _back(ok, k)
    return out


def _any_ahead(ends: BoolArray, count: int) -> BoolArray:
    """ends[i] or ends[i+1] or ... ends[i+count-1]: the point lies in a window ending there.

    A window of ``count`` points that ends at j >= i and is wholly inside j's segment contains i
    and so i is in the same segment; no segment check is needed here.
    """
    out = ends.copy()
    for k in range(1, count):
        out |= _ahead(ends, k)
    return out


def _steps(y: FloatArray, same_segment: BoolArray) -> FloatArray:
    """sign(y[i] - y[i-1]) at i; NaN at a segment's first point or where a value is missing."""
    step = np.full(y.shape, np.nan)
    step[1:] = np.where(same_segment, np.sign(np.diff(y)), np.nan)
    return step


def seven_point_trend(y: FloatArray, pos: IntArray, same_segment: BoolArray) -> BoolArray:
    """Points that belong to 7 consecutive strictly increasing or strictly decreasing values."""
    step = _steps(y, same_segment)
    full = pos >= MDC_TREND_POINTS - 1
    # 7 points make 6 steps, all ending at or before the window's last point.
    rising = full & _all_back(step == 1, MDC_TREND_POINTS - 1)
    falling = full & _all_back(step == -1, MDC_TREND_POINTS - 1)
    return _any_ahead(rising | falling, MDC_TREND_POINTS)


def trend_increasing(y: FloatArray, in_trend: BoolArray, same_segment: BoolArray) -> BoolArray:
    """The direction NHSRplotthedots gives each trend point: true for "Increasing".

    The step to the next point if that point is in a trend too, else the step from the
    previous point; only a step of +1 counts as increasing (a zero step reads "Decreasing").
    """
    step_from_previous = _steps(y, same_segment)
    step_to_next = np.full(y.shape, np.nan)
    step_to_next[:-1] = step_from_previous[1:]
    next_in_trend = np.zeros_like(in_trend)
    next_in_trend[:-1] = in_trend[1:] & same_segment
    direction = np.where(in_trend & next_in_trend, step_to_next, step_from_previous)
    increasing: BoolArray = direction == 1
    return increasing


def two_in_three(
    relative_to_mean: FloatArray, close_to_limits: BoolArray, pos: IntArray
) -> BoolArray:
    """Close points in a window of 3 with at least 2 close points, all 3 on one side of the mean."""
    width = MDC_TWO_IN_THREE_WINDOW
    close_count = np.zeros(close_to_limits.shape, dtype=np.intp)
    side_sum = np.zeros(relative_to_mean.shape)
    for k in range(width):
        close_count += _back(close_to_limits, k)
        shifted = np.zeros_like(relative_to_mean)
        shifted[k:] = relative_to_mean[: relative_to_mean.size - k]
        side_sum += shifted
    # |sum| == 3 means all 3 share a side (a missing side makes the sum NaN: no window).
    ends = (
        (pos >= width - 1) & (close_count >= MDC_TWO_IN_THREE_CLOSE) & (np.abs(side_sum) == width)
    )
    flagged: BoolArray = close_to_limits & _any_ahead(ends, width)
    return flagged


def seven_one_side(
    relative_to_mean: FloatArray, pos: IntArray, same_segment: BoolArray
) -> BoolArray:
    """Points in a run of 7 or more on the same side of the mean (a point on the mean breaks it)."""
    same_as_previous = np.zeros(relative_to_mean.shape, dtype=bool)
    same_as_previous[1:] = same_segment & (relative_to_mean[1:] == relative_to_mean[:-1])
    off_mean = (relative_to_mean == 1) | (relative_to_mean == -1)
    ends = (
        (pos >= MDC_SHIFT_POINTS - 1) & off_mean & _all_back(same_as_previous, MDC_SHIFT_POINTS - 1)
    )
    return _any_ahead(ends, MDC_SHIFT_POINTS)


def special_cause_codes(
    y: FloatArray,
    relative_to_mean: FloatArray,
    close_to_limits: BoolArray,
    outside_limits: BoolArray,
    seg: IntArray,
) -> IntArray:
    """The :class:`SpecialCause` of every point, rules applied per segment in ptd's precedence.

    Parameters
    ----------
    y
        Values, sorted by segment and then date; NaN is missing.
    relative_to_mean
        sign(y - mean): -1, 0 or +1, NaN where y is missing.
    close_to_limits, outside_limits
        Beyond the near limits but inside the process limits; beyond the process limits.
    seg
        Segment id of each point, ascending (one segment per series and rebase group).

    Returns
    -------
    IntArray
        One :class:`SpecialCause` code per point.
    """
    pos = position_in_segment(seg)
    same_segment: BoolArray = seg[1:] == seg[:-1]
    in_trend = seven_point_trend(y, pos, same_segment)
    increasing = trend_increasing(y, in_trend, same_segment)
    in_two_of_three = two_in_three(relative_to_mean, close_to_limits, pos)
    in_run = seven_one_side(relative_to_mean, pos, same_segment)
    above = relative_to_mean > 0
    # np.select takes the first true condition: the precedence of ptd's case_when.
    codes = np.select(
        [outside_limits, in_trend, in_two_of_three, in_run],
        [
            np.where(relative_to_mean == 1, SpecialCause.ABOVE_UCL, SpecialCause.BELOW_LCL),
            np.where(increasing, SpecialCause.TREND_INCREASING, SpecialCause.TREND_DECREASING),
            np.where(above, SpecialCause.TWO_IN_THREE_ABOVE, SpecialCause.TWO_IN_THREE_BELOW),
            np.where(above, SpecialCause.SEVEN_ABOVE, SpecialCause.SEVEN_BELOW),
        ],
        default=SpecialCause.COMMON_CAUSE,
    )
    result: IntArray = codes.astype(np.intp)
    return result
