"""Accessible docx helpers: language, headings, header rows, alt text, properties, template styles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from evaluation.documents.docx_accessible import REQUIRED_STYLES, AccessibleDocument, open_template
from surveys.problems import SuiviError


def _png() -> io.BytesIO:
    figure, axes = plt.subplots(figsize=(2, 1))
    axes.bar(["a", "b"], [1, 2])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    buffer.seek(0)
    return buffer


def _build() -> bytes:
    doc = AccessibleDocument(open_template())
    doc.title("Réponse motivée", "Convention citoyenne")
    doc.heading("La démarche", 1)
    doc.heading("Les dates", 2)
    doc.paragraph("Texte <b>&amp; \x0b avec caractères\x00 interdits")
    doc.table(["Statut", "Nombre"], [["Retenue", 3], ["Non retenue", 1]], caption="Tableau 1 – Décisions")
    doc.figure(_png(), alt="3 propositions retenues, 1 non retenue.", caption="Figure 1 – Décisions")
    doc.properties(title="Réponse motivée", author="DGITM", subject="Devoir de suite")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_language_is_french_and_properties_are_set() -> None:
    data = _build()
    styles = _part(data, "word/styles.xml")
    assert 'w:lang w:val="fr-FR"' in styles and "en-US" not in styles
    core = _part(data, "docProps/core.xml")
    assert "<dc:title>Réponse motivée</dc:title>" in core
    assert "<dc:creator>DGITM</dc:creator>" in core
    assert "<dc:subject>Devoir de suite</dc:subject>" in core
    assert "python-docx" not in core
    assert "<dc:language>fr-FR</dc:language>" in core


def test_header_row_alt_text_and_headings() -> None:
    data = _build()
    body = _part(data, "word/document.xml")
    assert body.count('<w:tblHeader w:val="true"/>') == 1
    assert 'descr="3 propositions retenues, 1 non retenue."' in body
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styles == ["Title", "Heading 1", "Heading 2"]
    assert "Style Title" not in body  # the template's sample paragraphs are removed
    assert "Texte <b>&amp;  avec caractères interdits" in [p.text for p in document.paragraphs]


def test_heading_levels_cannot_be_skipped() -> None:
    doc = AccessibleDocument(open_template())
    doc.heading("Un", 1)
    with pytest.raises(ValueError, match="skip"):
        doc.heading("Trois", 3)


def test_template_missing_styles_are_named(tmp_path: Path) -> None:
    bare = docx.Document()
    for style in list(bare.styles):
        if style.name in ("Intense Quote", "Caption"):
            style.element.getparent().remove(style.element)
    path = tmp_path / "modele-ministere.docx"
    bare.save(path)
    with pytest.raises(SuiviError) as caught:
        open_template(path)
    assert caught.value.code == "modele_styles"
    assert "« Caption », « Intense Quote »" in str(caught.value)


def test_template_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "modele.docx"
    path.write_text("pas un document", encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        open_template(path)
    assert caught.value.code == "modele_invalide"


def test_shipped_template_defines_every_required_style() -> None:
    document = open_template()
    names = {s.name for s in document.styles}
    assert set(REQUIRED_STYLES) <= names
    assert document.sections[0].page_width.cm == pytest.approx(21, abs=0.01)
