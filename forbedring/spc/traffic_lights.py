"""The traffic lights of the national status report, for many units and indicators at once:
development since the previous period (:mod:`forbedring.spc.development`, re-exported here)
and placement against the national value (here).

Placement puts the units of one indicator and period in a funnel plot around the national
value (:mod:`forbedring.spc.funnel`): better or worse outside the limits in force (95 % by
default, 99.8 % selectable; adjusted for overdispersion or not, as the funnel's options), with
the indicator's direction; as expected inside; "no data" for a unit with missing data or a
zero denominator, which is also left out of the funnel. The result keeps the method's
parameters and :func:`describe_placement` says them in plain words, so that a report can print
"our method: ...". The texts are English; the web layer translates them.

References
----------
Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance. Stat Med
24:1185-1202. Spiegelhalter, D. J. (2005). Handling over-dispersion of performance indicators.
Qual Saf Health Care 14:347-351.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from forbedring.spc.development import (
    DEFAULT_DEVELOPMENT_LEVEL,
    DEVELOPMENT_LABELS,
    DEVELOPMENT_METHODS,
    NO_CHANGE,
    Development,
    DevelopmentLight,
    as_data_type,
    check_counts,
    describe_development,
    development,
)
from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel import FunnelDataError, OutlierLimits
from forbedring.spc.funnel_limits import DataType, SrMethod
from forbedring.spc.placement_funnel import (
    FUNNEL_LEVELS,
    PLACEMENT_LIMITS,
    RATE_FUNNELS,
    FunnelLevel,
    Judged,
    PlacementLimits,
    RateFunnel,
    judge_units,
)
from forbedring.spc.segments import FloatArray, IntArray

__all__ = [
    "DEFAULT_DEVELOPMENT_LEVEL",
    "DEVELOPMENT_LABELS",
    "DEVELOPMENT_METHODS",
    "FUNNEL_LEVELS",
    "NO_CHANGE",
    "PLACEMENT_LABELS",
    "PLACEMENT_LIMITS",
    "RATE_FUNNELS",
    "Development",
    "DevelopmentLight",
    "FunnelLevel",
    "Placement",
    "PlacementLight",
    "PlacementLimits",
    "RateFunnel",
    "describe_development",
    "describe_placement",
    "development",
    "placement",
]

FUNNEL_LEVEL_TEXT = {"95": "95 %", "998": "99.8 %"}


class PlacementLight(IntEnum):
    """Placement against the national value; see :data:`PLACEMENT_LABELS`."""

    NO_DATA = 0
    BETTER = 1
    AS_EXPECTED = 2
    WORSE = 3


PLACEMENT_LABELS: tuple[str, ...] = ("no_data", "better", "as_expected", "worse")


@dataclass(frozen=True)
class Placement:
    """The units of one indicator and period against the national value.

    ``value`` is each unit's ratio times ``multiplier``; ``lower`` and ``upper`` are the limits
    in force at ``level`` on the same scale; all NaN for no data. ``target`` is the national
    value on the ratio scale (the pooled ratio of the units with data, 1 for sr, unless
    ``target_given``). ``funnel_type`` is the funnel engine's data type that judged (sr for a
    rate in a Poisson funnel). ``limits_used`` tells which limits judged: "adjusted" (widened
    by ``tau2``), "unadjusted" (asked for, or the fallback when ``limits="overdispersed"`` and
    ``phi`` <= 1) or "none" (no unit with data or with events, so no funnel).
    """

    light: IntArray
    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    target: float
    target_given: bool
    data_type: DataType
    funnel_type: DataType
    higher_is_better: bool
    level: FunnelLevel
    limits: PlacementLimits
    limits_used: OutlierLimits
    phi: float
    tau2: float
    sr_method: SrMethod
    multiplier: float

    def description(self) -> str:
        return describe_placement(self)


def describe_placement(result: Placement) -> str:
    """The placement method of a result in plain words, for "our method: ..." on a report."""
    national = "a given national value" if result.target_given else "the national value"
    if result.limits_used == "none":
        return (
            "Placement: no funnel could be drawn, because no unit had data, or (for a rate) no "
            "unit had an event; a unit with data is as expected, one without has no data."
        )
    if result.limits_used == "adjusted":
        adjustment = (
            "widened for the extra variation between units by an additive random effect "
            f"(Spiegelhalter 2005; tau² = {result.tau2:.3g})"
        )
    elif result.limits == "unadjusted":
        adjustment = "not adjusted for overdispersion"
    else:
        adjustment = "not widened, because the units vary no more than chance allows"
    if result.funnel_type == "sr" and result.limits_used != "adjusted":
        shape = "exact Poisson limits"
    elif result.funnel_type == "sr" and result.sr_method == "cqc":
        shape = "normal limits on the square-root scale"
    elif result.funnel_type in ("sr", "rc"):
        shape = "normal limits on the log scale"
    else:
        shape = "normal limits on the arcsine square-root scale"
    rate = (
        "A rate is judged by the unit's events against those expected at the national rate "
        "for its population. "
        if result.data_type == "rc" and result.funnel_type == "sr"
        else ""
    )
    return (
        f"Placement: each unit's value is compared with {national} in a funnel plot. {rate}"
        f"Better or worse when it lies outside the {FUNNEL_LEVEL_TEXT[result.level]} limits "
        f"around the national value ({shape}, {adjustment}); as expected inside them; no data "
        "when the value is missing or its denominator is 0."
    )


def placement(
    numerator: FloatArray,
    denominator: FloatArray,
    *,
    data_type: DataType,
    higher_is_better: bool,
    level: FunnelLevel = "95",
    limits: PlacementLimits = "overdispersed",
    target: float | None = None,
    rate_funnel: RateFunnel = "poisson",
    sr_method: SrMethod = "shmi",
    shmi_rounding: bool = True,
    trim: float = 0.1,
    multiplier: float = 1.0,
) -> Placement:
    """Placement of every unit of one indicator and period against the national value.

    Parameters
    ----------
    numerator, denominator : one value per unit, as for :func:`forbedring.spc.funnel.funnel`.
        NaN means missing; a unit with missing data or a denominator of 0 is left out of the
        funnel and is :attr:`PlacementLight.NO_DATA`.
    data_type, higher_is_better : the indicator's type and direction.
    level : "95" (default) or "998": the limits whose outside is better or worse.
    limits : "overdispersed" (default; unadjusted when the units are not overdispersed),
        "unadjusted" or "both" (judged by the adjusted limits), as in the funnel.
    target : the national value on the ratio scale; None (default) takes the pooled ratio of
        the units with data (1 for sr).
    rate_funnel : for rc, "poisson" (default; events per population, see
        :data:`RATE_FUNNELS`) or "counts" (FunnelPlotR's ratio of two counts).
    sr_method, shmi_rounding, trim, multiplier : as in the funnel.

    Returns
    -------
    Placement. The lights are the funnel engine's outlier flags at ``level``, sided by the
    direction: for pr, for rc with ``rate_funnel="counts"`` and for sr the funnel of the
    units' own numerators and denominators (the expected counts scaled by a given national
    ratio); for a rate in a Poisson funnel the sr funnel of its events against population x
    national rate.

    References
    ----------
    Spiegelhalter, D. J. (2005). Stat Med 24:1185-1202; Qual Saf Health Care 14:347-351.
    """
    if level not in FUNNEL_LEVELS:
        raise SpcDataError(f"level must be one of {', '.join(FUNNEL_LEVELS)}")
    if limits not in PLACEMENT_LIMITS:
        raise SpcDataError(f"limits must be one of {', '.join(PLACEMENT_LIMITS)}")
    if rate_funnel not in RATE_FUNNELS:
        raise SpcDataError(f"rate_funnel must be one of {', '.join(RATE_FUNNELS)}")
    as_data_type(data_type)
    o = np.atleast_1d(np.asarray(numerator, dtype=np.float64))
    e = np.atleast_1d(np.asarray(denominator, dtype=np.float64))
    if o.ndim != 1 or o.shape != e.shape:
        raise SpcDataError("numerator and denominator need one value per unit, as many of each")
    present = ~(np.isnan(o) | np.isnan(e))
    check_counts("numerator", o, present)
    check_counts("denominator", e, present)
    usable = present & (e > 0)
    if data_type == "pr" and bool(np.any(usable & (o > e))):
        first = int(np.flatnonzero(usable & (o > e))[0])
        raise SpcDataError(f"unit {first}: the numerator exceeds the denominator")
    if target is not None and not (np.isfinite(target) and target > 0):
        raise SpcDataError(f"the national value must be a number above 0, got {target}")
    if target is not None and data_type == "pr" and not target <= 1.0:
        raise SpcDataError(f"a national proportion cannot be above 1, got {target}")

    n = o.size
    value, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    light = np.full(n, PlacementLight.NO_DATA, dtype=np.intp)
    ou, eu = o[usable], e[usable]
    judged: Judged | None = None
    national = float("nan") if target is None else float(target)
    if ou.size:
        try:
            judged = judge_units(
                ou,
                eu,
                data_type,
                target,
                rate_funnel,
                level,
                limits,
                sr_method,
                shmi_rounding,
                trim,
                multiplier,
            )
        except FunnelDataError as error:
            # The funnel numbers the units it was given; the caller knows the full list.
            unit = int(np.flatnonzero(usable)[error.unit])
            raise FunnelDataError(unit, f"unit {unit}: {error}") from error
        value[usable] = ou / eu * multiplier
    funnel_type: DataType = "sr" if data_type == "rc" and rate_funnel == "poisson" else data_type
    if judged is None:
        # No funnel: no unit with data, or a rate with no events anywhere, where every unit
        # equals the national rate of 0.
        light[usable] = PlacementLight.AS_EXPECTED
        national = 0.0 if ou.size and target is None else national
    else:
        national, funnel_type = judged.national, judged.funnel_type
        lower[usable], upper[usable] = judged.lower * judged.scale, judged.upper * judged.scale
        # Judged on the funnel's own scale, so the lights are exactly its outlier flags.
        with np.errstate(invalid="ignore"):
            above, below = judged.value > judged.upper, judged.value < judged.lower
        good, bad = (above, below) if higher_is_better else (below, above)
        light[usable] = np.where(
            good,
            PlacementLight.BETTER,
            np.where(bad, PlacementLight.WORSE, PlacementLight.AS_EXPECTED),
        )
    return Placement(
        light=light,
        value=value,
        lower=lower,
        upper=upper,
        target=national,
        target_given=target is not None,
        data_type=data_type,
        funnel_type=funnel_type,
        higher_is_better=higher_is_better,
        level=level,
        limits=limits,
        limits_used="none" if judged is None else judged.judge,
        phi=float("nan") if judged is None else judged.phi,
        tau2=float("nan") if judged is None else judged.tau2,
        sr_method=sr_method,
        multiplier=multiplier,
    )
