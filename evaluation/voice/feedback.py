"""Citizens' feedback on each published answer: question codes, reading the exports, figures per proposal.

The feedback questionnaire (``suivi questionnaire DOSSIER --wave retours``) asks, for each
proposal the sponsor answered: « Cette réponse est-elle claire ? » and « Est-elle motivée ? »
(oui / non) and an optional comment. Each question has a code built from the proposal id
(``CLAIRP01``, ``MOTIVP01``, ``COMMP01`` for ``P-01``), written in every format, so that an
export is read back whatever the tool: a heading holding the code (``CLAIRP01``,
``CLAIRP01. P-01 : …``, ``G1[CLAIRP01]``), or else the proposal id with « claire », « motivée »
or « commentaire ». The exports are declared in ``demarche.yaml``::

    fichiers:
      retours:
        - fichier: enquetes/retours-reponses.csv

Every row is accounted for (read, or empty); an answer that is neither yes nor no is reported
with its cell. Figures per proposal: n (people who answered the question), share of « oui »
with its Wilson interval, hidden below the disclosure threshold. Comments are published only
through :func:`surveys.redaction.redact` (e-mails, phones, titled names masked), and only for
proposals whose n reaches the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from evaluation.demarche.model import Demarche
from evaluation.followup.register import Register
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.survey.stats import wilson_interval
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, Severity
from surveys.redaction import redact
from surveys.spreadsheet import Table, read_table
from surveys.text import label_key

KINDS = ("clear", "motivated", "comment")
PREFIXES = {"clear": "CLAIR", "motivated": "MOTIV", "comment": "COMM"}
KEYWORDS = {"clear": "claire", "motivated": "motivee", "comment": "commentaire"}
YES = frozenset({"oui", "o", "yes", "y", "1", "vrai", "true"})
NO = frozenset({"non", "n", "no", "0", "2", "faux", "false"})
BLANK = frozenset({"", "sans reponse", "ne sait pas", "nsp", "n/a", "na", "-"})
MAX_ID_PART = 14  # LimeSurvey question codes: letters and digits, 20 at most


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


@dataclass
class FeedbackData:
    """Answers per proposal and question, and how the rows were accounted for."""

    yes: dict[tuple[str, str], int] = field(default_factory=dict)  # (proposal id, kind) → « oui »
    n: dict[tuple[str, str], int] = field(default_factory=dict)  # (proposal id, kind) → answers
    comments: dict[str, list[str]] = field(default_factory=dict)
    rows: int = 0
    empty_rows: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.rows - self.empty_rows


def _columns(table: Table, codes: list[ProposalCodes]) -> dict[str, tuple[str, str]]:
    """Frame column → (proposal id, kind), by code first, else by proposal id and keyword."""
    by_code = {c.code(k).upper(): (c.proposal_id, k) for c in codes for k in KINDS}
    found: dict[str, tuple[str, str]] = {}
    for column, heading in zip(table.frame.columns, table.headers):
        tokens = re.findall(r"[A-Za-z0-9]+", heading)
        match = next((by_code[tok.upper()] for tok in tokens if tok.upper() in by_code), None)
        if match is None:
            key = label_key(heading)
            for c in codes:
                if re.search(rf"(?<![a-z0-9]){re.escape(label_key(c.proposal_id))}(?![a-z0-9])", key):
                    kind = next((k for k in KINDS if KEYWORDS[k] in key), None)
                    match = (c.proposal_id, kind) if kind else None
                    break
        if match is not None and match not in found.values():
            found[column] = match
    return found


def load_feedback(demarche: Demarche, register: Register, report: ProblemReport) -> FeedbackData | None:
    """The feedback exports declared in ``fichiers: retours:``; ``None`` when none is declared."""
    if not demarche.files.feedback:
        return None
    codes = question_codes(register)
    data = FeedbackData()
    for declared in demarche.files.feedback:
        table = report.attempt(partial(read_table, demarche.path(declared.path), sheet=declared.sheet), file=declared.path)
        if table is None:
            continue
        data.files.append(table.file)
        _read(table, codes, data, report)
    return data


def _read(table: Table, codes: list[ProposalCodes], data: FeedbackData, report: ProblemReport) -> None:
    columns = _columns(table, codes)
    if not columns:
        report.add(Problem(file=table.file, sheet=table.sheet, code="retours_sans_question", message=t("voice.feedback.no_question", file=table.file)))
        return
    values = {column: table.frame[column].tolist() for column in columns}
    for index in range(len(table.frame)):
        data.rows += 1
        given = False
        for column, (proposal_id, kind) in columns.items():
            raw = values[column][index]
            text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw).strip()
            if kind == "comment":
                if text:
                    data.comments.setdefault(proposal_id, []).append(text)
                    given = True
                continue
            key = label_key(text)
            if key in BLANK:
                continue
            if key not in YES and key not in NO:
                report.add(table.problem("retour_reponse_inconnue", t("voice.feedback.unknown_answer", value=text), index=index, column=column,
                                         value=text, severity=Severity.WARNING))
                continue
            given = True
            data.n[(proposal_id, kind)] = data.n.get((proposal_id, kind), 0) + 1
            data.yes[(proposal_id, kind)] = data.yes.get((proposal_id, kind), 0) + (key in YES)
        if not given:
            data.empty_rows += 1


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
