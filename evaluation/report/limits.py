"""The « Limites » chapter: what the figures cannot say, found in the published rows.

Small numbers, low response, attrition that differs from the start, items with many
non-answers, gaps to the population, unknown quality criteria, interviews coded once — each
limit is written only when the data show it, with the figures behind it.
"""

from __future__ import annotations

from evaluation.documents import frformat
from evaluation.documents import valueformat as report_format
from evaluation.report.tables import Results, comparison_label, shorten, wave_label
from indicators.notes import Note
from indicators.vocabulary import Dimension
from surveys.i18n import t, tn

SMALL_N = 30  # below, an interval is wide: say so
NONANSWER_SHARE = 0.10  # at or above, an item's figures may be biased
LOW_RESPONSE = 0.60
LOW_RETENTION = 0.80
SMD_NOTABLE = 0.20
DISSIMILARITY_NOTABLE = 0.10
MAX_LISTED = 8


def limits(res: Results) -> list[str]:
    """The limits, most general first; never empty (the design limits always apply)."""
    lines: list[str] = []
    lines += _response(res)
    lines += _attrition(res)
    lines += _small_numbers(res)
    lines += _nonanswers(res)
    lines += _representativeness(res)
    lines += _quality(res)
    lines += _interviews(res)
    lines += _devoir(res)
    lines.append(t("report.limit.no_control_group"))
    lines.append(t("report.limit.multiple_tests"))
    return lines


def _listed(parts: list[str]) -> str:
    shown = parts[:MAX_LISTED]
    text = frformat.join(shown)
    if len(parts) > MAX_LISTED:
        text += t("report.limit.and_more", count=frformat.number(len(parts) - MAX_LISTED))
    return text


def _response(res: Results) -> list[str]:
    panel = res.result.demarche.panel.size
    lines = []
    for row in res.where(dimension=Dimension.PARTICIPATION, indicator="repondants"):
        if row.suppressed or row.value is None or not panel:
            continue
        rate = row.value / panel
        key = "report.limit.low_response" if rate < LOW_RESPONSE else "report.limit.response"
        lines.append(t(key, wave=wave_label(row.wave).lower(), n=frformat.number(row.value), panel=frformat.number(panel),
                       rate=report_format.share(min(rate, 1.0))))
    return lines


def _attrition(res: Results) -> list[str]:
    lines = []
    for row in res.where(dimension=Dimension.PARTICIPATION, indicator="taux_de_retention"):
        if row.suppressed or row.value is None:
            continue
        if row.value < LOW_RETENTION:
            lines.append(t("report.limit.low_retention", comparison=comparison_label(row.wave), rate=report_format.share(row.value),
                           n=frformat.number(row.n)))
    notable = [r for r in res.where(dimension=Dimension.PARTICIPATION, indicator="difference_standardisee_abandons")
               if not r.suppressed and r.value is not None and abs(r.value) >= SMD_NOTABLE]
    if notable:
        parts = [t("report.limit.smd_item", wording=shorten(res.wording(r.item), 60), value=report_format.coefficient(r.value)) for r in notable]
        lines.append(t("report.limit.attrition_bias", threshold=report_format.coefficient(SMD_NOTABLE), items=_listed(parts)))
    return lines


def _small_numbers(res: Results) -> list[str]:
    lines = []
    cells = res.result.suppressed
    if cells:
        lines.append(t("report.limit.suppressed", cells=tn("report.n_cells", len(cells), count=frformat.number(len(cells))),
                       threshold=frformat.number(res.result.threshold)))
    small = [r for r in res.rows if r.indicator in ("reponses_valides", "paires") and not r.suppressed and r.value is not None
             and 0 < r.value < SMALL_N]
    if small:
        parts = [t("report.limit.small_item", wording=shorten(res.wording(r.item), 60), wave=_wave_text(r.wave), n=frformat.number(r.value)) for r in small]
        lines.append(t("report.limit.small_n", threshold=frformat.number(SMALL_N), items=_listed(parts)))
    return lines


def _wave_text(wave: str) -> str:
    return comparison_label(wave) if "-" in wave else wave_label(wave).lower()


def _nonanswers(res: Results) -> list[str]:
    totals: dict[tuple[str, str], list[float]] = {}
    for row in res.where(indicator="non_reponses"):
        if row.suppressed or row.value is None or not row.n:
            continue
        entry = totals.setdefault((row.item, row.wave), [0.0, float(row.n)])
        entry[0] += row.value
    parts = [t("report.limit.nonanswer_item", wording=shorten(res.wording(item), 60), wave=wave_label(wave).lower(), share=report_format.share(missing / n))
             for (item, wave), (missing, n) in totals.items() if n and missing / n >= NONANSWER_SHARE]
    if not parts:
        return []
    return [t("report.limit.nonanswers", threshold=report_format.share(NONANSWER_SHARE), items=_listed(parts))]


def _representativeness(res: Results) -> list[str]:
    rows = [r for r in res.where(dimension=Dimension.REPRESENTATIVITE, indicator="indice_dissimilarite")
            if not r.suppressed and r.value is not None and r.value >= DISSIMILARITY_NOTABLE]
    if not rows:
        return []
    parts = [t("report.limit.dissimilarity_item", variable=res.variable_label(r.item), value=report_format.share(r.value)) for r in rows]
    return [t("report.limit.representativeness", items=_listed(parts))]


def _quality(res: Results) -> list[str]:
    row = res.get(Dimension.QUALITE, "criteres_inconnus")
    if row is None or not row.value:
        return []
    return [tn("report.limit.unknown_criteria", int(row.value), count=frformat.number(row.value))]


def _interviews(res: Results) -> list[str]:
    impact = Dimension.IMPACT_INTERNE
    interviews = res.get(impact, "entretiens")
    if interviews is None:
        return []
    lines = []
    double = res.get(impact, "entretiens_double_codage")
    if double is None or not double.value:
        lines.append(t("report.limit.single_coding"))
    unresolved = res.get(impact, "desaccords_non_reconcilies")
    if unresolved is not None and unresolved.value:
        lines.append(tn("report.limit.unresolved", int(unresolved.value), count=frformat.number(unresolved.value)))
    if interviews.value is not None and interviews.value < SMALL_N:
        lines.append(t("report.limit.few_interviews", n=frformat.number(interviews.value)))
    return lines


def _devoir(res: Results) -> list[str]:
    row = res.get(Dimension.DEVOIR_DE_SUITE, "part_decidees_dans_le_delai")
    if row is not None and row.note == Note.DEADLINE_AHEAD:
        return [t("report.limit.deadline_ahead")]
    return []
