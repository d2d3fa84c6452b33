"""Statistical building blocks against scipy / statsmodels and small cases computed by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from indicators.survey.stats import (
    average_ranks,
    cronbach_alpha,
    holm,
    mcnemar_exact,
    mean_interval,
    rank_biserial,
    standardised_mean_difference,
    wilcoxon_pratt,
    wilson_interval,
)


def same_as(expected):
    """Equal to the last digits: 1e-13 relative (a few hundred units in the last place at most, where
    the normal tail is deep), what two correct computations of the same special function differ by."""
    return pytest.approx(expected, rel=1e-13, abs=0)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (57, 120), (1, 1), (0, 1)])
def test_wilson_matches_statsmodels(k, n):
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((low, high), abs=1e-12)


def test_wilson_by_hand_and_without_answers():
    # 8 of 10: centre (0.8 + 1.9208/10)/(1 + 3.8415/10); half-width by the textbook formula.
    z = 1.959963984540054
    centre = (0.8 + z * z / 20) / (1 + z * z / 10)
    half = z * math.sqrt(0.8 * 0.2 / 10 + z * z / 400) / (1 + z * z / 10)
    assert wilson_interval(8, 10) == pytest.approx((centre - half, centre + half))
    assert wilson_interval(0, 0) is None


def test_holm_matches_statsmodels():
    p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04]
    expected = multipletests(p, method="holm")[1]
    assert holm(p) == pytest.approx(list(expected))


def test_holm_keeps_undefined_p_values_out_of_the_family():
    assert holm([0.02, None, 0.03]) == pytest.approx([0.04, None, 0.04])
    assert holm([None]) == [None]
    assert holm([]) == []
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])  # capped at 1, monotone


@pytest.mark.parametrize(("b", "c"), [(0, 0), (1, 0), (5, 1), (10, 10), (3, 12), (40, 25)])
def test_mcnemar_exact_matches_statsmodels(b, c):
    table = [[7, b], [c, 9]]
    assert mcnemar_exact(b, c) == pytest.approx(mcnemar(table, exact=True).pvalue)


def test_mcnemar_by_hand():
    # b=5, c=1: P(X<=1 | n=6, 1/2) = 7/64, doubled = 14/64.
    assert mcnemar_exact(5, 1) == pytest.approx(14 / 64)


def _pairs(seed, n, low=1, high=5):
    rng = np.random.default_rng(seed)
    pre = rng.integers(low, high, n).astype(float)
    post = np.clip(pre + rng.integers(-1, 3, n), low, high - 1).astype(float)
    return pre, post


@pytest.mark.parametrize(("seed", "n"), [(1, 8), (2, 12), (3, 30), (4, 49), (5, 51), (6, 400)])
def test_wilcoxon_is_scipy_pratt_with_defaults(seed, n):
    pre, post = _pairs(seed, n)
    assert wilcoxon_pratt(post, pre) == same_as(stats.wilcoxon(post, pre, zero_method="pratt").pvalue)


def test_wilcoxon_edge_cases():
    assert wilcoxon_pratt(np.array([]), np.array([])) is None
    # All differences zero: p = 1, also where scipy's normal approximation would give NaN.
    assert wilcoxon_pratt(np.ones(30), np.ones(30)) == 1.0
    assert wilcoxon_pratt(np.array([3.0]), np.array([1.0])) == stats.wilcoxon([3.0], [1.0], zero_method="pratt").pvalue


def test_rank_biserial_by_hand_with_ties_and_zeros():
    # d = [0, 1, 1, -2, 3]: zero dropped; |d| = 1,1,2,3 → ranks 1.5,1.5,3,4.
    # R+ = 1.5 + 1.5 + 4 = 7, R− = 3 → r = 4 / 10.
    assert rank_biserial(np.array([0, 1, 1, -2, 3])) == pytest.approx(0.4)
    assert rank_biserial(np.array([2, 2, 2])) == 1.0
    assert rank_biserial(np.array([-1])) == -1.0
    assert rank_biserial(np.array([0, 0])) == 0.0
    assert rank_biserial(np.array([])) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_biserial_against_scipy_wilcox_statistic(seed):
    # With zero_method="wilcox", scipy's statistic is min(R+, R−) on the non-zero differences.
    pre, post = _pairs(seed, 60)
    d = post - pre
    nonzero = d[d != 0]
    total = nonzero.size * (nonzero.size + 1) / 2
    r = rank_biserial(d)
    r_plus = (1 + r) / 2 * total
    assert min(r_plus, total - r_plus) == pytest.approx(stats.wilcoxon(post, pre, zero_method="wilcox").statistic)


def test_cronbach_alpha_against_the_variance_formula():
    rng = np.random.default_rng(9)
    trait = rng.normal(size=200)
    x = np.column_stack([trait + rng.normal(scale=s, size=200) for s in (0.5, 1.0, 1.5, 2.0)])
    k = x.shape[1]
    expected = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(x) == pytest.approx(expected)


def test_cronbach_alpha_by_hand_and_undefined():
    # Two identical items: alpha = 2 (1 − 2v / 4v) = 1.
    x = np.array([[1, 1], [2, 2], [4, 4]], dtype=float)
    assert cronbach_alpha(x) == pytest.approx(1.0)
    assert cronbach_alpha(np.array([[1.0, 2.0]])) is None  # one respondent
    assert cronbach_alpha(np.array([[1.0], [2.0]])) is None  # one item
    assert cronbach_alpha(np.ones((5, 3))) is None  # no variation


def test_smd_by_hand():
    # a: mean 3, var 1; b: mean 2, var 1 → (3 − 2) / 1.
    assert standardised_mean_difference(np.array([2.0, 3.0, 4.0]), np.array([1.0, 2.0, 3.0])) == pytest.approx(1.0)
    assert standardised_mean_difference(np.array([1.0]), np.array([1.0, 2.0])) is None
    assert standardised_mean_difference(np.array([2.0, 2.0]), np.array([1.0, 1.0])) is None


def test_mean_interval_matches_scipy_t_interval():
    values = np.array([1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0])
    expected = stats.t.interval(0.95, values.size - 1, loc=values.mean(), scale=stats.sem(values))
    assert mean_interval(values) == pytest.approx(expected)
    assert mean_interval(np.array([2.0])) is None
    assert mean_interval(np.array([2.0, 2.0])) == (2.0, 2.0)


@pytest.mark.parametrize(
    ("pre", "post"),
    [
        ([1, 2, 3, 2, 1], [2, 2, 4, 4, 1]),  # zeros and ties
        ([1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 3, 1, 4, 4, 1]),
        ([3, 3, 2, 4, 1, 2, 2, 3, 1, 4, 2, 3], [4, 2, 2, 4, 3, 3, 1, 4, 2, 4, 4, 1]),  # n = 12
        ([2, 1], [1, 2]),
        ([1], [3]),
    ],
)
def test_wilcoxon_small_samples_equal_scipy_permutation_branch(pre, post):
    pre, post = np.array(pre, dtype=float), np.array(post, dtype=float)
    assert wilcoxon_pratt(post, pre) == stats.wilcoxon(post, pre, zero_method="pratt").pvalue  # the same enumeration: exact


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=-4, max_value=4), min_size=1, max_size=40))
def test_rank_biserial_is_bounded_and_antisymmetric(differences):
    d = np.array(differences, dtype=float)
    r = rank_biserial(d)
    assert -1.0 <= r <= 1.0
    assert rank_biserial(-d) == pytest.approx(-r)
    if np.all(d >= 0) and np.any(d > 0):
        assert r == 1.0


# The functions above import no scipy (a quarter to a second of CPU at start-up): the quantiles and
# the normal tail are written in indicators.survey.distributions, ranks, the Wilcoxon branches and
# the binomial tail here. scipy.stats stays the reference: exact where the same sums are made (ranks,
# the exact branches), to the last digits where a quantile or the normal tail enters.


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5)), min_size=14, max_size=70)
)
def test_wilcoxon_equals_scipy_with_ties_and_zeros_beyond_the_permutation_sizes(pairs):
    # Ordinal answers: ties and zeros everywhere; above n = 13 (the permutation branch, tested
    # above) scipy uses the normal approximation with Cureton's and the tie corrections.
    pre = np.array([p for p, _ in pairs], dtype=float)
    post = np.array([q for _, q in pairs], dtype=float)
    expected = 1.0 if np.all(post == pre) else float(stats.wilcoxon(post, pre, zero_method="pratt").pvalue)
    assert wilcoxon_pratt(post, pre) == same_as(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=-10_000, max_value=10_000).filter(bool), min_size=1, max_size=70, unique_by=abs))
def test_wilcoxon_equals_scipy_without_ties_exact_branch_and_beyond(differences):
    # Distinct non-zero |differences|: scipy's exact null distribution up to n = 50, the normal
    # approximation (no tie correction) above.
    d = np.array(differences, dtype=float) / 7
    pre = np.linspace(1, 2, d.size)
    post = pre + d
    assert wilcoxon_pratt(post, pre) == same_as(float(stats.wilcoxon(post, pre, zero_method="pratt").pvalue))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 49, 50, 51])
def test_wilcoxon_exact_branch_extremes_equal_scipy(n):
    # Every difference positive (the smallest p-value of its size), then one flipped sign.
    pre = np.zeros(n)
    post = np.arange(1, n + 1, dtype=float)
    assert wilcoxon_pratt(post, pre) == same_as(float(stats.wilcoxon(post, pre, zero_method="pratt").pvalue))
    post[0] = -1.0
    assert wilcoxon_pratt(post, pre) == same_as(float(stats.wilcoxon(post, pre, zero_method="pratt").pvalue))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=3), min_size=0, max_size=40))
def test_average_ranks_equal_scipy_rankdata(values):
    x = np.array(values, dtype=float)
    assert np.array_equal(average_ranks(x), stats.rankdata(x))


@pytest.mark.parametrize(("b", "c"), [(0, 1), (1, 1), (2, 9), (30, 31), (0, 60), (250, 310), (1500, 1400)])
def test_mcnemar_exact_is_the_exact_binomial_tail(b, c):
    # The tail is summed in integers and divided once: the exact fraction, correctly rounded,
    # within a few 1e-14 of scipy's binomial distribution function.
    n = b + c
    exact = Fraction(2 * sum(math.comb(n, k) for k in range(min(b, c) + 1)), 2**n)
    assert mcnemar_exact(b, c) == float(min(exact, Fraction(1)))
    assert mcnemar_exact(b, c) == pytest.approx(min(1.0, 2 * stats.binom.cdf(min(b, c), n, 0.5)), rel=1e-12, abs=0)


@pytest.mark.parametrize("n", [2, 3, 7, 30, 121, 1000])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_intervals_use_scipy_stats_quantiles_to_the_last_digits(n, confidence):
    # scipy.stats's t and normal quantiles (within a few units in the last place: both are that
    # close to the exact values, tests/test_distributions.py), in the same formulas.
    values = np.linspace(1.0, 5.0, n) ** 1.5
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    assert mean_interval(values, confidence) == same_as((float(values.mean()) - half, float(values.mean()) + half))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = 7 / n if n > 7 else 0.5
    successes = round(p * n)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half_w = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert wilson_interval(successes, n, confidence) == same_as((max(0.0, centre - half_w), min(1.0, centre + half_w)))
