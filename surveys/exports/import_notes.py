"""What the import report says about how a survey file was read, beyond its rows.

Columns without a heading (kept, named by letter), sheets left aside, free-text answers that
hold e-mail addresses or telephone numbers (flagged, never copied), and the column chosen as the
respondent key with the reason for that choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from surveys.exports.columns import ColumnPlan, Kind
from surveys.exports.formats import Role, metadata_role
from surveys.i18n import t
from surveys.problems import Problem, Severity
from surveys.redaction import EMAIL, PHONE
from surveys.spreadsheet import Table

_SCANNED_KINDS = (Kind.UNMAPPED, Kind.IGNORED, Kind.ITEM, Kind.PROFILE)
_CODE_VALUE = re.compile(r"^[A-Za-z]{1,6}[-_ ]?\d{1,6}$")  # P01, MOB-001, ATL_12
_MAX_SCANNED = 5000  # distinct texts scanned per column: enough to see that a column holds contacts


def reading_problems(table: Table, headers: Sequence[str]) -> list[Problem]:
    """Warnings for each kept column without a heading and for the sheets not read."""
    problems = []
    for position, letter in enumerate(table.letters):
        if letter in table.blank_headings:
            problems.append(Problem(file=table.file, sheet=table.sheet, column=letter, header=headers[position], code="colonne_sans_entete",
                                    severity=Severity.WARNING, message=t("survey.blank_heading", letter=letter, name=headers[position])))
    if table.other_sheets:
        listed = ", ".join(f"« {s} »" for s in table.other_sheets)
        problems.append(Problem(file=table.file, sheet=table.sheet, code="autres_feuilles", severity=Severity.WARNING,
                                message=t("survey.other_sheets", sheet=table.sheet, sheets=listed)))
    return problems


def contact_problems(table: Table, plans: Sequence[ColumnPlan]) -> list[Problem]:
    """A warning for each answer column whose texts hold e-mail addresses or telephone numbers.

    The values themselves are never copied into the problem: only the column and a count.
    """
    problems = []
    for plan in plans:
        if plan.kind not in _SCANNED_KINDS or plan.role is not None:
            continue
        _, distinct = table.factorized(plan.name)
        texts = [v for v in distinct[:_MAX_SCANNED] if isinstance(v, str) and len(v) >= 6]
        found = [kind for kind, pattern in (("email", EMAIL), ("phone", PHONE)) if any(_has(pattern, v) for v in texts)]
        if found:
            what = " et ".join(t(f"survey.contact.{kind}") for kind in found)
            problems.append(Problem(file=table.file, sheet=table.sheet, column=plan.letter, header=plan.header, code="coordonnees_dans_texte",
                                    severity=Severity.WARNING, message=t("survey.contacts_in_text", what=what)))
    return problems


def _has(pattern: object, text: str) -> bool:
    if pattern is EMAIL and "@" not in text:
        return False
    return EMAIL.search(text) is not None if pattern is EMAIL else PHONE.search(text) is not None


def with_code_column(table: Table, plans: Sequence[ColumnPlan]) -> list[ColumnPlan]:
    """``plans`` with an unrecognised question holding participant codes made the respondent key.

    A question whose answers are codes (« P01 », « MOB-001 ») nearly all different is the
    participant-code question, whatever its wording: its values are then treated as identifying.
    """
    result = list(plans)
    for position, plan in enumerate(plans):
        if plan.kind is not Kind.UNMAPPED:
            continue
        values = [v for v in table.head(plan.name, _MAX_SCANNED) if isinstance(v, str) and v.strip()]
        if len(values) >= 5 and sum(1 for v in values if _CODE_VALUE.match(v.strip())) >= 0.9 * len(values) \
                and len({v.strip().casefold() for v in values}) >= 0.8 * len(values):
            result[position] = replace(plan, kind=Kind.IDENTIFIER, role=Role.PARTICIPANT_CODE, item=None)
            return result
    return result


def key_reason(plan: ColumnPlan | None, respondent_key: str | None) -> str:
    """Why this column (or none) matches respondents across waves, in French."""
    if plan is None:
        return t("survey.key.none")
    if respondent_key is not None and plan.role is Role.PARTICIPANT_CODE and plan.kind is Kind.IDENTIFIER and plan.header.strip():
        source = t("survey.key.codebook")
    elif plan.role is Role.PARTICIPANT_CODE and metadata_role(plan.header) is None:
        source = t("survey.key.by_content")
    else:
        source = t(f"survey.key.role.{plan.role.value if plan.role else 'participant_code'}")
    return t("survey.key.chosen", letter=plan.letter, header=plan.header, source=source)
