"""How the evaluation report writes its figures: French typography for each kind of value.

One function per kind of figure, used by the Word report, the chart labels and the alt texts, so
that a figure reads the same everywhere (« 63 % », « +0,33 », « +12 points », « p < 0,001 »).
Machine-readable outputs never go through this module.
"""

from __future__ import annotations

import math
import re

from evaluation.documents import frformat
from surveys.i18n import tn

MINUS = "\u2212"  # the typographic minus sign


_PERCENT = re.compile(r"(\d) %")


def typo(text: str) -> str:
    """French spacing in generated text, including the no-break space of « 95 % »."""
    return frformat.typo(_PERCENT.sub("\\1\u00a0%", text))


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def signed(value: float | None, decimals: int = 0) -> str:
    """« +0,33 », « −1,2 », « 0 »; « – » for missing."""
    if missing(value):
        return "–"
    assert value is not None
    text = frformat.number(abs(value), decimals)
    if text.strip("0,") == "":
        return text
    return ("+" if value > 0 else MINUS) + text


def share(value: float | None, decimals: int = 0) -> str:
    """A share in [0, 1] as « 63 % »."""
    return frformat.percent(value, decimals)


def share_points(value: float | None, decimals: int = 0, *, unit: bool = True) -> str:
    """A difference of shares (−1 to 1) in percentage points: « +12 points », « −3 points »."""
    if missing(value):
        return "–"
    assert value is not None
    number = signed(value * 100, decimals)
    if not unit:
        return number
    return tn("report.fmt.points", abs(round(value * 100, decimals)), value=number)


def scale_points(value: float | None, decimals: int = 2) -> str:
    """A mean or a difference on an item's own scale: « 2,84 »."""
    return frformat.number(value, decimals)


def index(value: float | None) -> str:
    """An index on 0–100: « 47,8 »."""
    return frformat.number(value, 1)


def coefficient(value: float | None) -> str:
    """Correlations, κ, α, standardised differences: « 0,87 », « −0,36 »."""
    if missing(value):
        return "–"
    assert value is not None
    return signed(value, 2) if value < 0 else frformat.number(value, 2)


def p_value(value: float | None) -> str:
    """« 0,003 », « < 0,001 »."""
    if missing(value):
        return "–"
    assert value is not None
    if value < 0.001:
        return f"<{frformat.NBSP}0,001"
    return frformat.number(value, 3)


def days(value: float | None) -> str:
    if missing(value):
        return "–"
    assert value is not None
    return frformat.count_noun(round(value), "report.fmt.days")


def percent_0_100(value: float | None) -> str:
    """A percentage already on 0–100 (implementation progress): « 52 % »."""
    return share(None if value is None or missing(value) else value / 100)


def interval(low: str, high: str) -> str:
    """« [53 % ; 72 %] » with the French spacing around the semicolon."""
    return f"[{low}{frformat.NNBSP}; {high}]"


def largest_remainder(counts: list[int], total: int = 100) -> list[int]:
    """Whole percentages of ``counts`` that add up to ``total`` (largest remainder, Hamilton).

    Each share is rounded down, then the units left are given to the largest remainders (ties
    to the first), so a column of shares sums to the total row shown beneath it.
    """
    whole = sum(counts)
    if whole <= 0:
        return [0] * len(counts)
    exact = [c * total / whole for c in counts]
    floors = [math.floor(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return floors


def rounded_shares(counts: list[int]) -> list[str]:
    """« 29 % » for each count, rounded by largest remainder so that the shares sum to 100 %."""
    if sum(counts) <= 0:
        return ["–"] * len(counts)
    return [f"{frformat.number(p)}{frformat.NBSP}%" for p in largest_remainder(counts)]
