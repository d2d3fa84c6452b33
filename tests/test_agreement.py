"""Inter-coder agreement: κ against scikit-learn, α against the krippendorff package, by hand."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_helpers import coding
from sklearn.metrics import cohen_kappa_score

from indicators.agreement import (
    LevelSource,
    Undefined,
    code_agreement,
    disagreements,
    final_levels,
    krippendorff_alpha,
    overall_alpha,
    reliability_matrix,
    weighted_kappa,
)
from surveys.interviews import InterviewSet, Reconciliation

LEVELS = [0, 1, 2]


def _sklearn(a: list[int], b: list[int], weights: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(a, b, weights=weights, labels=LEVELS))


def _package_alpha(matrix: list[list[float | None]]) -> float | None:
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal", value_domain=LEVELS))
    except ValueError:  # « There has to be more than one value in the domain. »
        return None
    return None if np.isnan(value) else value


# --- independent computations ---------------------------------------------------------------------

pairs = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n), st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n))
)


@settings(max_examples=300, deadline=None)
@given(pairs, st.sampled_from(["linear", "quadratic"]))
def test_kappa_matches_scikit_learn(pair: tuple[list[int], list[int]], weights: str) -> None:
    a, b = pair
    expected = _sklearn(a, b, weights)
    result = weighted_kappa(a, b, weights=weights)  # type: ignore[arg-type]
    if np.isnan(expected):
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-12)


matrices = st.tuples(st.integers(2, 4), st.integers(1, 30)).flatmap(
    lambda shape: st.lists(
        st.lists(st.one_of(st.sampled_from(LEVELS), st.none()), min_size=shape[1], max_size=shape[1]), min_size=shape[0], max_size=shape[0]
    )
)


@settings(max_examples=300, deadline=None)
@given(matrices)
def test_alpha_matches_the_krippendorff_package(matrix: list[list[int | None]]) -> None:
    expected = _package_alpha(matrix)  # type: ignore[arg-type]
    result = krippendorff_alpha(matrix)  # type: ignore[arg-type]
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-9)


# --- hand-computed cases ----------------------------------------------------------------------------


def test_perfect_agreement_gives_one() -> None:
    a = [0, 1, 2, 1, 0]
    assert weighted_kappa(a, a) == 1.0
    assert weighted_kappa(a, a, weights="quadratic") == 1.0
    assert krippendorff_alpha([a, a]) == 1.0


def test_total_disagreement() -> None:
    # Two units rated 0/2 and 2/0. Linear disagreement weight of 0 vs 2 is 1: observed 1, expected
    # Σ p_a p_b d = 2 × ¼ = ½, so κ = 1 − 1/½ = −1.
    assert weighted_kappa([0, 2], [2, 0]) == -1.0
    # Coincidences o_02 = o_20 = 2, n_0 = n_2 = 2, n = 4; ordinal δ²(0,2) = (4 − 2)² = 4.
    # D_o = 2 × 2 × 4 = 16; D_e = (2·2·4 + 2·2·4) / 3 = 32/3; α = 1 − 16 / (32/3) = −0.5.
    assert krippendorff_alpha([[0, 2], [2, 0]]) == pytest.approx(-0.5)


def test_a_single_category_gives_a_defined_none() -> None:
    assert weighted_kappa([1, 1, 1], [1, 1, 1]) is None
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None
    # Each coder uses one category, but not the same one: chance agreement is 0, κ = 0.
    assert weighted_kappa([0, 0, 0], [2, 2, 2]) == 0.0


def test_three_by_three_table_by_hand() -> None:
    a, b = [0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0]
    # Linear: observed disagreement (½ + 1)/6 = ¼; expected 5/12; κ = 1 − (1/4)/(5/12) = 0.4.
    assert weighted_kappa(a, b) == pytest.approx(0.4)
    # Quadratic: observed (¼ + 1)/6 = 5/24; expected 7/24; κ = 2/7.
    assert weighted_kappa(a, b, weights="quadratic") == pytest.approx(2 / 7)
    # Coincidences [[2,1,1],[1,4,0],[1,0,2]], n = (4, 5, 3); δ² = 20.25, 16, 72.25 for (0,1), (1,2), (0,2);
    # D_o = 185, D_e = 3024/11, α = 1 − 2035/3024.
    assert krippendorff_alpha([a, b]) == pytest.approx(989 / 3024)


def test_an_unused_middle_level_still_counts_as_a_step() -> None:
    # Without the middle category the two levels would be adjacent; with it, 0 and 2 are two steps apart.
    assert weighted_kappa([0, 2, 2, 0], [0, 2, 0, 0]) == pytest.approx(_sklearn([0, 2, 2, 0], [0, 2, 0, 0], "linear"))
    with pytest.raises(ValueError, match="rating 3"):
        weighted_kappa([3], [1])


def test_units_with_one_value_are_not_pairable() -> None:
    assert krippendorff_alpha([[0, 1, None], [0, 1, 2]]) == krippendorff_alpha([[0, 1], [0, 1]])
    assert krippendorff_alpha([[None, None], [1, 2]]) is None


# --- over interviews --------------------------------------------------------------------------------


def _set() -> InterviewSet:
    codings = (
        coding("E01", "A", (2, 1, 1, 0, 1, 1, 1)),
        coding("E01", "B", (2, 2, 1, 0, 0, 1, 1)),
        coding("E02", "A", (1, 1, 1, 1, 1, 1, 1)),
        coding("E03", "B", (0, 0, 0, 0, 0, 0, 0)),
        coding("E03", "A", (1, 0, 0, 0, 0, 0, 0)),
    )
    return InterviewSet(codings, (Reconciliation("E01", "P2", 2),))


def test_disagreements_are_listed_with_their_reconciled_level() -> None:
    found = disagreements(_set())
    assert [(d.interview_id, d.code, d.levels, d.reconciled) for d in found] == [
        ("E01", "P2", (1, 2), 2),
        ("E01", "P5", (1, 0), None),
        ("E03", "P1", (0, 1), None),
    ]
    assert found[0].coders == ("A", "B")


def test_final_levels_follow_the_rule() -> None:
    levels = {(f.interview_id, f.code): f for f in final_levels(_set())}
    assert (levels[("E01", "P2")].level, levels[("E01", "P2")].source) == (2, LevelSource.RECONCILED)
    assert (levels[("E01", "P5")].level, levels[("E01", "P5")].source) == (0, LevelSource.UNRESOLVED)
    assert (levels[("E01", "P1")].level, levels[("E01", "P1")].source) == (2, LevelSource.AGREED)
    assert (levels[("E02", "P4")].level, levels[("E02", "P4")].source) == (1, LevelSource.SINGLE)
    assert len(levels) == 3 * 7


def test_kappa_per_code_uses_the_interviews_coded_twice() -> None:
    result = code_agreement(_set(), "P1")
    assert (result.n, result.observed) == (2, 0.5)
    assert result.value == pytest.approx(_sklearn([2, 0], [2, 1], "linear"))
    agreed = code_agreement(_set(), "P3")  # E01: 1/1, E03: 0/0
    assert (agreed.value, agreed.undefined) == (1.0, None)
    single = code_agreement(_set(), "P4")  # 0/0 twice: one category
    assert (single.value, single.observed, single.undefined) == (None, 1.0, Undefined.SINGLE_CATEGORY)
    none = code_agreement(InterviewSet((coding(),)), "P1")
    assert (none.value, none.n, none.undefined) == (None, 0, Undefined.NO_PAIRS)


def test_overall_alpha_pools_codes_and_matches_the_package() -> None:
    interviews = _set()
    matrix = reliability_matrix(interviews)
    assert len(matrix) == 2 and len(matrix[0]) == 2 * 7
    result = overall_alpha(interviews)
    assert result.n == 2
    assert result.value == pytest.approx(_package_alpha(matrix))
    assert result.observed == pytest.approx(11 / 14)


def test_a_third_coder_enters_alpha_not_kappa() -> None:
    codings = (coding("E01", "A", (2,) * 7), coding("E01", "B", (2,) * 7), coding("E01", "C", (0,) * 7),
               coding("E02", "A", (0,) * 7), coding("E02", "B", (0,) * 7))  # fmt: skip
    interviews = InterviewSet(codings)
    assert code_agreement(interviews, "P1").value == 1.0
    matrix = reliability_matrix(interviews)
    assert matrix[2] == [0.0] * 7 + [None] * 7
    assert overall_alpha(interviews).value == pytest.approx(_package_alpha(matrix))


def test_kappa_interval_is_the_percentile_bootstrap_over_interviews() -> None:
    """Against a direct loop: resample interviews, κ of each resample, percentiles of the defined ones."""
    from indicators.agreement import kappa_interval

    first = [0, 1, 2, 2, 1, 0, 2, 1, 1, 2, 0, 1]
    second = [0, 1, 2, 1, 1, 0, 2, 2, 1, 2, 0, 0]
    rng = np.random.default_rng(7)
    a, b = np.array(first), np.array(second)
    values = [weighted_kappa(a[rows].tolist(), b[rows].tolist()) for rows in rng.integers(0, len(a), size=(500, len(a)))]
    expected = np.percentile([v for v in values if v is not None], [2.5, 97.5])
    assert kappa_interval(first, second, resamples=500, seed=7) == pytest.approx(tuple(expected))
    low, high = kappa_interval(first, second)  # type: ignore[misc]
    assert low < weighted_kappa(first, second) < high  # type: ignore[operator]
    assert kappa_interval([1, 1, 1, 1], [1, 1, 1, 1]) is None  # never defined: no interval
