"""The Anhøj runs rules, per segment: longest run and number of crossings of the centre line.

Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart rules for detection
of non-random variation in health care processes. PLoS ONE 2014;9(11):e113825. The semantics
follow qicharts2 0.8.1 (``R/helper.functions.R``: ``runs.analysis`` and ``crsignal``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np

from forbedring.spc.constants import ANHOEJ_RUN_OFFSET
from forbedring.spc.segments import BoolArray, FloatArray, IntArray, segment_count, segment_max

RunsMethod = Literal["anhoej", "bestbox", "cutbox"]
RUNS_METHODS: tuple[RunsMethod, ...] = ("anhoej", "bestbox", "cutbox")


@dataclass(frozen=True)
class RunsAnalysis:
    """Runs statistics per segment. Statistics are NaN where a segment has no useful point."""

    n_obs: IntArray
    n_useful: IntArray
    longest_run: FloatArray
    longest_run_max: FloatArray
    n_crossings: FloatArray
    n_crossings_min: FloatArray
    runs_signal: BoolArray


@functools.cache
def min_crossings(n_useful: int) -> int:
    """``qbinom(0.05, n_useful - 1, 0.5)``: the fewest crossings that are not unusually few.

    Computed exactly in integers: the smallest k with P(X <= k) >= 0.05 for
    X ~ Binomial(m, 1/2), i.e. 20 * sum_{i<=k} C(m, i) >= 2^m (Chen 2010, eq. 7).
    """
    m = max(n_useful - 1, 0)
    total = 1 << m
    cumulative = 0
    coefficient = 1
    for k in range(m + 1):
        cumulative += coefficient
        if 20 * cumulative >= total:
            return k
        coefficient = coefficient * (m - k) // (k + 1)
    return m


def max_run_length(n_useful: IntArray) -> FloatArray:
    """``round(log2(n)) + 3``, the longest run that is not unusually long (Schilling 2012).

    log2 of an integer is never exactly halfway between integers, so R's round-half-even and
    numpy's rounding agree.
    """
    with np.errstate(divide="ignore"):
        return np.round(np.log2(n_useful.astype(np.float64))) + ANHOEJ_RUN_OFFSET


def min_crossings_array(n_useful: IntArray) -> FloatArray:
    """:func:`min_crossings` for an array of sizes, each distinct size computed once."""
    sizes, inverse = np.unique(n_useful, return_inverse=True)
    table = np.array([min_crossings(int(s)) for s in sizes], dtype=np.float64)
    return table[inverse].reshape(n_useful.shape)


def runs_analysis(
    y: FloatArray,
    cl: FloatArray,
    include: BoolArray,
    seg: IntArray,
    n_seg: int,
    method: RunsMethod = "anhoej",
) -> RunsAnalysis:
    """Anhøj runs analysis of every segment at once.

    Parameters
    ----------
    y, cl
        The chart's own values and centre line (before any multiplier), one per point.
    include
        False for excluded points, which take no part in the analysis.
    seg, n_seg
        Segment id of each point (sorted ascending) and the number of segments.
    method
        ``anhoej`` (the published rules), or qicharts2's experimental ``bestbox`` / ``cutbox``
        bounds for 10 to 100 useful points (outside that range they fall back to ``anhoej``).

    Notes
    -----
    Points on the centre line and missing points are not useful and are dropped; infinite
    points (a positive count over a zero denominator) count as above the line, as in R.
    """
    n_obs = segment_count(seg, n_seg, include)
    with np.errstate(invalid="ignore"):
        side = np.sign(y - cl)
    useful = include & ~np.isnan(side) & (side != 0)
    side_u = side[useful]
    seg_u = seg[useful]
    n_useful = segment_count(seg_u, n_seg)

    new_run = np.ones(side_u.shape, dtype=bool)
    new_run[1:] = (side_u[1:] != side_u[:-1]) | (seg_u[1:] != seg_u[:-1])
    run_id = np.cumsum(new_run) - 1
    run_length = np.bincount(run_id).astype(np.int64) if run_id.size else np.zeros(0, np.int64)
    run_seg = seg_u[new_run]
    longest = segment_max(run_length, run_seg, n_seg).astype(np.float64)
    n_runs = segment_count(run_seg, n_seg)
    crossings = np.maximum(n_runs - 1, 0).astype(np.float64)

    run_max = max_run_length(n_useful)
    cross_min = min_crossings_array(n_useful)
    signal = _signal(n_useful, crossings, longest, run_max, cross_min, method)

    none = n_useful == 0
    for stat in (longest, run_max, crossings, cross_min):
        stat[none] = np.nan
    signal[none] = False
    return RunsAnalysis(n_obs, n_useful, longest, run_max, crossings, cross_min, signal)


def _signal(
    n_useful: IntArray,
    crossings: FloatArray,
    longest: FloatArray,
    run_max: FloatArray,
    cross_min: FloatArray,
    method: RunsMethod,
) -> BoolArray:
    with np.errstate(invalid="ignore"):
        signal: BoolArray = (longest > run_max) | (crossings < cross_min)
    if method == "anhoej":
        return signal
    in_table = (n_useful >= _BOX_FIRST_N) & (n_useful <= _BOX_LAST_N)
    row = np.clip(n_useful - _BOX_FIRST_N, 0, len(_BOX_CB) - 1)
    cb, lb = _BOX_CB[row], _BOX_LB[row]
    box_ok = (crossings >= cb) & (longest <= lb)
    if method == "bestbox":
        boxed = ~box_ok
    else:
        cbord, lbord = _BOX_CBORD[row], _BOX_LBORD[row]
        no_border = np.isnan(cbord)
        with np.errstate(invalid="ignore"):
            border_ok = (
                ((crossings >= cb + 1) & (longest <= lb - 1))
                | ((crossings == cb) & (longest <= lbord))
                | ((crossings >= cbord) & (longest <= lb))
            )
        boxed = np.where(no_border, ~box_ok, ~border_ok)
    return np.where(in_table, boxed, signal)


# Best-box and cut-box bounds for n = 10..100 useful points: minimum crossings (cb), maximum
# longest run (lb) and the border cells of the cut box (cbord, lbord; NaN where none). Data from
# qicharts2 0.8.1, R/helper.functions.R crsignal() (Anhøj, experimental).
_BOX_FIRST_N = 10
_BOX_LAST_N = 100
_NA = np.nan
_BOX_CB = np.array([
    2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 6, 6, 6, 6, 9, 9, 9, 10, 11, 11, 11, 11, 11, 12,
    13, 14, 13, 15, 15, 15, 14, 14, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21, 23, 23,
    23, 23, 23, 25, 25, 26, 26, 27, 27, 27, 28, 29, 29, 29, 30, 30, 31, 31, 31, 32, 33, 33, 33,
    34, 33, 35, 35, 35, 35, 37, 37, 38, 37, 39, 39, 39, 39, 39, 41, 41, 42, 41,
], dtype=np.float64)  # fmt: skip
_BOX_LB = np.array([
    6, 7, 6, 6, 6, 7, 8, 7, 7, 7, 7, 8, 7, 7, 7, 7, 9, 8, 8, 8, 10, 9, 8, 8, 8, 8,
    9, 10, 8, 11, 9, 9, 8, 8, 10, 9, 9, 9, 12, 10, 9, 9, 9, 11, 10, 9, 9, 12, 10, 10, 9, 9,
    11, 10, 11, 10, 12, 10, 10, 11, 14, 11, 10, 11, 10, 12, 11, 10, 11, 13, 11, 10, 11, 10, 11,
    11, 10, 10, 12, 11, 12, 10, 13, 11, 11, 10, 10, 12, 11, 12, 10,
], dtype=np.float64)  # fmt: skip
_BOX_CBORD = np.array([
    3, 4, _NA, _NA, _NA, 6, 6, _NA, 6, 6, _NA, _NA, 7, 7, 7, _NA, 10, 10, 11, _NA, 12, 14, _NA,
    12, 13, _NA, 15, _NA, _NA, _NA, _NA, 17, _NA, _NA, _NA, _NA, 19, 20, 20, 21, _NA, 21, 21, 23,
    23, _NA, 23, 25, 24, 26, _NA, 24, 27, 27, 27, 27, 29, _NA, 29, 29, 30, 31, 30, 31, _NA, 32,
    34, 33, 33, 37, 35, _NA, 36, 36, _NA, 38, 36, 38, 38, 39, _NA, 39, 41, 40, 42, _NA, 41, 42,
    44, 43, 42,
], dtype=np.float64)  # fmt: skip
_BOX_LBORD = np.array([
    5, 6, _NA, _NA, _NA, 6, 7, _NA, 6, 5, _NA, _NA, 6, 6, 6, _NA, 7, 7, 7, _NA, 9, 8, _NA, 7,
    7, _NA, 8, _NA, _NA, _NA, _NA, 8, _NA, _NA, _NA, _NA, 8, 7, 11, 9, _NA, 8, 7, 9, 8, _NA, 8,
    11, 9, 8, _NA, 8, 9, 9, 10, 9, 10, _NA, 8, 8, 13, 9, 9, 10, _NA, 9, 8, 9, 8, 11, 9, _NA, 10,
    7, _NA, 8, 9, 8, 10, 9, _NA, 9, 12, 10, 8, _NA, 8, 9, 9, 10, 9,
], dtype=np.float64)  # fmt: skip
assert len(_BOX_CB) == len(_BOX_LB) == len(_BOX_CBORD) == len(_BOX_LBORD) == 91
