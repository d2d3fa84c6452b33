"""The tables of the evaluation report, built once from the published indicator rows.

Every number comes from :attr:`EvaluationResult.results`, the rows written to
``indicateurs.csv`` after disclosure control: a hidden cell is :data:`MASKED`, never its value.
The Word report (:mod:`evaluation.report`) writes the tables in French typography, the workbook
(:mod:`evaluation.workbook`) writes the same tables with real numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from evaluation.documents import frformat
from evaluation.documents import valueformat as report_format
from evaluation.report.evaluate import EvaluationResult
from indicators.definitions import DEFINITIONS
from indicators.disclosure import SuppressedCell
from indicators.models import IndicatorResult
from indicators.vocabulary import LABELS, Dimension, Status
from surveys.exports.items import ItemSpec, Wave
from surveys.i18n import t

# The four CIPC dimensions, each with its chapter.
ITEM_DIMENSIONS = (Dimension.PERTINENCE, Dimension.ORGANISATION, Dimension.IMPACT_INTERNE, Dimension.REPRESENTATIONS)
WAVES = tuple(w.value for w in Wave)
# Items a sponsor quotes first, when the démarche asked them (item-bank ids).
HEADLINE_ITEMS = ("org_satisfaction_globale", "pert_utilite")
ALPHA = 0.05


class Kind(StrEnum):
    """What a cell holds, hence how it is written (Word) and its number format (Excel)."""

    TEXT = "text"
    COUNT = "count"
    SHARE = "share"  # 0–1
    SHARE_POINTS = "share_points"  # difference of shares, −1 to 1
    SCALE = "scale"  # mean on the item's scale
    SIGNED_SCALE = "signed_scale"  # difference on the item's scale
    INDEX = "index"  # 0–100
    SIGNED_INDEX = "signed_index"
    COEFFICIENT = "coefficient"
    P_VALUE = "p_value"
    DAYS = "days"
    PERCENT = "percent"  # 0–100


class _Masked:
    """A cell hidden by disclosure control."""

    _instance: _Masked | None = None

    def __new__(cls) -> _Masked:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MASKED"


MASKED = _Masked()


@dataclass(frozen=True)
class Value:
    """A number with, optionally, its interval and its own kind (else the column's)."""

    value: float | None
    low: float | None = None
    high: float | None = None
    kind: Kind | None = None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float = 2.0  # centimetres in the Word report
    interval: bool = False  # cells carry an interval (two more columns in the workbook)
    doc_interval: bool = True  # the Word report writes the interval too (else the workbook only)
    right: bool = False  # right-aligned in Word even if the cells are text (figures of mixed kinds)

    @property
    def numeric(self) -> bool:
        return self.right or self.kind is not Kind.TEXT


@dataclass
class ReportTable:
    """A table of the report: ``sheet`` names its sheet in the workbook."""

    sheet: str
    caption: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows)


def format_value(value: Any, kind: Kind) -> str:
    """A number written for people, in French typography."""
    if value is None:
        return "–"
    writers = {
        Kind.COUNT: lambda v: frformat.number(v),
        Kind.SHARE: report_format.share,
        Kind.SHARE_POINTS: lambda v: report_format.share_points(v, unit=False),
        Kind.SCALE: report_format.scale_points,
        Kind.SIGNED_SCALE: lambda v: report_format.signed(v, 2),
        Kind.INDEX: report_format.index,
        Kind.SIGNED_INDEX: lambda v: report_format.signed(v, 1),
        Kind.COEFFICIENT: report_format.coefficient,
        Kind.P_VALUE: report_format.p_value,
        Kind.DAYS: report_format.days,
        Kind.PERCENT: report_format.percent_0_100,
    }
    writer = writers.get(kind)
    return writer(value) if writer else str(value)


def cell_text(cell: Any, column: Column) -> str:
    """The text of a cell in the Word report (« masqué » for a hidden cell)."""
    if cell is MASKED:
        return t("report.masked")
    if isinstance(cell, Value):
        kind = cell.kind or column.kind
        text = format_value(cell.value, kind)
        if column.doc_interval and cell.low is not None and cell.high is not None and cell.value is not None:
            text += "\n" + report_format.interval(format_value(cell.low, kind), format_value(cell.high, kind))
        return text
    if cell is None:
        return "–"
    if column.kind is Kind.TEXT or isinstance(cell, str):
        return str(cell)
    if column.kind is Kind.P_VALUE and significant(cell):
        return f"{format_value(cell, column.kind)}\n{t('report.chart.significant')}"
    return format_value(cell, column.kind)


def significant(p_adjusted: float | None) -> bool:
    """The one rule of the report: significant when the Holm-adjusted p-value is below ``ALPHA``."""
    return p_adjusted is not None and p_adjusted < ALPHA


# --- Looking rows up --------------------------------------------------------------------------------


class Results:
    """The published rows of one evaluation, indexed for the tables."""

    def __init__(self, result: EvaluationResult) -> None:
        self.result = result
        self.rows = result.results
        self._index: dict[tuple[str, str, str, str, str], IndicatorResult] = {}
        for row in self.rows:
            self._index.setdefault((str(row.dimension), row.indicator, row.item, row.wave, row.group), row)
        self.items: dict[str, ItemSpec] = {item.id: item for item in result.items}

    def get(self, dimension: str, indicator: str, item: str = "", wave: str = "", group: str = "") -> IndicatorResult | None:
        return self._index.get((str(dimension), indicator, item, wave, group))

    def where(self, dimension: str | None = None, indicator: str | None = None, item: str | None = None,
              wave: str | None = None) -> list[IndicatorResult]:
        return self.result.select(dimension=dimension, indicator=indicator, item=item, wave=wave)

    def waves(self, dimension: str) -> list[str]:
        present = {r.wave for r in self.where(dimension=dimension, indicator="reponses_valides")}
        return [w for w in WAVES if w in present]

    def items_of(self, dimension: str, wave: str | None = None, indicator: str = "reponses_valides") -> list[str]:
        """Item ids with rows of ``indicator`` in that dimension (and wave), in item order."""
        present = {r.item for r in self.where(dimension=dimension, indicator=indicator, wave=wave)}
        ordered = [i for i in self.items if i in present]
        return ordered + sorted(present - set(ordered))

    def wording(self, item_id: str) -> str:
        item = self.items.get(item_id)
        return item.wording if item else item_id

    def variable_label(self, item_id: str) -> str:
        """A short name for a profile variable: its first alias in words (« Sexe »), else its wording."""
        item = self.items.get(item_id)
        if item is None:
            return item_id
        for alias in item.aliases:
            if any(c.islower() for c in alias) and ("_" not in alias):
                return alias
        return item.wording


def wave_label(wave: str) -> str:
    return t(f"report.wave.{wave}")


def comparison_label(comparison: str) -> str:
    later, first = comparison.split("-")
    return t("report.comparison", first=wave_label(first), later=wave_label(later))


def value_of(row: IndicatorResult | None, *, interval: bool = False, kind: Kind | None = None) -> Any:
    """The cell of one published row: :data:`MASKED` when hidden, ``None`` when absent."""
    if row is None:
        return None
    if row.suppressed:
        return MASKED
    if interval:
        return Value(row.value, row.ci_low, row.ci_high, kind)
    return Value(row.value, kind=kind) if kind else row.value


def n_of(row: IndicatorResult | None) -> Any:
    if row is None:
        return None
    return MASKED if row.suppressed else row.n


def base_label(base: str, n: int | None) -> str:
    return t(f"report.base.{base}.{'one' if (n or 0) <= 1 else 'other'}") if base else ""


def scale_range(item: ItemSpec | None) -> str:
    if item is None:
        return ""
    return t("report.scale_range", low=frformat.number(item.scale.minimum), high=frformat.number(item.scale.maximum))


# --- Summary -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """A figure of the one-page summary and the row of ``indicateurs.csv`` it comes from."""

    label: str
    row: IndicatorResult
    kind: Kind

    @property
    def value_text(self) -> str:
        return format_value(self.row.value, self.kind)

    @property
    def n_text(self) -> str:
        return frformat.number(self.row.n)

    @property
    def base_text(self) -> str:
        return base_label(self.row.base, self.row.n)


def key_figures(res: Results) -> list[KeyFigure]:
    """The figures a sponsor quotes, each straight from one published row (hidden ones left out)."""
    figures: list[KeyFigure] = []

    def add(label: str, row: IndicatorResult | None, kind: Kind) -> None:
        if row is not None and not row.suppressed and row.value is not None and row.n is not None:
            figures.append(KeyFigure(report_format.typo(label), row, kind))

    participation = Dimension.PARTICIPATION
    for wave in WAVES:
        add(t("report.kf.respondents", wave=wave_label(wave)), res.get(participation, "repondants", wave=wave), Kind.COUNT)
    for row in res.where(dimension=participation, indicator="paires"):
        add(t("report.kf.pairs", comparison=comparison_label(row.wave)), row, Kind.COUNT)
        add(t("report.kf.retention", comparison=comparison_label(row.wave)), res.get(participation, "taux_de_retention", wave=row.wave), Kind.SHARE)
    for dimension in ITEM_DIMENSIONS:
        waves = [r.wave for r in res.where(dimension=dimension, indicator="indice")]
        latest = max(waves, key=WAVES.index) if waves else None
        if latest:
            add(t("report.kf.index", dimension=_short(dimension), wave=wave_label(latest).lower()), res.get(dimension, "indice", wave=latest), Kind.INDEX)
        for row in res.where(dimension=dimension, indicator="evolution_indice"):
            add(t("report.kf.index_change", dimension=_short(dimension), comparison=comparison_label(row.wave)), row, Kind.SIGNED_INDEX)
    for item_id in HEADLINE_ITEMS:
        rows = [r for r in res.rows if r.indicator == "part_favorable" and r.item == item_id]
        if rows:
            row = max(rows, key=lambda r: WAVES.index(r.wave) if r.wave in WAVES else -1)
            add(t(f"report.kf.item.{item_id}", wave=wave_label(row.wave).lower()), row, Kind.SHARE)
    changes = [r for r in res.where(indicator="evolution_part_favorable")
               if not r.suppressed and r.value is not None and r.value > 0 and significant(r.p_adjusted)]
    if changes:
        best = max(changes, key=lambda r: r.value or 0.0)
        add(t("report.kf.best_change", wording=shorten(res.wording(best.item), 48), comparison=comparison_label(best.wave)), best, Kind.SHARE_POINTS)
    devoir = Dimension.DEVOIR_DE_SUITE
    add(t("report.kf.proposals"), res.get(devoir, "propositions"), Kind.COUNT)
    add(t("report.kf.motivated"), res.get(devoir, "part_motivees"), Kind.SHARE)
    for status in (Status.RETENUE, Status.RETENUE_PARTIELLEMENT):
        add(t(f"report.kf.status.{status.value}"), res.get(devoir, "part_statut", group=f"statut={status.value}"), Kind.SHARE)
    add(t("report.kf.on_time"), res.get(devoir, "part_decidees_dans_le_delai"), Kind.SHARE)
    add(t("report.kf.median_delay"), res.get(devoir, "delai_median_decision"), Kind.DAYS)
    add(t("report.kf.quality"), res.get(Dimension.QUALITE, "score_qualite"), Kind.SHARE)
    gaps = [r for r in res.where(dimension=Dimension.REPRESENTATIVITE, indicator="ecart_maximal") if not r.suppressed and r.value is not None]
    if gaps:
        widest = max(gaps, key=lambda r: abs(r.value or 0.0))
        add(t("report.kf.gap", variable=res.variable_label(widest.item), category=_group_value(widest.group)), widest, Kind.SHARE_POINTS)
    impact = Dimension.IMPACT_INTERNE
    add(t("report.kf.interviews"), res.get(impact, "entretiens"), Kind.COUNT)
    add(t("report.kf.practice_change"), res.get(impact, "indice_changement_pratique"), Kind.SHARE)
    return figures


def key_figures_table(figures: Sequence[KeyFigure]) -> ReportTable:
    columns = [Column(t("report.col.key_figure"), width=10.6), Column(t("report.col.value"), Kind.TEXT, 2.0, right=True),
               Column(t("report.col.n_short"), Kind.COUNT, 1.2), Column(t("report.col.base"), width=2.3)]
    rows = [[f.label, Value(f.row.value, kind=f.kind), f.row.n, f.base_text] for f in figures]
    return ReportTable(t("report.sheet.summary"), t("report.caption.key_figures"), columns, rows)


# --- Participation and method ---------------------------------------------------------------------


def participation_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.wave"), width=6), Column(t("report.col.respondents"), Kind.COUNT, 3)]
    rows = [[wave_label(r.wave), n_of(r)] for r in sorted(res.where(dimension=Dimension.PARTICIPATION, indicator="repondants"),
                                                          key=lambda r: WAVES.index(r.wave) if r.wave in WAVES else 9)]
    return ReportTable(t("report.sheet.participation"), t("report.caption.participation"), columns, rows)


def pairs_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.comparison"), width=4.5), Column(t("report.col.pairs"), Kind.COUNT, 2.2),
               Column(t("report.col.dropouts"), Kind.COUNT, 2.2), Column(t("report.col.retention"), Kind.SHARE, 5.0, interval=True),
               Column(t("report.col.first_wave_n"), Kind.COUNT, 2.6)]
    rows = []
    participation = Dimension.PARTICIPATION
    for row in res.where(dimension=participation, indicator="paires"):
        retention = res.get(participation, "taux_de_retention", wave=row.wave)
        dropouts = res.get(participation, "abandons", wave=row.wave)
        rows.append([comparison_label(row.wave), n_of(row), value_of(dropouts), value_of(retention, interval=True), n_of(retention)])
    return ReportTable(t("report.sheet.pairs"), t("report.caption.pairs"), columns, rows)


def dropouts_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.item"), width=8.5), Column(t("report.col.comparison"), width=2.8),
               Column(t("report.col.smd"), Kind.COEFFICIENT, 2.8), Column(t("report.col.dropouts_n"), Kind.COUNT, 2.4)]
    rows = [[res.wording(r.item), comparison_label(r.wave), value_of(r), n_of(r)]
            for r in res.where(dimension=Dimension.PARTICIPATION, indicator="difference_standardisee_abandons")]
    return ReportTable(t("report.sheet.dropouts"), t("report.caption.dropouts"), columns, rows)


def suppressed_table(res: Results, cells: Sequence[SuppressedCell]) -> ReportTable:
    columns = [Column(t("report.col.dimension"), width=3.4), Column(t("report.col.item"), width=6.2),
               Column(t("report.col.wave"), width=1.8), Column(t("report.col.category"), width=3.0), Column(t("report.col.rule"), width=2.1)]
    rows = []
    for cell in cells:
        item = res.variable_label(cell.item) if cell.dimension == Dimension.REPRESENTATIVITE else res.wording(cell.item) if cell.item else ""
        wave = wave_label(cell.wave) if cell.wave in WAVES else comparison_label(cell.wave) if "-" in cell.wave else None
        rows.append([LABELS.get(cell.dimension, cell.dimension), item, wave,
                     _group_value(cell.group), t("report.rule.secondary" if cell.secondary else "report.rule.primary")])
    return ReportTable(t("report.sheet.suppressed"), t("report.caption.suppressed"), columns, rows)


# --- Dimension chapters -------------------------------------------------------------------------------


def items_table(res: Results, dimension: str, wave: str) -> ReportTable:
    columns = [Column(t("report.col.item"), width=6.0), Column(t("report.col.scale"), width=1.6),
               Column(t("report.col.valid"), Kind.COUNT, 1.7), Column(t("report.col.nonanswers"), Kind.COUNT, 1.8),
               Column(t("report.col.mean"), Kind.SCALE, 2.6, interval=True), Column(t("report.col.favourable"), Kind.SHARE, 2.8, interval=True)]
    rows = []
    for item_id in res.items_of(dimension, wave):
        valid = res.get(dimension, "reponses_valides", item_id, wave)
        if valid is not None and valid.suppressed:
            rows.append([res.wording(item_id), scale_range(res.items.get(item_id)), MASKED, MASKED, MASKED, MASKED])
            continue
        nonanswers = [r for r in res.where(dimension=dimension, indicator="non_reponses", item=item_id, wave=wave) if r.value is not None]
        rows.append([
            res.wording(item_id), scale_range(res.items.get(item_id)), value_of(valid),
            sum(r.value or 0 for r in nonanswers) if nonanswers else None,
            value_of(res.get(dimension, "moyenne", item_id, wave), interval=True),
            value_of(res.get(dimension, "part_favorable", item_id, wave), interval=True),
        ])
    return ReportTable(t("report.sheet.items", dimension=_short(dimension), wave=wave_label(wave).lower()),
                       t("report.caption.items", dimension=LABELS[dimension], wave=wave_label(wave)), columns, rows)


def change_comparisons(res: Results, dimension: str) -> list[str]:
    present = {r.wave for r in res.where(dimension=dimension, indicator="paires")}
    return [c for c in (f"{w}-pre" for w in WAVES[1:]) if c in present]


def change_table(res: Results, dimension: str, comparison: str) -> ReportTable:
    columns = [Column(t("report.col.item"), width=4.4), Column(t("report.col.pairs"), Kind.COUNT, 1.4),
               Column(t("report.col.mean_change"), Kind.SIGNED_SCALE, 2.6, interval=True), Column(t("report.col.p_holm"), Kind.P_VALUE, 1.5),
               Column(t("report.col.rank_biserial"), Kind.COEFFICIENT, 1.8, interval=True, doc_interval=False),
               Column(t("report.col.favourable_change"), Kind.SHARE_POINTS, 2.6, interval=True), Column(t("report.col.p_mcnemar"), Kind.P_VALUE, 1.5)]
    rows = []
    for item_id in res.items_of(dimension, comparison, indicator="paires"):
        pairs = res.get(dimension, "paires", item_id, comparison)
        mean = res.get(dimension, "difference_moyenne", item_id, comparison)
        rank = res.get(dimension, "correlation_rang_biseriale", item_id, comparison)
        share = res.get(dimension, "evolution_part_favorable", item_id, comparison)
        if pairs is not None and pairs.suppressed:
            rows.append([res.wording(item_id)] + [MASKED] * 6)
            continue
        rows.append([res.wording(item_id), n_of(pairs), value_of(mean, interval=True), _p(mean), value_of(rank, interval=True),
                     value_of(share, interval=True), _p(share)])
    return ReportTable(t("report.sheet.change", dimension=_short(dimension), wave=wave_label(comparison.split("-")[0]).lower()),
                       t("report.caption.change", dimension=LABELS[dimension], comparison=comparison_label(comparison)), columns, rows)


def index_table(res: Results, dimension: str) -> ReportTable:
    columns = [Column(t("report.col.wave"), width=4.2), Column(t("report.col.index"), Kind.INDEX, 3.6, interval=True),
               Column(t("report.col.n"), Kind.COUNT, 1.6), Column(t("report.col.p_value"), Kind.P_VALUE, 1.8),
               Column(t("report.col.alpha"), Kind.COEFFICIENT, 2.6), Column(t("report.col.alpha_n"), Kind.COUNT, 2.6)]
    rows = []
    for row in sorted(res.where(dimension=dimension, indicator="indice"), key=lambda r: WAVES.index(r.wave) if r.wave in WAVES else 9):
        alpha = res.get(dimension, "alpha_cronbach", wave=row.wave)
        rows.append([wave_label(row.wave), value_of(row, interval=True), n_of(row), None, value_of(alpha), n_of(alpha)])
    for row in res.where(dimension=dimension, indicator="evolution_indice"):
        rows.append([comparison_label(row.wave), value_of(row, interval=True, kind=Kind.SIGNED_INDEX), n_of(row), _p(row), None, None])
    return ReportTable(t("report.sheet.index", dimension=_short(dimension)), t("report.caption.index", dimension=LABELS[dimension]), columns, rows)


def _p(row: IndicatorResult | None) -> Any:
    if row is None:
        return None
    if row.suppressed:
        return MASKED
    return row.p_adjusted if row.p_adjusted is not None else row.p_value


# --- Devoir de suite -----------------------------------------------------------------------------------


def status_counts(res: Results) -> list[tuple[str, int | None, IndicatorResult]]:
    """(status, count, row) from the ``part_statut`` rows: count = share × n, rounded."""
    out = []
    for row in res.where(dimension=Dimension.DEVOIR_DE_SUITE, indicator="part_statut"):
        status = _group_value(row.group)
        count = round(row.value * row.n) if row.value is not None and row.n is not None else None
        out.append((status, count, row))
    return out


def status_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.status"), width=7), Column(t("report.col.proposals"), Kind.COUNT, 3), Column(t("report.col.share"), Kind.SHARE, 3)]
    rows = [[LABELS.get(status, status), count, value_of(row)] for status, count, row in status_counts(res)]
    return ReportTable(t("report.sheet.status"), t("report.caption.status"), columns, rows)


def theme_table(register: pd.DataFrame | None) -> ReportTable:
    """Decisions by theme, from the register (proposals are not people: no disclosure control)."""
    if register is None or register.empty:
        return ReportTable(t("report.sheet.themes"), t("report.caption.themes"), [])
    statuses = [s for s in Status if (register["status"] == s.value).any()]
    columns = [Column(t("report.col.theme"), width=5.0)] + [Column(LABELS[s], Kind.COUNT, 1.9) for s in statuses] + [Column(t("report.col.total"), Kind.COUNT, 1.5)]
    counts = register.groupby(["theme", "status"], sort=False).size()
    rows = []
    for theme in dict.fromkeys(register["theme"]):
        row_counts = [int(counts.get((theme, s.value), 0)) for s in statuses]
        rows.append([theme, *row_counts, int((register["theme"] == theme).sum())])
    return ReportTable(t("report.sheet.themes"), t("report.caption.themes"), columns, rows)


def breakdown_table(res: Results, indicator: str, sheet: str, caption: str, header: str) -> ReportTable:
    columns = [Column(header, width=8), Column(t("report.col.share"), Kind.SHARE, 3), Column(t("report.col.n"), Kind.COUNT, 3)]
    rows = []
    for row in res.where(dimension=Dimension.DEVOIR_DE_SUITE, indicator=indicator):
        code = _group_value(row.group)
        rows.append([LABELS.get(code, t("report.not_stated") if code == "non_renseigne" else code), value_of(row), n_of(row)])
    return ReportTable(sheet, caption, columns, rows)


def delays_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.indicator"), width=8), Column(t("report.col.value"), Kind.TEXT, 3.5, right=True), Column(t("report.col.n"), Kind.COUNT, 2.5)]
    kinds = {"propositions": Kind.COUNT, "part_repondues": Kind.SHARE, "part_motivees": Kind.SHARE, "delai_median_decision": Kind.DAYS,
             "part_decidees_dans_le_delai": Kind.SHARE, "avancement_moyen": Kind.PERCENT}
    rows = []
    for indicator, kind in kinds.items():
        row = res.get(Dimension.DEVOIR_DE_SUITE, indicator)
        if row is not None:
            rows.append([DEFINITIONS[indicator].label, Value(row.value, kind=kind), n_of(row)])
    return ReportTable(t("report.sheet.delays"), t("report.caption.delays"), columns, rows)


# --- Quality checklist ---------------------------------------------------------------------------------


def checklist_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.criterion"), width=11), Column(t("report.col.verdict"), width=4)]
    rows = [[t(f"checklist.{r.item}"), checklist_verdict(r)] for r in res.where(dimension=Dimension.QUALITE, indicator="critere_qualite")]
    return ReportTable(t("report.sheet.checklist"), t("report.caption.checklist"), columns, rows)


def checklist_verdict(row: IndicatorResult) -> str:
    if row.value is None:
        return t("report.verdict.unknown")
    return t("report.verdict.met") if row.value >= 1 else t("report.verdict.not_met")


def checklist_scores_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.indicator"), width=9), Column(t("report.col.value"), Kind.TEXT, 3, right=True), Column(t("report.col.n"), Kind.COUNT, 3)]
    rows = []
    for indicator, kind in (("score_qualite", Kind.SHARE), ("score_qualite_renseigne", Kind.SHARE), ("criteres_inconnus", Kind.COUNT)):
        row = res.get(Dimension.QUALITE, indicator)
        if row is not None:
            rows.append([DEFINITIONS[indicator].label, Value(row.value, kind=kind), row.n])
    return ReportTable(t("report.sheet.checklist_scores"), t("report.caption.checklist_scores"), columns, rows)


# --- Representativeness -------------------------------------------------------------------------------


def representativeness_variables(res: Results) -> list[str]:
    present = {r.item for r in res.where(dimension=Dimension.REPRESENTATIVITE, indicator="part_panel")}
    return [i for i in res.items if i in present] + sorted(present - set(res.items))


def representativeness_summary(res: Results) -> ReportTable:
    columns = [Column(t("report.col.variable"), width=4.2), Column(t("report.col.dissimilarity"), Kind.SHARE, 2.8),
               Column(t("report.col.max_gap"), Kind.SHARE_POINTS, 2.6), Column(t("report.col.category"), width=4.4),
               Column(t("report.col.participants"), Kind.COUNT, 2.4)]
    rows = []
    dimension = Dimension.REPRESENTATIVITE
    for variable in representativeness_variables(res):
        dissimilarity = res.get(dimension, "indice_dissimilarite", variable)
        gaps = res.where(dimension=dimension, indicator="ecart_maximal", item=variable)
        gap = gaps[0] if gaps else None
        rows.append([res.variable_label(variable), value_of(dissimilarity), value_of(gap), _group_value(gap.group) if gap else None, n_of(dissimilarity)])
    return ReportTable(t("report.sheet.representativeness"), t("report.caption.representativeness"), columns, rows)


def category_rows(res: Results, variable: str) -> list[tuple[str, IndicatorResult | None, IndicatorResult | None, IndicatorResult | None]]:
    """(category, panel share, reference share, gap) for each category of a variable, in file order."""
    dimension = Dimension.REPRESENTATIVITE
    groups = list(dict.fromkeys(r.group for r in res.rows if r.dimension == dimension and r.item == variable
                                and r.indicator in ("part_panel", "part_reference")))
    return [(_group_value(g), res.get(dimension, "part_panel", variable, group=g), res.get(dimension, "part_reference", variable, group=g),
             res.get(dimension, "ecart", variable, group=g)) for g in groups]


def variable_table(res: Results, variable: str) -> ReportTable:
    columns = [Column(t("report.col.category"), width=6.0), Column(t("report.col.panel_share"), Kind.SHARE, 2.6),
               Column(t("report.col.reference_share"), Kind.SHARE, 2.6), Column(t("report.col.gap"), Kind.SHARE_POINTS, 2.6),
               Column(t("report.col.participants"), Kind.COUNT, 2.6)]
    rows = [[category, value_of(panel), value_of(reference), value_of(gap), n_of(panel)] for category, panel, reference, gap in category_rows(res, variable)]
    label = res.variable_label(variable)
    return ReportTable(t("report.sheet.variable", variable=label), t("report.caption.variable", variable=label), columns, rows)


# --- Interviews ---------------------------------------------------------------------------------------


def interview_codes(res: Results) -> list[str]:
    present = [r.item for r in res.where(dimension=Dimension.IMPACT_INTERNE, indicator="part_niveau_1_ou_plus") if not r.group]
    return list(dict.fromkeys(present))


def interview_code_label(code: str) -> str:
    from surveys.i18n import has

    key = f"interview.code.{code}.label"
    return f"{code} {t(key)}" if has(key) else code


def interview_codes_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.code"), width=6.0), Column(t("report.col.level1"), Kind.SHARE, 3.8, interval=True),
               Column(t("report.col.level2"), Kind.SHARE, 3.8, interval=True), Column(t("report.col.interviews"), Kind.COUNT, 2.4)]
    impact = Dimension.IMPACT_INTERNE
    rows = []
    for code in interview_codes(res):
        level1 = res.get(impact, "part_niveau_1_ou_plus", code)
        rows.append([interview_code_label(code), value_of(level1, interval=True), value_of(res.get(impact, "part_niveau_2", code), interval=True), n_of(level1)])
    return ReportTable(t("report.sheet.interview_codes"), t("report.caption.interview_codes"), columns, rows)


def interview_summary_table(res: Results, indicators: Sequence[str], sheet: str, caption: str) -> ReportTable:
    columns = [Column(t("report.col.indicator"), width=8.5), Column(t("report.col.value"), Kind.TEXT, 4.0, right=True), Column(t("report.col.n"), Kind.COUNT, 2.5)]
    rows = []
    for indicator in indicators:
        row = res.get(Dimension.IMPACT_INTERNE, indicator)
        if row is None:
            continue
        kind = Kind.SHARE if DEFINITIONS[indicator].unit == "part" else Kind.COEFFICIENT if DEFINITIONS[indicator].unit == "coefficient" else Kind.COUNT
        if indicator.endswith("_moyen"):
            kind = Kind.SCALE
        rows.append([DEFINITIONS[indicator].label, value_of(row, interval=kind is Kind.SHARE, kind=kind), n_of(row)])
    return ReportTable(sheet, caption, columns, rows)


def agreement_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.code"), width=6.0), Column(t("report.col.kappa"), Kind.COEFFICIENT, 2.6, interval=True),
               Column(t("report.col.observed"), Kind.SHARE, 2.6), Column(t("report.col.disagreements"), Kind.COUNT, 2.4),
               Column(t("report.col.interviews"), Kind.COUNT, 2.4)]
    impact = Dimension.IMPACT_INTERNE
    rows = []
    for code in dict.fromkeys(r.item for r in res.where(dimension=impact, indicator="kappa_pondere")):
        kappa = res.get(impact, "kappa_pondere", code)
        rows.append([interview_code_label(code), value_of(kappa, interval=True), value_of(res.get(impact, "accord_observe", code)),
                     value_of(res.get(impact, "desaccords", code)), n_of(kappa)])
    return ReportTable(t("report.sheet.agreement"), t("report.caption.agreement"), columns, rows)


def services_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.service"), width=8.0), Column(t("report.col.interviews"), Kind.COUNT, 2.4),
               Column(t("report.col.practice_change"), Kind.SHARE, 5.0, interval=True)]
    impact = Dimension.IMPACT_INTERNE
    rows = []
    for row in res.where(dimension=impact, indicator="entretiens"):
        if not row.group:
            continue
        change = res.get(impact, "indice_changement_pratique", group=row.group)
        rows.append([_group_value(row.group), value_of(row), value_of(change, interval=True)])
    return ReportTable(t("report.sheet.services"), t("report.caption.services"), columns, rows)


def blind_spots_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.proposal"), width=11.0), Column(t("report.col.interviews_blind_spot"), Kind.COUNT, 3.0)]
    titles: dict[str, str] = {}
    register = res.result.register
    if register is not None and not register.empty:
        titles = {str(i): str(title) for i, title in zip(register["id"], register["title"])}
    rows = [[t("report.proposal", id=r.item, title=titles[r.item]) if titles.get(r.item) else r.item, value_of(r)]
            for r in res.where(dimension=Dimension.IMPACT_INTERNE, indicator="angles_morts_proposition")]
    return ReportTable(t("report.sheet.blind_spots"), t("report.caption.blind_spots"), columns, rows)


def double_coded(res: Results) -> int | None:
    """How many interviews were coded by two coders (``None`` without interviews)."""
    row = res.get(Dimension.IMPACT_INTERNE, "entretiens_double_codage")
    return None if row is None or row.value is None else int(row.value)


def agreement_paradox(res: Results) -> bool:
    """Whether a code has a κ near 0 beside a high observed agreement (worth explaining)."""
    impact = Dimension.IMPACT_INTERNE
    for kappa in res.where(dimension=impact, indicator="kappa_pondere"):
        observed = res.get(impact, "accord_observe", kappa.item)
        if kappa.value is not None and observed is not None and observed.value is not None and kappa.value < 0.2 and observed.value >= 0.7:
            return True
    return False


def favourable_scales(res: Results) -> list[str]:
    """Per scale of the items with a favourable share, the answers counted as favourable."""
    used = {r.item for r in res.where(indicator="part_favorable")}
    seen: dict[str, str] = {}
    for item in res.result.items:
        scale = item.scale
        if item.id not in used or scale.id in seen or not scale.top_box:
            continue
        labels = {value: label for label, value in scale.labels.items()}
        if scale.numeric:
            name = t("report.favourable_numeric_name", range=scale_range(item))
            answers = t("report.favourable_range", low=frformat.number(min(scale.top_box)), high=frformat.number(max(scale.top_box)))
        else:
            name = t("report.favourable_scale_name", count=len(labels), labels=t("report.favourable_ends", low=labels[scale.minimum], high=labels[scale.maximum]))
            answers = frformat.join([t("report.quoted", text=labels[v]) for v in sorted(scale.top_box)])
        seen[scale.id] = t("report.favourable_scale", scale=name, answers=answers)
    return list(seen.values())


# --- Annex -------------------------------------------------------------------------------------------


def used_items(res: Results) -> list[ItemSpec]:
    """The items the figures are about (survey and profile items), in item order."""
    used = {r.item for r in res.rows if r.item}
    return [item for item in res.result.items if item.id in used]


def items_annex_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.item_code"), width=1.7), Column(t("report.col.wording"), width=5.6),
               Column(t("report.col.answers"), width=3.8), Column(t("report.col.waves"), width=1.6), Column(t("report.col.source"), width=3.8)]
    rows = []
    for item in used_items(res):
        code = item.aliases[0] if item.aliases else ""
        answers = " / ".join(item.scale.labels) if len(item.scale.labels) <= 8 else scale_range(item)
        source = t(f"report.source.{item.source}") if item.source and _has(f"report.source.{item.source}") else (item.source or "")
        if item.reference:
            source = f"{source} ({item.reference})" if source else item.reference
        rows.append([code, f"{item.wording}\n[{item.id}]", answers, ", ".join(wave_label(w) for w in item.waves), source])
    return ReportTable(t("report.sheet.items_annex"), t("report.caption.items_annex"), columns, rows)


def definitions_table(res: Results) -> ReportTable:
    columns = [Column(t("report.col.indicator_code"), width=4.2), Column(t("report.col.label"), width=4.0), Column(t("report.col.definition"), width=8.3)]
    used = list(dict.fromkeys(r.indicator for r in res.rows))
    rows = [[code, DEFINITIONS[code].label, report_format.typo(DEFINITIONS[code].description)] for code in used if code in DEFINITIONS]
    return ReportTable(t("report.sheet.definitions"), t("report.caption.definitions"), columns, rows)


def all_rows_table(res: Results) -> ReportTable:
    """Every published row, as in ``indicateurs.csv`` with French headers (for the workbook)."""
    columns = [Column(t("report.col.dimension"), width=3), Column(t("report.col.indicator"), width=4), Column(t("report.col.item"), width=4),
               Column(t("report.col.wave"), width=2), Column(t("report.col.group"), width=4), Column(t("report.col.n"), Kind.COUNT, 2),
               Column(t("report.col.base"), width=2), Column(t("report.col.value"), Kind.COEFFICIENT, 2), Column(t("report.col.unit"), width=2),
               Column(t("report.col.ci_low"), Kind.COEFFICIENT, 2), Column(t("report.col.ci_high"), Kind.COEFFICIENT, 2),
               Column(t("report.col.p_value"), Kind.P_VALUE, 2), Column(t("report.col.p_holm"), Kind.P_VALUE, 2),
               Column(t("report.col.effect"), Kind.COEFFICIENT, 2), Column(t("report.col.note"), width=6)]
    rows = []
    for r in res.rows:
        hidden = MASKED if r.suppressed else None
        rows.append([str(r.dimension), r.indicator, r.item, r.wave, r.group, hidden or r.n, r.base, hidden or r.value, r.unit,
                     hidden or r.ci_low, hidden or r.ci_high, hidden or r.p_value, hidden or r.p_adjusted, hidden or r.effect_size, r.note])
    return ReportTable(t("report.sheet.all_rows"), t("report.caption.all_rows"), columns, rows)


# --- helpers -------------------------------------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with « … » when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _group_value(group: str) -> str:
    return group.split("=", 1)[1] if "=" in group else group


def _short(dimension: str) -> str:
    """Short French name of a dimension, for sheet names."""
    return t(f"report.short.{dimension}")


def _has(key: str) -> bool:
    from surveys.i18n import has

    return has(key)


def nonempty(tables: Iterable[ReportTable]) -> list[ReportTable]:
    return [table for table in tables if table]
