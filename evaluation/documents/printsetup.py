"""How generated workbooks print: sheet names that fit, headers on every page, page numbers.

Excel limits a sheet name to 31 characters; :func:`sheet_name` shortens by rule (connecting
words dropped, then whole words from the end, « … » when cut) and never cuts inside a word.
:func:`print_setup` gives a sheet print titles (its header rows on every page), landscape when its
columns are wider than a portrait page, fit to one page wide, and « Page N sur M » in the footer;
:func:`fit_row_heights` makes rows tall enough for their wrapped texts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, cast

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from surveys.i18n import t

MAX_SHEET_NAME = 31  # Excel's limit
FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
# Connecting words left out first when a sheet name is too long.
LIGHT_WORDS = frozenset({"de", "des", "du", "d", "la", "le", "les", "l", "et", "à", "au", "aux", "par", "sur", "en", "pour", "–", "-", "−"})
PORTRAIT_WIDTH = 95  # Excel column width units that fit across a portrait A4 page (narrow margins)
DEFAULT_WIDTH = 8.43  # Excel's default column width
ELLIPSIS = "…"
VOWELS = frozenset("aeiouyàâäéèêëîïôöùûü")


def sheet_name(text: str, limit: int = MAX_SHEET_NAME) -> str:
    """A valid sheet name of at most ``limit`` characters, never cut inside a word.

    In turn, while too long: connecting words are left out (« de », « et », « – »…); long words
    are abbreviated at a syllable, the French way (« socioprofessionnelle » → « socioprof. »),
    from the last one; whole words are dropped from the end, with « … ».
    """
    words = " ".join(text.translate(FORBIDDEN).split()).split(" ")
    if words == [""]:
        return t("printsetup.default_sheet")
    if len(" ".join(words)) > limit:
        words = [w for i, w in enumerate(words) if i == 0 or w.lower().rstrip("'’") not in LIGHT_WORDS]
    for position in reversed(range(len(words))):
        if len(" ".join(words)) <= limit:
            break
        words[position] = abbreviate(words[position])
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    while len(words) > 1 and len(" ".join(words)) + 1 > limit:
        words.pop()
    name = " ".join(words).rstrip(",;.")
    if len(name) + 1 > limit:  # a single word longer than the limit: the only cut allowed
        return name[: limit - 1] + ELLIPSIS
    return name + ELLIPSIS


def abbreviate(word: str, keep: int = 8) -> str:
    """« socioprofessionnelle » → « socioprof. »: cut before a vowel that follows a consonant,
    after at least ``keep`` letters, with a full stop; short words are left whole."""
    if len(word) <= keep + 3:
        return word
    for i in range(keep, len(word) - 2):
        if word[i].lower() not in VOWELS and word[i].isalpha() and word[i + 1].lower() in VOWELS:
            return word[: i + 1] + "."
    return word


def print_setup(sheet: Worksheet, *, header_rows: int = 1, landscape: bool | None = None) -> None:
    """Header rows repeated on each printed page, one page wide, landscape when wide, page numbers."""
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    width = printed_width(sheet)
    wide = width > PORTRAIT_WIDTH if landscape is None else landscape
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.gridLines = False
    footer = sheet.oddFooter
    assert footer is not None and footer.center is not None and footer.left is not None, "openpyxl creates the footer's parts"
    footer.center.text = t("printsetup.footer")
    footer.left.text = "&A"  # the sheet name


def printed_width(sheet: Worksheet) -> float:
    """The width of the sheet's columns in Excel units (8.43 for a column left at its default)."""
    set_widths = {column_index_from_string(key): dim.width for key, dim in sheet.column_dimensions.items() if dim.width}
    used = max([*set_widths, getattr(sheet, "max_column", 1) or 1])
    return sum(set_widths.get(c, DEFAULT_WIDTH) for c in range(1, used + 1))


LINE_HEIGHT = 15  # points: one line of the default font (Calibri 11), Excel's default row height
CHAR_WIDTH = 0.85  # width units per character of text (a unit is the width of « 0 », wider than most letters)
# A bold heading is wider; where Calibri is missing, LibreOffice draws it in a wider font still (DejaVu).
HEADING_CHAR_WIDTH = 1.0


def fit_row_heights(sheet: Worksheet, first_row: int = 2) -> None:
    """Rows tall enough for their wrapped texts, from ``first_row`` on.

    Excel and LibreOffice keep a row written without a height at one line: a wrapped text longer
    than its column then runs over the rows below, on screen and in print. Each row gets the
    height of its tallest wrapped cell, its lines counted by filling the column's width word by word.
    """
    widths: dict[int, float] = {}
    wraps: dict[int, bool] = {}  # by the cell's alignment index: reading a cell's alignment builds a proxy each time
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if not (isinstance(cell.value, str) and cell.value and isinstance(cell.column, int)):
                continue
            style = cast(Any, cell)._style  # openpyxl's stubs do not declare the style array (None: no style yet)
            alignment = style.alignmentId if style is not None else 0
            if alignment not in wraps:
                wraps[alignment] = bool(cell.alignment.wrap_text)
            if wraps[alignment]:
                if cell.column not in widths:
                    widths[cell.column] = sheet.column_dimensions[get_column_letter(cell.column)].width or DEFAULT_WIDTH
                lines = max(lines, lines_in_column(cell.value, widths[cell.column]))
        if lines > 1 and row[0].row is not None:
            sheet.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def lines_in_column(text: str, width: float, char_width: float = CHAR_WIDTH) -> int:
    """The lines a wrapped text takes in a column ``width`` units wide, at ``char_width`` units a character."""
    return wrapped_lines(text, (width - 0.5) / char_width)


def heading_height(headings: Sequence[str], widths: Sequence[float]) -> float:
    """The height (points) of a row of wrapped headings in columns of these widths: a sheet written
    row by row (openpyxl's write-only mode) sets it before writing the row."""
    return LINE_HEIGHT * max((lines_in_column(h, w, HEADING_CHAR_WIDTH) for h, w in zip(headings, widths)), default=1)


def wrapped_lines(text: str, room: float) -> int:
    """The lines ``text`` takes when wrapped at ``room`` characters a line (a longer word is cut)."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            needed = len(word) if not used else used + 1 + len(word)
            if needed <= room:
                used = needed
            else:
                extra = max(1, math.ceil(len(word) / max(room, 1))) if len(word) > room else 1
                lines += extra if used else extra - 1
                used = len(word) % room if len(word) > room else len(word)
    return max(lines, 1)


HEADER_FILL = PatternFill("solid", fgColor="1F3A68")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def header_row(sheet: Worksheet, headings: list[str]) -> None:
    """Append the sheet's heading row, white on dark blue, wrapped (the register's workbooks)."""
    sheet.append(headings)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
