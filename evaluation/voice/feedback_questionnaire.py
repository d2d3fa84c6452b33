"""``suivi questionnaire DOSSIER --wave retours``: the feedback questionnaire on the published answers.

For each answered proposal: its answer (status, motivation), then « Cette réponse est-elle
claire ? », « Est-elle motivée ? » (Oui / Non) and an optional comment, each with its code
(:func:`evaluation.voice.feedback.question_codes`). Word for paper, Excel for typing paper
answers in (drop-down Oui / Non), LimeSurvey structure (one group per theme; per proposal one
array question — the answer as its text, « claire » and « motivée » as its two rows, Oui / Non —
and an optional long free text).

The guide of the CIPC caps a consultation questionnaire at 15 minutes. Reading each published
answer is most of that time (about 15 seconds an answer at 200 words a minute, plus the two
yes/no rows and a comment for those who write one), so a register of 40 answers cannot fit in one
questionnaire whatever its layout. The design therefore keeps each answer's questions compact (one
array, the comment optional) and lets the sponsor split a long register: ``--par-theme`` writes
one short questionnaire per theme, ``--propositions P-01,P-02`` one on the chosen answers; each
states which proposals it covers. The estimate of ``suivi questionnaire check`` (same model, on the
LimeSurvey structure, identical in content to the Word and Excel versions) is printed for each
questionnaire written, with a warning above the ceiling. Every questionnaire keeps the same question
codes, so the exports of several of them are declared side by side under ``fichiers: retours:``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.command_result import CommandResult, Line, lines_of
from evaluation.consultation.check import check_source
from evaluation.consultation.source import read_limesurvey_text
from evaluation.demarche.model import Demarche
from evaluation.documents import frformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import safe_cell, save_with, write_text
from evaluation.fieldwork.questionnaire import BOX, LIMESURVEY_COLUMNS, Format, _clean
from evaluation.fieldwork.questionnaire import questionnaire as wave_questionnaire
from evaluation.followup.checked import load_checked
from evaluation.followup.register import Proposal, Register
from evaluation.followup.site.model import slug
from evaluation.voice.feedback import ProposalCodes, answered, question_codes
from indicators.checklist import MAX_QUESTIONNAIRE_MINUTES
from indicators.vocabulary import LABELS
from surveys.i18n import t
from surveys.problems import SuiviError

SLUG = "retours"
VALIDATED_ROWS = 500
LANGUAGE = "fr"
KINDS = ("clear", "motivated")


@dataclass(frozen=True)
class Part:
    """One questionnaire: the answers it covers, the suffix of its file name, its theme when split by theme."""

    codes: list[ProposalCodes]
    suffix: str = ""
    theme: str | None = None

    @property
    def ids(self) -> list[str]:
        return [c.proposal_id for c in self.codes]


@dataclass(frozen=True)
class Written:
    """A questionnaire written: its file, the proposals it covers and the check's estimated duration."""

    path: Path
    proposal_ids: list[str]
    minutes: float


def file_name(fmt: Format, suffix: str = "") -> str:
    stem = f"questionnaire-{SLUG}" + (f"-{suffix}" if suffix else "")
    return stem + {Format.DOCX: ".docx", Format.XLSX: ".xlsx", Format.LIMESURVEY: "-limesurvey.txt"}[fmt]


def parts(register: Register, proposals: Sequence[str] | None = None, by_theme: bool = False) -> list[Part]:
    """The questionnaires to write: the whole register, the chosen answers, and/or one per theme."""
    codes = question_codes(register)
    suffix = ""
    if proposals:
        known = {c.proposal_id.casefold(): c for c in codes}
        unknown = [pid for pid in proposals if pid.strip().casefold() not in known]
        if unknown:
            raise SuiviError(t("voice.feedback.q.unknown_ids", ids=", ".join(unknown), known=", ".join(c.proposal_id for c in codes)),
                             code="proposition_inconnue")
        chosen = {pid.strip().casefold() for pid in proposals}
        codes = [c for c in codes if c.proposal_id.casefold() in chosen]
        suffix = slug("-".join(c.proposal_id for c in codes))
    if not by_theme:
        return [Part(codes, suffix)]
    themes = {p.id: p.theme for p in answered(register)}
    by_name: dict[str, list[ProposalCodes]] = {}
    for c in codes:
        by_name.setdefault(themes[c.proposal_id], []).append(c)
    return [Part(selected, slug(theme) or "theme", theme) for theme, selected in by_name.items()]


def write_feedback_questionnaire(folder: Path, fmt: Format, *, out_dir: Path | None = None, template: Path | None = None,
                                 when: dt.date | None = None, proposals: Sequence[str] | None = None,
                                 by_theme: bool = False) -> list[Written]:
    """Write the feedback questionnaire(s) in ``fmt``: one, or one per theme; each with its estimated duration."""
    demarche, register, _ = load_checked(Path(folder))
    written = []
    for part in parts(register, proposals, by_theme):
        target = (out_dir if out_dir is not None else Path(folder) / "out") / file_name(fmt, part.suffix)
        structure = _limesurvey(demarche, register, part)
        minutes = check_source(read_limesurvey_text(structure, target.name)).minutes
        if fmt is Format.DOCX:
            doc = _docx(AccessibleDocument(open_template(template)), demarche, register, part, minutes, when or dt.date.today())
            path = save_with(target, doc.save)
        elif fmt is Format.XLSX:
            path = save_with(target, _workbook(demarche, part).save)
        else:
            path = write_text(target, structure)
        written.append(Written(path, part.ids, minutes))
    return written


def _answer_text(p: Proposal) -> str:
    parts = [t("voice.feedback.q.status", status=LABELS[p.status] if p.status else "–")]
    if p.motivation:
        parts.append(t("voice.feedback.q.motivation", motivation=p.motivation))
    if p.measures:
        parts.append(t("voice.feedback.q.measures", measures=p.measures))
    return frformat.typo(" ".join(parts))


def covers(part: Part) -> str:
    """« Ce questionnaire porte sur … » : the proposals (and theme) a questionnaire covers."""
    ids = ", ".join(part.ids)
    return t("voice.feedback.q.covers_theme", theme=part.theme, ids=ids) if part.theme else t("voice.feedback.q.covers", ids=ids)


def minutes_text(minutes: float) -> str:
    return frformat.number(max(1, round(minutes)))


def _docx(doc: AccessibleDocument, demarche: Demarche, register: Register, part: Part, minutes: float, when: dt.date) -> AccessibleDocument:
    title = t("voice.feedback.q.title")
    doc.properties(title=f"{title} : {demarche.title}", author=demarche.sponsor, subject=title, keywords=t("voice.feedback.q.keywords"),
                   when=dt.datetime.combine(when, dt.time()))
    doc.title(title, demarche.title)
    doc.paragraph(frformat.typo(t("voice.feedback.q.intro", sponsor=demarche.sponsor)))
    doc.paragraph(frformat.typo(f"{covers(part)} {t('voice.feedback.q.duration', minutes=minutes_text(minutes))}"))
    doc.heading(t("voice.feedback.q.h_answers"), 1)
    proposals = {p.id: p for p in answered(register)}
    for c in part.codes:
        p = proposals[c.proposal_id]
        doc.heading(t("response.proposal_heading", id=p.id, title=p.title), 2)
        doc.paragraph(_answer_text(p))
        for kind in KINDS:
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


def _workbook(demarche: Demarche, part: Part) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook has a worksheet"
    sheet.title = t("questionnaire.sheet.answers")
    lists = book.create_sheet(t("questionnaire.sheet.lists"))
    lists.sheet_state = "hidden"
    lists["A1"], lists["A2"], lists["A3"] = t("voice.feedback.q.answers"), t("voice.feedback.q.yes"), t("voice.feedback.q.no")
    for position, heading in enumerate([t("questionnaire.participant_code"), *headings(part.codes)], start=1):
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
    book.properties.subject = covers(part)
    book.properties.creator = demarche.sponsor[:255]
    book.properties.language = "fr-FR"
    return book


def _limesurvey(demarche: Demarche, register: Register, part: Part) -> str:
    """The LimeSurvey structure: one group per theme; per answer an array (claire, motivée × Oui, Non) and a comment."""
    rows: list[dict[str, str]] = []

    def add(cls: str, name: str, text: str = "", type_scale: str = "", **extra: str) -> None:
        rows.append({"class": cls, "type/scale": type_scale, "name": name, "text": _clean(text), **extra})

    common = {"relevance": "1", "language": LANGUAGE, "mandatory": "N", "other": "N", "same_default": "0"}
    for name, value in (("language", LANGUAGE), ("additional_languages", ""), ("format", "G"), ("anonymized", "Y"), ("showprogress", "Y"), ("allowprev", "Y")):
        add("S", name, value)
    add("SL", "surveyls_title", f"{t('voice.feedback.q.title')} : {demarche.title}", language=LANGUAGE)
    add("SL", "surveyls_description", frformat.typo(f"{t('voice.feedback.q.intro', sponsor=demarche.sponsor)} {covers(part)}"), language=LANGUAGE)
    add("SL", "surveyls_endtext", frformat.typo(t("questionnaire.thanks")), language=LANGUAGE)
    proposals = {p.id: p for p in answered(register)}
    theme = None
    for c in part.codes:
        p = proposals[c.proposal_id]
        if p.theme != theme:
            theme = p.theme
            add("G", theme[:100], "", str(sum(1 for row in rows if row["class"] == "G") + 1), language=LANGUAGE)
        heading = t("response.proposal_heading", id=p.id, title=p.title)
        add("Q", array_code(c), f"{heading}. {_answer_text(p)}", "F", **common)
        for kind in KINDS:
            add("SQ", c.code(kind), t(f"voice.feedback.q.{kind}"), "0", relevance="1", language=LANGUAGE)
        for code, label in (("Y", t("voice.feedback.q.yes")), ("N", t("voice.feedback.q.no"))):
            add("A", code, label, "0", language=LANGUAGE)
        add("Q", c.comment, f"{p.id} : {t('voice.feedback.q.comment')}", "T", **common)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(LIMESURVEY_COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in LIMESURVEY_COLUMNS])
    return buffer.getvalue()


def array_code(c: ProposalCodes) -> str:
    """The array question's code: ``REPP01`` (its export columns are ``REPP01[CLAIRP01]``, ``REPP01[MOTIVP01]``)."""
    return f"REP{c.clear.removeprefix('CLAIR')}"[:20]


@dataclass
class FeedbackQuestionnaireResult:
    """The feedback questionnaire(s) written, their estimated duration, and what to do next."""

    folder: Path
    written: list[Written] = field(default_factory=list)
    exit_code: int = 0

    def lines(self) -> list[Line]:
        lines = []
        for w in self.written:
            lines.append(t("voice.feedback.q.wrote", path=w.path, count=frformat.count_noun(len(w.proposal_ids), "voice.feedback.q.n_answers")))
            lines.append(t("voice.feedback.q.estimate", ids=", ".join(w.proposal_ids), minutes=minutes_text(w.minutes)))
            if w.minutes > MAX_QUESTIONNAIRE_MINUTES:
                lines.append(t("voice.feedback.q.too_long", ceiling=MAX_QUESTIONNAIRE_MINUTES))
        lines.append(t("voice.feedback.q.next", folder=str(self.folder)))
        return lines_of(lines)


def questionnaire(folder: Path | str, wave: str, fmt: Format | str = Format.DOCX, *, audience: str = "participants",
                  out_dir: Path | None = None, template: Path | None = None, proposals: Sequence[str] | str | None = None,
                  by_theme: bool = False) -> CommandResult:
    """``suivi questionnaire``: the feedback questionnaire(s) for the wave ``retours``, else a survey wave's (fieldwork).

    ``proposals``: the ids of the answers to ask about, as a list or as typed (« P-01,P-02 »).
    """
    if isinstance(proposals, str):
        proposals = [pid.strip() for pid in proposals.split(",") if pid.strip()]
    if wave != SLUG:
        if proposals or by_theme:
            raise SuiviError(t("voice.feedback.q.split_only_feedback"), code="option_invalide")
        return wave_questionnaire(folder, wave, fmt, audience=audience, out_dir=out_dir, template=template)
    written = write_feedback_questionnaire(Path(folder), Format(fmt), out_dir=out_dir, template=template, proposals=proposals, by_theme=by_theme)
    return FeedbackQuestionnaireResult(Path(folder), written)
