"""The development traffic light: change since the previous period, on published (Newcombe
1998) and hand-derived values, against the gamma module, and vectorised against row by row
(hypothesis). Placement is tested in test_traffic_lights_placement.py."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forbedring.spc.errors import SpcDataError
from forbedring.spc.gamma import gamma_quantile
from forbedring.spc.traffic_lights import (
    DEVELOPMENT_LABELS,
    DevelopmentLight,
    describe_development,
    development,
)

IMPROVED, UNCHANGED, WORSENED = (
    DevelopmentLight.IMPROVED,
    DevelopmentLight.UNCHANGED,
    DevelopmentLight.WORSENED,
)
NO_DATA = DevelopmentLight.NO_DATA


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def binomial_at_least(k: int, n: int, p: float) -> float:
    return math.fsum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))


def solve(f: Any, lo: float, hi: float) -> float:
    """Bisection of an increasing f to its root: slow and obviously right."""
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


# Newcombe (1998), Stat Med 17:873-890, Table II, method 10 (score, no continuity correction):
# (current events, cases, previous events, cases) -> published 95 % limits of p1 - p0.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),  # (a)
    ((9, 10, 3, 10), (0.1705, 0.8090)),  # (b)
    ((6, 7, 2, 7), (0.0582, 0.8062)),  # (c)
    ((5, 56, 0, 29), (-0.0381, 0.1926)),  # (d)
    ((0, 10, 0, 20), (-0.1611, 0.2775)),  # (e)
    ((0, 10, 0, 10), (-0.2775, 0.2775)),  # (f)
    ((10, 10, 0, 20), (0.6791, 1.0000)),  # (g)
    ((10, 10, 0, 10), (0.6075, 1.0000)),  # (h)
]


def test_development_of_proportions_matches_newcombe_table_ii() -> None:
    rows = np.array([case for case, _ in NEWCOMBE_TABLE_II], dtype=float)
    result = development(
        rows[:, 2], rows[:, 3], rows[:, 0], rows[:, 1], data_type="pr", higher_is_better=True
    )
    published = np.array([limits for _, limits in NEWCOMBE_TABLE_II])
    # Published to 4 decimals: agreement within rounding.
    assert np.max(np.abs(result.lower - published[:, 0])) < 5e-5
    assert np.max(np.abs(result.upper - published[:, 1])) < 5e-5
    assert result.estimate[0] == pytest.approx(0.2)  # 56/70 - 48/80 = 0.8 - 0.6
    assert result.light.tolist() == [
        IMPROVED,
        IMPROVED,
        IMPROVED,
        UNCHANGED,
        UNCHANGED,
        UNCHANGED,
        IMPROVED,
        IMPROVED,
    ]


def test_development_of_rates_gives_hand_derived_exact_limits() -> None:
    # One event in each period: pi's lower limit solves 1 - (1 - pi)^2 = 0.025, so
    # R_L = pi / (1 - pi) = 1 / sqrt(0.975) - 1 and, by symmetry, R_U = 1 / R_L.
    # 0 now vs 10 before: R_U = 0.025^(-1/10) - 1. 10 now vs 0 before: R_L = 1 / that.
    result = development(
        arr(1, 10, 0),
        arr(1000, 1000, 1000),
        arr(1, 0, 10),
        arr(1000, 1000, 1000),
        data_type="rc",
        higher_is_better=False,
    )
    r_low = 1 / math.sqrt(0.975) - 1
    r_up = 0.025 ** (-1 / 10) - 1
    assert result.lower[0] == pytest.approx(r_low, rel=1e-12)
    assert result.upper[0] == pytest.approx(1 / r_low, rel=1e-12)
    assert (result.lower[1], result.upper[1]) == (0.0, pytest.approx(r_up, rel=1e-12))
    assert (result.lower[2], result.upper[2]) == (pytest.approx(1 / r_up, rel=1e-12), math.inf)
    assert result.estimate.tolist() == [1.0, 0.0, math.inf]
    # Lower is better: fewer events is an improvement, more a worsening.
    assert result.light.tolist() == [UNCHANGED, IMPROVED, WORSENED]


def test_development_of_rates_is_the_binomial_relation_with_exposures() -> None:
    # 3 events among 20,000 now, 7 among 10,000 before: given 10 events, the current ones are
    # Binomial(10, pi) with R = pi / (1 - pi) * 10,000 / 20,000. Lower limit of pi: the pi with
    # P(X >= 3) = 0.025; upper: the pi with P(X <= 3) = 0.025. Solved here by bisection.
    pi_low = solve(lambda p: binomial_at_least(3, 10, p) - 0.025, 0.0, 1.0)
    pi_up = solve(lambda p: 0.025 - (1 - binomial_at_least(4, 10, p)), 0.0, 1.0)
    result = development(
        arr(7), arr(10_000), arr(3), arr(20_000), data_type="rc", higher_is_better=False
    )
    assert result.estimate[0] == pytest.approx((3 / 20_000) / (7 / 10_000))
    assert result.lower[0] == pytest.approx(pi_low / (1 - pi_low) * 0.5, rel=1e-10)
    assert result.upper[0] == pytest.approx(pi_up / (1 - pi_up) * 0.5, rel=1e-10)
    # pi_up = 0.6525, so R_U = 0.94 < 1: the rate fell, and lower is better.
    assert result.upper[0] == pytest.approx(0.9387, abs=1e-4)
    assert result.light[0] == IMPROVED


def test_development_of_rates_tends_to_garwood_limits_of_the_gamma_module() -> None:
    # With a previous period of 10^12 events in 10^12 person-years, its rate is 1 almost
    # without error, so the ratio's limits are the exact Poisson (Garwood) limits of x / t:
    # qgamma(0.025, x) / t and qgamma(0.975, x + 1) / t, from the gamma module.
    x = arr(1, 4, 17, 250)
    t = arr(3.0, 10.0, 12.5, 400.0)
    big = np.full(4, 1e12)
    result = development(big, big, x, t, data_type="sr", higher_is_better=False)
    garwood_low = gamma_quantile(x, 0.975) / t
    garwood_up = gamma_quantile(x + 1, 0.025) / t
    assert np.allclose(result.lower, garwood_low, rtol=1e-5)
    assert np.allclose(result.upper, garwood_up, rtol=1e-5)


def test_development_direction_flips_improved_and_worsened() -> None:
    args = (arr(100, 100, 100), arr(1000, 1000, 1000), arr(200, 101, 20), arr(1000, 1000, 1000))
    up = development(*args, data_type="pr", higher_is_better=True)
    down = development(*args, data_type="pr", higher_is_better=False)
    assert up.light.tolist() == [IMPROVED, UNCHANGED, WORSENED]
    assert down.light.tolist() == [WORSENED, UNCHANGED, IMPROVED]
    assert np.array_equal(up.lower, down.lower) and np.array_equal(up.upper, down.upper)


def test_development_no_data_for_missing_or_zero_denominators() -> None:
    nan = math.nan
    result = development(
        arr(nan, 1, 1, 1, 0),
        arr(10, 0, 10, 10, 10),
        arr(1, 1, 1, nan, 0),
        arr(10, 10, 0, 10, 10),
        data_type="pr",
        higher_is_better=True,
    )
    assert result.light.tolist() == [NO_DATA] * 4 + [UNCHANGED]
    assert np.isnan(result.estimate[:4]).all() and np.isnan(result.lower[:4]).all()
    assert DEVELOPMENT_LABELS[result.light[0]] == "no_data"


def test_development_of_rates_without_events_is_unchanged() -> None:
    result = development(
        arr(0), arr(5000), arr(0), arr(5100), data_type="rc", higher_is_better=False
    )
    assert result.light[0] == UNCHANGED
    assert math.isnan(result.estimate[0])
    assert (result.lower[0], result.upper[0]) == (0.0, math.inf)


def test_development_refuses_impossible_values_naming_the_row() -> None:
    with pytest.raises(SpcDataError, match="row 1: the numerator"):
        development(
            arr(1, 1), arr(10, 10), arr(1, -1), arr(10, 10), data_type="rc", higher_is_better=True
        )
    with pytest.raises(SpcDataError, match="row 0: a numerator exceeds"):
        development(arr(11), arr(10), arr(1), arr(10), data_type="pr", higher_is_better=True)
    with pytest.raises(SpcDataError, match="row 1: data_type"):
        development(
            arr(1, 1),
            arr(10, 10),
            arr(1, 1),
            arr(10, 10),
            data_type=["pr", "xx"],
            higher_is_better=True,
        )
    with pytest.raises(SpcDataError, match="confidence level"):
        development(
            arr(1), arr(10), arr(1), arr(10), data_type="pr", higher_is_better=True, level=95
        )


def test_development_level_widens_the_interval() -> None:
    args = (arr(20), arr(100), arr(34), arr(100))  # 20 % -> 34 %
    at95 = development(*args, data_type="pr", higher_is_better=True)
    at99 = development(*args, data_type="pr", higher_is_better=True, level=0.99)
    assert at99.lower[0] < at95.lower[0] and at99.upper[0] > at95.upper[0]
    assert (at95.light[0], at99.light[0]) == (IMPROVED, UNCHANGED)
    assert at95.z == pytest.approx(1.959963984540054, rel=2e-15)
    assert "99 %" in at99.description(0) and "Newcombe" in at99.description(0)


def test_development_describes_its_method_per_type() -> None:
    assert "Newcombe" in describe_development("pr") and "95 %" in describe_development("pr")
    assert "Clopper-Pearson" in describe_development("rc")
    assert "expected counts are taken as fixed" in describe_development("sr")
    result = development(
        arr(1, 1),
        arr(10, 10),
        arr(1, 1),
        arr(10, 10),
        data_type=["pr", "sr"],
        higher_is_better=[True, False],
    )
    assert (result.method(0), result.method(1)) == (
        "newcombe-hybrid-score",
        "poisson-exact-conditional",
    )


@st.composite
def rows(draw: Any) -> dict[str, Any]:
    """Rows of any type and direction, some missing or with a zero denominator."""
    count = draw(st.integers(1, 25))
    out: dict[str, list[Any]] = {k: [] for k in ("o0", "e0", "o1", "e1", "type", "better")}
    for _ in range(count):
        kind = draw(st.sampled_from(["pr", "rc", "sr"]))
        e0, e1 = (draw(st.sampled_from([0.0, float(draw(st.integers(1, 5000)))])) for _ in range(2))
        top0 = int(e0) if kind == "pr" else 400
        top1 = int(e1) if kind == "pr" else 400
        o0 = float(draw(st.integers(0, top0)))
        o1 = draw(st.sampled_from([math.nan, float(draw(st.integers(0, top1)))]))
        better = draw(st.booleans())
        for key, value in zip(out, (o0, e0, o1, e1, kind, better), strict=True):
            out[key].append(value)
    return out


@settings(max_examples=40, deadline=None)
@given(rows(), st.sampled_from([0.8, 0.95, 0.998]))
def test_development_vectorised_equals_row_by_row(data: dict[str, Any], level: float) -> None:
    columns = [np.array(data[k], dtype=float) for k in ("o0", "e0", "o1", "e1")]
    whole = development(
        *columns, data_type=data["type"], higher_is_better=data["better"], level=level
    )
    for i in range(len(data["type"])):
        one = development(
            *(c[i : i + 1] for c in columns),
            data_type=data["type"][i],
            higher_is_better=data["better"][i],
            level=level,
        )
        for name in ("estimate", "lower", "upper", "light"):
            assert np.array_equal(
                getattr(whole, name)[i : i + 1], getattr(one, name), equal_nan=True
            ), (i, name)
    # The interval holds the estimate wherever there is one.
    has = ~np.isnan(whole.estimate)
    assert np.all(whole.lower[has] <= whole.estimate[has] + 1e-12)
    assert np.all(whole.upper[has] >= whole.estimate[has] - 1e-12)
