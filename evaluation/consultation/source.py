"""Reading a consultation questionnaire: LimeSurvey structure (.txt tab-separated, .lss XML) or the project's workbook.

Each format becomes a list of :class:`SourceQuestion`: the question code, its text and help
(HTML removed), its sub-questions and answer labels, and its kind of answer (:class:`AnswerType`),
mapped from the LimeSurvey question type letter. Only the first language of a multilingual
survey is read. XML is parsed with defusedxml (no entity expansion, no external resources).
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from surveys.guards import check_regular_file, check_workbook, read_regular_file
from surveys.i18n import t
from surveys.problems import SuiviError, display_name


class AnswerType(StrEnum):
    SINGLE = "choix_unique"
    YES_NO = "oui_non"
    MULTIPLE = "choix_multiple"
    ARRAY = "tableau"
    RANKING = "classement"
    NUMERIC = "numerique"
    DATE = "date"
    SHORT_TEXT = "texte_court"
    LONG_TEXT = "texte_long"
    MULTI_TEXT = "textes_multiples"
    DISPLAY = "texte_affiche"
    UPLOAD = "fichier"


CLOSED = frozenset({AnswerType.SINGLE, AnswerType.YES_NO, AnswerType.MULTIPLE, AnswerType.ARRAY, AnswerType.RANKING})
OPEN = frozenset({AnswerType.SHORT_TEXT, AnswerType.LONG_TEXT, AnswerType.MULTI_TEXT})

# LimeSurvey question types (manual, « Question types »): letter → kind of answer.
LIMESURVEY_TYPES: dict[str, AnswerType] = {
    **dict.fromkeys("L!5GIO", AnswerType.SINGLE), "Y": AnswerType.YES_NO,
    **dict.fromkeys("MP", AnswerType.MULTIPLE), **dict.fromkeys("FABCEH1:", AnswerType.ARRAY),
    "R": AnswerType.RANKING, **dict.fromkeys("NK", AnswerType.NUMERIC), "D": AnswerType.DATE,
    "S": AnswerType.SHORT_TEXT, **dict.fromkeys("TU", AnswerType.LONG_TEXT), **dict.fromkeys("Q;", AnswerType.MULTI_TEXT),
    **dict.fromkeys("X*", AnswerType.DISPLAY), "|": AnswerType.UPLOAD,
}


@dataclass
class SourceQuestion:
    code: str
    text: str
    answer_type: AnswerType
    help: str = ""
    subquestions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    type_letter: str = ""


@dataclass
class SourceQuestionnaire:
    file: str
    format: str  # "limesurvey-txt", "limesurvey-lss", "xlsx"
    title: str
    intro: str
    questions: list[SourceQuestion]


def plain(text: object) -> str:
    """Text without HTML tags or entities, whitespace collapsed."""
    value = re.sub(r"<[^>]*>", " ", str(text or ""))
    return " ".join(html.unescape(value).split())


def answer_type(letter: str, file: str, code: str) -> AnswerType:
    try:
        return LIMESURVEY_TYPES[letter]
    except KeyError:
        raise SuiviError(t("consultation.unknown_type", file=file, code=code, type=letter), code="type_question_inconnu", file=file) from None


def read_source(path: Path) -> SourceQuestionnaire:
    """The questionnaire in ``path``, by its extension (.txt, .lss, .xlsx)."""
    name = display_name(path)
    if not path.exists():
        raise SuiviError(t("consultation.missing_file", file=name), code="fichier_absent", file=name)
    suffix = path.suffix.lower()
    path = path.resolve()  # named on the command line, outside any démarche: a link is the user's own choice
    if suffix == ".lss":
        questionnaire = _read_lss(read_regular_file(path, name), name)
    elif suffix in (".txt", ".tsv"):
        questionnaire = _read_tsv(_decode(read_regular_file(path, name)), name)
    elif suffix == ".xlsx":
        check_regular_file(path, name)  # the survey readers' guards, before openpyxl unpacks anything
        check_workbook(path, name, "xlsx")
        questionnaire = _read_workbook(path, name)
    else:
        raise SuiviError(t("consultation.bad_extension", file=name, extension=path.suffix or "—"), code="format_inconnu", file=name)
    if not questionnaire.questions:
        raise SuiviError(t("consultation.no_question", file=name), code="questionnaire_vide", file=name)
    return questionnaire


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- LimeSurvey tab-separated structure -----------------------------------------------------------


def read_limesurvey_text(text: str, name: str) -> SourceQuestionnaire:
    """A LimeSurvey tab-separated structure held in memory (``name`` locates its problems)."""
    return _read_tsv(text, name)


def _read_tsv(text: str, name: str) -> SourceQuestionnaire:
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    if not rows or "class" not in rows[0] or "name" not in rows[0]:
        raise SuiviError(t("consultation.not_limesurvey_txt", file=name), code="structure_illisible", file=name)
    languages = [r.get("language") or "" for r in rows if r.get("class") in ("Q", "G") and r.get("language")]
    language = languages[0] if languages else ""
    title = intro = ""
    questions: list[SourceQuestion] = []
    current: SourceQuestion | None = None
    for row in rows:
        cls, row_language = (row.get("class") or "").strip(), row.get("language") or ""
        if language and row_language and row_language != language:
            continue
        text = plain(row.get("text"))
        if cls == "SL" and row.get("name") == "surveyls_title":
            title = text
        elif cls == "SL" and row.get("name") in ("surveyls_description", "surveyls_welcometext"):
            intro = f"{intro} {text}".strip()
        elif cls == "Q":
            code = (row.get("name") or "").strip()
            current = SourceQuestion(code, text, answer_type((row.get("type/scale") or "").strip(), name, code), plain(row.get("help")),
                                     type_letter=(row.get("type/scale") or "").strip())
            questions.append(current)
        elif cls == "SQ" and current is not None:
            current.subquestions.append(text)
        elif cls == "A" and current is not None:
            current.answers.append(text)
    return SourceQuestionnaire(name, "limesurvey-txt", title, intro, questions)


# --- LimeSurvey .lss (XML) -------------------------------------------------------------------------


def _table(root: Any, section: str) -> list[dict[str, str]]:
    """Rows of one section of an .lss document, as dicts of plain strings."""
    element = root.find(section)
    if element is None:
        return []
    return [{child.tag: child.text or "" for child in row} for row in element.iterfind("rows/row")]


def _first_language(rows: Iterable[dict[str, str]], language: str) -> list[dict[str, str]]:
    return [r for r in rows if not language or not r.get("language") or r.get("language") == language]


def _read_lss(data: bytes, name: str) -> SourceQuestionnaire:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SuiviError(t("consultation.bad_xml", file=name, detail=str(exc)), code="xml_illisible", file=name) from exc
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise SuiviError(t("consultation.not_lss", file=name), code="structure_illisible", file=name)
    language = (root.findtext("languages/language") or "").strip()
    texts = {r.get("qid", ""): r for r in _first_language(_table(root, "question_l10ns"), language)}
    answer_texts = {r.get("aid", ""): r.get("answer", "") for r in _first_language(_table(root, "answer_l10ns"), language)}
    rows = _first_language(_table(root, "questions") + _table(root, "subquestions"), language)
    questions: dict[str, SourceQuestion] = {}
    children: list[dict[str, str]] = []
    for row in sorted(rows, key=lambda r: (int(r.get("gid") or 0), int(r.get("question_order") or 0))):
        if (row.get("parent_qid") or "0") != "0":
            children.append(row)
            continue
        qid = row.get("qid", "")
        text = texts.get(qid, row)
        code = row.get("title", "")
        questions.setdefault(qid, SourceQuestion(code, plain(text.get("question")), answer_type(row.get("type", ""), name, code),
                                                 plain(text.get("help")), type_letter=row.get("type", "")))
    for row in children:
        parent = questions.get(row.get("parent_qid", ""))
        if parent is not None:
            parent.subquestions.append(plain(texts.get(row.get("qid", ""), row).get("question")))
    for row in _first_language(_table(root, "answers"), language):
        parent = questions.get(row.get("qid", ""))
        if parent is not None:
            parent.answers.append(plain(row.get("answer") or answer_texts.get(row.get("aid", ""), "")))
    settings = _first_language(_table(root, "surveys_languagesettings"), language)
    first = settings[0] if settings else {}
    intro = " ".join(x for x in (plain(first.get("surveyls_description")), plain(first.get("surveyls_welcometext"))) if x)
    return SourceQuestionnaire(name, "limesurvey-lss", plain(first.get("surveyls_title")), intro, list(questions.values()))


# --- The project's workbook (suivi questionnaire --format xlsx) --------------------------------------------


def _read_workbook(path: Path, name: str) -> SourceQuestionnaire:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SuiviError(t("consultation.bad_workbook", file=name, detail=str(exc)), code="classeur_illisible", file=name) from exc
    sheet_name, answers_name = t("questionnaire.sheet.instructions"), t("questionnaire.sheet.answers")
    if sheet_name not in book.sheetnames:
        raise SuiviError(t("consultation.no_instructions", file=name, sheet=sheet_name), code="feuille_absente", file=name)
    headings = [str(c or "") for c in next(book[answers_name].iter_rows(max_row=1, values_only=True), ())] if answers_name in book.sheetnames else []
    rows = list(book[sheet_name].iter_rows(values_only=True))
    start = next((i for i, r in enumerate(rows) if r and r[0] == t("questionnaire.xlsx.code")), None)
    if start is None:
        raise SuiviError(t("consultation.no_instructions", file=name, sheet=sheet_name), code="feuille_absente", file=name)
    questions = []
    for row in rows[start + 1:]:
        code, text, answers = [*row, None, None, None][:3]
        if not code:
            continue
        labels = [a.strip() for a in str(answers or "").split(" / ") if a.strip()]
        multiple = any(h.startswith(f"{text} [") for h in headings)
        kind = AnswerType.MULTIPLE if multiple else AnswerType.SINGLE if labels else AnswerType.SHORT_TEXT
        questions.append(SourceQuestion(str(code), plain(text), kind, answers=labels))
    book.close()
    return SourceQuestionnaire(name, "xlsx", str(book.properties.title or ""), "", questions)
