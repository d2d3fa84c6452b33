"""The CIPC quality checklist: met, not met, unknown, and the two scores."""

from __future__ import annotations

import pytest

from indicators.checklist import ChecklistFacts, Criterion, all_of, checklist_rows, evaluate_checklist


def verdict(result, criterion):
    return next(c.met for c in result.criteria if c.criterion is criterion)


def test_all_of():
    assert all_of([True, True]) is True
    assert all_of([True, None]) is None
    assert all_of([None, False]) is False


def test_nothing_stated_is_unknown_not_failed():
    result = evaluate_checklist(ChecklistFacts())
    assert result.known == 0 and result.unknown == 13
    assert result.score == 0 and result.score_known is None
    rows = checklist_rows(result)
    assert all(r.note == "inconnu" and r.value is None for r in rows if r.indicator == "critere_qualite")
    known = next(r for r in rows if r.indicator == "score_qualite_renseigne")
    assert known.value is None and known.n == 0 and known.note == "inconnu"


def test_questionnaire_duration_limit_is_inclusive():
    assert verdict(evaluate_checklist(ChecklistFacts(questionnaire_minutes=15)), Criterion.QUESTIONNAIRE) is True
    assert verdict(evaluate_checklist(ChecklistFacts(questionnaire_minutes=15.5)), Criterion.QUESTIONNAIRE) is False


def test_scores_by_hand():
    facts = ChecklistFacts(purpose_stated=True, room_for_manoeuvre_stated=True, engagements_dated=False,
                           recruitment_published=True, composition_published=None, guarantors_committee=True,
                           questionnaire_minutes=10)
    result = evaluate_checklist(facts)
    assert verdict(result, Criterion.PURPOSE) is True
    assert verdict(result, Criterion.RECRUITMENT) is None  # one part unknown
    assert (result.met, result.known) == (3, 4)  # purpose, guarantors, questionnaire met; engagements not
    rows = {(r.indicator, r.item): r for r in checklist_rows(result)}
    assert rows[("score_qualite", "")].value == pytest.approx(3 / 13)
    assert rows[("score_qualite_renseigne", "")].value == pytest.approx(3 / 4)
    assert rows[("criteres_inconnus", "")].value == 9
    assert rows[("critere_qualite", "engagements_dates_publies")].value == 0
    assert rows[("critere_qualite", "comite_de_garants")].value == 1
    assert len([r for r in rows if r[0] == "critere_qualite"]) == 13


def test_every_criterion_has_a_french_label():
    labels = [c.label for c in evaluate_checklist(ChecklistFacts()).criteria]
    assert labels[0] == "Objet et marges de manœuvre énoncés"
    assert len(set(labels)) == 13
