"""The charts of the evaluation report, each with its alt text written from the data.

A :class:`ReportFigure` holds the PNG, the alt text and the caption; the report embeds it and
saves it in ``out/figures/``. Charts are drawn from the same published rows as the tables, so a
hidden cell has no bar (the words « masqué » instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from evaluation.documents import charts, frformat
from evaluation.documents import valueformat as report_format
from evaluation.report.tables import (
    Results,
    category_rows,
    checklist_verdict,
    comparison_label,
    interview_code_label,
    interview_codes,
    significant,
    status_counts,
    wave_label,
)
from indicators.vocabulary import LABELS, Dimension, Status
from surveys.exports.items import ItemSpec, Scale
from surveys.i18n import t

MAX_CATEGORIES = 7  # beyond, answers are shown in three bands (low, middle, favourable)


@dataclass(frozen=True)
class ReportFigure:
    name: str  # file name in out/figures, without extension
    png: bytes
    alt: str
    caption: str


# --- Likert items -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    label: str
    values: tuple[float, ...]


def likert_categories(scale: Scale) -> list[Category]:
    """The categories a diverging chart shows: each answer, or three bands for long scales (0–10)."""
    labels = scale.labels
    if len(labels) <= MAX_CATEGORIES:
        return [Category(label, (value,)) for label, value in labels.items()]
    values = sorted(labels.values())
    top = tuple(v for v in values if v in scale.top_box) or tuple(values[-(len(values) // 3):])
    mirror = scale.minimum + scale.maximum - min(top)
    low = tuple(v for v in values if v <= mirror)
    middle = tuple(v for v in values if v not in top and v not in low)
    bands = [(low, "report.band.low"), (middle, "report.band.middle"), (top, "report.band.high")]
    return [Category(t(key, first=frformat.number(group[0]), last=frformat.number(group[-1])) if len(group) > 1
                     else frformat.number(group[0]), group) for group, key in bands if group]


def _item_shares(res: Results, item: ItemSpec, dimension: str, wave: str, categories: list[Category]) -> tuple[list[float], int | None]:
    """Shares per category of one item and wave, and the valid answers they are computed on.

    Empty shares when the cell is hidden (or nobody answered).
    """
    rows = res.where(dimension=dimension, indicator="repartition", item=item.id, wave=wave)
    valid = res.get(dimension, "reponses_valides", item.id, wave)
    if not rows or any(r.suppressed for r in rows) or (valid is not None and valid.suppressed):
        return [], None
    by_value: dict[float, float] = {}
    for row in rows:
        label = row.group.split("=", 1)[1]
        value = item.scale.labels.get(label)
        if value is not None and row.value is not None:
            by_value[value] = by_value.get(value, 0.0) + row.value
    return [sum(by_value.get(v, 0.0) for v in category.values) for category in categories], rows[0].n


def likert_figures(res: Results, dimension: str) -> list[ReportFigure]:
    """One diverging chart per answer scale of the dimension's items, each item shown in each wave."""
    waves = res.waves(dimension)
    by_scale: dict[str, list[ItemSpec]] = {}
    for item_id in res.items_of(dimension):
        item = res.items.get(item_id)
        if item is not None and 2 <= len(likert_categories(item.scale)) <= MAX_CATEGORIES:
            by_scale.setdefault(item.scale.id, []).append(item)
    figures = []
    for number, items in enumerate(by_scale.values(), start=1):
        categories = likert_categories(items[0].scale)
        groups, described = [], []
        for item in items:
            rows = []
            for wave in waves:
                if res.get(dimension, "reponses_valides", item.id, wave) is None:
                    continue
                shares, n = _item_shares(res, item, dimension, wave, categories)
                label = t("report.chart.wave_n", wave=wave_label(wave), n=frformat.number(n)) if shares else wave_label(wave)
                rows.append(charts.LikertRow(label, shares))
                described.append(_describe_likert(item, wave, categories, shares, n))
            groups.append(charts.LikertGroup(item.wording, rows))
        if not any(row.shares for group in groups for row in group.rows):
            continue  # every bar hidden: the table already says « masqué »
        caption = t("report.caption.likert", dimension=LABELS[dimension], first=categories[0].label, last=categories[-1].label)
        png = charts.diverging_likert(groups, [c.label for c in categories], masked=t("report.masked"), xlabel=t("report.chart.share_axis"))
        alt = t("report.alt.likert", caption=caption, items=" ; ".join(described))
        figures.append(ReportFigure(f"reponses-{dimension}-{number}", png, alt, caption))
    return figures


def _describe_likert(item: ItemSpec, wave: str, categories: list[Category], shares: list[float], n: int | None) -> str:
    if not shares:
        return t("report.alt.likert_masked", wording=item.wording, wave=wave_label(wave).lower())
    parts = ", ".join(f"{c.label} {report_format.share(s)}" for c, s in zip(categories, shares))
    return t("report.alt.likert_item", wording=item.wording, wave=wave_label(wave).lower(), parts=parts, n=frformat.number(n))


# --- Change on matched pairs ---------------------------------------------------------------------------


def change_figure(res: Results, dimension: str, comparison: str) -> ReportFigure | None:
    """Change of the favourable share per item with its interval, on matched pairs."""
    estimates, described = [], []
    for item_id in res.items_of(dimension, comparison, indicator="evolution_part_favorable"):
        row = res.get(dimension, "evolution_part_favorable", item_id, comparison)
        if row is None:
            continue
        wording = res.wording(item_id)
        if row.suppressed or row.value is None:
            estimates.append(charts.Estimate(wording, None, None, None, t("report.masked")))
            described.append(t("report.alt.change_masked", wording=wording))
            continue
        text = report_format.share_points(row.value)
        if row.ci_low is not None and row.ci_high is not None:
            text += " " + report_format.interval(report_format.share_points(row.ci_low, unit=False), report_format.share_points(row.ci_high, unit=False))
        if significant(row.p_adjusted):
            text += " – " + t("report.chart.significant")
        estimates.append(charts.Estimate(wording, row.value, row.ci_low, row.ci_high, text))
        described.append(t("report.alt.change_item", wording=wording, text=text, n=frformat.number(row.n)))
    if all(e.value is None for e in estimates):
        return None
    caption = t("report.caption.change_chart", dimension=LABELS[dimension], comparison=comparison_label(comparison))
    png = charts.interval_plot(estimates, xlabel=t("report.chart.change_axis"), masked=t("report.masked"))
    return ReportFigure(f"evolution-{dimension}-{comparison}", png, t("report.alt.change", caption=caption, items=" ; ".join(described)), caption)


# --- Devoir de suite ------------------------------------------------------------------------------------


def status_figure(res: Results) -> ReportFigure | None:
    counts = status_counts(res)
    if not counts:
        return None
    labels = [LABELS.get(status, status) for status, _, _ in counts]
    values = [count or 0 for _, count, _ in counts]
    texts = [f"{frformat.number(count)} ({report_format.share(row.value)})" for _, count, row in counts]
    colours = [charts.STATUS_COLOURS.get(Status(status), charts.OKABE_ITO[7]) if status in Status._value2member_map_ else charts.OKABE_ITO[7]
               for status, _, _ in counts]
    hatches = [charts.STATUS_HATCHES.get(Status(status), "") if status in Status._value2member_map_ else "" for status, _, _ in counts]
    png = charts.horizontal_bars(labels, values, value_labels=texts, colours=colours, hatches=hatches, xlabel=t("report.chart.proposals_axis"))
    caption = t("report.caption.status_chart")
    alt = t("report.alt.status", items=" ; ".join(f"{label} : {text}" for label, text in zip(labels, texts)))
    return ReportFigure("decisions-par-statut", png, alt, caption)


def theme_figure(register: pd.DataFrame | None) -> ReportFigure | None:
    if register is None or register.empty:
        return None
    statuses = [s for s in Status if (register["status"] == s.value).any()]
    themes = list(dict.fromkeys(register["theme"]))
    counts = register.groupby(["theme", "status"], sort=False).size()
    series = [charts.Series(LABELS[s], [int(counts.get((theme, s.value), 0)) for theme in themes], charts.STATUS_COLOURS[s], charts.STATUS_HATCHES[s])
              for s in statuses]
    png = charts.stacked_bars(themes, series, xlabel=t("report.chart.proposals_axis"))
    described = []
    for theme in themes:
        parts = [f"{frformat.number(int(counts.get((theme, s.value), 0)))} {LABELS[s].lower()}" for s in statuses if counts.get((theme, s.value), 0)]
        described.append(t("report.alt.theme_item", theme=theme, parts=", ".join(parts)))
    return ReportFigure("decisions-par-theme", png, t("report.alt.themes", items=" ; ".join(described)), t("report.caption.theme_chart"))


# --- Quality checklist ----------------------------------------------------------------------------------

_VERDICT_STYLES = {
    "met": charts.StatusStyle("#009E73", "", ""),
    "not_met": charts.StatusStyle("#D55E00", "xxx", ""),
    "unknown": charts.StatusStyle("#D9D9D9", "...", ""),
}


def checklist_figure(res: Results) -> ReportFigure | None:
    rows = res.where(dimension=Dimension.QUALITE, indicator="critere_qualite")
    if not rows:
        return None
    keys = ["unknown" if r.value is None else "met" if r.value >= 1 else "not_met" for r in rows]
    styles = {key: charts.StatusStyle(style.colour, style.hatch, t(f"report.verdict_mark.{key}")) for key, style in _VERDICT_STYLES.items()}
    labels = [t(f"checklist.{r.item}") for r in rows]
    png = charts.status_strip(labels, keys, styles)
    alt = t("report.alt.checklist", items=" ; ".join(f"{label} : {checklist_verdict(r).lower()}" for label, r in zip(labels, rows)))
    return ReportFigure("qualite-criteres", png, alt, t("report.caption.checklist_chart"))


# --- Representativeness ---------------------------------------------------------------------------------


def gap_scale(res: Results, variables: Sequence[str]) -> float:
    """The axis half-width shared by the representativeness charts of all ``variables``."""
    gaps = [gap.value for variable in variables for _, _, _, gap in category_rows(res, variable)
            if gap is not None and not gap.suppressed and gap.value is not None]
    return charts.gap_limit(gaps)


def gap_figure(res: Results, variable: str, number: int, *, limit: float | None = None) -> ReportFigure | None:
    categories = category_rows(res, variable)
    if not categories:
        return None
    gaps: list[float | None]
    labels, gaps, texts, described = [], [], [], []
    for category, panel, reference, gap in categories:
        labels.append(category)
        if gap is None or gap.suppressed or gap.value is None or panel is None or panel.suppressed:
            gaps.append(None)
            texts.append(t("report.masked"))
            described.append(t("report.alt.gap_masked", category=category))
            continue
        gaps.append(gap.value)
        text = t("report.chart.gap_text", gap=report_format.share_points(gap.value, 0), panel=report_format.share(panel.value),
                 reference=report_format.share(reference.value if reference else None))
        texts.append(text)
        described.append(t("report.alt.gap_item", category=category, text=text))
    if all(gap is None for gap in gaps):
        return None
    label = res.variable_label(variable)
    caption = t("report.caption.gap_chart", variable=label)
    png = charts.gap_bars(labels, gaps, texts, masked=t("report.masked"), xlabel=t("report.chart.gap_axis"), limit=limit)
    return ReportFigure(f"representativite-{number}", png, t("report.alt.gaps", caption=caption, items=" ; ".join(described)), caption)


# --- Interviews -------------------------------------------------------------------------------------------


def interview_figure(res: Results) -> ReportFigure | None:
    impact = Dimension.IMPACT_INTERNE
    codes, attested, asserted, described = [], [], [], []
    for code in interview_codes(res):
        level1 = res.get(impact, "part_niveau_1_ou_plus", code)
        level2 = res.get(impact, "part_niveau_2", code)
        if level1 is None or level2 is None or level1.suppressed or level2.suppressed or level1.value is None or level2.value is None:
            continue
        codes.append(interview_code_label(code))
        attested.append(round(level2.value * 100))
        asserted.append(round((level1.value - level2.value) * 100))
        described.append(t("report.alt.interview_item", code=codes[-1], attested=report_format.share(level2.value),
                           present=report_format.share(level1.value), n=frformat.number(level1.n)))
    if not codes:
        return None
    series = [charts.Series(t("report.chart.attested"), attested, charts.OKABE_ITO[2], ""),
              charts.Series(t("report.chart.asserted"), asserted, charts.OKABE_ITO[4], "///")]
    png = charts.stacked_bars(codes, series, xlabel=t("report.chart.interviews_axis"))
    return ReportFigure("entretiens-codes", png, t("report.alt.interviews", items=" ; ".join(described)), t("report.caption.interview_chart"))
