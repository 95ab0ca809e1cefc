"""The regularised incomplete gamma function and its inverse, vectorised, in numpy alone.

The funnel plot's exact Poisson limits for standardised ratios are chi-square quantiles with
non-integer degrees of freedom, ``qchisq(p, 2E) / 2`` in R, which is the gamma quantile of shape
E. numpy has neither the gamma function nor its incomplete forms, and the engine takes no scipy,
so they are here: the Poisson-density prefactor as R's ``dpois_raw`` computes it (Loader's
saddle-point form, accurate for large shapes), Legendre's series and continued fraction for the
two tails (Numerical Recipes, 3rd ed., §6.2), and a safeguarded Newton iteration for the inverse.
Every function takes arrays and works on all elements at once; loops run over series terms or
iterations, never over elements.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)

# Lanczos approximation of Gamma, g = 7, 9 terms (Lanczos 1964; Press et al., Numerical Recipes,
# 3rd ed., §6.1; relative error about 1e-15 for arguments >= 0.5). Only used below a shape of
# STIRLING_FROM, where log-gamma is small and its absolute error is what matters.
LANCZOS_G = 7.0
LANCZOS_COEFFICIENTS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)

# Stirling's series for log Gamma(a + 1) - ((a + 0.5) log a - a + log sqrt(2 pi)), the
# coefficients B_2k / (2k (2k - 1)) (Abramowitz & Stegun 6.1.40). From a = 10 eight terms leave
# an error below 1e-18, so the error of the series sits far below double rounding.
STIRLING_FROM = 10.0
STIRLING_COEFFICIENTS = (
    1.0 / 12.0,
    -1.0 / 360.0,
    1.0 / 1260.0,
    -1.0 / 1680.0,
    1.0 / 1188.0,
    -691.0 / 360360.0,
    1.0 / 156.0,
    -3617.0 / 122400.0,
)

# Relative size of a series term or continued-fraction step at which the sum has converged.
SERIES_EPSILON = 1e-17
# Smallest magnitude the modified Lentz algorithm lets a denominator take (NR §5.2).
LENTZ_TINY = 1e-300
# Series terms or fraction steps taken between two compactions of the still-active elements.
BLOCK = 8
# The inverse stops once a Newton step was below this fraction of x: Newton's method converges
# quadratically, so after a step of relative size 1e-9 the remaining error is about 1e-18, below
# the tails' own accuracy (asking for steps of a few ulps instead would chase rounding noise).
# NEWTON_MAX_STEPS bounds the iterations, bisection included.
NEWTON_TOLERANCE = 1e-9
NEWTON_MAX_STEPS = 200

# Abramowitz & Stegun 26.2.23: a rational approximation of the normal quantile with error below
# 4.5e-4. Only the inverse's starting point uses it; Newton's steps then make the result exact.
AS_26_2_23_C = (2.515517, 0.802853, 0.010328)
AS_26_2_23_D = (1.432788, 0.189269, 0.001308)


def log_gamma_lanczos(z: FloatArray) -> FloatArray:
    """log Gamma(z) for z >= 0.5 by Lanczos' approximation (absolute error ~1e-14 below 12)."""
    shifted = z - 1.0
    series = np.full_like(z, LANCZOS_COEFFICIENTS[0])
    for i, coefficient in enumerate(LANCZOS_COEFFICIENTS[1:], start=1):
        series = series + coefficient / (shifted + i)
    t = shifted + LANCZOS_G + 0.5
    return LOG_SQRT_2PI + (shifted + 0.5) * np.log(t) - t + np.log(series)


def stirling_error(a: FloatArray) -> FloatArray:
    """log Gamma(a + 1) - ((a + 0.5) log a - a + log sqrt(2 pi)), for a > 0 (R's stirlerr)."""
    out = np.empty_like(a)
    large = a >= STIRLING_FROM
    big = a[large]
    inverse_square = 1.0 / (big * big)
    total = np.full_like(big, STIRLING_COEFFICIENTS[-1])
    for coefficient in reversed(STIRLING_COEFFICIENTS[:-1]):
        total = total * inverse_square + coefficient
    out[large] = total / big
    small = a[~large]
    out[~large] = log_gamma_lanczos(small + 1.0) - (small + 0.5) * np.log(small) + small
    out[~large] -= LOG_SQRT_2PI
    return out


def deviance_term(a: FloatArray, x: FloatArray) -> FloatArray:
    """a log(a / x) + x - a without cancellation when x is near a (Loader 2000, R's bd0)."""
    out = a * np.log(a / x) + x - a
    near = np.abs(a - x) < 0.1 * (a + x)
    if not near.any():
        return out
    an, xn = a[near], x[near]
    v = (an - xn) / (an + xn)
    total = (an - xn) * v
    term = 2.0 * an * v
    v2 = v * v
    # a log(a/x) + x - a = (a - x) v + 2a sum_j v^(2j+1) / (2j + 1), with |v| < 0.1.
    for j in range(1, 40):
        term = term * v2
        step = term / (2 * j + 1)
        total = total + step
        if bool(np.all(np.abs(step) <= SERIES_EPSILON * np.abs(total))):
            break
    out[near] = total
    return out


def log_poisson_prefactor(a: FloatArray, x: FloatArray) -> FloatArray:
    """log(x^a e^-x / Gamma(a + 1)), the factor in front of both tails, for a > 0, x > 0.

    Large shapes use the saddle-point form -stirlerr(a) - bd0(a, x) - log sqrt(2 pi a), which
    keeps full relative accuracy where the terms of a log x - x - log Gamma(a + 1) cancel.
    """
    out = np.empty(np.broadcast(a, x).shape)
    a, x = np.broadcast_arrays(a, x)
    large = a >= STIRLING_FROM
    al, xl = a[large], x[large]
    out[large] = -stirling_error(al) - deviance_term(al, xl) - 0.5 * np.log(2.0 * np.pi * al)
    asm, xs = a[~large], x[~large]
    out[~large] = asm * np.log(xs) - xs - log_gamma_lanczos(asm + 1.0)
    return out


def _lower_series(a: FloatArray, x: FloatArray) -> FloatArray:
    """sum_n x^n / ((a + 1) ... (a + n)), P(a, x) over the prefactor; fast for x < a + 1.

    With x < a + 1 every ratio x / (a + n) is below 1, so the terms fall from the first on and
    a term below SERIES_EPSILON of the sum ends it. Elements are compacted every BLOCK terms:
    indexing on every term would cost more than the terms themselves.
    """
    out = np.empty_like(a)
    index = np.arange(a.size)
    aa, xx = a, x
    term = np.ones_like(a)
    total = np.ones_like(a)
    n = 0
    while index.size:
        for _ in range(BLOCK):
            n += 1
            term = term * xx / (aa + n)
            total = total + term
        done = term <= SERIES_EPSILON * total
        out[index[done]] = total[done]
        keep = ~done
        index, aa, xx, term, total = index[keep], aa[keep], xx[keep], term[keep], total[keep]
    return out


def _upper_fraction(a: FloatArray, x: FloatArray) -> FloatArray:
    """Legendre's continued fraction (modified Lentz) for Q(a, x) over e^-x x^a / Gamma(a);
    converges fast for x > a + 1.

    Elements are compacted every BLOCK steps, as in :func:`_lower_series`.
    """
    out = np.empty_like(a)
    index = np.arange(a.size)
    aa = a
    b = x + 1.0 - a
    c = np.full_like(a, 1.0 / LENTZ_TINY)
    d = 1.0 / b
    h = d.copy()
    i = 0
    while index.size:
        converged = np.zeros(index.size, dtype=bool)
        for _ in range(BLOCK):
            i += 1
            b = b + 2.0
            an = -i * (i - aa)
            d = an * d + b
            d = np.where(np.abs(d) < LENTZ_TINY, LENTZ_TINY, d)
            c = b + an / c
            c = np.where(np.abs(c) < LENTZ_TINY, LENTZ_TINY, c)
            d = 1.0 / d
            delta = d * c
            h = h * delta
            converged |= np.abs(delta - 1.0) <= SERIES_EPSILON
        out[index[converged]] = h[converged]
        keep = ~converged
        index, aa, b, c, d, h = index[keep], aa[keep], b[keep], c[keep], d[keep], h[keep]
    return out


def regularized_gamma(a: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The lower and upper regularised incomplete gamma functions P(a, x) and Q(a, x).

    Parameters
    ----------
    a : shapes, > 0.
    x : points, >= 0 (broadcast with ``a``).

    Returns
    -------
    (P, Q) with P + Q = 1. The tail that is computed directly is accurate to about 1e-14
    relative; the other is one minus it.

    References
    ----------
    Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. (2007), §6.2.
    Loader, C. (2000), Fast and accurate computation of binomial probabilities.
    """
    a_b, x_b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    lower, upper, _ = _tails(a_b.ravel(), x_b.ravel())
    return lower.reshape(a_b.shape), upper.reshape(a_b.shape)


def _tails(a: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """P(a, x), Q(a, x) and the prefactor x^a e^-x / Gamma(a + 1), for flat arrays."""
    lower = np.zeros_like(a)
    upper = np.ones_like(a)
    prefactor = np.zeros_like(a)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        inside = (x > 0) & np.isfinite(x)
        prefactor[inside] = np.exp(log_poisson_prefactor(a[inside], x[inside]))
        series = inside & (x < a + 1.0)
        fraction = inside & ~series
        if series.any():
            lower[series] = prefactor[series] * _lower_series(a[series], x[series])
            upper[series] = 1.0 - lower[series]
        if fraction.any():
            # e^-x x^a / Gamma(a) = a * prefactor.
            upper[fraction] = (
                a[fraction] * prefactor[fraction] * _upper_fraction(a[fraction], x[fraction])
            )
            lower[fraction] = 1.0 - upper[fraction]
    infinite = np.isposinf(x)
    lower[infinite], upper[infinite] = 1.0, 0.0
    return lower, upper, prefactor


def _normal_quantile_rough(p: FloatArray) -> FloatArray:
    """Normal quantile to about 4.5e-4 (A&S 26.2.23): a starting point, never a result."""
    tail = np.minimum(p, 1.0 - p)
    t = np.sqrt(-2.0 * np.log(tail))
    c0, c1, c2 = AS_26_2_23_C
    d1, d2, d3 = AS_26_2_23_D
    z = t - (c0 + c1 * t + c2 * t * t) / (1.0 + d1 * t + d2 * t * t + d3 * t**3)
    return np.asarray(np.where(p > 0.5, z, -z), dtype=np.float64)


def gamma_quantile(shape: FloatArray, upper_tail: FloatArray | float) -> FloatArray:
    """The x with Q(shape, x) = ``upper_tail``: R's ``qgamma(upper_tail, shape, lower = FALSE)``.

    Parameters
    ----------
    shape : shapes, > 0 (any real, not only integers).
    upper_tail : probabilities in (0, 1) above the quantile, broadcast with ``shape``.

    Returns
    -------
    The quantiles, as accurate as the tail functions allow (about 1e-15 relative for the
    probabilities of funnel limits). A quantile below the smallest double is 0.

    Notes
    -----
    Starts from Wilson & Hilferty's cube-root approximation (or, for small shapes in the lower
    tail, from P(a, x) ~ x^a / Gamma(a + 1)) and refines by Halley's method on whichever tail is
    small at the answer, so that it is computed without cancellation. A bracket of the root is
    kept; a step that leaves it is replaced by bisection.

    References
    ----------
    Wilson, E. B. & Hilferty, M. M. (1931), PNAS 17:684. Press et al., Numerical Recipes,
    3rd ed. (2007), §6.2.1 and §9.4.
    """
    a_b, q_b = np.broadcast_arrays(
        np.asarray(shape, dtype=np.float64), np.asarray(upper_tail, dtype=np.float64)
    )
    if not bool(np.all((q_b > 0.0) & (q_b < 1.0))):
        raise ValueError("upper_tail must be in (0, 1)")
    a, q = a_b.ravel(), q_b.ravel()
    p = 1.0 - q
    use_lower = p <= 0.5
    goal = np.where(use_lower, p, q)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        x = _starting_point(a, p, use_lower)
        lo = np.zeros_like(a)
        hi = np.full_like(a, np.inf)
        # Below the smallest normal double the answer is 0, as R's qgamma gives: there
        # P(a, x) = x^a / Gamma(a + 1) to full precision, so the start is the answer.
        active = np.flatnonzero(x > 0)
        for _ in range(NEWTON_MAX_STEPS):
            if not active.size:
                break
            aa, xx, lower_side = a[active], x[active], use_lower[active]
            lower, upper, prefactor = _tails(aa, xx)
            # f(x) = tail - goal rises with x for the lower tail and falls for the upper one;
            # written as rising in both cases, so one bracket rule serves.
            excess = np.where(lower_side, lower - goal[active], goal[active] - upper)
            below = excess < 0
            lo[active] = np.where(below, xx, lo[active])
            hi[active] = np.where(below, hi[active], xx)
            density = aa * prefactor / xx
            newton = excess / density
            # Halley's correction: f''/f' = (a - 1)/x - 1 for the gamma density.
            halley = 1.0 - 0.5 * newton * ((aa - 1.0) / xx - 1.0)
            step = np.where(halley > 0.5, newton / halley, newton)
            new = xx - step
            # A step this small has converged (see NEWTON_TOLERANCE); it may touch the
            # bracket's end by rounding, which must not send it to bisection.
            converged = (np.abs(step) <= NEWTON_TOLERANCE * xx) | (excess == 0)
            outside = ~((new > lo[active]) & (new < hi[active])) | ~np.isfinite(new)
            outside &= ~converged
            bisect = np.where(
                np.isinf(hi[active]),
                2.0 * xx,
                np.where(lo[active] > 0, np.sqrt(lo[active] * hi[active]), 0.5 * hi[active]),
            )
            x[active] = np.where(outside, bisect, new)
            # Underflow: the answer is below the smallest double, as R's qgamma gives 0.
            converged |= x[active] == 0
            active = active[~converged]
    return np.asarray(x.reshape(a_b.shape), dtype=np.float64)


def _starting_point(a: FloatArray, p: FloatArray, use_lower: BoolArray) -> FloatArray:
    """Wilson-Hilferty's approximation; x^a / Gamma(a + 1) = p for small shapes' lower tail
    (0 where that is below the smallest normal double)."""
    nine_a = 9.0 * a
    z = _normal_quantile_rough(p)
    x = a * (1.0 - 1.0 / nine_a + z * np.sqrt(1.0 / nine_a)) ** 3
    log_small = (np.log(p) + log_gamma_lanczos(a + 1.0)) / a
    small = np.where(log_small < np.log(np.finfo(np.float64).tiny), 0.0, np.exp(log_small))
    x = np.where((x <= 0) | ((a < 1.0) & use_lower), small, x)
    return np.asarray(x, dtype=np.float64)
