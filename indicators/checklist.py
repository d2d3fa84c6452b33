"""The CIPC quality checklist: criteria of the 2024 guide, each met, not met or unknown.

The input is :class:`ChecklistFacts`, plain facts (``None`` = not stated); the mapping from
``demarche.yaml`` lives in ``evaluation``. Two scores are reported: ``score_qualite`` counts an
unknown criterion as not met (a criterion scores only when shown to be met), and
``score_qualite_renseigne`` leaves unknown criteria out (n = criteria stated).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult, Shared
from indicators.notes import Note
from indicators.vocabulary import Dimension
from surveys.i18n import t

MAX_QUESTIONNAIRE_MINUTES = 15  # « ne doit pas dépasser 15 minutes » (guide CIPC, consultation en ligne)


class Criterion(StrEnum):
    PURPOSE = "objet_et_marges_de_manoeuvre"
    ENGAGEMENTS = "engagements_dates_publies"
    RECRUITMENT = "recrutement_et_composition_publics"
    SPEAKERS = "intervenants_publics"
    GUARANTORS = "comite_de_garants"
    INFORMATION = "information_plurielle"
    RESULTS = "resultats_publics"
    RESTITUTION = "restitution_validee"
    RESPONSE = "reponse_motivee_publique"
    FOLLOW_UP = "comite_de_suivi_citoyen"
    EVALUATION = "evaluation_prevue"
    QUESTIONNAIRE = "questionnaire_court"
    QUESTIONS = "questions_ouvertes_et_fermees"


class ChecklistFacts(BaseModel):
    """What is known about the démarche; ``None`` means not stated (unknown), never « no »."""

    model_config = ConfigDict(frozen=True)

    purpose_stated: bool | None = None
    room_for_manoeuvre_stated: bool | None = None
    engagements_dated: bool | None = None  # engagements published, each with a due date
    recruitment_published: bool | None = None
    composition_published: bool | None = None
    speakers_published: bool | None = None
    guarantors_committee: bool | None = None
    plural_information: bool | None = None
    results_published: bool | None = None
    restitution_validated: bool | None = None
    motivated_response_published: bool | None = None
    citizen_follow_up_committee: bool | None = None
    evaluation_planned: bool | None = None
    questionnaire_minutes: float | None = None
    open_and_closed_questions: bool | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool | None  # None = unknown

    @property
    def label(self) -> str:
        return t(f"checklist.{self.criterion.value}")


@dataclass(frozen=True)
class ChecklistResult:
    criteria: tuple[CriterionResult, ...]

    @property
    def met(self) -> int:
        return sum(1 for c in self.criteria if c.met is True)

    @property
    def known(self) -> int:
        return sum(1 for c in self.criteria if c.met is not None)

    @property
    def unknown(self) -> int:
        return len(self.criteria) - self.known

    @property
    def score(self) -> float:
        """Met over all criteria (unknown counts as not met)."""
        return self.met / len(self.criteria)

    @property
    def score_known(self) -> float | None:
        """Met over stated criteria; ``None`` when nothing is stated."""
        return self.met / self.known if self.known else None


def all_of(values: Iterable[bool | None]) -> bool | None:
    """Met when every part is met, not met when one part is not, unknown otherwise."""
    values = list(values)
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def evaluate_checklist(facts: ChecklistFacts) -> ChecklistResult:
    minutes = facts.questionnaire_minutes
    verdicts = {
        Criterion.PURPOSE: all_of([facts.purpose_stated, facts.room_for_manoeuvre_stated]),
        Criterion.ENGAGEMENTS: facts.engagements_dated,
        Criterion.RECRUITMENT: all_of([facts.recruitment_published, facts.composition_published]),
        Criterion.SPEAKERS: facts.speakers_published,
        Criterion.GUARANTORS: facts.guarantors_committee,
        Criterion.INFORMATION: facts.plural_information,
        Criterion.RESULTS: facts.results_published,
        Criterion.RESTITUTION: facts.restitution_validated,
        Criterion.RESPONSE: facts.motivated_response_published,
        Criterion.FOLLOW_UP: facts.citizen_follow_up_committee,
        Criterion.EVALUATION: facts.evaluation_planned,
        Criterion.QUESTIONNAIRE: None if minutes is None else minutes <= MAX_QUESTIONNAIRE_MINUTES,
        Criterion.QUESTIONS: facts.open_and_closed_questions,
    }
    return ChecklistResult(tuple(CriterionResult(c, verdicts[c]) for c in Criterion))


def checklist_rows(result: ChecklistResult) -> list[IndicatorResult]:
    """One row per criterion (1 met, 0 not met, empty with note ``inconnu``), then the scores."""
    common: Shared = {"dimension": Dimension.QUALITE, "base": Base.CRITERIA}
    total = len(result.criteria)
    rows = [
        IndicatorResult(indicator="critere_qualite", item=c.criterion.value, value=None if c.met is None else float(c.met),
                        unit=Unit.COUNT, note=Note.UNKNOWN if c.met is None else "", **common)
        for c in result.criteria
    ]
    rows += [
        IndicatorResult(indicator="score_qualite", n=total, value=result.score, unit=Unit.SHARE, **common),
        IndicatorResult(indicator="score_qualite_renseigne", n=result.known, value=result.score_known, unit=Unit.SHARE,
                        note=Note.UNKNOWN if result.known == 0 else "", **common),
        IndicatorResult(indicator="criteres_inconnus", n=total, value=result.unknown, unit=Unit.COUNT, **common),
    ]
    return rows
