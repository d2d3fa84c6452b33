"""Other readings of each proposal: the sheet « Lectures » of the register workbook.

Beside the sponsor's decision (sheet « Propositions »), a body such as the citizens' follow-up
committee or the comité de garants records, per proposal, its own reading: the status as it reads
it (same controlled list as the sponsor's), its assessment of the answer (satisfaisante,
partielle, insatisfaisante) and a comment. One row per proposal and body (long format), so any
number of named bodies can read the same proposal::

    Identifiant | Instance                  | Statut selon l'instance | Appréciation de la réponse | Commentaire
    P-01        | Comité de suivi citoyen   | Retenue partiellement   | Partielle                  | …

Rules (each problem located by sheet, row and column, like the register's): the identifier must
be a proposal of the register; the body must be named; a status is required and must be on the
list; the assessment, when given, must be on its list; a proposal is read once per body.
E-mail addresses and phone numbers typed in a comment are masked (with a warning). A register
without the sheet has no other reading: nothing is reported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.documents.outputs import FORMULA_PREFIXES
from evaluation.followup.labels import STATUS, LabelMatcher, header_key
from indicators.readings import ReadingAgreement, ReadingPair, reading_agreement
from indicators.vocabulary import LABELS, Assessment, Status
from surveys.i18n import t
from surveys.problems import ProblemReport, Severity
from surveys.redaction import EMAIL, PHONE, redact_contacts
from surveys.spreadsheet import Table, read_table

READINGS_SHEET = "Lectures"
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": ("Identifiant", ("id", "identifiant de la proposition", "proposition", "reference")),
    "body": ("Instance", ("organe", "comite", "lecteur", "lue par", "instance qui lit")),
    "status": ("Statut selon l'instance", ("statut", "statut lu", "statut selon le comite", "lecture du statut")),
    "assessment": ("Appréciation de la réponse", ("appreciation", "avis", "avis sur la reponse", "appreciation de la reponse")),
    "comment": ("Commentaire", ("commentaires", "remarque", "remarques", "observations")),
}
REQUIRED = ("id", "body", "status")
ASSESSMENT = LabelMatcher({str(a): LABELS[a] for a in Assessment}, {Assessment.SATISFAISANTE: ("satisfaisant",), Assessment.INSATISFAISANTE: ("insatisfaisant",)})
HEADERS = LabelMatcher({name: heading for name, (heading, _) in COLUMNS.items()}, {n: v for n, (_, v) in COLUMNS.items()}, suggest=0.8)
COMMITTEE = "Comité de suivi citoyen"  # the body the guide names; any other name is accepted


@dataclass(frozen=True)
class Reading:
    """One body's reading of one proposal (``None`` where the cell was wrong: see the report)."""

    proposal_id: str
    body: str
    status: Status | None
    assessment: Assessment | None = None
    comment: str = ""
    row: int | None = None


def has_readings_sheet(path: Path) -> bool:
    import python_calamine

    try:
        return READINGS_SHEET in python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # not a workbook (CSV register): no other reading
        return False


def load_readings(path: Path, proposal_ids: Collection[str], report: ProblemReport) -> list[Reading]:
    """The readings of the sheet « Lectures » of ``path``; every problem goes to ``report``."""
    if not has_readings_sheet(path):
        return []
    table = report.attempt(lambda: read_table(path, sheet=READINGS_SHEET, known_header=HEADERS.is_exact), file=path.name, sheet=READINGS_SHEET)
    if table is None:
        return []
    return _ReadingsReader(table, proposal_ids, report).read()


class _ReadingsReader:
    def __init__(self, table: Table, proposal_ids: Collection[str], report: ProblemReport) -> None:
        self.table, self.proposal_ids, self.report = table, proposal_ids, report
        self.columns: dict[str, str] = {}

    def read(self) -> list[Reading]:
        for column, heading in zip(self.table.frame.columns, self.table.headers):
            name, _ = HEADERS.match(heading)
            if name is not None and name not in self.columns:
                self.columns[name] = column
            elif header_key(heading):
                self.report.add(self.table.problem("colonne_inconnue", t("voice.readings.unknown_column", header=heading), column=column,
                                                   row=self.table.header_row, severity=Severity.WARNING))
        missing = [COLUMNS[n][0] for n in REQUIRED if n not in self.columns]
        for heading in missing:
            self.report.add(self.table.problem("colonne_absente", t("voice.readings.missing_column", header=heading, sheet=READINGS_SHEET),
                                               row=self.table.header_row))
        if missing:
            return []
        known = {pid.casefold(): pid for pid in self.proposal_ids if pid}
        seen: dict[tuple[str, str], int] = {}
        readings = []
        for index in range(len(self.table.frame)):
            reading = self._row(index, known)
            if reading is None:
                continue
            key = (reading.proposal_id.casefold(), reading.body.casefold())
            if key in seen:
                self._error(index, "id", "lecture_en_double", t("voice.readings.duplicate", id=reading.proposal_id, body=reading.body, row=seen[key]),
                            reading.proposal_id)
                continue
            seen[key] = self.table.rows[index]
            readings.append(reading)
        return readings

    def _cell(self, index: int, name: str) -> str:
        column = self.columns.get(name)
        value: Any = self.table.frame[column].iloc[index] if column is not None else ""
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
        if text[:1] == "'" and text[1:2] and text[1] in FORMULA_PREFIXES:
            text = text[1:]  # a cell suivi itself neutralised (« '=… »): read back as typed
        return text

    def _error(self, index: int, name: str, code: str, message: str, value: Any = None, severity: Severity = Severity.ERROR) -> None:
        self.report.add(self.table.problem(code, message, index=index, column=self.columns.get(name), value=value, severity=severity))

    def _row(self, index: int, known: dict[str, str]) -> Reading | None:
        ident, body = self._cell(index, "id"), self._cell(index, "body")
        if not ident:
            self._error(index, "id", "lecture_sans_identifiant", t("voice.readings.missing_id"))
            return None
        if ident.casefold() not in known:
            self._error(index, "id", "lecture_proposition_inconnue", t("voice.readings.unknown_id", id=ident), ident)
            return None
        if not body:
            self._error(index, "body", "lecture_sans_instance", t("voice.readings.missing_body", id=ident))
            return None
        status = self._label(index, "status", STATUS, required=True)
        assessment = self._label(index, "assessment", ASSESSMENT, required=False)
        comment = self._cell(index, "comment")
        if comment and (EMAIL.search(comment) or PHONE.search(comment)):
            self._error(index, "comment", "donnees_personnelles", t("voice.readings.personal_data"), None, Severity.WARNING)
            comment = redact_contacts(comment)
        return Reading(known[ident.casefold()], body, Status(status) if status else None, Assessment(assessment) if assessment else None,
                       comment, self.table.rows[index])

    def _label(self, index: int, name: str, matcher: LabelMatcher, *, required: bool) -> str | None:
        raw = self._cell(index, name)
        if not raw:
            if required:
                self._error(index, name, "lecture_statut_manquant", t("voice.readings.missing_status", expected=matcher.expected()))
            return None
        code, suggestion = matcher.match(raw)
        if code is None:
            hint = t("register.did_you_mean", suggestion=suggestion) if suggestion else ""
            code = {"status": "lecture_statut_inconnu", "assessment": "lecture_appreciation_inconnue"}[name]
            self._error(index, name, code, t(f"voice.readings.unknown_{name}", value=raw, expected=matcher.expected(), hint=hint), raw)
            return None
        if raw != matcher.canonical[code]:
            self._error(index, name, "libelle_normalise", t("register.label_read_as", value=raw, canonical=matcher.canonical[code]), raw, Severity.WARNING)
        return code


def bodies(readings: list[Reading]) -> list[str]:
    """The bodies that read the register, in order of first appearance."""
    return list(dict.fromkeys(r.body for r in readings))


def agreements_of(proposals: dict[str, tuple[str, str]], readings: list[Reading]) -> list[ReadingAgreement]:
    """Agreement per body, from ``{id: (theme, sponsor status code)}`` and the readings."""
    result = []
    for body in bodies(readings):
        pairs = [ReadingPair(r.proposal_id, proposals[r.proposal_id][0], proposals[r.proposal_id][1], str(r.status))
                 for r in readings if r.body == body and r.status is not None and proposals.get(r.proposal_id, ("", ""))[1]]
        result.append(reading_agreement(body, pairs))
    return result
