"""The funnel engine on small cases worked out by hand (FunnelPlotR 0.6.0's rules, as its
reference README states them)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel import (
    FunnelDataError,
    average_rank,
    dispersion,
    funnel,
    quantile_type7,
    truncate,
    winsorise,
)
from forbedring.spc.funnel_limits import Z95, Z998, pr_grid, r_round


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def test_r_round_takes_the_nearer_neighbour_in_double_arithmetic() -> None:
    # The README's examples, where Python's round() gives the other neighbour.
    got = r_round(arr(616.635, 2724.545, 333.335, 1.004, 1.006, -2.345678, 0.0), 2)
    assert got.tolist() == [616.64, 2724.54, 333.34, 1.0, 1.01, -2.35, 0.0]
    assert round(616.635, 2) == 616.63  # why R's rule is rebuilt rather than borrowed


def test_r_round_leaves_numbers_with_no_digits_to_spare() -> None:
    big = 123456789012345.67  # 15 digits before the point: R's round(x, 2) returns x
    assert r_round(arr(big), 2)[0] == big


def test_average_rank_gives_ties_their_mean_rank() -> None:
    ranks = average_rank(arr(3.0, -np.inf, 1.0, 3.0, -np.inf))
    assert ranks.tolist() == [4.5, 1.5, 3.0, 4.5, 1.5]


def test_truncation_drops_nothing_below_nine_units_and_the_top_one_at_nine() -> None:
    z8 = np.linspace(-2, 2, 8)
    assert not truncate(z8, 0.1)[1].any()
    z9 = np.linspace(-2, 2, 9)
    kept, trimmed = truncate(z9[::-1].copy(), 0.1)
    # Rank 9: floor(9 * 10 / 10) = 9, not below k - 1 = 9; the others give 1..8.
    assert trimmed.tolist() == [True] + [False] * 8
    assert math.isnan(kept[0])


def test_truncation_removes_a_zero_count_unit_from_ten() -> None:
    z = np.concatenate([[-np.inf], np.linspace(-1, 1, 9)])
    _, trimmed = truncate(z, 0.1)
    # Rank 1: floor(10 / 11) = 0, so out; rank 10: floor(100 / 11) = 9 = k - 1, so out.
    assert np.flatnonzero(trimmed).tolist() == [0, 9]


def test_truncation_with_zero_trim_keeps_every_unit() -> None:
    z = np.linspace(-3, 3, 30)
    kept, trimmed = truncate(z, 0.0)
    assert not trimmed.any() and np.array_equal(kept, z)


def test_quantile_type7_interpolates_as_r() -> None:
    values = arr(4.0, 1.0, 3.0, 2.0)
    assert quantile_type7(values, 0.1) == pytest.approx(1.3)  # 1 + 0.3 (2 - 1)
    assert quantile_type7(values, 0.9) == pytest.approx(3.7)
    assert quantile_type7(arr(5.0), 0.1) == 5.0


def test_winsorise_clips_at_the_cut_points_and_marks_them() -> None:
    z = arr(-10.0, -1.0, 0.0, 1.0, 10.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0)
    clipped, trimmed, lo, hi = winsorise(z, 0.1)
    assert (lo, hi) == (-3.0, 3.0)  # 1 + 10 x 0.1 = 2nd smallest, 10th = 2nd largest
    assert clipped[0] == -3.0 and clipped[4] == 3.0
    assert np.flatnonzero(trimmed).tolist() == [0, 4, 9, 10]  # on or beyond a cut point


def test_dispersion_by_hand() -> None:
    # phi = (4 + 4 + 0) / 3; n phi - (n - 1) = 6; w = 100 each: 300 - 30000 / 300 = 200.
    phi, tau2, n = dispersion(arr(2.0, -2.0, 0.0, np.nan), arr(0.1, 0.1, 0.1, 0.1))
    assert phi == pytest.approx(8 / 3)
    assert n == 3
    assert tau2 == pytest.approx(0.03)


def test_dispersion_below_n_minus_one_gives_no_tau2() -> None:
    phi, tau2, _ = dispersion(arr(0.5, -0.5, 0.1), arr(0.1, 0.2, 0.3))
    assert phi < 1 and tau2 == 0.0


def test_proportion_z_scores_and_limits_by_hand() -> None:
    result = funnel(arr(10, 30), arr(100, 100), data_type="pr", limits="unadjusted")
    u = result.units
    assert result.target == pytest.approx(0.2)
    centre = math.asin(math.sqrt(0.2))
    assert u.z[0] == pytest.approx((math.asin(math.sqrt(0.1)) - centre) * 20)
    spread = 1 / (2 * math.sqrt(100))
    assert u.unadjusted.lcl95[0] == pytest.approx(math.sin(centre - Z95 * spread) ** 2)
    assert u.unadjusted.ucl998[1] == pytest.approx(math.sin(centre + Z998 * spread) ** 2)
    # 0.1 lies below the 95 % limit (0.127) and inside the 99.8 % one (0.094).
    assert u.outlier95.tolist() == [True, True]
    assert u.outlier998.tolist() == [False, False]
    assert (result.phi, result.tau2) == (0.0, 0.0)  # not asked for: returned as 0


def test_shmi_limits_at_expected_one_are_exact_poisson() -> None:
    # Shape 1 is the exponential: qgamma(0.975, 1, lower = FALSE) = -log(0.975).
    result = funnel(arr(1.0), arr(1.0), data_type="sr", limits="unadjusted")
    assert result.units.unadjusted.lcl95[0] == pytest.approx(-math.log(0.975), rel=1e-14)
    assert result.units.unadjusted.lcl998[0] == pytest.approx(-math.log(0.999), rel=1e-14)
    # Shape 2: Q(2, x) = e^-x (1 + x) = 0.025 at the upper limit.
    upper = result.units.unadjusted.ucl95[0]
    assert math.exp(-upper) * (1 + upper) == pytest.approx(0.025, rel=1e-13)


def test_shmi_rounds_expected_after_the_ratio() -> None:
    result = funnel(arr(3, 5), arr(2.0049, 4.0), data_type="sr", limits="unadjusted")
    assert result.units.denominator.tolist() == [2.0, 4.0]
    assert result.units.ratio[0] == 3 / 2.0049
    assert result.units.z[0] == pytest.approx(math.sqrt(2.0) * math.log(3 / 2.0))
    plain = funnel(arr(3, 5), arr(2.0049, 4.0), data_type="sr", shmi_rounding=False)
    assert plain.units.denominator[0] == 2.0049
    cqc = funnel(arr(3, 5), arr(2.0049, 4.0), data_type="sr", sr_method="cqc")
    assert cqc.units.denominator[0] == 2.0049  # SHMI rounding only


def test_shmi_zero_count_has_minus_infinite_z_and_is_truncated_among_ten() -> None:
    o = arr(0, 10, 11, 9, 12, 8, 10, 10, 13, 7)
    result = funnel(o, np.full(10, 10.0), data_type="sr")
    assert result.units.z[0] == -np.inf
    assert math.isnan(result.units.z_trimmed[0]) and result.n_phi == 8


def test_cqc_lower_limit_may_go_below_zero() -> None:
    o = arr(0, 0, 30, 1, 45, 2, 60, 3, 0, 70)
    result = funnel(o, np.full(10, 0.6) * np.arange(1, 11), data_type="sr", sr_method="cqc")
    assert result.tau2 > 0
    assert result.units.overdispersed.lcl998[0] < 0


def test_ratio_of_counts_centre_is_the_pooled_ratio() -> None:
    result = funnel(arr(5, 15), arr(10, 10), data_type="rc", multiplier=100)
    assert result.target == pytest.approx(1.0)
    assert result.units.value.tolist() == [50.0, 150.0]
    spread = math.sqrt(1 / 40)
    assert result.units.unadjusted.ucl95[0] == pytest.approx(100 * math.exp(Z95 * spread))
    # The z-score uses the continuity-corrected log ratio and its own standard error.
    s = math.sqrt(5 / 5.5**2 + 10 / 10.5**2)
    assert result.units.z[0] == pytest.approx(math.log(5.5 / 10.5) / s)


def overdispersed_proportions() -> tuple[np.ndarray, np.ndarray]:
    n = np.array([50, 80, 120, 200, 300, 400, 500, 650, 800, 1000], dtype=np.float64)
    p = np.array([0.05, 0.3, 0.1, 0.25, 0.12, 0.2, 0.08, 0.22, 0.15, 0.18])
    return np.round(n * p), n


def test_limits_choice_decides_which_limits_judge() -> None:
    o, n = overdispersed_proportions()
    od = funnel(o, n, data_type="pr", limits="overdispersed")
    assert od.phi > 1 and od.tau2 > 0 and od.outlier_limits == "adjusted"
    unadjusted = funnel(o, n, data_type="pr", limits="unadjusted")
    assert (unadjusted.phi, unadjusted.tau2) == (0.0, 0.0)
    assert unadjusted.phi_computed == od.phi
    # Without tau2 the "od" columns equal the unadjusted PR limits.
    assert np.array_equal(unadjusted.units.overdispersed.lcl95, unadjusted.units.unadjusted.lcl95)
    assert unadjusted.units.outlier998.sum() > od.units.outlier998.sum()
    none = funnel(o, n, data_type="pr", limits="none")
    assert none.outlier_limits == "none" and not none.units.outlier95.any()
    both = funnel(o, n, data_type="pr", limits="both")
    assert np.array_equal(both.units.outlier95, od.units.outlier95)


def test_no_overdispersion_falls_back_only_when_overdispersed_alone() -> None:
    o, n = arr(20, 41, 60, 79, 100), arr(200, 400, 600, 800, 1000)
    od = funnel(o, n, data_type="pr", limits="overdispersed")
    assert od.phi <= 1 and od.outlier_limits == "unadjusted"
    assert od.phi == od.phi_computed  # still returned as computed
    both = funnel(o, n, data_type="pr", limits="both")
    assert both.outlier_limits == "adjusted"


def test_pr_grid_rule_sets_turned_back_lower_limits_to_zero() -> None:
    o, n = arr(0, 1, 30, 40), arr(1, 2, 300, 400)
    result = funnel(o, n, data_type="pr", limits="unadjusted")
    target = result.target
    centre = math.asin(math.sqrt(target))
    assert centre - Z95 / (2 * math.sqrt(1)) < 0  # the argument is negative at n = 1
    assert result.units.unadjusted.lcl95[0] == 0.0
    assert bool(np.all(result.units.unadjusted.lcl95[2:] > 0))
    assert pr_grid(n)[0] == 1.0 and 3.0 in pr_grid(n) and pr_grid(n)[-1] == 400.0


def test_pr_limits_stay_within_zero_and_the_multiplier() -> None:
    o, n = overdispersed_proportions()
    result = funnel(o, n, data_type="pr", multiplier=100, limits="both")
    for limits in (result.units.unadjusted, result.units.overdispersed):
        for values in (limits.lcl95, limits.ucl95, limits.lcl998, limits.ucl998):
            assert bool(np.all((values >= 0) & (values <= 100)))


def test_rows_of_a_unit_are_summed() -> None:
    result = funnel(arr(1, 2, 3), arr(10, 20, 30), np.array([1, 0, 1]), data_type="pr")
    assert result.units.numerator.tolist() == [2.0, 4.0]
    assert result.units.denominator.tolist() == [20.0, 40.0]


@pytest.mark.parametrize(
    ("o", "e", "data_type", "message"),
    [
        (arr(1, 2), arr(10, 0), "pr", "sums to 0"),
        (arr(1, 12), arr(10, 10), "pr", "cannot be above 1"),
        (arr(1, 2), arr(10, 0.004), "sr", "rounds to 0.00"),
    ],
)
def test_unit_that_cannot_be_plotted_is_named_by_code(
    o: np.ndarray, e: np.ndarray, data_type: str, message: str
) -> None:
    with pytest.raises(FunnelDataError, match=message) as caught:
        funnel(o, e, data_type=data_type)  # type: ignore[arg-type]
    assert caught.value.unit == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"trim": 0.5}, "trim"),
        ({"multiplier": 0.0}, "multiplier"),
        ({"limits": "all"}, "limits"),
        ({"sr_method": "dsr"}, "sr_method"),
        ({"data_type": "xx"}, "data_type"),
    ],
)
def test_bad_option_is_refused(options: dict[str, object], message: str) -> None:
    kwargs: dict[str, object] = {"data_type": "pr", **options}
    with pytest.raises(SpcDataError, match=message):
        funnel(arr(1, 2), arr(10, 10), **kwargs)  # type: ignore[arg-type]


def test_ratio_of_counts_without_any_event_is_refused() -> None:
    with pytest.raises(SpcDataError, match="every numerator is 0"):
        funnel(arr(0, 0), arr(10, 20), data_type="rc")


def test_unit_code_beyond_the_count_is_refused() -> None:
    with pytest.raises(SpcDataError, match="row 1: unit code beyond"):
        funnel(arr(1, 2), arr(10, 20), np.array([0, 2]), data_type="pr", n_units=2)


def test_negative_or_missing_row_is_refused() -> None:
    with pytest.raises(SpcDataError, match="row 1"):
        funnel(arr(1, -2), arr(10, 10), data_type="pr")
    with pytest.raises(SpcDataError, match="row 0"):
        funnel(arr(1, 2), arr(np.nan, 10), data_type="pr")


def test_phi_at_most_one_with_positive_tau2_falls_back_but_keeps_tau2_in_od_limits() -> None:
    # n - 1 < n phi <= n: 6 x 0.8998 = 5.4 > 5, so tau2 > 0 although phi <= 1.
    o = arr(56, 21, 21, 41, 47, 25)
    n = arr(256, 118, 80, 226, 184, 137)
    result = funnel(o, n, data_type="pr", limits="overdispersed")
    assert result.phi <= 1 and result.tau2 > 0
    assert result.outlier_limits == "unadjusted"
    # The OD columns still carry that tau2, so they are wider than the unadjusted ones.
    assert bool(np.all(result.units.overdispersed.lcl95 < result.units.unadjusted.lcl95))


def test_shmi_zero_count_among_few_units_gives_infinite_tau2_as_the_package() -> None:
    # With N <= 9 nothing is truncated: z = -Inf enters phi, so phi = tau2 = Inf and the
    # overdispersed limits are [0, Inf] (the reference README, step 4).
    result = funnel(arr(0, 10, 12, 9, 11), arr(8.0, 10.0, 11.0, 9.5, 10.5), data_type="sr")
    assert result.phi == np.inf and result.tau2 == np.inf
    assert result.units.overdispersed.lcl998.tolist() == [0.0] * 5
    assert result.units.overdispersed.ucl95.tolist() == [np.inf] * 5
    assert not result.units.outlier998.any()


@pytest.mark.parametrize("data_type", ["pr", "rc"])
def test_a_given_target_equal_to_the_pooled_one_changes_nothing(data_type: str) -> None:
    o = np.array([12.0, 30.0, 7.0, 55.0, 20.0, 41.0])
    n = np.array([100.0, 180.0, 90.0, 260.0, 150.0, 200.0])
    pooled = funnel(o, n, data_type=data_type, multiplier=100)  # type: ignore[arg-type]
    given = funnel(o, n, data_type=data_type, multiplier=100, target=pooled.target)  # type: ignore[arg-type]
    assert given.target == pooled.target
    assert given.phi == pytest.approx(pooled.phi)
    assert given.units.overdispersed.at("95")[0] == pytest.approx(
        pooled.units.overdispersed.at("95")[0]
    )


def test_a_given_target_moves_the_centre_and_the_limits() -> None:
    o = np.array([12.0, 30.0, 7.0, 55.0])
    n = np.array([100.0, 180.0, 90.0, 260.0])
    low = funnel(o, n, data_type="pr", limits="unadjusted", target=0.10)
    high = funnel(o, n, data_type="pr", limits="unadjusted", target=0.30)
    assert low.target == 0.10 and high.target == 0.30
    assert np.all(high.units.unadjusted.at("95")[0] > low.units.unadjusted.at("95")[0])
    # 30 of 180 (16.7 %) lies above the 10 % funnel and below the 30 % one.
    assert low.units.outlier95[1] and high.units.outlier95[1]
    assert low.units.value[1] > low.units.unadjusted.at("95")[1][1]
    assert high.units.value[1] < high.units.unadjusted.at("95")[0][1]


@pytest.mark.parametrize(
    ("data_type", "target", "message"),
    [("sr", 1.2, "centred on 1"), ("pr", 1.5, "above 1"), ("rc", 0.0, "above 0")],
)
def test_a_given_target_is_checked(data_type: str, target: float, message: str) -> None:
    with pytest.raises(SpcDataError, match=message):
        funnel(np.array([1.0, 2.0]), np.array([10.0, 20.0]), data_type=data_type, target=target)  # type: ignore[arg-type]
