"""What the portfolio compares: figures taken from each démarche's indicators, by a fixed list of metrics.

A :class:`Metric` names one row of a démarche's ``indicateurs.csv`` (dimension, indicator, item,
wave, group). A démarche without that row, or whose value is empty (not computable, or hidden by
the statistical secret), has a *missing* figure: it is shown empty or « – », never as zero, and
it is left out of the portfolio's quartiles.

Démarche-level metrics are listed in :data:`DEMARCHE_METRICS`; item-level metrics (share of
favourable answers per wave, its change on matched pairs) exist for every item of the standard
item bank and are compared only across the démarches that asked the item.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TypedDict, Unpack

from evaluation.documents import frformat
from indicators.item_bank import load_item_bank
from indicators.models import IndicatorResult
from indicators.vocabulary import Dimension, Status
from surveys.i18n import t

MINUS = "\u2212"  # the typographic minus sign


class Kind(StrEnum):
    """How a figure reads, for formats and charts."""

    COUNT = "count"
    SHARE = "share"  # 0–1
    SHARE_DIFFERENCE = "share_difference"  # −1–1
    DAYS = "days"
    INDEX = "index"  # 0–100
    PERCENT = "percent"  # a percentage already on 0–100 (implementation progress)


@dataclass(frozen=True)
class Metric:
    """One figure compared across démarches, located in the long-format indicators."""

    key: str
    dimension: str
    indicator: str
    kind: Kind
    item: str = ""
    wave: str = ""
    group: str = ""
    benchmark: bool = True  # compared with the portfolio's quartiles
    show_n: bool = False  # its n gets a column of its own in the démarche sheet

    @property
    def locator(self) -> tuple[str, str, str, str, str]:
        return (self.dimension, self.indicator, self.item, self.wave, self.group)

    @property
    def label(self) -> str:
        """French label: from the catalogue for démarche-level metrics, built for item-level ones."""
        if self.item:
            return t(f"portfolio.item_metric.{self.indicator}", wave=t(f"portfolio.wave.{self.wave}"))
        return t(f"portfolio.metric.{self.key}")

    def format(self, value: float | None) -> str:
        """The value as a French reader expects it; « – » when missing."""
        if value is None:
            return "–"
        if self.kind is Kind.SHARE:
            return frformat.percent(value)
        if self.kind is Kind.SHARE_DIFFERENCE:
            points = frformat.number(abs(value) * 100)
            sign = "" if points == "0" else "+" if value > 0 else MINUS
            return t("portfolio.points", value=sign + points)
        if self.kind is Kind.INDEX:
            return frformat.number(value, 1)
        if self.kind is Kind.PERCENT:
            return t("portfolio.percent", value=frformat.number(value))
        if self.kind is Kind.DAYS:
            return t("portfolio.days", value=frformat.number(value))
        return frformat.number(value)


@dataclass(frozen=True)
class Figure:
    """A démarche's value for a metric, with its n; ``value`` None when missing."""

    value: float | None
    n: int | None = None


MISSING = Figure(None, None)


class _MetricOptions(TypedDict, total=False):
    """The optional fields of a :class:`Metric`."""

    item: str
    wave: str
    group: str
    benchmark: bool
    show_n: bool


def _m(key: str, dimension: Dimension, indicator: str, kind: Kind, **extra: Unpack[_MetricOptions]) -> Metric:
    return Metric(key=key, dimension=dimension.value, indicator=indicator, kind=kind, **extra)


_D, _P, _Q = Dimension.DEVOIR_DE_SUITE, Dimension.PARTICIPATION, Dimension.QUALITE
DEMARCHE_METRICS: tuple[Metric, ...] = (
    _m("repondants_avant", _P, "repondants", Kind.COUNT, wave="pre", benchmark=False),
    _m("repondants_apres", _P, "repondants", Kind.COUNT, wave="post", benchmark=False),
    _m("paires", _P, "paires", Kind.COUNT, wave="post-pre", benchmark=False),
    _m("taux_de_retention", _P, "taux_de_retention", Kind.SHARE, wave="post-pre", show_n=True),
    _m("propositions", _D, "propositions", Kind.COUNT, benchmark=False),
    *(_m(f"part_{s.value}", _D, "part_statut", Kind.SHARE, group=f"statut={s.value}",
         benchmark=s in (Status.RETENUE, Status.RETENUE_PARTIELLEMENT, Status.NON_RETENUE, Status.A_L_ETUDE)) for s in Status),
    _m("part_repondues", _D, "part_repondues", Kind.SHARE),
    _m("part_motivees", _D, "part_motivees", Kind.SHARE),
    _m("delai_median_decision", _D, "delai_median_decision", Kind.DAYS, show_n=True),
    _m("part_decidees_dans_le_delai", _D, "part_decidees_dans_le_delai", Kind.SHARE),
    _m("avancement_moyen", _D, "avancement_moyen", Kind.PERCENT, show_n=True),
    _m("part_reponses_claires_et_motivees", _D, "part_reponses_jugees_claires_et_motivees", Kind.SHARE, show_n=True),
    _m("score_qualite", _Q, "score_qualite", Kind.SHARE),
    _m("score_qualite_renseigne", _Q, "score_qualite_renseigne", Kind.SHARE, show_n=True),
    _m("indice_pertinence", Dimension.PERTINENCE, "indice", Kind.INDEX, wave="post", show_n=True),
    _m("indice_organisation", Dimension.ORGANISATION, "indice", Kind.INDEX, wave="post", show_n=True),
    _m("indice_impact_interne", Dimension.IMPACT_INTERNE, "indice", Kind.INDEX, wave="post", show_n=True),
    _m("indice_changement_pratique", Dimension.IMPACT_INTERNE, "indice_changement_pratique", Kind.SHARE, show_n=True),
    _m("indice_representations_avant", Dimension.REPRESENTATIONS, "indice", Kind.INDEX, wave="pre", show_n=True),
    _m("indice_representations_apres", Dimension.REPRESENTATIONS, "indice", Kind.INDEX, wave="post", show_n=True),
    _m("evolution_indice_representations", Dimension.REPRESENTATIONS, "evolution_indice", Kind.INDEX, wave="post-pre", show_n=True),
)
# Item-level indicators compared across démarches (scale-free: shares and their change).
ITEM_INDICATORS = {"part_favorable": Kind.SHARE, "evolution_part_favorable": Kind.SHARE_DIFFERENCE}
WAVE_ORDER = ("pre", "post", "follow_up", "post-pre", "follow_up-pre")
# The metrics the Word summary charts, in this order.
CHARTED = ("part_motivees", "part_retenue", "part_decidees_dans_le_delai", "delai_median_decision", "score_qualite",
           "taux_de_retention", "indice_pertinence", "indice_organisation", "indice_representations_apres")


@lru_cache(maxsize=1)
def bank_items() -> dict[str, str]:
    """Item-bank ids with their wording: the only items compared across démarches."""
    return {item.id: item.wording for item in load_item_bank()}


def item_metric(indicator: str, item: str, wave: str) -> Metric:
    """The metric of an item-bank item (the dimension is the bank's)."""
    dimension = next(i.dimension for i in load_item_bank() if i.id == item)
    return Metric(key=f"{indicator}:{item}:{wave}", dimension=str(dimension), indicator=indicator, item=item, wave=wave,
                  kind=ITEM_INDICATORS[indicator])


def extract(results: Iterable[IndicatorResult]) -> dict[str, Figure]:
    """A démarche's figures: every démarche-level metric found, and every item-bank item-level one.

    Rows absent, not computable or hidden give no entry (missing), never zero.
    """
    wanted = {m.locator: m.key for m in DEMARCHE_METRICS}
    bank = bank_items()
    figures: dict[str, Figure] = {}
    for row in results:
        locator = (row.dimension.value, row.indicator, row.item, row.wave, row.group)
        key = wanted.get(locator)
        if key is None and row.indicator in ITEM_INDICATORS and row.item in bank and not row.group:
            key = f"{row.indicator}:{row.item}:{row.wave}"
        if key is not None and row.value is not None and not row.suppressed:
            figures[key] = Figure(float(row.value), row.n)
    return figures


def shared_item_metrics(figure_sets: Sequence[dict[str, Figure]], minimum: int = 2) -> list[Metric]:
    """Item-level metrics present in at least ``minimum`` démarches, in item-bank order."""
    counts: dict[str, int] = {}
    for figures in figure_sets:
        for key in figures:
            if ":" in key:
                counts[key] = counts.get(key, 0) + 1
    order = {item: position for position, item in enumerate(bank_items())}
    keys = sorted((k for k, c in counts.items() if c >= minimum),
                  key=lambda k: (order[k.split(":")[1]], WAVE_ORDER.index(k.split(":")[2]), list(ITEM_INDICATORS).index(k.split(":")[0])))
    return [item_metric(*key.split(":")) for key in keys]
