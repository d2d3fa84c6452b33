"""Dimension indices on 0–100, with Cronbach's α, and their change on matched pairs.

Each answer is put on 0–100 with its scale's bounds ((value − min) / (max − min) × 100); a
respondent's index is the mean over the dimension's items they answered, counted only when they
answered at least two thirds of the items asked in that wave. α is computed on the same 0–100
values, over respondents who answered every item (complete cases). For change, both indices of a
respondent use the items asked at both waves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult, SharedWave
from indicators.notes import Note
from indicators.survey.bootstrap import paired_bootstrap
from indicators.survey.change import BootstrapSettings, comparison, later_waves, matched
from indicators.survey.descriptive import is_indicator_item
from indicators.survey.stats import cronbach_alpha, mean_interval, rank_biserial, wilcoxon_pratt
from indicators.survey.tidy import respondents, waves_present, wide
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec, Wave

MIN_ITEMS = 2


def rescaled(frame: pd.DataFrame, wave: str, specs: Sequence[ItemSpec], index: pd.Index | None = None) -> pd.DataFrame:
    """Answers of a wave on 0–100, respondents × items."""
    values = wide(frame, wave, [s.id for s in specs], index)
    low = np.array([s.scale.minimum for s in specs])
    span = np.array([s.scale.maximum - s.scale.minimum for s in specs])
    return (values - low) / span * 100  # type: ignore[return-value]  # pandas-stubs lack DataFrame / ndarray (a DataFrame)


def respondent_index(scores: pd.DataFrame) -> pd.Series:
    """Mean of the answered items when at least two thirds are answered, NaN otherwise."""
    k = scores.shape[1]
    answered = scores.notna().sum(axis=1)
    enough = answered * 3 >= 2 * k
    return scores.mean(axis=1, skipna=True).where(enough & (answered > 0))


class _IndexChange(SharedWave):
    """The fields both rows of an index change share."""

    indicator: str
    n: int
    unit: str


def _dimension_items(frame: pd.DataFrame, specs: Sequence[ItemSpec], wave: str) -> dict[Dimension, list[ItemSpec]]:
    asked = set(frame.loc[frame["wave"] == wave, "item"].unique())
    groups: dict[Dimension, list[ItemSpec]] = {}
    for spec in specs:
        if is_indicator_item(spec) and spec.id in asked and spec.scale.maximum > spec.scale.minimum:
            assert spec.dimension is not None
            groups.setdefault(Dimension(spec.dimension), []).append(spec)
    return {d: items for d, items in groups.items() if len(items) >= MIN_ITEMS}


def dimension_indices(frame: pd.DataFrame, specs: Sequence[ItemSpec], settings: BootstrapSettings = BootstrapSettings()) -> list[IndicatorResult]:
    """Index and α per dimension and wave, then the index change per later wave."""
    results: list[IndicatorResult] = []
    for wave in waves_present(frame):
        for dimension, items in _dimension_items(frame, specs, wave.value).items():
            results.extend(_wave_index(frame, wave.value, dimension, items, settings.confidence))
    for wave in later_waves(frame):
        results.extend(_index_change(frame, specs, wave.value, settings))
    return results


def _wave_index(frame: pd.DataFrame, wave: str, dimension: Dimension, items: list[ItemSpec], confidence: float) -> list[IndicatorResult]:
    scores = rescaled(frame, wave, items, respondents(frame, wave))
    index = respondent_index(scores).dropna().to_numpy()
    common: SharedWave = {"dimension": dimension, "wave": wave, "base": Base.RESPONDENTS}
    interval = mean_interval(index, confidence)
    note = Note.NO_INDEX if index.size == 0 else (Note.SINGLE_ANSWER if index.size == 1 else "")
    complete = scores.dropna().to_numpy()
    alpha = cronbach_alpha(complete)
    return [
        IndicatorResult(indicator="indice", n=int(index.size), value=float(index.mean()) if index.size else None,
                        unit=Unit.INDEX, ci_low=interval[0] if interval else None,
                        ci_high=interval[1] if interval else None, note=note, **common),
        IndicatorResult(indicator="alpha_cronbach", n=int(complete.shape[0]), value=alpha, unit=Unit.COEFFICIENT,
                        note="" if alpha is not None else Note.NO_ALPHA, **common),
    ]


def _index_change(frame: pd.DataFrame, specs: Sequence[ItemSpec], wave: str, settings: BootstrapSettings) -> list[IndicatorResult]:
    before = _dimension_items(frame, specs, Wave.PRE.value)
    after = _dimension_items(frame, specs, wave)
    pairs_index = matched(frame, wave)
    dimensions, pre_columns, post_columns = [], [], []
    for dimension, items in before.items():
        later_ids = {s.id for s in after.get(dimension, [])}
        common_items = [s for s in items if s.id in later_ids]
        if len(common_items) < MIN_ITEMS:
            continue
        dimensions.append(dimension)
        pre_columns.append(respondent_index(rescaled(frame, Wave.PRE.value, common_items, pairs_index)).to_numpy())
        post_columns.append(respondent_index(rescaled(frame, wave, common_items, pairs_index)).to_numpy())
    if not dimensions:
        return []
    pre = np.column_stack(pre_columns)
    post = np.column_stack(post_columns)
    no_top = np.zeros_like(pre, dtype=bool)
    intervals = paired_bootstrap(pre, post, no_top, no_top, resamples=settings.resamples, seed=settings.seed,
                                 confidence=settings.confidence, with_rank_biserial=False)
    results = []
    for j, dimension in enumerate(dimensions):
        valid = ~np.isnan(pre[:, j]) & ~np.isnan(post[:, j])
        differences = post[valid, j] - pre[valid, j]
        n = int(differences.size)
        common: _IndexChange = {"dimension": dimension, "indicator": "evolution_indice", "wave": comparison(wave), "n": n,
                                "base": Base.PAIRS, "unit": Unit.INDEX}
        if n == 0:
            results.append(IndicatorResult(note=Note.NO_PAIR, **common))
            continue
        low, high = intervals.mean_difference[j]
        p = wilcoxon_pratt(post[valid, j], pre[valid, j])
        note = Note.ALL_ZERO if np.all(differences == 0) else (Note.SINGLE_PAIR if n == 1 else "")
        results.append(IndicatorResult(
            value=float(differences.mean()), ci_low=None if np.isnan(low) else float(low),
            ci_high=None if np.isnan(high) else float(high), p_value=p, p_adjusted=p,
            effect_size=rank_biserial(differences), note=note, **common,
        ))
    return results
