"""Reading coded interviews from a workbook, a Word grid or a folder of Word grids."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from surveys.interviews.checks import validate
from surveys.interviews.model import DOCX_SUFFIX, InterviewSet
from surveys.interviews.word import read_folder, read_interview_docx
from surveys.interviews.workbook import read_workbook
from surveys.problems import ProblemReport, collects_problems, display_name


def read_interviews(
    path: Path | str,
    report: ProblemReport,
    *,
    proposal_ids: Collection[str] | None = None,
) -> InterviewSet:
    """Read coded interviews from a workbook, a Word grid or a folder of Word grids.

    Problems go to ``report``; an unreadable workbook raises :class:`SuiviError`. With
    ``proposal_ids`` (the register's identifiers), blind spots linked to an unknown proposal are
    errors.
    """
    path = Path(path)
    if path.is_dir():
        codings, reconciliations = read_folder(path, report)
    elif path.suffix.lower() == DOCX_SUFFIX:
        coding = read_interview_docx(path, report)
        codings, reconciliations = ([coding] if coding else []), []
    else:
        codings, reconciliations = read_workbook(path, report)
    return validate(codings, reconciliations, report, proposal_ids, display_name(path))


@collects_problems
def load_interviews(
    path: Path | str,
    report: ProblemReport,
    *,
    proposal_ids: Collection[str] | None = None,
) -> InterviewSet | None:
    """Like :func:`read_interviews`, but a file that cannot be read at all becomes a problem in
    ``report`` (and ``None``) instead of an exception, so a folder check can go on."""
    return read_interviews(path, report, proposal_ids=proposal_ids)
