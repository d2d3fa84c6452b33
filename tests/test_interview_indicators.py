"""Internal-impact indicators: hand-computed shares, Wilson against statsmodels, suppression, quotes."""

from __future__ import annotations

import pytest
from interview_helpers import coding, read
from statsmodels.stats.proportion import proportion_confint

from evaluation.resources import examples_dir
from indicators.definitions import DEFINITIONS, Base
from indicators.internal_impact import (
    InterviewNote,
    blind_spot_descriptions,
    internal_impact_indicators,
    published_quotes,
    suppressed_services,
)
from indicators.notes import explain
from indicators.vocabulary import Dimension
from surveys.interviews import CODES, InterviewSet, Reconciliation


def _rows(interviews: InterviewSet, **kwargs) -> dict[tuple[str, str, str], object]:  # type: ignore[no-untyped-def]
    return {(r.indicator, r.item, r.group): r for r in internal_impact_indicators(interviews, **kwargs)}


def _set() -> InterviewSet:
    codings = (
        # service A: three interviews, E01 coded twice
        coding("E01", "A", (2, 1, 1, 0, 0, 2, 1), service="Bureau A", before=("DGITM",), after=("DGITM", "Budget"),
               spots=[("Gares", ("P-01", "P-02"))]),
        coding("E01", "B", (1, 1, 1, 0, 0, 2, 1), service="Bureau A", before=("dgitm",), after=("Budget", "DGEC"),
               spots=[("Les gares", ("P-02", "P-01"))]),
        coding("E02", "A", (0, 0, 0, 0, 2, 0, 0), service="Bureau A"),
        coding("E03", "A", (1, 2, 2, 1, 1, 1, 0), service="bureau a", after=("DGEC",), spots=[("Rural", ("P-02",))]),
        # service B: three interviews
        coding("E04", "B", (2, 2, 1, 1, 1, 1, 1), service="Mission B", spots=[("Vélo", ("P-10",))]),
        coding("E05", "B", (0, 1, 0, 0, 0, 0, 0), service="Mission B"),
        coding("E06", "B", (1, 1, 0, 2, 0, 0, 0), service="Mission B"),
        # service C: one interviewee only
        coding("E07", "A", (2, 2, 2, 2, 2, 2, 2), service="Cellule C", spots=[("Tout", ("P-10",))]),
    )  # fmt: skip
    return InterviewSet(codings, (Reconciliation("E01", "P1", 2),))


def test_every_row_is_defined_in_the_indicator_definitions() -> None:
    for row in internal_impact_indicators(_set()):
        definition = DEFINITIONS[row.indicator]
        assert row.dimension is Dimension.IMPACT_INTERNE
        assert (row.unit, row.base, definition.base) == (definition.unit, Base.INTERVIEWS, Base.INTERVIEWS)
        if row.note:
            assert explain(row.note) != row.note, row.note


def test_shares_per_code_are_hand_computed_with_wilson_intervals() -> None:
    rows = _rows(_set())
    assert rows[("entretiens", "", "")].value == 7
    # P1 final levels: E01 reconciled 2, E02 0, E03 1, E04 2, E05 0, E06 1, E07 2 → ≥1: 5/7, =2: 3/7.
    at_least_one, evidenced = rows[("part_niveau_1_ou_plus", "P1", "")], rows[("part_niveau_2", "P1", "")]
    assert (at_least_one.n, at_least_one.value) == (7, pytest.approx(5 / 7))
    assert (evidenced.n, evidenced.value) == (7, pytest.approx(3 / 7))
    low, high = proportion_confint(5, 7, alpha=0.05, method="wilson")
    assert (at_least_one.ci_low, at_least_one.ci_high) == (pytest.approx(low), pytest.approx(high))
    # Practice change: level 2 on P1 or P5 → E01, E02, E04, E07.
    assert rows[("indice_changement_pratique", "", "")].value == pytest.approx(4 / 7)
    assert at_least_one.note == ""  # the only disagreement on P1 is reconciled


def test_unresolved_disagreements_use_the_lower_level_and_say_so() -> None:
    interviews = InterviewSet(_set().codings)  # no reconciliation: E01 P1 is 2 vs 1
    rows = _rows(interviews)
    assert rows[("part_niveau_2", "P1", "")].value == pytest.approx(2 / 7)
    assert rows[("part_niveau_2", "P1", "")].note == InterviewNote.UNRESOLVED
    assert rows[("desaccords_non_reconcilies", "", "")].value == 1


def test_collaboration_counts() -> None:
    rows = _rows(_set())
    # Interviews with P2 lists: E01 (before {dgitm}, after {dgitm, budget, dgec} over both coders) and E03 (after {dgec}).
    assert rows[("services_avant_moyen", "", "")].n == 2
    assert rows[("services_avant_moyen", "", "")].value == pytest.approx(0.5)
    assert rows[("services_apres_moyen", "", "")].value == pytest.approx(2.0)
    assert rows[("services_distincts_avant", "", "")].value == 1
    assert rows[("services_distincts_apres", "", "")].value == 3
    assert rows[("nouveaux_liens", "", "")].value == 3  # E01: Budget, DGEC; E03: DGEC
    assert rows[("part_entretiens_nouveau_lien", "", "")].value == 1.0


def test_blind_spots_per_proposal_count_interviews_once() -> None:
    rows = _rows(_set())
    assert rows[("angles_morts", "", "")].value == 4  # E01 once (same proposals for both coders), E03, E04, E07
    assert rows[("part_entretiens_angle_mort", "", "")].value == pytest.approx(4 / 7)
    per_proposal = {r.item: r.value for r in internal_impact_indicators(_set()) if r.indicator == "angles_morts_proposition"}
    assert per_proposal == {"P-01": 1, "P-02": 2, "P-10": 2}
    assert [b.proposals for b in blind_spot_descriptions(_set())] == [("P-01", "P-02"), ("P-02",), ("P-10",), ("P-10",)]


def test_agreement_rows() -> None:
    rows = _rows(_set())
    assert rows[("entretiens_double_codage", "", "")].value == 1
    kappa = rows[("kappa_pondere", "P1", "")]
    assert (kappa.n, kappa.value, kappa.note) == (1, 0.0, InterviewNote.LINEAR_WEIGHTS)  # one pair 2 vs 1: chance explains it all
    assert rows[("kappa_pondere", "P4", "")].note == InterviewNote.SINGLE_CATEGORY  # 0 and 0
    assert rows[("accord_observe", "P1", "")].value == 0.0
    assert rows[("desaccords", "P1", "")].value == 1
    assert rows[("desaccords", "P2", "")].value == 0
    assert rows[("desaccords_non_reconcilies", "", "")].value == 0


def test_no_double_coding() -> None:
    rows = _rows(InterviewSet((coding(),)))
    alpha = rows[("alpha_krippendorff", "", "")]
    assert (alpha.n, alpha.value, alpha.note) == (0, None, InterviewNote.NO_DOUBLE_CODING)
    assert not any(r.indicator == "kappa_pondere" for r in rows.values())


def test_services_with_fewer_than_three_interviewees_are_suppressed() -> None:
    rows = _rows(_set())
    small = [r for (indicator, _, group), r in rows.items() if group == "service=Cellule C"]
    assert small and all(r.suppressed and r.value is None and r.n is None and r.ci_low is None for r in small)
    assert {r.note for r in small} == {InterviewNote.SMALL_SERVICE}
    # With one service suppressed, the smallest other one (tie broken by name) goes too, or C could be
    # found by difference with the overall figures.
    secondary = [r for (indicator, _, group), r in rows.items() if group == "service=Bureau A"]
    assert all(r.suppressed and r.note == InterviewNote.SECONDARY for r in secondary)
    published = rows[("part_niveau_1_ou_plus", "P2", "service=Mission B")]
    assert (published.suppressed, published.n, published.value) == (False, 3, pytest.approx(1.0))


def test_threshold_is_configurable_and_a_single_service_gives_no_breakdown() -> None:
    rows = _rows(_set(), min_service_size=1)
    assert not any(r.suppressed for r in rows.values())
    assert rows[("entretiens", "", "service=Cellule C")].value == 1
    one_service = InterviewSet(tuple(c for c in _set().codings if c.service == "Mission B"))
    assert not any(r.group for r in internal_impact_indicators(one_service))


@pytest.mark.parametrize(
    ("sizes", "unassigned", "expected"),
    [
        ({"A": 3, "B": 4, "C": 1}, 0, ({"C"}, {"A"})),
        ({"A": 3, "B": 4, "C": 1}, 1, ({"C"}, set())),  # unassigned interviews already blur the difference
        ({"A": 3, "C": 1, "D": 2}, 0, ({"C", "D"}, set())),
        ({"A": 5, "B": 4}, 0, (set(), set())),
        ({"C": 2}, 0, ({"C"}, set())),
    ],
)
def test_suppression_rule(sizes: dict[str, int], unassigned: int, expected: tuple[set[str], set[str]]) -> None:
    assert suppressed_services(sizes, unassigned) == expected


def test_quotes_are_redacted_and_not_repeated() -> None:
    names = ("Sophie Garnier", "Thomas Lebreton")
    quote = "Thomas m'a écrit (thomas.lebreton@example.org, 06 12 34 56 78) ; Mme Garnier a validé."
    interviews = InterviewSet((
        coding("E01", "A", names=names, quotes={"P6": (quote,), "P1": ("Rien de nominatif.",)}),
        coding("E01", "B", names=(), quotes={"P6": (quote,)}),
    ))  # fmt: skip
    quotes = published_quotes(interviews)
    assert [(q.code, q.text) for q in quotes] == [
        ("P1", "Rien de nominatif."),
        ("P6", "[nom masqué] m'a écrit ([courriel masqué], [téléphone masqué]) ; [nom masqué] a validé."),
    ]


def test_example_indicators() -> None:
    interviews, _ = read(examples_dir() / "convention-mobilites" / "entretiens.xlsx")
    rows = _rows(interviews)
    assert rows[("entretiens", "", "")].value == 12
    assert rows[("entretiens_double_codage", "", "")].value == 4
    assert rows[("desaccords_non_reconcilies", "", "")].value == 0
    assert sum(rows[("desaccords", code, "")].value for code in CODES) == 6
    assert -1 <= rows[("alpha_krippendorff", "", "")].value <= 1
    suppressed = {g for (_, _, g), r in rows.items() if g and r.suppressed}
    assert suppressed == {"service=Bureau de l'accessibilité", "service=Mission mobilités rurales"}
    text = " ".join(q.text for q in published_quotes(interviews))
    for secret in ("Lebreton", "Carvalho", "Roussel", "01 99 00 12 34", "@example.org", "Thomas"):
        assert secret not in text
