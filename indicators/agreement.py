"""Agreement between two coders of the same interviews, and the levels finally used.

- :func:`weighted_kappa`: Cohen's κ with **linear** weights by default. The evidence scale has
  three ordered levels whose steps are distinct qualitative jumps (nothing → asserted →
  evidenced by an artefact); linear weights charge a one-step disagreement half of a two-step
  one, whereas quadratic weights would charge it only a quarter and so flatter the coders. Pass
  ``weights="quadratic"`` to compare with studies that use them.
- :func:`krippendorff_alpha`: Krippendorff's α with the ordinal metric, over any number of coders
  and missing values (units with fewer than two values are not pairable and are left out).
- :func:`code_agreement` / :func:`overall_alpha`: κ per code over the interviews coded twice
  (first two coders of each), α over every interview × code unit.
- :func:`disagreements` lists what the coders must reconcile; :func:`final_levels` gives the level
  used for each interview and code: the reconciled one when there is one, else the coders' common
  level, else (not yet reconciled) the lower of the two, so evidence is never overstated.

When every rating falls in one category, κ and α are 0/0: the functions return ``None`` with
the reason, and the observed agreement is still given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np

from surveys.interviews import CODES, LEVELS, InterviewSet

Weights = Literal["linear", "quadratic"]


class Undefined(StrEnum):
    """Why an agreement statistic could not be computed."""

    NO_PAIRS = "no_pairs"  # no interview was coded twice
    SINGLE_CATEGORY = "single_category"  # every rating in one category: chance agreement is 1


@dataclass(frozen=True)
class Agreement:
    """An agreement statistic with its n and, when undefined, the reason."""

    value: float | None
    n: int
    observed: float | None  # share of exact agreement
    undefined: Undefined | None = None
    interval: tuple[float, float] | None = None  # bootstrap percentile interval of ``value``


def weighted_kappa(
    first: Sequence[int],
    second: Sequence[int],
    categories: Sequence[int] = LEVELS,
    weights: Weights = "linear",
) -> float | None:
    """Cohen's weighted κ of two coders over the same units, or None when 0/0.

    Disagreement weights are ``|i − j| / (k − 1)`` (linear) or its square (quadratic), with
    ``i, j`` the positions of the categories, so an unused middle category still counts.
    """
    a, b = _positions(first, categories), _positions(second, categories)
    if len(a) != len(b):
        raise ValueError("both coders must rate the same units")
    if len(a) == 0:
        return None
    k = len(categories)
    observed = np.bincount(a * k + b, minlength=k * k).reshape(k, k) / len(a)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    distance = np.abs(np.subtract.outer(np.arange(k), np.arange(k))) / max(k - 1, 1)
    penalty = distance if weights == "linear" else distance**2
    expected_disagreement = float((penalty * expected).sum())
    if expected_disagreement == 0:
        return None
    return 1.0 - float((penalty * observed).sum()) / expected_disagreement


def krippendorff_alpha(reliability: Sequence[Sequence[float | None]], categories: Sequence[int] = LEVELS) -> float | None:
    """Krippendorff's α, ordinal metric, for a coders × units matrix (None or NaN when missing).

    Built from the coincidence matrix (Krippendorff 2011, « Computing Krippendorff's alpha »):
    the ordinal distance between values c and k is ``(Σ_{g=c..k} n_g − (n_c + n_k)/2)²``.
    """
    data = np.array(reliability, dtype=float)  # None becomes NaN
    if data.size == 0:
        return None
    values = np.asarray(categories, dtype=float)
    present = ~np.isnan(data)
    counts = np.stack([((data == v) & present).sum(axis=0) for v in values], axis=1)  # units × values
    pairable = counts.sum(axis=1)
    counts = counts[pairable >= 2]
    pairable = pairable[pairable >= 2]
    if len(counts) == 0:
        return None
    # Coincidences: ordered pairs of values from different coders of a unit, weighted 1/(m_u − 1).
    pair_counts = np.einsum("uc,uk->uck", counts, counts) - np.einsum("uc,ck->uck", counts, np.eye(len(values)))
    coincidence = (pair_counts / (pairable - 1)[:, None, None]).sum(axis=0)
    marginal = coincidence.sum(axis=1)
    total = marginal.sum()
    cumulative = np.concatenate([[0.0], np.cumsum(marginal)])
    low, high = np.minimum.outer(np.arange(len(values)), np.arange(len(values))), np.maximum.outer(np.arange(len(values)), np.arange(len(values)))
    between = cumulative[high + 1] - cumulative[low]
    delta = (between - (marginal[low] + marginal[high]) / 2) ** 2
    expected = float((np.outer(marginal, marginal) * delta).sum()) / (total - 1)
    if expected == 0:
        return None
    return 1.0 - float((coincidence * delta).sum()) / expected


def _positions(ratings: Sequence[int], categories: Sequence[int]) -> np.ndarray:
    """Position of each rating among the categories (vectorised); an unknown rating is an error."""
    values = np.asarray(ratings, dtype=float)
    known = np.asarray(categories, dtype=float)
    order = np.argsort(known)
    ranked = known[order]
    found = np.clip(np.searchsorted(ranked, values), 0, len(ranked) - 1)
    wrong = ranked[found] != values
    if wrong.any():
        raise ValueError(f"rating {values[wrong][0]:g} is not one of {list(categories)}")
    return order[found]


# --- over an interview set ------------------------------------------------------------------------


def coder_pairs(interviews: InterviewSet) -> list[tuple[str, str, str]]:
    """``(interview, first coder, second coder)`` for each interview coded at least twice."""
    pairs = []
    for interview_id in interviews.interview_ids():
        codings = interviews.codings_of(interview_id)
        if len(codings) >= 2:
            pairs.append((interview_id, codings[0].coder, codings[1].coder))
    return pairs


def code_agreement(interviews: InterviewSet, code: str, weights: Weights = "linear") -> Agreement:
    """Weighted κ of one code over the interviews coded twice (their first two coders)."""
    first, second = [], []
    for interview_id in interviews.interview_ids():
        codings = interviews.codings_of(interview_id)
        if len(codings) >= 2:
            first.append(codings[0].level(code))
            second.append(codings[1].level(code))
    if not first:
        return Agreement(None, 0, None, Undefined.NO_PAIRS)
    observed = float(np.mean(np.array(first) == np.array(second)))
    kappa = weighted_kappa(first, second, weights=weights)
    if kappa is None:
        return Agreement(None, len(first), observed, Undefined.SINGLE_CATEGORY)
    return Agreement(kappa, len(first), observed, None, kappa_interval(first, second, weights=weights))


def kappa_interval(first: Sequence[int], second: Sequence[int], *, weights: Weights = "linear", confidence: float = 0.95,
                   resamples: int = 2000, seed: int = 20240601) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the weighted κ, resampling interviews (pairs of ratings).

    Resamples where κ is undefined (every rating in one category) are left out; ``None`` when
    fewer than half of the resamples give a κ (too few interviews to say anything).
    """
    k = len(LEVELS)
    cells = _positions(first, LEVELS) * k + _positions(second, LEVELS)
    draws = np.random.default_rng(seed).integers(0, len(cells), size=(resamples, len(cells)))
    offsets = (np.arange(resamples) * k * k)[:, None]
    observed = np.bincount((cells[draws] + offsets).ravel(), minlength=resamples * k * k).reshape(resamples, k, k) / len(cells)
    expected = np.einsum("ri,rj->rij", observed.sum(axis=2), observed.sum(axis=1))
    distance = np.abs(np.subtract.outer(np.arange(k), np.arange(k))) / max(k - 1, 1)
    penalty = distance if weights == "linear" else distance**2
    expected_disagreement = (penalty * expected).sum(axis=(1, 2))
    defined = expected_disagreement > 0
    values = 1.0 - (penalty * observed).sum(axis=(1, 2))[defined] / expected_disagreement[defined]
    if len(values) < resamples / 2:
        return None
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def reliability_matrix(interviews: InterviewSet, codes: Sequence[str] = CODES) -> list[list[float | None]]:
    """Coders × units matrix (units = interviews coded at least twice × codes); coder slots by order."""
    multi = [i for i in interviews.interview_ids() if len(interviews.codings_of(i)) >= 2]
    width = max((len(interviews.codings_of(i)) for i in multi), default=0)
    matrix: list[list[float | None]] = [[] for _ in range(width)]
    for interview_id in multi:
        codings = interviews.codings_of(interview_id)
        for code in codes:
            for slot in range(width):
                matrix[slot].append(float(codings[slot].level(code)) if slot < len(codings) else None)
    return matrix


def overall_alpha(interviews: InterviewSet) -> Agreement:
    """Krippendorff's α (ordinal) over every code of the interviews coded at least twice."""
    matrix = reliability_matrix(interviews)
    units = len(matrix[0]) if matrix else 0
    if units == 0:
        return Agreement(None, 0, None, Undefined.NO_PAIRS)
    first, second = np.array(matrix[0], dtype=float), np.array(matrix[1], dtype=float)
    observed = float(np.mean(first == second))
    alpha = krippendorff_alpha(matrix)
    n_interviews = units // len(CODES)
    return Agreement(alpha, n_interviews, observed, None if alpha is not None else Undefined.SINGLE_CATEGORY)


@dataclass(frozen=True)
class Disagreement:
    """Two coders gave different levels to one code of one interview."""

    interview_id: str
    code: str
    coders: tuple[str, ...]
    levels: tuple[int, ...]
    reconciled: int | None  # the agreed level, when the reconciliation gives it


def disagreements(interviews: InterviewSet) -> list[Disagreement]:
    """Every interview × code on which the coders differ, with its reconciled level if any."""
    reconciled = interviews.reconciled()
    found = []
    for interview_id in interviews.interview_ids():
        codings = interviews.codings_of(interview_id)
        if len(codings) < 2:
            continue
        for code in CODES:
            levels = tuple(c.level(code) for c in codings)
            if len(set(levels)) > 1:
                agreed = reconciled.get((interview_id, code))
                found.append(Disagreement(interview_id, code, tuple(c.coder for c in codings), levels, agreed.level if agreed else None))
    return found


class LevelSource(StrEnum):
    """Where the level used for an interview × code comes from."""

    SINGLE = "single"  # one coder only
    AGREED = "agreed"  # the coders gave the same level
    RECONCILED = "reconciled"  # the reconciliation sheet
    UNRESOLVED = "unresolved"  # coders differ, not reconciled yet: the lower level is used


@dataclass(frozen=True)
class FinalLevel:
    interview_id: str
    code: str
    level: int
    source: LevelSource


def final_levels(interviews: InterviewSet) -> list[FinalLevel]:
    """The level used for each interview and code (see the module docstring for the rule)."""
    reconciled = interviews.reconciled()
    result = []
    for interview_id in interviews.interview_ids():
        codings = interviews.codings_of(interview_id)
        for code in CODES:
            levels = [c.level(code) for c in codings]
            agreed = reconciled.get((interview_id, code))
            if agreed is not None:
                result.append(FinalLevel(interview_id, code, agreed.level, LevelSource.RECONCILED))
            elif len(levels) == 1:
                result.append(FinalLevel(interview_id, code, levels[0], LevelSource.SINGLE))
            elif len(set(levels)) == 1:
                result.append(FinalLevel(interview_id, code, levels[0], LevelSource.AGREED))
            else:
                result.append(FinalLevel(interview_id, code, min(levels), LevelSource.UNRESOLVED))
    return result
