"""Participation in the surveys: respondents per wave, pairs, drop-outs and their profile.

Drop-outs are pre-wave respondents absent from the later wave. They are compared with the
completers on their pre answers, item by item, with the standardised mean difference
(completers − drop-outs, pooled standard deviation), so that a reader sees whether those who
left differed at the start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.notes import Note
from indicators.survey.change import comparison, later_waves, matched
from indicators.survey.descriptive import is_indicator_item
from indicators.survey.stats import CONFIDENCE, standardised_mean_difference, wilson_interval
from indicators.survey.tidy import respondents, waves_present, wide
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec, Wave


@dataclass(frozen=True)
class Participation:
    """Counts behind every change figure: respondents per wave, pairs and drop-outs per comparison."""

    respondents: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)
    dropouts: dict[str, int] = field(default_factory=dict)


def participation_summary(frame: pd.DataFrame) -> Participation:
    counts = {w.value: len(respondents(frame, w.value)) for w in waves_present(frame)}
    pairs, dropouts = {}, {}
    for wave in later_waves(frame):
        n_pairs = len(matched(frame, wave.value))
        pairs[comparison(wave.value)] = n_pairs
        dropouts[comparison(wave.value)] = counts[Wave.PRE.value] - n_pairs
    return Participation(respondents=counts, pairs=pairs, dropouts=dropouts)


def participation(frame: pd.DataFrame, specs: Sequence[ItemSpec], confidence: float = CONFIDENCE) -> list[IndicatorResult]:
    """Rows of the ``participation`` dimension: counts, retention and drop-out profile."""
    summary = participation_summary(frame)
    dimension = Dimension.PARTICIPATION
    results = [
        IndicatorResult(dimension=dimension, indicator="repondants", wave=wave, n=n, value=n, unit=Unit.COUNT, base=Base.RESPONDENTS)
        for wave, n in summary.respondents.items()
    ]
    n_pre = summary.respondents.get(Wave.PRE.value, 0)
    for wave in later_waves(frame):
        label = comparison(wave.value)
        n_pairs, n_out = summary.pairs[label], summary.dropouts[label]
        wilson = wilson_interval(n_pairs, n_pre, confidence)
        results += [
            IndicatorResult(dimension=dimension, indicator="paires", wave=label, n=n_pairs, value=n_pairs, unit=Unit.COUNT,
                            base=Base.PAIRS, note=Note.NO_PAIR if n_pairs == 0 else ""),
            IndicatorResult(dimension=dimension, indicator="abandons", wave=label, n=n_pre, value=n_out, unit=Unit.COUNT,
                            base=Base.RESPONDENTS),
            IndicatorResult(dimension=dimension, indicator="taux_de_retention", wave=label, n=n_pre,
                            value=n_pairs / n_pre if n_pre else None, unit=Unit.SHARE, base=Base.RESPONDENTS,
                            ci_low=wilson[0] if wilson else None, ci_high=wilson[1] if wilson else None),
        ]
        results += _dropout_profile(frame, specs, wave.value)
    return results


def _dropout_profile(frame: pd.DataFrame, specs: Sequence[ItemSpec], wave: str) -> list[IndicatorResult]:
    items = [s for s in specs if is_indicator_item(s)]
    asked = set(frame.loc[frame["wave"] == Wave.PRE.value, "item"].unique())
    items = [s for s in items if s.id in asked]
    if not items:
        return []
    everyone = respondents(frame, Wave.PRE.value)
    stayed = everyone.isin(matched(frame, wave))
    values = wide(frame, Wave.PRE.value, [s.id for s in items], everyone).to_numpy(dtype=float)
    results = []
    for j, spec in enumerate(items):
        column = values[:, j]
        kept, left = column[stayed & ~np.isnan(column)], column[~stayed & ~np.isnan(column)]
        smd = standardised_mean_difference(kept, left)
        if (~stayed).sum() == 0:
            note: str = Note.NO_DROPOUT
        elif kept.size < 2 or left.size < 2:
            note = Note.TOO_FEW
        elif smd is None:
            note = Note.NO_VARIATION
        else:
            note = ""
        results.append(IndicatorResult(
            dimension=Dimension.PARTICIPATION, indicator="difference_standardisee_abandons", item=spec.id,
            wave=comparison(wave), n=int(left.size), value=smd, unit=Unit.COEFFICIENT, base=Base.DROPOUTS, note=note,
        ))
    return results
