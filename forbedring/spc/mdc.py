"""NHS "Making Data Count" XmR charts for many series at once (NHSRplotthedots' ``ptd_spc``).

The public entry point :func:`mdc` composes the steps: sort by series and date, cut every series
into rebase groups, compute the mean and process limits of every segment (series x rebase
group), apply the four special-cause rules (:mod:`~forbedring.spc.mdc_rules`), orient the
signals against the improvement direction and describe each series' latest point with the
variation and assurance icons (:mod:`~forbedring.spc.mdc_icons`). Every step is one numpy
operation across all segments.

The semantics are those of NHSRplotthedots 0.2.2 (R/ptd_spc.R, R/ptd_add_rebase_column.R,
R/ptd_spc_standard.R, R/ptd_calculate_point_type.R, R/ptd_add_short_group_warnings.R,
R/ptd_calculate_assurance_type.R, R/geom_ptd_icon.R), reproduced number for number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from forbedring.spc.constants import (
    D4_MOVING_RANGE,
    MDC_LIMIT_FACTOR,
    MDC_MIN_FIX_AFTER_POINTS,
    MDC_NEAR_LIMIT_FACTOR,
    MDC_SHORT_GROUP_THRESHOLD,
)
from forbedring.spc.errors import SpcDataError
from forbedring.spc.mdc_icons import (
    IMPROVEMENT_DIRECTIONS,
    POINT_TYPE_LABELS,
    ImprovementDirection,
    MdcSummary,
    StrArray,
    labels,
    point_types,
    summarise,
)
from forbedring.spc.mdc_rules import SPECIAL_CAUSE_LABELS, SpecialCause, special_cause_codes
from forbedring.spc.segments import (
    BoolArray,
    FloatArray,
    IntArray,
    position_in_segment,
    segment_count,
    segment_mean,
    segment_starts_mask,
    within_segment_pairs,
)


class DuplicateDateError(SpcDataError):
    """A series has two values for one date (ptd_spc: "duplicate rows found in ...").

    ``series`` and ``date`` name the clash, ``rows`` the two input rows (0-based) holding it.
    """

    def __init__(self, series: int, date: float, rows: tuple[int, int]) -> None:
        self.series = series
        self.date = date
        self.rows = rows
        super().__init__(
            f"series {series} has more than one value for date {date:g} "
            f"(input rows {rows[0]} and {rows[1]})"
        )


@dataclass(frozen=True)
class MdcPoints:
    """One row per point, sorted by series and then date.

    ``row`` is the input row of each point. ``mean``, ``lpl`` and ``upl`` (and the near limits
    two thirds of the way out, which the 2-in-3 rule uses) belong to the point's rebase group.
    ``relative_to_mean`` is sign(y - mean): NaN where y is missing; a missing y is never
    outside or close to the limits and never flagged. ``target`` is NaN where none applies.
    """

    series: IntArray
    row: IntArray
    x: FloatArray
    y: FloatArray
    rebase_group: IntArray
    short_group_warning: BoolArray
    fix_y: FloatArray
    mean: FloatArray
    lpl: FloatArray
    upl: FloatArray
    near_lpl: FloatArray
    near_upl: FloatArray
    outside_limits: BoolArray
    relative_to_mean: FloatArray
    close_to_limits: BoolArray
    special_cause_code: IntArray
    special_cause_flag: BoolArray
    point_type_code: IntArray
    target: FloatArray

    @property
    def special_cause_type(self) -> StrArray:
        """The rule that flagged each point, as ptd labels it ("7 Points Below CL", ...)."""
        return labels(self.special_cause_code, SPECIAL_CAUSE_LABELS)

    @property
    def point_type(self) -> StrArray:
        """``common_cause``, ``special_cause_improvement`` / ``_concern`` / ``_neutral_high`` /
        ``_neutral_low``."""
        return labels(self.point_type_code, POINT_TYPE_LABELS)


@dataclass(frozen=True)
class MdcResult:
    """A Making Data Count chart: every point, and the summary per series and rebase group."""

    points: MdcPoints
    summary: MdcSummary


def mdc(
    value: npt.ArrayLike,
    date: npt.ArrayLike,
    *,
    series: npt.ArrayLike | None = None,
    improvement: ImprovementDirection = "increase",
    target: float | npt.ArrayLike | None = None,
    rebase: npt.ArrayLike | None = None,
    rebase_series: npt.ArrayLike | None = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> MdcResult:
    """Making Data Count XmR chart of one or many series, vectorised across series.

    Parameters
    ----------
    value
        The measure, one per row; NaN is missing.
    date
        Sort key of each row, e.g. days since 1970-01-01; must be present and unique within a
        series.
    series
        Integer series id of each row (0-based), e.g. one id per facet value. Default: one
        series.
    improvement
        ``increase`` (the default, as in ptd_spc), ``decrease`` or ``neutral``.
    target
        None for no target; one number for every series; or one per series id (an array
        indexed by id, NaN for a series without target, which is then reported as
        ``inconsistent`` as NHSRplotthedots does). A single NaN means no target.
    rebase
        Dates at which a series starts a new rebase group (the point on that date is the first
        of the new group). Dates absent from a series are ignored.
    rebase_series
        With ``rebase``: the series id each rebase date applies to (same length); a negative id
        applies it to every series. Default: every date applies to every series.
    fix_after_n_points
        Compute the mean and limits of every rebase group from its first n points only (n >= 12;
        missing values count as points). Default: all points.
    screen_outliers
        Leave out moving ranges of 3.267 x their mean or more before the limits are computed
        (the mean moving range is then taken again); the mean is not affected.

    Returns
    -------
    MdcResult
        ``points`` (one row per input row, sorted by series and date) and ``summary`` (one row
        per series and rebase group).

    Raises
    ------
    SpcDataError
        :class:`DuplicateDateError` for a date repeated within a series; also for a missing
        date, a negative series id or ``fix_after_n_points`` below 12.
    ValueError
        For an unknown improvement direction or arrays of different lengths.

    Notes
    -----
    Limits per rebase group: mean +/- 2.66 x mean moving range, the near limits at
    +/- 2 x 2.66 / 3. A moving range next to a missing value is missing (values are not bridged)
    so a missing value takes no part in the limits; its own point gets its group's mean and
    limits, ``relative_to_mean`` NaN, and is never flagged. Missing values break every rule
    window they fall in (ptd_spc stops with an error in one such case; see
    :mod:`~forbedring.spc.mdc_rules`).

    References
    ----------
    NHS England and NHS Improvement. Making Data Count: Getting started. 2019.
    NHS-R Community. NHSRplotthedots 0.2.2: Draw XmR Charts for NHSE/I 'Making Data Count'.
    https://github.com/nhs-r-community/NHSRplotthedots
    Wheeler DJ. Understanding Variation: The Key to Managing Chaos. SPC Press, 2000.
    """
    if improvement not in IMPROVEMENT_DIRECTIONS:
        raise ValueError(
            f"unknown improvement direction {improvement!r}; expected one of "
            + ", ".join(IMPROVEMENT_DIRECTIONS)
        )
    if fix_after_n_points is not None and fix_after_n_points < MDC_MIN_FIX_AFTER_POINTS:
        raise SpcDataError(
            f"fix_after_n_points must be at least {MDC_MIN_FIX_AFTER_POINTS}, "
            f"got {fix_after_n_points}"
        )
    y_in = np.asarray(value, dtype=np.float64)
    x_in = np.asarray(date, dtype=np.float64)
    size = y_in.shape[0]
    s_in = np.zeros(size, np.intp) if series is None else np.asarray(series, dtype=np.intp)
    if x_in.shape != (size,) or s_in.shape != (size,):
        raise ValueError("value, date and series must have the same length")
    _check_rows(x_in, s_in)

    order = np.lexsort((x_in, s_in)).astype(np.intp)
    y, x, ser = y_in[order], x_in[order], s_in[order]
    _check_unique_dates(x, ser, order)

    rebase_group = _rebase_groups(x, ser, rebase, rebase_series)
    new_segment = segment_starts_mask(ser)
    new_segment[1:] |= rebase_group[1:] != rebase_group[:-1]
    seg: IntArray = (np.cumsum(new_segment) - 1).astype(np.intp)
    n_seg = int(new_segment.sum())

    limits = _limits(y, seg, n_seg, fix_after_n_points, screen_outliers)
    mean, lpl, upl = limits.mean[seg], limits.lpl[seg], limits.upl[seg]
    near_lpl, near_upl = limits.near_lpl[seg], limits.near_upl[seg]
    # Comparisons with a missing value are false: a missing point is neither outside nor close.
    outside = (y > upl) | (y < lpl)
    relative_to_mean = np.sign(y - mean)
    close = ~outside & ((y < near_lpl) | (y > near_upl))

    codes = special_cause_codes(y, relative_to_mean, close, outside, seg)
    flag: BoolArray = codes != SpecialCause.COMMON_CAUSE
    point_type = point_types(codes, improvement)
    counts = segment_count(seg, n_seg)
    series_target = _series_targets(target, ser)

    points = MdcPoints(
        series=ser,
        row=order,
        x=x,
        y=y,
        rebase_group=rebase_group,
        short_group_warning=counts[seg] < MDC_SHORT_GROUP_THRESHOLD,
        fix_y=limits.fix_y,
        mean=mean,
        lpl=lpl,
        upl=upl,
        near_lpl=near_lpl,
        near_upl=near_upl,
        outside_limits=outside,
        relative_to_mean=relative_to_mean,
        close_to_limits=close,
        special_cause_code=codes,
        special_cause_flag=flag,
        point_type_code=point_type,
        target=series_target if series_target is not None else np.full(size, np.nan),
    )
    summary = summarise(
        seg,
        n_seg,
        series=ser,
        rebase_group=rebase_group,
        point_type=point_type,
        special_cause_flag=flag,
        mean=limits.mean,
        lpl=limits.lpl,
        upl=limits.upl,
        improvement=improvement,
        target=series_target,
    )
    return MdcResult(points=points, summary=summary)


def _check_rows(x: FloatArray, series: IntArray) -> None:
    missing = np.flatnonzero(~np.isfinite(x))
    if missing.size:
        raise SpcDataError(f"input row {int(missing[0])} has no date")
    negative = np.flatnonzero(series < 0)
    if negative.size:
        raise SpcDataError(f"input row {int(negative[0])} has a negative series id")


def _check_unique_dates(x: FloatArray, series: IntArray, order: IntArray) -> None:
    """ptd_spc refuses two rows with the same date in one series (facet)."""
    clash = np.flatnonzero((x[1:] == x[:-1]) & (series[1:] == series[:-1]))
    if clash.size:
        i = int(clash[0])
        first, second = sorted((int(order[i]), int(order[i + 1])))
        raise DuplicateDateError(int(series[i]), float(x[i]), (first, second))


def _rebase_groups(
    x: FloatArray,
    series: IntArray,
    rebase: npt.ArrayLike | None,
    rebase_series: npt.ArrayLike | None,
) -> IntArray:
    """ptd's ``rebase_group = cumsum(rebase)`` within each series (data sorted by series, x).

    The point on a rebase date starts the new group, so a rebase on a series' first date makes
    its groups start at 1, as in ptd_spc.
    """
    starts = np.zeros(x.shape, dtype=bool)
    if rebase is not None:
        dates = np.atleast_1d(np.asarray(rebase, dtype=np.float64))
        if rebase_series is None:
            owner = np.full(dates.shape, -1, dtype=np.intp)
        else:
            owner = np.atleast_1d(np.asarray(rebase_series, dtype=np.intp))
            if owner.shape != dates.shape:
                raise ValueError("rebase and rebase_series must have the same length")
        starts |= np.isin(x, dates[owner < 0])
        own = owner >= 0
        if own.any():
            # Match (series, date) pairs through one integer key: series x n_dates + date rank.
            known = np.unique(np.concatenate([x, dates[own]]))
            width = known.size
            point_key = series.astype(np.int64) * width + np.searchsorted(known, x)
            rebase_key = owner[own].astype(np.int64) * width + np.searchsorted(known, dates[own])
            starts |= np.isin(point_key, rebase_key)
    total = np.cumsum(starts, dtype=np.intp)
    # Subtract the count reached just before each series' first point.
    first = segment_starts_mask(series)
    index = np.arange(x.size, dtype=np.intp)
    series_start = np.maximum.accumulate(np.where(first, index, 0)) if x.size else index
    before: IntArray = total[series_start] - starts[series_start]
    group: IntArray = total - before
    return group


@dataclass(frozen=True)
class _Limits:
    """Per segment: mean and limits; per point: the values the limits were computed from."""

    fix_y: FloatArray
    mean: FloatArray
    lpl: FloatArray
    upl: FloatArray
    near_lpl: FloatArray
    near_upl: FloatArray


def _limits(
    y: FloatArray, seg: IntArray, n_seg: int, fix_after: int | None, screen: bool
) -> _Limits:
    """Mean and process limits of every segment (ptd_spc_standard)."""
    fix_y = y.copy()
    if fix_after is not None:
        fix_y[position_in_segment(seg) >= fix_after] = np.nan
    mean = segment_mean(fix_y, seg, n_seg)
    # Moving ranges between neighbours in a segment; one next to a missing value is missing.
    pair = within_segment_pairs(seg)
    mr = np.abs(np.diff(fix_y))[pair]
    mr_seg = seg[1:][pair]
    amr = segment_mean(mr, mr_seg, n_seg)
    if screen:
        # Nelson's screen: a moving range of D4 x the mean or more is an outlier, left out.
        keep = mr < D4_MOVING_RANGE * amr[mr_seg]
        amr = segment_mean(mr, mr_seg, n_seg, keep)
    # Same operations, in the same order, as ptd_spc_standard, so the doubles agree.
    return _Limits(
        fix_y=fix_y,
        mean=mean,
        lpl=mean - (MDC_LIMIT_FACTOR * amr),
        upl=mean + (MDC_LIMIT_FACTOR * amr),
        near_lpl=mean - (MDC_NEAR_LIMIT_FACTOR * amr),
        near_upl=mean + (MDC_NEAR_LIMIT_FACTOR * amr),
    )


def _series_targets(target: float | npt.ArrayLike | None, series: IntArray) -> FloatArray | None:
    """The target of every point's series, or None when no target was given."""
    if target is None:
        return None
    values = np.asarray(target, dtype=np.float64)
    if values.ndim == 0:
        if np.isnan(values):
            return None
        return np.full(series.shape, float(values))
    if series.size and values.shape[0] <= int(series.max()):
        raise ValueError(
            f"target has {values.shape[0]} values but series ids go up to {int(series.max())}"
        )
    result: FloatArray = values[series]
    return result
