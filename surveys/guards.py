"""Limits checked before a file is read, so that a hostile or broken file ends quickly, in French.

Only regular files are read (no symbolic link, device or named pipe); a file larger than
:data:`MAX_FILE_BYTES`, a workbook whose parts unpack to more than :data:`MAX_UNPACKED_BYTES`, or
a sheet spanning more than :data:`MAX_CELLS` cells is refused before any reader allocates it.
No real survey, register or interview grid comes near these limits.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from surveys.i18n import t
from surveys.problems import SuiviError

MAX_FILE_BYTES = 1 << 30  # 1 Gio on disk
MAX_UNPACKED_BYTES = 1 << 30  # 1 Gio once a workbook's zip parts are unpacked
MAX_CELLS = 10_000_000  # rows × columns of one sheet (100 000 respondents × 100 columns)
# Excel, LibreOffice and openpyxl write the reference first (``<c r="B7"``): a literal prefix scans fast.
_FIRST_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_FIRST_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
# calamine reads any letters as a column (« Htest5 » is column 4 million): such a reference is refused.
_ODD_FIRST = re.compile(rb'<c r="(?![A-Z]{1,3}[0-9]{1,7}")([^"]{0,20})')
_FIRST = (_ODD_FIRST, _FIRST_COLUMN, _FIRST_ROW)
_ROW_ELEMENT = re.compile(rb'<row(?: r="([0-9]{1,7})")?(?=[\s/>])')  # the number, or b"" when the reference is not first


def _any_reference(cell: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """Odd reference, column and row searches for cells starting with ``cell``, the reference anywhere in the tag."""
    reference = cell + rb'[^>]*?\br\s*=\s*["\']'
    return (re.compile(reference + rb'(?![A-Z]{1,3}[0-9]{1,7}["\'])([^"\']{0,20})'), re.compile(reference + rb'([A-Z]{1,3})[0-9]'),
            re.compile(reference + rb'[A-Z]{1,3}([0-9]{1,7})["\']'))


# Otherwise any XML spacing and quotes (``<c\nr='B7'`` names B7 for calamine too), and a namespace prefix (``<x:c``).
_ANY = _any_reference(rb'<c\s')
_PREFIXED = _any_reference(rb'<(?:[\w.-]+:)?c\s')
_CHUNK = 1 << 22
# Cells and rows written without a reference (optional in the format; calamine places them in order).
_BARE_CELL = re.compile(rb'<(?:[\w.-]+:)?c(?=[\s/>])(?![^>]*?\br\s*=)')
_BARE_ROW = re.compile(rb'<(?:[\w.-]+:)?row(?=[\s/>])(?![^>]*?\br\s*=)')
_ROW_TAG = re.compile(rb'<(?:[\w.-]+:)?row(?=[\s/>])')
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "


def check_regular_file(path: Path, name: str) -> int:
    """The size of ``path`` if it is a regular file within the limit, else :class:`SuiviError`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError as exc:
        raise SuiviError(t("read.missing_file", file=name), code="fichier_absent", file=name) from exc
    except OSError as exc:
        raise SuiviError(t("read.unreadable_path", file=name, detail=exc.strerror or type(exc).__name__), code="chemin_illisible", file=name) from exc
    if stat.S_ISLNK(info.st_mode):
        raise SuiviError(t("read.symlink", file=name), code="lien_symbolique", file=name)
    if stat.S_ISDIR(info.st_mode):
        raise SuiviError(t("read.is_directory", file=name), code="fichier_absent", file=name)
    if not stat.S_ISREG(info.st_mode):
        raise SuiviError(t("read.not_regular", file=name), code="fichier_special", file=name)
    if info.st_size > MAX_FILE_BYTES:
        raise SuiviError(t("read.too_large", file=name, limit=_megabytes(MAX_FILE_BYTES)), code="fichier_trop_grand", file=name)
    return info.st_size


def read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of ``path`` once :func:`check_regular_file` accepts it; every failure a located :class:`SuiviError`."""
    check_regular_file(path, name)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SuiviError(t("read.missing_file", file=name), code="fichier_absent", file=name) from exc
    except IsADirectoryError as exc:
        raise SuiviError(t("read.is_directory", file=name), code="fichier_absent", file=name) from exc
    except PermissionError as exc:
        raise SuiviError(t("read.permission", file=name), code="fichier_verrouille", file=name) from exc
    except OSError as exc:
        raise SuiviError(t("read.unreadable_path", file=name, detail=exc.strerror or type(exc).__name__), code="chemin_illisible", file=name) from exc
    return data


# What zipfile, zlib and the XML readers raise on a truncated, crafted or otherwise broken archive
# (NotImplementedError: zipfile's answer to a compression method or version it does not know; zlib.error:
# corrupt deflate data): each becomes the one French « archive illisible » problem of its reader.
BROKEN_ARCHIVE = (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, OSError, EOFError, RuntimeError)


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip-based file (xlsx, ods, docx) whose parts unpack beyond the limit, or a broken zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(max(0, info.file_size) for info in archive.infolist())
    except BROKEN_ARCHIVE as exc:
        raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_archive")), code="fichier_endommage", file=name) from exc
    if total > MAX_UNPACKED_BYTES:
        raise SuiviError(t("read.unpacks_too_large", file=name, limit=_megabytes(MAX_UNPACKED_BYTES)), code="fichier_trop_grand", file=name)


def check_xlsx_cells(path: Path, name: str) -> None:
    """Refuse a workbook with a sheet whose used area (far-away cells included) exceeds :data:`MAX_CELLS`.

    The cell references of each worksheet part are scanned as they are unpacked: calamine would
    allocate the whole rectangle from A1 to the farthest cell before anything could be checked.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    rows, columns = _sheet_extent(archive, info, name)
                    if rows * columns > MAX_CELLS:
                        raise SuiviError(t("read.sheet_too_large", file=name, cells=f"{rows * columns:,}".replace(",", "\u202f"),
                                           limit=f"{MAX_CELLS:,}".replace(",", "\u202f")), code="feuille_trop_grande", file=name)
    except SuiviError:
        raise
    except BROKEN_ARCHIVE as exc:
        raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_archive")), code="fichier_endommage", file=name) from exc


def check_ods_content(path: Path, name: str) -> None:
    """Refuse an ODS whose ``content.xml`` is not well-formed or holds text between table elements.

    calamine loops without end on such a file (a truncated or edited ``content.xml``) and cannot
    be interrupted: the XML is checked first with expat, document type declarations refused.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []

    def refuse(*_: object) -> None:
        raise ValueError("document type declaration")

    def text(data: str) -> None:
        if data.strip() and stack and stack[-1].startswith(_ODS_TABLE):
            raise ValueError("text outside a cell")

    parser.StartDoctypeDeclHandler = refuse
    parser.StartElementHandler = lambda tag, _attributes: stack.append(tag)
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = text
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            parser.ParseFile(stream)
    except (expat.ExpatError, LookupError, *BROKEN_ARCHIVE) as exc:  # LookupError: a missing part, an unknown encoding
        raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_archive")), code="fichier_endommage", file=name) from exc


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> tuple[int, int]:
    """(last row, last column) referenced by the rows and cells of one worksheet part, or a bound above them.

    A chunk whose cells all name, reference first, a cell within the extent found so far is
    checked with one search (:func:`_beyond`); any other chunk (the first, one with a cell
    further away, an odd reference, attributes before the reference, a prefixed ``<x:c``, a cell
    without reference) is scanned cell by cell. calamine places a cell without reference just
    after the previous one of its row, and a row without reference just after the previous row:
    each such cell or row widens the bound by one (cells counted row by row).
    """
    rows, columns = 0, b""
    bare_rows = widest_bare = open_row_bare = 0  # rows without reference; most cells without one in a row; in the row still open
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            cut = data.rfind(b"<") if chunk else len(data)
            scanned, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            numbers = _ROW_ELEMENT.findall(scanned)
            rows = max(rows, *(int(r) for r in numbers if r), 0)
            prefixed = b":c" in scanned
            if prefixed or b"" in numbers:  # rows written otherwise: count those without a reference
                bare_rows += len(_BARE_ROW.findall(scanned))
            if not columns or prefixed or _beyond(columns, rows).search(scanned):
                chunk_rows, chunk_columns = _chunk_extent(scanned, name)
                rows, columns = max(rows, chunk_rows), max(columns, chunk_columns, key=_column_number)
                segments = [len(_BARE_CELL.findall(part)) for part in _ROW_TAG.split(scanned)]
                segments[0] += open_row_bare
                widest_bare, open_row_bare = max(widest_bare, *segments), segments[-1]
            if not chunk:
                break
            if len(tail) > _CHUNK:
                tail = b""
    return rows + bare_rows, _column_number(columns) + widest_bare


def _chunk_extent(scanned: bytes, name: str) -> tuple[int, bytes]:
    """(last row, last column letters) named by the cells of a chunk, each reference checked."""
    prefixed = b":c" in scanned
    usual = not prefixed and scanned.count(b"<c") == scanned.count(b'<c r="')
    odd_reference, column, row = _FIRST if usual else _PREFIXED if prefixed else _ANY
    odd = odd_reference.search(scanned)
    if odd:
        raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_cell_reference", ref=odd.group(1).decode("ascii", "replace"))),
                         code="fichier_endommage", file=name)
    letters = set(column.findall(scanned))
    numbers = set(row.findall(scanned))
    return max((int(n) for n in numbers), default=0), max(letters, key=_column_number, default=b"")


def _beyond(columns: bytes, rows: int) -> re.Pattern[bytes]:
    """A search for a cell (or other ``<c…`` tag) not written ``<c r="…"`` with a column up to ``columns`` and a row up to ``rows``."""
    return re.compile(b'<c(?! r="' + _at_most(columns, b"AZ") + _at_most(b"%d" % rows, b"09") + b'")')


def _at_most(bound: bytes, alphabet: bytes) -> bytes:
    """A pattern for the strings of ``alphabet``'s range no longer than ``bound`` and no greater once as long."""
    first, last = alphabet
    any_symbol = b"[%c-%c]" % (first, last)
    parts = []
    for i, symbol in enumerate(bound):
        if symbol > first:
            rest = len(bound) - i - 1
            parts.append(bound[:i] + b"[%c-%c]" % (first, symbol - 1) + (any_symbol + b"{%d}" % rest if rest else b""))
    parts.append(bound)
    if len(bound) > 1:  # after the longest ones, which most references of a chunk are
        parts.append(any_symbol + b"{1,%d}" % (len(bound) - 1))
    return b"(?:" + b"|".join(parts) + b")"


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _megabytes(size: int) -> str:
    return f"{size // (1 << 20)}"
