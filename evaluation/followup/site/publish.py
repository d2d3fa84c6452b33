"""``suivi publish`` and ``suivi verify``: record a publication in the journal, write the public site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from evaluation.command_result import Line, lines_of, note
from evaluation.demarche.model import DEMARCHE_FILE, Demarche
from evaluation.documents import frformat
from evaluation.followup.checked import load_checked
from evaluation.followup.opendata import records
from evaluation.followup.register import Register
from evaluation.followup.site.changes import Change
from evaluation.followup.site.journal import JOURNAL_FOLDER, Entry, Verification, append, new_entry, read_journal, verify
from evaluation.followup.site.model import build_model, slugs
from evaluation.followup.site.render import environment, write_site
from evaluation.voice.site import site_voice
from indicators.devoir_de_suite import FollowupFigures, followup_figures
from surveys.guards import check_regular_file
from surveys.i18n import t, tn
from surveys.problems import ProblemReport, SuiviError, display_name

SITE_FOLDER = Path("out") / "site"
DSFR_CSS = "dsfr.min.css"


@dataclass
class PublishResult:
    """What ``publish`` recorded and wrote, and the register's warnings."""

    entry: Entry
    journal_file: Path
    site: Path
    changes: list[Change]
    paths: list[Path]
    report: ProblemReport

    exit_code = 0

    def lines(self) -> list[Line]:
        """What the command prints, in French."""
        lines = [t("publish.recorded", number=self.entry.number, date=frformat.date_long(self.entry.date),
                   file=f"{JOURNAL_FOLDER}/{self.journal_file.name}")]
        if self.entry.number == 1:
            lines.append(t("publish.first"))
        elif not self.changes:
            lines.append(t("site.history.no_change"))
        else:
            lines.append(tn("publish.changes", len(self.changes), count=len(self.changes)))
            lines += [t("publish.change_line", line=c.line) for c in self.changes]
        lines.append(t("publish.site", folder=self.site, pages=frformat.number(sum(p.suffix == ".html" for p in self.paths))))
        lines.append(t("journal.head", fingerprint=self.entry.fingerprint))
        return lines_of(lines)


@dataclass
class VerifyResult:
    """What ``suivi verify`` found in the journal of ``folder``."""

    folder: Path
    verification: Verification

    @property
    def exit_code(self) -> int:
        return 0 if self.verification.intact else 1

    def lines(self) -> list[Line]:
        result = self.verification
        if not result.intact:
            return [note(t("cli.error", message=result.problem))]
        if not result.entries:
            return lines_of([t("journal.empty", folder=str(self.folder))])
        first, last = result.entries[0], result.entries[-1]
        return lines_of([t("journal.intact", count=tn("journal.count", len(result.entries), count=len(result.entries)),
                           first=frformat.date_long(first.date), last=last.number, last_date=frformat.date_long(last.date)),
                         t("journal.head", fingerprint=last.fingerprint)])


def figures_for(demarche: Demarche, register: Register, as_of: dt.date) -> FollowupFigures:
    """The devoir-de-suite figures of the site, as of the publication date."""
    return followup_figures(register.to_frame(), deadline=demarche.response_deadline, as_of=as_of,
                            engagements=[(e.text, e.due) for e in demarche.engagements])


def publish(folder: Path | str, *, out: Path | None = None, date: dt.date | None = None, theme: str = "neutre",
            dsfr: Path | None = None, templates: Path | None = None) -> PublishResult:
    """Check the folder, record a publication in ``folder/journal/``, write the site into ``out``.

    Nothing is recorded or written when the folder has errors (:class:`FolderInvalid`), when the
    journal is not intact, or when ``date`` is before the last publication. ``dsfr`` is the folder
    of a DSFR copy the user installed (opt-in; never shipped).
    """
    folder = Path(folder)
    if theme == "dsfr" and dsfr is None:
        raise SuiviError(t("publish.theme_needs_dsfr"), code="dsfr_introuvable")
    if dsfr is not None and theme != "dsfr":
        raise SuiviError(t("publish.dsfr_without_theme"), code="dsfr_introuvable")
    demarche, register, report = load_checked(folder)
    dsfr_dist = _dsfr_folder(dsfr) if dsfr is not None else None
    date = date or dt.date.today()
    entries = read_journal(folder)
    if entries and date < entries[-1].date:
        raise SuiviError(t("journal.date_backwards", date=frformat.date_long(date), last=frformat.date_long(entries[-1].date)),
                         code="publication_antidatee")
    content = {"demarche": {"identifiant": demarche.id, "titre": demarche.title}, "propositions": records(demarche, register)}
    entry, data = new_entry(entries[-1] if entries else None, date, content)
    model = build_model(demarche, [*entries, entry], figures_for(demarche, register, date), site_voice(demarche, register))
    documents = _citizens_report(demarche)
    model.citizens_report = next(iter(documents), None)
    env = environment(templates)
    site = out if out is not None else folder / SITE_FOLDER
    try:
        paths = write_site(model, site, env, dsfr=dsfr_dist, documents=documents)
    except TemplateError as exc:  # a sponsor's template (--modeles) with a mistake: nothing was written
        where = t("publish.template_where", name=exc.name, line=exc.lineno) if isinstance(exc, TemplateSyntaxError) and exc.name else ""
        raise SuiviError(t("publish.template_error", where=where or str(exc), detail=exc.message or ""), code="gabarit_invalide") from exc
    journal_file = append(folder, data, entry)
    return PublishResult(entry, journal_file, site, model.latest.changes, paths, report)


def _citizens_report(demarche: Demarche) -> dict[str, bytes]:
    """The citizens' own report named by demarche.yaml (``fichiers: rapport_citoyen:``), as the site publishes it."""
    relative = demarche.files.citizens_report
    if not relative:
        return {}
    path = demarche.path(relative)
    if not path.is_file():
        raise SuiviError(t("publish.citizens_report_missing", file=relative), code="fichier_absent", file=DEMARCHE_FILE)
    check_regular_file(path, display_name(path))
    return {f"documents/{slugs([path.stem])[path.stem]}{path.suffix.lower()}": path.read_bytes()}


def _dsfr_folder(path: Path) -> Path:
    """The folder holding ``dsfr.min.css`` in a DSFR copy the user installed (package root or dist/)."""
    for candidate in (path, path / "dist"):
        if (candidate / DSFR_CSS).is_file():
            return candidate
    raise SuiviError(t("publish.no_dsfr", folder=display_name(path)), code="dsfr_introuvable")


def verify_journal(folder: Path | str) -> VerifyResult:
    """``suivi verify``: the journal's entries and its first problem, if any."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SuiviError(t("demarche.no_folder", folder=display_name(folder)), code="dossier_absent")
    return VerifyResult(folder, verify(folder))
