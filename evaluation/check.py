"""``suivi check``: each input file of a démarche folder in turn, every problem collected.

``check_folder`` is a plain sequence of steps (démarche, register, then the other data files);
a step that cannot read its file records the problem and lets the next steps run.
"""

from __future__ import annotations

from pathlib import Path

from evaluation.consultation.check import consultation_facts
from evaluation.demarche.folder import read_demarche
from evaluation.fieldwork.interview_data import check_interviews
from evaluation.fieldwork.reference_data import check_reference_files
from evaluation.fieldwork.survey_data import check_surveys
from evaluation.followup.register import load_register
from evaluation.voice.feedback import load_feedback
from surveys.problems import ProblemReport


def check_folder(folder: Path | str) -> ProblemReport:
    """Every problem of the démarche folder's files (an empty report means ready)."""
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is not None:
        check_surveys(demarche, report)
        check_interviews(demarche, report, register)
        check_reference_files(demarche, report)
        consultation_facts(demarche.folder, demarche.quality.consultation_questionnaire, report)
        if register is not None:
            load_feedback(demarche, register, report)
    return report
