"""The normal quantile, the regularised incomplete beta function and its inverse, in numpy alone.

The traffic lights need an interval at any confidence level (the normal quantile for a
configurable level) and exact Clopper-Pearson limits of a binomial proportion (beta
quantiles). The engine takes no scipy, so they are here, built on :mod:`forbedring.spc.gamma`:
the normal quantile from the chi-square quantile with one degree of freedom, the beta density's
prefactor in Loader's saddle-point form (the binomial density, as R's ``dbinom_raw``), the
continued fraction for the incomplete beta function (Numerical Recipes, 3rd ed., §6.4) and a
safeguarded Newton iteration for its inverse. Every function works on all elements at once;
loops run over fraction steps or iterations, never over elements.
"""

from __future__ import annotations

import numpy as np

from forbedring.spc.gamma import (
    BLOCK,
    LENTZ_TINY,
    NEWTON_MAX_STEPS,
    NEWTON_TOLERANCE,
    SERIES_EPSILON,
    deviance_term,
    gamma_quantile,
    stirling_error,
)
from forbedring.spc.segments import FloatArray

# Abramowitz & Stegun 26.2.22 (error < 3e-3), the normal deviate in NR's starting point for the
# inverse incomplete beta function (Numerical Recipes, 3rd ed., §6.14, invbetai).
AS_26_2_22 = (2.30753, 0.27061, 0.99229, 0.04481)


def normal_quantile(p: FloatArray | float) -> FloatArray:
    """The standard normal quantile Phi^-1(p), R's ``qnorm(p)``, for p in (0, 1).

    Z^2 is chi-square with one degree of freedom, so Z^2 / 2 is gamma with shape 1/2 and
    P(|Z| > z) = 2 min(p, 1 - p) gives z^2 / 2 as an upper-tail gamma quantile; the sign
    comes from the side of 1/2. Accurate to the gamma quantile's ~1e-15 relative.
    """
    prob = np.asarray(p, dtype=np.float64)
    if not bool(np.all((prob > 0.0) & (prob < 1.0))):
        raise ValueError("a normal quantile needs a probability strictly between 0 and 1")
    tail = 2.0 * np.minimum(prob, 1.0 - prob)
    centre = tail >= 1.0  # p = 1/2 exactly: the quantile is 0 (the gamma tail would be 1)
    chi_half = gamma_quantile(np.full(prob.shape, 0.5), np.where(centre, 0.5, tail))
    z = np.where(centre, 0.0, np.sqrt(2.0 * chi_half))
    return np.asarray(np.where(prob < 0.5, -z, z), dtype=np.float64)


def critical_value(level: float) -> float:
    """The two-sided normal critical value of a confidence level: z with P(|Z| <= z) = level
    (1.959963984540054 at 0.95)."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"a confidence level must be between 0 and 1, got {level}")
    return float(normal_quantile(0.5 + level / 2.0))


def log_beta_prefactor(
    a: FloatArray, b: FloatArray, x: FloatArray, y: FloatArray | None = None
) -> FloatArray:
    """log(x^a y^b / (a B(a, b))) with y = 1 - x, the factor in front of the continued fraction.

    ``y`` may be given when it is known more exactly than 1 - x can be formed: for a tiny x,
    1 - x rounds away the digits that y^b with a large b needs (1 - x itself is exact from
    x >= 1/2 on).

    With n = a + b it equals the binomial density D = Gamma(n + 1) / (Gamma(a + 1)
    Gamma(b + 1)) x^a (1 - x)^b times b / n, and D is taken in Loader's form (R's
    ``dbinom_raw``), stirlerr(n) - stirlerr(a) - stirlerr(b) - bd0(a, n x) - bd0(b, n (1 - x))
    + log sqrt(n / (2 pi a b)), which keeps full accuracy where the plain terms, each as large
    as the counts, would cancel. For a, b > 0 and 0 < x < 1.
    """
    n = a + b
    y = 1.0 - x if y is None else y
    log_density = (
        stirling_error(n)
        - stirling_error(a)
        - stirling_error(b)
        - deviance_term(a, n * x)
        - deviance_term(b, n * y)
        + 0.5 * np.log(n / (2.0 * np.pi * a * b))
    )
    return np.asarray(log_density + np.log(b / n), dtype=np.float64)


def _fraction(a: FloatArray, b: FloatArray, x: FloatArray) -> FloatArray:
    """The continued fraction of I_x(a, b) over its prefactor (NR §6.4, betacf, by the
    modified Lentz method); converges fast for x < (a + 1) / (a + b + 2).

    Elements are compacted every BLOCK steps, as in the gamma module: indexing on every step
    would cost more than the steps themselves.
    """

    def guard(v: FloatArray) -> FloatArray:
        return np.where(np.abs(v) < LENTZ_TINY, LENTZ_TINY, v)

    out = np.empty_like(a)
    index = np.arange(a.size)
    aa, bb, xx = a, b, x
    c = np.ones_like(a)
    d = 1.0 / guard(1.0 - (aa + bb) * xx / (aa + 1.0))
    h = d.copy()
    m = 0
    while index.size:
        converged = np.zeros(index.size, dtype=bool)
        for _ in range(BLOCK):
            m += 1
            even = m * (bb - m) * xx / ((aa + 2 * m - 1.0) * (aa + 2 * m))
            d = 1.0 / guard(1.0 + even * d)
            c = guard(1.0 + even / c)
            h = h * d * c
            odd = -(aa + m) * (aa + bb + m) * xx / ((aa + 2 * m) * (aa + 2 * m + 1.0))
            d = 1.0 / guard(1.0 + odd * d)
            c = guard(1.0 + odd / c)
            delta = d * c
            h = h * delta
            # A converged element keeps being updated until the block ends, by factors of 1.
            converged |= np.abs(delta - 1.0) <= SERIES_EPSILON
        out[index[converged]] = h[converged]
        keep = ~converged
        index, aa, bb, xx = index[keep], aa[keep], bb[keep], xx[keep]
        c, d, h = c[keep], d[keep], h[keep]
    return out


def _tails(a: FloatArray, b: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """I_x(a, b) and 1 - I_x(a, b) for flat arrays, each tail computed directly on the side
    where the continued fraction converges and the other one as its complement."""
    lower = np.where(x >= 1.0, 1.0, 0.0)
    upper = 1.0 - lower
    inside = (x > 0.0) & (x < 1.0)
    direct = inside & (x < (a + 1.0) / (a + b + 2.0))
    mirror = inside & ~direct
    with np.errstate(under="ignore", over="ignore", divide="ignore", invalid="ignore"):
        if direct.any():
            ad, bd, xd = a[direct], b[direct], x[direct]
            lower[direct] = np.exp(log_beta_prefactor(ad, bd, xd)) * _fraction(ad, bd, xd)
            upper[direct] = 1.0 - lower[direct]
        if mirror.any():
            # 1 - I_x(a, b) = I_{1-x}(b, a).
            am, bm, xm, ym = b[mirror], a[mirror], 1.0 - x[mirror], x[mirror]
            upper[mirror] = np.exp(log_beta_prefactor(am, bm, xm, ym)) * _fraction(am, bm, xm)
            lower[mirror] = 1.0 - upper[mirror]
    return lower, upper


def regularized_beta(
    x: FloatArray | float, a: FloatArray | float, b: FloatArray | float
) -> FloatArray:
    """The regularised incomplete beta function I_x(a, b): R's ``pbeta(x, a, b)``.

    Parameters
    ----------
    x : points in [0, 1]; a, b : shapes > 0 (any reals). Broadcast together.

    Returns
    -------
    I_x(a, b), accurate to about 1e-14 (absolute; relative in the directly computed tail).

    References
    ----------
    Press, Teukolsky, Vetterling & Flannery, Numerical Recipes, 3rd ed. (2007), §6.4.
    Loader, C. (2000), Fast and accurate computation of binomial probabilities.
    """
    xb, ab, bb = np.broadcast_arrays(
        np.asarray(x, np.float64), np.asarray(a, np.float64), np.asarray(b, np.float64)
    )
    if not bool(np.all((ab > 0) & (bb > 0))):
        raise ValueError("beta shapes must be above 0")
    lower, _ = _tails(ab.ravel().copy(), bb.ravel().copy(), np.clip(xb.ravel(), 0.0, 1.0))
    return lower.reshape(xb.shape)


def beta_quantile(
    p: FloatArray | float, a: FloatArray | float, b: FloatArray | float
) -> FloatArray:
    """The x with I_x(a, b) = p: R's ``qbeta(p, a, b)``, for p in (0, 1), a, b > 0.

    Starts from NR's approximation (invbetai: a normal deviate mapped through the beta's
    mean and spread for a, b >= 1, the two power-law tails otherwise) and refines by Newton's
    method on whichever tail is the smaller at the current point, within a bracket kept
    around the root; a step that leaves the bracket is replaced by bisection.

    References
    ----------
    Press et al., Numerical Recipes, 3rd ed. (2007), §6.14.
    """
    pb, ab, bb = np.broadcast_arrays(
        np.asarray(p, np.float64), np.asarray(a, np.float64), np.asarray(b, np.float64)
    )
    if not bool(np.all((pb > 0.0) & (pb < 1.0))):
        raise ValueError("a beta quantile needs a probability strictly between 0 and 1")
    if not bool(np.all((ab > 0) & (bb > 0))):
        raise ValueError("beta shapes must be above 0")
    prob, a_, b_ = pb.ravel().copy(), ab.ravel().copy(), bb.ravel().copy()
    with np.errstate(under="ignore", over="ignore", divide="ignore", invalid="ignore"):
        x = _start(prob, a_, b_)
        lo = np.zeros_like(prob)
        hi = np.ones_like(prob)
        active = np.arange(prob.size)
        for _ in range(NEWTON_MAX_STEPS):
            if not active.size:
                break
            aa, bb_, xx, pp = a_[active], b_[active], x[active], prob[active]
            lower, upper = _tails(aa, bb_, xx)
            # The excess is formed on the smaller tail so that it keeps its relative accuracy
            # when p is small or close to 1.
            excess = np.where(pp <= 0.5, lower - pp, (1.0 - pp) - upper)
            below = excess < 0
            lo[active] = np.where(below, xx, lo[active])
            hi[active] = np.where(below, hi[active], xx)
            near_zero = xx < 0.5
            side = np.where(near_zero, xx, 1.0 - xx)
            log_front = log_beta_prefactor(aa, bb_, xx)
            density = np.exp(log_front) * aa / (xx * (1.0 - xx))
            new = xx - excess / density
            converged = (np.abs(new - xx) <= NEWTON_TOLERANCE * side) | (excess == 0)
            outside = ~((new > lo[active]) & (new < hi[active])) | ~np.isfinite(new)
            outside &= ~converged
            x[active] = np.where(outside, 0.5 * (lo[active] + hi[active]), new)
            # The bracket has shrunk to adjacent doubles: nothing is left to refine.
            converged |= hi[active] - lo[active] <= 4.0 * np.spacing(hi[active])
            active = active[~converged]
    return np.asarray(x.reshape(pb.shape), dtype=np.float64)


def _start(p: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """NR's invbetai starting point; 1/2 where it is not inside (0, 1)."""
    c0, c1, c2, c3 = AS_26_2_22
    t = np.sqrt(-2.0 * np.log(np.minimum(p, 1.0 - p)))
    deviate = (c0 + t * c1) / (1.0 + t * (c2 + t * c3)) - t
    deviate = np.where(p < 0.5, -deviate, deviate)  # about -Phi^-1(p), as NR writes it
    al = (deviate * deviate - 3.0) / 6.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = deviate * np.sqrt(al + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            al + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        normal_start = a / (a + b * np.exp(2.0 * w))
        # Small shapes: I_x ~ x^a / (a B) near 0 and 1 - (1 - x)^b / (b B) near 1, with NR's
        # rough stand-in for B(a, b).
        ta = np.exp(a * np.log(a / (a + b))) / a
        ub = np.exp(b * np.log(b / (a + b))) / b
        total = ta + ub
        power_start = np.where(
            p < ta / total,
            (a * total * p) ** (1.0 / a),
            1.0 - (b * total * (1.0 - p)) ** (1.0 / b),
        )
        x = np.where((a >= 1.0) & (b >= 1.0), normal_start, power_start)
    ok = np.isfinite(x) & (x > 0.0) & (x < 1.0)
    return np.asarray(np.where(ok, x, 0.5), dtype=np.float64)
