"""The démarche and its register, checked together before anything is answered or published."""

from __future__ import annotations

from pathlib import Path

from evaluation.demarche.folder import FolderInvalid, read_demarche
from evaluation.demarche.model import Demarche
from evaluation.followup.register import Register, load_register
from surveys.problems import ProblemReport


def load_checked(folder: Path | str) -> tuple[Demarche, Register, ProblemReport]:
    """The démarche and its register, or :class:`FolderInvalid` listing every error."""
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is None or register is None or report.has_errors:
        raise FolderInvalid(folder, report)
    return demarche, register, report
