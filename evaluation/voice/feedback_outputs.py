"""The citizens' feedback in the outputs: indicator rows, the response's lines, the report's table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evaluation.documents import frformat
from evaluation.documents.docx_accessible import AccessibleDocument
from evaluation.voice.feedback import ProposalFeedback, Share, judged_share
from evaluation.voice.feedback_indicators import OVERALL
from surveys.i18n import t

if TYPE_CHECKING:
    from evaluation.report.tables import ReportTable


def _share_text(share: Share, kind: str, threshold: int) -> str:
    if share.hidden and share.n:
        return t("voice.feedback.hidden", kind=t(f"voice.feedback.kind.{kind}"), threshold=threshold)
    if not share.n:
        return t("voice.feedback.none", kind=t(f"voice.feedback.kind.{kind}"))
    return t("voice.feedback.share", kind=t(f"voice.feedback.kind.{kind}"), share=frformat.percent(share.value), n=frformat.number(share.n))


def write_proposal_feedback(doc: AccessibleDocument, feedback: ProposalFeedback | None, threshold: int) -> None:
    """« Avis des citoyens : réponse jugée claire par 63 % (n = 24) ; motivée par … » and the redacted comments."""
    if feedback is None:
        return
    text = " ; ".join(_share_text(getattr(feedback, kind), kind, threshold) for kind in ("clear", "motivated"))
    doc.labelled(t("voice.feedback.l_opinion"), frformat.typo(text + "."))
    for comment in feedback.comments:
        doc.labelled(t("voice.feedback.l_comment"), f"« {comment} »")


def write_feedback_summary(doc: AccessibleDocument, summary: dict[str, ProposalFeedback] | None, respondents: int | None = None) -> None:
    """The response's summary paragraph: share of answers judged clear, motivated, both."""
    if not summary:
        return
    doc.heading(t("voice.feedback.h_summary"), 2)
    parts = []
    for kinds, indicator in OVERALL.items():
        value, n = judged_share(summary.values(), kinds)
        parts.append(t(f"voice.feedback.summary.{indicator}", share=frformat.percent(value), n=frformat.number(n)))
    doc.paragraph(frformat.typo(t("voice.feedback.summary_intro") + " " + " ; ".join(parts) + "."))


def feedback_table(summary: dict[str, ProposalFeedback] | None, register_frame: Any) -> ReportTable:
    """The report's table: per answered proposal, the two shares with interval and n (masked below the threshold)."""
    # the report's tables bring the survey indicators with them: the response, which only writes
    # the two functions above, does not import them
    from evaluation.report.tables import MASKED, Column, Kind, ReportTable, Value

    columns = [Column(t("voice.report.col_id"), width=1.6), Column(t("voice.report.col_title"), width=4.2),
               Column(t("voice.feedback.col_clear"), Kind.SHARE, 2.6, interval=True), Column(t("voice.feedback.col_clear_n"), Kind.COUNT, 1.8),
               Column(t("voice.feedback.col_motivated"), Kind.SHARE, 2.6, interval=True), Column(t("voice.feedback.col_motivated_n"), Kind.COUNT, 1.8),
               Column(t("voice.feedback.col_comments"), Kind.COUNT, 1.8)]
    table = ReportTable(t("voice.feedback.sheet"), t("voice.feedback.caption"), columns)
    if not summary:
        return table
    titles = dict(zip(register_frame["id"], register_frame["title"])) if register_frame is not None else {}
    for pid, f in summary.items():
        row: list[Any] = [pid, titles.get(pid, "")]
        for share in (f.clear, f.motivated):
            interval = share.interval
            row += [MASKED, MASKED] if share.hidden and share.n else [Value(share.value, *(interval or (None, None))), share.n]
        row.append(len(f.comments))
        table.rows.append(row)
    return table
