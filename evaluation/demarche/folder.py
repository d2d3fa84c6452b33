"""Reading a démarche folder's identity card, and the error that lists a folder's problems."""

from __future__ import annotations

from pathlib import Path

from evaluation.demarche.model import Demarche, load_demarche, not_a_folder
from surveys.i18n import t
from surveys.problems import ProblemReport, SuiviError


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
        raise not_a_folder(folder)
    return load_demarche(folder, report)
