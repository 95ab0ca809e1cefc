"""A slow, obviously correct twin of :func:`forbedring.spc.qic`: one series at a time, in plain
Python, written straight from qicharts2 0.8.1's R code (``R/helper.functions.R``) as documented
in ``shared/reference/README.md``. The vectorised engine is checked against it.

Plain lists and loops, no numpy, no cleverness; NaN stands for R's NA and NaN alike.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

NAN = math.nan


def isnan(v: float) -> bool:
    return math.isnan(v)


def r_sum(values: list[float]) -> float:
    return math.fsum(v for v in values if not isnan(v))


def r_mean(values: list[float]) -> float:
    present = [v for v in values if not isnan(v)]
    if not present:
        return NAN
    if any(math.isinf(v) for v in present):
        return sum(present) / len(present)
    return math.fsum(present) / len(present)


def r_median(values: list[float]) -> float:
    present = [v for v in values if not isnan(v)]
    return statistics.median(present) if present else NAN


def r_sd(values: list[float]) -> float:
    present = [v for v in values if not isnan(v)]
    if len(present) < 2:
        return NAN
    m = r_mean(present)
    return math.sqrt(math.fsum((v - m) ** 2 for v in present) / (len(present) - 1))


def floor0(v: float) -> float:
    """R's ``v[v < 0] <- 0``: missing stays missing."""
    return v if isnan(v) else max(0.0, v)


def divide(a: float, b: float) -> float:
    if isnan(a) or isnan(b):
        return NAN
    if b == 0:
        return NAN if a == 0 else math.copysign(math.inf, a)
    return a / b


def sqrt(v: float) -> float:
    return math.sqrt(v) if not isnan(v) and v >= 0 else NAN


@dataclass
class Point:
    x: float
    y: float
    y_sum: float
    y_length: float
    y_mean: float
    y_sd: float
    n: float
    xx: int = 0
    part: int = 1
    baseline: bool = True
    include: bool = True
    cl: float = NAN
    lcl: float = NAN
    ucl: float = NAN
    stats: dict[str, float] = field(default_factory=dict)
    runs_signal: bool = False
    sigma_signal: bool = False


def subgroups(rows: list[tuple[float, float, float]], got_n: bool, agg: str) -> list[Point]:
    """Rows (x, y, n) of one series to subgroups in x order (qicharts2 ``qic.agg``)."""
    by_x: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for x, y, n in rows:
        if isnan(x):
            continue
        if got_n and (isnan(y) or isnan(n)):
            y, n = NAN, NAN
        by_x[x].append((y, n))
    points = []
    for x in sorted(by_x):
        ys = [y for y, _ in by_x[x]]
        ns = [n for _, n in by_x[x]]
        present = [y for y in ys if not isnan(y)]
        y_sum = ys[0] if len(ys) == 1 else r_sum(ys)
        n_sum = r_sum(ns) if got_n else NAN
        if got_n:
            value = divide(r_sum(ys), n_sum)
        elif agg == "mean":
            value = r_mean(ys)
        elif agg == "median":
            value = r_median(ys)
        else:
            value = r_sum(ys)
        points.append(Point(x, value, y_sum, float(len(present)), r_mean(ys), r_sd(ys), n_sum))
    return points


def moving_ranges(values: list[float]) -> list[float]:
    return [abs(b - a) for a, b in pairwise(values)]


def screened_mean(values: list[float], screen: bool, factor: float = 3.267) -> float:
    mean = r_mean(values)
    if screen:
        mean = r_mean([v for v in values if not isnan(v) and v < factor * mean])
    return mean


def c4(n: float) -> float:
    if isnan(n) or n <= 1:
        return NAN
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def chart_lines(
    pts: list[Point], chart: str, cl_user: float | None, screen: bool, text_x: bool
) -> None:
    """Set y (for charts that transform it), cl, lcl and ucl on the points of one phase."""
    base = [p for p in pts if p.baseline and p.include]
    by = [p.y for p in base]

    def centre(computed: float) -> float:
        return computed if cl_user is None else cl_user

    def symmetric(sigmas: list[float]) -> None:
        for p, s in zip(pts, sigmas, strict=True):
            p.lcl, p.ucl = p.cl - 3 * s, p.cl + 3 * s

    if chart == "run":
        cl = centre(r_median(by))
        for p in pts:
            p.cl = cl
    elif chart in ("i", "t"):
        if chart == "t":
            for p in pts:
                p.y = p.y ** (1 / 3.6)
            by = [p.y for p in base]
        cl = centre(r_mean(by))
        amr = screened_mean(moving_ranges([y - cl for y in by]), screen)
        for p in pts:
            p.cl = cl
        symmetric([amr / 1.128] * len(pts))
        if chart == "t":
            for p in pts:
                p.y, p.cl, p.ucl = p.y**3.6, p.cl**3.6, p.ucl**3.6
                low = p.lcl**3.6 if p.lcl >= 0 else NAN
                p.lcl = 0.0 if isnan(low) else low
    elif chart == "mr":
        ys = [p.y for p in pts]
        for p, mr in zip(pts, [NAN, *moving_ranges(ys)], strict=True):
            p.y = mr
        cl = centre(r_mean([p.y for p in base]))
        for p in pts:
            p.cl, p.lcl, p.ucl = cl, 0.0, 3.267 * cl
    elif chart in ("xbar", "s"):
        varying = len({p.y_length for p in pts}) > 1
        if varying:
            num = r_sum([(p.y_length - 1) * p.y_sd**2 for p in base])
            den = r_sum([p.y_length - 1 for p in base])
            s_bar = sqrt(divide(num, den))
        else:
            s_bar = r_mean([p.y_sd for p in base])
        if chart == "xbar":
            cl = centre(
                divide(
                    r_sum([p.y_length * p.y_mean for p in base]), r_sum([p.y_length for p in base])
                )
            )
            for p in pts:
                p.cl = cl
                a3 = 3 / (c4(p.y_length) * math.sqrt(p.y_length)) if p.y_length > 1 else NAN
                p.lcl, p.ucl = cl - a3 * s_bar, cl + a3 * s_bar
        else:
            cl = centre(s_bar)
            for p in pts:
                p.y, p.cl = p.y_sd, cl
                c = c4(p.y_length)
                ratio = math.sqrt(1 - c**2) / c if not isnan(c) else NAN
                p.lcl = NAN if isnan(ratio) else max(0.0, 1 - 3 * ratio) * cl
                p.ucl = (1 + 3 * ratio) * cl
    elif chart in ("p", "pp", "u", "up"):
        cl = centre(divide(r_sum([p.y_sum for p in base]), r_sum([p.n for p in base])))
        if chart in ("p", "pp"):
            sigmas = [sqrt(divide(cl * (1 - cl), p.n)) for p in pts]
        else:
            sigmas = [sqrt(divide(cl, p.n)) for p in pts]
        if chart in ("pp", "up"):
            z = [
                divide(p.y - cl, s)
                for p, s in zip(pts, sigmas, strict=True)
                if p.baseline and p.include
            ]
            if text_x:
                sigma_z = NAN if any(isnan(v) for v in z) else r_sd(z)
            else:
                sigma_z = screened_mean(moving_ranges(z), screen) / 1.128
            sigmas = [s * sigma_z for s in sigmas]
        for p, s in zip(pts, sigmas, strict=True):
            p.cl = cl
            p.lcl, p.ucl = cl - 3 * s, cl + 3 * s
            if math.isfinite(p.lcl) and p.lcl < 0:
                p.lcl = 0.0
            if chart in ("p", "pp") and math.isfinite(p.ucl) and p.ucl > 1:
                p.ucl = 1.0
    elif chart == "c":
        for p in pts:
            p.y = p.y_sum
        cl = centre(r_mean([p.y for p in base]))
        for p in pts:
            p.cl, p.lcl, p.ucl = cl, floor0(cl - 3 * sqrt(cl)), cl + 3 * sqrt(cl)
    elif chart == "g":
        m = centre(r_mean(by))
        s = sqrt(m * (m + 1))
        shown = r_median(by) if cl_user is None else 0.693 * cl_user
        for p in pts:
            p.cl, p.lcl, p.ucl = shown, floor0(m - 3 * s), m + 3 * s
    elif chart == "ip":
        ns = [p.n for p in pts]
        if all(isnan(n) for n in ns):
            ns = [p.y_length for p in pts]
        cl = centre(
            divide(
                r_sum([p.y * n for p, n in zip(pts, ns, strict=True) if p.baseline and p.include]),
                r_sum([n for p, n in zip(pts, ns, strict=True) if p.baseline and p.include]),
            )
        )
        s = [
            divide(math.sqrt(math.pi / 2) * abs(b.y - a.y), sqrt(divide(1, na) + divide(1, nb)))
            for a, b, na, nb in zip(pts, pts[1:], ns, ns[1:], strict=False)
        ]
        mean_s = screened_mean(s, screen, 3.2665)
        for p, n in zip(pts, ns, strict=True):
            p.cl = cl
            sigma = mean_s * sqrt(divide(1, n))
            p.lcl, p.ucl = cl - 3 * sigma, cl + 3 * sigma
    else:  # pragma: no cover
        raise AssertionError(chart)


def min_crossings(n: int) -> int:
    m = max(n - 1, 0)
    cumulative = 0.0
    for k in range(m + 1):
        cumulative += math.comb(m, k) / 2**m
        if cumulative >= 0.05:
            return k
    return m


def runs(pts: list[Point]) -> None:
    """Anhøj analysis of one phase, stored on every point of it."""
    sides = []
    for p in pts:
        if not p.include:
            continue
        d = p.y - p.cl
        if not isnan(d) and d != 0:
            sides.append(1 if d > 0 else -1)
    n = len(sides)
    if n:
        lengths, current = [], 1
        for a, b in pairwise(sides):
            if a == b:
                current += 1
            else:
                lengths.append(current)
                current = 1
        lengths.append(current)
        longest, crossings = max(lengths), len(lengths) - 1
        run_max, cross_min = round(math.log2(n)) + 3, min_crossings(n)
        signal = longest > run_max or crossings < cross_min
    else:
        longest = crossings = run_max = cross_min = NAN
        signal = False
    n_obs = sum(p.include for p in pts)
    for p in pts:
        p.stats = {"n_obs": n_obs, "n_useful": n, "longest_run": longest,
                   "longest_run_max": run_max, "n_crossings": crossings,
                   "n_crossings_min": cross_min}  # fmt: skip
        p.runs_signal = signal


def twin_qic(
    rows: list[tuple[float, float, float]],
    *,
    chart: str,
    got_n: bool,
    part: list[int] | None = None,
    freeze: int | None = None,
    exclude: tuple[int, ...] = (),
    multiply: float = 1.0,
    cl: float | None = None,
    agg: str = "mean",
    screen_mr: bool = True,
    text_x: bool = False,
) -> list[Point]:
    """One series, the qicharts2 way. ``y_neg`` is left to the caller (it spans all series)."""
    pts = subgroups(rows, got_n, agg)
    cuts = sorted({c for c in (part or []) if 1 <= c < len(pts)})
    for i, p in enumerate(pts, start=1):
        p.xx = i
        p.part = 1 + sum(c < i for c in cuts)
        p.baseline = bool(part) or freeze is None or i <= freeze
        p.include = i not in exclude
    for k in sorted({p.part for p in pts}):
        phase = [p for p in pts if p.part == k]
        chart_lines(phase, chart, cl, screen_mr, text_x)
        runs(phase)
    for p in pts:
        p.y, p.cl, p.lcl, p.ucl = (v * multiply for v in (p.y, p.cl, p.lcl, p.ucl))
        p.lcl = p.lcl if math.isfinite(p.lcl) else NAN
        p.ucl = p.ucl if math.isfinite(p.ucl) else NAN
        p.sigma_signal = (p.y > p.ucl) or (p.y < p.lcl)
        if chart == "mr" or text_x:
            p.runs_signal = False
    return pts
