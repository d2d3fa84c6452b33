"""French typography for generated text: dates, numbers, percentages, plurals, lists.

Only for what people read (documents, terminal). Machine-readable outputs (CSV, JSON) are never
localised. Citizens' own text is never passed through these functions.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import TYPE_CHECKING

from surveys.i18n import tn

if TYPE_CHECKING:
    from babel import Locale

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before %, :, and inside « »
LOCALE = "fr_FR"
# CLDR's French month names (« d MMMM y »): whole counts and dates, all ``suivi check`` prints, need
# neither Babel nor its locale data, which are loaded (about 20 ms) only for the rest.
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


@functools.cache
def _locale() -> Locale:
    """Babel's French locale, parsed once: given as a string, Babel parses it again on every call."""
    from babel import Locale

    return Locale.parse(LOCALE)


def date_long(value: dt.date | dt.datetime | None, *, weekday: bool = False) -> str:
    """« 22 novembre 2026 », « 1er novembre 2026 »; empty string for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {MONTHS[value.month - 1]} {value.year}"
    if weekday:
        from babel.dates import format_date

        text = f"{format_date(value, 'EEEE', locale=_locale())} {text}"
    return text


def number(value: float | int | None, decimals: int = 0) -> str:
    """« 1 234 » with a narrow no-break space, « 3,5 » with a decimal comma; « – » for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if type(value) is int and not decimals:
        return f"{value:,}".replace(",", NNBSP)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale()).replace(NBSP, NNBSP)


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
    """« Lyon, Lille et Nantes »."""
    from babel.lists import format_list

    return format_list(items, locale=_locale()) if items else ""


def typo(text: str) -> str:
    """French spacing in *generated* sentences: no-break spaces before « : », narrow ones before ; ! ?."""
    for mark, space in ((":", NBSP), (";", NNBSP), ("!", NNBSP), ("?", NNBSP)):
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")
