"""Reference files of the representativeness step: population margins and the recruited panel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from evaluation.demarche.model import Demarche
from indicators.representativeness import load_margins, load_panel
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport

T = TypeVar("T")


def read_reference(demarche: Demarche, relative: str, report: ProblemReport, loader: Callable[[Path, ProblemReport], T | None]) -> T | None:
    """The file ``relative`` read by ``loader``; a missing file is a located problem."""
    path = demarche.path(relative)
    if not path.is_file():
        report.add(Problem(file=relative, code="fichier_absent", message=t("read.missing_file", file=relative)))
        return None
    return loader(path, report)


def check_reference_files(demarche: Demarche, report: ProblemReport) -> None:
    """The representativeness step of ``suivi check``: the margins and panel files, if declared."""
    if demarche.files.margins:
        read_reference(demarche, demarche.files.margins, report, load_margins)
    if demarche.files.panel:
        read_reference(demarche, demarche.files.panel, report, load_panel)
