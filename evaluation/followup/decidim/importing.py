"""``suivi decidim import``: a Decidim proposals export into the démarche's register.

The register is created (with the blank-register workbook of ``suivi init``) or updated in
place. Updating never overwrites what the sponsor entered: a cell is refreshed only when it is
empty or still holds what suivi imported last time; otherwise the difference is reported by cell.
Every exported row ends up imported, updated, unchanged or skipped with a reason.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.command_result import Line, lines_of
from evaluation.demarche.folder import read_demarche
from evaluation.demarche.model import DEMARCHE_FILE, MODALITY_LABELS, Modality
from evaluation.documents.frformat import count_noun
from evaluation.documents.outputs import write_csv
from evaluation.followup.decidim.fields import map_columns
from evaluation.followup.decidim.grid import RegisterGrid
from evaluation.followup.decidim.links import MERGED, Link, read_links, write_links
from evaluation.followup.decidim.proposals import DecidimProposal, ProposalReader
from evaluation.followup.decidim.reading import read_export
from evaluation.followup.decidim.states import STATES_FILE, StateTable, load_states, write_states_template
from evaluation.followup.register import COLUMNS, register_layout
from evaluation.resources import template
from evaluation.scaffold import REGISTER_FILE, write_register_workbook
from indicators.vocabulary import LABELS
from surveys.i18n import t, tn
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, display_name
from surveys.spreadsheet import Table
from surveys.text import label_key
from surveys.yamlfile import load_yaml

SOURCE = MODALITY_LABELS[Modality.CONSULTATION_EN_LIGNE]
IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"


@dataclass(frozen=True)
class RowOutcome:
    """What became of one exported row."""

    decidim_id: str
    action: str
    row: int  # row of the export (record number in a JSON export)
    reason: str = ""


@dataclass
class ImportResult:
    """What ``import_proposals`` did: files written, one outcome per exported row, problems."""

    register: Path
    created: bool
    outcomes: list[RowOutcome]
    report: ProblemReport
    written: list[Path] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(o.action for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return 1 if self.report.has_errors else 0

    def lines(self) -> list[Line]:
        """What the command prints, in French."""
        counts = self.counts()
        lines = [t("decidim.import.created" if self.created else "decidim.import.updated_register", file=display_name(self.register))]
        lines.append(tn("decidim.import.summary", len(self.outcomes),
                        **{name: count_noun(counts[action], f"decidim.import.n_{name}")
                           for name, action in (("imported", IMPORTED), ("updated", UPDATED), ("unchanged", UNCHANGED), ("skipped", SKIPPED))}))
        lines += [t("decidim.import.skipped_line", id=o.decidim_id or "?", row=o.row, reason=o.reason) for o in self.outcomes if o.action == SKIPPED]
        lines += [t("decidim.problem_line", line=p.render(), code=p.code) for p in self.report]
        lines += [t("decidim.wrote", path=path) for path in self.written]
        if self.report.has_errors:
            lines.append(tn("decidim.import.errors", len(self.report.errors), count=len(self.report.errors)))
        return lines_of(lines)


def import_proposals(export: Path | str, folder: Path | str, *, locale: str = "fr", states_file: Path | None = None,
                     today: dt.date | None = None) -> ImportResult:
    """Create or update the register of ``folder`` from a Decidim proposals export."""
    export, folder = Path(export), Path(folder)
    table = read_export(export)
    columns = map_columns(table.headers)
    if "id" not in columns.plain or not (columns.translated.get(("title", False)) or "title" in columns.plain):
        raise SuiviError(t("decidim.import.not_proposals", file=table.file), code="pas_un_export_decidim", file=table.file)
    report = ProblemReport()
    _check_columns(table, columns.personal, columns.locales, locale, report)
    folder.mkdir(parents=True, exist_ok=True)
    states = load_states(folder, report, states_file)
    register = register_path(folder)
    if register.suffix.lower() not in (".xlsx", ".csv"):
        raise SuiviError(t("decidim.import.register_format", file=register.name), code="registre_format", file=register.name)
    written: list[Path] = []
    if not (folder / DEMARCHE_FILE).exists():
        shutil.copyfile(template("demarche-modele.yaml"), folder / DEMARCHE_FILE)
        written.append(folder / DEMARCHE_FILE)
    links = read_links(folder)
    reader = ProposalReader(table, columns, locale, report)
    session = _Session(table, states, links, report, today or dt.date.today(), locale, columns.locales)
    rows = [session.row(reader.read(index)) for index in range(len(table.frame))]
    created = not register.exists()
    try:
        kept = [r for r in rows if r is not None]
        if created:
            _create(register, kept)
            for values in kept:
                session.settle(values, IMPORTED)
        else:
            written.append(_update(register, session, kept))
        written.insert(0, register)
        written.append(write_links(folder, session.links))
        states_path = states_file or folder / STATES_FILE
        if session.unmapped and not states_path.exists():
            written.append(write_states_template(states_path, sorted(session.unmapped)))
    except PermissionError as exc:
        raise SuiviError(t("decidim.permission", file=display_name(exc.filename or register)), code="ecriture_refusee") from exc
    session.report_missing()
    return ImportResult(register, created, session.outcomes, report, written)


def _check_columns(table: Table, personal: list[str], locales: list[str], locale: str, report: ProblemReport) -> None:
    if personal:
        report.add(Problem(file=table.file, code="decidim_colonnes_personnelles", severity=Severity.WARNING,
                           message=t("decidim.import.personal_columns", columns=", ".join(f"« {c} »" for c in personal))))
    if locales and locale not in locales:
        report.add(Problem(file=table.file, code="decidim_langue_absente", severity=Severity.WARNING,
                           message=t("decidim.import.locale_missing", locale=locale, locales=", ".join(locales))))


def register_path(folder: Path) -> Path:
    """The register named by ``fichiers: propositions:`` in demarche.yaml (even an unfinished one),
    else ``propositions.xlsx``."""
    demarche = read_demarche(folder, ProblemReport())
    if demarche is not None:
        return demarche.path(demarche.files.proposals)
    document = ProblemReport().attempt(lambda: load_yaml(folder / DEMARCHE_FILE))  # check and the import itself report a broken file
    if document is None:
        return folder / REGISTER_FILE
    data = document.data
    files = data.get("fichiers") if isinstance(data, dict) else None
    name = files.get("propositions") if isinstance(files, dict) else None
    return folder / name if isinstance(name, str) and name.strip() else folder / REGISTER_FILE


def _same(a: str, b: str) -> bool:
    return label_key(a) == label_key(b)


class _Session:
    """The rows of one import: decides each outcome and keeps the links up to date."""

    def __init__(self, table: Table, states: StateTable, links: dict[str, Link], report: ProblemReport, today: dt.date,
                 locale: str, locales: list[str]) -> None:
        self.table, self.states, self.links, self.report = table, states, links, report
        self.today, self.locale, self.locales = today, locale, locales
        self.outcomes: list[RowOutcome] = []
        self.unmapped: set[str] = set()
        self.seen: set[str] = set()
        self.state_header = map_columns(table.headers).plain.get("state")
        self.pending: dict[str, int] = {}  # decidim id → outcome position, for the update pass

    def skip(self, proposal: DecidimProposal, reason: str) -> None:
        self.outcomes.append(RowOutcome(proposal.decidim_id, SKIPPED, self.table.rows[proposal.index], reason))

    def row(self, p: DecidimProposal) -> dict[str, Any] | None:
        """The register values of a proposal, or ``None`` when it is skipped (with its reason)."""
        if not p.decidim_id:
            self.skip(p, t("decidim.skip.no_id"))
            return None
        if p.decidim_id in self.seen:
            self.skip(p, t("decidim.skip.duplicate"))
            return None
        self.seen.add(p.decidim_id)
        if p.withdrawn:
            self.skip(p, t("decidim.skip.withdrawn"))
            return None
        if p.amendment:
            self.skip(p, t("decidim.skip.amendment"))
            return None
        known, status = self.states.status_of(p.state)
        if not known:
            self.unmapped.add(p.state)
            self.report.add(self.table.problem("decidim_etat_inconnu", t("decidim.import.unmapped_state", state=p.state, file=self.states.file or STATES_FILE),
                                               index=p.index, column=self.state_header, value=p.state))
        if p.unpublished_answer:
            self.report.add(self.table.problem("decidim_reponse_non_publiee", t("decidim.import.unpublished"), index=p.index,
                                               column=self.state_header, severity=Severity.WARNING))
        values: dict[str, Any] = {
            "id": p.decidim_id, "title": p.title, "text": p.body, "theme": p.theme, "source": SOURCE,
            "status": LABELS[status] if status else "", "motivation": p.answer,
            "decision_date": p.answered_on if status and p.answered_on else "",
        }
        link = self.links.get(p.decidim_id) or Link(p.decidim_id)
        link.info = {"decidim_id": p.decidim_id, "url": p.url, "reference": p.reference, "locale": self.locale,
                     "locales": " ".join(self.locales), "votes": p.votes, "comments": p.comments, "likes": p.likes,
                     "state": p.state, "imported_on": self.today.isoformat()}
        self.pending[p.decidim_id] = len(self.outcomes)
        self.outcomes.append(RowOutcome(p.decidim_id, IMPORTED, self.table.rows[p.index]))
        values["_link"] = link
        return values

    def settle(self, values: dict[str, Any], action: str, reason: str = "") -> None:
        """Record the outcome of a row and, unless skipped, what was imported."""
        position = self.pending[values["id"]]
        previous = self.outcomes[position]
        self.outcomes[position] = RowOutcome(previous.decidim_id, action, previous.row, reason)
        if action != SKIPPED:
            link: Link = values["_link"]
            link.imported = {name: _text(values[name]) for name in MERGED}
            self.links[values["id"]] = link

    def report_missing(self) -> None:
        missing = [ident for ident in self.links if ident not in self.seen]
        if missing:
            self.report.add(Problem(file=self.table.file, code="decidim_absentes_de_l_export", severity=Severity.WARNING,
                                    message=tn("decidim.import.missing_from_export", len(missing), ids=", ".join(missing))))


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _create(register: Path, rows: list[dict[str, Any]]) -> None:
    names = list(COLUMNS)
    records = [[row.get(name, "") for name in names] for row in rows]
    if register.suffix.lower() == ".csv":
        write_csv(register, [COLUMNS[n][0] for n in names], [[_text(v) for v in r] for r in records], bom=True)
    else:
        write_register_workbook(register, records)


def _update(register: Path, session: _Session, rows: list[dict[str, Any]]) -> Path:
    """Merge the rows into the existing register; returns the copy kept of it as it was."""
    layout = register_layout(register)
    if layout is None or "id" not in layout.columns:
        raise SuiviError(t("decidim.import.register_unreadable", file=display_name(register)), code="registre_illisible", file=display_name(register))
    grid = RegisterGrid(register, layout)
    existing = grid.ids()
    next_row = grid.last_row() + 1
    for values in rows:
        ident = values["id"]
        row = existing.get(ident)
        if row is None:
            for name, value in values.items():
                if not name.startswith("_") and value != "":
                    grid.set(next_row, name, value)
            next_row += 1
            session.settle(values, IMPORTED)
            continue
        link = session.links.get(ident)
        if link is None and not _same(grid.get(row, "source"), SOURCE):
            session.settle(values, SKIPPED, t("decidim.skip.id_taken", row=row))
            continue
        changed = _merge(grid, row, values, link, session.report)
        session.settle(values, UPDATED if changed else UNCHANGED)
    backup = register.with_name(f"{register.stem}.avant-import-decidim{register.suffix}")
    shutil.copyfile(register, backup)
    grid.save()
    return backup


def _merge(grid: RegisterGrid, row: int, values: dict[str, Any], link: Link | None, report: ProblemReport) -> bool:
    """Refresh the cells of one row that the sponsor has not changed; report the others by cell."""
    changed = False
    for name in MERGED:
        new, current = _text(values[name]), grid.get(row, name)
        if name not in grid.columns or not new or _same(current, new):
            continue
        imported = link.imported.get(name, "") if link else ""
        if link is not None and _same(new, imported):
            continue  # Decidim has not changed since the last import: what the register says stands
        if not current or (link is not None and _same(current, imported)):
            grid.set(row, name, values[name])
            changed = True
            continue
        report.add(Problem(file=grid.layout.file, sheet=grid.layout.sheet, row=row, column=grid.letter(name), header=COLUMNS[name][0],
                           value=current[:200], code="decidim_conflit", severity=Severity.WARNING,
                           message=t("decidim.import.conflict", decidim=new[:200])))
    return changed
