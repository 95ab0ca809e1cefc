"""The vectorised engine agrees with its slow, obviously correct twin on generated data.

Many series go through :func:`forbedring.spc.qic` in one call; each is then recomputed on its
own by ``tests/spc/qic_twin.py``, written straight from qicharts2's R code.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forbedring.spc import qic
from tests.spc.qic_twin import twin_qic

COUNT_CHARTS = ("c", "g")
RATE_CHARTS = ("p", "pp", "u", "up", "ip")
MEASURE_CHARTS = ("run", "i", "mr", "t")
SUBGROUP_CHARTS = ("xbar", "s")


@st.composite
def chart_case(draw: st.DrawFn) -> dict[str, object]:
    chart = draw(st.sampled_from(COUNT_CHARTS + RATE_CHARTS + MEASURE_CHARTS + SUBGROUP_CHARTS))
    n_series = draw(st.integers(1, 3))
    rows: list[tuple[int, float, float, float]] = []
    for series in range(n_series):
        length = draw(st.integers(1, 24))
        for x in range(1, length + 1):
            copies = draw(st.integers(1, 4)) if chart in SUBGROUP_CHARTS else 1
            for _ in range(copies):
                n = float(draw(st.integers(1, 60)))
                if chart in ("p", "pp"):
                    y = float(draw(st.integers(0, int(n))))
                elif chart == "t":
                    y = float(draw(st.integers(1, 90)))
                else:
                    y = float(draw(st.integers(0, 25)))
                if chart != "t" and draw(st.integers(0, 14)) == 0:
                    y = math.nan
                rows.append((series, float(x), y, n))
    longest = max(int(r[1]) for r in rows)
    positions = st.integers(1, longest)
    return {
        "chart": chart,
        "rows": draw(st.permutations(rows)),
        "got_n": chart in RATE_CHARTS,
        "part": draw(st.lists(positions, max_size=2)) or None,
        "freeze": draw(st.none() | positions),
        "exclude": tuple(draw(st.lists(positions, max_size=2))),
        "multiply": draw(st.sampled_from([1.0, 100.0])),
        "cl": draw(st.none() | st.just(5.0)) if chart not in (*RATE_CHARTS, "t") else None,
        "agg": draw(st.sampled_from(["mean", "median", "sum"]))
        if chart in MEASURE_CHARTS
        else "mean",
        "screen_mr": draw(st.booleans()),
    }


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_case())
def test_qic_batch_matches_per_series_twin(case: dict[str, object]) -> None:
    rows = case["rows"]
    assert isinstance(rows, list)
    series = np.array([r[0] for r in rows])
    options = {
        k: case[k]
        for k in ("chart", "part", "freeze", "exclude", "multiply", "cl", "agg", "screen_mr")
    }
    result = qic(
        [r[2] for r in rows],
        x=[r[1] for r in rows],
        n=[r[3] for r in rows] if case["got_n"] else None,
        series=series,
        **options,  # type: ignore[arg-type]
    )
    for s in sorted(set(series.tolist())):
        mine = np.flatnonzero(result.series == s)
        twin = twin_qic(
            [(r[1], r[2], r[3]) for r in rows if r[0] == s],
            got_n=bool(case["got_n"]),
            **options,  # type: ignore[arg-type]
        )
        assert len(mine) == len(twin)
        for i, p in zip(mine, twin, strict=True):
            where = f"series {s}, x {p.x}"
            assert result.x[i] == p.x, where
            for name in ("y", "cl", "lcl", "ucl"):
                assert close(float(getattr(result, name)[i]), getattr(p, name)), (where, name)
            for name, value in p.stats.items():
                assert close(float(getattr(result, name)[i]), float(value)), (where, name)
            assert result.part[i] == p.part, where
            assert bool(result.runs_signal[i]) == p.runs_signal, where
            assert bool(result.sigma_signal[i]) == p.sigma_signal, where
