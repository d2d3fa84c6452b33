"""French typography for generated text: dates, numbers, percentages, plurals, lists.

Only for what people read (documents, terminal). Machine-readable outputs (CSV, JSON) are never
localised. Citizens' own text is never passed through these functions.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, Context, Decimal

from surveys.i18n import tn

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before %, :, and inside « »
# CLDR's French names, list pattern and number format, written out: documents need neither Babel
# nor its locale data (about 50 ms to load); tests/test_fast_start.py compares with Babel.
_EXACT = Context(prec=400, rounding=ROUND_HALF_EVEN)  # every digit of any float (up to 309 before the point)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")  # CLDR's, Monday first
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


def date_long(value: dt.date | dt.datetime | None, *, weekday: bool = False) -> str:
    """« 22 novembre 2026 », « 1er novembre 2026 »; empty string for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {MONTHS[value.month - 1]} {value.year}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    return text


def number(value: float | int | None, decimals: int = 0) -> str:
    """« 1 234 » with a narrow no-break space, « 3,5 » with a decimal comma; « – » for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if type(value) is int and not decimals:
        return f"{value:,}".replace(",", NNBSP)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    # What Babel's « #,##0.0… » gives for fr_FR, at a twentieth of its cost: the decimal written
    # by str() (shortest repr), rounded half to even, in groups of three.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), context=_EXACT)
    return f"{rounded:,f}".replace(",", NNBSP).replace(".", ",")


def percent(share: float | None, decimals: int = 0) -> str:
    """A share in [0, 1] as « 77 % » (no-break space before the sign); « – » for missing."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, decimals)}{NBSP}%"


def count_noun(n: int, key: str) -> str:
    """« 1 proposition retenue », « 0 proposition retenue », « 12 propositions retenues ».

    ``key`` names a plural message in the catalogue whose templates use ``{count}``.
    """
    return tn(key, n, count=number(n))


def join(items: list[str]) -> str:
    """« Lyon, Lille et Nantes » (CLDR's French list pattern: commas, then « et » before the last)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def typo(text: str) -> str:
    """French spacing in *generated* sentences: no-break spaces before « : », narrow ones before ; ! ?."""
    for mark, space in ((":", NBSP), (";", NNBSP), ("!", NNBSP), ("?", NNBSP)):
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")
