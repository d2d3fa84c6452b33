"""Administration interviews coded on the suivi grid, read back from Excel or from Word grids.

The grid (see ``docs/formats.md``) codes one interview with a member of staff on six codes,
P1–P6, and on the time and resources they had (``TM``), each on an evidence scale: 0 absent,
1 asserted, 2 evidenced by an artefact (a note, a procedure, a budget line, a changed document),
with a justification and optional quotes. P2 also lists the services worked with before and
after the démarche; P3 lists the blind spots revealed, each linked to proposal identifiers of the
register.

Two sources are read into the same :class:`InterviewSet`:

- a workbook (``entretiens.xlsx``): sheet « Entretiens », one row per interview and coder;
  sheet « Angles morts », one row per blind spot; optional sheet « Réconciliation », one row per
  interview and code whose agreed level replaces the coders' levels;
- a folder of filled Word grids (one ``.docx`` per interview and coder), with an optional
  ``reconciliation.xlsx`` beside them holding the « Réconciliation » sheet.

Every problem is located (file, sheet/row/column or table/row/column) and explained in French.
A coding with an error is left out of the set; the report says why.
"""

from __future__ import annotations

from surveys.interviews.columns import META_FIELDS, classify_header, column_label, field_label, sheet_name
from surveys.interviews.model import (
    CODES,
    COLLABORATION_CODE,
    LEVELS,
    BlindSpot,
    CodedInterview,
    CodeScore,
    EvidenceLevel,
    InterviewSet,
    Reconciliation,
    code_label,
    code_question,
    level_label,
)
from surveys.interviews.reading import load_interviews, read_interviews
from surveys.interviews.values import INVALID, parse_level, split_list, split_proposals
from surveys.interviews.word import docx_cell_text, docx_table_kind, docx_table_name

__all__ = [
    "CODES", "COLLABORATION_CODE", "INVALID", "LEVELS", "META_FIELDS", "BlindSpot", "CodeScore",
    "CodedInterview", "EvidenceLevel", "InterviewSet", "Reconciliation", "classify_header",
    "code_label", "code_question", "column_label", "docx_cell_text", "docx_table_kind",
    "docx_table_name", "field_label", "level_label", "load_interviews", "parse_level",
    "read_interviews", "sheet_name", "split_list", "split_proposals",
]
