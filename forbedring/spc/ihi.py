"""The IHI run chart rules, per segment: shift, trend and too few or too many runs.

Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning from
variation in healthcare processes. BMJ Qual Saf 2011;20:46-51 (also Provost LP, Murray SK. The
Health Care Data Guide. Jossey-Bass 2011, chapter 3). The rules are read against the run chart's
median, separately in every phase of every series:

1. **Shift**: six or more consecutive points all above or all below the median. Points on the
   median neither make nor break a shift: they are skipped.
2. **Trend**: five or more consecutive points all going up or all going down. Of two or more
   successive equal values only the first is counted: a repeat neither makes nor breaks a trend.
   The median plays no part in this rule.
3. **Too few or too many runs**: a run is a sequence of consecutive points on the same side of
   the median (points on the median are skipped); the number of runs among the *useful*
   observations (those not on the median) is compared with the Swed-Eisenhart limits as
   published for run charts (Perla et al. 2011, Table 1; Provost & Murray 2011, Table 3.5).
4. **Astronomical data point**: a value obviously different from all the others. This rule is
   *not* implemented, on purpose. Perla et al. define it as a judgement (a value everyone
   studying the chart would agree is unusual) with no threshold, and note that not every
   highest or lowest value is astronomical. Any automatic cut-off (3 sigma, a multiple of the
   IQR) would be a different rule carrying the IHI name, and a run chart has no sigma to base
   one on. The point is left to the people who read the chart.

Critical values
    The limits of rule 3 are computed from the exact distribution of the number of runs R given
    ``n1`` points on one side and ``n2`` on the other (Swed FS, Eisenhart C. Tables for testing
    randomness of grouping in a sequence of alternatives. Ann Math Stat 1943;14:66-87), with
    ``n1 = floor(n/2)`` and ``n2 = ceil(n/2)`` for ``n`` useful observations: about half of the
    points lie above a median, and for odd ``n`` that is the only near-even split (R has the
    same distribution for (k, k+1) and (k+1, k)). The lower limit is the Swed-Eisenhart lower
    critical value at 5 % in one tail, the largest r with P(R <= r) <= 0.05; the upper limit is
    the smallest r with P(R >= r) <= 0.05. As the published table is read (runs from the lower
    to the upper limit are expected), *fewer* runs than the lower limit are too few and *more*
    than the upper limit too many. The probabilities are compared exactly, in integers.

    The published table covers 10 to 60 useful observations. Outside that range there is no
    limit (NaN) and rule 3 gives no signal: below 10 the test has almost no power, and beyond 60
    the table stops; we do not extrapolate it.

    For even ``n`` (the usual case: with a median of the same points, useful observations are
    even unless values tie with the median) these limits agree with the published values we
    could check. For odd ``n`` a copy of the table differs by one (15 useful observations: 5
    and 12 printed, 4 and 13 exact, where P = 0.0513 sits just above 5 %); see
    ``tests/spc/test_ihi.py`` for the values checked and their sources.

Points that take no part
    Excluded points and missing values are dropped before any rule is applied; the points on
    either side of them are then consecutive. Points skipped by a rule (on the median for a
    shift, a repeated value for a trend) are not flagged as part of a shift or trend.

References
----------
Perla RJ, Provost LP, Murray SK. BMJ Qual Saf 2011;20:46-51. doi:10.1136/bmjqs.2009.037895
Provost LP, Murray SK. The Health Care Data Guide. San Francisco: Jossey-Bass, 2011.
Swed FS, Eisenhart C. Ann Math Stat 1943;14(1):66-87.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from forbedring.spc.segments import BoolArray, FloatArray, IntArray, segment_count

RuleSet = Literal["anhoej", "ihi"]
RULE_SETS: tuple[RuleSet, ...] = ("anhoej", "ihi")

# Rule 1: six or more consecutive points on one side of the median (Perla et al. 2011).
IHI_SHIFT_MIN_POINTS = 6
# Rule 2: five or more consecutive points all going up or all going down (Perla et al. 2011).
IHI_TREND_MIN_POINTS = 5
# Rule 3: the published table of runs limits spans 10 to 60 useful observations (Perla et al.
# 2011, Table 1; Provost & Murray 2011, Table 3.5).
IHI_RUNS_TABLE_FIRST_N = 10
IHI_RUNS_TABLE_LAST_N = 60
# Rule 3: about a 5 % risk in each tail; the table's limits are the Swed-Eisenhart (1943)
# critical values at 0.05, written as 1/20 so the comparison stays in exact integers.
IHI_RUNS_TAIL_DENOMINATOR = 20


@dataclass(frozen=True)
class IhiAnalysis:
    """IHI run chart rules for every point and every segment.

    Per point: ``shift`` and ``trend`` are true where the point belongs to one. Per segment:
    ``n_useful`` (points off the median), ``n_runs``, the limits ``runs_lower`` and
    ``runs_upper`` (NaN outside 10-60 useful observations), ``too_few_runs``,
    ``too_many_runs`` and ``signal``: any of the rules in the segment.
    """

    shift: BoolArray
    trend: BoolArray
    n_useful: IntArray
    n_runs: IntArray
    runs_lower: FloatArray
    runs_upper: FloatArray
    too_few_runs: BoolArray
    too_many_runs: BoolArray
    signal: BoolArray


def runs_distribution(n1: int, n2: int) -> list[int]:
    """Number of arrangements of ``n1`` + ``n2`` points with r runs, for r = 0, 1, ..., n1 + n2.

    Swed & Eisenhart (1943): with k >= 1,
    ``f(2k) = 2 C(n1-1, k-1) C(n2-1, k-1)`` and
    ``f(2k+1) = C(n1-1, k) C(n2-1, k-1) + C(n1-1, k-1) C(n2-1, k)``.
    The counts sum to ``C(n1 + n2, n1)``; with one kind only there is a single run.
    """
    total = n1 + n2
    counts = [0] * (total + 1)
    if n1 == 0 or n2 == 0:
        if total:
            counts[1] = 1
        return counts
    for r in range(2, total + 1):
        k, odd = divmod(r, 2)
        if odd:
            counts[r] = math.comb(n1 - 1, k) * math.comb(n2 - 1, k - 1) + math.comb(
                n1 - 1, k - 1
            ) * math.comb(n2 - 1, k)
        else:
            counts[r] = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
    return counts


@functools.cache
def runs_limits(n_useful: int) -> tuple[int, int] | None:
    """Lower and upper limits for the number of runs among ``n_useful`` observations.

    Fewer runs than the lower limit are too few, more than the upper limit too many. The lower
    limit is the largest r with P(R <= r) <= 0.05, the upper the smallest r with
    P(R >= r) <= 0.05, for ``floor(n/2)`` points on one side of the median and ``ceil(n/2)`` on
    the other (Swed & Eisenhart 1943; Perla et al. 2011, Table 1). None outside 10-60.

    Parameters
    ----------
    n_useful
        Number of observations not on the median.

    Returns
    -------
    tuple of int, or None
        ``(lower, upper)``; None where the published table gives no limit.

    References
    ----------
    Swed FS, Eisenhart C. Ann Math Stat 1943;14:66-87.
    Perla RJ, Provost LP, Murray SK. BMJ Qual Saf 2011;20:46-51.
    """
    if not IHI_RUNS_TABLE_FIRST_N <= n_useful <= IHI_RUNS_TABLE_LAST_N:
        return None
    n1 = n_useful // 2
    counts = runs_distribution(n1, n_useful - n1)
    total = math.comb(n_useful, n1)
    lower = _last_within_tail(counts, total)
    upper = len(counts) - 1 - _last_within_tail(counts[::-1], total)
    return lower, upper


def _last_within_tail(counts: list[int], total: int) -> int:
    """Largest index i with sum(counts[:i + 1]) / total <= 1/20, or -1 if there is none."""
    cumulative = 0
    last = -1
    for index, count in enumerate(counts):
        cumulative += count
        if IHI_RUNS_TAIL_DENOMINATOR * cumulative > total:
            break
        last = index
    return last


def runs_limits_array(n_useful: IntArray) -> tuple[FloatArray, FloatArray]:
    """:func:`runs_limits` for an array of sizes: lower and upper, NaN where there is none."""
    sizes, inverse = np.unique(n_useful, return_inverse=True)
    table = np.full((sizes.size, 2), np.nan)
    for row, size in enumerate(sizes):
        limits = runs_limits(int(size))
        if limits is not None:
            table[row] = limits
    inverse = inverse.reshape(n_useful.shape)
    return table[inverse, 0], table[inverse, 1]


def _flag_long_stretches(new_stretch: BoolArray, member: BoolArray, min_points: int) -> BoolArray:
    """Mark the elements of stretches holding at least ``min_points`` members.

    ``new_stretch`` is true where a stretch of consecutive elements begins; ``member`` says
    which elements count towards its length.
    """
    stretch_id = np.cumsum(new_stretch) - 1
    if stretch_id.size == 0:
        return np.zeros(0, dtype=bool)
    length = np.bincount(stretch_id, weights=member.astype(np.float64))
    flagged: BoolArray = member & (length[stretch_id] >= min_points)
    return flagged


def _shift_and_runs(
    y: FloatArray, cl: FloatArray, include: BoolArray, seg: IntArray, n_seg: int
) -> tuple[BoolArray, IntArray, IntArray]:
    """Rule 1 per point, and the useful observations and runs per segment."""
    with np.errstate(invalid="ignore"):
        side = np.sign(y - cl)
    useful = include & ~np.isnan(side) & (side != 0)
    where = np.flatnonzero(useful)
    side_u = side[where]
    seg_u = seg[where]
    new_run = np.ones(where.shape, dtype=bool)
    new_run[1:] = (side_u[1:] != side_u[:-1]) | (seg_u[1:] != seg_u[:-1])
    in_shift = _flag_long_stretches(new_run, np.ones(where.shape, dtype=bool), IHI_SHIFT_MIN_POINTS)
    shift = np.zeros(y.shape, dtype=bool)
    shift[where] = in_shift
    return shift, segment_count(seg_u, n_seg), segment_count(seg_u[new_run], n_seg)


def _trend(y: FloatArray, include: BoolArray, seg: IntArray) -> BoolArray:
    """Rule 2 per point: the counted points of every run of five or more going one way."""
    where = np.flatnonzero(include & ~np.isnan(y))
    values = y[where]
    segments = seg[where]
    # Of successive equal values only the first counts (equal values make no step).
    counted = np.ones(where.shape, dtype=bool)
    counted[1:] = (values[1:] != values[:-1]) | (segments[1:] != segments[:-1])
    where, values, segments = where[counted], values[counted], segments[counted]

    # Step i joins counted points i and i + 1: +1 up, -1 down, 0 across a segment boundary.
    step = np.sign(np.diff(values))
    step[segments[1:] != segments[:-1]] = 0
    new_stretch = np.ones(step.shape, dtype=bool)
    new_stretch[1:] = step[1:] != step[:-1]
    long_steps = _flag_long_stretches(new_stretch, step != 0, IHI_TREND_MIN_POINTS - 1)

    in_trend = np.zeros(where.shape, dtype=bool)
    in_trend[:-1] |= long_steps
    in_trend[1:] |= long_steps
    trend = np.zeros(y.shape, dtype=bool)
    trend[where] = in_trend
    return trend


def ihi_analysis(
    y: FloatArray, cl: FloatArray, include: BoolArray, seg: IntArray, n_seg: int
) -> IhiAnalysis:
    """IHI run chart rules (shift, trend, number of runs) for every segment at once.

    Parameters
    ----------
    y, cl
        The chart's values and centre line (the median), one per point.
    include
        False for excluded points, which take no part in any rule.
    seg, n_seg
        Segment id of each point (one phase of one series; sorted ascending) and the number of
        segments.

    Returns
    -------
    IhiAnalysis

    Notes
    -----
    Missing values are dropped like excluded points. An infinite value (a positive count over a
    zero denominator) counts as above the median, as in the Anhøj analysis. The astronomical
    data point rule is a judgement and is not computed (see the module docstring).

    References
    ----------
    Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning from
    variation in healthcare processes. BMJ Qual Saf 2011;20:46-51.
    Swed FS, Eisenhart C. Tables for testing randomness of grouping in a sequence of
    alternatives. Ann Math Stat 1943;14:66-87.
    """
    shift, n_useful, n_runs = _shift_and_runs(y, cl, include, seg, n_seg)
    trend = _trend(y, include, seg)
    lower, upper = runs_limits_array(n_useful)
    with np.errstate(invalid="ignore"):
        too_few: BoolArray = n_runs < lower
        too_many: BoolArray = n_runs > upper
    has_pattern = segment_count(seg, n_seg, shift | trend) > 0
    signal: BoolArray = has_pattern | too_few | too_many
    return IhiAnalysis(
        shift=shift,
        trend=trend,
        n_useful=n_useful,
        n_runs=n_runs,
        runs_lower=lower,
        runs_upper=upper,
        too_few_runs=too_few,
        too_many_runs=too_many,
        signal=signal,
    )
