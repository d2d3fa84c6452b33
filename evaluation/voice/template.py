"""The sheet « Lectures » of the register template: header, drop-down lists, optional rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation.documents.outputs import safe_cell
from evaluation.documents.printsetup import header_row, print_setup
from evaluation.followup.readings import COLUMNS, READINGS_SHEET, REQUIRED
from indicators.vocabulary import LABELS, Assessment, Status
from surveys.i18n import t

WIDTHS = {"id": 12, "body": 28, "status": 24, "assessment": 26, "comment": 70}


def add_readings_sheet(workbook: Workbook, lists_sheet: str, last: int, rows: Iterable[Sequence[Any]] = ()) -> None:
    """Add « Lectures » (second sheet) with its lists in ``lists_sheet`` (two new columns at its right)."""
    sheet = workbook.create_sheet(READINGS_SHEET, 1)
    names = list(COLUMNS)
    header_row(sheet, [COLUMNS[name][0] for name in names])
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append([safe_cell(value) for value in row])
        sheet.cell(row=count + 1, column=names.index("comment") + 1).alignment = Alignment(wrap_text=True, vertical="top")
    for position, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = WIDTHS[name]
    sheet.freeze_panes = "B2"
    print_setup(sheet, landscape=True)
    lists = workbook[lists_sheet]
    last = max(last, count + 100)
    for name, values in (("status", [LABELS[s] for s in Status]), ("assessment", [LABELS[a] for a in Assessment])):
        column = lists.max_column + 1
        letter = get_column_letter(column)
        lists.cell(row=1, column=column, value=f"{READINGS_SHEET} : {COLUMNS[name][0]}")
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=column, value=value)
        target = get_column_letter(names.index(name) + 1)
        validation = DataValidation(type="list", formula1=f"={lists_sheet}!${letter}$2:${letter}${len(values) + 1}", allow_blank=True,
                                    showErrorMessage=True, errorStyle="stop", errorTitle=t("init.validation_title"), error=t("init.validation_list"),
                                    promptTitle=COLUMNS[name][0], prompt=t("init.validation_prompt_list"), showInputMessage=True)
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)


def add_readings_instructions(sheet: Any) -> None:
    """Explain the sheet « Lectures » at the end of the « Mode d'emploi » sheet."""
    sheet.append([])
    sheet.append([t("voice.template.title", sheet=READINGS_SHEET)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for line in t("voice.template.intro").split("\n"):
        sheet.append([line])
    for name, (heading, _) in COLUMNS.items():
        sheet.append([heading, t("init.yes") if name in REQUIRED else t("init.no"), t(f"voice.template.column.{name}")])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
