"""Confidence intervals for the change between two periods: the methods behind the
"development" traffic light.

Proportions: the difference of two independent proportions by Newcombe's hybrid score
interval (method 10 of Newcombe 1998), which combines the two Wilson score intervals. The
simple Wald interval p1 - p0 +/- z se is not used: with small counts or proportions near 0 or 1
its coverage falls far below the nominal level and it collapses to zero width at 0/n vs 0/m
(Newcombe 1998 compares it with ten other methods).

Rates and standardised ratios: the ratio of two Poisson rates (or of two SMRs, whose expected
counts are taken as fixed) by the exact conditional interval. Given the total x1 + x0 of events
in the two periods, the events of the current period are binomial with probability
pi = t1 R / (t1 R + t0), where R is the rate ratio and t the exposures (population, or expected
counts). Clopper-Pearson limits for pi map one-to-one to limits for R. This interval never
has less than the nominal coverage however few the events, and stays defined with none in one
period (a lower limit of 0 or an upper limit of infinity), where the log-normal interval
log R +/- z sqrt(1/x1 + 1/x0) breaks down and, with a handful of events, is too narrow. It is
conservative, so a small municipality is called "unchanged" rather than given a change its
numbers cannot carry, which is the error a public report should avoid.

References
----------
Newcombe, R. G. (1998). Interval estimation for the difference between independent
proportions: comparison of eleven methods. Stat Med 17:873-890.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
J Am Stat Assoc 22:209-212.
Clopper, C. J. & Pearson, E. S. (1934). Biometrika 26:404-413.
Breslow, N. E. & Day, N. E. (1987). Statistical Methods in Cancer Research, vol. II, IARC
(the test and interval of a ratio of rates or SMRs conditional on the total number of events).
"""

from __future__ import annotations

import numpy as np

from forbedring.spc.beta import beta_quantile
from forbedring.spc.segments import FloatArray


def wilson(events: FloatArray, cases: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Wilson's score interval of events / cases (cases > 0), without continuity correction:
    (x + z^2/2 +/- z sqrt(x (n - x) / n + z^2 / 4)) / (n + z^2)."""
    z2 = z * z
    centre = (events + z2 / 2.0) / (cases + z2)
    spread = z * np.sqrt(events * (cases - events) / cases + z2 / 4.0) / (cases + z2)
    return centre - spread, centre + spread


def newcombe_difference(
    events_now: FloatArray,
    cases_now: FloatArray,
    events_before: FloatArray,
    cases_before: FloatArray,
    z: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """p_now - p_before with Newcombe's hybrid score interval (method 10).

    L = D - sqrt((p1 - l1)^2 + (u0 - p0)^2), U = D + sqrt((u1 - p1)^2 + (p0 - l0)^2), with
    (l, u) each proportion's Wilson interval at the same z. Every case count must be > 0.

    Returns
    -------
    (difference, lower, upper).
    """
    p1 = events_now / cases_now
    p0 = events_before / cases_before
    l1, u1 = wilson(events_now, cases_now, z)
    l0, u0 = wilson(events_before, cases_before, z)
    difference = p1 - p0
    lower = difference - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    upper = difference + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return difference, lower, upper


def poisson_ratio_exact(
    events_now: FloatArray,
    exposure_now: FloatArray,
    events_before: FloatArray,
    exposure_before: FloatArray,
    level: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(x1 / t1) / (x0 / t0) with the exact conditional (Clopper-Pearson) interval.

    With a = (1 - level) / 2, the lower limit of pi is the a quantile of Beta(x1, x0 + 1)
    (0 when x1 = 0) and the upper one the 1 - a quantile of Beta(x1 + 1, x0) (1 when x0 = 0);
    R = pi / (1 - pi) t0 / t1. The upper limit is taken as 1 minus the a quantile of
    Beta(x0, x1 + 1), so that (1 - pi) keeps its precision when pi is close to 1. Exposures
    must be > 0.

    Returns
    -------
    (ratio, lower, upper); the ratio is NaN when neither period has an event (0/0), the upper
    limit infinite when the previous period has none.
    """
    tail = (1.0 - level) / 2.0
    scale = exposure_before / exposure_now
    lower = np.zeros(events_now.shape)
    upper = np.full(events_now.shape, np.inf)
    has_now = events_now > 0
    has_before = events_before > 0
    if has_now.any():
        q = beta_quantile(tail, events_now[has_now], events_before[has_now] + 1.0)
        lower[has_now] = q / (1.0 - q) * scale[has_now]
    if has_before.any():
        q = beta_quantile(tail, events_before[has_before], events_now[has_before] + 1.0)
        upper[has_before] = (1.0 - q) / q * scale[has_before]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (events_now / exposure_now) / (events_before / exposure_before)
    return np.asarray(ratio, dtype=np.float64), lower, upper
