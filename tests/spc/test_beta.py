"""The normal quantile and the incomplete beta function and its inverse (numpy only), against
known values: R's qnorm, exact binomial sums (I_x(k, n - k + 1) = P(Binomial(n, x) >= k)),
closed forms (shape 1, shape 1/2) and R's binom.test(5, 10) Clopper-Pearson limits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from forbedring.spc.beta import beta_quantile, critical_value, normal_quantile, regularized_beta


def binomial_at_least(k: int, n: int, x: float) -> float:
    """P(Binomial(n, x) >= k), each term in log space and summed exactly."""
    terms = [
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(j + 1)
            - math.lgamma(n - j + 1)
            + j * math.log(x)
            + (n - j) * math.log1p(-x)
        )
        for j in range(k, n + 1)
    ]
    return math.fsum(terms)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.975, 1.959963984540054),  # R: qnorm(0.975)
        (0.999, 3.090232306167813),  # qnorm(0.999)
        (0.995, 2.5758293035489004),  # qnorm(0.995)
        (0.9, 1.2815515655446004),  # qnorm(0.9)
        (0.025, -1.959963984540054),
        (1e-10, -6.361340902404056),  # qnorm(1e-10)
    ],
)
def test_normal_quantile_matches_r_qnorm(p: float, expected: float) -> None:
    assert float(normal_quantile(p)) == pytest.approx(expected, rel=2e-15)


def test_normal_quantile_inverts_the_normal_distribution() -> None:
    p = np.concatenate([np.linspace(0.001, 0.999, 999), [0.5, 1e-6, 1 - 1e-6]])
    z = normal_quantile(p)
    back = np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in z])
    assert np.max(np.abs(back - p) / np.minimum(p, 1 - p)) < 1e-13
    assert float(normal_quantile(0.5)) == 0.0


def test_critical_value_is_the_two_sided_quantile() -> None:
    assert critical_value(0.95) == pytest.approx(1.959963984540054, rel=2e-15)
    assert critical_value(0.998) == pytest.approx(3.090232306167813, rel=2e-15)
    with pytest.raises(ValueError, match="between 0 and 1"):
        critical_value(1.0)


def test_normal_quantile_refuses_probabilities_outside_the_open_interval() -> None:
    with pytest.raises(ValueError, match="strictly between"):
        normal_quantile(np.array([0.5, 0.0]))


@pytest.mark.parametrize(
    ("k", "n", "x"),
    [
        (1, 1, 0.3),
        (3, 10, 0.2),
        (5, 10, 0.5),
        (50, 100, 0.47),
        (5, 200, 0.01),
        (199, 200, 0.99),
        (1, 30, 0.001),
        (30, 30, 0.9),
        (700, 2000, 0.36),
        (12, 2000, 0.002),
    ],
)
def test_regularized_beta_is_the_binomial_tail(k: int, n: int, x: float) -> None:
    got = float(regularized_beta(x, k, n - k + 1))
    assert got == pytest.approx(binomial_at_least(k, n, x), rel=1e-12, abs=1e-300)


def test_regularized_beta_closed_forms_and_symmetry() -> None:
    x = np.linspace(0.0, 1.0, 101)
    assert np.allclose(regularized_beta(x, 1.0, 7.5), 1.0 - (1.0 - x) ** 7.5, rtol=1e-13, atol=0)
    assert np.allclose(regularized_beta(x, 3.25, 1.0), x**3.25, rtol=1e-13, atol=1e-300)
    arcsine = 2.0 / math.pi * np.arcsin(np.sqrt(x))
    assert np.allclose(regularized_beta(x, 0.5, 0.5), arcsine, rtol=1e-13, atol=1e-15)
    a, b = 17.3, 4.2
    assert np.allclose(regularized_beta(x, a, b), 1.0 - regularized_beta(1.0 - x, b, a), atol=1e-14)


def test_beta_quantile_gives_r_binom_test_limits() -> None:
    # R: binom.test(5, 10)$conf.int is 0.1870860 0.8129140 (Clopper-Pearson).
    assert float(beta_quantile(0.025, 5, 6)) == pytest.approx(0.1870860, abs=5e-8)
    assert float(beta_quantile(0.975, 6, 5)) == pytest.approx(0.8129140, abs=5e-8)


def test_beta_quantile_closed_forms() -> None:
    p = np.array([1e-6, 0.0005, 0.025, 0.3, 0.5, 0.975, 0.9995])
    assert np.allclose(beta_quantile(p, 1.0, 9.0), 1.0 - (1.0 - p) ** (1.0 / 9.0), rtol=1e-12)
    assert np.allclose(beta_quantile(p, 4.0, 1.0), p ** (1.0 / 4.0), rtol=1e-12)


def test_beta_quantile_inverts_the_function_over_small_and_huge_shapes() -> None:
    shapes = np.array([0.5, 1.0, 2.0, 7.0, 40.0, 1e3, 5e4, 1e7])
    a, b, p = np.meshgrid(shapes, shapes, np.array([0.0005, 0.025, 0.5, 0.975]), indexing="ij")
    q = beta_quantile(p, a, b)
    assert np.all((q > 0) & (q < 1))
    back = regularized_beta(q, a, b)
    # Near 1 a double has few digits for 1 - q: what one step to the next double moves the
    # function by is the best any quantile can do there.
    one_ulp = np.abs(regularized_beta(np.nextafter(q, 1.0), a, b) - back)
    assert np.all(np.abs(back - p) <= 1e-9 * np.minimum(p, 1 - p) + 2.0 * one_ulp)


def test_beta_quantile_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="strictly between"):
        beta_quantile(1.0, 2.0, 3.0)
    with pytest.raises(ValueError, match="above 0"):
        beta_quantile(0.5, 0.0, 3.0)
