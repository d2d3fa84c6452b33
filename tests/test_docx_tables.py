"""Word tables written in one string are the tables python-docx's per-cell API builds.

``AccessibleDocument.table`` writes each table's XML at once (python-docx's per-cell API cost
about 20 ms a table); the reference below builds the same table cell by cell with python-docx,
and the two ``w:tbl`` elements must serialise to the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from evaluation.documents.docx_accessible import MAX_UNSPLIT_LINES, TEXT_WIDTH_CM, AccessibleDocument, open_template, row_lines
from evaluation.documents.outputs import safe_text

# Tabs, line breaks, spaces at either end, XML specials, illegal characters, formulas, non-text.
PIECES: list[Any] = ["", " ", "a", "Texte", " avant", "après ", "x\ty", "l1\nl2", "r\rn", "<&>", "\"q'", "\u00a0",
                     "12,5\u00a0%", "\x0bctl\x00", "=SOMME(A1)", "long " * 30, None, 3, 4.5]


def _reference(doc: AccessibleDocument, header: Sequence[str], rows: Sequence[Sequence[Any]], widths_cm: Sequence[float] | None,
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


def test_tables_are_the_ones_python_docx_builds() -> None:
    rng = random.Random(2026)
    doc = AccessibleDocument(open_template())
    for _ in range(150):
        columns = rng.randint(1, 6)
        header = [str(rng.choice(PIECES[:15])) for _ in range(columns)]
        # Mostly full rows; some shorter (their last cells stay empty) or longer (the excess is dropped).
        rows = [[rng.choice(PIECES) for _ in range(columns if rng.random() < 0.85 else rng.randint(0, columns + 1))]
                for _ in range(rng.randint(0, 7))]
        widths = [rng.choice([1.0, 2.5, 3.3, 7.77]) for _ in range(columns)] if rng.random() < 0.6 else None
        numeric = tuple(i for i in range(columns) if rng.random() < 0.4)
        keep_rows, keep_together = rng.random() < 0.5, rng.random() < 0.4
        built = doc.table(header, rows, widths_cm=widths, numeric=numeric, keep_rows=keep_rows, keep_together=keep_together)
        expected = _reference(doc, header, rows, widths, numeric, keep_rows, keep_together)
        assert etree.tostring(built._tbl) == etree.tostring(expected), (header, rows, widths, numeric, keep_rows, keep_together)
        assert len(built.rows) == len(rows) + 1 and len(built.columns) == columns


def test_table_is_placed_before_the_section_properties_with_its_caption() -> None:
    doc = AccessibleDocument(open_template())
    doc.paragraph("Avant")
    doc.table(["A", "B"], [["1", "2"]], caption="Tableau 1 – Essai")
    body = [child.tag.rsplit("}", 1)[1] for child in doc.document.element.body]
    assert body == ["p", "p", "tbl", "p", "sectPr"]
    assert doc.document.paragraphs[1].style.name == "Caption"
    assert doc.document.tables[0].cell(1, 1).text == "2"
