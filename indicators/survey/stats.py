"""Statistical building blocks for ordinal survey items, each with a defined result on edge cases.

Every function returns ``None`` (never NaN) when a figure is undefined, so that callers write
an explicit note instead of a silent blank. Independent checks against scipy and statsmodels
live in ``tests/test_stats_*.py``.

scipy is not used here: importing ``scipy.special`` alone costs an eighth to a quarter of a second. The
normal and Student quantiles and the normal tail come from :mod:`indicators.survey.distributions`
(within a few units in the last place of the exact values, as scipy's are); ranks, the Wilcoxon
test and the binomial tail are written out below (the tests compare them with ``scipy.stats``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from indicators.survey.distributions import normal_quantile, normal_tail, student_quantile

CONFIDENCE = 0.95


def _z(confidence: float) -> float:
    return normal_quantile(0.5 + confidence / 2)


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float] | None:
    """Wilson score interval of a proportion (``None`` when ``n`` is 0)."""
    if n <= 0:
        return None
    z = _z(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float] | None:
    """Student t interval of a mean (``None`` below 2 values; a point when all values are equal)."""
    values = np.asarray(values, dtype=float)
    n = values.size
    if n < 2:
        return None
    mean = float(values.mean())
    sd = float(values.std(ddof=1))
    half = student_quantile(n - 1, 0.5 + confidence / 2) * sd / math.sqrt(n)
    return mean - half, mean + half


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm step-down adjusted p-values over the defined ones (``None`` stays ``None``)."""
    defined = [(p, i) for i, p in enumerate(p_values) if p is not None]
    m = len(defined)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, index) in enumerate(sorted(defined)):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[index] = running
    return adjusted


def mcnemar_exact(b: int, c: int) -> float:
    """Exact (binomial) two-sided McNemar p-value from the two discordant counts.

    With no discordant pair there is no evidence of change: the p-value is 1. The binomial tail
    P(X ≤ min(b, c)) for n = b + c draws at 1/2 is summed in integers and divided once, so the
    result is the exact value correctly rounded (scipy's ``binom.cdf`` is within a few 1e-14).
    """
    n = b + c
    if n == 0:
        return 1.0
    term = total = 1  # C(n, 0)
    for k in range(1, min(b, c) + 1):
        term = term * (n - k + 1) // k
        total += term
    return min(1.0, 2 * total / 2**n)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``values``, tied values sharing their average rank (``rankdata``'s default)."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, x.size))
    ranks = np.empty(x.size, dtype=float)
    ranks[order] = np.repeat(starts + 1 + (counts - 1) / 2, counts)
    return ranks


_PERMUTATION_MAX_N = 13  # scipy's "auto" method enumerates all 2**n sign flips up to this size


def _pratt_permutation_p(d: np.ndarray) -> float:
    """Two-sided p-value of scipy's exact permutation branch of ``wilcoxon`` (Pratt zeros).

    scipy (``method="auto"``, n ≤ 13 with ties or zeros) runs ``permutation_test`` over all
    2**n sign flips of the differences, statistic R+ (average ranks of |d|, zeros ranked), with a
    relative tolerance of 100 machine epsilons. The same enumeration, as one matrix.
    """
    ranks = average_ranks(np.abs(d))
    n = d.size
    signs = ((np.arange(2**n)[:, None] >> np.arange(n)[::-1]) & 1).astype(bool)  # all sign patterns
    positive = np.where(signs, d < 0, d > 0)  # flipping a sign turns a negative difference positive
    null = positive.astype(float) @ ranks
    observed = float(ranks[d > 0].sum())
    gamma = abs(np.finfo(float).eps * 100 * observed)
    less = np.count_nonzero(null <= observed + gamma) / null.size
    greater = np.count_nonzero(null >= observed - gamma) / null.size
    return float(np.clip(min(less, greater) * 2, 0.0, 1.0))


def wilcoxon_pratt(post: np.ndarray, pre: np.ndarray) -> float | None:
    """p-value of ``scipy.stats.wilcoxon(post, pre, zero_method="pratt")`` with its defaults.

    ``None`` without pairs; 1.0 when every difference is zero (no sign of change: every
    permutation of signs gives the same statistic), which scipy only returns for small samples.
    Where scipy enumerates sign flips in Python (n ≤ 13 with ties or zeros), the identical
    p-value is computed by :func:`_pratt_permutation_p` in one vectorised step.
    """
    post = np.asarray(post, dtype=float)
    pre = np.asarray(pre, dtype=float)
    if post.size == 0:
        return None
    if np.all(post == pre):
        return 1.0
    d = post - pre
    ties_or_zeros = bool(np.any(d == 0)) or np.unique(np.abs(d)).size < d.size
    if ties_or_zeros and d.size <= _PERMUTATION_MAX_N:
        return _pratt_permutation_p(d)
    if not ties_or_zeros and d.size <= _EXACT_MAX_N:
        return _exact_signed_rank_p(d)
    return _normal_pratt_p(d)


_EXACT_MAX_N = 50  # scipy's "auto" method uses the exact null distribution up to this size


def _exact_signed_rank_p(d: np.ndarray) -> float:
    """Two-sided p-value of scipy's exact branch of ``wilcoxon`` (no ties, no zero).

    The null distribution of R+ over the 2**n sign patterns is built by adding one rank at a
    time, each sign with probability 1/2, and the tails are summed as scipy sums them (the
    shorter side of the mean directly, the other as a complement), so the p-value is the same.
    """
    n = d.size
    pmf = np.ones(1)
    for k in range(1, n + 1):
        previous = pmf
        pmf = np.zeros(k * (k + 1) // 2 + 1)
        pmf[: previous.size] = previous * 0.5
        pmf[-previous.size :] += previous * 0.5
    mean = n * (n + 1) / 4
    r_plus = float(np.sum((d > 0).astype(float) * average_ranks(np.abs(d))))
    low, high = math.floor(r_plus), math.ceil(r_plus)
    upper = float(pmf[low:].sum()) if low <= mean else 1 - float(pmf[:low].sum())
    lower = float(pmf[: high + 1].sum()) if high <= mean else 1 - float(pmf[high + 1 :].sum())
    return float(np.clip(2 * min(upper, lower), 0.0, 1.0))


def _normal_pratt_p(d: np.ndarray) -> float | None:
    """Two-sided p-value of scipy's normal approximation of ``wilcoxon`` (Pratt zeros, ties).

    Cureton's correction for zeros and the tie correction on the non-zero absolute differences;
    no continuity correction (scipy's default). ``None`` where the variance is zero.
    """
    absolute = np.abs(d)
    ranks = average_ranks(absolute)
    r_plus = float(np.sum((d > 0).astype(float) * ranks))
    count = float(d.size)
    zeros = float(np.count_nonzero(d == 0))
    mean = count * (count + 1.0) * 0.25 - zeros * (zeros + 1.0) * 0.25
    variance = count * (count + 1.0) * (2.0 * count + 1.0) - zeros * (zeros + 1.0) * (2.0 * zeros + 1.0)
    _, ties = np.unique(absolute[absolute != 0], return_counts=True)
    tie_correction = float(np.sum(ties.astype(float) ** 3 - ties))
    se = math.sqrt((variance - tie_correction / 2) / 24)
    if se == 0:
        return None
    z = (r_plus - mean) / se
    return 2 * normal_tail(abs(z))


def rank_biserial(differences: np.ndarray) -> float | None:
    """Matched-pairs rank-biserial correlation r = (R+ − R−) / (R+ + R−).

    Zero differences are dropped; tied absolute differences get their average rank. ``None``
    without pairs; 0 when every difference is zero (no change either way).
    """
    d = np.asarray(differences, dtype=float)
    if d.size == 0:
        return None
    d = d[d != 0]
    if d.size == 0:
        return 0.0
    ranks = average_ranks(np.abs(d))
    plus = float(ranks[d > 0].sum())
    minus = float(ranks[d < 0].sum())
    return (plus - minus) / (plus + minus)


def cronbach_alpha(matrix: np.ndarray) -> float | None:
    """Cronbach's α of complete cases (rows) over items (columns).

    ``None`` with fewer than 2 items or 2 rows, or when the total score does not vary.
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2 or x.shape[0] < 2:
        return None
    k = x.shape[1]
    covariance = np.cov(x, rowvar=False, ddof=1)
    total = float(covariance.sum())
    if total <= 0:
        return None
    return k / (k - 1) * (1 - float(np.trace(covariance)) / total)


def standardised_mean_difference(a: np.ndarray, b: np.ndarray) -> float | None:
    """(mean a − mean b) / sqrt((var a + var b) / 2), the balance measure of Austin (2009).

    ``None`` when a group has fewer than 2 values or both variances are 0.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.size < 2 or b.size < 2:
        return None
    pooled = math.sqrt((float(a.var(ddof=1)) + float(b.var(ddof=1))) / 2)
    if pooled == 0:
        return None
    return (float(a.mean()) - float(b.mean())) / pooled
