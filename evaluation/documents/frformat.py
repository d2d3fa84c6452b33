"""French typography for generated text: dates, numbers, percentages, plurals, lists.

Only for what people read (documents, terminal). Machine-readable outputs (CSV, JSON) are never
localised. Citizens' own text is never passed through these functions.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
from typing import TYPE_CHECKING

from surveys.i18n import tn

if TYPE_CHECKING:
    from babel import Locale

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before %, :, and inside « »
LOCALE = "fr_FR"
# Numbers with 15 digits or more before the decimal point (and infinities) are written by Babel.
_BABEL_ABOVE = 15
# CLDR's French month names (« d MMMM y »): numbers, dates and lists need neither Babel nor its
# locale data (about 20 ms to load, then 15 µs a number), loaded only for the rest (weekdays).
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
    """« 1 234 » with a narrow no-break space, « 3,5 » with a decimal comma; « – » for missing.

    Written as Babel writes CLDR's « #,##0.00 » in French, without loading it: the number's
    shortest decimal text rounded half to even (so 2.675 gives « 2,68 », as Babel, where Python's
    binary rounding gives 2.67), a minus sign whenever the number is negative, even if it rounds
    to 0. Non-finite or huge numbers are left to Babel.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if type(value) is int and not decimals:
        return f"{value:,}".replace(",", NNBSP)
    exact = decimal.Decimal(str(value))
    if not exact.is_finite() or exact.adjusted() >= _BABEL_ABOVE:
        return _babel_number(value, decimals)
    rounded = abs(exact).quantize(decimal.Decimal(10) ** -decimals, rounding=decimal.ROUND_HALF_EVEN)
    whole, _, fraction = f"{rounded:f}".partition(".")
    text = f"{int(whole):,}".replace(",", NNBSP) + ("," + fraction if decimals else "")
    return "-" + text if exact.is_signed() else text


def _babel_number(value: float | int, decimals: int) -> str:
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
    """« Lyon, Lille et Nantes »: CLDR's French list (« {0}, {1} », then « {0} et {1} »)."""
    return " et ".join(items) if len(items) <= 2 else ", ".join(items[:-1]) + " et " + items[-1]


def typo(text: str) -> str:
    """French spacing in *generated* sentences: no-break spaces before « : », narrow ones before ; ! ?."""
    for mark, space in ((":", NBSP), (";", NNBSP), ("!", NNBSP), ("?", NNBSP)):
        text = text.replace(f" {mark}", f"{space}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")
