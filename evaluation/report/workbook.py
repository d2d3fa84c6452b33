"""``out/evaluation.xlsx``: the tables of the evaluation report, one sheet per table, with real numbers.

A « Sommaire » sheet lists the sheets; each table sheet has a styled, frozen header row, set
column widths and an auto-filter; an estimate's interval takes two more columns (lower and upper
bound). Numbers keep an Excel number format (shown in the user's locale); hidden cells read
« masqué »; every text is neutralised against formula injection. The last sheet holds every row of
``indicateurs.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.documents.cellstyles import WRAP, CellStyles
from evaluation.documents.outputs import safe_cell, save_with
from evaluation.documents.printsetup import MAX_SHEET_NAME, fit_row_heights, print_setup, sheet_name
from evaluation.report.tables import MASKED, Column, Kind, ReportTable, Results, Value, all_rows_table
from surveys.i18n import t

WORKBOOK_FILE = "evaluation.xlsx"
CM_TO_CHARS = 5.2  # Excel column width units per centimetre (Calibri 11)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
NUMBER_FORMATS: dict[Kind, str] = {
    Kind.COUNT: "#,##0",
    Kind.SHARE: "0.0%",
    Kind.SHARE_POINTS: "+0.0%;-0.0%;0.0%",
    Kind.SCALE: "0.00",
    Kind.SIGNED_SCALE: "+0.00;-0.00;0.00",
    Kind.INDEX: "0.0",
    Kind.SIGNED_INDEX: "+0.0;-0.0;0.0",
    Kind.COEFFICIENT: "0.000",
    Kind.P_VALUE: "0.0000",
    Kind.DAYS: "0",
    Kind.PERCENT: "0",
}


def write_workbook(res: Results, tables: Sequence[ReportTable], target: Path) -> Path:
    """Write the report's tables and every indicator row to ``target`` atomically."""
    workbook = Workbook()
    contents = workbook.active
    assert isinstance(contents, Worksheet)
    contents.title = t("workbook.contents")
    all_tables = [table for table in tables if table] + [all_rows_table(res)]
    names: list[str] = []
    styles = CellStyles()
    for table in all_tables:
        name = _unique(_clean(table.sheet), names)
        names.append(name)
        _table_sheet(workbook.create_sheet(name), table, styles)
    _contents_sheet(contents, names, all_tables, res)
    for sheet in workbook.worksheets:
        fit_row_heights(sheet)
        print_setup(sheet)
    properties = workbook.properties
    properties.title = t("workbook.title", title=res.result.demarche.title)[:255]
    properties.creator = res.result.demarche.sponsor[:255]
    properties.language = "fr-FR"
    return save_with(target, workbook.save)


def _clean(name: str) -> str:
    return sheet_name(name)


def _unique(name: str, taken: Sequence[str]) -> str:
    candidate, number = name, 2
    lowered = {n.lower() for n in taken}
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate, number = sheet_name(name, MAX_SHEET_NAME - len(suffix)) + suffix, number + 1
    return candidate


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    for position, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = sheet.cell(row=1, column=position, value=safe_cell(text))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(position)].width = max(8.0, round(width * CM_TO_CHARS, 1))
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2" if len(headers) > 3 else "A2"


def _expanded(columns: Sequence[Column]) -> tuple[list[str], list[float]]:
    headers, widths = [], []
    for column in columns:
        headers.append(column.header)
        widths.append(max(column.width, 2.2))
        if column.interval:
            headers += [t("workbook.low", header=column.header), t("workbook.high", header=column.header)]
            widths += [2.6, 2.6]
    return headers, widths


def _table_sheet(sheet: Worksheet, table: ReportTable, styles: CellStyles) -> None:
    headers, widths = _expanded(table.columns)
    _header(sheet, headers, widths)
    for row_number, row in enumerate(table.rows, start=2):
        position = 1
        for cell_value, column in zip(row, table.columns):
            for value, kind in _cells(cell_value, column):
                cell = sheet.cell(row=row_number, column=position, value=value)
                if isinstance(value, (int, float)) and kind in NUMBER_FORMATS:
                    styles.number(cell, NUMBER_FORMATS[kind])
                elif isinstance(value, str):
                    styles.wrapped(cell)
                position += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(table.rows) + 1, 2)}"


def _cells(cell: Any, column: Column) -> list[tuple[Any, Kind]]:
    """The workbook cells of one table cell: one, or three for an estimate with its interval."""
    width = 3 if column.interval else 1
    if cell is MASKED:
        return [(t("report.masked"), Kind.TEXT)] * width
    if isinstance(cell, Value):
        kind = cell.kind or column.kind
        values = [cell.value, cell.low, cell.high][:width]
        return [(_number(v), kind) for v in values]
    if cell is None:
        return [(None, column.kind)] * width
    if isinstance(cell, str):
        return [(safe_cell(cell), Kind.TEXT)] + [(None, Kind.TEXT)] * (width - 1)
    return [(_number(cell), column.kind)] + [(None, column.kind)] * (width - 1)


def _number(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    return value


def _contents_sheet(sheet: Worksheet, names: Sequence[str], tables: Sequence[ReportTable], res: Results) -> None:
    _header(sheet, [t("workbook.col.sheet"), t("workbook.col.content")], [6.5, 24])
    sheet.freeze_panes = "A2"
    for row, (name, table) in enumerate(zip(names, tables), start=2):
        link = sheet.cell(row=row, column=1, value=safe_cell(name))
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(color="1F3864", underline="single")
        sheet.cell(row=row, column=2, value=safe_cell(table.caption)).alignment = WRAP
    note = len(names) + 3
    sheet.cell(row=note, column=1, value=safe_cell(t("workbook.note", threshold=res.result.threshold))).alignment = WRAP
