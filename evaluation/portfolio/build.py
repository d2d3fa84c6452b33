"""``suivi portfolio``: indicators and lessons of many démarches, side by side, for the CIPC.

Each PATH is a démarche folder (it holds ``demarche.yaml``) or a folder of démarche folders.
Every démarche is read and evaluated as ``suivi evaluate`` would (same inputs, same steps, same
disclosure control), one at a time and in parallel worker processes; only its figures, its card
(identity, dates, lessons) and the CSV lines of its indicators are kept, never its survey tables,
so memory stays bounded by the size of the largest démarche.

A démarche that cannot be read, whose files have errors, or that has no proposal register
(incomplete: no devoir de suite to compare) is *excluded*, with its problems; ``strict=True``
makes any exclusion fatal. Outputs (see :mod:`evaluation.portfolio_xlsx`,
:mod:`evaluation.portfolio_docx`, :mod:`evaluation.portfolio_opendata`) say which démarches were
included and which were not.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd
from threadpoolctl import threadpool_limits

from evaluation.demarche.folder import read_demarche
from evaluation.demarche.model import DEMARCHE_FILE, MODALITY_LABELS, Demarche
from evaluation.documents.outputs import atomic_path, check_output_folder, write_json
from evaluation.portfolio.metrics import extract, shared_item_metrics
from evaluation.portfolio.model import (
    DOCX_FILE,
    XLSX_FILE,
    Card,
    Excluded,
    Exclusion,
    Included,
    PortfolioResult,
    Settings,
    exclusion_lines,
)
from evaluation.portfolio.opendata import CSV_FILE, SCHEMA_FILE, csv_chunk, portfolio_schema, write_header
from evaluation.portfolio.stats import quartiles
from evaluation.report.evaluate import EvaluationResult, compute, read_inputs
from indicators.devoir_de_suite import followup_figures
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.survey.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from indicators.survey.change import BootstrapSettings
from surveys.i18n import t, tn
from surveys.problems import Problem, ProblemReport, SuiviError
from surveys.processes import cores, pool_context

SKIPPED_FOLDERS = frozenset({"out", "__pycache__"})


# --- finding the démarches ------------------------------------------------------------------------
def find_folders(paths: Sequence[Path | str], skip: Iterable[Path] = ()) -> tuple[list[Path], list[Excluded]]:
    """Démarche folders named by ``paths``: each path itself, or its sub-folders (hidden ones and ``out`` skipped).

    A path that does not exist, or a folder with neither ``demarche.yaml`` nor sub-folders, is a
    fatal error; a sub-folder without ``demarche.yaml`` is returned and will be reported as excluded.
    A sub-folder reached through a symbolic link, or leading outside the path given, is refused
    (returned as excluded, never read), as the démarche reader refuses a symlinked file.
    """
    skipped = {p.resolve() for p in skip}
    found: dict[Path, Path] = {}
    refused: list[Excluded] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            raise SuiviError(t("portfolio.no_path", path=raw), code="dossier_absent")
        if (path / DEMARCHE_FILE).is_file():
            found.setdefault(path.resolve(), path)
            continue
        children = [c for c in sorted(path.iterdir()) if c.is_dir() and not c.name.startswith((".", "_"))
                    and c.name not in SKIPPED_FOLDERS and c.resolve() not in skipped]
        if not children:
            raise SuiviError(t("portfolio.no_demarche", path=raw), code="aucune_demarche")
        for child in children:
            problem = _refusal(child, path)
            if problem is not None:
                refused.append(Excluded(str(child), None, Exclusion.REFUSED, [problem]))
            else:
                found.setdefault(child.resolve(), child)
    return list(found.values()), refused


def _refusal(child: Path, root: Path) -> Problem | None:
    """Why a sub-folder of ``root`` may not be read: a symbolic link, or a place outside ``root``."""
    if child.is_symlink():
        return Problem(file=child.name, code="lien_symbolique", message=t("portfolio.symlink", folder=child.name, root=root))
    if not child.resolve().is_relative_to(root.resolve()):  # a Windows junction, which is no symlink
        return Problem(file=child.name, code="chemin_hors_dossier", message=t("portfolio.outside", folder=child.name, root=root))
    return None


# --- one démarche -------------------------------------------------------------------------------------
def summarise(folder: Path, settings: Settings) -> Excluded | _Summary:
    """Read and evaluate one démarche; keep its card, figures and indicator lines, or say why it is left out."""
    label = str(folder)
    report = ProblemReport()
    if not (folder / DEMARCHE_FILE).is_file():
        report.add(Problem(file=DEMARCHE_FILE, code="demarche_absente", message=t("portfolio.not_a_demarche", folder=folder.name)))
        return Excluded(label, None, Exclusion.NOT_A_DEMARCHE, list(report))
    demarche = read_demarche(folder, report)
    if demarche is None:
        return Excluded(label, None, Exclusion.INVALID, list(report))
    if not demarche.path(demarche.files.proposals).is_file():
        report.add(Problem(file=demarche.files.proposals, code="registre_absent",
                           message=t("portfolio.no_register", file=demarche.files.proposals)))
        return Excluded(label, demarche.id, Exclusion.INCOMPLETE, list(report))
    inputs = report.attempt(lambda: read_inputs(demarche, report, _bootstrap(settings), settings.as_of, write_key=False),
                            file=DEMARCHE_FILE)
    if inputs is None or report.has_errors:
        return Excluded(label, demarche.id, Exclusion.ERRORS, list(report))
    return _included(label, compute(inputs, settings.threshold), settings)


def _bootstrap(settings: Settings) -> BootstrapSettings:
    return BootstrapSettings(resamples=settings.resamples, seed=settings.seed)


def _included(label: str, result: EvaluationResult, settings: Settings) -> _Summary:
    """The entry and CSV lines of a démarche evaluated without errors."""
    card = _card(result.demarche, result.register, settings.as_of)
    entry = Included(label, card, extract(result.results), result.problems.warnings)
    return _Summary(entry, csv_chunk(result.demarche.id, result.results))


def _reusable(result: EvaluationResult, settings: Settings) -> bool:
    """Whether ``result`` is what :func:`summarise` would compute for its démarche with ``settings``."""
    return (not result.problems.has_errors and result.as_of == settings.as_of and result.threshold == settings.threshold
            and result.settings == _bootstrap(settings))


@dataclass
class _Summary:
    """What a worker sends back for an included démarche: its entry and its CSV lines."""

    entry: Included
    lines: bytes


def _card(demarche: Demarche, register: pd.DataFrame | None, as_of: dt.date) -> Card:
    deadline = demarche.response_deadline
    in_time = late = undecided = overdue = None
    if register is not None:
        figures = followup_figures(register, deadline=deadline, as_of=as_of, engagements=[(e.text, e.due) for e in demarche.engagements])
        overdue = len(figures.overdue())
        if deadline is not None:
            in_time, late, undecided = figures.decided_in_time, figures.decided_late, figures.undecided
    return Card(
        id=demarche.id, title=demarche.title, sponsor=demarche.sponsor, ministry=demarche.ministry, year=demarche.year,
        modalities=tuple(MODALITY_LABELS[m] for m in demarche.modalities), panel_size=demarche.panel.size,
        restitution=demarche.dates.restitution, deadline=deadline,
        lessons=tuple((lesson.tag, lesson.text) for lesson in demarche.lessons),
        decided_in_time=in_time, decided_late=late, undecided=undecided, overdue=overdue,
    )


def _summarise_task(task: tuple[Path, Settings]) -> Excluded | _Summary:
    return summarise(*task)


# Below this many bytes of démarches to evaluate (about 1.5 s of work), two worker processes took
# 15 % more CPU and no less time than one process (the demo's three synthetic démarches: 150 kB).
PARALLEL_MIN_BYTES = 512 * 1024


def _size(folder: Path) -> int:
    """Bytes of the folder's files: a proxy for the time a démarche takes."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _one_blas_thread() -> None:
    """Worker start-up: one BLAS thread per process (the démarches already keep every core busy;
    more threads than cores made the bootstrap products 25 % slower on two cores)."""
    threadpool_limits(1)


def _run(folders: Sequence[Path], settings: Settings, workers: int,
         evaluated: Mapping[Path, EvaluationResult]) -> Iterator[Excluded | _Summary]:
    """Outcomes in the order of ``folders``; in parallel, the largest démarches are started first.

    A folder in ``evaluated`` (resolved paths) is summarised from its result, without evaluating it
    again. Démarches holding less than :data:`PARALLEL_MIN_BYTES` in all are evaluated here: worker
    processes would cost more CPU than they save time.
    """
    done = {i: _included(str(folder), evaluated[folder.resolve()], settings) for i, folder in enumerate(folders)
            if folder.resolve() in evaluated}
    tasks = {i: (folder, settings) for i, folder in enumerate(folders) if i not in done}
    sizes = {i: _size(folders[i]) for i in tasks}
    if workers <= 1 or len(tasks) <= 1 or sum(sizes.values()) < PARALLEL_MIN_BYTES:
        with threadpool_limits(1):
            yield from (done[i] if i in done else _summarise_task(tasks[i]) for i in range(len(folders)))
        return
    order = sorted(tasks, key=lambda i: -sizes[i])
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=pool_context(),
                             initializer=_one_blas_thread) as pool:
        futures = {i: pool.submit(_summarise_task, tasks[i]) for i in order}
        for i in range(len(folders)):
            yield done[i] if i in done else futures.pop(i).result()


# --- the portfolio --------------------------------------------------------------------------------
class PortfolioRefused(SuiviError):
    """Nothing was written: every démarche was excluded, or one was and ``strict`` was asked."""

    def __init__(self, message: str, excluded: list[Excluded]) -> None:
        super().__init__(message, code="portefeuille_refuse")
        self.excluded = excluded


def default_workers() -> int:
    return cores()


def build_portfolio(
    paths: Sequence[Path | str],
    out: Path | str,
    *,
    strict: bool = False,
    as_of: dt.date | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int | None = None,
    workers: int | None = None,
    template: Path | None = None,
    evaluated: Sequence[EvaluationResult] = (),
) -> PortfolioResult:
    """Evaluate every démarche found under ``paths`` and write the portfolio's outputs into ``out``.

    ``evaluated`` holds démarches already evaluated by ``suivi evaluate``'s own steps (the demo's
    example): one computed with this portfolio's date, threshold and bootstrap is used as it is
    instead of being evaluated again. Raises :class:`PortfolioRefused` (nothing written) when no
    démarche can be included, or when one is excluded and ``strict`` is true.
    """
    from evaluation.documents.docx_accessible import open_template
    from evaluation.portfolio.docx import write_portfolio_docx
    from evaluation.portfolio.xlsx import write_portfolio_xlsx

    out = Path(out)
    document = open_template(template)  # a bad template stops the run before any work
    check_output_folder(out)
    settings = Settings(as_of=as_of or dt.date.today(), threshold=threshold, resamples=resamples,
                        seed=DEFAULT_SEED if seed is None else seed)
    folders, refused = find_folders(paths, skip=[out])
    included: list[Included] = []
    excluded: list[Excluded] = list(refused)
    seen: dict[str, str] = {}
    reusable = {result.demarche.folder.resolve(): result for result in evaluated if _reusable(result, settings)}
    with tempfile.TemporaryFile() as lines:
        for outcome in _run(folders, settings, workers or default_workers(), reusable):
            if isinstance(outcome, Excluded):
                excluded.append(outcome)
                continue
            entry = outcome.entry
            if entry.card.id in seen:
                problem = Problem(file=DEMARCHE_FILE, header="id", value=entry.card.id, code="identifiant_duplique",
                                  message=t("portfolio.duplicate_id", id=entry.card.id, other=seen[entry.card.id]))
                excluded.append(Excluded(entry.folder, entry.card.id, Exclusion.DUPLICATE, [problem]))
                continue
            seen[entry.card.id] = entry.folder
            included.append(entry)
            lines.write(outcome.lines)
        _refuse_if_needed(included, excluded, strict)
        result = _aggregate(included, excluded, settings)
        lines.seek(0)
        result.paths = [_write_lines(out / CSV_FILE, lines), write_json(out / SCHEMA_FILE, portfolio_schema())]
    result.paths.insert(0, write_portfolio_xlsx(result, out / XLSX_FILE))
    result.paths.insert(1, write_portfolio_docx(result, out / DOCX_FILE, document=document))
    return result


def _refuse_if_needed(included: list[Included], excluded: list[Excluded], strict: bool) -> None:
    if included and not (strict and excluded):
        return
    details = "\n".join(exclusion_lines(excluded))
    if not included:
        raise PortfolioRefused(t("portfolio.refused_none", details=details), excluded)
    raise PortfolioRefused(tn("portfolio.refused_strict", len(excluded), details=details), excluded)


def _aggregate(included: list[Included], excluded: list[Excluded], settings: Settings) -> PortfolioResult:
    item_metrics = shared_item_metrics([d.figures for d in included])
    result = PortfolioResult(included=included, excluded=excluded, settings=settings, item_metrics=item_metrics, spreads={})
    result.spreads = {m.key: quartiles(result.values(m)) for m in result.benchmarked}
    return result


def _write_lines(target: Path, lines: IO[bytes]) -> Path:
    with atomic_path(target) as tmp, tmp.open("wb") as stream:
        write_header(stream)
        shutil.copyfileobj(lines, stream)
    return target
