"""Deadline warnings of ``suivi check``: overdue engagements and due dates, undecided proposals past the deadline.

Every date comes from :func:`indicators.devoir_de_suite.followup_figures`, as of the day of the check.
"""

from __future__ import annotations

import datetime as dt

from evaluation.demarche.model import DEMARCHE_FILE, Demarche
from evaluation.documents import frformat
from evaluation.followup.register import COLUMNS, Register
from indicators.devoir_de_suite import FollowupFigures, followup_figures
from surveys.i18n import t, tn
from surveys.problems import Problem, Severity, display_name


def register_figures(demarche: Demarche, register: Register, as_of: dt.date) -> FollowupFigures:
    """The devoir-de-suite figures of a démarche and its register as of a date."""
    return followup_figures(register.to_frame(), deadline=demarche.response_deadline, as_of=as_of,
                            engagements=[(e.text, e.due) for e in demarche.engagements])


def deadline_problems(demarche: Demarche, register: Register, as_of: dt.date) -> list[Problem]:
    """One warning per overdue engagement and proposal due date, and one for undecided proposals past the deadline."""
    figures = register_figures(demarche, register, as_of)
    rows = {p.id: p.row for p in register.proposals}
    file = display_name(register.file)

    def late(due: dt.date | None) -> str:
        days = (as_of - due).days if due else 0
        return tn("deadline.days", days, count=frformat.number(days))

    problems = [
        Problem(file=DEMARCHE_FILE, code="engagement_en_retard", severity=Severity.WARNING,
                message=t("deadline.engagement", number=c.key, text=c.text, date=frformat.date_long(c.due), late=late(c.due)))
        for c in figures.engagements if c in figures.overdue()
    ]
    problems += [
        Problem(file=file, sheet=register.sheet, row=rows.get(c.key), header=COLUMNS["due_date"][0], value=c.due.isoformat() if c.due else None,
                code="echeance_depassee", severity=Severity.WARNING,
                message=t("deadline.proposal", id=c.key, date=frformat.date_long(c.due), late=late(c.due)))
        for c in figures.proposals_due if c in figures.overdue()
    ]
    if figures.undecided_past_deadline:
        problems.append(Problem(file=file, sheet=register.sheet, code="decisions_en_retard", severity=Severity.WARNING,
                                message=tn("deadline.undecided", figures.undecided_past_deadline, count=figures.undecided_past_deadline,
                                           date=frformat.date_long(figures.deadline), late=late(figures.deadline))))
    return problems
