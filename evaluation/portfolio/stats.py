"""The portfolio's comparisons: quartiles across démarches, each démarche's position, trends by year.

Quartiles are those of Excel's ``QUARTILE.INC`` (linear interpolation between order statistics,
``numpy.percentile`` default), so a reader can check them in a spreadsheet. They are computed
only over the démarches that have the figure, and only when at least :data:`MIN_COMPARED` do;
a missing figure is never counted as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

MIN_COMPARED = 3


@dataclass(frozen=True)
class Quartiles:
    """Distribution of a figure over the ``n`` démarches that have it."""

    n: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


class Position(StrEnum):
    """Where a démarche's value falls among the portfolio's quartiles."""

    LOWEST = "q1"  # at or below the first quartile
    SECOND = "q2"  # above Q1, at or below the median
    THIRD = "q3"  # above the median, at or below Q3
    HIGHEST = "q4"  # above the third quartile


def quartiles(values: Sequence[float | None], minimum: int = MIN_COMPARED) -> Quartiles | None:
    """Quartiles of the values present (``None`` and NaN left out); ``None`` under ``minimum`` values."""
    present = np.array([v for v in values if v is not None and v == v], dtype=float)
    if present.size < minimum:
        return None
    q1, median, q3 = np.percentile(present, [25, 50, 75])
    return Quartiles(n=int(present.size), minimum=float(present.min()), q1=float(q1), median=float(median), q3=float(q3),
                     maximum=float(present.max()))


def position(value: float | None, spread: Quartiles | None) -> Position | None:
    """The quarter a value falls in; ``None`` when it is missing or there is nothing to compare with."""
    if value is None or spread is None:
        return None
    if value <= spread.q1:
        return Position.LOWEST
    if value <= spread.median:
        return Position.SECOND
    if value <= spread.q3:
        return Position.THIRD
    return Position.HIGHEST


def median(values: Sequence[float | None]) -> float | None:
    """Median of the values present; ``None`` when there is none."""
    present = [v for v in values if v is not None and v == v]
    return float(np.median(present)) if present else None
