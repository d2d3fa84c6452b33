"""Accessible Word documents with python-docx: the only module that touches docx XML.

python-docx has no API for the document language, alt text or table header rows; this module
adds them, and builds documents only from named styles of a template the user may replace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu
from docx.table import Table
from docx.text.paragraph import Paragraph

from evaluation.documents.outputs import safe_text
from evaluation.resources import template
from surveys.i18n import t
from surveys.problems import SuiviError, display_name

DEFAULT_TEMPLATE = "modele-suivi.docx"
TEXT_WIDTH_CM = 16.5  # A4 with the template's 2.2 cm margins
# Rows kept on one page (w:cantSplit) are at most this many lines high. LibreOffice (7.x) drops
# the rows that follow when a table with a repeated header row has an unsplittable row taller
# than what is left of the page below the repeated header; a short row never is.
MAX_UNSPLIT_LINES = 3
CHARS_PER_CM = 5.0  # Arial 10.5 pt, an average French text; cell padding excluded
CELL_PADDING_CM = 0.4
_W_NAMESPACE = nsdecls("w")
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')
_RUN_BREAKS = re.compile(r"([\t\n\r])")
# Styles the generated documents use; a replacement template must define each one.
REQUIRED_STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Normal",
    "List Bullet",
    "Caption",
    "Table Grid",
    "Intense Quote",
)


class AccessibleDocument:
    """A document under construction that keeps headings nested and records its charts' alt text."""

    def __init__(self, document: Document, language: str = "fr-FR") -> None:
        self.document = document
        self._level = 0
        self._style_ids: dict[str, str | None] = {}
        set_language(document, language)
        _clear_body(document)
        self._end = document.element.body.find(qn("w:sectPr"))

    def _add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """Same result as ``Document.add_paragraph``, in constant time.

        python-docx looks the style up by name and searches the body for its end at every call,
        which makes long documents quadratic; here style ids are cached and the paragraph is put
        straight before the final section properties.
        """
        p = OxmlElement("w:p")
        style_id = self._style_id(style) if style else None
        if style_id is not None:
            p.get_or_add_pPr().style = style_id
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self.document.element.body.append(p)
        paragraph = Paragraph(p, self.document._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _style_id(self, name: str) -> str | None:
        """The style id of a paragraph style name (``None`` for the default style, as python-docx)."""
        if name not in self._style_ids:
            style = self.document.styles[name]
            default = self.document.styles.default(style.type)
            self._style_ids[name] = None if default is not None and default.style_id == style.style_id else style.style_id
        return self._style_ids[name]

    # --- structure -------------------------------------------------------------------------
    def title(self, text: str, subtitle: str | None = None) -> None:
        self._add_paragraph(safe_text(text), style="Title")
        if subtitle:
            self._add_paragraph(safe_text(subtitle), style="Subtitle")

    def heading(self, text: str, level: int) -> Paragraph:
        """A real heading; a level deeper than the previous one plus one is a programming error."""
        if level < 1 or level > self._level + 1:
            raise ValueError(f"heading level {level} after level {self._level} would skip a level")
        self._level = level
        return self._add_paragraph(safe_text(text), style=f"Heading {level}")

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        return self._add_paragraph(safe_text(text), style=style)

    def labelled(self, label: str, text: str) -> Paragraph:
        """« Libellé : texte » with the label in bold (meaning carried by words, not colour)."""
        paragraph = self._add_paragraph()
        paragraph.add_run(safe_text(label) + "\u00a0: ").bold = True
        paragraph.add_run(safe_text(text))
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self._add_paragraph(safe_text(item), style="List Bullet")

    def quote(self, text: str) -> Paragraph:
        return self._add_paragraph(safe_text(text), style="Intense Quote")

    def page_break(self) -> None:
        self.document.add_page_break()

    # --- tables and figures ----------------------------------------------------------------
    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        caption: str | None = None,
        widths_cm: Sequence[float] | None = None,
        numeric: Sequence[int] = (),
        keep_rows: bool = False,
        keep_together: bool = False,
    ) -> Table:
        """A simple table: one marked header row (repeated on each page), no merged cells.

        The caption stays on the page of the table. With ``keep_rows`` short rows (at most
        ``MAX_UNSPLIT_LINES`` lines) are never split across two pages; taller rows may split, so
        that LibreOffice shows every row. With ``keep_together`` (a short table, or one ending with
        a total) every row is kept with the next one, the way Word and LibreOffice both read it.
        """
        if caption:
            self._add_paragraph(safe_text(caption), style="Caption").paragraph_format.keep_with_next = True
        column_cm = list(widths_cm) if widths_cm else [TEXT_WIDTH_CM / len(header)] * len(header)
        # Without widths, python-docx's even split of the text block; with them, LibreOffice lays
        # out from the grid (w:gridCol) and Word from the cells (w:tcW): both are set.
        twips = [Emu(self.document._block_width // len(header)).twips] * len(header)
        for position, width in enumerate((widths_cm or ())[: len(header)]):
            twips[position] = Cm(width).twips
        unsplit = [keep_rows and row_lines(values, column_cm) <= MAX_UNSPLIT_LINES for values in rows]
        tbl = parse_xml(_table_xml(header, rows, self._style_id("Table Grid"), twips, fixed=bool(widths_cm), numeric=numeric,
                                   unsplit=unsplit, keep_together=keep_together))
        if self._end is not None:
            self._end.addprevious(tbl)
        else:
            self.document.element.body.append(tbl)
        self._add_paragraph()
        return Table(tbl, self.document._body)

    def figure(self, image: IO[bytes], alt: str, caption: str, width_cm: float = 16) -> None:
        """A chart with its alt text (``wp:docPr/@descr``) and a visible caption."""
        shape = self.document.add_picture(image, width=Cm(width_cm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", safe_text(alt))
        doc_pr.set("title", safe_text(caption))
        picture = self.document.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True  # the caption stays under its chart
        self._add_paragraph(safe_text(caption), style="Caption")

    # --- metadata ----------------------------------------------------------------------------
    def properties(self, *, title: str, author: str, subject: str, keywords: str = "", when: dt.datetime | None = None) -> None:
        props = self.document.core_properties
        props.title = safe_text(title)[:255]
        props.author = safe_text(author)[:255]
        props.last_modified_by = safe_text(author)[:255]
        props.subject = safe_text(subject)[:255]
        props.keywords = safe_text(keywords)[:255]
        props.comments = ""
        props.category = ""
        props.language = "fr-FR"
        moment = when or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        props.created = moment
        props.modified = moment
        props.revision = 1

    def save(self, stream: IO[bytes]) -> None:
        self.document.save(stream)


def open_template(path: Path | None = None) -> Document:
    """The template's styles, logo and page setup, or a clear error naming what is missing."""
    source = path or template(DEFAULT_TEMPLATE)
    name = display_name(source)
    if not source.is_file():
        raise SuiviError(t("docx.template_missing", file=source if path else name), code="modele_absent", file=name)  # as typed
    try:
        document = docx.Document(str(source))
    except ValueError as exc:
        raise SuiviError(t("docx.template_not_docx", file=name), code="modele_invalide", file=name) from exc
    except Exception as exc:  # python-docx raises zip/XML errors of several kinds
        raise SuiviError(t("docx.template_unreadable", file=name), code="modele_invalide", file=name) from exc
    missing = missing_styles(document)
    if missing:
        listed = ", ".join(f"« {s} »" for s in missing)
        raise SuiviError(t("docx.template_styles", file=name, styles=listed), code="modele_styles", file=name)
    return document


def missing_styles(document: Document) -> list[str]:
    """Required styles the template does not define (latent built-in styles count as missing)."""
    present = {style.name for style in document.styles}
    return [name for name in REQUIRED_STYLES if name not in present]


def set_language(document: Document, language: str = "fr-FR") -> None:
    """Declare the language in the style defaults (spell-check, screen readers, PDF /Lang)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    document.core_properties.language = language


def row_lines(values: Sequence[Any], widths_cm: Sequence[float]) -> int:
    """The estimated height of a row in lines: its tallest cell, each line wrapped to its column."""
    tallest = 1
    for value, width in zip(values, widths_cm):
        per_line = max(1, int((width - CELL_PADDING_CM) * CHARS_PER_CM))
        lines = sum(max(1, -(-len(line) // per_line)) for line in str("" if value is None else value).split("\n"))
        tallest = max(tallest, lines)
    return tallest


def _table_xml(header: Sequence[str], rows: Sequence[Sequence[Any]], style_id: str | None, twips: Sequence[int], *,
               fixed: bool, numeric: Sequence[int], unsplit: Sequence[bool], keep_together: bool) -> str:
    """The ``w:tbl`` python-docx's per-cell API would build, written in one string (parsed once).

    Centred, of the given style and column widths (a fixed layout when they are given), with one
    header row (``w:tblHeader``, bold); ``unsplit`` rows get ``w:cantSplit``; with
    ``keep_together`` every row but the last keeps with the next.
    """
    parts = [f"<w:tbl {_W_NAMESPACE}><w:tblPr>", f'<w:tblStyle w:val="{style_id}"/>' if style_id else "",
             '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>', '<w:tblLayout w:type="fixed"/>' if fixed else "",
             _TABLE_LOOK, "</w:tblPr><w:tblGrid>", *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>",
             '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>']
    last = len(rows)
    for width, text in zip(twips, header):
        parts.append(_cell_xml(width, "<w:r/>" + _run_xml(safe_text(str(text)), bold=True), keep_next=keep_together and last > 0))
    parts.append("</w:tr>")
    for index, (values, whole) in enumerate(zip(rows, unsplit), start=1):
        keep_next = keep_together and index < last
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" if whole else "<w:tr>")
        for position, width in enumerate(twips):
            if position < len(values):  # a short row's last cells stay empty, as python-docx leaves them
                value = values[position]
                run = _run_xml(safe_text("" if value is None else str(value)))
                parts.append(_cell_xml(width, run, keep_next=keep_next, right=position in numeric))
            else:
                parts.append(_cell_xml(width, "", keep_next=keep_next))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _cell_xml(twips: int, runs: str, *, keep_next: bool, right: bool = False) -> str:
    """One table cell of one paragraph, as python-docx writes it (``w:keepNext`` before ``w:jc``)."""
    properties = ("<w:keepNext/>" if keep_next else "") + ('<w:jc w:val="right"/>' if right else "")
    if properties:
        properties = f"<w:pPr>{properties}</w:pPr>"
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr><w:p>{properties}{runs}</w:p></w:tc>'


def _escape(text: str) -> str:
    """Text as XML character data (``xml.sax.saxutils.escape`` would import urllib, http and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_xml(text: str, *, bold: bool = False) -> str:
    """A run as python-docx's ``run.text`` writes it: a tab is ``w:tab``, a line break ``w:br``,
    and a text with spaces at either end keeps them (``xml:space``)."""
    content = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "<w:r>" + ("<w:rPr><w:b/></w:rPr>" if bold else "") + "".join(content) + "</w:r>"


def _clear_body(document: Document) -> None:
    """Remove the template's sample paragraphs, keeping the section properties (page setup)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
