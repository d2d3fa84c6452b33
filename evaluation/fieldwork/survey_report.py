"""The survey import report, ``out/import-enquetes.xlsx``: every row and column accounted for.

Sheets: « Synthèse » (per wave), « Lignes » (every input row: kept or excluded, with the
reason), « Colonnes » (what each column became), « Items » (answers per item and wave) and
« Problèmes ». Header rows are styled and frozen, columns sized, text neutralised against
formula injection. Respondents appear only as pseudonyms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evaluation.demarche.inputs import refuse_overwriting_inputs
from evaluation.demarche.model import Demarche
from evaluation.documents.outputs import safe_cell, save_with
from evaluation.documents.printsetup import heading_height, print_setup, sheet_name
from surveys.exports.importer import SurveyData
from surveys.exports.items import MissingReason
from surveys.i18n import t
from surveys.problems import ProblemReport

REPORT_FILE = "import-enquetes.xlsx"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_survey_report(data: SurveyData, report: ProblemReport, target: Path, demarche: Demarche | None = None) -> Path:
    """Write the import report to ``target`` atomically; return its path (never over an input of ``demarche``)."""
    if demarche is not None:
        refuse_overwriting_inputs(demarche, [target])
    workbook = Workbook(write_only=True)
    summary = data.wave_summary()
    _sheet(workbook, t("survey_report.sheet.summary"), _summary_columns(), _summary_rows(summary), widths=[18, 34, 18] + [12] * 13)
    _sheet(workbook, t("survey_report.sheet.rows"), _headers(*_ROW_KEYS), _row_rows(data.rows), widths=[28, 14, 8, 16, 20, 11, 30, 40])
    _sheet(workbook, t("survey_report.sheet.columns"), _headers("file", "sheet", "column", "header", "kind", "role", "item", "option"), _column_rows(data.columns),
           widths=[28, 14, 9, 60, 30, 18, 30, 24])
    _sheet(workbook, t("survey_report.sheet.items"), _item_headers(), _item_rows(data.responses, data.wordings), widths=[32, 60, 16] + [13] * 8)
    _sheet(workbook, t("survey_report.sheet.problems"), _headers("severity", "file", "sheet", "row", "column", "header", "value", "code", "message"), _problem_rows(report),
           widths=[14, 28, 14, 8, 9, 40, 24, 22, 90])
    _sheet(workbook, t("survey_report.sheet.reading"), _headers("file", "sheet", "header_choice", "key_choice", "other_sheets"), _reading_rows(data),
           widths=[28, 14, 60, 60, 30])
    return save_with(target, workbook.save)


def _header(key: str) -> str:
    return t(f"survey_report.header.{key}")


def _sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, widths: Sequence[int]) -> None:
    sheet = workbook.create_sheet(title=sheet_name(title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    print_setup(sheet)
    sheet.row_dimensions[1].height = heading_height(headers, widths)  # the wrapped headings shown whole
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(text))
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([_value(v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{count + 1}"


def _value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (int, float)):
        return value
    return safe_cell(str(value))


def _summary_columns() -> list[str]:
    return [_header(k) for k in ("wave", "files", "tools", "rows", "kept", "empty", "heading", "test", "incomplete", "duplicate",
                                  "respondents", "pairs", "items", "unmapped", "unknown_labels")]


def _summary_rows(summary: pd.DataFrame) -> Iterable[list[Any]]:
    for record in summary.to_dict("records"):
        yield [
            t(f"survey.wave.{record['wave']}"), record["files"], record["tools"], record["rows"], record["kept"],
            record["empty"], record["heading"], record["test"], record["incomplete"], record["duplicate"], record["respondents"],
            record["pairs"] if record["pairs"] is not None and record["pairs"] == record["pairs"] else None,
            record["items"], record["unmapped"], record["unknown_labels"],
        ]


def _headers(*keys: str) -> list[str]:
    return [_header(k) for k in keys]


def _row_rows(rows: pd.DataFrame) -> Iterable[list[Any]]:
    waves = {w: t(f"survey.wave.{w}") for w in ("pre", "post", "follow_up")}
    statuses = {s: t(f"survey.status.{s}") for s in ("kept", "excluded")}
    ordered = rows.sort_values(["wave", "file", "row"], key=lambda c: c.map({"pre": 0, "post": 1, "follow_up": 2}) if c.name == "wave" else c, kind="stable")
    for file, sheet, row, wave, respondent, status, reason, detail in ordered[list(_ROW_KEYS)].itertuples(index=False, name=None):
        yield [file, sheet, int(row), waves.get(wave, wave), respondent, statuses.get(status, status), t(f"survey.reason.{reason}"), detail]


_ROW_KEYS = ("file", "sheet", "row", "wave", "respondent", "status", "reason", "detail")


def _column_rows(columns: pd.DataFrame) -> Iterable[list[Any]]:
    for record in columns.to_dict("records"):
        yield [record["file"], record["sheet"], record["column"], record["header"], t(f"survey.kind.{record['kind']}"),
               record["role"], record["item"], record["option"]]


def _item_headers() -> list[str]:
    return [_header("item"), _header("wording"), _header("wave"), _header("valid"), *[_header(m.value) for m in MissingReason if m.value],
            _header("mean")]


def _item_rows(responses: pd.DataFrame, wordings: dict[str, str]) -> Iterable[list[Any]]:
    if responses.empty:
        return
    counts = pd.crosstab([responses["item"], responses["wave"]], responses["missing"], dropna=True)
    means = responses.groupby(["item", "wave"], observed=True)["value"].mean()
    reasons = [m.value for m in MissingReason]
    for (item, wave), row in cast("Iterable[tuple[tuple[str, str], pd.Series]]", counts.iterrows()):  # rows of a two-level index
        if row.sum() == 0:
            continue
        mean = means.get((item, wave))
        yield [item, wordings.get(item, ""), t(f"survey.wave.{wave}"), *[int(row.get(r, 0)) for r in reasons],
               round(float(mean), 3) if mean is not None and mean == mean else None]


def _reading_rows(data: SurveyData) -> Iterable[list[Any]]:
    """How each file was read: the header row and why, the key column and why, sheets left aside."""
    for imported in data.files:
        table = imported.table
        others = ", ".join(table.other_sheets) if table is not None else ""
        yield [imported.file, table.sheet if table is not None else None, table.header_reason if table is not None else "", imported.key_reason, others]


def _problem_rows(report: ProblemReport) -> Iterable[list[Any]]:
    for problem in report:
        yield [t(f"severity.{problem.severity.value}"), problem.file, problem.sheet, problem.row, problem.column,
               problem.header, problem.value, problem.code, problem.message]
