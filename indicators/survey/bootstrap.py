"""Percentile bootstrap of paired change, vectorised over items and resamples.

Respondents are resampled (so the pre/post pairing is kept): resample ``b`` is a vector of
weights ``w[b, j]`` = how many times respondent ``j`` was drawn. Every statistic needed is a
sum over respondents of a per-respondent quantity, so all resamples and all items come out of
one matrix product ``W @ Z``, where the columns of ``Z`` describe each respondent's answer pair:

* for the rank-biserial correlation, one-hot columns « positive difference of size v » and
  « negative difference of size v » for each distinct non-zero |difference| v. From these counts
  the average rank of every size follows (ranks of ties are averaged), hence R+ and R−;
* the number of valid pairs, the sum of differences (mean difference) and the sum of changes
  in the favourable answer (top-box) indicator.

Counts and integer answers are summed exactly in float32 (twice as fast as float64), then the
ratios are taken in float64. No Python loop runs over single resamples, respondents or items. Only to bound memory (about
128 MB per block) are large panels processed in blocks of resamples and of items: up to 8,000
respondents, 2,000 resamples are one block. ``bench/bench_bootstrap.py`` compares this with a
loop around ``scipy.stats.bootstrap``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 20240601
_BUDGET = 1 << 22  # numbers held at once by a block of W or of Z (16 MB of float32; the draws of a block, 32 MB)


def resample_indices(n: int, resamples: int, seed: int) -> np.ndarray:
    """Indices of the respondents drawn in each resample (``resamples`` × ``n``)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(resamples, n))


def _weights(rng: np.random.Generator, n: int, resamples: int) -> np.ndarray:
    indices = rng.integers(0, n, size=(resamples, n))
    weights = np.empty((resamples, n), dtype=np.float32)
    for row in range(resamples):  # one count per resample: no second array of the draws' size
        weights[row] = np.bincount(indices[row], minlength=n)
    return weights


def resample_weights(n: int, resamples: int, seed: int) -> np.ndarray:
    """How many times each respondent is drawn in each resample (same draws as the indices)."""
    return _weights(np.random.default_rng(seed), n, resamples)


@dataclass(frozen=True)
class PairedIntervals:
    """Percentile intervals per item (arrays of length = number of items; NaN = undefined)."""

    rank_biserial: np.ndarray  # shape (items, 2)
    mean_difference: np.ndarray  # shape (items, 2)
    top_box_change: np.ndarray  # shape (items, 2)
    resamples: int
    seed: int


def _levels(abs_diff: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Distinct sizes of the non-zero differences that enter the ranks."""
    return np.unique(abs_diff[sign != 0])


def _block_columns(abs_diff: np.ndarray, sign: np.ndarray, valid: np.ndarray, diff: np.ndarray,
                   top_change: np.ndarray) -> tuple[np.ndarray, int]:
    """Z for a block of items: per item, K positive, K negative, then valid, diff, top change."""
    n, items = abs_diff.shape
    levels = _levels(abs_diff, sign)
    k = levels.size
    level_index = np.searchsorted(levels, np.where(valid & (sign != 0), abs_diff, levels[0] if k else 0.0))
    width = 2 * k + 3
    z = np.zeros((n, items * width), dtype=np.float32)
    rows, cols = np.nonzero(valid & (sign != 0))
    offset = cols * width + level_index[rows, cols] + np.where(sign[rows, cols] > 0, 0, k)
    z[rows, offset] = 1.0
    base = np.arange(items) * width + 2 * k
    z[:, base] = valid
    z[:, base + 1] = np.where(valid, diff, 0.0)
    z[:, base + 2] = np.where(valid, top_change, 0.0)
    return z, k


def _percentiles(samples: np.ndarray, confidence: float) -> np.ndarray:
    """Percentile interval along axis 0 of (resamples × items), NaN where no sample is defined."""
    alpha = (1 - confidence) / 2
    out = np.full((samples.shape[1], 2), np.nan)
    defined = ~np.all(np.isnan(samples), axis=0)
    if defined.any():
        out[defined] = np.nanpercentile(samples[:, defined], [100 * alpha, 100 * (1 - alpha)], axis=0).T
    return out


def paired_bootstrap(
    pre: np.ndarray,
    post: np.ndarray,
    top_pre: np.ndarray,
    top_post: np.ndarray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = 0.95,
    with_rank_biserial: bool = True,
) -> PairedIntervals:
    """Percentile bootstrap intervals of paired change for every item at once.

    ``pre`` and ``post`` are (respondents × items) values, NaN when the answer is missing; a
    pair counts for an item when both are present. ``top_pre`` / ``top_post`` are the favourable
    answer indicators (booleans). Resamples draw respondents with replacement, the same draws
    for every item. In a resample whose pairs all have zero difference the rank-biserial is 0, as
    for the point estimate; a resample without any pair for an item is left out of that item's
    intervals (NaN where no resample has a pair). ``with_rank_biserial=False`` skips the rank
    columns (continuous values such as indices would need one column per distinct difference).
    """
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    n, items = pre.shape
    nan_block = np.full((items, 2), np.nan)
    if n == 0 or items == 0:
        return PairedIntervals(nan_block, nan_block.copy(), nan_block.copy(), resamples, seed)
    valid = ~np.isnan(pre) & ~np.isnan(post)
    diff = np.where(valid, post - pre, 0.0)
    abs_diff = np.round(np.abs(diff), 9)
    sign = np.sign(np.where(abs_diff == 0, 0.0, diff))
    if not with_rank_biserial:  # no rank columns: the sizes of differences need not be counted
        sign = np.zeros_like(sign)
    top_change = np.asarray(top_post, dtype=float) - np.asarray(top_pre, dtype=float)
    r_samples = np.empty((resamples, items))
    mean_samples = np.empty((resamples, items))
    top_samples = np.empty((resamples, items))
    width = 2 * _levels(abs_diff, sign).size + 3
    items_per_block = max(1, _BUDGET // n // width)
    item_blocks = [slice(s, min(items, s + items_per_block)) for s in range(0, items, items_per_block)]
    rows_per_block = max(1, _BUDGET // n)
    rng = np.random.default_rng(seed)
    for first in range(0, resamples, rows_per_block):
        rows = slice(first, min(resamples, first + rows_per_block))
        weights = _weights(rng, n, rows.stop - rows.start)
        for block in item_blocks:
            # Z is rebuilt for each block of resamples: it costs far less than the product.
            z, k = _block_columns(abs_diff[:, block], sign[:, block], valid[:, block], diff[:, block], top_change[:, block])
            sums = (weights @ z).astype(float).reshape(weights.shape[0], block.stop - block.start, 2 * k + 3)
            positive, negative = sums[:, :, :k], sums[:, :, k:2 * k]
            count = positive + negative
            average_rank = np.cumsum(count, axis=2) - count + (count + 1) / 2
            r_plus = (average_rank * positive).sum(axis=2)
            r_minus = (average_rank * negative).sum(axis=2)
            total = r_plus + r_minus
            pairs = sums[:, :, 2 * k]
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.where(total > 0, (r_plus - r_minus) / np.where(total > 0, total, 1), 0.0)
                r_samples[rows, block] = np.where(pairs > 0, r, np.nan)
                mean_samples[rows, block] = np.where(pairs > 0, sums[:, :, 2 * k + 1] / pairs, np.nan)
                top_samples[rows, block] = np.where(pairs > 0, sums[:, :, 2 * k + 2] / pairs, np.nan)

    if not with_rank_biserial:
        r_samples[:] = np.nan
    return PairedIntervals(
        rank_biserial=_percentiles(r_samples, confidence),
        mean_difference=_percentiles(mean_samples, confidence),
        top_box_change=_percentiles(top_samples, confidence),
        resamples=resamples,
        seed=seed,
    )
