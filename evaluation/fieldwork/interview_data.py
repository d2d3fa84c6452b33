"""The démarche's coded interviews: found through ``demarche.yaml``, checked against the register.

``fichiers: entretiens:`` names a workbook (``entretiens.xlsx``) or a folder of filled Word grids
(``entretiens/``); see ``docs/formats.md``. Blind spots are checked against the proposal
identifiers of the register when it could be read.
"""

from __future__ import annotations

from collections.abc import Collection

from evaluation.demarche.model import Demarche
from evaluation.followup.register import Register
from indicators.models import IndicatorResult
from surveys.interviews import InterviewSet, load_interviews
from surveys.problems import ProblemReport


def proposal_ids(register: Register | None) -> list[str] | None:
    """The register's proposal identifiers, or None when the register could not be read."""
    return [p.id for p in register.proposals if p.id] if register is not None else None


def load_interview_data(demarche: Demarche, report: ProblemReport, proposal_ids: Collection[str] | None = None) -> InterviewSet | None:
    """The coded interviews of the démarche, or None when it declares none or they cannot be read."""
    if not demarche.files.interviews:
        return None
    return load_interviews(demarche.path(demarche.files.interviews), report, proposal_ids=proposal_ids)


def check_interviews(demarche: Demarche, report: ProblemReport, register: Register | None = None) -> None:
    """Add the problems of the démarche's interview file (if it declares one) to ``report``."""
    load_interview_data(demarche, report, proposal_ids(register))


def interview_indicators(interviews: InterviewSet | None) -> list[IndicatorResult]:
    """The ``impact_interne`` rows of ``indicateurs.csv`` (none when no interview is coded)."""
    from indicators.internal_impact import internal_impact_indicators  # computation only: kept off the check path

    if interviews is None or not interviews.codings:
        return []
    return internal_impact_indicators(interviews)
