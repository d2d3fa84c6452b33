"""Rebuild ``modele-suivi.docx``, the styles-only Word template shipped with suivi.

Run from the repository root: ``python templates/build_template.py``. The template holds styles,
A4 page setup and a footer with page numbers; documents are built in code on top of it. A sponsor
may replace it with their own (``--template``) as long as it defines the styles listed in
``docs/modele-word.md``.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
INK = RGBColor(0x1F, 0x2A, 0x44)
ACCENT = RGBColor(0x1F, 0x3A, 0x68)


def _font(style, size: float, *, bold: bool = False, colour: RGBColor = INK) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def build(target: Path) -> None:
    document = docx.Document()
    styles = document.styles
    _font(styles["Normal"], 10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    _font(styles["Title"], 24, bold=True, colour=ACCENT)
    _font(styles["Subtitle"], 14, colour=INK)
    for level, size in ((1, 17), (2, 13.5), (3, 11.5)):
        style = styles[f"Heading {level}"]
        _font(style, size, bold=True, colour=ACCENT)
        style.paragraph_format.space_before = Pt(16 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    _font(styles["Caption"], 9.5, colour=INK)
    styles["Caption"].font.italic = False
    _font(styles["List Bullet"], 10.5)
    _font(styles["Intense Quote"], 10.5, colour=INK)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _page_number_footer(section)
    # Use every required style once so that none is latent in the saved template.
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Normal", "List Bullet", "Caption", "Intense Quote"):
        document.add_paragraph(f"Style {name}", style=name)
    table = document.add_table(rows=1, cols=1)
    table.style = styles["Table Grid"]
    props = document.core_properties
    props.title = "Modèle de document suivi"
    props.author = "suivi"
    props.comments = ""
    props.language = "fr-FR"
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.find(qn("w:lang")).set(qn("w:val"), "fr-FR")
    document.save(target)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / "modele-suivi.docx")
