"""``portefeuille.xlsx``: one row per démarche, then benchmarks, quartiles, trends, lessons and inclusion.

Sheets: « Démarches » (identity and every figure, missing figures left empty), « Repères » (each
démarche against the portfolio's quartiles, figure by figure), « Quartiles », « Tendances » (by
year), « Enseignements », « Inclusion » (every folder, included or not, and why), « Problèmes »
(every problem, located) and « À propos » (date, method). Header rows are styled and frozen,
columns sized, numbers kept as numbers with a display format, text neutralised against formula
injection; the workbook is written in streaming mode and saved atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluation.documents.cellstyles import CellStyles
from evaluation.documents.outputs import safe_cell, save_with
from evaluation.documents.printsetup import heading_height, print_setup, sheet_name
from evaluation.portfolio.metrics import DEMARCHE_METRICS, Kind, Metric, bank_items
from evaluation.portfolio.model import PortfolioResult
from evaluation.portfolio.stats import MIN_COMPARED, position, quartiles
from surveys.i18n import t

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
FORMATS = {Kind.SHARE: "0%", Kind.SHARE_DIFFERENCE: "+0%;-0%;0%", Kind.INDEX: "0.0", Kind.DAYS: "General", Kind.COUNT: "#,##0",
           Kind.PERCENT: '0" %"'}
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None


def write_portfolio_xlsx(result: PortfolioResult, target: Path) -> Path:
    """Write the workbook to ``target`` atomically; return its path."""
    workbook = Workbook(write_only=True)
    styles = CellStyles()
    _sheet(workbook, styles, t("portfolio.sheet.demarches"), *_demarches(result), freeze="C2")
    _sheet(workbook, styles, t("portfolio.sheet.benchmarks"), *_benchmarks(result))
    _sheet(workbook, styles, t("portfolio.sheet.quartiles"), *_quartiles(result))
    _sheet(workbook, styles, t("portfolio.sheet.trends"), *_trends(result))
    _sheet(workbook, styles, t("portfolio.sheet.lessons"), *_lessons(result))
    _sheet(workbook, styles, t("portfolio.sheet.inclusion"), *_inclusion(result))
    _sheet(workbook, styles, t("portfolio.sheet.problems"), *_problems(result))
    _sheet(workbook, styles, t("portfolio.sheet.about"), *_about(result))
    return save_with(target, workbook.save)


def _sheet(workbook: Workbook, styles: CellStyles, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
           freeze: str = "A2") -> None:
    sheet = workbook.create_sheet(title=sheet_name(title))
    sheet.freeze_panes = freeze
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    print_setup(sheet)
    sheet.row_dimensions[1].height = heading_height([c.header for c in columns], [c.width for c in columns])  # the wrapped headings shown whole
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_cell(column.header))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, styles, value, column) for value, column in zip(row, columns)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


@dataclass(frozen=True)
class Figure:
    """A number shown with the format of its own kind (a sheet mixing shares, days and indices)."""

    value: float | None
    kind: Kind


def _cell(sheet: Any, styles: CellStyles, value: Any, column: Column) -> Any:
    if isinstance(value, Figure):
        column, value = Column(column.header, column.width, FORMATS[value.kind]), value.value
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return t("portfolio.yes") if value else t("portfolio.no")
    if isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        fmt = column.number_format or (DATE_FORMAT if hasattr(value, "isoformat") else None)
        if fmt is None:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        styles.number(cell, fmt)
        return cell
    return safe_cell(str(value))


def _metric_format(metric: Metric) -> str:
    return FORMATS[metric.kind]


# --- Démarches ------------------------------------------------------------------------------------
def _demarches(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t(f"portfolio.col.{key}"), width) for key, width in
               (("id", 28), ("title", 40), ("sponsor", 30), ("ministry", 30), ("year", 8), ("modalities", 30), ("panel", 10))]
    for metric in DEMARCHE_METRICS:
        columns.append(Column(metric.label, 14, _metric_format(metric)))
        if metric.show_n:
            columns.append(Column(t("portfolio.col.n_of", label=metric.label), 10, FORMATS[Kind.COUNT]))
    columns += [Column(t(f"portfolio.col.{key}"), width, fmt) for key, width, fmt in (
        ("restitution", 13, DATE_FORMAT), ("deadline", 13, DATE_FORMAT), ("deadline_status", 16, None), ("decided_in_time", 12, "#,##0"),
        ("decided_late", 12, "#,##0"), ("undecided", 12, "#,##0"), ("overdue", 12, "#,##0"), ("lessons", 13, "#,##0"), ("warnings", 13, "#,##0"),
        ("folder", 30, None))]

    def rows() -> Iterable[list[Any]]:
        for demarche in result.included:
            card = demarche.card
            row: list[Any] = [card.id, card.title, card.sponsor, card.ministry, card.year, ", ".join(card.modalities), card.panel_size]
            for metric in DEMARCHE_METRICS:
                figure = demarche.figure(metric)
                row.append(figure.value)
                if metric.show_n:
                    row.append(figure.n if figure.value is not None else None)
            row += [card.restitution, card.deadline, t(f"portfolio.deadline.{demarche.deadline(result.as_of).value}"), card.decided_in_time,
                    card.decided_late, card.undecided, card.overdue, len(card.lessons), len(demarche.warnings), Path(demarche.folder).name]
            yield row

    return columns, rows()


# --- Repères and Quartiles ---------------------------------------------------------------------------
def _metric_cells(metric: Metric) -> list[Any]:
    """Indicator label, item id, item wording and wave of a metric."""
    wording = bank_items().get(metric.item, "") if metric.item else ""
    wave = t(f"portfolio.wave.{metric.wave}") if metric.wave else ""
    return [metric.label if not metric.item else t(f"portfolio.indicator.{metric.indicator}"), metric.item, wording, wave]


def _metric_columns() -> list[Column]:
    return [Column(t("portfolio.col.indicator"), 36), Column(t("portfolio.col.item"), 26), Column(t("portfolio.col.wording"), 50),
            Column(t("portfolio.col.wave"), 14)]


def _benchmarks(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [*_metric_columns(), Column(t("portfolio.col.id"), 28), Column(t("portfolio.col.value"), 11),
               Column(t("portfolio.col.n"), 9, "#,##0"), Column(t("portfolio.col.compared"), 12, "#,##0"),
               Column(t("portfolio.col.q1"), 11), Column(t("portfolio.col.median"), 11), Column(t("portfolio.col.q3"), 11),
               Column(t("portfolio.col.position"), 30)]

    def rows() -> Iterable[list[Any]]:
        for metric in result.benchmarked:
            spread = result.spreads.get(metric.key)
            described = _metric_cells(metric)
            for demarche in result.included:
                figure = demarche.figure(metric)
                place = position(figure.value, spread)
                if figure.value is None:
                    verdict = t("portfolio.position.missing")
                elif place is None:
                    verdict = t("portfolio.position.too_few", minimum=MIN_COMPARED)
                else:
                    verdict = t(f"portfolio.position.{place.value}")
                yield [*described, demarche.card.id, Figure(figure.value, metric.kind), figure.n if figure.value is not None else None,
                       spread.n if spread else None, *_spread(metric, spread, "q1", "median", "q3"), verdict]

    return columns, rows()


def _spread(metric: Metric, spread: Any, *names: str) -> list[Figure]:
    """Quartile values of a metric, each in the format of the metric's kind (empty when not compared)."""
    return [Figure(getattr(spread, name) if spread is not None else None, metric.kind) for name in names]


def _quartiles(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [*_metric_columns(), Column(t("portfolio.col.unit"), 14), Column(t("portfolio.col.with_value"), 12, "#,##0"),
               Column(t("portfolio.col.without_value"), 12, "#,##0"), Column(t("portfolio.col.minimum"), 11),
               Column(t("portfolio.col.q1"), 11), Column(t("portfolio.col.median"), 11), Column(t("portfolio.col.q3"), 11),
               Column(t("portfolio.col.maximum"), 11)]

    def rows() -> Iterable[list[Any]]:
        total = len(result.included)
        for metric in result.benchmarked:
            spread = result.spreads.get(metric.key)
            with_value = sum(1 for v in result.values(metric) if v is not None)
            yield [*_metric_cells(metric), t(f"portfolio.unit.{metric.kind.value}"), with_value, total - with_value,
                   *_spread(metric, spread, "minimum", "q1", "median", "q3", "maximum")]

    return columns, rows()


# --- Tendances ----------------------------------------------------------------------------------------
def trend_rows(result: PortfolioResult) -> list[list[Any]]:
    """Per year and démarche-level figure: démarches of the year, how many have the figure, Q1, median, Q3."""
    years = sorted({d.card.year for d in result.included})
    rows = []
    for year in years:
        of_year = [d for d in result.included if d.card.year == year]
        for metric in (m for m in DEMARCHE_METRICS if m.benchmark):
            values = [d.figure(metric).value for d in of_year]
            present = [v for v in values if v is not None]
            spread = quartiles(values)
            middle = quartiles(values, minimum=1)
            rows.append([year, len(of_year), metric.label, t(f"portfolio.unit.{metric.kind.value}"), len(present),
                         *_spread(metric, spread, "q1"), *_spread(metric, middle, "median"), *_spread(metric, spread, "q3")])
    return rows


def _trends(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t("portfolio.col.year"), 8), Column(t("portfolio.col.year_count"), 12, "#,##0"),
               Column(t("portfolio.col.indicator"), 40), Column(t("portfolio.col.unit"), 14),
               Column(t("portfolio.col.with_value"), 12, "#,##0"), Column(t("portfolio.col.q1"), 11),
               Column(t("portfolio.col.median"), 11), Column(t("portfolio.col.q3"), 11)]
    return columns, trend_rows(result)


# --- Enseignements, Inclusion, Problèmes, À propos ---------------------------------------------------------
def _lessons(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t("portfolio.col.tag"), 20), Column(t("portfolio.col.id"), 28), Column(t("portfolio.col.title"), 40),
               Column(t("portfolio.col.year"), 8), Column(t("portfolio.col.sponsor"), 30), Column(t("portfolio.col.lesson"), 90)]
    rows = [[tag, d.card.id, d.card.title, d.card.year, d.card.sponsor, text]
            for tag, items in result.lessons().items() for d, text in items]
    return columns, rows


def _inclusion(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t("portfolio.col.folder"), 34), Column(t("portfolio.col.id"), 28), Column(t("portfolio.col.decision"), 12),
               Column(t("portfolio.col.reason"), 50), Column(t("portfolio.col.errors"), 10, "#,##0"),
               Column(t("portfolio.col.warnings"), 13, "#,##0")]
    rows: list[list[Any]] = [[Path(d.folder).name, d.card.id, t("portfolio.included"), "", 0, len(d.warnings)] for d in result.included]
    rows += [[Path(e.folder).name, e.demarche_id, t("portfolio.excluded"), t(f"portfolio.reason.{e.reason.value}"), len(e.errors),
              len(e.problems) - len(e.errors)] for e in result.excluded]
    return columns, rows


def _problems(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t("portfolio.col.folder"), 30), Column(t("portfolio.col.decision"), 12), Column(t("portfolio.col.severity"), 14),
               Column(t("portfolio.col.file"), 26), Column(t("portfolio.col.sheet"), 14), Column(t("portfolio.col.row"), 8),
               Column(t("portfolio.col.column"), 9), Column(t("portfolio.col.header"), 26), Column(t("portfolio.col.value"), 20),
               Column(t("portfolio.col.code"), 22), Column(t("portfolio.col.message"), 90)]
    entries: list[tuple[str, str, list]] = [(e.folder, t("portfolio.excluded"), e.problems) for e in result.excluded]
    entries += [(d.folder, t("portfolio.included"), d.warnings) for d in result.included]
    rows = [[Path(folder).name, decision, t(f"severity.{p.severity.value}"), p.file, p.sheet or p.table, p.row, p.column, p.header,
             p.value, p.code, p.message] for folder, decision, problems in entries for p in problems]
    return columns, rows


def _about(result: PortfolioResult) -> tuple[list[Column], Iterable[list[Any]]]:
    columns = [Column(t("portfolio.col.about_key"), 34), Column(t("portfolio.col.about_value"), 110)]
    settings = result.settings
    rows: list[list[Any]] = [
        [t("portfolio.about.date"), settings.as_of],
        [t("portfolio.about.included"), len(result.included)],
        [t("portfolio.about.excluded"), len(result.excluded)],
        [t("portfolio.about.threshold"), settings.threshold],
        [t("portfolio.about.missing_label"), t("portfolio.about.missing")],
        [t("portfolio.about.quartiles_label"), t("portfolio.about.quartiles", minimum=MIN_COMPARED)],
        [t("portfolio.about.items_label"), t("portfolio.about.items")],
        [t("portfolio.about.deadline_label"), t("portfolio.about.deadline")],
        [t("portfolio.about.exclusion_label"), t("portfolio.about.exclusion")],
    ]
    return columns, rows
