"""The proposal register (``propositions.xlsx`` or CSV): one row per citizen proposal.

Reading collects every problem with its cell (see ``docs/formats.md`` for the columns and rules):
unique identifiers, a status for every proposal, a motivation for every status but « Retenue », a
reason code for « Non retenue », real dates, progress between 0 and 100. Labels are matched
tolerantly (case, accents, apostrophes, spaces, small typos) and the canonical value is reported
as a warning naming the cell. The decision (status) and its implementation are kept apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine

from evaluation.demarche.model import Demarche
from evaluation.documents.outputs import FORMULA_PREFIXES
from evaluation.followup.labels import IMPLEMENTATION, REASON, STATUS, LabelMatcher, header_key
from evaluation.followup.readings import load_readings
from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status
from surveys.dates import parse_cell_date
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, Severity, collects_problems
from surveys.redaction import EMAIL, PHONE, redact_contacts
from surveys.spreadsheet import Table, read_table

REGISTER_SHEET = "Propositions"
NO_THEME = "Sans thème"

# Canonical French headers, in template order, with the other spellings people use.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("Identifiant", ("id", "n", "no", "numero", "reference", "ref", "code", "identifiant de la proposition")),
    "title": ("Titre", ("intitule", "titre de la proposition", "titre court", "libelle")),
    "text": ("Texte intégral", ("texte", "texte complet", "texte de la proposition", "description", "contenu", "proposition")),
    "theme": ("Thème", ("thematique", "axe", "categorie", "domaine")),
    "source": ("Modalité d'origine", ("modalite", "source", "origine", "modalite source", "issue de")),
    "status": ("Statut", ("decision", "statut de la proposition", "statut de la decision", "suite donnee")),
    "motivation": ("Motivation", ("motifs", "justification", "reponse motivee", "argumentaire", "explication")),
    "reason_code": ("Code motif", ("motif", "code de motif", "code du motif", "motif de non retenue", "raison", "code raison")),
    "measures": ("Mesures / actions", ("mesures", "actions", "mesures et actions", "actions prevues", "mesures actions")),
    "service": ("Service responsable", ("service", "service pilote", "pilote", "direction responsable", "responsable")),
    "due_date": ("Échéance", ("date d'echeance", "date prevue", "echeance prevue")),
    "implementation": ("État de mise en œuvre", ("mise en oeuvre", "etat d'avancement", "etat", "realisation")),
    "progress": ("Avancement (%)", ("avancement", "progression", "taux d'avancement", "pourcentage d'avancement")),
    "decision_date": ("Date de décision", ("date de la decision", "decide le", "date decision")),
    "decided_by": ("Décidé par", ("decideur", "instance de decision", "decision prise par", "autorite")),
}
REQUIRED = ("id", "title", "theme", "status", "motivation", "reason_code")
FRAME_COLUMNS = tuple(COLUMNS)
# Headings that announce personal data: never read, never published.
IDENTIFYING_HEADERS = frozenset(
    {"nom", "prenom", "nom prenom", "courriel", "email", "e mail", "mail", "adresse", "adresse mail", "telephone", "tel",
     "auteur", "auteurs", "auteur de la proposition", "contact", "nom de l'auteur", "deposant"}
)

_PERCENT_TEXT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*$")
# Headings are free text: suggest only a close heading, never a loose one.
HEADERS = LabelMatcher({name: heading for name, (heading, _) in COLUMNS.items()}, {n: v for n, (_, v) in COLUMNS.items()}, suggest=0.8)


@dataclass(frozen=True)
class Proposal:
    """One citizen proposal and what the sponsor decided and did about it.

    Values the register got wrong are ``None`` (the problem is in the report); ``row`` is the
    spreadsheet row of the proposal.
    """

    id: str
    title: str
    text: str = ""
    theme: str = NO_THEME
    source: str = ""
    status: Status | None = None
    motivation: str = ""
    reason_code: ReasonCode | None = None
    measures: str = ""
    service: str = ""
    due_date: dt.date | None = None
    implementation: Implementation | None = None
    progress: float | None = None
    decision_date: dt.date | None = None
    decided_by: str = ""
    row: int | None = None


@dataclass
class Register:
    """The proposals of one register file, in file order."""

    file: str
    proposals: list[Proposal]
    sheet: str | None = None
    demarche: Demarche | None = field(default=None, repr=False)
    readings: list[Any] = field(default_factory=list)  # other bodies' readings (evaluation.followup.readings.Reading)

    def __len__(self) -> int:
        return len(self.proposals)

    def themes(self) -> list[str]:
        """Themes in order of first appearance."""
        return list(dict.fromkeys(p.theme for p in self.proposals))

    def to_frame(self) -> pd.DataFrame:
        """One row per proposal, English columns (see ``FRAME_COLUMNS``); codes as strings.

        ``status``, ``reason_code`` and ``implementation`` are vocabulary codes or ``""``;
        ``progress`` is a float or NaN; dates are :class:`datetime.date` or ``None``.
        """
        records = [
            {
                "id": p.id,
                "title": p.title,
                "text": p.text,
                "theme": p.theme,
                "source": p.source,
                "status": str(p.status) if p.status else "",
                "motivation": p.motivation,
                "reason_code": str(p.reason_code) if p.reason_code else "",
                "measures": p.measures,
                "service": p.service,
                "due_date": p.due_date,
                "implementation": str(p.implementation) if p.implementation else "",
                "progress": math.nan if p.progress is None else float(p.progress),
                "decision_date": p.decision_date,
                "decided_by": p.decided_by,
            }
            for p in self.proposals
        ]
        frame = pd.DataFrame.from_records(records, columns=list(FRAME_COLUMNS))
        frame["progress"] = frame["progress"].astype(float)
        for name in ("due_date", "decision_date"):
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
        return frame


@collects_problems
def load_register(demarche_or_path: Demarche | Path | str, report: ProblemReport) -> Register | None:
    """Read and check the register; every problem goes to ``report``.

    Returns ``None`` when the file cannot be used at all (missing, unreadable, no register
    columns, no proposal); otherwise a :class:`Register` whose faulty cells are ``None``.
    """
    demarche = demarche_or_path if isinstance(demarche_or_path, Demarche) else None
    path = demarche_or_path.path(demarche_or_path.files.proposals) if isinstance(demarche_or_path, Demarche) else Path(demarche_or_path)
    table = _read(path, report)
    if table is None:
        return None
    register = _Reader(table, report, demarche).read()
    if register is not None:

        register.readings = load_readings(path, [p.id for p in register.proposals], report)
    return register


def _read(path: Path, report: ProblemReport) -> Table | None:
    """The register sheet: « Propositions » if present, else the first sheet with its columns."""
    table = read_table(path, known_header=_known_header, preferred_sheets=(REGISTER_SHEET,))
    if _has_columns(table) or table.kind not in ("xlsx", "xls", "ods"):
        return table
    for sheet in _sheet_names(path):
        if sheet == table.sheet:
            continue
        other = ProblemReport().attempt(partial(read_table, path, sheet=sheet, known_header=_known_header))  # another sheet: its problems are not the register's
        if other is not None and _has_columns(other):
            report.add(
                other.problem(
                    "feuille_registre",
                    t("register.other_sheet", sheet=sheet, first=table.sheet or ""),
                    row=other.header_row,
                    severity=Severity.WARNING,
                )
            )
            return other
    names = _sheet_names(path)
    if len(names) > 1:
        listed = ", ".join(f"« {s} »" for s in names)
        report.add(Problem(file=table.file, code="feuille_registre_absente", message=t("register.no_register_sheet", file=table.file, sheets=listed)))
        return None
    return table


def _sheet_names(path: Path) -> list[str]:
    try:
        return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # the first read succeeded; a second failure only means « no other sheet »
        return []


def _known_header(cell: str) -> bool:
    return HEADERS.is_exact(cell)


def _has_columns(table: Table) -> bool:
    found = {HEADERS.match(h)[0] for h in table.headers}
    return {"id", "status"} <= found


class _Reader:
    """Turns a located table into proposals, one rule at a time."""

    def __init__(self, table: Table, report: ProblemReport, demarche: Demarche | None) -> None:
        self.table = table
        self.report = report
        self.demarche = demarche
        self.columns: dict[str, str] = {}
        self.progress_factor = 1.0
        self.values: dict[str, list[Any]] = {}  # cell values by field, read once (no pandas lookup per cell)

    def read(self) -> Register | None:
        self._map_columns()
        missing = [name for name in REQUIRED if name not in self.columns]
        for name in missing:
            heading = COLUMNS[name][0]
            self.report.add(
                Problem(
                    file=self.table.file, sheet=self.table.sheet, row=self.table.header_row, header=heading,
                    code="colonne_absente", message=t("table.missing_column", header=heading, row=self.table.header_row),
                )
            )
        if "id" not in self.columns or "status" not in self.columns:
            return None
        if self.table.frame.empty:
            self.report.add(Problem(file=self.table.file, sheet=self.table.sheet, code="registre_vide", message=t("register.empty", file=self.table.file)))
            return None
        self.values = {name: self.table.frame[column].tolist() for name, column in self.columns.items()}
        self.progress_factor = self._progress_factor()
        proposals = [self._proposal(index) for index in range(len(self.table.frame))]
        self._check_unique(proposals)
        for index in self.table.skipped_blank_rows:
            self.report.add(self.table.problem("ligne_vide", t("register.blank_row"), row=index, severity=Severity.WARNING))
        return Register(file=self.table.file, sheet=self.table.sheet, proposals=proposals, demarche=self.demarche)

    # --- columns ---------------------------------------------------------------------------
    def _map_columns(self) -> None:
        for column, heading in zip(self.table.frame.columns, self.table.headers):
            name, suggestion = HEADERS.match(heading)
            if name is None:
                key = header_key(heading)
                if key in IDENTIFYING_HEADERS:
                    message, code = t("register.identifying_column", header=heading), "colonne_donnees_personnelles"
                elif suggestion:
                    message, code = t("register.unknown_column_suggest", header=heading, suggestion=suggestion), "colonne_inconnue"
                else:
                    message, code = t("table.unknown_column", header=heading), "colonne_inconnue"
                self.report.add(self.table.problem(code, message, column=column, row=self.table.header_row, severity=Severity.WARNING))
                continue
            if name in self.columns:
                self.report.add(
                    self.table.problem(
                        "colonne_en_double",
                        t("table.duplicate_header", header=heading),
                        column=column,
                        row=self.table.header_row,
                    )
                )
                continue
            self.columns[name] = column
            canonical = COLUMNS[name][0]
            if not HEADERS.is_exact(heading):
                self.report.add(
                    self.table.problem(
                        "entete_corrige",
                        t("register.header_read_as", header=heading, canonical=canonical),
                        column=column,
                        row=self.table.header_row,
                        severity=Severity.WARNING,
                    )
                )

    def _cell(self, index: int, name: str) -> Any:
        values = self.values.get(name)
        if values is None:
            return ""
        value = values[index]
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value

    def _text(self, index: int, name: str) -> str:
        value = self._cell(index, name)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        text = str(value).strip() if value != "" else ""
        if text[:1] == "'" and text[1:2] and text[1] in FORMULA_PREFIXES:
            text = text[1:]  # a cell suivi itself neutralised (« '=… »): read back as typed
        if text and name != "id" and (EMAIL.search(text) or PHONE.search(text)):
            self._warn(index, name, "donnees_personnelles", t("register.personal_data"), None)
            text = redact_contacts(text)
        return text

    def _problem(self, index: int, name: str, code: str, message: str, value: Any, severity: Severity = Severity.ERROR) -> None:
        self.report.add(self.table.problem(code, message, index=index, column=self.columns.get(name), value=value, severity=severity))

    def _warn(self, index: int, name: str, code: str, message: str, value: Any) -> None:
        self._problem(index, name, code, message, value, Severity.WARNING)

    # --- one row ---------------------------------------------------------------------------
    def _proposal(self, index: int) -> Proposal:
        ident = self._text(index, "id")
        if not ident:
            self._problem(index, "id", "identifiant_manquant", t("register.missing_id"), None)
        title = self._text(index, "title")
        if not title and "title" in self.columns:
            self._problem(index, "title", "titre_manquant", t("register.missing_title", id=ident or "?"), None)
        theme = self._text(index, "theme")
        if not theme and "theme" in self.columns:
            self._warn(index, "theme", "theme_manquant", t("register.missing_theme", theme=NO_THEME), None)
        status = self._label(index, "status", STATUS, "statut_inconnu")
        motivation = self._text(index, "motivation")
        reason = self._label(index, "reason_code", REASON, "code_motif_inconnu")
        implementation = self._label(index, "implementation", IMPLEMENTATION, "etat_mise_en_oeuvre_inconnu")
        proposal = Proposal(
            id=ident,
            title=title,
            text=self._text(index, "text"),
            theme=theme or NO_THEME,
            source=self._text(index, "source"),
            status=Status(status) if status else None,
            motivation=motivation,
            reason_code=ReasonCode(reason) if reason else None,
            measures=self._text(index, "measures"),
            service=self._text(index, "service"),
            due_date=self._date(index, "due_date"),
            implementation=Implementation(implementation) if implementation else None,
            progress=self._progress(index),
            decision_date=self._date(index, "decision_date"),
            decided_by=self._text(index, "decided_by"),
            row=self.table.rows[index],
        )
        self._check_rules(index, proposal)
        return proposal

    def _label(self, index: int, name: str, matcher: LabelMatcher, unknown_code: str) -> str | None:
        raw = self._cell(index, name)
        text = str(raw).strip() if raw != "" else ""
        if not text:
            if name == "status":
                self._problem(index, name, "statut_manquant", t("register.missing_status", expected=matcher.expected()), None)
            return None
        code, suggestion = matcher.match(text)
        if code is None:
            hint = t("register.did_you_mean", suggestion=suggestion) if suggestion else ""
            self._problem(
                index, name, unknown_code,
                t(f"register.unknown_{name}", value=text, expected=matcher.expected(), hint=hint), text,
            )
            return None
        canonical = matcher.canonical[code]
        if text != canonical:
            self._warn(index, name, "libelle_normalise", t("register.label_read_as", value=text, canonical=canonical), text)
        return code

    def _date(self, index: int, name: str) -> dt.date | None:
        raw = self._cell(index, name)
        if raw == "":
            return None
        parsed = parse_cell_date(raw)
        if parsed.invalid:
            self._problem(index, name, "date_invalide", t("register.bad_date", value=raw), raw)
        elif parsed.serial and parsed.value is not None:
            self._warn(index, name, "date_numerique", t("register.serial_date", value=raw, date=parsed.value.isoformat()), raw)
        return parsed.value

    def _progress(self, index: int) -> float | None:
        raw = self._cell(index, "progress")
        if raw == "" or isinstance(raw, bool):
            return None
        if isinstance(raw, (int, float)):
            number = round(float(raw) * self.progress_factor, 6)
        else:
            match = _PERCENT_TEXT.match(str(raw))
            if match is None:
                self._problem(index, "progress", "avancement_invalide", t("register.bad_progress", value=raw), raw)
                return None
            number = float(match.group(1).replace(",", "."))
        if not 0 <= number <= 100:
            self._problem(index, "progress", "avancement_hors_limites", t("register.progress_range", value=raw), raw)
            return None
        return number

    def _check_rules(self, index: int, p: Proposal) -> None:
        if p.status is not None and p.status is not Status.RETENUE and not p.motivation:
            self._problem(index, "motivation", "motivation_manquante", t("register.missing_motivation", id=p.id, status=LABELS[p.status]), None)
        if p.status is Status.NON_RETENUE and p.reason_code is None and not self._cell(index, "reason_code"):
            self._problem(index, "reason_code", "code_motif_manquant", t("register.missing_reason", id=p.id, expected=REASON.expected()), None)
        if p.status in (Status.NON_RETENUE, Status.HORS_CHAMP) and p.implementation in (Implementation.EN_COURS, Implementation.REALISEE):
            self._warn(
                index, "implementation", "mise_en_oeuvre_incoherente",
                t("register.implementation_not_retained", status=LABELS[p.status], state=LABELS[p.implementation]),
                LABELS[p.implementation],
            )
        if p.progress is not None and p.implementation is not None:
            if p.progress >= 100 and p.implementation is not Implementation.REALISEE:
                self._warn(index, "progress", "avancement_incoherent", t("register.progress_complete", state=LABELS[p.implementation]), p.progress)
            elif p.progress < 100 and p.implementation is Implementation.REALISEE:
                self._warn(index, "progress", "avancement_incoherent", t("register.progress_incomplete"), p.progress)
        start = self.demarche.dates.start if self.demarche else None
        if start and p.decision_date and p.decision_date < start:
            self._warn(index, "decision_date", "decision_avant_demarche", t("register.decision_before_start", start=start.isoformat()), p.decision_date.isoformat())

    def _check_unique(self, proposals: list[Proposal]) -> None:
        first: dict[str, int] = {}
        for index, p in enumerate(proposals):
            if not p.id:
                continue
            key = p.id.casefold()
            if key in first:
                self._problem(index, "id", "identifiant_duplique", t("register.duplicate_id", id=p.id, row=proposals[first[key]].row), p.id)
            else:
                first[key] = index

    def _progress_factor(self) -> float:
        """100 when the progress column holds Excel percentages (0.45 for 45 %), else 1."""
        column = self.columns.get("progress")
        if column is None:
            return 1.0
        raw = [v for v in self.table.frame[column] if not (isinstance(v, str) and not v.strip())]
        if not raw or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw):
            return 1.0
        if max(raw) > 1 or all(float(v).is_integer() for v in raw):
            return 1.0
        self.report.add(self.table.problem("avancement_en_fraction", t("register.progress_fraction"), column=column, row=self.table.header_row, severity=Severity.WARNING))
        return 100.0




@dataclass(frozen=True)
class RegisterLayout:
    """Where the register's cells are: sheet, header row, and the column letter of each field."""

    file: str
    kind: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # field name (see ``COLUMNS``) → column letter
    delimiter: str | None = None
    encoding: str | None = None


def register_layout(path: Path | str) -> RegisterLayout | None:
    """The located columns of an existing register (for tools that write into it), or ``None``."""
    report = ProblemReport()
    table = report.attempt(lambda: _read(Path(path), report))
    if table is None or not _has_columns(table):
        return None
    columns: dict[str, str] = {}
    for letter, heading in zip(table.letters, table.headers):
        name = HEADERS.match(heading)[0]
        if name is not None:
            columns.setdefault(name, letter)
    return RegisterLayout(table.file, table.kind, table.sheet, table.header_row, columns, table.delimiter, table.encoding)
