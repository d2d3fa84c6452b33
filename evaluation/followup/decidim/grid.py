"""An existing register as a grid of cells that can be changed in place and saved atomically.

An Excel register is opened with openpyxl and only the cells that change are written, so other
sheets, widths, drop-down lists and the sponsor's formatting stay; a CSV register is rewritten
with its own separator. Text is neutralised for spreadsheets (formula injection) on the way in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.documents.outputs import FORMULA_PREFIXES, safe_cell, save_with, write_bytes
from evaluation.followup.register import RegisterLayout
from surveys.spreadsheet import decode_text


def _plain(value: Any) -> str:
    """A cell as comparable text: dates in ISO form, a neutralising apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


class RegisterGrid:
    """Cells of the register sheet addressed by spreadsheet row number and field name."""

    def __init__(self, path: Path, layout: RegisterLayout) -> None:
        self.path = path
        self.layout = layout
        self.is_excel = layout.kind == "xlsx"
        self.columns = {name: column_index_from_string(letter) for name, letter in layout.columns.items()}
        if self.is_excel:
            self.workbook = load_workbook(path)
            sheet = self.workbook[layout.sheet] if layout.sheet else self.workbook.active
            assert isinstance(sheet, Worksheet), "a register workbook's sheet holds cells"
            self.sheet: Worksheet = sheet
        else:
            text, _ = decode_text(path.read_bytes(), layout.file)
            self.rows: list[list[str]] = list(csv.reader(io.StringIO(text), delimiter=layout.delimiter or ","))

    def letter(self, name: str) -> str:
        return get_column_letter(self.columns[name])

    def last_row(self) -> int:
        """The last spreadsheet row holding a value (the header row when there is none)."""
        if not self.is_excel:
            filled = [n for n, row in enumerate(self.rows, start=1) if any(c.strip() for c in row)]
            return max(filled, default=self.layout.header_row)
        for row in range(self.sheet.max_row, self.layout.header_row, -1):
            if any(self.sheet.cell(row=row, column=c).value not in (None, "") for c in self.columns.values()):
                return row
        return self.layout.header_row

    def get(self, row: int, name: str) -> str:
        if name not in self.columns:
            return ""
        column = self.columns[name]
        if self.is_excel:
            return _plain(self.sheet.cell(row=row, column=column).value)
        line = self.rows[row - 1] if row - 1 < len(self.rows) else []
        return _plain(line[column - 1]) if column - 1 < len(line) else ""

    def set(self, row: int, name: str, value: Any) -> None:
        if name not in self.columns:
            return
        column = self.columns[name]
        if self.is_excel:
            cell = self.sheet.cell(row=row, column=column, value=safe_cell(value))
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            return
        while len(self.rows) < row:
            self.rows.append([])
        line = self.rows[row - 1]
        line.extend([""] * (column - len(line)))
        line[column - 1] = value.isoformat() if isinstance(value, dt.date) else str(safe_cell(value))

    def ids(self) -> dict[str, int]:
        """Row number of each identifier present (first occurrence)."""
        found: dict[str, int] = {}
        for row in range(self.layout.header_row + 1, self.last_row() + 1):
            ident = self.get(row, "id")
            if ident:
                found.setdefault(ident, row)
        return found

    def save(self) -> Path:
        if self.is_excel:
            return save_with(self.path, self.workbook.save)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.layout.delimiter or ",", lineterminator="\r\n").writerows(self.rows)
        bom = "" if self.layout.encoding == "utf-8" else "\ufeff"  # never narrower than UTF-8: nothing lost
        return write_bytes(self.path, (bom + buffer.getvalue()).encode("utf-8"))
