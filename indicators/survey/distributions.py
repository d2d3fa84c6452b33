"""Normal and Student quantiles and the normal tail, written with the standard library.

The survey statistics need three numbers: the normal quantile of a confidence level (Wilson
intervals), the normal tail area (Wilcoxon's normal approximation) and Student's quantile (the t
interval of a mean). ``scipy.special`` has them, but importing it costs a quarter of a second of
CPU in every ``suivi evaluate`` (it loads numpy's testing and f2py modules too); these cost a
tenth of a millisecond a call. Each is within a few units in the last place of the exact value, as
scipy's are (``tests/test_distributions.py`` compares them with scipy over wide grids, and with a
closed form).

- The normal quantile is ``statistics.NormalDist().inv_cdf`` (Wichura's AS 241).
- The normal tail is ``erfc(z / √2) / 2``.
- Student's quantile solves, by Newton's method from the Cornish–Fisher approximation, whichever
  of P(0 < T < t) = p − 1/2 and P(T > t) = 1 − p has the smaller right-hand side (both exact for
  a double p ≥ 1/2). The central area is half of I_y(1/2, ν/2) at y = t² / (ν + t²), from its
  continued fraction or, for many degrees of freedom, its hypergeometric series of positive terms;
  the tail area is half of I_x(ν/2, 1/2) at x = 1 − y from its continued fraction for few degrees
  of freedom, and otherwise the integral of the density by the exp-sinh rule. No area is the
  difference of two close numbers, and the factors are written in t²/ν so that large ν loses nothing.
"""

from __future__ import annotations

import math
from statistics import NormalDist

_NORMAL = NormalDist()
_TINY = 1e-300
_EPSILON = 2.0**-53
_SERIES_MIN = 50.0  # from this shape a = ν/2 on: Γ(a + 1/2) / Γ(a) by its asymptotic series, the central area by its series
_FRACTION_MAX = 10.0  # below this shape, the tail area by its continued fraction (beyond, it converges slowly)
_CENTRE = 0.25  # below this p − 1/2 the central area is the smaller one (p < 3/4)


def normal_quantile(p: float) -> float:
    """The standard normal quantile of ``p`` (0 < p < 1)."""
    return _NORMAL.inv_cdf(p)


def normal_tail(z: float) -> float:
    """P(Z > z) for a standard normal Z, accurate far into the upper tail."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def student_quantile(df: float, p: float) -> float:
    """The quantile of ``p`` (0 < p < 1) of Student's t distribution with ``df`` degrees of freedom (finite, > 0)."""
    if not (0.0 < p < 1.0 and 0.0 < df < math.inf):
        raise ValueError("student_quantile needs 0 < p < 1 and a finite df > 0")
    if p < 0.5:
        return -student_quantile(df, 1.0 - p)
    centre = p - 0.5  # exact for 1/2 ≤ p < 1
    if centre == 0.0:
        return 0.0
    if df == 1.0:  # Cauchy: the tangent of the smaller angle, where it is well conditioned
        return math.tan(math.pi * centre) if centre < _CENTRE else 1.0 / math.tan(math.pi * (1.0 - p))
    if df == 2.0:
        return 2.0 * centre / math.sqrt(2.0 * p * (1.0 - p))
    central = centre < _CENTRE  # solve on the smaller of the two areas, known exactly: p − 1/2 or 1 − p
    target = centre if central else 1.0 - p
    t = _cornish_fisher(df, normal_quantile(p))
    previous = math.inf
    for _ in range(100):
        area = _central_area(df, t) if central else _tail_area(df, t)
        # Newton's step: the central area grows with t, the tail area falls.
        step = (target - area if central else area - target) / _density(df, t)
        if abs(step) >= previous and abs(step) <= 64.0 * _EPSILON * t:
            break  # the steps stopped shrinking: what is left is the areas' rounding
        t += step
        if abs(step) <= _EPSILON * t:
            break
        previous = abs(step)
    return t


def _cornish_fisher(df: float, z: float) -> float:
    """Student's quantile from the normal one, to order 1/ν³ (Abramowitz & Stegun 26.7.5)."""
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    return max(z + g1 / df + g2 / df**2 + g3 / df**3, _TINY)


def _central_area(df: float, t: float) -> float:
    """P(0 < T < t) for t > 0: half of I_y(1/2, ν/2) at y = t² / (ν + t²)."""
    a = df / 2.0
    ratio = t * t / df
    y = ratio / (1.0 + ratio)
    if y < 1.5 / (a + 2.5):  # its continued fraction converges fast
        return _front(a, ratio, y) * _fraction(0.5, a, y)
    if a >= _SERIES_MIN:  # its series of positive terms too
        return _front(a, ratio, y) * _series(a, y)
    return 0.5 - _tail_area(df, t)


def _tail_area(df: float, t: float) -> float:
    """P(T > t) for t > 0: half of I_x(ν/2, 1/2) at x = ν / (ν + t²), or the density's integral."""
    a = df / 2.0
    ratio = t * t / df
    y = ratio / (1.0 + ratio)
    if a < _FRACTION_MAX and y >= 1.5 / (a + 2.5):  # the continued fraction of I_x(a, 1/2) converges fast
        return 0.5 * _front(a, ratio, y) * _fraction(a, 0.5, 1.0 / (1.0 + ratio)) / a
    return _tail_integral(df, t)


def _front(a: float, ratio: float, y: float) -> float:
    """x^a y^(1/2) / B(a, 1/2), the factor of both incomplete beta functions, with x^a = (1 + t²/ν)^(−a)."""
    return math.exp(-a * math.log1p(ratio)) * math.sqrt(y) / _beta(a)


def _series(a: float, y: float) -> float:
    """Σ (a + 1/2)ₙ / (3/2)ₙ yⁿ, the hypergeometric series of I_y(1/2, a) / (2 y^(1/2) (1 − y)^a / B(a, 1/2))."""
    term = total = 1.0
    for n in range(1_000_000):  # the terms fall from n ≈ (a y − 3/2) / (1 − y) on
        term *= (a + 0.5 + n) / (1.5 + n) * y
        total += term
        if term <= _EPSILON * total and (a + 1.5 + n) * y < 2.5 + n:
            break
    return total


def _tail_integral(df: float, t: float) -> float:
    """P(T > t) as the integral of the density from t, by the exp-sinh rule (a trapezoid rule in τ after
    s = t + exp(π/2 · sinh τ)), halving its step until two results agree to the last bits."""
    power, root = -(df + 1.0) / 2.0, math.sqrt(df)

    def integrand(tau: float) -> float:
        u = math.exp(math.pi / 2.0 * math.sinh(tau))
        r = (t + u) / root
        log_factor = math.log1p(r * r) if r < 1e150 else 2.0 * math.log(r)
        return math.exp(power * log_factor) * math.pi / 2.0 * math.cosh(tau) * u

    def terms(step: float, first: float) -> float:
        """Σ integrand(τ) over τ = first ± k·step, each way until the terms stop counting."""
        total = 0.0
        for direction in (1.0, -1.0):
            tau = first if direction > 0 else first - step
            while abs(tau) < 6.5:  # beyond, exp(π/2 · sinh τ) nears the largest double
                value = integrand(tau)
                total += value
                if value <= _EPSILON * 1e-3 * total and abs(tau) > 1.0:
                    break
                tau += direction * step
        return total

    step = 0.5
    result = step * terms(step, 0.0)
    for _ in range(8):
        refined = result / 2.0 + step / 2.0 * terms(step, step / 2.0)
        step /= 2.0
        if abs(refined - result) <= 8.0 * _EPSILON * refined:  # the error falls doubly exponentially: the last is far smaller
            return refined / (root * _beta(df / 2.0))
        result = refined
    return result / (root * _beta(df / 2.0))


def _beta(a: float) -> float:
    """B(a, 1/2) = Γ(a) Γ(1/2) / Γ(a + 1/2), by the gamma function or, for large a, the asymptotic series of the ratio."""
    if a < _SERIES_MIN:
        return math.gamma(a) * math.sqrt(math.pi) / math.gamma(a + 0.5)
    inverse = 1.0 / a
    square = inverse * inverse
    # log Γ(a + 1/2) − log Γ(a) = ½ log a − 1/(8a) + 1/(192a³) − 1/(640a⁵) + 17/(14336a⁷) − …
    series = inverse * (-1.0 / 8.0 + square * (1.0 / 192.0 + square * (-1.0 / 640.0 + square * 17.0 / 14336.0)))
    return math.sqrt(math.pi / a) * math.exp(-series)


def _fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (modified Lentz), where x < (a + 1) / (a + b + 2)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 100_000):
        two_m = 2.0 * m
        change = 1.0
        for numerator in (m * (b - m) * x / ((a + two_m - 1.0) * (a + two_m)),
                          -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1.0))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            change = c * d
            result *= change
        if abs(change - 1.0) <= _EPSILON:
            break
    return result


def _density(df: float, t: float) -> float:
    """Student's density at t."""
    return math.exp(-(df + 1.0) / 2.0 * math.log1p(t * t / df)) / (math.sqrt(df) * _beta(df / 2.0))
