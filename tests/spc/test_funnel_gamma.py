"""The incomplete gamma function and its inverse (numpy only), against exact and known values.

Known values: integer shapes have the exact Poisson sums, shape 1/2 is the error function
(Python's math.erfc), shape 1 the exponential; chi-square with one degree of freedom gives the
normal quantiles qnorm(0.975) = 1.959963984540054 and qnorm(0.999) = 3.090232306167813.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from forbedring.spc.gamma import (
    gamma_quantile,
    log_gamma_lanczos,
    log_poisson_prefactor,
    regularized_gamma,
    stirling_error,
)


def poisson_tails(n: int, x: float) -> tuple[float, float]:
    """P(n, x) and Q(n, x) for a whole n: Q = P(Poisson(x) < n), each tail summed exactly."""
    terms = [math.exp(-x + k * math.log(x) - math.lgamma(k + 1)) for k in range(n + 400)]
    return math.fsum(terms[n:]), math.fsum(terms[:n])


def test_log_gamma_lanczos_matches_math_lgamma() -> None:
    z = np.linspace(0.5, 12.0, 500)
    expected = np.array([math.lgamma(v) for v in z])
    assert np.max(np.abs(log_gamma_lanczos(z) - expected)) < 5e-14


def _stirling_by_definition(a: np.ndarray) -> np.ndarray:
    return np.array(
        [math.lgamma(v + 1) - (v + 0.5) * math.log(v) + v - 0.5 * math.log(2 * math.pi) for v in a]
    )


def test_stirling_error_matches_its_definition_on_both_branches() -> None:
    small = np.linspace(0.05, 12.0, 100)
    assert np.max(np.abs(stirling_error(small) - _stirling_by_definition(small))) < 5e-14
    # For large shapes the definition cancels (log Gamma ~ 2600 at 500) and is the less
    # accurate side: agreement to its own precision.
    large = np.linspace(12.0, 500.0, 100)
    assert np.max(np.abs(stirling_error(large) - _stirling_by_definition(large))) < 2e-12
    assert stirling_error(np.array([1e6]))[0] == pytest.approx(1 / 12e6, rel=1e-10)


def test_poisson_prefactor_near_the_mode_of_a_large_shape() -> None:
    # At a = x = 1e6, x^a e^-x / Gamma(a + 1) = 1 / sqrt(2 pi a) e^-stirlerr(a).
    a = np.array([1e6])
    expected = -0.5 * math.log(2 * math.pi * 1e6) - 1 / 12e6
    assert log_poisson_prefactor(a, a)[0] == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 20, 100, 1000])
@pytest.mark.parametrize("ratio", [0.05, 0.5, 0.9, 1.0, 1.1, 2.0, 4.0])
def test_regularized_gamma_whole_shape_is_the_poisson_sum(n: int, ratio: float) -> None:
    x = n * ratio
    lower, upper = regularized_gamma(np.array([float(n)]), np.array([x]))
    exact_lower, exact_upper = poisson_tails(n, x)
    assert lower[0] + upper[0] == pytest.approx(1.0, abs=1e-15)
    # The smaller tail carries the relative accuracy.
    if exact_lower < exact_upper:
        assert lower[0] == pytest.approx(exact_lower, rel=1e-12, abs=1e-300)
    else:
        assert upper[0] == pytest.approx(exact_upper, rel=1e-12, abs=1e-300)


def test_regularized_gamma_half_shape_is_erfc() -> None:
    x = np.array([1e-6, 0.01, 0.3, 1.0, 1.4, 1.6, 3.0, 10.0, 40.0])
    _, upper = regularized_gamma(np.full_like(x, 0.5), x)
    expected = np.array([math.erfc(math.sqrt(v)) for v in x])
    np.testing.assert_allclose(upper, expected, rtol=1e-13)


def test_regularized_gamma_ends() -> None:
    lower, upper = regularized_gamma(np.array([2.0, 2.0]), np.array([0.0, np.inf]))
    assert lower.tolist() == [0.0, 1.0]
    assert upper.tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    ("upper_tail", "normal_quantile"),
    [(0.05, 1.959963984540054), (0.002, 3.090232306167813)],
)
def test_gamma_quantile_half_shape_gives_normal_quantiles(
    upper_tail: float, normal_quantile: float
) -> None:
    # Chi-square(1) = 2 Gamma(1/2) = Z^2: qchisq(1 - 2a, 1) = qnorm(1 - a)^2.
    x = gamma_quantile(np.array([0.5]), upper_tail)[0]
    assert math.sqrt(2 * x) == pytest.approx(normal_quantile, rel=1e-14)


@pytest.mark.parametrize("upper_tail", [0.975, 0.025, 0.999, 0.001])
def test_gamma_quantile_shape_one_is_exponential(upper_tail: float) -> None:
    x = gamma_quantile(np.array([1.0]), upper_tail)[0]
    assert x == pytest.approx(-math.log(upper_tail), rel=1e-14)


def test_gamma_quantile_inverts_the_tail_over_many_shapes() -> None:
    shapes = np.geomspace(0.02, 1e7, 60)
    for upper_tail in (0.975, 0.025, 0.999, 0.001):
        x = gamma_quantile(shapes, upper_tail)
        lower, upper = regularized_gamma(shapes, x)
        tail = upper if upper_tail < 0.5 else lower
        goal = upper_tail if upper_tail < 0.5 else 1 - upper_tail
        np.testing.assert_allclose(tail, goal, rtol=1e-11)


@pytest.mark.parametrize("n", [1, 5, 30, 400])
def test_gamma_quantile_whole_shapes_against_the_poisson_sum(n: int) -> None:
    x = gamma_quantile(np.array([float(n)]), 0.025)[0]
    _, exact_upper = poisson_tails(n, x)
    assert exact_upper == pytest.approx(0.025, rel=1e-12)


def test_gamma_quantile_broadcasts_shapes_and_tails() -> None:
    shapes = np.array([[2.0, 5.0], [2.0, 5.0]])
    tails = np.array([[0.975], [0.025]])
    x = gamma_quantile(shapes, tails)
    assert x.shape == (2, 2)
    assert bool(np.all(x[0] < shapes[0])) and bool(np.all(x[1] > shapes[1]))
    assert x[0, 0] == gamma_quantile(np.array([2.0]), 0.975)[0]


def test_gamma_quantile_tiny_shape_underflows_to_zero_as_r() -> None:
    # qgamma(0.975, 0.001, lower = FALSE) = (0.025 Gamma(1.001))^1000 ~ 1e-1602: below doubles.
    assert gamma_quantile(np.array([0.001]), 0.975)[0] == 0.0


def test_gamma_quantile_refuses_a_probability_outside_0_1() -> None:
    with pytest.raises(ValueError, match="upper_tail"):
        gamma_quantile(np.array([1.0]), 1.0)
