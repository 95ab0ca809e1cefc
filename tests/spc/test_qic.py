"""Hand-checkable series for every chart type and option of :func:`forbedring.spc.qic`.

Each expected value is worked out in the comment beside it from the textbook formula.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from forbedring.spc import SpcDataError, qic
from forbedring.spc.anhoej import max_run_length, min_crossings

D2 = 1.128


def test_run_chart_median_and_shift_signal() -> None:
    # 1..12: median 6.5; six below then six above: one crossing, longest run 6.
    r = qic(np.arange(1, 13), chart="run")
    assert np.all(r.cl == 6.5)
    assert r.n_useful[0] == 12
    assert r.longest_run[0] == 6
    assert r.longest_run_max[0] == 7  # round(log2(12)) + 3 = round(3.58) + 3
    assert r.n_crossings[0] == 1
    assert r.n_crossings_min[0] == 3  # qbinom(0.05, 11, 0.5)
    assert r.runs_signal.all()  # 1 crossing < 3
    assert np.isnan(r.ucl).all() and not r.sigma_signal.any()


def test_run_chart_points_on_median_are_not_useful() -> None:
    # Median 3; the two 3s are on the line and left out of the runs analysis.
    r = qic([1, 3, 5, 3, 2, 4, 5], chart="run")
    assert r.cl[0] == 3
    assert r.n_useful[0] == 5
    assert r.n_obs[0] == 7
    assert r.n_crossings[0] == 3  # signs - + - + +


def test_run_chart_random_series_has_no_signal() -> None:
    r = qic([5, 7, 4, 8, 3, 9, 6, 2, 7, 5, 8, 4], chart="run")
    assert not r.runs_signal.any()


def test_i_chart_limits_from_mean_moving_range() -> None:
    # mean 2.5; moving ranges 2, 1, 2: mean 5/3; sigma = (5/3)/1.128.
    r = qic([1, 3, 2, 4], chart="i", screen_mr=False)
    sigma = (5 / 3) / D2
    assert r.cl[0] == pytest.approx(2.5, rel=1e-12)
    assert r.ucl[0] == pytest.approx(2.5 + 3 * sigma, rel=1e-12)
    assert r.lcl[0] == pytest.approx(2.5 - 3 * sigma, rel=1e-12)
    assert r.ucl95[0] == pytest.approx(2.5 + 2 * sigma, rel=1e-12)


def test_i_chart_screening_drops_large_moving_range() -> None:
    # Moving ranges 1 x 18 and one of 40: mean 58/19 = 3.05; 40 > 3.267 x 3.05 is dropped.
    y = [10.0, 11.0] * 9 + [10.0, 50.0]
    screened = qic(y, chart="i")
    unscreened = qic(y, chart="i", screen_mr=False)
    mean_mr_kept = 1.0  # the 18 ranges of 1 between 10 and 11
    assert screened.ucl[0] - screened.cl[0] == pytest.approx(3 * mean_mr_kept / D2, rel=1e-12)
    assert unscreened.ucl[0] > screened.ucl[0]
    assert screened.sigma_signal[-1]


def test_mr_chart_first_point_missing_and_limit() -> None:
    # y 1, 4, 2, 2: moving ranges -, 3, 2, 0; mean 5/3; UCL = 3.267 x 5/3.
    r = qic([1, 4, 2, 2], chart="mr")
    assert math.isnan(r.y[0])
    assert list(r.y[1:]) == [3, 2, 0]
    assert r.cl[0] == pytest.approx(5 / 3, rel=1e-12)
    assert r.ucl[0] == pytest.approx(3.267 * 5 / 3, rel=1e-12)
    assert r.lcl[0] == 0
    assert not r.runs_signal.any()


def test_c_chart_poisson_limits_floored_at_zero() -> None:
    # c-bar 4, sigma 2: UCL 10, LCL max(0, -2) = 0.
    r = qic([2, 4, 6], chart="c")
    assert r.cl[0] == 4 and r.ucl[0] == 10 and r.lcl[0] == 0


def test_c_chart_sums_rows_of_one_subgroup() -> None:
    r = qic([1, 2, 3, 4], x=[1, 1, 2, 2], chart="c")
    assert list(r.y) == [3, 7]


def test_p_chart_binomial_limits_clipped_to_unit_interval() -> None:
    # p-bar = 6/30 = 0.2; sigma = sqrt(0.2 x 0.8 / 10) = 0.12649.
    r = qic([1, 2, 3], n=[10, 10, 10], chart="p")
    sigma = math.sqrt(0.2 * 0.8 / 10)
    assert r.cl[0] == pytest.approx(0.2, rel=1e-12)
    assert r.ucl[0] == pytest.approx(0.2 + 3 * sigma, rel=1e-12)
    assert r.lcl[0] == 0  # 0.2 - 0.379 < 0
    high = qic([9, 9, 9], n=[10, 10, 10], chart="p")
    assert high.ucl[0] == 1  # 0.9 + 0.28 > 1


def test_u_chart_with_multiplier() -> None:
    # u-bar = 12 / 3000 = 0.004 per day; per 1,000 days: 4; sigma_i = sqrt(0.004 / n_i).
    r = qic([3, 4, 5], n=[1000, 1000, 1000], chart="u", multiply=1000)
    assert r.cl[0] == pytest.approx(4.0, rel=1e-12)
    assert r.ucl[0] == pytest.approx(1000 * (0.004 + 3 * math.sqrt(0.004 / 1000)), rel=1e-12)
    assert list(r.y) == pytest.approx([3.0, 4.0, 5.0], rel=1e-12)


def test_laney_prime_charts_inflate_by_sigma_z() -> None:
    # Overdispersed proportions: P' limits are wider than P limits.
    y = [10, 40, 12, 38, 11, 41, 9, 39]
    n = [100] * 8
    p = qic(y, n=n, chart="p")
    pp = qic(y, n=n, chart="pp")
    assert pp.cl[0] == p.cl[0]
    assert (pp.ucl - pp.cl)[0] > (p.ucl - p.cl)[0]


def test_laney_chart_point_without_denominator_has_no_limits() -> None:
    # Found by the hypothesis twin: the base points' standardised residuals have no moving
    # range here (screened), so sigma_z is 0; the excluded point with n = 0 has an infinite
    # sigma, and 0 x inf has no value. That point gets no limits (as R's 0 * Inf in
    # qicharts2), the others collapse onto the centre, and no floating-point warning is
    # raised (the suite turns warnings into errors).
    y = [1.0, 1.0, 1.0, 4.0, 0.0, 4.0]
    n = [2.0, 2.0, 2.0, 5.0, 0.0, 5.0]
    r = qic(y, n=n, chart="pp", exclude=(5,))
    assert r.cl[0] == pytest.approx(11 / 16)
    assert np.isnan(r.lcl[4]) and np.isnan(r.ucl[4])
    others = [0, 1, 2, 3, 5]
    assert r.lcl[others] == pytest.approx(r.cl[others]) and r.ucl[others] == pytest.approx(
        r.cl[others]
    )


def test_g_chart_shows_median_but_limits_from_mean() -> None:
    # mean 10; sigma = sqrt(10 x 11); displayed centre line = median 6.
    r = qic([2, 6, 22], chart="g")
    assert r.cl[0] == 6
    assert r.ucl[0] == pytest.approx(10 + 3 * math.sqrt(110), rel=1e-12)
    assert r.lcl[0] == 0


def test_g_chart_user_centre_line_shown_as_geometric_median() -> None:
    r = qic([2, 6, 22], chart="g", cl=10)
    assert r.cl[0] == pytest.approx(6.93, rel=1e-12)


def test_t_chart_back_transforms_limits() -> None:
    y = [10.0, 20.0, 15.0, 30.0, 25.0]
    r = qic(y, chart="t", screen_mr=False)
    t = np.asarray(y) ** (1 / 3.6)
    assert r.cl[0] == pytest.approx(t.mean() ** 3.6, rel=1e-12)
    assert r.y == pytest.approx(y, rel=1e-12)


def test_t_chart_refuses_non_positive_times() -> None:
    with pytest.raises(SpcDataError, match="greater than zero"):
        qic([3.0, 0.0, 4.0], chart="t")


def test_xbar_and_s_charts_constant_subgroup_size() -> None:
    # Two subgroups of 4: means 2.5 and 4.5, sds 1.291 each; A3(4) = 1.628, B4(4) = 2.266.
    x = [1, 1, 1, 1, 2, 2, 2, 2]
    y = [1, 2, 3, 4, 3, 4, 5, 6]
    xbar = qic(y, x=x, chart="xbar")
    s = qic(y, x=x, chart="s")
    sd = float(np.std([1, 2, 3, 4], ddof=1))
    assert xbar.cl[0] == pytest.approx(3.5, rel=1e-12)
    assert xbar.ucl[0] == pytest.approx(3.5 + 1.628 * sd, rel=1e-3)
    assert s.cl[0] == pytest.approx(sd, rel=1e-12)
    assert s.ucl[0] == pytest.approx(2.266 * sd, rel=1e-3)
    assert s.lcl[0] == 0  # B3(4) = 0


def test_ip_chart_uses_subgroup_sizes() -> None:
    # As in qicharts2, y is a subgroup total and y / n its mean: means 5, 6 and 5.5.
    r = qic([50.0, 240.0, 55.0], n=[10, 40, 10], chart="ip", screen_mr=False)
    # cl = (50 + 240 + 55) / 60; sigma_i shrinks with sqrt(1/n_i): half as wide at n = 40.
    assert r.cl[0] == pytest.approx(345 / 60, rel=1e-12)
    assert (r.ucl - r.cl)[1] == pytest.approx((r.ucl - r.cl)[0] / 2, rel=1e-12)


def test_freeze_sets_limits_from_baseline_only() -> None:
    y = [1, 2, 1, 2, 1, 2, 10, 10, 10]
    r = qic(y, chart="i", freeze=6)
    assert r.cl[0] == pytest.approx(1.5, rel=1e-12)
    assert list(r.baseline) == [True] * 6 + [False] * 3
    assert r.sigma_signal[6:].all()


def test_part_recomputes_each_phase() -> None:
    r = qic([1, 2, 1, 2, 8, 9, 8, 9], chart="i", part=[4])
    assert list(r.part) == [1, 1, 1, 1, 2, 2, 2, 2]
    assert r.cl[0] == pytest.approx(1.5) and r.cl[-1] == pytest.approx(8.5)


def test_part_overrides_freeze() -> None:
    with_both = qic([1, 2, 1, 2, 8, 9, 8, 9], chart="i", part=[4], freeze=2)
    assert with_both.baseline.all()


def test_exclude_leaves_point_out_but_keeps_its_signal() -> None:
    # Excluded 50 does not move the mean; it is still compared with the limits.
    y = [10, 11, 10, 11, 50, 10, 11, 10]
    r = qic(y, chart="i", exclude=[5])
    assert r.cl[0] == pytest.approx(73 / 7, rel=1e-12)
    assert not r.include[4] and r.sigma_signal[4]
    assert r.n_obs[0] == 7


def test_no_negative_floors_lower_limit() -> None:
    y = [0.0, 5.0, 0.0, 6.0, 1.0]
    assert qic(y, chart="i").lcl[0] < 0
    assert qic(y, chart="i", y_neg=False).lcl[0] == 0


def test_fixed_centre_line_in_unmultiplied_scale() -> None:
    r = qic([1, 2, 3], n=[10, 10, 10], chart="p", cl=0.1, multiply=100)
    assert r.cl[0] == pytest.approx(10.0)


def test_aggregate_median_and_sum() -> None:
    x = [1, 1, 1, 2, 2, 2]
    y = [1, 2, 9, 4, 5, 6]
    assert list(qic(y, x=x, agg="median").y) == [2, 5]
    assert list(qic(y, x=x, agg="sum").y) == [12, 15]
    assert list(qic(y, x=x).y) == [4, 5]


def test_zero_denominator_gives_no_limits() -> None:
    # 0/0 is missing; 3/0 is infinite and counts as above the centre line, as in R.
    r = qic([1, 0, 3, 2], n=[10, 0, 0, 10], chart="u")
    assert math.isnan(r.y[1]) and math.isinf(r.y[2])
    assert math.isnan(r.ucl[1]) and math.isnan(r.ucl[2])


def test_series_are_independent_in_one_batch() -> None:
    a = [3, 5, 4, 6, 5, 7, 4]
    b = [30, 10, 20, 50, 40, 20, 10]
    both = qic(a + b, series=[0] * 7 + [1] * 7, chart="i")
    alone_b = qic(b, chart="i")
    assert np.allclose(both.ucl[7:], alone_b.ucl, rtol=1e-12)
    assert both.xx[7] == 1


@pytest.mark.parametrize(
    ("n", "run_max", "crossings_min"),
    # qicharts2 / Anhøj & Olesen 2014 thresholds, as tabulated in shared/reference/README.md.
    [(8, 6, 1), (10, 6, 2), (12, 7, 3), (14, 7, 4), (17, 7, 5), (20, 7, 6), (22, 7, 7),
     (23, 8, 7), (24, 8, 8), (27, 8, 9), (30, 8, 10), (36, 8, 13), (40, 8, 14), (50, 9, 19),
     (60, 9, 23), (100, 10, 41)],
)  # fmt: skip
def test_anhoej_thresholds_match_published_table(n: int, run_max: int, crossings_min: int) -> None:
    assert max_run_length(np.array([n]))[0] == run_max
    assert min_crossings(n) == crossings_min


def test_unknown_chart_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown chart type"):
        qic([1, 2, 3], chart="x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "signal"), [("anhoej", False), ("bestbox", False), ("cutbox", True)]
)
def test_runs_methods_differ_at_the_cut_box_border(method: str, signal: bool) -> None:
    # 10 useful points, runs of 6, 2 and 2: longest 6, 2 crossings. For n = 10 the best box is
    # (crossings >= 2, run <= 6): inside; the cut box removes its corner (2 crossings with a
    # run above 5), so only cutbox signals (qicharts2 crsignal, n = 10: cb 2, lb 6, lbord 5).
    y = [1, 1, 1, 1, 1, 1, -1, -1, 1, 1]
    r = qic(y, chart="run", cl=0, method=method)  # type: ignore[arg-type]
    assert (r.longest_run[0], r.n_crossings[0]) == (6, 2)
    assert bool(r.runs_signal[0]) is signal
