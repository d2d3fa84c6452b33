"""The result row every computation produces: one line of ``indicateurs.csv``."""

from __future__ import annotations

from typing import TypedDict

from pydantic import BaseModel, ConfigDict

from indicators.vocabulary import Dimension

CSV_COLUMNS = (
    "dimension",
    "indicator",
    "item",
    "wave",
    "group",
    "n",
    "base",
    "value",
    "unit",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "effect_size",
    "suppressed",
    "note",
)


class IndicatorResult(BaseModel):
    """One figure with its n and, where it is an estimate, its interval.

    ``wave`` is ``pre``, ``post``, ``follow_up``, ``post-pre`` for change on matched pairs, or
    empty for figures that are not survey-based. ``group`` names a breakdown (``theme=Mobilité``)
    or is empty. A suppressed result keeps its n hidden too: ``value`` and ``n`` are ``None``.
    ``base`` says what ``n`` counts (``repondants``, ``paires``, ``participants``, ``propositions``,
    ``criteres``…); figures whose base is people are subject to disclosure control.
    """

    model_config = ConfigDict(frozen=True)

    dimension: Dimension
    indicator: str
    item: str = ""
    wave: str = ""
    group: str = ""
    n: int | None = None
    base: str = ""
    value: float | None = None
    unit: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    effect_size: float | None = None
    suppressed: bool = False
    note: str = ""


class Shared(TypedDict):
    """Fields the rows of one block share, given once: ``IndicatorResult(indicator=…, **shared)``."""

    dimension: Dimension
    base: str


class SharedItem(Shared):
    item: str


class SharedWave(Shared):
    wave: str


class SharedItemWave(SharedItem, SharedWave):
    """Shared by the rows of one item in one wave."""
