"""The other readings in the motivated response: a summary table per body, and each proposal's readings."""

from __future__ import annotations

from collections import Counter

from evaluation.documents import frformat
from evaluation.documents.docx_accessible import AccessibleDocument
from evaluation.followup.readings import bodies
from evaluation.followup.register import Proposal, Register
from indicators.vocabulary import LABELS, Assessment
from surveys.i18n import t


def write_readings_summary(doc: AccessibleDocument, register: Register) -> None:
    """« Lecture des autres instances »: per body, proposals read, same or different status, assessments."""
    if not register.readings:
        return
    statuses = {p.id: p.status for p in register.proposals}
    doc.heading(t("voice.response.h_readings"), 2)
    doc.paragraph(frformat.typo(t("voice.response.readings_intro")))
    rows = []
    for body in bodies(register.readings):
        read = [r for r in register.readings if r.body == body]
        same = sum(1 for r in read if r.status is not None and r.status is statuses.get(r.proposal_id))
        assessed = Counter(r.assessment for r in read)
        rows.append([body, frformat.number(len(read)), frformat.number(same), frformat.number(len(read) - same),
                     *[frformat.number(assessed.get(a, 0)) for a in Assessment]])
    header = [t("voice.response.col_body"), t("voice.response.col_read"), t("voice.response.col_same"), t("voice.response.col_different"),
              *[LABELS[a] for a in Assessment]]
    doc.table(header, rows, caption=t("voice.response.caption_readings"), widths_cm=[3.0, 1.3, 1.7, 1.9, 3.0, 1.9, 3.3], numeric=tuple(range(1, 7)), keep_rows=True)


def write_proposal_readings(doc: AccessibleDocument, proposal: Proposal, register: Register) -> None:
    """Each other body's reading of ``proposal``, after the sponsor's answer."""
    for reading in (r for r in register.readings if r.proposal_id == proposal.id):
        status = LABELS[reading.status] if reading.status else "–"
        key = "voice.response.same" if reading.status is not None and reading.status is proposal.status else "voice.response.different"
        parts = [t(key, status=status)]
        if reading.assessment:
            parts.append(t("voice.response.assessment", assessment=LABELS[reading.assessment].lower()))
        text = frformat.typo(" ; ".join(parts) + ".")
        if reading.comment:
            text += f" « {reading.comment} »"
        doc.labelled(t("voice.response.l_reading", body=reading.body), text)
