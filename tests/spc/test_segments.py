"""Segment reductions: R's arithmetic, empty and missing values, many segments at once."""

from __future__ import annotations

import math

import numpy as np

from forbedring.spc.segments import (
    position_in_segment,
    segment_max,
    segment_mean,
    segment_median,
    segment_sum,
    segment_var,
)


def test_segment_mean_is_r_mean_not_naive_float_mean() -> None:
    # R: mean(c(0.1, 0.2, 0.3)) == 0.2 exactly; (0.1 + 0.2 + 0.3) / 3 is 0.20000000000000004.
    values = np.array([0.1, 0.2, 0.3])
    assert (0.1 + 0.2 + 0.3) / 3 != 0.2
    assert segment_mean(values, np.zeros(3, dtype=np.intp), 1)[0] == 0.2


def test_segment_reductions_skip_missing_and_handle_empty_segments() -> None:
    values = np.array([1.0, np.nan, 3.0, np.nan, 5.0, 7.0])
    seg = np.array([0, 0, 0, 2, 3, 3], dtype=np.intp)
    assert list(segment_sum(values, seg, 4)) == [4.0, 0.0, 0.0, 12.0]
    mean = segment_mean(values, seg, 4)
    assert list(mean[[0, 3]]) == [2.0, 6.0]
    assert math.isnan(mean[1]) and math.isnan(mean[2])
    median = segment_median(values, seg, 4)
    assert list(median[[0, 3]]) == [2.0, 6.0] and math.isnan(median[2])
    var = segment_var(values, seg, 4)
    assert var[0] == 2.0 and var[3] == 2.0 and math.isnan(var[2])


def test_segment_median_odd_and_even_counts() -> None:
    values = np.array([5.0, 1.0, 3.0, 10.0, 2.0, 4.0, 1.0])
    seg = np.array([0, 0, 0, 1, 1, 1, 1], dtype=np.intp)
    assert list(segment_median(values, seg, 2)) == [3.0, 3.0]


def test_segment_where_mask_selects_points() -> None:
    values = np.array([1.0, 100.0, 3.0])
    seg = np.zeros(3, dtype=np.intp)
    where = np.array([True, False, True])
    assert segment_mean(values, seg, 1, where)[0] == 2.0


def test_segment_max_and_positions() -> None:
    seg = np.array([0, 0, 1, 1, 1, 3], dtype=np.intp)
    assert list(segment_max(np.array([2, 5, 1, 9, 3, 4]), seg, 4, empty=-1)) == [5, 9, -1, 4]
    assert list(position_in_segment(seg)) == [0, 1, 0, 1, 2, 0]
