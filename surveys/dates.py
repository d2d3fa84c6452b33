"""Dates typed in spreadsheet cells, read the ways French civil servants write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from surveys.text import label_key

EXCEL_EPOCH = dt.date(1899, 12, 30)
FRENCH_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_SERIAL_RANGE = (20000, 80000)  # 1954–2119: a number there is a date cell that lost its format
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?.*)?")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_WORDS = re.compile(r"(\d{1,2})(?:er)? ([a-z]+)\.? (\d{4})")


@dataclass(frozen=True)
class CellDate:
    """What a cell says as a date: ``value`` (None when blank or unreadable), whether it was an
    Excel serial number, and whether something was there that is not a date."""

    value: dt.date | None
    serial: bool = False
    invalid: bool = False


BLANK = CellDate(None)
INVALID = CellDate(None, invalid=True)


def parse_cell_date(value: Any) -> CellDate:
    """Real dates, « 2026-11-22 » (with or without a time), « 22/11/2026 », « 22.11.26 »,
    « 1er novembre 2026 », or an Excel serial number (flagged, so the caller can warn)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return BLANK
    if isinstance(value, dt.datetime):
        return CellDate(value.date())
    if isinstance(value, dt.date):
        return CellDate(value)
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, (int, float)):
        if value == value and _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return CellDate(EXCEL_EPOCH + dt.timedelta(days=int(value)), serial=True)
        return INVALID
    text = label_key(str(value))
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        return _checked(year + 2000 if year < 100 else year, month, day)
    if (match := _WORDS.fullmatch(text)) and match.group(2) in FRENCH_MONTHS:
        return _checked(int(match.group(3)), FRENCH_MONTHS[match.group(2)], int(match.group(1)))
    return INVALID


def _checked(year: int, month: int, day: int) -> CellDate:
    try:
        return CellDate(dt.date(year, month, day))
    except ValueError:
        return INVALID
