"""The vectorised Making Data Count engine against a slow, literal, one-series-at-a-time twin.

The twin below follows the NHSRplotthedots 0.2.2 source line by line with plain Python loops
(one series, one rebase group, one window at a time), so it is easy to check by eye. Hypothesis
draws batches of series (random noise and random walks, which make trends and runs likely),
missing values, rebase dates, targets and options; the batch engine must agree with the twin on
every point and every summary row. Values are multiples of 0.5 so sums are exact and both sides
round the same double.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from forbedring.spc import MdcResult, mdc

LIMIT = 2.66
NEAR = 2 * (LIMIT / 3)
SCREEN = 3.267


# --- The twin -------------------------------------------------------------------------------


def r_mean(values: list[float]) -> float:
    """R's mean(x, na.rm = TRUE): long-double sum, divide, then one refining pass."""
    present = [v for v in values if not math.isnan(v)]
    if not present:
        return math.nan
    n = np.longdouble(len(present))
    total = np.longdouble(0)
    for v in present:
        total += np.longdouble(v)
    mean = total / n
    if np.isfinite(mean):
        residual = np.longdouble(0)
        for v in present:
            residual += np.longdouble(v) - mean
        mean += residual / n
    return float(mean)


def sign(v: float) -> float:
    return math.nan if math.isnan(v) else float((v > 0) - (v < 0))


@dataclass
class TwinGroup:
    mean: float
    lpl: float
    upl: float
    types: list[str]


def twin_group(y: list[float], fix_after: int | None, screen: bool) -> TwinGroup:
    n = len(y)
    fix_y = [v if fix_after is None or i < fix_after else math.nan for i, v in enumerate(y)]
    mean = r_mean(fix_y)
    mr = [abs(fix_y[i] - fix_y[i - 1]) for i in range(1, n)]
    amr = r_mean(mr)
    if screen:
        mr = [m if m < SCREEN * amr else math.nan for m in mr]
        amr = r_mean(mr)
    lpl, upl = mean - (LIMIT * amr), mean + (LIMIT * amr)
    near_lpl, near_upl = mean - (NEAR * amr), mean + (NEAR * amr)
    outside = [v > upl or v < lpl for v in y]
    rtm = [sign(v - mean) for v in y]
    close = [not outside[i] and (y[i] < near_lpl or y[i] > near_upl) for i in range(n)]

    # 7-point trend: six strictly rising (or falling) steps ending at i.
    trend_end = [False] * n
    for i in range(6, n):
        steps = [y[j] - y[j - 1] for j in range(i - 5, i + 1)]
        trend_end[i] = all(s > 0 for s in steps) or all(s < 0 for s in steps)
    in_trend = [any(trend_end[i : i + 7]) for i in range(n)]

    # 2 in 3: a close point in a full window of 3 with >= 2 close points, all on one side.
    two_of_three = [False] * n
    for i in range(n):
        for start in (i - 2, i - 1, i):
            if start < 0 or start + 3 > n:
                continue
            window = range(start, start + 3)
            if sum(close[j] for j in window) >= 2 and abs(sum(rtm[j] for j in window)) == 3:
                two_of_three[i] = two_of_three[i] or close[i]

    # 7 points on one side: the same non-zero side at i and the 6 points before.
    run_end = [False] * n
    for i in range(6, n):
        run_end[i] = rtm[i] in (1.0, -1.0) and all(rtm[j] == rtm[i] for j in range(i - 6, i))
    in_run = [any(run_end[i : i + 7]) for i in range(n)]

    types: list[str] = []
    for i in range(n):
        side = "Above" if rtm[i] > 0 else "Below"
        if outside[i]:
            types.append("Above UCL" if rtm[i] == 1 else "Below LCL")
        elif in_trend[i]:
            if i + 1 < n and in_trend[i + 1]:
                step = sign(y[i + 1] - y[i])
            else:
                step = sign(y[i] - y[i - 1]) if i > 0 else 0.0
            types.append(f"7 Point Trend ({'In' if step == 1 else 'De'}creasing)")
        elif two_of_three[i]:
            types.append(f"2 in 3 {side} CL")
        elif in_run[i]:
            types.append(f"7 Points {side} CL")
        else:
            types.append("Common Cause")
    return TwinGroup(mean, lpl, upl, types)


def twin_point_type(special_cause: str, direction: str) -> str:
    high = "Above" in special_cause or "Increasing" in special_cause
    low = "Below" in special_cause or "Decreasing" in special_cause
    if not (high or low):
        return "common_cause"
    if direction == "neutral":
        return "special_cause_neutral_high" if high else "special_cause_neutral_low"
    improving = high if direction == "increase" else low
    return "special_cause_improvement" if improving else "special_cause_concern"


VARIATION_ICONS = {
    ("common_cause", "increase"): "common_cause",
    ("common_cause", "decrease"): "common_cause",
    ("common_cause", "neutral"): "common_cause",
    ("special_cause_improvement", "increase"): "improvement_high",
    ("special_cause_improvement", "decrease"): "improvement_low",
    ("special_cause_concern", "increase"): "concern_low",
    ("special_cause_concern", "decrease"): "concern_high",
    ("special_cause_neutral_high", "neutral"): "neutral_high",
    ("special_cause_neutral_low", "neutral"): "neutral_low",
}


def twin_assurance(target: float | None, lpl: float, upl: float, direction: str) -> str:
    if target is None or direction == "neutral":
        return ""
    if target > upl:
        return "fail" if direction == "increase" else "pass"
    if target < lpl:
        return "pass" if direction == "increase" else "fail"
    return "inconsistent"


@dataclass
class Series:
    dates: list[float]
    values: list[float]
    rebase: list[float]


@dataclass
class Batch:
    series: list[Series]
    shared_rebase: list[float]
    direction: str
    target: Any  # None, a float, or a list with one float (NaN: none) per series
    fix_after: int | None
    screen: bool
    order_seed: int


def twin(batch: Batch) -> tuple[dict[tuple[int, float], tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Per point (series, date) and per summary row, what NHSRplotthedots would give."""
    points: dict[tuple[int, float], tuple[Any, ...]] = {}
    summary: list[tuple[Any, ...]] = []
    for s, ser in enumerate(batch.series):
        pairs = sorted(zip(ser.dates, ser.values, strict=True))
        rebase_dates = set(ser.rebase) | set(batch.shared_rebase)
        group, groups = 0, []
        for date, _ in pairs:
            group += date in rebase_dates
            groups.append(group)
        distinct = sorted(set(groups))
        for g in distinct:
            members = [i for i, gi in enumerate(groups) if gi == g]
            y = [pairs[i][1] for i in members]
            result = twin_group(y, batch.fix_after, batch.screen)
            point_types = [twin_point_type(t, batch.direction) for t in result.types]
            for k, i in enumerate(members):
                points[(s, pairs[i][0])] = (g, result.mean, result.lpl, result.upl, point_types[k])
            flagged = sum(t != "Common Cause" for t in result.types)
            variation_icon = assurance_icon = ""
            if g == distinct[-1]:
                variation_icon = VARIATION_ICONS[(point_types[-1], batch.direction)]
                # With one target per series, NaN (none) falls through to "inconsistent".
                each = isinstance(batch.target, list)
                target = batch.target[s] if each else batch.target
                assurance_icon = twin_assurance(target, result.lpl, result.upl, batch.direction)
            summary.append(
                (
                    s,
                    g,
                    result.mean,
                    result.lpl,
                    result.upl,
                    len(y),
                    len(y) - flagged,
                    point_types.count("special_cause_improvement"),
                    point_types.count("special_cause_concern"),
                    variation_icon,
                    assurance_icon,
                )
            )
    return points, summary


# --- The engine on the same batch -----------------------------------------------------------


def run_engine(batch: Batch, shift: float = 0.0) -> MdcResult:
    values, dates, series = [], [], []
    for s, ser in enumerate(batch.series):
        values += [v + shift for v in ser.values]
        dates += ser.dates
        series += [s] * len(ser.dates)
    order = np.random.default_rng(batch.order_seed).permutation(len(values))
    rebase = list(batch.shared_rebase)
    owner = [-1] * len(rebase)
    for s, ser in enumerate(batch.series):
        rebase += ser.rebase
        owner += [s] * len(ser.rebase)
    target = batch.target
    if isinstance(target, float):
        target += shift
    elif isinstance(target, list):
        target = [t + shift for t in target]
    return mdc(
        np.asarray(values, dtype=float)[order],
        np.asarray(dates, dtype=float)[order],
        series=np.asarray(series, dtype=np.intp)[order],
        improvement=batch.direction,  # type: ignore[arg-type]
        target=target,
        rebase=rebase,
        rebase_series=owner,
        fix_after_n_points=batch.fix_after,
        screen_outliers=batch.screen,
    )


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


half_steps = st.integers(-10, 30).map(lambda v: v * 0.5)


@st.composite
def series_strategy(draw: st.DrawFn) -> Series:
    length = draw(st.integers(1, 30))
    # Distinct dates in time order, so the values below keep their shape along the chart.
    dates = sorted(float(d) for d in draw(st.permutations(range(40)))[:length])
    kind = draw(st.sampled_from(["noise", "walk", "zigzag"]))
    if kind == "noise":
        values = draw(st.lists(half_steps, min_size=length, max_size=length))
    elif kind == "walk":  # long runs on one side of the mean
        steps = draw(st.lists(st.integers(-2, 2), min_size=length, max_size=length))
        values = [float(v) for v in np.cumsum(steps)]
    else:  # rises and falls of 2 to 9 steps, sometimes flat: trends, ties and shared peaks
        values, level = [], 0.0
        while len(values) < length:
            direction = draw(st.sampled_from([1, -1]))
            for _ in range(draw(st.integers(2, 9))):
                level += direction * draw(st.sampled_from([0, 1, 1, 1, 2]))
                values.append(level)
        values = values[:length]
    missing = draw(st.lists(st.integers(0, length - 1), max_size=2))  # isolated or not
    for i in missing:
        values[i] = math.nan
    rebase = [float(d) for d in draw(st.lists(st.integers(0, 45), max_size=2))]
    return Series(dates, values, rebase)


@st.composite
def batch_strategy(draw: st.DrawFn) -> Batch:
    series = draw(st.lists(series_strategy(), min_size=1, max_size=4))
    kind = draw(st.sampled_from(["none", "one", "each"]))
    target: Any = None
    if kind == "one":
        target = draw(half_steps)
    elif kind == "each":
        target = [draw(half_steps | st.just(math.nan)) for _ in series]
    return Batch(
        series=series,
        shared_rebase=[float(d) for d in draw(st.lists(st.integers(0, 45), max_size=1))],
        direction=draw(st.sampled_from(["increase", "decrease", "neutral"])),
        target=target,
        fix_after=draw(st.sampled_from([None, 12, 15])),
        screen=draw(st.booleans()),
        order_seed=draw(st.integers(0, 2**32 - 1)),
    )


@settings(max_examples=300, deadline=None)
@given(batch_strategy())
def test_mdc_batch_matches_the_per_series_twin(batch: Batch) -> None:
    expected_points, expected_summary = twin(batch)
    result = run_engine(batch)
    p = result.points
    assert len(p.y) == len(expected_points)
    for i in range(len(p.y)):
        group, mean, lpl, upl, point_type = expected_points[(int(p.series[i]), float(p.x[i]))]
        assert p.rebase_group[i] == group
        assert same(p.mean[i], mean)
        assert same(p.lpl[i], lpl)
        assert same(p.upl[i], upl)
        assert p.point_type[i] == point_type, (i, p.special_cause_type[i])
    s = result.summary
    produced = [
        (
            int(s.series[k]),
            int(s.rebase_group[k]),
            float(s.mean[k]),
            float(s.lpl[k]),
            float(s.upl[k]),
            int(s.n[k]),
            int(s.common_cause[k]),
            int(s.special_cause_improvement[k]),
            int(s.special_cause_concern[k]),
            str(s.variation_icon[k]),
            str(s.assurance_icon[k]),
        )
        for k in range(len(s.n))
    ]
    assert len(produced) == len(expected_summary)
    for got, want in zip(produced, expected_summary, strict=True):
        assert got[:2] == want[:2]
        assert all(same(a, b) for a, b in zip(got[2:5], want[2:5], strict=True)), (got, want)
        assert got[5:] == want[5:], (got, want)


@settings(max_examples=100, deadline=None)
@given(batch_strategy(), st.integers(0, 2**32 - 1))
def test_mdc_row_order_does_not_change_the_result(batch: Batch, seed: int) -> None:
    first = run_engine(batch)
    batch.order_seed = seed
    second = run_engine(batch)
    for name in ("series", "x", "y", "mean", "lpl", "upl", "special_cause_code", "point_type_code"):
        np.testing.assert_array_equal(getattr(first.points, name), getattr(second.points, name))
    for name in ("mean", "upl", "n", "assurance_code", "variation_icon_code"):
        np.testing.assert_array_equal(getattr(first.summary, name), getattr(second.summary, name))


@settings(max_examples=100, deadline=None)
@given(batch_strategy(), st.integers(-1000, 1000))
def test_mdc_adding_a_constant_shifts_mean_and_limits(batch: Batch, shift: int) -> None:
    base = run_engine(batch).points
    moved = run_engine(batch, shift=float(shift)).points
    for name in ("mean", "lpl", "upl"):
        np.testing.assert_allclose(getattr(moved, name), getattr(base, name) + shift, atol=1e-9)
    # Means of half-integers are far from any rounding edge, so every side of the mean holds.
    np.testing.assert_array_equal(moved.relative_to_mean, base.relative_to_mean)
