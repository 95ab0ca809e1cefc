"""The funnel run behind the placement traffic light (:mod:`forbedring.spc.traffic_lights`):
the funnel engine for the units with data of one indicator and period, around the pooled or a
given national value, with the limits in force at the chosen level.

Proportions and ratios of counts go into the funnel as they are; a standardised ratio with a
given national ratio theta, and a rate in a Poisson funnel, go in as observed counts against
expected ones (theta E, or population x national rate), which is the sr funnel around 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from forbedring.spc.funnel import FunnelResult, OutlierLimits, funnel, pooled_ratio
from forbedring.spc.funnel_limits import DataType, SrMethod
from forbedring.spc.segments import FloatArray

FunnelLevel = Literal["95", "998"]
FUNNEL_LEVELS: tuple[FunnelLevel, ...] = ("95", "998")
PlacementLimits = Literal["unadjusted", "overdispersed", "both"]
PLACEMENT_LIMITS: tuple[PlacementLimits, ...] = ("unadjusted", "overdispersed", "both")
# How a rate (rc) is put in the funnel. "poisson": events per population or person-time, each
# unit's events against those expected at the national rate for its population, the Poisson
# funnel of Spiegelhalter (2005) (the funnel engine's sr). "counts": FunnelPlotR's ratio of two
# counts (the engine's rc), meant for two counts that both vary; its limits take the
# denominator itself as the count, so with a population as denominator they are far too narrow
# for a rate of rare events, and nearly every unit would fall outside them.
RateFunnel = Literal["poisson", "counts"]
RATE_FUNNELS: tuple[RateFunnel, ...] = ("poisson", "counts")


@dataclass(frozen=True)
class Judged:
    """One funnel run on the funnel's own scale: its values and the limits in force at the
    level; ``scale`` takes its limits to the indicator's ratio scale."""

    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    scale: float
    national: float
    funnel_type: DataType
    judge: OutlierLimits
    phi: float
    tau2: float


def _from_funnel(
    result: FunnelResult, level: FunnelLevel, scale: float, national: float, funnel_type: DataType
) -> Judged:
    unadjusted = result.outlier_limits == "unadjusted"
    judged = result.units.unadjusted if unadjusted else result.units.overdispersed
    low, high = judged.at(level)
    adjusted = result.outlier_limits == "adjusted"
    return Judged(
        result.units.value,
        low,
        high,
        scale,
        national,
        funnel_type,
        result.outlier_limits,
        result.phi_computed,
        result.tau2 if adjusted else 0.0,
    )


def judge_units(
    o: FloatArray,
    e: FloatArray,
    data_type: DataType,
    target: float | None,
    rate_funnel: RateFunnel,
    level: FunnelLevel,
    limits: PlacementLimits,
    sr_method: SrMethod,
    shmi_rounding: bool,
    trim: float,
    multiplier: float,
) -> Judged | None:
    """The funnel for the units with data; None when a rate has no events anywhere."""
    if data_type == "sr" or (data_type == "rc" and rate_funnel == "poisson"):
        # Observed against expected at the national value is a standardised ratio around 1,
        # the sr funnel's own centre: for sr the expected counts scaled by a given national
        # ratio, for a rate the population times the national rate.
        if data_type == "sr":
            national = 1.0 if target is None else target
        else:
            national = pooled_ratio(o, e) if target is None else target
        if not national > 0:
            return None
        result = funnel(
            o,
            e * national,
            data_type="sr",
            sr_method=sr_method,
            shmi_rounding=shmi_rounding,
            trim=trim,
            multiplier=multiplier,
            limits=limits,
        )
        return _from_funnel(result, level, national, national, "sr")
    if target is None and data_type == "rc" and not float(np.sum(o)) > 0:
        return None
    # Around the pooled value of the units, or around a given national value.
    result = funnel(
        o,
        e,
        data_type=data_type,
        sr_method=sr_method,
        shmi_rounding=shmi_rounding,
        trim=trim,
        multiplier=multiplier,
        limits=limits,
        target=target,
    )
    return _from_funnel(result, level, 1.0, result.target, data_type)
