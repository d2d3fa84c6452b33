"""Shared builders for the interview tests: codings, filled workbooks and Word grids."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

DATA = Path(__file__).parent / "data"
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))

import make_interview_fixtures as fixtures  # noqa: E402

from evaluation.fieldwork.interview_grid import main_headers, xlsx_grid  # noqa: E402
from surveys.interviews import CODES, BlindSpot, CodedInterview, CodeScore, InterviewSet, Reconciliation, read_interviews  # noqa: E402
from surveys.problems import ProblemReport  # noqa: E402


def coding(
    interview_id: str = "E01",
    coder: str = "Claire Vasseur",
    levels: Sequence[int] = (1, 1, 1, 1, 1, 1, 1),
    *,
    service: str = "Bureau A",
    role: str = "chargée de mission",
    date: dt.date | None = dt.date(2026, 11, 3),
    names: tuple[str, ...] = (),
    before: tuple[str, ...] = (),
    after: tuple[str, ...] = (),
    spots: Sequence[tuple[str, tuple[str, ...]]] | None = None,
    quotes: dict[str, tuple[str, ...]] | None = None,
) -> CodedInterview:
    """A valid coding: level 2 codes get a justification, P3 ≥ 1 gets a blind spot."""
    quotes = quotes or {}
    scores = {
        code: CodeScore(level, f"Pièce : note {code}" if level == 2 else "", quotes.get(code, ()))
        for code, level in zip(CODES, levels)
    }
    if spots is None:
        spots = [("Un public oublié", ("P-01",))] if scores["P3"].level > 0 else []
    return CodedInterview(
        interview_id=interview_id, coder=coder, scores=scores, date=date, role=role, service=service, names=names,
        services_before=before, services_after=after, blind_spots=tuple(BlindSpot(d, p) for d, p in spots),
    )  # fmt: skip


def workbook(codings: Sequence[CodedInterview], reconciliations: Sequence[Reconciliation] = ()) -> Workbook:
    return fixtures.fill_workbook(xlsx_grid(), codings, reconciliations)


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def column_of(header: str) -> int:
    """1-based column of a heading of the « Entretiens » sheet."""
    return main_headers().index(header) + 1


def read(path: Path, proposal_ids: Sequence[str] | None = None) -> tuple[InterviewSet, ProblemReport]:
    report = ProblemReport()
    return read_interviews(path, report, proposal_ids=proposal_ids), report


def rendered(report: ProblemReport) -> list[str]:
    return [p.render() for p in report]


def write_docx(path: Path, item: CodedInterview, *, as_paragraphs: bool = True) -> Path:
    path.write_bytes(fixtures.docx_bytes(item, as_paragraphs=as_paragraphs))
    return path
