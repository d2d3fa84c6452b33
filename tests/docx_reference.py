"""A Word table built with python-docx's per-cell API, the way suivi built its tables before.

``AccessibleDocument.table`` now writes each table's XML in one string; ``tests/test_docx_tables.py``
checks it against this build, and ``bench/bench_report_parts.py`` times both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from evaluation.documents.docx_accessible import MAX_UNSPLIT_LINES, TEXT_WIDTH_CM, AccessibleDocument, row_lines
from evaluation.documents.outputs import safe_text


def per_cell_table(doc: AccessibleDocument, header: Sequence[str], rows: Sequence[Sequence[Any]], widths_cm: Sequence[float] | None,
               numeric: Sequence[int], keep_rows: bool, keep_together: bool) -> Any:
    """The table built with python-docx's API, cell by cell (the way suivi built it before)."""
    table = doc.document.add_table(rows=1, cols=len(header))
    table.style = doc.document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(safe_text(str(text))).bold = True
    header_mark = OxmlElement("w:tblHeader")
    header_mark.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header_mark)
    column_cm = list(widths_cm) if widths_cm else [TEXT_WIDTH_CM / len(header)] * len(header)
    for values in rows:
        row = table.add_row()
        if keep_rows and row_lines(values, column_cm) <= MAX_UNSPLIT_LINES:
            row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
        for position, (cell, value) in enumerate(zip(row.cells, values)):
            cell.text = safe_text("" if value is None else str(value))
            if position in numeric:
                cell.paragraphs[0].alignment = 2
    if widths_cm:
        table.autofit = False
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)
    if keep_together:
        for row in table.rows[:-1]:
            for paragraph in row._tr.iter(qn("w:p")):
                paragraph.get_or_add_pPr().keepNext_val = True
    return table._tbl
