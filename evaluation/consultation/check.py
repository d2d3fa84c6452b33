"""``suivi questionnaire check``: a consultation questionnaire against the CIPC guide's rules.

The guide (« Concevoir un questionnaire de consultation utile à la décision publique ») asks for
closed and open questions in balance, at most 15 minutes to complete, clear everyday language,
and questions serving four purposes: diagnostic, conditions de mise en œuvre, dilemmes, idées
nouvelles. This module reports, per question (located by its code):

* **Time.** Reading time of everything shown (question, help, sub-questions, answer labels) at
  :data:`READING_WORDS_PER_MINUTE`, plus a time to answer by kind of answer
  (:data:`ANSWER_SECONDS`, :data:`PER_ITEM_SECONDS`). These are working assumptions, printed
  with the result, to be tested with a panel as the guide advises.
* **Kind of question** among the four, from wording patterns (:data:`KIND_PATTERNS`); a question
  matching none, or several, is « non classée » with its candidates: never a silent guess.
* **Plain language.** Sentences longer than :data:`MAX_SENTENCE_WORDS` words, words of
  :data:`LONG_WORD_SYLLABLES` syllables or more, the Kandel–Moles score
  (:mod:`indicators.readability`) below :data:`MIN_READABILITY`, and words of the jargon list
  (``jargon.yaml``, with plainer alternatives).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evaluation.command_result import Line, lines_of
from evaluation.consultation.source import CLOSED, OPEN, AnswerType, SourceQuestion, SourceQuestionnaire, read_source
from evaluation.documents import frformat
from indicators.checklist import MAX_QUESTIONNAIRE_MINUTES
from indicators.readability import readability, syllables, words
from surveys.i18n import t
from surveys.problems import ProblemReport
from surveys.problems import Severity as ProblemSeverity

READING_WORDS_PER_MINUTE = 200  # silent reading on screen, conservative for a general public
ANSWER_SECONDS: dict[AnswerType, float] = {
    AnswerType.SINGLE: 4, AnswerType.YES_NO: 3, AnswerType.NUMERIC: 6, AnswerType.DATE: 8,
    AnswerType.SHORT_TEXT: 20, AnswerType.LONG_TEXT: 60, AnswerType.DISPLAY: 0, AnswerType.UPLOAD: 30,
}
# Kinds answered item by item: seconds per sub-question (or per option), at least one item.
PER_ITEM_SECONDS: dict[AnswerType, float] = {
    AnswerType.MULTIPLE: 2, AnswerType.ARRAY: 4, AnswerType.RANKING: 4, AnswerType.MULTI_TEXT: 20,
}
MAX_SENTENCE_WORDS = 20
LONG_WORD_SYLLABLES = 5
MIN_READABILITY = 50.0
JARGON_FILE = Path(__file__).with_name("jargon.yaml")


class Kind(StrEnum):
    DIAGNOSTIC = "diagnostic"
    CONDITIONS = "conditions_mise_en_oeuvre"
    DILEMMA = "dilemme"
    NEW_IDEAS = "idees_nouvelles"
    UNCLASSIFIED = "non_classee"


KIND_PATTERNS: dict[Kind, tuple[str, ...]] = {
    Kind.DIAGNOSTIC: (
        r"\bprincipa(?:l|ux|le|les) (?:problème|difficulté|enjeu|obstacle|frein)", r"\bquel(?:le)?s? (?:est|sont) (?:le|la|les) (?:problème|difficulté|besoin|frein|obstacle)",
        r"\bcomment (?:jugez|évaluez|qualifiez|percevez|trouvez)-vous", r"\bêtes-vous satisfaite?s?\b", r"\bdiriez-vous que\b",
        r"\bconstatez-vous\b", r"\brencontrez-vous\b", r"\bquel(?:le)? est votre (?:opinion|avis|perception|expérience)",
    ),
    Kind.CONDITIONS: (
        r"\bseriez-vous (?:prêt|disposé|d'accord)", r"\baccepteriez-vous\b", r"\bà quelles? conditions?\b", r"\butiliseriez-vous\b",
        r"\bêtes-vous prête?s? à\b", r"\bqu'est-ce qui vous (?:aiderait|inciterait|permettrait|encouragerait)",
    ),
    Kind.DILEMMA: (
        r"\bplutôt\b.*\bou\b", r"\bou bien\b", r"\bpréfér(?:ez|eriez)-vous\b", r"\bquelle priorité\b", r"\bfaut-il privilégier\b",
    ),
    Kind.NEW_IDEAS: (
        r"\bque propos(?:ez|eriez)-vous\b", r"\bquel(?:le)?s? (?:idées?|propositions?|suggestions?|solutions?) (?:proposez|suggérez|auriez|avez)",
        r"\bque suggér(?:ez|eriez)-vous\b", r"\bavez-vous des (?:idées|propositions|suggestions)\b", r"\bcomment pourrait-on\b", r"\bqu'aimeriez-vous\b",
    ),
}


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"
    INFO = "information"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    question: str | None = None  # the question code; None for the questionnaire as a whole

    def render(self) -> str:
        where = t("consultation.where_question", code=self.question) if self.question else t("consultation.where_all")
        return t("consultation.finding_line", severity=t(f"consultation.severity.{self.severity.value}"), where=where, message=self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "gravite": self.severity.value, "question": self.question, "message": self.message}


@dataclass
class QuestionCheck:
    code: str
    answer_type: AnswerType
    kind: Kind
    candidates: tuple[Kind, ...]
    seconds: float
    words: int
    readability: float | None
    longest_sentence: int

    @property
    def openness(self) -> str:
        return "fermee" if self.answer_type in CLOSED else "ouverte" if self.answer_type in OPEN else "autre"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "type_reponse": self.answer_type.value, "nature": self.openness, "type_guide": self.kind.value,
                "types_candidats": [k.value for k in self.candidates], "secondes": round(self.seconds, 1), "mots": self.words,
                "score_lisibilite": None if self.readability is None else round(self.readability, 1), "phrase_la_plus_longue": self.longest_sentence}


@dataclass
class QuestionnaireCheck:
    """The result of the check: figures per question and for the whole, and the findings."""

    source: SourceQuestionnaire
    questions: list[QuestionCheck]
    intro_seconds: float
    readability: float | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.intro_seconds + sum(q.seconds for q in self.questions)

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def too_long(self) -> bool:
        return self.minutes > MAX_QUESTIONNAIRE_MINUTES

    def count(self, openness: str) -> int:
        return sum(1 for q in self.questions if q.openness == openness)

    @property
    def balanced(self) -> bool:
        """The checklist's « questions ouvertes et fermées »: both kinds are asked."""
        return self.count("fermee") > 0 and self.count("ouverte") > 0

    def kinds(self) -> dict[str, int]:
        return {kind.value: sum(1 for q in self.questions if q.kind is kind and q.answer_type is not AnswerType.DISPLAY) for kind in Kind}

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        closed, opened = self.count("fermee"), self.count("ouverte")
        return {
            "fichier": self.source.file, "format": self.source.format, "titre": self.source.title,
            "duree": {"secondes": round(self.seconds), "minutes": round(self.minutes, 1), "plafond_minutes": MAX_QUESTIONNAIRE_MINUTES,
                      "depasse": self.too_long, "hypotheses": assumptions()},
            "equilibre": {"fermees": closed, "ouvertes": opened, "autres": self.count("autre"),
                          "part_ouvertes": round(opened / (closed + opened), 3) if closed + opened else None, "equilibre": self.balanced},
            "types_guide": self.kinds(),
            "lisibilite": {"score": None if self.readability is None else round(self.readability, 1), "formule": "Kandel-Moles (1958)",
                           "seuil": MIN_READABILITY},
            "questions": [q.to_dict() for q in self.questions],
            "constats": [f.to_dict() for f in self.findings],
        }


def assumptions() -> dict[str, Any]:
    """The time model, as printed with the result."""
    return {"lecture_mots_par_minute": READING_WORDS_PER_MINUTE,
            "secondes_par_reponse": {k.value: v for k, v in ANSWER_SECONDS.items()},
            "secondes_par_element": {k.value: v for k, v in PER_ITEM_SECONDS.items()}}


@cache
def jargon() -> dict[str, str]:
    """The jargon list: expression → plainer wording."""
    data = yaml.safe_load(JARGON_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def _normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def classify(text: str) -> tuple[Kind, tuple[Kind, ...]]:
    """The guide's kind of a question from its wording, and the candidate kinds when several match."""
    lower = _normalise(text)
    matched = tuple(kind for kind, patterns in KIND_PATTERNS.items() if any(re.search(p, lower) for p in patterns))
    if len(matched) == 1:
        return matched[0], matched
    return Kind.UNCLASSIFIED, matched


def question_seconds(question: SourceQuestion) -> float:
    """Reading plus answering time of one question, by the documented model."""
    shown = " ".join([question.text, question.help, *question.subquestions, *question.answers])
    reading = len(words(shown)) / READING_WORDS_PER_MINUTE * 60
    if question.answer_type in PER_ITEM_SECONDS:
        items = len(question.subquestions) or len(question.answers) or 1
        return reading + PER_ITEM_SECONDS[question.answer_type] * items
    return reading + ANSWER_SECONDS[question.answer_type]


def check_questionnaire(path: Path) -> QuestionnaireCheck:
    """Read the questionnaire in ``path`` and check it against the guide."""
    return check_source(read_source(Path(path)))


def check_source(source: SourceQuestionnaire) -> QuestionnaireCheck:
    checks: list[QuestionCheck] = []
    findings: list[Finding] = []
    for question in source.questions:
        asked = question.answer_type is not AnswerType.DISPLAY
        kind, candidates = classify(question.text) if asked else (Kind.UNCLASSIFIED, ())
        wording = f"{question.text} {question.help}".strip()
        score = readability(wording)
        checks.append(QuestionCheck(question.code, question.answer_type, kind, candidates, question_seconds(question), score.words,
                                    score.score, score.longest_sentence))
        findings += _language_findings(question.code, wording, score.score, score.longest_sentence)
        if asked and kind is Kind.UNCLASSIFIED:
            findings.append(_unclassified(question.code, candidates))
    whole = readability(" ".join(f"{q.text} {q.help}" for q in source.questions))
    result = QuestionnaireCheck(source, checks, len(words(source.intro)) / READING_WORDS_PER_MINUTE * 60, whole.score)
    result.findings = _questionnaire_findings(result) + findings
    return result


def _unclassified(code: str, candidates: tuple[Kind, ...]) -> Finding:
    if candidates:
        names = t("consultation.or").join(t(f"consultation.kind.{k.value}") for k in candidates)
        return Finding("type_ambigu", Severity.INFO, t("consultation.kind_ambiguous", kinds=names), code)
    return Finding("type_non_classe", Severity.INFO, t("consultation.kind_none"), code)


def _language_findings(code: str, text: str, score: float | None, longest: int) -> list[Finding]:
    found: list[Finding] = []
    if longest > MAX_SENTENCE_WORDS:
        found.append(Finding("phrase_longue", Severity.WARNING, t("consultation.long_sentence", words=longest, limit=MAX_SENTENCE_WORDS), code))
    long_words = sorted({w for w in words(text) if syllables(w) >= LONG_WORD_SYLLABLES}, key=str.lower)
    if long_words:
        found.append(Finding("mots_longs", Severity.INFO, t("consultation.long_words", words=", ".join(f"« {w} »" for w in long_words),
                                                             syllables=LONG_WORD_SYLLABLES), code))
    if score is not None and score < MIN_READABILITY:
        found.append(Finding("lisibilite_faible", Severity.WARNING, t("consultation.low_readability", score=f"{score:.0f}", limit=f"{MIN_READABILITY:.0f}"), code))
    lower = _normalise(text)
    for expression, plainer in jargon().items():
        if re.search(rf"(?<!\w){re.escape(expression)}(?!\w)", lower):
            found.append(Finding("jargon", Severity.WARNING, t("consultation.jargon", word=expression, plainer=plainer), code))
    return found


def _questionnaire_findings(result: QuestionnaireCheck) -> list[Finding]:
    found: list[Finding] = []
    minutes = frformat.number(result.minutes, 1)
    if result.too_long:
        found.append(Finding("duree_depassee", Severity.ERROR, t("consultation.too_long", minutes=minutes, limit=MAX_QUESTIONNAIRE_MINUTES)))
    if not result.count("ouverte"):
        found.append(Finding("aucune_question_ouverte", Severity.WARNING, t("consultation.no_open")))
    if not result.count("fermee"):
        found.append(Finding("aucune_question_fermee", Severity.WARNING, t("consultation.no_closed")))
    missing = [k for k in Kind if k is not Kind.UNCLASSIFIED and not result.kinds()[k.value]]
    if missing:
        names = ", ".join(t(f"consultation.kind.{k.value}") for k in missing)
        found.append(Finding("type_absent", Severity.INFO, t("consultation.kinds_missing", kinds=names)))
    return found


def consultation_facts(folder: Path, file: str | None, report: ProblemReport | None = None) -> tuple[float | None, bool | None]:
    """The checklist's « durée du questionnaire » (minutes) and « questions ouvertes et fermées »
    from the check of the questionnaire declared in ``demarche.yaml``.

    ``(None, None)`` (unknown) when none is declared or it cannot be read; the reason then goes
    to ``report`` as a warning (``suivi check`` shows it).
    """
    if not file:
        return None, None
    unreadable = ProblemReport()
    result = unreadable.attempt(lambda: check_questionnaire(Path(folder) / file))
    if result is None:
        if report is not None:  # located at the key of demarche.yaml that declares it, as a warning
            report.extend(p.model_copy(update={"file": "demarche.yaml", "severity": ProblemSeverity.WARNING,
                                               "header": "qualite: questionnaire_consultation", "value": file}) for p in unreadable)
        return None, None
    return round(result.minutes, 1), result.balanced


def summary_lines(result: QuestionnaireCheck) -> list[str]:
    """The French report printed by the CLI: figures, assumptions, then every finding."""
    minutes = frformat.number(result.minutes, 1)
    closed, opened = result.count("fermee"), result.count("ouverte")
    lines = [t("consultation.header", file=result.source.file, count=len([q for q in result.questions if q.answer_type is not AnswerType.DISPLAY])),
             t("consultation.duration", minutes=minutes, limit=MAX_QUESTIONNAIRE_MINUTES,
               verdict=t("consultation.over" if result.too_long else "consultation.under")),
             t("consultation.assumptions", wpm=READING_WORDS_PER_MINUTE,
               answers=", ".join(f"{t(f'consultation.type.{k.value}')} {_s(v)}" for k, v in ANSWER_SECONDS.items() if v),
               items=", ".join(f"{t(f'consultation.type.{k.value}')} {_s(v)}" for k, v in PER_ITEM_SECONDS.items())),
             t("consultation.balance", closed=closed, open=opened, other=result.count("autre")),
             t("consultation.kinds", counts=", ".join(f"{t(f'consultation.kind.{k}')} {n}" for k, n in result.kinds().items())),
             t("consultation.readability", score="—" if result.readability is None else f"{result.readability:.0f}", limit=f"{MIN_READABILITY:.0f}")]
    lines += [t("consultation.question_line", code=q.code, kind=t(f"consultation.kind.{q.kind.value}"), type=t(f"consultation.type.{q.answer_type.value}"),
                seconds=f"{q.seconds:.0f}") for q in result.questions]
    lines += [f.render() for f in result.findings] or [t("consultation.no_finding")]
    return lines


def _s(seconds: float) -> str:
    return t("consultation.seconds", n=frformat.number(seconds, 0 if float(seconds).is_integer() else 1))


@dataclass
class ConsultationCheckResult:
    """``suivi questionnaire check``: the check, printed as a French report or as JSON."""

    check: QuestionnaireCheck
    as_json: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.check.has_errors else 0

    def lines(self) -> list[Line]:
        if self.as_json:
            return lines_of([json.dumps(self.check.to_dict(), ensure_ascii=False, indent=2)])
        return lines_of(summary_lines(self.check))


def check_consultation(path: Path | str, *, output_format: str = "texte") -> ConsultationCheckResult:
    """Check the questionnaire ``path`` (LimeSurvey .txt or .lss, or suivi's xlsx)."""
    return ConsultationCheckResult(check_questionnaire(Path(path)), as_json=output_format == "json")
