"""Reductions over segments of flat arrays: the engine's way of being vectorised across series.

Many series (facets, phases, rebase groups) are laid end to end in one flat array; a parallel
array of segment ids, sorted ascending, says where each point belongs. Every statistic is then
one numpy call over all segments at once, with no Python loop per series.

Sums and means follow R's arithmetic, not numpy's: R accumulates in long double and refines the
mean with a second pass (``summary.c``: ``rsum`` and ``real_mean``). The difference is a unit in
the last place, but the runs rules compare points with the centre line by sign, so a point that
lies exactly on the mean in R must lie exactly on it here too (e.g. the mean of 0.1, 0.2, 0.3 is
0.2 in R and 0.20000000000000004 in plain float64 arithmetic).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# numpy's extended type: 80-bit x87 on x86-64 (R's LDOUBLE on the same machine), binary128 on
# aarch64 (again what R uses there).
LONG_DOUBLE = np.longdouble


def segment_count(seg: IntArray, n_seg: int, where: BoolArray | None = None) -> IntArray:
    """Number of elements per segment, optionally only where ``where`` is true."""
    if where is not None:
        seg = seg[where]
    return np.bincount(seg, minlength=n_seg).astype(np.intp)


def _starts(seg: IntArray, n_seg: int) -> tuple[IntArray, IntArray]:
    """Start index and length of every segment id 0..n_seg-1 in a sorted id array."""
    counts = np.bincount(seg, minlength=n_seg).astype(np.intp)
    starts = np.zeros(n_seg, dtype=np.intp)
    np.cumsum(counts[:-1], out=starts[1:])
    return starts, counts


LongArray = npt.NDArray[np.longdouble]


def _reduce_add(values: LongArray, seg: IntArray, n_seg: int) -> LongArray:
    """Sum per segment in the values' own dtype; 0 for an empty segment."""
    out = np.zeros(n_seg, dtype=values.dtype)
    if values.size == 0:
        return out
    starts, counts = _starts(seg, n_seg)
    nonempty = counts > 0
    # reduceat of an empty slice would return the next element, so only non-empty starts go in.
    out[nonempty] = np.add.reduceat(values, starts[nonempty])
    return out


def segment_sum(
    values: FloatArray, seg: IntArray, n_seg: int, where: BoolArray | None = None
) -> FloatArray:
    """R's ``sum(x, na.rm = TRUE)`` per segment: long-double sum, NaN skipped, 0 if empty."""
    keep = ~np.isnan(values)
    if where is not None:
        keep &= where
    acc = _reduce_add(values[keep].astype(LONG_DOUBLE), seg[keep], n_seg)
    return acc.astype(np.float64)


def segment_mean(
    values: FloatArray, seg: IntArray, n_seg: int, where: BoolArray | None = None
) -> FloatArray:
    """R's ``mean(x, na.rm = TRUE)`` per segment; NaN for a segment with no values.

    R (``summary.c``, ``real_mean``): s = sum in long double; s /= n; then, if s is finite, a
    second pass t = sum(x - s) in long double and s += t / n, rounded to double at the end.
    """
    keep = ~np.isnan(values)
    if where is not None:
        keep &= where
    v = values[keep].astype(LONG_DOUBLE)
    g = seg[keep]
    counts = np.bincount(g, minlength=n_seg).astype(LONG_DOUBLE)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: LongArray = _reduce_add(v, g, n_seg) / counts
        finite = np.isfinite(mean)
        resid = v - mean[g]
        correction = _reduce_add(resid, g, n_seg) / counts
        refined: LongArray = np.where(finite, mean + correction, mean)
    result = refined.astype(np.float64)
    result[counts == 0] = np.nan
    return result


def segment_var(
    values: FloatArray, seg: IntArray, n_seg: int, where: BoolArray | None = None
) -> FloatArray:
    """R's ``var(x, na.rm = TRUE)`` per segment (two-pass, long double); NaN for fewer than 2."""
    keep = ~np.isnan(values)
    if where is not None:
        keep &= where
    g = seg[keep]
    mean = segment_mean(values, seg, n_seg, keep)
    dev = values[keep].astype(LONG_DOUBLE) - mean[g].astype(LONG_DOUBLE)
    counts = np.bincount(g, minlength=n_seg).astype(LONG_DOUBLE)
    with np.errstate(invalid="ignore", divide="ignore"):
        squares: LongArray = _reduce_add(dev * dev, g, n_seg) / (counts - 1)
    var = squares.astype(np.float64)
    var[counts < 2] = np.nan
    return var


def segment_median(
    values: FloatArray, seg: IntArray, n_seg: int, where: BoolArray | None = None
) -> FloatArray:
    """R's ``median(x, na.rm = TRUE)`` per segment; NaN for a segment with no values."""
    keep = ~np.isnan(values)
    if where is not None:
        keep &= where
    v = values[keep]
    g = seg[keep]
    order = np.lexsort((v, g))
    v = v[order]
    starts, counts = _starts(g[order], n_seg)
    result = np.full(n_seg, np.nan)
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    # R takes mean() of the two middle values; halving the double sum is exact.
    result[has] = (v[lo] + v[hi]) / 2.0
    return result


def segment_max(
    values: npt.NDArray[np.int64], seg: IntArray, n_seg: int, empty: int = 0
) -> npt.NDArray[np.int64]:
    """Maximum of integer values per segment; ``empty`` for a segment with none."""
    out = np.full(n_seg, empty, dtype=np.int64)
    if values.size:
        starts, counts = _starts(seg, n_seg)
        nonempty = counts > 0
        out[nonempty] = np.maximum.reduceat(values, starts[nonempty])
    return out


def within_segment_pairs(seg: IntArray) -> BoolArray:
    """For consecutive elements i, i+1: true where both lie in the same segment.

    ``np.diff(x)[within_segment_pairs(seg)]`` gives the differences that do not bridge two
    segments; the segment of each kept difference is ``seg[1:][mask]``.
    """
    same: BoolArray = seg[1:] == seg[:-1]
    return same


def segment_starts_mask(seg: IntArray) -> BoolArray:
    """True at the first element of every segment run in a sorted id array."""
    first = np.ones(seg.shape, dtype=bool)
    first[1:] = seg[1:] != seg[:-1]
    return first


def position_in_segment(seg: IntArray) -> IntArray:
    """0-based position of every element within its segment (segments contiguous)."""
    idx = np.arange(seg.size, dtype=np.intp)
    first = segment_starts_mask(seg)
    start_of = np.maximum.accumulate(np.where(first, idx, 0))
    offset: IntArray = idx - start_of
    return offset
