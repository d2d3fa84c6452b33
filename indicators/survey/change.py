"""Change between waves, measured on matched pairs only (the same respondents at both waves).

For each later wave (``post``, ``follow_up``) compared with ``pre`` and each item asked at both:
the number of pairs, the mean difference with the Wilcoxon signed-rank p-value
(``scipy.stats.wilcoxon(later, pre, zero_method="pratt")``, defaults otherwise), the
matched-pairs rank-biserial correlation, the change in the favourable share with the exact
McNemar test, percentile bootstrap intervals (respondents resampled, all items at once) and
Holm-adjusted p-values within each dimension (one family per dimension, comparison and test).
Unmatched respondents never enter these figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.notes import Note
from indicators.survey.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED, paired_bootstrap
from indicators.survey.descriptive import favourable, is_indicator_item
from indicators.survey.stats import holm, mcnemar_exact, rank_biserial, wilcoxon_pratt
from indicators.survey.tidy import respondents, waves_present, wide
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec, Wave

CHANGE_INDICATORS = ("paires", "difference_moyenne", "correlation_rang_biseriale", "evolution_part_favorable")


@dataclass(frozen=True)
class BootstrapSettings:
    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    confidence: float = 0.95


def comparison(wave: str) -> str:
    """The ``wave`` code of change rows: ``post-pre``, ``follow_up-pre``."""
    return f"{wave}-{Wave.PRE.value}"


def later_waves(frame: pd.DataFrame) -> list[Wave]:
    """Waves compared with ``pre`` (only when a pre wave exists)."""
    waves = waves_present(frame)
    if Wave.PRE not in waves:
        return []
    return [w for w in waves if w is not Wave.PRE]


def matched(frame: pd.DataFrame, wave: str) -> pd.Index:
    """Respondents present in both the pre wave and ``wave``."""
    return respondents(frame, Wave.PRE.value).intersection(respondents(frame, wave))


def paired_change(frame: pd.DataFrame, specs: Sequence[ItemSpec], settings: BootstrapSettings = BootstrapSettings()) -> list[IndicatorResult]:
    """Change rows for every later wave and every indicator item asked before and then."""
    results: list[IndicatorResult] = []
    asked = _asked(frame)
    for wave in later_waves(frame):
        common = [s for s in specs if is_indicator_item(s) and (s.id, Wave.PRE.value) in asked and (s.id, wave.value) in asked]
        if common:
            results.extend(_compare(frame, wave.value, common, settings))
    return results


def _asked(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """The (item, wave) pairs present in the table, found in one pass."""
    return set(frame[["item", "wave"]].drop_duplicates().itertuples(index=False, name=None))


def _compare(frame: pd.DataFrame, wave: str, specs: list[ItemSpec], settings: BootstrapSettings) -> list[IndicatorResult]:
    label = comparison(wave)
    ids = [s.id for s in specs]
    pairs_index = matched(frame, wave)
    pre = wide(frame, Wave.PRE.value, ids, pairs_index).to_numpy(dtype=float)
    post = wide(frame, wave, ids, pairs_index).to_numpy(dtype=float)
    top_pre = np.column_stack([favourable(pre[:, j], s.scale) for j, s in enumerate(specs)]) if specs else pre
    top_post = np.column_stack([favourable(post[:, j], s.scale) for j, s in enumerate(specs)]) if specs else post
    intervals = paired_bootstrap(pre, post, top_pre, top_post, resamples=settings.resamples, seed=settings.seed,
                                 confidence=settings.confidence)
    rows: list[dict] = []
    for j, spec in enumerate(specs):
        valid = ~np.isnan(pre[:, j]) & ~np.isnan(post[:, j])
        rows.append(_item_change(spec, label, pre[valid, j], post[valid, j], top_pre[valid, j], top_post[valid, j],
                                 intervals.rank_biserial[j], intervals.mean_difference[j], intervals.top_box_change[j]))
    _adjust(rows, "difference_moyenne")
    _adjust(rows, "evolution_part_favorable")
    return [IndicatorResult.model_validate(row) for item_rows in rows for row in item_rows.values()]


def _ci(interval: np.ndarray) -> dict[str, float | None]:
    low, high = (float(v) for v in interval)
    if np.isnan(low) or np.isnan(high):
        return {"ci_low": None, "ci_high": None}
    return {"ci_low": low, "ci_high": high}


def _item_change(spec: ItemSpec, wave: str, pre: np.ndarray, post: np.ndarray, top_pre: np.ndarray, top_post: np.ndarray,
                 r_interval: np.ndarray, mean_interval: np.ndarray, top_interval: np.ndarray) -> dict[str, dict]:
    assert spec.dimension is not None  # is_indicator_item(spec) holds
    dimension = Dimension(spec.dimension)
    n = int(pre.size)
    common = {"dimension": dimension, "item": spec.id, "wave": wave, "n": n, "base": Base.PAIRS}
    rows = {"paires": {**common, "indicator": "paires", "value": n, "unit": Unit.COUNT}}
    if n == 0:
        no_pair = {"note": Note.NO_PAIR}
        rows["difference_moyenne"] = {**common, **no_pair, "indicator": "difference_moyenne", "unit": Unit.SCALE_POINTS}
        rows["correlation_rang_biseriale"] = {**common, **no_pair, "indicator": "correlation_rang_biseriale", "unit": Unit.CORRELATION}
        rows["evolution_part_favorable"] = {**common, **no_pair, "indicator": "evolution_part_favorable", "unit": Unit.SHARE_DIFFERENCE}
        return rows
    differences = post - pre
    note = Note.ALL_ZERO if np.all(differences == 0) else (Note.SINGLE_PAIR if n == 1 else "")
    r = rank_biserial(differences)
    rows["difference_moyenne"] = {
        **common, "indicator": "difference_moyenne", "value": float(differences.mean()), "unit": Unit.SCALE_POINTS,
        **_ci(mean_interval), "p_value": wilcoxon_pratt(post, pre), "effect_size": r, "note": note,
    }
    rows["correlation_rang_biseriale"] = {
        **common, "indicator": "correlation_rang_biseriale", "value": r, "unit": Unit.CORRELATION, **_ci(r_interval), "note": note,
    }
    gained = int((~top_pre & top_post).sum())
    lost = int((top_pre & ~top_post).sum())
    rows["evolution_part_favorable"] = {
        **common, "indicator": "evolution_part_favorable", "value": (gained - lost) / n, "unit": Unit.SHARE_DIFFERENCE,
        **_ci(top_interval), "p_value": mcnemar_exact(gained, lost), "note": note,
    }
    return rows


def _adjust(rows: list[dict[str, dict]], indicator: str) -> None:
    """Holm adjustment of one test's p-values within each dimension (in place)."""
    by_dimension: dict[str, list[dict]] = {}
    for item_rows in rows:
        row = item_rows[indicator]
        by_dimension.setdefault(row["dimension"], []).append(row)
    for family in by_dimension.values():
        for row, adjusted in zip(family, holm([row.get("p_value") for row in family]), strict=True):
            row["p_adjusted"] = adjusted
