"""Per item and wave: valid answers, each non-answer, distribution, mean, favourable share.

Panel profile items (dimension ``representativite``) are not described here: they feed the
representativeness indicators.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult, SharedItemWave
from indicators.notes import Note
from indicators.survey.stats import CONFIDENCE, mean_interval, wilson_interval
from indicators.survey.tidy import waves_present
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec, MissingReason, Scale

NONANSWER_REASONS = tuple(r for r in MissingReason if r is not MissingReason.VALID)


def is_indicator_item(spec: ItemSpec) -> bool:
    """Items measuring a dimension (not the panel profile), with a dimension of the vocabulary."""
    return spec.dimension is not None and spec.dimension != Dimension.REPRESENTATIVITE and spec.dimension in set(Dimension)


def favourable(values: np.ndarray, scale: Scale) -> np.ndarray:
    """Whether each (coded) value is a favourable answer of the scale (NaN stays False)."""
    return np.isin(values, np.asarray(scale.top_box, dtype=float))


def answer_labels(spec: ItemSpec) -> dict[float, str]:
    """Label of each coded value; for a reversed item, the label people actually chose."""
    scale = spec.scale
    by_value = {value: label for label, value in scale.labels.items()}
    if not spec.reverse:
        return by_value
    return {scale.minimum + scale.maximum - value: label for value, label in by_value.items()}


def item_descriptives(frame: pd.DataFrame, specs: Sequence[ItemSpec], confidence: float = CONFIDENCE) -> list[IndicatorResult]:
    """Descriptive rows for every indicator item with data, wave by wave (chronological)."""
    results: list[IndicatorResult] = []
    present = {(w, i) for w, i in frame[["wave", "item"]].drop_duplicates().itertuples(index=False)}
    grouped = {key: part for key, part in frame.groupby(["item", "wave"], sort=False)}  # noqa: C416 (dict() of a GroupBy fails)
    for spec in specs:
        if not is_indicator_item(spec):
            continue
        for wave in waves_present(frame):
            if (wave.value, spec.id) not in present:
                continue
            results.extend(_describe(spec, wave.value, grouped[(spec.id, wave.value)], confidence))
    return results


def _describe(spec: ItemSpec, wave: str, rows: pd.DataFrame, confidence: float) -> list[IndicatorResult]:
    assert spec.dimension is not None  # is_indicator_item(spec) holds
    dimension = Dimension(spec.dimension)
    n_respondents = _distinct(rows["respondent"])
    values = rows["value"].to_numpy(dtype=float)
    values = values[~np.isnan(values)]
    n_valid = int(values.size)
    common: SharedItemWave = {"dimension": dimension, "item": spec.id, "wave": wave, "base": Base.RESPONDENTS}
    out = [IndicatorResult(indicator="reponses_valides", n=n_respondents, value=n_valid, unit=Unit.COUNT, **common)]
    reasons = _tally(rows["missing"])
    for reason in NONANSWER_REASONS:
        out.append(IndicatorResult(indicator="non_reponses", group=f"motif={reason.value}", n=n_respondents,
                                   value=int(reasons.get(reason.value, 0)), unit=Unit.COUNT, **common))
    empty_note = Note.NO_ANSWER if n_valid == 0 else ""
    labels = answer_labels(spec)
    distinct, tallies = np.unique(values, return_counts=True)
    counts = dict(zip(distinct.tolist(), tallies.tolist()))
    categories = sorted(set(labels) | set(counts))
    for value in categories:
        name = labels.get(value, f"{value:g}")
        share = float(counts.get(value, 0)) / n_valid if n_valid else None
        out.append(IndicatorResult(indicator="repartition", group=f"reponse={name}", n=n_valid, value=share,
                                   unit=Unit.SHARE, note=empty_note, **common))
    mean = float(values.mean()) if n_valid else None
    interval = mean_interval(values, confidence)
    note = empty_note or (Note.SINGLE_ANSWER if n_valid == 1 else "")
    out.append(IndicatorResult(indicator="moyenne", n=n_valid, value=mean, unit=Unit.SCALE_POINTS,
                               ci_low=interval[0] if interval else None, ci_high=interval[1] if interval else None,
                               note=note, **common))
    if spec.scale.top_box:
        hits = int(favourable(values, spec.scale).sum())
        wilson = wilson_interval(hits, n_valid, confidence)
        out.append(IndicatorResult(indicator="part_favorable", n=n_valid, value=hits / n_valid if n_valid else None,
                                   unit=Unit.SHARE, ci_low=wilson[0] if wilson else None,
                                   ci_high=wilson[1] if wilson else None, note=empty_note, **common))
    return out


def _distinct(column: pd.Series) -> int:
    """Distinct defined values of a column (``nunique``), counted on a categorical's codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        return int(np.unique(codes[codes >= 0]).size)
    return int(column.nunique())


def _tally(column: pd.Series) -> dict[str, int]:
    """How often each defined value occurs (``value_counts``), counted on a categorical's codes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        counts = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories))
        return {str(category): int(n) for category, n in zip(column.cat.categories, counts) if n}
    return {str(value): int(n) for value, n in column.value_counts().items()}
