"""``suivi decidim export``: the register's answers and follow-up in the files Decidim reads.

- ``resultats-decidim.csv``: results for the accountability importer (``;``, UTF-8 without BOM,
  the headers of Decidim's own results export). Retained proposals sharing the same « Mesures /
  actions » become one result linked to all of them. Each proposal URL ends with ``/``: Decidim's
  importer keeps only a final digit (``scan(/\\d$/)``), so a URL ending in ``/123`` would link
  proposal 3; ending in ``/123/`` it links nothing rather than a wrong proposal.
- ``reponses-decidim.csv``: one row per decided proposal (``id``, ``state``, ``answer/<locale>``)
  for « Importer les réponses depuis un fichier ».
- ``reponses-decidim.json`` and ``resultats-decidim.json``: the same content shaped for Decidim's
  API (``answerContent``; ``proposal_ids``, dates ``dd-mm-yyyy``) where the version allows writing.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.command_result import Line, lines_of
from evaluation.demarche.folder import read_demarche
from evaluation.documents.frformat import count_noun
from evaluation.documents.outputs import safe_cell, write_bytes, write_json
from evaluation.followup.decidim.importing import register_path
from evaluation.followup.decidim.links import Link, read_links
from evaluation.followup.decidim.matching import proposal_ids, read_results
from evaluation.followup.decidim.richtext import text_to_html
from evaluation.followup.decidim.states import StateTable, load_states
from evaluation.followup.register import Proposal, load_register
from indicators.vocabulary import LABELS, Implementation, Status
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, display_name

OUT_FOLDER = Path("out") / "decidim"
RESULTS_CSV, RESULTS_JSON = "resultats-decidim.csv", "resultats-decidim.json"
ANSWERS_CSV, ANSWERS_JSON = "reponses-decidim.csv", "reponses-decidim.json"
RETAINED = (Status.RETENUE, Status.RETENUE_PARTIELLEMENT)
TITLE_LIMIT = 150  # Decidim titles are short; a longer measure is cut at a word


@dataclass
class ExportResult:
    """What ``export_decidim`` wrote, how many answers and results, and the problems met."""

    paths: list[Path]
    answers: int
    results: int
    report: ProblemReport
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (register id, reason)
    matched: int | None = None  # results given the id of an existing Decidim result (when asked)

    @property
    def exit_code(self) -> int:
        return 1 if self.report.has_errors else 0

    def lines(self) -> list[Line]:
        lines = [t("decidim.export.summary", answers=self.answers, results=self.results)]
        if self.matched is not None:
            lines.append(t("decidim.export.matched", matched=count_noun(self.matched, "decidim.export.n_matched"),
                           created=count_noun(self.results - self.matched, "decidim.export.n_created")))
        lines += [t("decidim.export.skipped_line", id=ident, reason=reason) for ident, reason in self.skipped]
        lines += [t("decidim.problem_line", line=p.render(), code=p.code) for p in self.report]
        lines += [t("decidim.wrote", path=path) for path in self.paths]
        return lines_of(lines)


def export_decidim(folder: Path | str, *, out_dir: Path | None = None, states_file: Path | None = None,
                   existing_results: Path | None = None) -> ExportResult:
    """Write the answers and results files of ``folder`` (by default into ``folder/out/decidim``).

    With ``existing_results`` (a Decidim results export), results already in Decidim get their
    ``id``, so that importing the file updates them instead of creating new ones.
    """
    folder = Path(folder)
    report = ProblemReport()
    links = read_links(folder)
    if not links:
        raise SuiviError(t("decidim.export.no_links", folder=display_name(folder)), code="liens_absents")
    demarche = read_demarche(folder, ProblemReport())
    register = load_register(demarche if demarche is not None else register_path(folder), report)
    if register is None:
        raise SuiviError(t("decidim.export.no_register", folder=display_name(folder), details="\n".join(p.render() for p in report.errors)), code="registre_illisible")
    states = load_states(folder, report, states_file)
    faulty = {p.row for p in report.errors if p.file == register.file}
    locales = list(dict.fromkeys(loc for link in links.values() for loc in (link.info.get("locales") or link.info.get("locale") or "fr").split()))
    skipped: list[tuple[str, str]] = []
    proposals = []
    for p in register.proposals:
        if p.row in faulty:
            skipped.append((p.id or "?", t("decidim.export.skip_errors", row=p.row)))
        else:
            proposals.append(p)
    answers = _answers(proposals, links, states, locales, report, skipped, register.file)
    results = _results(proposals, links, states, locales, report)
    matched = None
    if existing_results is not None:
        index = read_results(existing_results, locales[0])
        for result in results:
            result.ident = index.match(result.title, proposal_ids(";".join(result.urls)))
        matched = sum(1 for r in results if r.ident)
    out = out_dir if out_dir is not None else folder / OUT_FOLDER
    try:
        paths = [
            _write_semicolon_csv(out / ANSWERS_CSV, ["id", "state", *(f"answer/{loc}" for loc in locales)],
                                 [[a["id"], a["state"], *(a["answerContent"][loc] for loc in locales)] for a in answers]),
            write_json(out / ANSWERS_JSON, answers),
            _write_semicolon_csv(out / RESULTS_CSV, result_headers(locales), [r.row(locales) for r in results]),
            write_json(out / RESULTS_JSON, [r.api(locales) for r in results]),
        ]
    except PermissionError as exc:
        raise SuiviError(t("decidim.permission", file=display_name(exc.filename or out)), code="ecriture_refusee") from exc
    return ExportResult(paths, len(answers), len(results), report, skipped, matched)


def _answers(proposals: list[Proposal], links: dict[str, Link], states: StateTable, locales: list[str], report: ProblemReport,
             skipped: list[tuple[str, str]], file: str) -> list[dict]:
    answers = []
    for p in proposals:
        link = links.get(p.id)
        if link is None:
            continue  # not a Decidim proposal: nothing to answer there
        if p.status is None:
            skipped.append((p.id, t("decidim.export.skip_undecided")))
            continue
        token, exact = states.answer_state(p.status, link.info.get("state", ""))
        if not exact:
            report.add(Problem(file=file, row=p.row, code="decidim_etat_approche", severity=Severity.WARNING,
                               message=t("decidim.export.approximate_state", status=LABELS[p.status], state=token)))
        text = text_to_html(p.motivation)
        answers.append({"id": int(link.info["decidim_id"]) if link.info["decidim_id"].isdigit() else link.info["decidim_id"],
                        "state": token, "answerContent": dict.fromkeys(locales, text)})
    return answers


def result_headers(locales: list[str]) -> list[str]:
    """The results CSV headers, in the order of Decidim's own export (only the columns it reads)."""
    return ["id", "parent/id", *(f"title/{loc}" for loc in locales), *(f"description/{loc}" for loc in locales),
            "start_date", "end_date", "status/id", "progress", "proposal_urls"]


@dataclass
class _Result:
    title: str
    description: str
    proposals: list[Proposal]
    urls: list[str]
    status_id: str
    progress: float | None
    ident: str = ""  # the Decidim result to update, if known

    @property
    def start(self) -> str:
        dates = [p.decision_date for p in self.proposals if p.decision_date]
        return min(dates).isoformat() if dates else ""

    @property
    def end(self) -> str:
        dates = [p.due_date for p in self.proposals if p.due_date]
        return max(dates).isoformat() if dates else ""

    def row(self, locales: list[str]) -> list[str]:
        progress = "" if self.progress is None else f"{self.progress:g}"
        return [self.ident, "", *([safe_cell(self.title)] * len(locales)), *([self.description] * len(locales)), self.start, self.end,
                self.status_id, progress, ";".join(self.urls)]

    def api(self, locales: list[str]) -> dict:
        return {
            "id": int(self.ident) if self.ident.isdigit() else None,
            "title": dict.fromkeys(locales, self.title), "description": dict.fromkeys(locales, self.description),
            "start_date": _api_date(self.start), "end_date": _api_date(self.end), "progress": self.progress,
            "decidim_accountability_status_id": int(self.status_id) if self.status_id else None,
            "proposal_ids": sorted(proposal_ids(";".join(self.urls))),
        }


def _api_date(iso: str) -> str | None:
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}" if iso else None


def _results(proposals: list[Proposal], links: dict[str, Link], states: StateTable, locales: list[str], report: ProblemReport) -> list[_Result]:
    groups: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.status in RETAINED:
            groups[" ".join(p.measures.split()).casefold() or f"\x00{p.id}"].append(p)
    results = []
    missing: set[Implementation] = set()
    for members in groups.values():
        first = members[0]
        measures = first.measures.strip()
        title = _short(measures.split("\n", 1)[0]) if measures else first.title
        description = text_to_html(measures or first.motivation or first.title)
        states_seen = {p.implementation for p in members if p.implementation is not None}
        implementation = states_seen.pop() if len(states_seen) == 1 else None
        status_id = states.result_statuses.get(implementation, "") if implementation else ""
        if implementation and not status_id:
            missing.add(implementation)
        progress = [p.progress for p in members if p.progress is not None]
        urls = [links[p.id].info["url"].rstrip("/") + "/" for p in members if p.id in links and links[p.id].info.get("url")]
        results.append(_Result(title, description, members, urls, status_id, sum(progress) / len(progress) if progress else None))
    if missing:
        report.add(Problem(file=states.file or "decidim-etats.yaml", code="decidim_statut_resultat_absent", severity=Severity.WARNING,
                           message=t("decidim.export.missing_result_status", states=", ".join(f"« {LABELS[m]} »" for m in sorted(missing)))))
    return results


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_LIMIT:
        return text
    return text[: TITLE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _write_semicolon_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    """Decidim's CSV dialect: ``;``, ``"`` quoting only where needed, UTF-8 without BOM, ``\\n``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return write_bytes(path, buffer.getvalue().encode("utf-8"))


__all__ = ["ANSWERS_CSV", "ANSWERS_JSON", "RESULTS_CSV", "RESULTS_JSON", "ExportResult", "export_decidim", "result_headers"]
