"""The vectorised paired bootstrap equals a plain loop over the same resamples, and agrees with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from indicators.survey.bootstrap import paired_bootstrap, resample_indices, resample_weights
from indicators.survey.stats import rank_biserial


def _panel(seed, n, items, high=4, missing=0.1):
    rng = np.random.default_rng(seed)
    pre = rng.integers(1, high + 1, (n, items)).astype(float)
    post = np.clip(pre + rng.integers(-1, 3, (n, items)), 1, high).astype(float)
    pre[rng.random((n, items)) < missing] = np.nan
    post[rng.random((n, items)) < missing] = np.nan
    return pre, post


def _loop(pre, post, top, resamples, seed):
    """The same statistics, one resample and one item at a time, with scipy's rankdata."""
    idx = resample_indices(pre.shape[0], resamples, seed)
    out = {"r": [], "mean": [], "top": []}
    for j in range(pre.shape[1]):
        r, m, tb = [], [], []
        for b in range(resamples):
            a, c = pre[idx[b], j], post[idx[b], j]
            v = ~np.isnan(a) & ~np.isnan(c)
            d = c[v] - a[v]
            nz = d[d != 0]
            ranks = stats.rankdata(np.abs(nz))
            r.append(np.nan if d.size == 0 else (ranks[nz > 0].sum() - ranks[nz < 0].sum()) / ranks.sum() if nz.size else 0.0)
            m.append(d.mean() if d.size else np.nan)
            tb.append(((c[v] >= top).astype(float) - (a[v] >= top)).mean() if d.size else np.nan)
        for key, values in (("r", r), ("mean", m), ("top", tb)):
            out[key].append(np.nanpercentile(values, [2.5, 97.5]))
    return {k: np.array(v) for k, v in out.items()}


def test_weights_are_the_counts_of_the_indices():
    idx = resample_indices(7, 5, 3)
    weights = resample_weights(7, 5, 3)
    for b in range(5):
        assert weights[b].tolist() == np.bincount(idx[b], minlength=7).tolist()


@pytest.mark.parametrize(("high", "n"), [(4, 120), (10, 60), (5, 3)])
def test_vectorised_equals_loop(high, n):
    pre, post = _panel(11, n, 4, high=high)
    top = high - 1
    result = paired_bootstrap(pre, post, pre >= top, post >= top, resamples=300, seed=5)
    expected = _loop(pre, post, top, 300, 5)
    np.testing.assert_allclose(result.rank_biserial, expected["r"], atol=1e-12)
    np.testing.assert_allclose(result.mean_difference, expected["mean"], atol=1e-12)
    np.testing.assert_allclose(result.top_box_change, expected["top"], atol=1e-12)


def test_close_to_scipy_percentile_bootstrap():
    pre, post = _panel(4, 300, 1, missing=0.0)
    pre, post = pre[:, 0], post[:, 0]

    def statistic(a, c, axis=-1):
        d = c - a
        zeros = (d == 0).sum(axis=axis, keepdims=True)
        ranks = stats.rankdata(np.abs(d), axis=axis) - zeros  # zeros hold the lowest ranks
        plus = np.where(d > 0, ranks, 0).sum(axis=axis)
        minus = np.where(d < 0, ranks, 0).sum(axis=axis)
        return (plus - minus) / (plus + minus)

    reference = stats.bootstrap((pre, post), statistic, paired=True, vectorized=True, method="percentile",
                                n_resamples=4000, random_state=np.random.default_rng(1))
    ours = paired_bootstrap(pre[:, None], post[:, None], pre[:, None] >= 3, post[:, None] >= 3, resamples=4000, seed=2)
    assert statistic(pre, post) == pytest.approx(rank_biserial(post - pre))
    assert ours.rank_biserial[0] == pytest.approx(
        [reference.confidence_interval.low, reference.confidence_interval.high], abs=0.03)


def test_edge_cases_give_defined_intervals():
    # Item 0: one pair; item 1: all differences zero; item 2: nobody answered after.
    pre = np.array([[1.0, 2.0, 3.0], [np.nan, 2.0, 3.0], [np.nan, 3.0, 1.0]])
    post = np.array([[3.0, 2.0, np.nan], [2.0, 2.0, np.nan], [np.nan, 3.0, np.nan]])
    result = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=200, seed=1)
    assert result.rank_biserial[0].tolist() == [1.0, 1.0]
    assert result.mean_difference[0].tolist() == [2.0, 2.0]
    assert result.rank_biserial[1].tolist() == [0.0, 0.0]
    assert result.mean_difference[1].tolist() == [0.0, 0.0]
    assert np.isnan(result.rank_biserial[2]).all() and np.isnan(result.mean_difference[2]).all()


def test_no_respondent_at_all():
    empty = np.empty((0, 2))
    result = paired_bootstrap(empty, empty, empty > 0, empty > 0, resamples=10, seed=1)
    assert np.isnan(result.rank_biserial).all()


def test_seeded_and_reproducible():
    pre, post = _panel(2, 80, 3)
    first = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=200, seed=9)
    again = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=200, seed=9)
    other = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=200, seed=10)
    np.testing.assert_array_equal(first.rank_biserial, again.rank_biserial)
    assert not np.array_equal(first.rank_biserial, other.rank_biserial)


def test_blocks_of_resamples_and_items_give_the_same_intervals(monkeypatch):
    import indicators.survey.bootstrap as bootstrap

    pre, post = _panel(8, 90, 6)
    whole = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=250, seed=4)
    monkeypatch.setattr(bootstrap, "_BUDGET", 90 * 40)  # blocks of 40 resamples and of 4 items
    blocked = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=250, seed=4)
    np.testing.assert_array_equal(whole.rank_biserial, blocked.rank_biserial)
    np.testing.assert_array_equal(whole.mean_difference, blocked.mean_difference)
    np.testing.assert_array_equal(whole.top_box_change, blocked.top_box_change)


def test_without_rank_columns_the_other_intervals_are_unchanged():
    pre, post = _panel(6, 70, 3)
    full = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=150, seed=2)
    lean = paired_bootstrap(pre, post, pre >= 3, post >= 3, resamples=150, seed=2, with_rank_biserial=False)
    np.testing.assert_array_equal(full.mean_difference, lean.mean_difference)
    np.testing.assert_array_equal(full.top_box_change, lean.top_box_change)
    assert np.isnan(lean.rank_biserial).all()
