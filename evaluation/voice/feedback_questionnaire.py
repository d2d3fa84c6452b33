"""``suivi questionnaire DOSSIER --wave retours``: the feedback questionnaire on the published answers.

For each answered proposal: its answer (status, motivation), then « Cette réponse est-elle
claire ? », « Est-elle motivée ? » (Oui / Non) and an optional comment, each with its code
(:func:`evaluation.voice.feedback.question_codes`). Word for paper, Excel for typing paper
answers in (drop-down Oui / Non), LimeSurvey structure (one group per proposal: the answer as a
text display, two yes/no questions, a long free text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.command_result import CommandResult, Line, lines_of
from evaluation.demarche.model import Demarche
from evaluation.documents import frformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import safe_cell, save_with, write_text
from evaluation.fieldwork.questionnaire import BOX, LIMESURVEY_COLUMNS, Format, _clean
from evaluation.fieldwork.questionnaire import questionnaire as wave_questionnaire
from evaluation.followup.checked import load_checked
from evaluation.followup.register import Proposal, Register
from evaluation.voice.feedback import ProposalCodes, answered, question_codes
from indicators.vocabulary import LABELS
from surveys.i18n import t

SLUG = "retours"
VALIDATED_ROWS = 500
LANGUAGE = "fr"


def file_name(fmt: Format) -> str:
    return f"questionnaire-{SLUG}" + {Format.DOCX: ".docx", Format.XLSX: ".xlsx", Format.LIMESURVEY: "-limesurvey.txt"}[fmt]


def write_feedback_questionnaire(folder: Path, fmt: Format, *, out_dir: Path | None = None, template: Path | None = None,
                                 when: dt.date | None = None) -> tuple[Path, int]:
    """Write the feedback questionnaire in ``fmt``; return its path and the number of answers listed."""
    document = open_template(template) if fmt is Format.DOCX else None
    demarche, register, _ = load_checked(Path(folder))
    codes = question_codes(register)
    target = (out_dir if out_dir is not None else Path(folder) / "out") / file_name(fmt)
    if fmt is Format.DOCX:
        assert document is not None
        doc = _docx(AccessibleDocument(document), demarche, register, codes, when or dt.date.today())
        return save_with(target, doc.save), len(codes)
    if fmt is Format.XLSX:
        return save_with(target, _workbook(demarche, codes).save), len(codes)
    return write_text(target, _limesurvey(demarche, register, codes)), len(codes)


def _answer_text(p: Proposal) -> str:
    parts = [t("voice.feedback.q.status", status=LABELS[p.status] if p.status else "–")]
    if p.motivation:
        parts.append(t("voice.feedback.q.motivation", motivation=p.motivation))
    if p.measures:
        parts.append(t("voice.feedback.q.measures", measures=p.measures))
    return frformat.typo(" ".join(parts))


def _docx(doc: AccessibleDocument, demarche: Demarche, register: Register, codes: list[ProposalCodes], when: dt.date) -> AccessibleDocument:
    title = t("voice.feedback.q.title")
    doc.properties(title=f"{title} : {demarche.title}", author=demarche.sponsor, subject=title, keywords=t("voice.feedback.q.keywords"),
                   when=dt.datetime.combine(when, dt.time()))
    doc.title(title, demarche.title)
    doc.paragraph(frformat.typo(t("voice.feedback.q.intro", sponsor=demarche.sponsor)))
    doc.heading(t("voice.feedback.q.h_answers"), 1)
    proposals = {p.id: p for p in answered(register)}
    for c in codes:
        p = proposals[c.proposal_id]
        doc.heading(t("response.proposal_heading", id=p.id, title=p.title), 2)
        doc.paragraph(_answer_text(p))
        for kind in ("clear", "motivated"):
            paragraph = doc.paragraph()
            paragraph.add_run(t(f"voice.feedback.q.{kind}")).bold = True
            paragraph.add_run(f" [{c.code(kind)}]")
            paragraph.paragraph_format.keep_with_next = True
            doc.paragraph(f"{BOX}\u00a0{t('voice.feedback.q.yes')}\u2003 {BOX}\u00a0{t('voice.feedback.q.no')}")
        paragraph = doc.paragraph()
        paragraph.add_run(t("voice.feedback.q.comment")).bold = True
        paragraph.add_run(f" [{c.comment}]")
        doc.paragraph("_" * 60)
    doc.heading(t("questionnaire.thanks_heading"), 1)
    doc.paragraph(frformat.typo(t("questionnaire.thanks")))
    return doc


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")


def headings(codes: list[ProposalCodes]) -> list[str]:
    """The workbook's column headings after the participant code: « CLAIRP01. P-01 : Cette réponse est-elle claire ? »…"""
    return [f"{c.code(kind)}. {c.proposal_id} : {t(f'voice.feedback.q.{kind}')}" for c in codes for kind in ("clear", "motivated", "comment")]


def _workbook(demarche: Demarche, codes: list[ProposalCodes]) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook has a worksheet"
    sheet.title = t("questionnaire.sheet.answers")
    lists = book.create_sheet(t("questionnaire.sheet.lists"))
    lists.sheet_state = "hidden"
    lists["A1"], lists["A2"], lists["A3"] = t("voice.feedback.q.answers"), t("voice.feedback.q.yes"), t("voice.feedback.q.no")
    for position, heading in enumerate([t("questionnaire.participant_code"), *headings(codes)], start=1):
        cell = sheet.cell(row=1, column=position, value=safe_cell(heading))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 18 if position == 1 or position % 3 != 1 else 40
        if position > 1 and (position - 2) % 3 != 2:
            validation = DataValidation(type="list", formula1=f"'{lists.title}'!$A$2:$A$3", allow_blank=True, showErrorMessage=True,
                                        errorTitle=t("questionnaire.validation_title"), error=t("questionnaire.validation_error"))
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 90
    sheet.freeze_panes = "B2"
    book.properties.title = t("voice.feedback.q.title")
    book.properties.creator = demarche.sponsor[:255]
    book.properties.language = "fr-FR"
    return book


def _limesurvey(demarche: Demarche, register: Register, codes: list[ProposalCodes]) -> str:
    rows: list[dict[str, str]] = []

    def add(cls: str, name: str, text: str = "", type_scale: str = "", **extra: str) -> None:
        rows.append({"class": cls, "type/scale": type_scale, "name": name, "text": _clean(text), **extra})

    common = {"relevance": "1", "language": LANGUAGE, "mandatory": "N", "other": "N", "same_default": "0"}
    for name, value in (("language", LANGUAGE), ("additional_languages", ""), ("format", "G"), ("anonymized", "Y"), ("showprogress", "Y"), ("allowprev", "Y")):
        add("S", name, value)
    add("SL", "surveyls_title", f"{t('voice.feedback.q.title')} : {demarche.title}", language=LANGUAGE)
    add("SL", "surveyls_description", frformat.typo(t("voice.feedback.q.intro", sponsor=demarche.sponsor)), language=LANGUAGE)
    add("SL", "surveyls_endtext", frformat.typo(t("questionnaire.thanks")), language=LANGUAGE)
    proposals = {p.id: p for p in answered(register)}
    for number, c in enumerate(codes, start=1):
        p = proposals[c.proposal_id]
        add("G", t("response.proposal_heading", id=p.id, title=p.title)[:100], "", str(number), language=LANGUAGE)
        add("Q", f"REP{c.clear.removeprefix('CLAIR')}"[:20], _answer_text(p), "X", **common)
        add("Q", c.clear, f"{p.id} : {t('voice.feedback.q.clear')}", "Y", **common)
        add("Q", c.motivated, f"{p.id} : {t('voice.feedback.q.motivated')}", "Y", **common)
        add("Q", c.comment, f"{p.id} : {t('voice.feedback.q.comment')}", "T", **common)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(LIMESURVEY_COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in LIMESURVEY_COLUMNS])
    return buffer.getvalue()


@dataclass
class FeedbackQuestionnaireResult:
    """The feedback questionnaire written, and what to do next."""

    folder: Path
    path: Path
    answers: int
    exit_code: int = 0

    def lines(self) -> list[Line]:
        return lines_of([t("voice.feedback.q.wrote", path=self.path, count=frformat.count_noun(self.answers, "voice.feedback.q.n_answers")),
                         t("voice.feedback.q.next", folder=str(self.folder))])


def questionnaire(folder: Path | str, wave: str, fmt: Format | str = Format.DOCX, *, audience: str = "participants",
                  out_dir: Path | None = None, template: Path | None = None) -> CommandResult:
    """``suivi questionnaire``: the feedback questionnaire for the wave ``retours``, else a survey wave's (fieldwork)."""
    if wave != SLUG:
        return wave_questionnaire(folder, wave, fmt, audience=audience, out_dir=out_dir, template=template)
    path, answers = write_feedback_questionnaire(Path(folder), Format(fmt), out_dir=out_dir, template=template)
    return FeedbackQuestionnaireResult(Path(folder), path, answers)
