"""The interview grid's vocabulary and the coded interviews' model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from surveys.i18n import t
from surveys.problems import Problem, Severity

CODES: tuple[str, ...] = ("P1", "P2", "P3", "P4", "P5", "P6", "TM")
COLLABORATION_CODE = "P2"
BLIND_SPOT_CODE = "P3"
RECONCILIATION_FILE_STEM = "reconciliation"
DOCX_SUFFIX = ".docx"


class EvidenceLevel(IntEnum):
    """How strongly an interview shows a code: absent, asserted, evidenced by an artefact."""

    ABSENT = 0
    ASSERTED = 1
    EVIDENCED = 2


LEVELS: tuple[int, ...] = tuple(int(level) for level in EvidenceLevel)


def code_label(code: str) -> str:
    """Short French name of a code (« Changement de pratique »)."""
    return t(f"interview.code.{code}.label")


def code_question(code: str) -> str:
    """The question the coder answers for a code."""
    return t(f"interview.code.{code}.question")


def level_label(level: int) -> str:
    """French name of an evidence level (« attesté par une pièce »)."""
    return t(f"interview.level.{level}")


# --- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a value was read: a cell of a sheet, or a row of a Word table."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    table: str | None = None

    def problem(self, code: str, message: str, value: Any = None, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(
            file=self.file,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            header=self.header,
            table=self.table,
            value=None if value is None or value == "" else str(value),
            code=code,
            severity=severity,
            message=message,
        )


@dataclass(frozen=True)
class CodeScore:
    """One code of one coding: the level, why, and what the interviewee said."""

    level: int
    justification: str = ""
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlindSpot:
    """A blind spot the démarche revealed, linked to proposal identifiers of the register."""

    description: str
    proposals: tuple[str, ...] = ()
    place: Place | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CodedInterview:
    """One interview as coded by one coder.

    ``names`` lists the people to mask in quotes (the interviewee, colleagues named); it is read
    to redact, never published.
    """

    interview_id: str
    coder: str
    scores: dict[str, CodeScore]
    date: dt.date | None = None
    role: str = ""
    service: str = ""
    names: tuple[str, ...] = ()
    services_before: tuple[str, ...] = ()
    services_after: tuple[str, ...] = ()
    blind_spots: tuple[BlindSpot, ...] = ()
    place: Place | None = field(default=None, compare=False, repr=False)

    def level(self, code: str) -> int:
        return self.scores[code].level


@dataclass(frozen=True)
class Reconciliation:
    """The level the coders agreed on for one code of one interview; it replaces theirs."""

    interview_id: str
    code: str
    level: int
    justification: str = ""
    place: Place | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class InterviewSet:
    """Every valid coding and reconciliation read from one source."""

    codings: tuple[CodedInterview, ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()
    source: str = ""

    def interview_ids(self) -> list[str]:
        """Interview identifiers in the order they first appear."""
        return list(dict.fromkeys(c.interview_id for c in self.codings))

    def codings_of(self, interview_id: str) -> list[CodedInterview]:
        """The codings of one interview, in the order they were read (first coder first)."""
        return [c for c in self.codings if c.interview_id == interview_id]

    def reconciled(self) -> dict[tuple[str, str], Reconciliation]:
        return {(r.interview_id, r.code): r for r in self.reconciliations}
