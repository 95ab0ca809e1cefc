"""Funnel plots: units compared with a target, with limits that narrow as denominators grow.

Proportions (PR), indirectly standardised ratios observed / expected (SR, SHMI or CQC method)
and ratios of counts (RC), at 95 % and 99.8 %, with Spiegelhalter's additive random-effects
adjustment for overdispersion. The numbers are those of FunnelPlotR 0.6.0 (the reference cases
in ``shared/reference/funnel``); its README states every rule followed here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel_limits import (
    DataType,
    Limits,
    SrMethod,
    r_round,
    unit_limits,
)
from forbedring.spc.segments import BoolArray, FloatArray, IntArray

LimitChoice = Literal["unadjusted", "overdispersed", "both", "none"]
DATA_TYPES: tuple[DataType, ...] = ("pr", "sr", "rc")
SR_METHODS: tuple[SrMethod, ...] = ("shmi", "cqc")
LIMIT_CHOICES: tuple[LimitChoice, ...] = ("unadjusted", "overdispersed", "both", "none")
OutlierLimits = Literal["adjusted", "unadjusted", "none"]

# SHMI rounds each unit's expected count to 2 decimals before the z-scores and limits
# (NHS Digital SHMI methodology; FunnelPlotR R/funnel_plot.R, SHMI_rounding).
SHMI_DECIMALS = 2
# RC's z-score adds 0.5 to both counts (continuity correction; FunnelPlotR od_adjustment.R).
RC_CONTINUITY = 0.5


class FunnelDataError(SpcDataError):
    """A unit's totals cannot be plotted; ``unit`` is its code (the caller names it)."""

    def __init__(self, unit: int, message: str) -> None:
        super().__init__(message)
        self.unit = unit


@dataclass(frozen=True)
class FunnelUnits:
    """One entry per unit code 0..n-1.

    ``denominator`` is the one used for z-scores and limits (rounded for SHMI when asked);
    ``ratio`` is numerator / the unrounded denominator and ``value`` the ratio times the
    multiplier, the plotted point. ``z_trimmed`` is NaN for units SHMI truncation left out.
    """

    numerator: FloatArray
    denominator: FloatArray
    ratio: FloatArray
    value: FloatArray
    z: FloatArray
    z_trimmed: FloatArray
    trimmed: BoolArray
    unadjusted: Limits
    overdispersed: Limits
    outlier95: BoolArray
    outlier998: BoolArray


@dataclass(frozen=True)
class FunnelResult:
    """The units, the centre line and the overdispersion estimates.

    ``phi`` and ``tau2`` are as FunnelPlotR returns them: 0 unless overdispersed limits were
    asked for. ``phi_computed`` and ``tau2_computed`` are always the estimates.
    ``outlier_limits`` tells which limits judged the outliers (after the fallback to
    unadjusted limits when ``limits="overdispersed"`` and phi <= 1).
    """

    units: FunnelUnits
    target: float
    target_transformed: float
    phi: float
    tau2: float
    phi_computed: float
    tau2_computed: float
    n_phi: int
    lower_cut: float
    upper_cut: float
    outlier_limits: OutlierLimits


def _unit_sums(values: FloatArray, unit: IntArray, n_units: int) -> FloatArray:
    """Sums per unit in row order, accumulated in extended precision as R's sum() does.

    The SHMI rounding to 2 decimals can turn on the last bit of a sum, so the sum is formed
    the way FunnelPlotR's (R's long double accumulator, in row order) forms it.
    """
    total = np.zeros(n_units, dtype=np.longdouble)
    np.add.at(total, unit, values.astype(np.longdouble))
    return total.astype(np.float64)


def pooled_ratio(o: FloatArray, e: FloatArray) -> float:
    """sum(O) / sum(E): each sum in extended precision and rounded to a double, as R's sum()
    forms it, then divided in doubles."""
    return float(np.sum(o.astype(np.longdouble))) / float(np.sum(e.astype(np.longdouble)))


def _check_rows(numerator: FloatArray, denominator: FloatArray, unit: IntArray) -> None:
    for name, values in (("numerator", numerator), ("denominator", denominator)):
        bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
        if bad.size:
            raise SpcDataError(
                f"row {int(bad[0])}: a {name} must be a finite number of 0 or more, "
                f"got {values[bad[0]]}"
            )
    if unit.size and int(unit.min()) < 0:
        raise SpcDataError(f"row {int(np.argmin(unit))}: every row needs a unit")


def _z_scores(
    data_type: DataType, sr_method: SrMethod, o: FloatArray, e: FloatArray, target: float
) -> tuple[FloatArray, FloatArray, float]:
    """z-scores, their standard errors and the transformed target (FunnelPlotR's
    ``transformed_zscore``; README step 3)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if data_type == "sr" and sr_method == "shmi":
            # sqrt(E) * log(O/E), in this order (a zero count gives -Inf).
            return np.sqrt(e) * np.log(o / e), 1.0 / np.sqrt(e), 0.0
        if data_type == "sr":
            s = 1.0 / (2.0 * np.sqrt(e))
            return (np.sqrt(o / e) - 1.0) / s, s, 1.0
        if data_type == "pr":
            centre = float(np.arcsin(np.sqrt(target)))
            s = 1.0 / (2.0 * np.sqrt(e))
            return (np.arcsin(np.sqrt(o / e)) - centre) / s, s, centre
        centre = float(np.log(target))
        y = np.log((o + RC_CONTINUITY) / (e + RC_CONTINUITY))
        s = np.sqrt(o / (o + RC_CONTINUITY) ** 2 + e / (e + RC_CONTINUITY) ** 2)
        return (y - centre) / s, s, centre


def average_rank(values: FloatArray) -> FloatArray:
    """Ranks 1..n with ties given their mean rank: R's ``rank(ties.method = "average")``."""
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    first = np.concatenate([[True], ranked[1:] != ranked[:-1]]) if ranked.size else ranked > 0
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, ranked.size))
    mean_rank = starts + (counts + 1) / 2.0
    ranks = np.empty(values.size, dtype=np.float64)
    ranks[order] = mean_rank[group]
    return ranks


def truncate(z: FloatArray, trim: float) -> tuple[FloatArray, BoolArray]:
    """SHMI truncation (FunnelPlotR ``truncation()``): units ranked in the outer ``trim`` of
    each end are left out of phi. k = 1/trim, sp = floor(rank k / (N + 1)), kept if
    0 < sp < k - 1. ``trim = 0`` keeps every unit (the limit of the rule as k grows)."""
    if trim == 0:
        return z.copy(), np.zeros(z.size, dtype=bool)
    k = 1.0 / trim
    sp = np.floor(average_rank(z) * k / (z.size + 1))
    kept = (sp > 0) & (sp < k - 1)
    return np.where(kept, z, np.nan), ~kept


def quantile_type7(values: FloatArray, probability: float) -> float:
    """R's ``quantile(x, p)`` (type 7), written as R computes it."""
    ordered = np.sort(values)
    index = 1.0 + max(ordered.size - 1, 0) * probability
    lo, hi = int(np.floor(index)), int(np.ceil(index))
    low = float(ordered[lo - 1])
    high = float(ordered[hi - 1])
    if index > lo and high != low:
        h = index - lo
        return (1.0 - h) * low + h * high
    return low


def winsorise(z: FloatArray, trim: float) -> tuple[FloatArray, BoolArray, float, float]:
    """Winsorisation (FunnelPlotR ``winsorisation()``): z-scores beyond the ``trim`` and
    1 - ``trim`` quantiles are set to them; ``trimmed`` marks z on or beyond a cut point."""
    lower_cut = quantile_type7(z, trim)
    upper_cut = quantile_type7(z, 1.0 - trim)
    clipped = np.where(z < lower_cut, lower_cut, np.where(z > upper_cut, upper_cut, z))
    return clipped, (z <= lower_cut) | (z >= upper_cut), lower_cut, upper_cut


def dispersion(z_trimmed: FloatArray, s: FloatArray) -> tuple[float, float, int]:
    """phi, the mean squared trimmed z-score, and tau2 by the DerSimonian-Laird moment method.

    tau2 = max(0, (n phi - (n - 1)) / (sum w - sum w^2 / sum w)), w = 1/s^2, over the units
    with a trimmed z-score; 0 when n phi < n - 1 (Spiegelhalter, Stat Med 2005;24:1185, eq. 9;
    FunnelPlotR ``phi_func``, ``tau_func``).
    """
    used = ~np.isnan(z_trimmed)
    n = int(np.count_nonzero(used))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        phi = float((1.0 / n) * np.sum(z_trimmed[used] ** 2)) if n else float("nan")
        if not n or n * phi < n - 1:
            return phi, 0.0, n
        w = 1.0 / s[used] ** 2
        sum_w = np.sum(w)
        # numpy division: one unit gives 0/0, an undefined tau2 (NaN, as R's max(0, NaN)).
        tau2 = float((n * phi - (n - 1)) / (sum_w - np.sum(w**2) / sum_w))
    return phi, tau2 if math.isnan(tau2) else max(0.0, tau2), n


def funnel(
    numerator: FloatArray,
    denominator: FloatArray,
    unit: IntArray | None = None,
    *,
    data_type: DataType,
    n_units: int | None = None,
    sr_method: SrMethod = "shmi",
    shmi_rounding: bool = True,
    trim: float = 0.1,
    multiplier: float = 1.0,
    limits: LimitChoice = "overdispersed",
    target: float | None = None,
) -> FunnelResult:
    """Funnel plot of many units at once.

    Parameters
    ----------
    numerator, denominator : per row; events and cases (PR), observed and expected (SR) or
        the two counts (RC). Finite and >= 0.
    unit : unit code 0..n_units-1 per row; a unit's rows are summed. None: one unit per row.
    data_type : "pr", "sr" or "rc".
    n_units : number of units (default: the largest code + 1).
    sr_method : "shmi" (log scale, truncation) or "cqc" (square-root scale, winsorisation).
    shmi_rounding : round SHMI expected counts to 2 decimals (after the ratio is taken).
    trim : fraction truncated or winsorised at each end before phi, in [0, 0.5).
    multiplier : scale of values and limits (e.g. 100 for percent), > 0.
    limits : which limits judge outliers: "unadjusted", "overdispersed" (falls back to
        unadjusted when phi <= 1), "both" (judged by the overdispersed ones) or "none".
    target : the centre on the ratio scale for pr and rc (a national value given from
        outside), instead of the pooled ratio of the units; z-scores, phi, tau2 and limits are
        then all taken around it. Not for sr, whose centre is 1 (scale the expected counts).

    Returns
    -------
    FunnelResult. Both limit sets are always computed.

    Raises
    ------
    FunnelDataError
        A unit whose denominator sums to 0 (or rounds to 0), or a proportion above 1.

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
    Stat Med 24:1185-1202. Spiegelhalter, D. J. (2005). Handling over-dispersion of
    performance indicators. Qual Saf Health Care 14:347-351. Mainey, C. FunnelPlotR 0.6.0.
    """
    o_rows = np.asarray(numerator, dtype=np.float64)
    e_rows = np.asarray(denominator, dtype=np.float64)
    codes = np.arange(o_rows.size, dtype=np.intp) if unit is None else np.asarray(unit, np.intp)
    _check_options(data_type, sr_method, trim, multiplier, limits)
    _check_rows(o_rows, e_rows, codes)
    count = int(n_units if n_units is not None else (codes.max() + 1 if codes.size else 0))
    if count == 0:
        raise SpcDataError("a funnel plot needs at least one unit")
    if codes.size and int(codes.max()) >= count:
        raise SpcDataError(f"row {int(np.argmax(codes))}: unit code beyond n_units = {count}")
    o = _unit_sums(o_rows, codes, count)
    e_raw = _unit_sums(e_rows, codes, count)
    _check_units(data_type, o, e_raw)
    ratio = o / e_raw
    shmi = data_type == "sr" and sr_method == "shmi"
    e = r_round(e_raw, SHMI_DECIMALS) if shmi and shmi_rounding else e_raw
    if shmi and shmi_rounding and bool(np.any(e <= 0)):
        bad = int(np.flatnonzero(e <= 0)[0])
        raise FunnelDataError(
            bad, f"the expected count {e_raw[bad]:g} rounds to 0.00 (SHMI rounding)"
        )
    if target is not None:
        _check_target(data_type, target)
    elif data_type == "sr":
        target = 1.0
    else:
        target = pooled_ratio(o, e)
    if data_type == "rc" and target == 0:
        raise SpcDataError("a ratio of counts needs events in some unit: every numerator is 0")
    z, s, target_transformed = _z_scores(data_type, sr_method, o, e, target)
    if shmi:
        z_trimmed, trimmed = truncate(z, trim)
        lower_cut = upper_cut = float("nan")
    else:
        z_trimmed, trimmed, lower_cut, upper_cut = winsorise(z, trim)
    phi, tau2, n_phi = dispersion(z_trimmed, s)

    draw_adjusted = limits in ("overdispersed", "both")
    # Only "overdispersed" alone falls back to unadjusted limits without overdispersion
    # (FunnelPlotR R/funnel_plot.R); with "both" the adjusted ones still judge.
    fallback = limits == "overdispersed" and not phi > 1.0
    od_tau2 = tau2 if draw_adjusted else 0.0
    unadjusted = unit_limits(data_type, sr_method, e, target, 0.0, multiplier, exact_poisson=True)
    overdispersed = unit_limits(
        data_type, sr_method, e, target, od_tau2, multiplier, exact_poisson=False
    )
    judge: OutlierLimits
    if limits == "none":
        judge = "none"
    elif draw_adjusted and not fallback:
        judge = "adjusted"
    else:
        judge = "unadjusted"
    value = ratio * multiplier
    flags = _outliers(value, unadjusted if judge == "unadjusted" else overdispersed, judge)
    return FunnelResult(
        units=FunnelUnits(
            numerator=o,
            denominator=e,
            ratio=ratio,
            value=value,
            z=z,
            z_trimmed=z_trimmed,
            trimmed=trimmed,
            unadjusted=unadjusted,
            overdispersed=overdispersed,
            outlier95=flags[0],
            outlier998=flags[1],
        ),
        target=target,
        target_transformed=target_transformed,
        phi=phi if draw_adjusted else 0.0,
        tau2=tau2 if draw_adjusted else 0.0,
        phi_computed=phi,
        tau2_computed=tau2,
        n_phi=n_phi,
        lower_cut=lower_cut,
        upper_cut=upper_cut,
        outlier_limits=judge,
    )


def _outliers(
    value: FloatArray, limits: Limits, judge: OutlierLimits
) -> tuple[BoolArray, BoolArray]:
    """Outside the limits in force; a point on a limit is inside (FunnelPlotR outliers_func).

    Written as value < lower or value > upper, so an undefined limit (NaN, e.g. tau2 from a
    single unit) flags nothing rather than everything.
    """
    if judge == "none":
        none = np.zeros(value.size, dtype=bool)
        return none, none.copy()
    flags = []
    for level in ("95", "998"):
        lower, upper = limits.at(level)
        with np.errstate(invalid="ignore"):
            flags.append((value < lower) | (value > upper))
    return flags[0], flags[1]


def _check_target(data_type: DataType, target: float) -> None:
    if data_type == "sr":
        raise SpcDataError("an sr funnel is centred on 1: scale the expected counts instead")
    if not (np.isfinite(target) and target > 0):
        raise SpcDataError(f"the target must be a number above 0, got {target}")
    if data_type == "pr" and not target <= 1.0:
        raise SpcDataError(f"a target proportion cannot be above 1, got {target}")


def _check_options(
    data_type: str, sr_method: str, trim: float, multiplier: float, limits: str
) -> None:
    if data_type not in DATA_TYPES:
        raise SpcDataError(f"data_type must be one of {', '.join(DATA_TYPES)}")
    if sr_method not in SR_METHODS:
        raise SpcDataError(f"sr_method must be one of {', '.join(SR_METHODS)}")
    if not 0.0 <= trim < 0.5:
        raise SpcDataError(f"trim must be at least 0 and below 0.5, got {trim}")
    if not (np.isfinite(multiplier) and multiplier > 0):
        raise SpcDataError(f"the multiplier must be a number above 0, got {multiplier}")
    if limits not in LIMIT_CHOICES:
        raise SpcDataError(f"limits must be one of {', '.join(LIMIT_CHOICES)}")


def _check_units(data_type: DataType, o: FloatArray, e: FloatArray) -> None:
    zero = np.flatnonzero(e <= 0)
    if zero.size:
        raise FunnelDataError(int(zero[0]), "the denominator sums to 0; it must be above 0")
    if data_type == "pr":
        above = np.flatnonzero(o > e)
        if above.size:
            bad = int(above[0])
            raise FunnelDataError(
                bad,
                f"the numerator ({o[bad]:g}) exceeds the denominator ({e[bad]:g}); "
                "a proportion cannot be above 1",
            )
