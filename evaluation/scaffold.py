"""``suivi init``: a ready-to-fill démarche folder, or a copy of the bundled example.

The register template is a real workbook: drop-down lists on the controlled columns, date and
0–100 checks, frozen header, readable widths, and a « Mode d'emploi » sheet.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.command_result import Line, lines_of
from evaluation.demarche.model import DEMARCHE_FILE, MODALITY_LABELS
from evaluation.documents.cellstyles import CellStyles
from evaluation.documents.outputs import check_output_folder, safe_cell, save_with
from evaluation.documents.printsetup import HEADER_FILL, HEADER_FONT, header_row, print_setup
from evaluation.followup.register import COLUMNS, REGISTER_SHEET, REQUIRED
from evaluation.resources import examples_dir, template
from evaluation.voice.template import add_readings_instructions, add_readings_sheet
from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status
from surveys.i18n import t
from surveys.problems import SuiviError

# Columns required in some rows only (evaluation.followup.register checks the rule row by row).
CONDITIONAL = ("motivation", "reason_code")

EXAMPLE = "convention-mobilites"
REGISTER_FILE = "propositions.xlsx"
INSTRUCTIONS_SHEET = "Mode d'emploi"
LISTS_SHEET = "Listes"
TEMPLATE_ROWS = 500  # rows covered by the drop-down lists and checks
WIDTHS = {
    "id": 12, "title": 38, "text": 60, "theme": 24, "source": 24, "status": 22, "motivation": 60, "reason_code": 30,
    "measures": 45, "service": 28, "due_date": 13, "implementation": 20, "progress": 14, "decision_date": 15, "decided_by": 26,
}
_DATE_FORMAT = "DD/MM/YYYY"


def _lists() -> dict[str, list[str]]:
    """The controlled values offered in the drop-down lists, as people read them."""
    return {
        "status": [LABELS[s] for s in Status],
        "reason_code": [LABELS[r] for r in ReasonCode],
        "implementation": [LABELS[i] for i in Implementation],
        "source": list(MODALITY_LABELS.values()),
    }


def init_folder(target: Path | str, *, example: bool = False) -> list[Path]:
    """Create a démarche folder at ``target`` and return the files written.

    Refuses to touch a folder that exists and is not empty. Files are prepared in a temporary
    folder beside ``target`` and moved in one step.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise SuiviError(t("init.is_file", folder=target), code="dossier_non_vide")
    if target.exists() and any(target.iterdir()):
        raise SuiviError(t("init.not_empty", folder=target), code="dossier_non_vide")
    check_output_folder(target, advice="output.advice.folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as tmp:
            staging = Path(tmp) / "staging"
            if example:
                shutil.copytree(examples_dir() / EXAMPLE, staging)
            else:
                staging.mkdir()
                shutil.copyfile(template("demarche-modele.yaml"), staging / DEMARCHE_FILE)
                write_register_workbook(staging / REGISTER_FILE)
            if target.exists():
                target.rmdir()
            staging.rename(target)
    except PermissionError as exc:
        raise SuiviError(t("init.permission", folder=target), code="ecriture_refusee") from exc
    return sorted(p for p in target.rglob("*") if p.is_file())


@dataclass
class InitResult:
    """The folder ``suivi init`` created and the files in it."""

    folder: Path
    written: list[Path]
    example: bool = False
    exit_code: int = 0

    def lines(self) -> list[Line]:
        folder = str(self.folder)
        title = t("init.created_example", folder=folder, example=EXAMPLE) if self.example else t("init.created", folder=folder)
        files = [t("init.file", path=path.relative_to(self.folder)) for path in self.written]
        return lines_of([title, *files, t("init.next_example" if self.example else "init.next", folder=folder)])


def init(folder: Path | str, *, example: bool = False) -> InitResult:
    """``suivi init``: create the folder (blank, or a copy of the example) and say what is in it."""
    return InitResult(Path(folder), init_folder(folder, example=example), example=example)


def write_register_workbook(path: Path, rows: Iterable[Sequence[Any]] = (), readings: Iterable[Sequence[Any]] = ()) -> Path:
    """The register workbook: header, optional rows (in ``COLUMNS`` order), checks, instructions.

    Text cells are neutralised (formula injection) and cleaned of characters XML cannot hold.
    ``readings`` are rows of the sheet « Lectures » (other bodies' readings, see evaluation.followup.readings).
    """
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = REGISTER_SHEET
    names = list(COLUMNS)
    header_row(sheet, [COLUMNS[name][0] for name in names])
    count = 0
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
        count += 1
    last = max(TEMPLATE_ROWS, count + 100)
    styles = CellStyles()
    for position, name in enumerate(names, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        if name in ("due_date", "decision_date"):
            for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 1, min_col=position, max_col=position):
                styles.number(cell, _DATE_FORMAT)
        if name in ("text", "motivation", "measures"):
            for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 1, min_col=position, max_col=position):
                styles.wrapped(cell)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(count + 1, 2)}"
    _add_lists(workbook, sheet, names, last)
    add_readings_sheet(workbook, LISTS_SHEET, last, readings)
    _add_instructions(workbook)
    add_readings_instructions(workbook[INSTRUCTIONS_SHEET])
    print_setup(sheet, landscape=True)
    return save_with(path, workbook.save)


def _add_lists(workbook: Workbook, sheet: Any, names: list[str], last: int) -> None:
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    for position, (name, values) in enumerate(_lists().items(), start=1):
        letter = get_column_letter(position)
        lists_sheet.cell(row=1, column=position, value=COLUMNS[name][0])
        for offset, value in enumerate(values, start=2):
            lists_sheet.cell(row=offset, column=position, value=value)
        target = get_column_letter(names.index(name) + 1)
        strict = name != "source"  # the source modality may be something else
        validation = DataValidation(
            type="list",
            formula1=f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle=t("init.validation_title"),
            error=t("init.validation_list"),
            promptTitle=COLUMNS[name][0],
            prompt=t("init.validation_prompt_list"),
            showInputMessage=True,
        )
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
    for name in ("due_date", "decision_date"):
        target = get_column_letter(names.index(name) + 1)
        validation = DataValidation(
            type="date", operator="greaterThan", formula1="36526", allow_blank=True, showErrorMessage=True,
            errorTitle=t("init.validation_title"), error=t("init.validation_date"),
        )
        validation.add(f"{target}2:{target}{last}")
        sheet.add_data_validation(validation)
    target = get_column_letter(names.index("progress") + 1)
    validation = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True, showErrorMessage=True,
        errorTitle=t("init.validation_title"), error=t("init.validation_progress"),
    )
    validation.add(f"{target}2:{target}{last}")
    sheet.add_data_validation(validation)


def _add_instructions(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET, 1)
    sheet.append([t("init.instructions_title")])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in t("init.instructions_intro").split("\n"):
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append([t("init.instructions_column"), t("init.instructions_required"), t("init.instructions_content")])
    for cell in sheet[header_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    lists = _lists()
    for name, (heading, _) in COLUMNS.items():
        content = t(f"init.column.{name}")
        if name in lists:
            content += " " + t("init.instructions_values", values=" ; ".join(lists[name]))
        required = t(f"init.required.{name}") if name in CONDITIONAL else t("init.yes") if name in REQUIRED else t("init.no")
        sheet.append([heading, required, content])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 100
    sheet.freeze_panes = f"A{header_row + 1}"
    print_setup(sheet, header_rows=header_row, landscape=True)
