"""Citizens' feedback on each published answer: question codes, reading the exports, figures per proposal.

The feedback questionnaire (``suivi questionnaire DOSSIER --wave retours``) asks, for each
proposal the sponsor answered: « Cette réponse est-elle claire ? » and « Est-elle motivée ? »
(oui / non) and an optional comment. Each question has a code built from the proposal id
(``CLAIRP01``, ``MOTIVP01``, ``COMMP01`` for ``P-01``), written in every format, so that an
export is read back whatever the tool: a heading holding the code (``CLAIRP01``,
``CLAIRP01. P-01 : …``, ``REPP01[CLAIRP01]``, ``G1[CLAIRP01]``), or the question's full text
(« P-01 - Cette réponse est-elle claire ? »). The exports are declared in ``demarche.yaml``::

    fichiers:
      retours:
        - fichier: enquetes/retours-reponses.csv
          format: limesurvey   # optional, as for « enquetes: »
          feuille: Réponses    # optional

Each export goes through the survey importer (:func:`surveys.exports.importer.import_surveys`)
with the yes/no questions as items: tool recognised (or ``format:``), sheet, header row, HTML
entities, two header rows, rows repeating the headings, empty, test and incomplete responses
(LimeSurvey ``submitdate`` empty) excluded, and one response per respondent key (token,
participant code, else the response id) — the key is hashed with a throw-away key and never
kept. Every row is accounted for (read = kept + excluded, by reason: :meth:`FeedbackData.summary_lines`,
printed by ``suivi check``); an answer that is neither yes nor no is reported with its cell.
Each file is one questionnaire (the register may be split by theme): duplicates are looked for
within a file only.

Figures per proposal: n (people who answered the question), share of « oui »
with its Wilson interval, hidden below the disclosure threshold. Comments are published only
through :func:`surveys.redaction.redact` (e-mails, phones, titled names masked), and only for
proposals whose n reaches the threshold.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from evaluation.demarche.model import DEMARCHE_FILE, Demarche
from evaluation.documents.frformat import count_noun
from evaluation.followup.register import Register
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.survey.stats import wilson_interval
from surveys.exports.codebook import Codebook
from surveys.exports.formats import TOOL_NAMES, parse_tool
from surveys.exports.importer import KEPT, Reason, SurveyData, SurveySource, import_surveys
from surveys.exports.items import ItemSpec, Scale, Wave
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, Severity
from surveys.redaction import redact
from surveys.spreadsheet import Table
from surveys.text import label_key

KINDS = ("clear", "motivated", "comment")
PREFIXES = {"clear": "CLAIR", "motivated": "MOTIV", "comment": "COMM"}
YES_NO = Scale(id="oui_non", labels={"Non": 0, "Oui": 1}, top_box=(1,),
               synonyms={"o": "Oui", "y": "Oui", "yes": "Oui", "vrai": "Oui", "true": "Oui", "n": "Non", "no": "Non", "faux": "Non", "false": "Non"})
ANSWER_CODES = {"Y": "Oui", "N": "Non"}  # LimeSurvey's yes/no codes
FEEDBACK_WAVE = Wave.FOLLOW_UP  # the importer's container for one file; never shown (messages are the feedback's own)
MAX_ID_PART = 14  # LimeSurvey question codes: letters and digits, 20 at most
_KEY = secrets.token_bytes(32)  # pseudonyms of this process only: duplicates are found within a file, nothing is kept or written


@dataclass(frozen=True)
class ProposalCodes:
    proposal_id: str
    title: str
    clear: str
    motivated: str
    comment: str

    def code(self, kind: str) -> str:
        return str(getattr(self, kind))


def answered(register: Register) -> list[Any]:
    """The published answers: proposals that have a status, in register order."""
    return [p for p in register.proposals if p.id and p.status is not None]


def question_codes(register: Register) -> list[ProposalCodes]:
    """The three question codes of each answered proposal (unique even when ids sanitise alike)."""
    taken: set[str] = set()
    result = []
    for p in answered(register):
        base = re.sub(r"[^A-Za-z0-9]", "", p.id)[:MAX_ID_PART] or "X"
        part, number = base, 2
        while part.upper() in taken:
            part, number = f"{base[:MAX_ID_PART - 2]}{number}", number + 1
        taken.add(part.upper())
        result.append(ProposalCodes(p.id, p.title, *(f"{PREFIXES[k]}{part}" for k in KINDS)))
    return result


# --- reading the exports ------------------------------------------------------------------------------
# Each export goes through the survey importer (surveys.exports.importer): tool, sheet, header row,
# rows repeating the headings, incomplete and duplicate responses, respondent key (pseudonymised
# with a throw-away key: only duplicates are looked for, nothing is matched across files).


@dataclass(frozen=True)
class FeedbackFile:
    """How the rows of one export were accounted for: read = kept + excluded (by reason)."""

    file: str
    tool: str
    read: int
    kept: int
    excluded: dict[str, int]
    key: str  # which column is the respondent key and why (French)


@dataclass
class FeedbackData:
    """Answers per proposal and question, and how the rows were accounted for."""

    yes: dict[tuple[str, str], int] = field(default_factory=dict)  # (proposal id, kind) → « oui »
    n: dict[tuple[str, str], int] = field(default_factory=dict)  # (proposal id, kind) → answers
    comments: dict[str, list[str]] = field(default_factory=dict)
    imports: list[FeedbackFile] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return [f.file for f in self.imports]

    @property
    def rows(self) -> int:
        return sum(f.read for f in self.imports)

    @property
    def respondents(self) -> int:
        return sum(f.kept for f in self.imports)

    def summary_lines(self) -> list[str]:
        """French lines: per file, rows read, kept and excluded by reason (kept + excluded = read)."""
        lines = []
        for f in self.imports:
            reasons = [count_noun(f.excluded[r], f"survey_cli.reason.{r}") for r in Reason.ALL if f.excluded.get(r)]
            excluded = sum(f.excluded.values())
            excluded_text = (t("survey_cli.excluded_reasons", excluded=count_noun(excluded, "survey_cli.excluded"), reasons=", ".join(reasons))
                             if excluded else "")
            lines.append(t("voice.feedback.import_line", file=f.file, tool=f.tool, rows=count_noun(f.read, "survey_cli.rows"),
                           kept=count_noun(f.kept, "survey_cli.kept"), excluded=excluded_text, key=f.key))
        return lines


def feedback_codebook(codes: list[ProposalCodes]) -> Codebook:
    """The yes/no questions as items (id and alias: the question code); comments stay free text."""
    items = [ItemSpec(id=c.code(kind), wording=f"{c.proposal_id} : {t(f'voice.feedback.q.{kind}')}", scale=YES_NO,
                      aliases=(c.code(kind), *full_text_headings(c, kind)), waves=(FEEDBACK_WAVE,))
             for c in codes for kind in ("clear", "motivated")]
    codebook = Codebook.from_items(items)
    codebook.codes = {item.id: dict(ANSWER_CODES) for item in items}
    codebook.response_id_as_key = True
    return codebook


def full_text_headings(c: ProposalCodes, kind: str) -> tuple[str, ...]:
    """Headings without the code that still name the question: « P-01 - Cette réponse est-elle claire ? »…"""
    question = t(f"voice.feedback.q.{kind}")
    return tuple(f"{c.proposal_id}{separator}{question}" for separator in (" : ", " - ", ". ", " "))


def load_feedback(demarche: Demarche, register: Register, report: ProblemReport) -> FeedbackData | None:
    """The feedback exports declared in ``fichiers: retours:``; ``None`` when none is declared.

    Each file is one questionnaire (the register may be split by theme): duplicates are looked for
    within a file, never across files, since one person may answer several questionnaires.
    """
    if not demarche.files.feedback:
        return None
    codes = question_codes(register)
    data = FeedbackData()
    for position, declared in enumerate(demarche.files.feedback):
        where = f"fichiers.retours {t('yaml.item', position=position + 1)}"
        tool = parse_tool(declared.format) if declared.format else None
        if declared.format and tool is None:
            report.add(Problem(file=DEMARCHE_FILE, header=f"{where}.format", code="format_enquete_inconnu", value=declared.format,
                               message=t("survey.unknown_format", format=declared.format)))
        source = SurveySource(demarche.path(declared.path), FEEDBACK_WAVE, tool, declared.sheet)
        imported, key, keyed = _import(source, codes)
        if not imported.files:
            report.extend(imported.problems)
            continue
        _read(imported, key, keyed, codes, data, report)
    return data


def _import(source: SurveySource, codes: list[ProposalCodes]) -> tuple[SurveyData, str, bool]:
    """The importer's reading of one export, which column is the respondent key (French), and whether there is one.

    Without token or participant code, the response id (LimeSurvey ``id``, Microsoft Forms ``ID``)
    is the key: the same response exported twice is then a duplicate.
    """
    imported = import_surveys([source], feedback_codebook(codes), key=_KEY)
    if not imported.files:
        return imported, "", False
    one = imported.files[0]
    return imported, one.key_reason if one.has_key else t("voice.feedback.key_none"), one.has_key


def _read(imported: SurveyData, key: str, keyed: bool, codes: list[ProposalCodes], data: FeedbackData, report: ProblemReport) -> None:
    one = imported.files[0]
    table = one.table
    assert table is not None, "an imported file has its table"
    comments = _comment_columns(table, codes)
    rows = one.rows
    kept = rows["status"].iloc[: len(table.frame)].to_numpy() == KEPT
    details = dict(zip(rows["row"], rows["detail"]))
    problems = [_feedback_problem(p, details) for p in imported.problems
                if not (p.code == "colonne_non_reconnue" and p.header in comments) and not (keyed and p.code == "enquete_sans_cle")]
    report.extend(_one_contact_warning(problems, table))
    by_code = {c.code(k): (c.proposal_id, k) for c in codes for k in ("clear", "motivated")}
    if not one.decoded and not comments:
        report.add(Problem(file=table.file, sheet=table.sheet, code="retours_sans_question", message=t("voice.feedback.no_question", file=table.file)))
    for decoded in one.decoded:
        target = by_code[decoded.item]
        valid = kept & (decoded.missing_codes == 0) & ~np.isnan(decoded.values)
        if not valid.any():
            continue
        data.n[target] = data.n.get(target, 0) + int(valid.sum())
        data.yes[target] = data.yes.get(target, 0) + int((decoded.values[valid] == 1).sum())
    for column, proposal_id in comments.values():
        texts = [v.strip() for v in table.frame[column].to_numpy(dtype=object)[kept] if isinstance(v, str) and v.strip()]
        if texts:
            data.comments.setdefault(proposal_id, []).extend(texts)
    excluded = rows.loc[rows["status"] != KEPT, "reason"].value_counts()
    excluded = excluded[excluded > 0]  # a categorical column counts its absent values too
    data.imports.append(FeedbackFile(one.file, TOOL_NAMES[one.tool], len(rows), int(kept.sum()), {str(r): int(c) for r, c in excluded.items()}, key))


def _one_contact_warning(problems: list[Problem], table: Table) -> list[Problem]:
    """The comment columns holding e-mail addresses or phone numbers in one warning (the comments are redacted anyway)."""
    contacts = [p for p in problems if p.code == "coordonnees_dans_texte"]
    if len(contacts) < 2:
        return problems
    letters = ", ".join(p.column or "" for p in contacts)
    merged = Problem(file=table.file, sheet=table.sheet, code="coordonnees_dans_texte", severity=Severity.WARNING,
                     message=t("voice.feedback.contacts", columns=letters))
    return [p for p in problems if p.code != "coordonnees_dans_texte"] + [merged]


def _comment_columns(table: Table, codes: list[ProposalCodes]) -> dict[str, tuple[str, str]]:
    """Heading → (frame column, proposal id) of the comment columns: a heading holding a ``COMM…`` code, or full text."""
    by_code = {c.comment.upper(): c.proposal_id for c in codes}
    by_text = {label_key(text): c.proposal_id for c in codes for text in full_text_headings(c, "comment")}
    found: dict[str, tuple[str, str]] = {}
    for column, heading in zip(table.frame.columns, table.headers):
        proposal_id = next((by_code[tok.upper()] for tok in re.findall(r"[A-Za-z0-9]+", heading) if tok.upper() in by_code),
                           by_text.get(label_key(heading)))
        if proposal_id is not None and proposal_id not in {p for _, p in found.values()}:
            found[heading] = (column, proposal_id)
    return found


def _feedback_problem(problem: Problem, details: dict[Any, str]) -> Problem:
    """The importer's problem in the feedback's words (no codebook here, no wave to match)."""
    if problem.code == "libelle_inconnu":
        return problem.model_copy(update={"code": "retour_reponse_inconnue", "severity": Severity.WARNING,
                                          "message": t("voice.feedback.unknown_answer", value=problem.value or "")})
    if problem.code == "enquete_sans_cle":
        return problem.model_copy(update={"message": t("voice.feedback.no_key")})
    if problem.code == "doublon":
        return problem.model_copy(update={"message": t("voice.feedback.duplicate", detail=details.get(problem.row, ""))})
    return problem


# --- figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A share of « oui » with its n and Wilson interval; ``hidden`` below the disclosure threshold."""

    n: int
    yes: int
    hidden: bool

    @property
    def value(self) -> float | None:
        return None if self.hidden or not self.n else self.yes / self.n

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.hidden else wilson_interval(self.yes, self.n)


@dataclass(frozen=True)
class ProposalFeedback:
    proposal_id: str
    clear: Share
    motivated: Share
    comments: tuple[str, ...]  # redacted; empty when the proposal's figures are hidden


def summarise(data: FeedbackData, register: Register, threshold: int = DEFAULT_THRESHOLD) -> dict[str, ProposalFeedback]:
    """Per answered proposal: the two shares and the redacted comments (none below the threshold)."""
    result = {}
    for c in question_codes(register):
        shares = {}
        for kind in ("clear", "motivated"):
            n = data.n.get((c.proposal_id, kind), 0)
            shares[kind] = Share(n, data.yes.get((c.proposal_id, kind), 0), 0 < n < threshold or n == 0)
        visible = not (shares["clear"].hidden and shares["motivated"].hidden)
        comments = tuple(redact(text) for text in data.comments.get(c.proposal_id, [])) if visible else ()
        result[c.proposal_id] = ProposalFeedback(c.proposal_id, shares["clear"], shares["motivated"], comments)
    return result


def judged_share(summary: Iterable[ProposalFeedback], kinds: tuple[str, ...]) -> tuple[float | None, int]:
    """Share of answers a majority judged clear (and/or motivated), over the answers whose shares are shown."""
    shown = [f for f in summary if all(getattr(f, k).value is not None for k in kinds)]
    if not shown:
        return None, 0
    judged = sum(1 for f in shown if all(getattr(f, k).value > 0.5 for k in kinds))
    return judged / len(shown), len(shown)


def feedback_for(demarche: Demarche, register: Register, report: ProblemReport | None = None,
                 threshold: int = DEFAULT_THRESHOLD) -> dict[str, ProposalFeedback] | None:
    """Read the declared exports and summarise them; ``None`` when the démarche has no feedback wave."""
    data = load_feedback(demarche, register, report if report is not None else ProblemReport())
    return None if data is None else summarise(data, register, threshold)


def site_feedback(folder: Path | str, threshold: int = DEFAULT_THRESHOLD) -> dict[str, dict[str, Any]]:
    """For the public site, per proposal id: n, share of « oui » and its 95 % Wilson interval for
    « claire » and « motivée » (``None`` when hidden), and the redacted comments.

    Empty when the démarche declares no feedback export. Raises :class:`FolderInvalid` like
    ``suivi respond`` when the folder has errors.
    """
    from evaluation.followup.checked import load_checked

    demarche, register, _ = load_checked(Path(folder))
    summary = feedback_for(demarche, register, threshold=threshold) or {}
    return {pid: {"claire": share_dict(f.clear), "motivee": share_dict(f.motivated), "commentaires": list(f.comments)} for pid, f in summary.items()}


def share_dict(share: Share) -> dict[str, Any]:
    interval = share.interval
    return {"n": None if share.hidden else share.n, "part_oui": share.value, "ic_bas": interval[0] if interval else None,
            "ic_haut": interval[1] if interval else None, "masque": share.hidden and share.n > 0}
