"""Every generated Word document shows all its headings and table rows once LibreOffice lays it out.

LibreOffice 7.x drops the rows after a row that may not split (w:cantSplit) when the table repeats
its header row (w:tblHeader) and the row does not fit below the repeated header: the docx holds the
rows, the PDF does not (seen on « Représentations des citoyens : réponses par item, vague
« Après » »). The documents keep short rows unsplit only (``docx_accessible.MAX_UNSPLIT_LINES``);
these tests convert each generated .docx once and compare its words with the PDF's.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu
from generated_documents import HAVE_LIBREOFFICE, NO_LIBREOFFICE, convert_to_pdf, docx_files, missing_text, words

from evaluation.documents.docx_accessible import MAX_UNSPLIT_LINES, row_lines

needs_libreoffice = pytest.mark.skipif(not HAVE_LIBREOFFICE, reason=NO_LIBREOFFICE)

EXPECTED = {"reponse-motivee", "rapport-evaluation", "portefeuille", "grille-entretien", "questionnaire-avant", "questionnaire-apres-agents"}


@pytest.fixture(scope="module")
def pdfs(demo_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    return convert_to_pdf(docx_files(demo_outputs), tmp_path_factory.mktemp("pdf"))


@needs_libreoffice
def test_every_generated_document_is_converted(pdfs: dict[Path, Path]) -> None:
    assert {path.stem for path in pdfs} == EXPECTED
    assert all(pdf.is_file() and pdf.stat().st_size > 0 for pdf in pdfs.values())


@needs_libreoffice
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_pdf_shows_every_heading_and_row(pdfs: dict[Path, Path], stem: str) -> None:
    document = next(path for path in pdfs if path.stem == stem)
    assert missing_text(document, pdfs[document]) == []


@needs_libreoffice
def test_the_check_sees_a_row_the_pdf_lacks(tmp_path: Path) -> None:
    """A PDF made from the same document less one row fails the comparison: the test above can fail."""
    from evaluation.documents.docx_accessible import AccessibleDocument, open_template

    doc = AccessibleDocument(open_template())
    doc.heading("Réponses par item", 1)
    table = doc.table(["Item", "Part"], [["Confiance dans le gouvernement", "41 %"], ["Influence sur la politique", "30 %"]])
    full, cut = tmp_path / "complet.docx", tmp_path / "ampute.docx"
    for path in (full, cut):
        if path is cut:
            table._tbl.remove(table.rows[2]._tr)
        with path.open("wb") as stream:
            doc.save(stream)
    pdf = convert_to_pdf([cut], tmp_path / "pdf")[cut]
    assert missing_text(full, pdf) == ["Influence sur la politique 30 %"]
    assert missing_text(cut, pdf) == []


def test_long_rows_may_split_short_rows_may_not(demo_outputs: Path) -> None:
    """The construction both programs render: header rows repeat; rows of at most
    MAX_UNSPLIT_LINES lines never split (w:cantSplit); taller rows carry no w:cantSplit."""
    report = docx.Document(str(demo_outputs / "convention-mobilites" / "rapport-evaluation.docx"))
    tall = short = 0
    for table in report.tables:
        widths = [Emu(column.width).cm if column.width else 16.5 / len(table.columns) for column in table.columns]
        header, *body = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in body:
            unsplit = row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
            lines = row_lines([cell.text for cell in row.cells], widths)
            assert unsplit == (lines <= MAX_UNSPLIT_LINES), (lines, [cell.text for cell in row.cells])
            tall += lines > MAX_UNSPLIT_LINES
            short += lines <= MAX_UNSPLIT_LINES
    assert tall and short


def test_words_ignore_line_breaks_hyphens_and_identifiers() -> None:
    assert words("ci-dessous « 1 à 4 » correlation_rang_biseriale Représen\u00adtations") == ["cidessous", "Représentations"]
