"""The Making Data Count engine (``forbedring.spc.mdc``) on tiny hand-checkable series.

Each rule is shown firing and, next to it, the nearest case where it must not fire. The
numbers in the comments are worked by hand from the NHSRplotthedots definitions: mean and
mean moving range (amr), limits mean +/- 2.66 amr, near limits mean +/- 1.7733 amr.
The randomised comparison with a per-series twin is in ``test_mdc_twin.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from forbedring.spc import DuplicateDateError, MdcResult, SpcDataError, mdc


def chart(values: Sequence[float], **options: Any) -> MdcResult:
    """One series with dates 0, 1, 2, ..."""
    return mdc(np.asarray(values, dtype=float), np.arange(len(values), dtype=float), **options)


def flagged(result: MdcResult) -> dict[int, str]:
    """Position -> rule label of every flagged point."""
    points = result.points
    return {
        int(i): str(points.special_cause_type[i]) for i in np.flatnonzero(points.special_cause_flag)
    }


# --- Limits ---------------------------------------------------------------------------------

# Alternating 10/12 and a final 30: mean 250/21; MRs nineteen 2s and one 18, amr 56/20 = 2.8;
# 18 >= 3.267 x 2.8 = 9.15 is screened out, leaving amr = 2.
SPIKE = [10, 12] * 10 + [30]


def test_mdc_limits_use_screened_moving_ranges() -> None:
    points = chart(SPIKE).points
    mean = 250 / 21
    assert points.mean[0] == pytest.approx(mean, rel=1e-15)
    assert points.upl[0] == pytest.approx(mean + 2.66 * 2, rel=1e-15)
    assert points.lpl[0] == pytest.approx(mean - 2.66 * 2, rel=1e-15)
    assert points.near_upl[0] == pytest.approx(mean + 2 * 2.66 / 3 * 2, rel=1e-15)


def test_mdc_limits_keep_large_moving_ranges_without_screening() -> None:
    points = chart(SPIKE, screen_outliers=False).points
    assert points.upl[0] == pytest.approx(250 / 21 + 2.66 * 2.8, rel=1e-15)


def test_mdc_mean_is_r_mean_so_a_point_can_sit_on_it() -> None:
    # Plain float64 gives 0.20000000000000004; R's long-double mean gives exactly 0.2.
    points = chart([0.1, 0.2, 0.3]).points
    assert points.mean[0] == 0.2
    assert points.relative_to_mean.tolist() == [-1.0, 0.0, 1.0]


def test_mdc_constant_series_has_no_limits_when_screened() -> None:
    # Every MR is 0 and 0 < 3.267 x 0 is false, so all are screened out: amr is missing (ptd).
    result = chart([5.0] * 15)
    assert np.isnan(result.points.upl).all()
    assert not result.points.special_cause_flag.any()


# --- Rule 1: outside the process limits -----------------------------------------------------


def test_mdc_point_above_upper_limit_is_flagged() -> None:
    result = chart(SPIKE)
    assert flagged(result) == {20: "Above UCL"}
    assert result.points.point_type[20] == "special_cause_improvement"


def test_mdc_point_below_lower_limit_is_a_concern_when_increase_is_better() -> None:
    result = chart([10, 12] * 10 + [-8])
    assert flagged(result) == {20: "Below LCL"}
    assert result.points.point_type[20] == "special_cause_concern"
    assert not result.points.close_to_limits[20]  # beyond the limit is not "close"


# --- Rule 2: 7-point trend ------------------------------------------------------------------

# Rise 1..7 then fall 7..1, sharing the peak at position 10, between wide swings (amr 66/19,
# limits -5.19 and 13.29: nothing outside or close, runs at most 5 long).
PEAK = [0, 8, 0, 8, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1, 8, 0, 8]


def test_mdc_trend_flags_all_seven_points_and_shared_peak_reads_decreasing() -> None:
    labels = flagged(chart(PEAK))
    increasing = "7 Point Trend (Increasing)"
    decreasing = "7 Point Trend (Decreasing)"
    # The peak belongs to both trends; its next point is in a trend too, so its direction is
    # the step to that point: down (NHSRplotthedots p040).
    assert labels == dict.fromkeys(range(4, 10), increasing) | dict.fromkeys(
        range(10, 17), decreasing
    )


def test_mdc_trend_of_eight_flags_eight_points() -> None:
    values = [0, 8, 0, 8, 9, 8, 7, 6, 5, 4, 3, 2, 8, 0, 8, 0]
    labels = flagged(chart(values))
    assert labels == dict.fromkeys(range(4, 12), "7 Point Trend (Decreasing)")


def test_mdc_tie_breaks_a_trend() -> None:
    values = list(PEAK)
    values[7] = 3  # 1, 2, 3, 3, 5, 6, 7: the tie leaves no 6 strictly rising steps
    labels = flagged(chart(values))
    assert not any(label.endswith("(Increasing)") for label in labels.values())


def test_mdc_trend_is_a_concern_when_decrease_is_better() -> None:
    result = chart(PEAK, improvement="decrease")
    assert result.points.point_type[5] == "special_cause_concern"
    assert result.points.point_type[12] == "special_cause_improvement"


# --- Rule 3: 2 in 3 close to a limit --------------------------------------------------------

# Alternating 11/13 with 17.5, 13, 17.5 at positions 12-14: mean 264/21 = 12.571, amr 52/20
# = 2.6, near upper limit 17.18 and upper limit 19.49: both 17.5s are close, 13 is above the
# mean but not close.
TWO_OF_THREE = [11, 13] * 6 + [17.5, 13, 17.5] + [11, 13] * 3


def test_mdc_two_in_three_flags_the_close_points_only() -> None:
    result = chart(TWO_OF_THREE)
    assert result.points.close_to_limits[[12, 14]].all()
    assert flagged(result) == {12: "2 in 3 Above CL", 14: "2 in 3 Above CL"}


def test_mdc_two_in_three_needs_middle_point_on_the_same_side() -> None:
    values = list(TWO_OF_THREE)
    values[13] = 11  # below the mean (12.48): the window is not all on one side (ptd p026)
    result = chart(values)
    assert result.points.close_to_limits[[12, 14]].all()  # near upper limit 17.44
    assert result.points.relative_to_mean[13] == -1
    assert flagged(result) == {}


def test_mdc_two_in_three_adjacent_close_points() -> None:
    values = [11, 13] * 6 + [17.5, 17.5] + [11, 13] * 4
    result = chart(values)
    assert result.points.close_to_limits[[12, 13]].all()
    assert flagged(result) == {12: "2 in 3 Above CL", 13: "2 in 3 Above CL"}


# --- Rule 4: 7 points on one side of the mean -----------------------------------------------

# Mean exactly 12 (sum 252 over 21 points); positions 5-11 are 13, 14, 13, 12, 13, 14, 13.
ON_MEAN = [11, 13, 11, 13, 11, 13, 14, 13, 12, 13, 14, 13, 10, 9, 10, 13, 11, 13, 11, 13, 11]


def test_mdc_point_on_mean_breaks_a_run() -> None:
    result = chart(ON_MEAN)
    assert result.points.mean[0] == 12
    assert result.points.relative_to_mean[8] == 0
    assert flagged(result) == {}


def test_mdc_seven_points_above_mean_are_flagged() -> None:
    values = list(ON_MEAN)
    values[8] = 12.5  # now above the mean (12.02): a run of 7 at positions 5-11
    assert flagged(chart(values)) == dict.fromkeys(range(5, 12), "7 Points Above CL")


def test_mdc_six_points_on_one_side_are_not_enough() -> None:
    values = [11, 13, 11, 13, 11, 13, 13.5, 13, 13.5, 13, 11, 13, 11, 10, 11, 13, 11, 13, 11]
    assert flagged(chart(values)) == {}


def test_mdc_precedence_outside_limits_before_run() -> None:
    # Mean 321/27 = 11.89, upper limit 17.00: positions 11-18 (12, 13, 14, ..., 20) are all
    # above the mean; the last is also above the limit, and that rule comes first.
    values = [10, 12] * 6 + [13, 14, 13, 14, 13, 14, 20] + [10, 12] * 4
    labels = flagged(chart(values))
    assert labels == dict.fromkeys(range(11, 18), "7 Points Above CL") | {18: "Above UCL"}


# --- Neutral direction ----------------------------------------------------------------------


def test_mdc_neutral_direction_gives_high_and_low() -> None:
    high = chart(SPIKE, improvement="neutral")
    low = chart([10, 12] * 10 + [-8], improvement="neutral")
    assert high.points.point_type[20] == "special_cause_neutral_high"
    assert low.points.point_type[20] == "special_cause_neutral_low"
    assert high.summary.variation_icon.tolist() == ["neutral_high"]
    assert low.summary.variation_icon.tolist() == ["neutral_low"]


# --- Rebase and fix_after_n_points ----------------------------------------------------------


def test_mdc_rebase_date_starts_a_new_group() -> None:
    values = [10, 12] * 7 + [20, 22] * 7
    result = chart(values, rebase=[14.0])
    points = result.points
    assert points.rebase_group.tolist() == [0] * 14 + [1] * 14
    assert points.mean[0] == 11
    assert points.mean[14] == 21
    assert result.summary.rebase_group.tolist() == [0, 1]
    assert result.summary.mean.tolist() == [11, 21]


def test_mdc_rebase_on_first_date_numbers_groups_from_one() -> None:
    result = chart([10, 12] * 7, rebase=[0.0, 99.0])  # 99 is not a date of the data: ignored
    assert set(result.points.rebase_group.tolist()) == {1}


def test_mdc_rebase_per_series() -> None:
    values = np.array([10, 12] * 7 + [20, 22] * 7, dtype=float)
    dates = np.tile(np.arange(14.0), 2)
    series = np.repeat([0, 1], 14)
    result = mdc(values, dates, series=series, rebase=[7.0], rebase_series=[1])
    assert result.summary.series.tolist() == [0, 1, 1]
    assert result.summary.rebase_group.tolist() == [0, 0, 1]
    assert result.summary.n.tolist() == [14, 7, 7]


def test_mdc_fix_after_n_points_ignores_later_values() -> None:
    values = [10, 12] * 6 + [50, 60, 70]
    result = chart(values, fix_after_n_points=12)
    assert result.points.mean[-1] == 11
    assert result.points.upl[-1] == pytest.approx(11 + 2.66 * 2, rel=1e-15)
    # The later points are still judged against the fixed limits.
    assert flagged(result) == {12: "Above UCL", 13: "Above UCL", 14: "Above UCL"}


def test_mdc_fix_after_below_twelve_is_refused() -> None:
    with pytest.raises(SpcDataError, match="at least 12"):
        chart([1.0] * 20, fix_after_n_points=11)


def test_mdc_short_group_warning_below_thirteen_points() -> None:
    assert chart([10, 12] * 6).points.short_group_warning.all()
    assert not chart([10, 12] * 6 + [11]).points.short_group_warning.any()


# --- Assurance and icons --------------------------------------------------------------------

# Alternating 40/60 gives mean 50, amr 20, limits -3.2 and 103.2.
STEADY = [40, 60] * 8


@pytest.mark.parametrize(
    ("improvement", "target", "icon"),
    [
        ("increase", -10.0, "pass"),
        ("increase", 110.0, "fail"),
        ("increase", 50.0, "inconsistent"),
        ("decrease", 110.0, "pass"),
        ("decrease", -10.0, "fail"),
        ("decrease", 50.0, "inconsistent"),
        ("increase", 103.2, "inconsistent"),  # on the limit: the comparisons are strict
    ],
)
def test_mdc_assurance_for_each_direction(improvement: str, target: float, icon: str) -> None:
    summary = chart(STEADY, improvement=improvement, target=target).summary
    assert summary.assurance_icon.tolist() == [icon]
    assurance_type = {"pass": "consistent_pass", "fail": "consistent_fail"}.get(icon, icon)
    assert summary.assurance_type.tolist() == [assurance_type]


def test_mdc_no_assurance_without_target_or_when_neutral() -> None:
    assert chart(STEADY).summary.assurance_icon.tolist() == [""]
    assert chart(STEADY, target=math.nan).summary.assurance_icon.tolist() == [""]
    neutral = chart(STEADY, improvement="neutral", target=-10.0).summary
    assert neutral.assurance_icon.tolist() == [""]


def test_mdc_per_series_target_missing_is_inconsistent() -> None:
    values = np.array(STEADY * 2, dtype=float)
    dates = np.tile(np.arange(16.0), 2)
    series = np.repeat([0, 1], 16)
    summary = mdc(values, dates, series=series, target=[-10.0, math.nan]).summary
    # NHSRplotthedots' quirk (p013): a facet without a target falls through to inconsistent.
    assert summary.assurance_icon.tolist() == ["pass", "inconsistent"]


def test_mdc_icons_only_on_the_last_rebase_group() -> None:
    values = [40, 60] * 8 + [10, 12] * 10 + [30]
    result = chart(values, rebase=[16.0], target=10.0)
    summary = result.summary
    assert summary.variation_icon.tolist() == ["", "improvement_high"]
    assert summary.assurance_icon.tolist() == ["", "inconsistent"]  # 10 is inside 6.58..17.22
    assert summary.variation_type.tolist() == ["common_cause", "special_cause_improvement"]


@pytest.mark.parametrize(
    ("values", "improvement", "icon"),
    [
        (SPIKE, "increase", "improvement_high"),
        (SPIKE, "decrease", "concern_high"),
        ([10, 12] * 10 + [-8], "increase", "concern_low"),
        ([10, 12] * 10 + [-8], "decrease", "improvement_low"),
        (STEADY, "decrease", "common_cause"),
    ],
)
def test_mdc_variation_icon_of_last_point(values: list[float], improvement: str, icon: str) -> None:
    assert chart(values, improvement=improvement).summary.variation_icon.tolist() == [icon]


def test_mdc_summary_counts() -> None:
    summary = chart(PEAK).summary
    assert summary.n.tolist() == [20]
    assert summary.special_cause_improvement.tolist() == [6]
    assert summary.special_cause_concern.tolist() == [7]
    assert summary.common_cause.tolist() == [7]


# --- Missing values, order and bad input ----------------------------------------------------


def test_mdc_isolated_missing_value_is_tolerated() -> None:
    values = [10.0, 12.0] * 7
    values[5] = math.nan
    points = chart(values).points
    # The mean is of the other 13 values; the moving ranges next to the gap are not bridged.
    assert points.mean[5] == pytest.approx((10 * 7 + 12 * 6) / 13, rel=1e-15)
    assert points.upl[0] == pytest.approx(points.mean[0] + 2.66 * 2, rel=1e-15)
    assert math.isnan(points.relative_to_mean[5])
    assert points.point_type[5] == "common_cause"


def test_mdc_missing_value_in_a_trend_window_breaks_it_without_error() -> None:
    # ptd_spc stops with "missing value where TRUE/FALSE needed" here; we see no trend.
    values = list(map(float, PEAK))
    values[7] = math.nan
    labels = flagged(chart(values))
    assert not any(label.endswith("(Increasing)") for label in labels.values())


def test_mdc_missing_value_breaks_a_run() -> None:
    values = list(map(float, ON_MEAN))
    values[8] = math.nan
    assert flagged(chart(values)) == {}


def test_mdc_rows_are_sorted_by_series_and_date() -> None:
    result = mdc([3.0, 1.0, 2.0], [2.0, 0.0, 1.0], series=[0, 0, 0])
    assert result.points.y.tolist() == [1.0, 2.0, 3.0]
    assert result.points.row.tolist() == [1, 2, 0]


def test_mdc_duplicate_date_names_series_and_rows() -> None:
    with pytest.raises(DuplicateDateError) as caught:
        mdc([1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 5.0, 5.0], series=[0, 0, 1, 1])
    assert caught.value.series == 1
    assert caught.value.date == 5.0
    assert caught.value.rows == (2, 3)


def test_mdc_same_date_in_two_series_is_fine() -> None:
    result = mdc([1.0, 2.0], [5.0, 5.0], series=[0, 1])
    assert result.summary.n.tolist() == [1, 1]


def test_mdc_missing_date_is_refused() -> None:
    with pytest.raises(SpcDataError, match="row 1 has no date"):
        mdc([1.0, 2.0], [0.0, math.nan])


def test_mdc_unknown_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="improvement direction"):
        chart([1.0, 2.0], improvement="up")


def test_mdc_empty_input_gives_empty_result() -> None:
    result = mdc(np.zeros(0), np.zeros(0))
    assert result.points.y.size == 0
    assert result.summary.n.size == 0


def test_mdc_single_point_has_no_limits_and_no_signal() -> None:
    result = chart([5.0], target=1.0)
    assert result.points.mean.tolist() == [5.0]
    assert math.isnan(result.points.upl[0])
    assert result.summary.variation_icon.tolist() == ["common_cause"]
    assert result.summary.assurance_icon.tolist() == ["inconsistent"]
