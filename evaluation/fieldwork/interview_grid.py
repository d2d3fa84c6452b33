"""Blank interview grids to fill in: a Word grid (one interview per document) and a workbook.

Both are read back by :mod:`surveys.interviews`; every heading and table label comes from the
same catalogue keys the reader matches, so a grid written here is always read correctly. The
Word grid is built on the shipped styles-only template through
:class:`evaluation.docx_accessible.AccessibleDocument` (real headings, header rows, fr-FR); the
workbook has drop-down lists on the levels and codes, a frozen header and an instructions sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from evaluation.command_result import Line, lines_of
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import check_output_folder, save_with
from surveys.i18n import t
from surveys.interviews import (
    CODES,
    COLLABORATION_CODE,
    LEVELS,
    META_FIELDS,
    code_label,
    code_question,
    column_label,
    docx_table_name,
    field_label,
    level_label,
    sheet_name,
)
from surveys.problems import SuiviError

DOCX_GRID = "grille-entretien.docx"
XLSX_GRID = "entretiens.xlsx"
VALIDATED_ROWS = 500  # drop-down lists cover this many data rows
_SERVICE_ROWS = 6
_CODE_ROW_HEIGHT_CM = 2.2  # room to write; Word grows the row when more is typed
_BLIND_SPOT_ROWS = 4
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EC")
_HEADER_FONT = Font(bold=True, color="1F2A44")
_THIN = Side(style="thin", color="8A94A6")


def write_grids(folder: Path, *, template: Path | None = None, force: bool = False) -> list[Path]:
    """Write the blank Word grid and the blank workbook into ``folder``; their paths.

    An existing file is never replaced unless ``force``: it may already hold coded interviews.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SuiviError(t("interview_grid.not_folder", folder=folder), code="pas_un_dossier", file=folder.name)
    check_output_folder(folder, advice="output.advice.folder")
    targets = [folder / DOCX_GRID, folder / XLSX_GRID]
    if not force:
        for target in targets:
            if target.exists():
                raise SuiviError(t("interview_grid.exists", file=target.name, folder=folder), code="fichier_existant", file=target.name)
    document = docx_grid(template)
    save_with(targets[0], document.save)
    workbook = xlsx_grid()
    save_with(targets[1], workbook.save)
    return targets


@dataclass
class GridResult:
    """The two blank grids written."""

    docx: Path
    xlsx: Path
    exit_code: int = 0

    def lines(self) -> list[Line]:
        return lines_of([t("interview_grid.wrote_docx", path=self.docx), t("interview_grid.wrote_xlsx", path=self.xlsx),
                         t("interview_grid.next")])


def interview_grid(folder: Path | str, *, template: Path | None = None, force: bool = False) -> GridResult:
    """``suivi interview-grid``: write the blank grids into ``folder`` (see :func:`write_grids`)."""
    docx_path, xlsx_path = write_grids(Path(folder), template=template, force=force)
    return GridResult(docx_path, xlsx_path)


# --- Word ---------------------------------------------------------------------------------------


def meta_row_label(name: str) -> str:
    """First-column label of a metadata row: the field, then a hint in brackets."""
    return f"{field_label(name)} ({t(f'interview_grid.hint.{name}')})"


def code_row_label(code: str) -> str:
    return f"{code} {code_label(code)}"


def docx_grid(template: Path | None = None) -> AccessibleDocument:
    """The blank Word grid for one interview and one coder."""
    doc = AccessibleDocument(open_template(template))
    title = t("interview_grid.docx.title")
    doc.properties(title=title, author="suivi", subject=t("interview_grid.docx.subject"), keywords=t("interview_grid.docx.keywords"))
    doc.title(title, t("interview_grid.docx.subtitle"))
    doc.heading(t("interview_grid.docx.how_heading"), 1)
    doc.bullets([t(f"interview_grid.docx.how.{i}") for i in range(1, 6)])
    doc.heading(docx_table_name("identification"), 1)
    doc.table(
        [t("interview_grid.docx.information"), t("interview_grid.docx.answer")],
        [[meta_row_label(name), ""] for name in META_FIELDS],
        widths_cm=(7.5, 9.0),
    )
    doc.heading(docx_table_name("coding"), 1)
    doc.paragraph(t("interview_grid.docx.levels", **{f"l{level}": level_label(level) for level in LEVELS}))
    for code in CODES:
        doc.labelled(code_row_label(code), code_question(code))
    coding = doc.table(
        [t(f"interview.docx.column.{part}") for part in ("code", "level", "justification", "quotes")],
        [[code_row_label(code), "", "", ""] for code in CODES],
        widths_cm=(3.6, 2.2, 5.4, 5.4),
    )
    for row in coding.rows[1:]:
        row.height = Cm(_CODE_ROW_HEIGHT_CM)
    doc.heading(docx_table_name("services"), 1)
    doc.paragraph(t("interview_grid.docx.services_help"))
    doc.table(
        [t("interview_grid.docx.services_before"), t("interview_grid.docx.services_after")],
        [["", ""] for _ in range(_SERVICE_ROWS)],
        widths_cm=(8.3, 8.3),
    )
    doc.heading(docx_table_name("blind_spots"), 1)
    doc.paragraph(t("interview_grid.docx.blind_spots_help"))
    doc.table(
        [t("interview_grid.docx.blind_spot"), t("interview_grid.docx.proposals")],
        [["", ""] for _ in range(_BLIND_SPOT_ROWS)],
        widths_cm=(11.0, 5.6),
    )
    return doc


# --- Excel --------------------------------------------------------------------------------------


def main_columns() -> list[tuple[str, int]]:
    """Headings of the « Entretiens » sheet, in order, with their column widths."""
    widths = {"interview_id": 12, "coder": 18, "date": 14, "role": 30, "service": 30, "names": 26}
    columns = [(field_label(name), widths[name]) for name in META_FIELDS]
    for code in CODES:
        columns += [(column_label(code, "level"), 11), (column_label(code, "justification"), 42), (column_label(code, "quotes"), 42)]
        if code == COLLABORATION_CODE:
            columns += [(t("interview.column.services_before"), 32), (t("interview.column.services_after"), 32)]
    return columns


def main_headers() -> list[str]:
    return [header for header, _ in main_columns()]


def blind_spot_headers() -> list[str]:
    return [field_label("interview_id"), field_label("coder"), t("interview.field.blind_spot"), t("interview.field.proposals")]


def reconciliation_headers() -> list[str]:
    return [field_label("interview_id"), t("interview.field.code"), t("interview.field.agreed_level"), t("interview.field.agreed_justification")]


def xlsx_grid() -> Workbook:
    """The blank workbook: « Entretiens », « Angles morts », « Réconciliation », « Consignes »."""
    workbook = Workbook()
    main = workbook.active
    assert isinstance(main, Worksheet)
    main.title = sheet_name("main")
    headers = main_headers()
    _header(main, headers, [width for _, width in main_columns()])
    for code in CODES:
        column = headers.index(column_label(code, "level")) + 1
        letter = get_column_letter(column)
        _level_list(main, letter, f"{code} {code_label(code)}"[:32], code_question(code))
        main.cell(row=1, column=column).comment = Comment(f"{code} {code_label(code)} : {code_question(code)}\n{t('interview_grid.xlsx.levels_short')}", "suivi", width=320,
                                                          height=160)
    date_column = get_column_letter(META_FIELDS.index("date") + 1)
    for row in range(2, VALIDATED_ROWS + 2):
        main[f"{date_column}{row}"].number_format = "DD/MM/YYYY"
    main.freeze_panes = "C2"

    spots = workbook.create_sheet(sheet_name("blind_spots"))
    _header(spots, blind_spot_headers(), [12, 18, 70, 26])
    spots.freeze_panes = "A2"
    prompt = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=False)
    prompt.promptTitle, prompt.prompt = t("interview.field.proposals")[:32], t("interview_grid.xlsx.proposals_prompt")
    prompt.add(f"D2:D{VALIDATED_ROWS + 1}")
    spots.add_data_validation(prompt)

    reconciliation = workbook.create_sheet(sheet_name("reconciliation"))
    _header(reconciliation, reconciliation_headers(), [12, 10, 14, 60])
    reconciliation.freeze_panes = "A2"
    codes = DataValidation(type="list", formula1=f'"{",".join(CODES)}"', allow_blank=True, showErrorMessage=True, showInputMessage=True)
    codes.errorTitle, codes.error = t("interview.field.code"), t("interview_grid.xlsx.code_error", codes=", ".join(CODES))
    codes.promptTitle, codes.prompt = t("interview.field.code"), t("interview_grid.xlsx.code_prompt")
    codes.add(f"B2:B{VALIDATED_ROWS + 1}")
    reconciliation.add_data_validation(codes)
    _level_list(reconciliation, "C", t("interview.field.agreed_level"), t("interview_grid.xlsx.agreed_prompt"))

    _instructions(workbook.create_sheet(sheet_name("instructions")))
    workbook.active = 0
    properties = workbook.properties
    properties.title = t("interview_grid.xlsx.title")
    properties.creator = "suivi"
    properties.language = "fr-FR"
    return workbook


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    for position, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = sheet.cell(row=1, column=position, value=header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(bottom=_THIN)
        if width:
            sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.row_dimensions[1].height = 32


def _level_list(sheet: Worksheet, letter: str, title: str, question: str) -> None:
    """A 0/1/2 drop-down on a column, with the question and the scale as input message."""
    validation = DataValidation(type="list", formula1='"0,1,2"', allow_blank=True, showErrorMessage=True, showInputMessage=True)
    validation.errorTitle = t("interview_grid.xlsx.level_error_title")
    validation.error = t("interview_grid.xlsx.level_error")
    validation.promptTitle = title[:32]
    validation.prompt = f"{question}\n{t('interview_grid.xlsx.levels_short')}"[:255]
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    sheet.add_data_validation(validation)


def _instructions(sheet: Worksheet) -> None:
    """The « Consignes » sheet: what to fill where, the codes and the scale."""
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 110
    lines: list[tuple[str, str, bool]] = [(t("interview_grid.xlsx.title"), "", True), ("", "", False)]
    for i in range(1, 7):
        lines.append(("", t(f"interview_grid.xlsx.how.{i}", main=sheet_name("main"), blind=sheet_name("blind_spots"), reconciliation=sheet_name("reconciliation")), False))
    lines.append(("", "", False))
    lines.append((t("interview.field.code"), t("interview_grid.xlsx.question"), True))
    for code in CODES:
        lines.append((f"{code} {code_label(code)}", code_question(code), False))
    lines.append(("", "", False))
    lines.append((t("interview_grid.xlsx.level"), t("interview_grid.xlsx.meaning"), True))
    for level in LEVELS:
        lines.append((str(level), t(f"interview_grid.xlsx.level_meaning.{level}"), False))
    for row, (first, second, bold) in enumerate(lines, start=1):
        for column, value in ((1, first), (2, second)):
            cell = sheet.cell(row=row, column=column, value=value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold:
                cell.font = _HEADER_FONT
