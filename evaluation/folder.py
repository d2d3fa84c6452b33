"""Checking a whole démarche folder: each input file in turn, every problem collected.

``check_folder`` is a plain sequence of steps (démarche, register, then the other data files);
a step that cannot read its file records the problem and lets the next steps run.
"""

from __future__ import annotations

from pathlib import Path

from evaluation.demarche.model import DEMARCHE_FILE, Demarche, load_demarche
from evaluation.fieldwork.interview_data import check_interviews
from evaluation.fieldwork.survey_data import check_surveys
from evaluation.followup.register import Register, load_register
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, SuiviError


class FolderInvalid(SuiviError):
    """The folder has errors: nothing was written. ``report`` holds every problem found."""

    def __init__(self, folder: Path, report: ProblemReport) -> None:
        lines = "\n".join(p.render() for p in report.errors)
        super().__init__(t("folder.invalid", folder=folder.name or str(folder), problems=lines), code="dossier_invalide")
        self.report = report


def read_demarche(folder: Path, report: ProblemReport) -> Demarche | None:
    """``demarche.yaml`` with its problems in ``report``; a missing folder raises."""
    folder = Path(folder)
    if not folder.is_dir():
        load_demarche(folder)  # raises the « dossier introuvable » error
    try:
        return load_demarche(folder, report)
    except SuiviError as exc:
        report.add(Problem(file=exc.file or DEMARCHE_FILE, code=exc.code, message=str(exc)))
        return None


def check_folder(folder: Path | str) -> ProblemReport:
    """Every problem of the démarche folder's files (an empty report means ready)."""
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is not None:
        check_surveys(demarche, report)
        check_interviews(demarche, report, register)
        from evaluation.report.evaluate import check_reference_files  # evaluate imports this module

        check_reference_files(demarche, report)
    return report


def load_checked(folder: Path | str) -> tuple[Demarche, Register, ProblemReport]:
    """The démarche and its register, or :class:`FolderInvalid` listing every error."""
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is None or register is None or report.has_errors:
        raise FolderInvalid(folder, report)
    return demarche, register, report
