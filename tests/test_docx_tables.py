"""Word tables written in one string are the tables python-docx's per-cell API builds.

``AccessibleDocument.table`` writes each table's XML at once (python-docx's per-cell API cost
about 10 ms a table); ``docx_reference.per_cell_table`` builds the same table cell by cell with python-docx,
and the two ``w:tbl`` elements must serialise to the same bytes.
"""

from __future__ import annotations

import random
from typing import Any

from docx_reference import per_cell_table
from lxml import etree

from evaluation.documents.docx_accessible import AccessibleDocument, open_template

# Tabs, line breaks, spaces at either end, XML specials, illegal characters, formulas, non-text.
PIECES: list[Any] = ["", " ", "a", "Texte", " avant", "après ", "x\ty", "l1\nl2", "r\rn", "<&>", "\"q'", "\u00a0",
                     "12,5\u00a0%", "\x0bctl\x00", "=SOMME(A1)", "long " * 30, None, 3, 4.5]


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
        expected = per_cell_table(doc, header, rows, widths, numeric, keep_rows, keep_together)
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
