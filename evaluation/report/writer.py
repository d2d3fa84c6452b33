"""``suivi evaluate``: the evaluation report (Word), its charts (PNG) and its workbook (Excel).

The report is built with :class:`AccessibleDocument` on the styles-only template (or the
sponsor's own): a one-page summary of key figures, each with its n; the method; one chapter per
CIPC dimension; the devoir de suite; the quality checklist; panel representativeness; the
interviews; the limits; annexes with every item and indicator. Every number comes from the
published rows of ``indicateurs.csv`` (see :mod:`evaluation.report_tables`).
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document

from evaluation.demarche.inputs import refuse_overwriting_inputs
from evaluation.documents import charts, frformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import save_with, write_bytes
from evaluation.report.evaluate import EvaluationResult
from evaluation.report.figures import (
    ReportFigure,
    change_figure,
    checklist_figure,
    gap_figure,
    gap_scale,
    interview_figure,
    likert_figures,
    status_figure,
    theme_figure,
)
from evaluation.report.tables import (
    ITEM_DIMENSIONS,
    ReportTable,
    Results,
    agreement_paradox,
    agreement_table,
    blind_spots_table,
    breakdown_table,
    cell_text,
    change_comparisons,
    change_table,
    checklist_scores_table,
    checklist_table,
    definitions_table,
    delays_table,
    double_coded,
    dropouts_table,
    favourable_scales,
    index_table,
    interview_code_label,
    interview_codes_table,
    interview_summary_table,
    items_annex_table,
    items_table,
    key_figures,
    key_figures_table,
    pairs_table,
    participation_table,
    representativeness_summary,
    representativeness_variables,
    services_table,
    status_table,
    suppressed_table,
    theme_table,
    variable_table,
    wave_label,
)
from evaluation.report.workbook import WORKBOOK_FILE, write_workbook
from indicators.internal_impact import blind_spot_descriptions, published_quotes
from indicators.vocabulary import LABELS, Dimension
from surveys.i18n import t, tn
from surveys.processes import cores

REPORT_FILE = "rapport-evaluation.docx"
FIGURES_FOLDER = "figures"
TEXT_WIDTH_CM = 16.5  # A4 with the template's 2.2 cm margins
KEEP_TOGETHER_ROWS = 8  # a table this short (a total, a few categories) never leaves rows alone on the next page
MIN_DOUBLE_CODED = 10  # fewer interviews coded twice say nothing about the reliability of the coding

Progress = Callable[[str], None]

COLLABORATION = ("services_avant_moyen", "services_apres_moyen", "services_distincts_avant", "services_distincts_apres",
                 "nouveaux_liens", "part_entretiens_nouveau_lien", "angles_morts", "part_entretiens_angle_mort")
INTERVIEW_METHOD = ("entretiens", "entretiens_double_codage", "alpha_krippendorff", "desaccords_non_reconcilies")


@dataclass(frozen=True)
class ReportOutputs:
    """What :func:`write_evaluation_outputs` wrote."""

    report: Path
    workbook: Path
    figures: list[Path]

    @property
    def paths(self) -> list[Path]:
        return [self.report, self.workbook, *self.figures]


def write_evaluation_outputs(
    result: EvaluationResult,
    out_dir: Path,
    *,
    document: Document | None = None,
    template: Path | None = None,
    when: dt.date | None = None,
    progress: Progress | None = None,
) -> ReportOutputs:
    """Write the report, its figures (``figures/*.png``) and the workbook into ``out_dir``.

    ``document`` is an already opened template (open it before computing, so that a bad template
    stops the run early); ``progress`` receives a French line per step.
    """
    say = progress or (lambda _line: None)
    refuse_overwriting_inputs(result.demarche, [out_dir / REPORT_FILE, out_dir / WORKBOOK_FILE])
    doc = AccessibleDocument(document if document is not None else open_template(template))
    figures = _FigureFolder(out_dir / FIGURES_FOLDER, say)
    res = Results(result)
    with _ChartsAhead(res) as ahead:
        writer = _ReportWriter(doc, res, figures, ahead, when or dt.date.today())
        say(t("report.progress.report"))
        tables = writer.write()
    report_path = save_with(out_dir / REPORT_FILE, doc.save)
    say(t("report.progress.workbook"))
    workbook_path = write_workbook(res, tables, out_dir / WORKBOOK_FILE)
    figures.remove_stale()
    return ReportOutputs(report_path, workbook_path, figures.paths)


class _FigureFolder:
    """Saves each chart as PNG in ``out/figures`` (numbered in reading order) and reports progress."""

    def __init__(self, folder: Path, say: Progress) -> None:
        self.folder = folder
        self.say = say
        self.paths: list[Path] = []

    def save(self, figure: ReportFigure) -> None:
        path = self.folder / f"{len(self.paths) + 1:02d}-{figure.name}.png"
        self.paths.append(write_bytes(path, figure.png))
        self.say(t("report.progress.figure", file=path.name))

    def remove_stale(self) -> None:
        """Charts of an earlier run that this run did not write (their names changed)."""
        if not self.folder.is_dir():
            return
        kept = set(self.paths)
        for path in self.folder.glob("*.png"):
            if path not in kept:
                path.unlink()


class _ReportWriter:
    """Writes the chapters in reading order and collects the tables for the workbook."""

    def __init__(self, doc: AccessibleDocument, res: Results, figures: _FigureFolder, ahead: _ChartsAhead, when: dt.date) -> None:
        self.doc = doc
        self.res = res
        self.result = res.result
        self.demarche = res.result.demarche
        self.figures = figures
        self.ahead = ahead
        self.when = when
        self.tables: list[ReportTable] = []

    def write(self) -> list[ReportTable]:
        d = self.demarche
        self.doc.properties(title=t("report.doc_title", title=d.title), author=d.sponsor, subject=t("report.subject", title=d.title),
                            keywords=t("report.keywords"), when=dt.datetime.combine(self.when, dt.time()))
        self.doc.title(t("report.title"), d.title)
        self.doc.paragraph(frformat.typo(t("report.published", sponsor=d.sponsor, date=frformat.date_long(self.when))))
        self._summary()
        self._method()
        for dimension in ITEM_DIMENSIONS:
            self._dimension(dimension)
        self._devoir_de_suite()
        self._quality()
        self._representativeness()
        self._interviews()
        self._limits()
        self._annexes()
        return self.tables

    # --- building blocks -----------------------------------------------------------------------
    def _table(self, table: ReportTable) -> None:
        if not table:
            return
        self.tables.append(table)
        header = [c.header for c in table.columns]
        rows = [[cell_text(cell, column) for cell, column in zip(row, table.columns)] for row in table.rows]
        widths = column_widths(table, rows)
        numeric = tuple(i for i, c in enumerate(table.columns) if c.numeric)
        self.doc.table(header, rows, caption=frformat.typo(table.caption), widths_cm=widths, numeric=numeric, keep_rows=True,
                       keep_together=len(rows) <= KEEP_TOGETHER_ROWS)

    def _figure(self, figure: ReportFigure | None) -> None:
        if figure is None:
            return
        self.figures.save(figure)
        self.doc.figure(io.BytesIO(figure.png), alt=frformat.typo(figure.alt), caption=frformat.typo(figure.caption),
                        width_cm=min(TEXT_WIDTH_CM, png_width_cm(figure.png)))

    def _para(self, text: str) -> None:
        self.doc.paragraph(frformat.typo(text))

    # --- synthèse ------------------------------------------------------------------------------
    def _summary(self) -> None:
        self.doc.heading(t("report.h.summary"), 1)
        self._para(t("report.summary_intro"))
        figures = key_figures(self.res)
        if figures:
            self._table(key_figures_table(figures))
        else:
            self._para(t("report.summary_empty"))

    # --- méthode -------------------------------------------------------------------------------
    def _method(self) -> None:
        d = self.demarche
        self.doc.heading(t("report.h.method"), 1).paragraph_format.page_break_before = True  # the summary is one page
        self.doc.heading(t("report.h.sources"), 2)
        sources = [t("report.source_survey", file=s.path, wave=wave_label(s.wave).lower()) for s in d.files.surveys]
        if d.path(d.files.proposals).is_file():
            sources.append(t("report.source_register", file=d.files.proposals))
        if d.files.interviews:
            sources.append(t("report.source_interviews", file=d.files.interviews))
        if d.files.margins:
            sources.append(t("report.source_margins", file=d.files.margins))
        if d.files.panel:
            sources.append(t("report.source_panel", file=d.files.panel))
        sources.append(t("report.source_demarche"))
        self.doc.bullets([frformat.typo(s) for s in sources])
        self.doc.heading(t("report.h.respondents"), 2)
        participation = participation_table(self.res)
        if participation:
            self._para(t("report.respondents_intro"))
            self._table(participation)
            self._table(pairs_table(self.res))
            dropouts = dropouts_table(self.res)
            if dropouts:
                self._para(t("report.dropouts_intro"))
                self._table(dropouts)
        else:
            self._para(t("report.no_survey"))
        if participation:
            self.doc.heading(t("report.h.statistics"), 2)
            self.doc.bullets([frformat.typo(t(f"report.statistics.{i}")) for i in range(1, 6)])
            scales = favourable_scales(self.res)
            if scales:
                self._para(t("report.favourable_scales"))
                self.doc.bullets([frformat.typo(line) for line in scales])
        self.doc.heading(t("report.h.disclosure"), 2)
        cells = self.result.suppressed
        primary = sum(1 for c in cells if not c.secondary)
        self._para(t("report.disclosure", threshold=frformat.number(self.result.threshold),
                     cells=tn("report.n_cells", len(cells), count=frformat.number(len(cells))),
                     primary=frformat.number(primary), secondary=frformat.number(len(cells) - primary)))
        self._table(suppressed_table(self.res, cells))

    # --- dimensions ------------------------------------------------------------------------------
    def _dimension(self, dimension: Dimension) -> None:
        self.doc.heading(LABELS[dimension], 1)
        if dimension is Dimension.REPRESENTATIONS:
            self._feedback()
        self._para(t(f"report.dimension_intro.{dimension.value}"))
        waves = self.res.waves(dimension)
        index = index_table(self.res, dimension)
        if index:
            self.doc.heading(t("report.h.index"), 2)
            self._para(t("report.index_intro"))
            self._table(index)
        for wave in waves:
            self.doc.heading(t("report.h.answers", wave=wave_label(wave).lower()), 2)
            self._table(items_table(self.res, dimension, wave))
        figures = self.ahead.get(likert_figures, dimension)
        if figures:
            self.doc.heading(t("report.h.distributions"), 2)
            self._para(t("report.distributions_intro"))
            for figure in figures:
                self._figure(figure)
        for comparison in change_comparisons(self.res, dimension):
            self.doc.heading(t("report.h.change", comparison=comparison_text(comparison)), 2)
            self._para(t("report.change_intro"))
            self._table(change_table(self.res, dimension, comparison))
            self._figure(self.ahead.get(change_figure, dimension, comparison))
        if dimension is Dimension.IMPACT_INTERNE:
            self._impact()
        elif not waves:
            self._para(t("report.no_items"))

    def _impact(self) -> None:
        codes = interview_codes_table(self.res)
        if not codes:
            self._para(t("report.no_interview_impact"))
            return
        self.doc.heading(t("report.h.impact_codes"), 2)
        self._para(t("report.impact_intro"))
        self._table(codes)
        self._figure(self.ahead.get(interview_figure))
        self.doc.heading(t("report.h.collaboration"), 2)
        self._table(interview_summary_table(self.res, ("indice_changement_pratique", *COLLABORATION), t("report.sheet.collaboration"),
                                            t("report.caption.collaboration")))
        spots = blind_spots_table(self.res)
        if spots:
            self._para(t("report.blind_spots_intro"))
            self._table(spots)
        if self.result.interviews is not None:
            described = blind_spot_descriptions(self.result.interviews)
            if described:
                self._para(t("report.blind_spots_described"))
                self.doc.bullets([t("report.blind_spot", text=s.description, proposals=", ".join(s.proposals)) if s.proposals else s.description
                                  for s in described])

    # --- devoir de suite ----------------------------------------------------------------------------
    def _devoir_de_suite(self) -> None:
        self.doc.heading(LABELS[Dimension.DEVOIR_DE_SUITE], 1)
        status = status_table(self.res)
        if not status:
            self._para(t("report.no_register"))
            return
        self._para(t("report.devoir_intro"))
        self.doc.heading(t("report.h.status"), 2)
        self._table(status)
        self._figure(self.ahead.get(status_figure))
        themes = theme_table(self.result.register)
        if themes:
            self.doc.heading(t("report.h.themes"), 2)
            self._table(themes)
            self._figure(self.ahead.get(_register_theme_figure))
        self.doc.heading(t("report.h.delays"), 2)
        self._table(delays_table(self.res))
        self._table(breakdown_table(self.res, "part_code_motif", t("report.sheet.reasons"), t("report.caption.reasons"), t("report.col.reason")))
        self._table(breakdown_table(self.res, "part_mise_en_oeuvre", t("report.sheet.implementation"), t("report.caption.implementation"), t("report.col.implementation")))
        self._readings()

    def _feedback(self) -> None:
        """The citizens' feedback on each published answer (evaluation.voice), among citizens' perceptions."""
        from evaluation.voice.feedback_outputs import feedback_table

        table = feedback_table(self.result.feedback, self.result.register)
        if not table:
            return
        self.doc.heading(t("voice.feedback.h_report"), 2)
        respondents = frformat.count_noun(self.result.feedback_respondents or 0, "voice.feedback.report_respondents")
        self._para(t("voice.feedback.report_intro", respondents=respondents, threshold=self.result.threshold))
        self._table(table)

    def _readings(self) -> None:
        """Other bodies' readings of the statuses (evaluation.voice): agreement tables, proposals read differently."""
        from evaluation.voice.report_parts import readings_tables

        tables = readings_tables(self.result.register, self.result.readings)
        if tables:
            self.doc.heading(t("voice.report.h_readings"), 2)
            self._para(t("voice.report.intro"))
            for table in tables:
                self._table(table)

    # --- qualité ---------------------------------------------------------------------------------
    def _quality(self) -> None:
        self.doc.heading(LABELS[Dimension.QUALITE], 1)
        self._para(t("report.quality_intro"))
        self._table(checklist_table(self.res))
        self._figure(self.ahead.get(checklist_figure))
        self._table(checklist_scores_table(self.res))

    # --- représentativité ------------------------------------------------------------------------
    def _representativeness(self) -> None:
        self.doc.heading(LABELS[Dimension.REPRESENTATIVITE], 1)
        variables = representativeness_variables(self.res)
        if not variables:
            self._para(t("report.no_representativeness"))
            return
        self._para(t("report.representativeness_intro", threshold=frformat.number(self.result.threshold)))
        self._table(representativeness_summary(self.res))
        for number, variable in enumerate(variables, start=1):
            self.doc.heading(self.res.variable_label(variable), 2)
            self._table(variable_table(self.res, variable))
            self._figure(self.ahead.get(_scaled_gap_figure, variable, number))

    # --- entretiens -------------------------------------------------------------------------------
    def _interviews(self) -> None:
        self.doc.heading(t("report.h.interviews"), 1)
        method = interview_summary_table(self.res, INTERVIEW_METHOD, t("report.sheet.interviews"), t("report.caption.interviews"))
        if not method:
            self._para(t("report.no_interviews"))
            return
        self._para(t("report.interviews_intro"))
        self._table(method)
        agreement = agreement_table(self.res)
        if agreement:
            self.doc.heading(t("report.h.agreement"), 2)
            self._para(t("report.agreement_intro"))
            coded_twice = double_coded(self.res) or 0
            if coded_twice < MIN_DOUBLE_CODED:
                self._para(tn("report.agreement_small", coded_twice, count=frformat.number(coded_twice), minimum=frformat.number(MIN_DOUBLE_CODED)))
            self._table(agreement)
            if agreement_paradox(self.res):
                self._para(t("report.agreement_paradox"))
        services = services_table(self.res)
        if services:
            self.doc.heading(t("report.h.services"), 2)
            self._para(t("report.services_intro"))
            self._table(services)
        quotes = published_quotes(self.result.interviews) if self.result.interviews is not None else []
        if quotes:
            self.doc.heading(t("report.h.quotes"), 2)
            self._para(t("report.quotes_intro"))
            for code in dict.fromkeys(q.code for q in quotes):
                self.doc.heading(interview_code_label(code), 3)
                for quote in (q for q in quotes if q.code == code):
                    self.doc.quote(f"«\u00a0{quote.text}\u00a0»")

    # --- limites -----------------------------------------------------------------------------------
    def _limits(self) -> None:
        from evaluation.report.limits import limits

        self.doc.heading(t("report.h.limits"), 1)
        self.doc.bullets([frformat.typo(line) for line in limits(self.res)])

    # --- annexes -----------------------------------------------------------------------------------
    def _annexes(self) -> None:
        self.doc.heading(t("report.h.annexes"), 1)
        self.doc.heading(t("report.h.annex_items"), 2)
        items = items_annex_table(self.res)
        if items:
            self._para(t("report.annex_items_intro"))
            self._table(items)
        else:
            self._para(t("report.no_items_annex"))
        self.doc.heading(t("report.h.annex_definitions"), 2)
        self._table(definitions_table(self.res))


# --- charts drawn ahead -------------------------------------------------------------------------

FigureFunction = Callable[..., Any]  # a function of evaluation.report.figures taking the results first
_shared: Results | None = None  # what forked workers draw from: inherited, never copied through a pipe


def _scaled_gap_figure(res: Results, variable: str, number: int) -> ReportFigure | None:
    """A representativeness chart on the scale shared by every variable's chart."""
    return gap_figure(res, variable, number, limit=gap_scale(res, representativeness_variables(res)))


def _register_theme_figure(res: Results) -> ReportFigure | None:
    return theme_figure(res.result.register)


def _figure_calls(res: Results) -> list[tuple[FigureFunction, tuple[Any, ...]]]:
    """Every chart the writer may ask for, in reading order (one it does not ask for is dropped)."""
    calls: list[tuple[FigureFunction, tuple[Any, ...]]] = []
    for dimension in ITEM_DIMENSIONS:
        calls.append((likert_figures, (dimension,)))
        calls += [(change_figure, (dimension, comparison)) for comparison in change_comparisons(res, dimension)]
    calls += [(interview_figure, ()), (status_figure, ()), (_register_theme_figure, ()), (checklist_figure, ())]
    calls += [(_scaled_gap_figure, (variable, n)) for n, variable in enumerate(representativeness_variables(res), start=1)]
    return calls


def _draw(function: FigureFunction, args: tuple[Any, ...]) -> Any:
    return function(_shared, *args)


class _ChartsAhead:
    """The report's charts drawn ahead, in worker processes, while the document is written.

    Drawing is most of the report's time and every chart is independent. With two cores or more
    and ``fork`` (the workers inherit the results instead of receiving a copy), every chart the
    writer may ask for is submitted at once; :meth:`get` hands each one out where the writer asks
    for it, so the document and the files are the same as when drawn one after the other. With one
    core, or without ``fork`` (Windows), :meth:`get` draws in place.
    """

    def __init__(self, res: Results) -> None:
        self.res = res
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[tuple[str, tuple[Any, ...]], Future[Any]] = {}
        calls = _figure_calls(res)
        workers = min(cores(), len(calls))
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            global _shared
            _shared = res
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            self.pending = {(function.__name__, args): self.pool.submit(_draw, function, args) for function, args in calls}

    def get(self, function: FigureFunction, *args: Any) -> Any:
        """``function(results, *args)``: drawn ahead when it was submitted, here otherwise."""
        future = self.pending.pop((function.__name__, args), None)
        return future.result() if future is not None else function(self.res, *args)

    def __enter__(self) -> _ChartsAhead:
        return self

    def __exit__(self, *_exc: object) -> None:
        global _shared
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        _shared = None


def comparison_text(comparison: str) -> str:
    later, first = comparison.split("-")
    return t("report.comparison_text", first=wave_label(first).lower(), later=wave_label(later).lower())


def png_width_cm(png: bytes) -> float:
    """The printed width of a chart at the resolution it was drawn for, so every chart has the same font size."""
    return charts.printed_width_cm(png)


_NARROW, _WIDE = set("fijlrtI'.,:;!|()[]-"), set("mwMW%")
PADDING_CM = 0.5  # cell margins and borders
MAX_FIGURE_CM = 2.6  # a figure column wider than this wraps its cells
MAX_INTERVAL_CM = 3.0  # same, for « [low ; high] » lines


def text_cm(text: str, *, bold: bool = False, size_pt: float = 10.5) -> float:
    """Approximate printed width of one line of text in Arial (the template's font), a little generous."""
    ems = sum(0.3 if c in _NARROW else 0.9 if c in _WIDE else 0.7 if c.isupper() else 0.56 for c in text)
    return ems * (1.1 if bold else 1.0) * size_pt / 72 * 2.54


def _between(low: list[float], high: list[float], room: float) -> list[float]:
    """Widths from ``low`` towards ``high``, in the same proportion, adding up to ``room``."""
    spare = sum(high) - sum(low)
    share = (room - sum(low)) / spare if spare > 0 else 0.0
    return [lo + (hi - lo) * max(0.0, min(1.0, share)) for lo, hi in zip(low, high)]


def column_widths(table: ReportTable, rows: Sequence[Sequence[str]]) -> list[float]:
    """Widths that never break a heading word and keep figures on one line when the page allows.

    Each column has a minimum (its longest heading word, its longest word for text) and a wanted
    width (its longest figure, or its nominal width for text). When the wanted widths do not fit
    in the text width, text columns give way first, then figure columns, never below their minimum.
    """
    minimum, wanted = [], []
    for position, column in enumerate(table.columns):
        header = max((text_cm(word, bold=True) for word in column.header.split()), default=0.0) + PADDING_CM
        cells = [row[position] for row in rows]
        if column.numeric:
            content = max((text_cm(line) for cell in cells for line in cell.split("\n")), default=0.0) + PADDING_CM
            cap = MAX_INTERVAL_CM if column.interval and column.doc_interval else MAX_FIGURE_CM
            minimum.append(header)
            wanted.append(max(header, min(content, cap)))
        else:
            longest = max((text_cm(word) for cell in cells for word in cell.split()), default=0.0) + PADDING_CM
            low = max(header, min(longest, 3.5), 0.7 * column.width, 1.4)
            minimum.append(low)
            wanted.append(max(column.width, low))
    if sum(wanted) <= TEXT_WIDTH_CM:
        return wanted
    text = [i for i, c in enumerate(table.columns) if not c.numeric]
    figures = [i for i, c in enumerate(table.columns) if c.numeric]
    widths = list(wanted)
    room = TEXT_WIDTH_CM - sum(wanted[i] for i in figures)
    if room >= sum(minimum[i] for i in text):
        for i, width in zip(text, _between([minimum[i] for i in text], [wanted[i] for i in text], room)):
            widths[i] = width
        return widths
    for i in text:
        widths[i] = minimum[i]
    room = TEXT_WIDTH_CM - sum(minimum[i] for i in text)
    for i, width in zip(figures, _between([minimum[i] for i in figures], [wanted[i] for i in figures], room)):
        widths[i] = width
    return widths
