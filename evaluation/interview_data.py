"""The démarche's coded interviews: found through ``demarche.yaml``, checked against the register.

``fichiers: entretiens:`` names a workbook (``entretiens.xlsx``) or a folder of filled Word grids
(``entretiens/``); see ``docs/formats.md``. Blind spots are checked against the proposal
identifiers of the register when it could be read.
"""

from __future__ import annotations

from evaluation.demarche import Demarche
from evaluation.register import Register
from indicators.internal_impact import internal_impact_indicators
from indicators.models import IndicatorResult
from surveys.interviews import InterviewSet, load_interviews
from surveys.problems import ProblemReport


def load_interview_data(demarche: Demarche, report: ProblemReport, register: Register | None = None) -> InterviewSet | None:
    """The coded interviews of the démarche, or None when it declares none or they cannot be read."""
    if not demarche.files.interviews:
        return None
    proposal_ids = [p.id for p in register.proposals if p.id] if register is not None else None
    return load_interviews(demarche.path(demarche.files.interviews), report, proposal_ids=proposal_ids)


def check_interviews(demarche: Demarche, report: ProblemReport, register: Register | None = None) -> None:
    """Add the problems of the démarche's interview file (if it declares one) to ``report``."""
    load_interview_data(demarche, report, register)


def interview_indicators(demarche: Demarche, report: ProblemReport, register: Register | None = None) -> list[IndicatorResult]:
    """The ``impact_interne`` rows of ``indicateurs.csv`` (none when no interview is declared)."""
    interviews = load_interview_data(demarche, report, register)
    if interviews is None or not interviews.codings:
        return []
    return internal_impact_indicators(interviews)
