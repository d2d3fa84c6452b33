"""``suivi questionnaire``: a wave's questionnaire on paper (Word), for typing answers (Excel), or for LimeSurvey.

The questions are the items of the démarche (the item bank, refined by its ``codebook.yaml``)
asked in that wave to the chosen audience, grouped by dimension, the panel profile last. Each
item is identified by its question code (its first alias, e.g. ``PERT01``), the code the survey
importer maps back to the item without a codebook:

* the Word questionnaire shows the code beside each question, for the person typing answers in;
* the workbook has one column per item headed « PERT01. wording », with drop-down answers;
* the LimeSurvey file is a tab-separated survey structure (classes S, SL, G, Q, SQ, A) whose
  questions and sub-questions carry those codes, so that an export with code headings
  (``GRILLE1[PERT01]``) or full-text headings is recognised. Answer codes are the scale values
  (« 1 » to « 4 », « 0 » to « 10 »), « NSP » for « Ne sait pas ».

An item that has no code usable by LimeSurvey (letters and digits, 20 at most) or a multiple-choice
item without answer codes still gets a generated code; the result lists them with the
``codebook.yaml`` lines that make the importer recognise it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from docx.document import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.command_result import Line, lines_of, note
from evaluation.demarche.model import Demarche, load_demarche
from evaluation.documents import frformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import check_output_folder, safe_cell, save_with, write_text
from evaluation.fieldwork.survey_data import survey_codebook
from indicators.vocabulary import LABELS, Dimension
from surveys.exports.codebook import PROFILE_DIMENSION, Codebook
from surveys.exports.items import ItemSpec, MissingReason, Wave
from surveys.exports.labels import ScaleDecoder
from surveys.i18n import t
from surveys.problems import ProblemReport, SuiviError

OUT_FOLDER = "out"
DIMENSION_ORDER = (Dimension.PERTINENCE, Dimension.ORGANISATION, Dimension.IMPACT_INTERNE, Dimension.REPRESENTATIONS)
AUDIENCES = ("participants", "administration")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,19}$")  # LimeSurvey question codes
ANSWER_CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{1,5}$")  # LimeSurvey answer codes
PARTICIPANT_CODE = "participant"  # a heading the importer reads as the participant code
DONT_KNOW_CODE = "NSP"
BOX = "\u2610"  # ☐
VALIDATED_ROWS = 500
LIMESURVEY_COLUMNS = ("id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
                      "validation", "mandatory", "other", "default", "same_default")
LANGUAGE = "fr"


class Format(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    LIMESURVEY = "limesurvey"


WAVE_SLUGS = {Wave.PRE: "avant", Wave.POST: "apres", Wave.FOLLOW_UP: "suivi"}


def file_name(wave: Wave, fmt: Format, audience: str = "participants") -> str:
    suffix = "" if audience == "participants" else "-agents"
    extension = {Format.DOCX: ".docx", Format.XLSX: ".xlsx", Format.LIMESURVEY: "-limesurvey.txt"}[fmt]
    return f"questionnaire-{WAVE_SLUGS[wave]}{suffix}{extension}"


# --- The questions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One item as asked: its code, its answers (code, label) and whether several may be ticked."""

    item: ItemSpec
    code: str
    answers: tuple[tuple[str, str], ...]
    multiple: bool = False
    generated_code: bool = False  # the item had no alias usable as a question code


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


@dataclass
class Questionnaire:
    """The questions of one wave, by section, and what must be added to the codebook to read answers back."""

    demarche: Demarche
    wave: Wave
    audience: str
    sections: list[Section]
    participant_heading: str
    notes: list[str] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]


def build_questionnaire(demarche: Demarche, codebook: Codebook, wave: Wave, audience: str = "participants") -> Questionnaire:
    """The questions of ``wave`` for ``audience``, grouped by dimension, the panel profile last."""
    items = [i for i in codebook.items if wave in i.waves and i.audience == audience]
    if audience != "participants":
        items = [i for i in items if i.dimension != PROFILE_DIMENSION]
    if not items:
        raise SuiviError(t("questionnaire.no_items", wave=t(f"report.wave.{wave.value}").lower(), audience=t(f"questionnaire.audience.{audience}")),
                         code="questionnaire_vide")
    taken: set[str] = {a.lower() for i in codebook.items for a in i.aliases}
    notes: list[str] = []
    groups: dict[str, list[Question]] = {}
    for item in items:
        question = _question(item, codebook, taken, notes)
        groups.setdefault(_section_key(item), []).append(question)
    order = [d.value for d in DIMENSION_ORDER] + ["", PROFILE_DIMENSION]
    sections = [Section(_section_title(key), tuple(groups[key])) for key in order if key in groups]
    sections += [Section(_section_title(key), tuple(qs)) for key, qs in groups.items() if key not in order]
    heading = codebook.respondent_key or t("questionnaire.participant_code")
    return Questionnaire(demarche, wave, audience, sections, heading, notes)


def _section_key(item: ItemSpec) -> str:
    return item.dimension or ""


def _section_title(key: str) -> str:
    if key == PROFILE_DIMENSION:
        return t("questionnaire.section.profile")
    if key in LABELS:
        return LABELS[key]
    return t("questionnaire.section.other")


def _question(item: ItemSpec, codebook: Codebook, taken: set[str], notes: list[str]) -> Question:
    code = next((a for a in item.aliases if CODE_PATTERN.match(a)), None)
    generated = code is None
    if code is None:
        code = _generated_code(item.id, taken)
        notes.append(t("questionnaire.note.code", item=item.id, code=code))
    multiple = item.id in codebook.multiple
    if multiple:
        answers = _option_codes(item, codebook.codes.get(item.id, {}), notes)
    else:
        answers = _answer_codes(item)
        dont_know = next((label for label, reason in item.scale.nonanswers.items() if reason == MissingReason.DONT_KNOW), None)
        if dont_know and item.dimension != PROFILE_DIMENSION:
            answers += ((DONT_KNOW_CODE, dont_know),)
    return Question(item, code, answers, multiple, generated)


def _answer_codes(item: ItemSpec) -> tuple[tuple[str, str], ...]:
    """(code, label) of each answer: a code the importer reads back as that very label.

    The scale value (« 1 »…« 4 », « 0 »…« 10 ») when it decodes to the label; for banded scales
    (« 18-24 ans ») a number of the band itself (« 18 »), since a bare number there is read as an age.
    """
    decoder = ScaleDecoder(item.scale)
    answers = []
    for position, (label, value) in enumerate(item.scale.labels.items(), start=1):
        numbers = [n.replace(" ", "").replace("\u202f", "").replace("\u00a0", "") for n in re.findall(r"\d[\d \u202f\u00a0]*\d|\d", label)]
        candidates = [_value_code(value), *numbers, f"A{position}"]
        usable = [c for c in candidates if ANSWER_CODE_PATTERN.match(c)]
        code = next((c for c in usable if (found := decoder.decode(c)) is not None and found.label == label), usable[0] if usable else f"A{position}")
        answers.append((code, label))
    return tuple(answers)


def _value_code(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", "")


def _generated_code(item_id: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", item_id.title())[:18] or "Q"
    if not base[0].isalpha():
        base = "Q" + base[:17]
    code, number = base, 2
    while code.lower() in taken:
        code, number = f"{base[:17]}{number}", number + 1
    taken.add(code.lower())
    return code


def _option_codes(item: ItemSpec, codes: dict[str, str], notes: list[str]) -> tuple[tuple[str, str], ...]:
    """Sub-question codes of a multiple-choice item: the codebook's answer codes, else SQ001…"""
    by_label = {label: code for code, label in codes.items() if CODE_PATTERN.match(code) or ANSWER_CODE_PATTERN.match(code)}
    options = []
    for position, label in enumerate(item.scale.labels, start=1):
        options.append((by_label.get(label) or f"SQ{position:03d}", label))
    missing = [(code, label) for code, label in options if label not in by_label]
    if missing:
        mapping = ", ".join(f"{code}: {label}" for code, label in missing)
        notes.append(t("questionnaire.note.options", item=item.id, codes=mapping))
    return tuple(options)


def load_questionnaire(folder: Path, wave: Wave, audience: str = "participants") -> Questionnaire:
    """The démarche in ``folder`` and its items (item bank + codebook), as a questionnaire for ``wave``."""
    report = ProblemReport()
    demarche = report.required(load_demarche(Path(folder), report))
    codebook = survey_codebook(demarche, report)
    if report.has_errors:
        lines = "\n".join(p.render() for p in report.errors)
        raise SuiviError(t("questionnaire.codebook_errors", problems=lines), code="codebook_invalide")
    return build_questionnaire(demarche, codebook, wave, audience)


def write_questionnaire(folder: Path, wave: Wave, fmt: Format, *, audience: str = "participants", out_dir: Path | None = None,
                        template: Path | None = None, when: dt.date | None = None) -> tuple[Path, Questionnaire]:
    """Write the questionnaire of ``wave`` in ``fmt`` into ``out_dir`` (default ``folder/out``)."""
    document = open_template(template) if fmt is Format.DOCX else None
    questionnaire = load_questionnaire(Path(folder), wave, audience)
    target = (out_dir if out_dir is not None else Path(folder) / OUT_FOLDER) / file_name(wave, fmt, audience)
    check_output_folder(target.parent)
    if fmt is Format.DOCX:
        assert document is not None
        path = save_with(target, _DocxWriter(questionnaire, document, when or dt.date.today()).write().save)
    elif fmt is Format.XLSX:
        path = save_with(target, workbook(questionnaire).save)
    else:
        path = write_text(target, limesurvey_tsv(questionnaire))
    return path, questionnaire


@dataclass
class QuestionnaireResult:
    """The questionnaire written, where, and what to do next."""

    folder: Path
    path: Path
    questionnaire: Questionnaire
    format: Format
    exit_code: int = 0

    def lines(self) -> list[Line]:
        count = frformat.count_noun(len(self.questionnaire.questions), "questionnaire.n_questions")
        lines = lines_of([t("questionnaire.wrote", path=self.path, count=count)])
        if self.format is Format.LIMESURVEY:
            lines += [note(t("questionnaire.note_line", note=text)) for text in self.questionnaire.notes]
        lines += lines_of([t(f"questionnaire.next.{self.format.value}", folder=self.folder, wave=WAVE_SLUGS[self.questionnaire.wave])])
        return lines


def questionnaire(folder: Path | str, wave: Wave | str, fmt: Format | str = Format.DOCX, *, audience: str = "participants",
                  out_dir: Path | None = None, template: Path | None = None) -> QuestionnaireResult:
    """``suivi questionnaire``: write the questionnaire of ``wave`` in ``fmt`` (see :func:`write_questionnaire`)."""
    fmt = Format(fmt)
    path, written = write_questionnaire(Path(folder), Wave(wave), fmt, audience=audience, out_dir=out_dir, template=template)
    return QuestionnaireResult(Path(folder), path, written, fmt)


# --- Word, for paper -------------------------------------------------------------------------------------


class _DocxWriter:
    def __init__(self, questionnaire: Questionnaire, document: Document, when: dt.date) -> None:
        self.q = questionnaire
        self.doc = AccessibleDocument(document)
        self.when = when

    def write(self) -> AccessibleDocument:
        q, d = self.q, self.q.demarche
        wave = t(f"report.wave.{q.wave.value}").lower()
        title = t("questionnaire.title", wave=wave)
        self.doc.properties(title=f"{title} : {d.title}", author=d.sponsor, subject=t("questionnaire.subject", title=d.title),
                            keywords=t("questionnaire.keywords"), when=dt.datetime.combine(self.when, dt.time()))
        self.doc.title(title, d.title)
        self.doc.paragraph(frformat.typo(t("questionnaire.intro", sponsor=d.sponsor)))
        if d.quality.questionnaire_minutes:
            self.doc.paragraph(frformat.typo(t("questionnaire.duration", minutes=frformat.number(d.quality.questionnaire_minutes))))
        self.doc.paragraph(frformat.typo(t("questionnaire.how")))
        self.doc.labelled(q.participant_heading.rstrip(" :"), "_" * 24)
        number = 0
        for section in q.sections:
            self.doc.heading(section.title, 1)
            for question in section.questions:
                number += 1
                self._question(number, question)
        self.doc.heading(t("questionnaire.thanks_heading"), 1)
        self.doc.paragraph(frformat.typo(t("questionnaire.thanks")))
        return self.doc

    def _question(self, number: int, question: Question) -> None:
        paragraph = self.doc.paragraph()
        paragraph.add_run(f"{number}. ").bold = True
        paragraph.add_run(question.item.wording).bold = True
        paragraph.add_run(f" [{question.code}]")
        paragraph.paragraph_format.keep_with_next = True
        hint = ""
        if question.multiple:
            hint = t("questionnaire.several")
        elif question.item.scale.numeric:
            hint = t("questionnaire.numeric_hint", low=frformat.number(question.item.scale.minimum), high=frformat.number(question.item.scale.maximum))
        if hint:
            self.doc.paragraph(hint).paragraph_format.keep_with_next = True
        # Each answer wraps as a whole: no-break spaces inside it, a breakable space between answers.
        boxes = "\u2003 ".join(f"{BOX}\u00a0" + label.replace(" ", "\u00a0") for _, label in question.answers)
        self.doc.paragraph(boxes)


# --- Excel, for typing paper answers in ----------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_WRAP = Alignment(wrap_text=True, vertical="top")


def column_headings(questionnaire: Questionnaire) -> list[tuple[str, Question | None, str | None]]:
    """(heading, question, option) of each column: the participant code, then one column per item
    (« CODE. wording ») or per option of a multiple-choice item (« wording [option] »)."""
    columns: list[tuple[str, Question | None, str | None]] = [(questionnaire.participant_heading, None, None)]
    for question in questionnaire.questions:
        if question.multiple:
            columns += [(f"{question.item.wording} [{label}]", question, label) for _, label in question.answers]
        else:
            columns.append((f"{question.code}. {question.item.wording}", question, None))
    return columns


def workbook(questionnaire: Questionnaire) -> Workbook:
    """The data-entry workbook: one row per respondent, drop-down answers, frozen header, instructions."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = t("questionnaire.sheet.answers")
    lists = book.create_sheet(t("questionnaire.sheet.lists"))
    lists.sheet_state = "hidden"
    columns = column_headings(questionnaire)
    for position, (heading, question, option) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position, value=safe_cell(heading))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 18 if question is None else 24
        if question is None:
            continue
        values = [t("questionnaire.ticked")] if option is not None else [label for _, label in question.answers]
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=position, value=safe_cell(value))
        lists.cell(row=1, column=position, value=safe_cell(heading[:250]))
        validation = DataValidation(type="list", formula1=f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}", allow_blank=True,
                                    showErrorMessage=True, showInputMessage=True, errorStyle="stop")
        validation.errorTitle = t("questionnaire.validation_title")
        validation.error = t("questionnaire.validation_error")
        validation.promptTitle = question.code[:32]
        validation.prompt = question.item.wording[:250]
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 110
    sheet.freeze_panes = "B2"
    _instructions(book.create_sheet(t("questionnaire.sheet.instructions"), 1), questionnaire)
    properties = book.properties
    properties.title = t("questionnaire.title", wave=t(f"report.wave.{questionnaire.wave.value}").lower())[:255]
    properties.creator = questionnaire.demarche.sponsor[:255]
    properties.language = "fr-FR"
    return book


def _instructions(sheet: Worksheet, questionnaire: Questionnaire) -> None:
    lines = [(t("questionnaire.xlsx.title"), "", ""), ("", "", "")]
    lines += [("", t(f"questionnaire.xlsx.how.{i}", answers=t("questionnaire.sheet.answers")), "") for i in range(1, 5)]
    lines += [("", "", ""), (t("questionnaire.xlsx.code"), t("questionnaire.xlsx.question"), t("questionnaire.xlsx.answers"))]
    for question in questionnaire.questions:
        lines.append((question.code, question.item.wording, " / ".join(label for _, label in question.answers)))
    for row, values in enumerate(lines, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=safe_cell(value) if value else None)
            cell.alignment = _WRAP
            if row in (1, 7):
                cell.font = Font(bold=True)
    for letter, width in (("A", 12), ("B", 80), ("C", 60)):
        sheet.column_dimensions[letter].width = width


# --- LimeSurvey tab-separated survey structure -------------------------------------------------------------


def _clean(text: str) -> str:
    """A TSV field: no tab, no line break (LimeSurvey reads one row per line)."""
    return " ".join(str(text).replace("\t", " ").split())


def limesurvey_rows(questionnaire: Questionnaire) -> list[dict[str, str]]:
    """The rows of the structure file: survey settings, texts, then groups with their questions."""
    d = questionnaire.demarche
    wave = t(f"report.wave.{questionnaire.wave.value}").lower()
    rows: list[dict[str, str]] = []

    def add(cls: str, name: str, text: str = "", type_scale: str = "", **extra: str) -> None:
        row = {"class": cls, "type/scale": type_scale, "name": name, "text": _clean(text)}
        row.update(extra)
        rows.append(row)

    for name, value in (("language", LANGUAGE), ("additional_languages", ""), ("format", "G"), ("anonymized", "N"),
                        ("datestamp", "Y"), ("showprogress", "Y"), ("allowprev", "Y"), ("shownoanswer", "Y")):
        add("S", name, value)
    texts = (("surveyls_title", f"{t('questionnaire.title', wave=wave)} : {d.title}"),
             ("surveyls_description", t("questionnaire.intro", sponsor=d.sponsor)),
             ("surveyls_welcometext", t("questionnaire.welcome")),
             ("surveyls_endtext", t("questionnaire.thanks")))
    for name, text in texts:
        add("SL", name, frformat.typo(text), language=LANGUAGE)
    add("G", t("questionnaire.section.identification"), t("questionnaire.participant_help"), "1", language=LANGUAGE)
    add("Q", PARTICIPANT_CODE, questionnaire.participant_heading.rstrip(" :"), "S", relevance="1", language=LANGUAGE, mandatory="N",
        other="N", same_default="0", help=t("questionnaire.participant_help"))
    grid = 0
    for number, section in enumerate(questionnaire.sections, start=2):
        add("G", section.title, "", str(number), language=LANGUAGE)
        for block in _blocks(section.questions):
            if len(block) > 1:
                grid += 1
                _array(add, f"GRILLE{grid}", block)
            else:
                _single(add, block[0])
    return rows


def _blocks(questions: Sequence[Question]) -> list[list[Question]]:
    """Consecutive single-choice questions on the same scale become one array (grid) question."""
    blocks: list[list[Question]] = []
    for question in questions:
        previous = blocks[-1] if blocks else None
        if (previous and not question.multiple and not previous[0].multiple and question.item.dimension != PROFILE_DIMENSION
                and previous[0].item.scale.id == question.item.scale.id and previous[0].answers == question.answers):
            previous.append(question)
        else:
            blocks.append([question])
    return blocks


class _Add(Protocol):
    """The row adder of :func:`limesurvey_rows`."""

    def __call__(self, cls: str, name: str, text: str = "", type_scale: str = "", **extra: str) -> None: ...


def _common(relevance: str = "1") -> dict[str, str]:
    return {"relevance": relevance, "language": LANGUAGE, "mandatory": "N", "other": "N", "same_default": "0"}


def _array(add: _Add, code: str, block: Sequence[Question]) -> None:
    scale_text = t("questionnaire.array_text")
    add("Q", code, scale_text, "F", **_common())
    for question in block:
        add("SQ", question.code, question.item.wording, "0", relevance="1", language=LANGUAGE)
    for answer_code, label in block[0].answers:
        add("A", answer_code, label, "0", language=LANGUAGE)


def _single(add: _Add, question: Question) -> None:
    if question.multiple:
        add("Q", question.code, question.item.wording, "M", help=t("questionnaire.several"), **_common())
        for answer_code, label in question.answers:
            add("SQ", answer_code, label, "0", relevance="1", language=LANGUAGE)
        return
    help_text = ""
    if question.item.scale.numeric:
        help_text = t("questionnaire.numeric_hint", low=frformat.number(question.item.scale.minimum), high=frformat.number(question.item.scale.maximum))
    add("Q", question.code, question.item.wording, "L", help=help_text, **_common())
    for answer_code, label in question.answers:
        add("A", answer_code, label, "0", language=LANGUAGE)


def limesurvey_tsv(questionnaire: Questionnaire) -> str:
    """The structure file LimeSurvey imports (« Importer une enquête », .txt): UTF-8, tab-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(LIMESURVEY_COLUMNS)
    for row in limesurvey_rows(questionnaire):
        writer.writerow([row.get(column, "") for column in LIMESURVEY_COLUMNS])
    return buffer.getvalue()
