"""Funnel plot limits at each unit's denominator, as FunnelPlotR 0.6.0 draws them.

Exact Poisson limits for standardised ratios, normal-approximation limits on the transformed
scale (log, square root or arcsine) for everything else, each widened by the overdispersion
variance tau2 when that is given. All functions take every unit at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from forbedring.spc.gamma import gamma_quantile
from forbedring.spc.segments import FloatArray

DataType = Literal["pr", "sr", "rc"]
SrMethod = Literal["shmi", "cqc"]

# The two-sided 95 % and 99.8 % normal quantiles as FunnelPlotR writes them, truncated to six
# decimals (R/calculate_limits.R; qnorm(0.975) = 1.959963984540054 and qnorm(0.999) =
# 3.090232306167813). The reference cases agree only with the truncated values.
Z95 = 1.959964
Z998 = 3.090232

# Upper-tail probabilities of the exact Poisson limits (Spiegelhalter, Stat Med 2005;24:1185,
# via the chi-square relation of Ulm 1990): the lower limit puts 2.5 % (0.1 %) below it.
POISSON_TAILS = {"95": (0.975, 0.025), "998": (0.999, 0.001)}

# FunnelPlotR computes its PR limits on a grid from 3 to ceiling(max n) with 1,000 points, plus
# every unit's own denominator (R/build_limits_lookup.R), and corrects them against the next
# grid row (see :func:`apply_pr_grid_rule`).
PR_GRID_FROM = 3.0
GRID_POINTS = 1000

# R's round() leaves a number alone when rounding at the asked place is below the precision of
# a double: log10(x) + digits > DBL_DIG (R src/nmath/fround.c).
DBL_DIG = 15
LOG10_2 = float(np.log10(2.0))


@dataclass(frozen=True)
class Limits:
    """Lower and upper limits at 95 % and 99.8 % (already multiplied)."""

    lcl95: FloatArray
    ucl95: FloatArray
    lcl998: FloatArray
    ucl998: FloatArray

    def at(self, level: Literal["95", "998"]) -> tuple[FloatArray, FloatArray]:
        return (self.lcl95, self.ucl95) if level == "95" else (self.lcl998, self.ucl998)


def r_round(x: FloatArray, digits: int) -> FloatArray:
    """R >= 4.0's ``round(x, digits)``: the nearer of the two decimal neighbours, ties to even.

    The neighbours floor(x 10^d) / 10^d and ceiling(x 10^d) / 10^d are compared with x in
    double arithmetic, which is not the same as rounding the stored binary value correctly:
    616.635 becomes 616.64 here, 616.63 by Python's ``round`` (R src/nmath/fround.c).
    """
    sign = np.where(x < 0, -1.0, 1.0)
    ax = np.abs(x)
    pow10 = 10.0**digits
    x10 = pow10 * ax
    i10 = np.floor(x10)
    down = i10 / pow10
    up = np.ceil(x10) / pow10
    du, dd = up - ax, ax - down
    rounded = np.where((du < dd) | ((du == dd) & (np.fmod(i10, 2.0) == 1.0)), up, down)
    with np.errstate(divide="ignore"):
        _, exponent = np.frexp(ax)
        # logb(x) = exponent - 1 for frexp's mantissa in [0.5, 1).
        l10x = LOG10_2 * (0.5 + (exponent - 1))
    keep = (l10x + digits > DBL_DIG) | (ax == 0) | ~np.isfinite(ax)
    return np.asarray(np.where(keep, x, sign * rounded), dtype=np.float64)


def poisson_limits(expected: FloatArray, multiplier: float) -> Limits:
    """Exact Poisson limits of O/E around 1: ``qchisq(1 - a, 2E) / 2 / E`` below and
    ``qchisq(a, 2(E + 1)) / 2 / E`` above, upper tails (FunnelPlotR R/calculate_limits.R).

    The chi-square quantile with 2E degrees of freedom, halved, is the gamma quantile of shape E.
    """
    # Each distinct expected count once: they repeat often (whole numbers, 2-dp rounding).
    distinct, inverse = np.unique(expected, return_inverse=True)
    shapes = np.stack([distinct, distinct + 1.0, distinct, distinct + 1.0])
    tails = np.array([*POISSON_TAILS["95"], *POISSON_TAILS["998"]])[:, None]
    quantiles = gamma_quantile(shapes, tails)[:, inverse]
    with np.errstate(divide="ignore", invalid="ignore"):
        q = multiplier * quantiles / expected
    return Limits(q[0], q[1], q[2], q[3])


def normal_limits(
    data_type: DataType,
    sr_method: SrMethod,
    denominator: FloatArray,
    target: float,
    tau2: float,
    multiplier: float,
) -> Limits:
    """Limits on the transformed scale, with the overdispersion variance tau2 added.

    With tau2 = 0 these are FunnelPlotR's unadjusted PR and RC limits; with tau2 they are its
    "OD" limits for every type (Spiegelhalter, QSHC 2005;14:347, additive random effect). PR
    and RC use the arcsine standard error 1/(2 sqrt(n)) also for RC, as the package does.
    """
    m = multiplier
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if data_type == "sr" and sr_method == "shmi":
            spread = np.sqrt(1.0 / denominator + tau2)
            return Limits(
                m * np.exp(-Z95 * spread),
                m * np.exp(Z95 * spread),
                m * np.exp(-Z998 * spread),
                m * np.exp(Z998 * spread),
            )
        spread = np.sqrt(1.0 / (4.0 * denominator) + tau2)
        if data_type == "sr":
            # Square-root scale around 1; not clamped, so it may go below 0 (as the package).
            return Limits(
                m * (1.0 - Z95 * spread),
                m * (1.0 + Z95 * spread),
                m * (1.0 - Z998 * spread),
                m * (1.0 + Z998 * spread),
            )
        if data_type == "rc":
            centre = np.log(target)
            return Limits(
                m * np.exp(centre - Z95 * spread),
                m * np.exp(centre + Z95 * spread),
                m * np.exp(centre - Z998 * spread),
                m * np.exp(centre + Z998 * spread),
            )
        centre = np.arcsin(np.sqrt(target))

        def proportion(argument: FloatArray) -> FloatArray:
            return np.asarray(np.clip(m * np.sin(argument) ** 2, 0.0, m), dtype=np.float64)

        return Limits(
            proportion(centre - Z95 * spread),
            proportion(centre + Z95 * spread),
            proportion(centre - Z998 * spread),
            proportion(centre + Z998 * spread),
        )


def pr_grid(denominator: FloatArray) -> FloatArray:
    """FunnelPlotR's limits grid for PR: ``seq(3, ceiling(max n), length.out = 1000)`` plus the
    units' denominators, sorted and de-duplicated.

    R's ``seq()`` is rebuilt exactly, ``c(from, from + (1:998) * ((to - from) / 999), to)``,
    because the grid row after a unit decides its limits (see :func:`apply_pr_grid_rule`).
    """
    start = PR_GRID_FROM
    stop = float(np.ceil(np.max(denominator)))
    if start == stop:
        sequence = np.array([start])
    else:
        inner = start + np.arange(1, GRID_POINTS - 1) * ((stop - start) / (GRID_POINTS - 1))
        sequence = np.concatenate([[start], inner, [stop]])
    return np.unique(np.concatenate([sequence, denominator]))


def apply_pr_grid_rule(
    limits: Limits, next_limits: Limits, has_next: np.ndarray, multiplier: float
) -> Limits:
    """FunnelPlotR's correction of PR limits against the next grid row (R/calculate_limits.R).

    The arcsine limits turn back where sin's argument leaves [0, pi/2], i.e. at the smallest
    denominators. The package then sets a lower limit that exceeds the next row's to 0 and an
    upper limit below the next row's to the multiplier, comparing values before replacement.
    The last grid row is never changed. Reproduced as is: it mostly gives the intended 0 or
    100 %, but it leaves the last row before the turn (and, when the argument is negative on
    the whole grid, the largest unit) with the turned-back value.
    """

    def lower(own: FloatArray, following: FloatArray) -> FloatArray:
        return np.asarray(np.where(has_next & (own > following), 0.0, own), dtype=np.float64)

    def upper(own: FloatArray, following: FloatArray) -> FloatArray:
        return np.asarray(np.where(has_next & (own < following), multiplier, own), dtype=np.float64)

    return Limits(
        lower(limits.lcl95, next_limits.lcl95),
        upper(limits.ucl95, next_limits.ucl95),
        lower(limits.lcl998, next_limits.lcl998),
        upper(limits.ucl998, next_limits.ucl998),
    )


def unit_limits(
    data_type: DataType,
    sr_method: SrMethod,
    denominator: FloatArray,
    target: float,
    tau2: float,
    multiplier: float,
    *,
    exact_poisson: bool,
) -> Limits:
    """One set of limits at every unit's denominator: exact Poisson ones for SR when
    ``exact_poisson`` (the unadjusted SR limits), else :func:`normal_limits`; PR limits get
    the package's grid rule."""
    if data_type == "sr" and exact_poisson:
        return poisson_limits(denominator, multiplier)
    own = normal_limits(data_type, sr_method, denominator, target, tau2, multiplier)
    if data_type != "pr":
        return own
    grid = pr_grid(denominator)
    position = np.searchsorted(grid, denominator, side="right")
    has_next = position < grid.size
    following = grid[np.minimum(position, grid.size - 1)]
    next_limits = normal_limits(data_type, sr_method, following, target, tau2, multiplier)
    ruled = apply_pr_grid_rule(own, next_limits, has_next, multiplier)
    return _clamp_far_wrap(ruled, denominator, target, tau2, multiplier)


def _clamp_far_wrap(
    limits: Limits, denominator: FloatArray, target: float, tau2: float, multiplier: float
) -> Limits:
    """0 and the multiplier where the arcsine limit has wrapped past a quarter turn.

    Below an argument of -pi/2 (above pi for the upper limit) sin^2 turns once more and the
    package's grid rule no longer catches it: it would keep a lower limit near 1 at tiny
    denominators or extreme overdispersion, above the upper limit. There the limit is 0 (the
    multiplier); everywhere else the package's values stand.
    """
    centre = np.arcsin(np.sqrt(target))
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(1.0 / (4.0 * denominator) + tau2)

    def lower(values: FloatArray, z: float) -> FloatArray:
        return np.asarray(np.where(centre - z * spread < -np.pi / 2, 0.0, values), np.float64)

    def upper(values: FloatArray, z: float) -> FloatArray:
        wrapped = centre + z * spread > np.pi
        return np.asarray(np.where(wrapped, multiplier, values), np.float64)

    return Limits(
        lower(limits.lcl95, Z95),
        upper(limits.ucl95, Z95),
        lower(limits.lcl998, Z998),
        upper(limits.ucl998, Z998),
    )
