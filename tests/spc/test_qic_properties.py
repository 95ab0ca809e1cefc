"""Properties of the engine that hold for any data (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from forbedring.spc import qic

values = st.lists(st.integers(0, 40).map(float), min_size=2, max_size=40)


@settings(max_examples=150, deadline=None)
@given(values, st.randoms(use_true_random=False), st.sampled_from(["run", "i", "c", "mr", "g"]))
def test_qic_row_order_does_not_matter(y: list[float], rnd: object, chart: str) -> None:
    x = list(range(len(y)))
    order = list(range(len(y)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    a = qic(y, x=x, chart=chart)  # type: ignore[arg-type]
    b = qic([y[i] for i in order], x=[x[i] for i in order], chart=chart)  # type: ignore[arg-type]
    for name in ("y", "cl", "lcl", "ucl", "longest_run", "n_crossings"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert np.array_equal(a.runs_signal, b.runs_signal)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=1, max_size=40))
def test_p_chart_limits_stay_within_unit_interval(pairs: list[tuple[int, int]]) -> None:
    y = [min(a, b) for a, b in pairs]
    n = [b for _, b in pairs]
    for chart in ("p", "pp"):
        r = qic(y, n=n, chart=chart)  # type: ignore[arg-type]
        for limit in (r.lcl, r.ucl):
            present = limit[~np.isnan(limit)]
            assert np.all((present >= 0) & (present <= 1))


@settings(max_examples=150, deadline=None)
@given(values, st.sampled_from([0.5, 2.0, 3.0, 1000.0]))
def test_i_chart_limits_scale_with_y(y: list[float], k: float) -> None:
    a = qic(y, chart="i")
    b = qic([v * k for v in y], chart="i")
    for name in ("cl", "lcl", "ucl"):
        assert np.allclose(
            getattr(a, name) * k, getattr(b, name), rtol=1e-9, atol=1e-9, equal_nan=True
        )
    assert np.array_equal(a.sigma_signal, b.sigma_signal)


@settings(max_examples=100, deadline=None)
@given(values, st.floats(-100, 100, allow_nan=False))
def test_i_chart_shift_moves_centre_and_limits(y: list[float], c: float) -> None:
    a = qic(y, chart="i")
    b = qic([v + c for v in y], chart="i")
    for name in ("cl", "lcl", "ucl"):
        assert np.allclose(
            getattr(a, name) + c, getattr(b, name), rtol=1e-9, atol=1e-9, equal_nan=True
        )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 200)), min_size=2, max_size=40))
def test_multiplier_scales_output_only(pairs: list[tuple[int, int]]) -> None:
    y = [a for a, _ in pairs]
    n = [b for _, b in pairs]
    a = qic(y, n=n, chart="u")
    b = qic(y, n=n, chart="u", multiply=1000)
    assert np.allclose(a.ucl * 1000, b.ucl, rtol=1e-12, equal_nan=True)
    assert np.array_equal(a.runs_signal, b.runs_signal)
    assert np.array_equal(a.sigma_signal, b.sigma_signal)
