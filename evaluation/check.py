"""``suivi check``: each input file of a démarche folder in turn, every problem collected.

``check_folder`` is a plain sequence of steps (démarche, register, then the other data files);
a step that cannot read its file records the problem and lets the next steps run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from evaluation.demarche.folder import read_demarche
from evaluation.fieldwork.interview_data import check_interviews
from evaluation.fieldwork.reference_data import check_reference_files
from evaluation.fieldwork.survey_data import check_surveys
from evaluation.followup.deadlines import deadline_problems
from evaluation.followup.register import load_register
from surveys.problems import ProblemReport


def check_folder(folder: Path | str, *, as_of: dt.date | None = None) -> ProblemReport:
    """Every problem of the démarche folder's files (an empty report means ready); deadlines as of ``as_of`` (today)."""
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is not None and register is not None and not report.has_errors:  # deadlines of a valid register only
        report.extend(deadline_problems(demarche, register, as_of or dt.date.today()))
    if demarche is not None:
        check_surveys(demarche, report)
        check_interviews(demarche, report, register)
        check_reference_files(demarche, report)
    return report
