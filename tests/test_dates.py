"""Dates typed in cells: the forms people use, serial numbers flagged, impossible dates refused."""

from __future__ import annotations

import datetime as dt

import pytest

from surveys.dates import BLANK, INVALID, CellDate, parse_cell_date

NOV22 = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2026, 11, 22, 10, 30), CellDate(NOV22)),
        (NOV22, CellDate(NOV22)),
        ("2026-11-22", CellDate(NOV22)),
        ("2026-11-22 10:30:00", CellDate(NOV22)),
        ("22/11/2026", CellDate(NOV22)),
        ("22/11/26", CellDate(NOV22)),
        ("22.11.2026", CellDate(NOV22)),
        ("22-11-2026", CellDate(NOV22)),
        ("1er novembre 2026", CellDate(dt.date(2026, 11, 1))),
        ("22 Novembre 2026", CellDate(NOV22)),
        ("12 févr. 2026", INVALID),
        ("12 février 2026", CellDate(dt.date(2026, 2, 12))),
        (46348, CellDate(NOV22, serial=True)),
        (46348.0, CellDate(NOV22, serial=True)),
        ("", BLANK),
        ("   ", BLANK),
        (None, BLANK),
        ("30/02/2026", INVALID),
        ("2026-13-01", INVALID),
        ("demain", INVALID),
        (12, INVALID),
        (True, INVALID),
        (float("nan"), INVALID),
    ],
)
def test_parse_cell_date(value: object, expected: CellDate) -> None:
    assert parse_cell_date(value) == expected
