"""Limits checked before a file is read, so that a hostile or broken file ends quickly, in French.

Only regular files are read (no symbolic link, device or named pipe); a file larger than
:data:`MAX_FILE_BYTES`, a workbook whose parts unpack to more than :data:`MAX_UNPACKED_BYTES`, or
a sheet spanning more than :data:`MAX_CELLS` cells is refused before any reader allocates it.
No real survey, register or interview grid comes near these limits.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from xml.parsers import expat

from surveys.i18n import t
from surveys.problems import SuiviError
from surveys.reuse import file_state, remembered
from surveys.sheet_extent import Markers, part_matches, sheet_extent

MAX_FILE_BYTES = 1 << 30  # 1 Gio on disk
MAX_UNPACKED_BYTES = 1 << 30  # 1 Gio once a workbook's zip parts are unpacked
MAX_CELLS = 10_000_000  # rows × columns of one sheet (100 000 respondents × 100 columns)
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


@contextmanager
def opened_regular_file(path: Path, name: str) -> Iterator[io.BufferedReader]:
    """``path`` open for reading once :func:`check_regular_file` accepts it; every failure a located :class:`SuiviError`.

    It is opened without following a link nor waiting on a pipe, and checked again once open: a
    file replaced by a link or a pipe in between is refused all the same.
    """
    check_regular_file(path, name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise SuiviError(t("read.missing_file", file=name), code="fichier_absent", file=name) from exc
    except IsADirectoryError as exc:
        raise SuiviError(t("read.is_directory", file=name), code="fichier_absent", file=name) from exc
    except PermissionError as exc:
        raise SuiviError(t("read.permission", file=name), code="fichier_verrouille", file=name) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SuiviError(t("read.symlink", file=name), code="lien_symbolique", file=name) from exc
        raise SuiviError(t("read.unreadable_path", file=name, detail=exc.strerror or type(exc).__name__), code="chemin_illisible", file=name) from exc
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SuiviError(t("read.not_regular", file=name), code="fichier_special", file=name)
        try:
            yield stream
        except OSError as exc:
            raise SuiviError(t("read.unreadable_path", file=name, detail=exc.strerror or type(exc).__name__), code="chemin_illisible", file=name) from exc


def read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of ``path`` once :func:`check_regular_file` accepts it; every failure a located :class:`SuiviError`."""
    with opened_regular_file(path, name) as stream:
        return stream.read()


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


def check_xlsx_cells(path: Path, name: str, markers: Markers | None = None) -> bool:
    """Refuse a workbook with a sheet whose used area (far-away cells included) exceeds :data:`MAX_CELLS`.

    The cell references of each worksheet part are scanned as they are unpacked
    (:mod:`surveys.sheet_extent`): calamine would allocate the whole rectangle from A1 to the
    farthest cell before anything could be checked. With ``markers`` (see
    :data:`surveys.sheet_extent.Markers`), the answer says whether a worksheet or any other XML part but the theme
    (fonts written as character references) matches it. Within :func:`surveys.reuse.reads_reused`,
    an unchanged file is checked once.
    """
    return remembered(("xlsx cells", str(path), file_state(path), markers), partial(_xlsx_cells, path, name, markers))


def _xlsx_cells(path: Path, name: str, markers: Markers | None) -> bool:
    """:func:`check_xlsx_cells` itself, each time."""
    found = False
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    found = sheet_extent(archive, info, name, MAX_CELLS, markers)[2] or found
                elif markers is not None and not found and info.filename.endswith(".xml") and not info.filename.startswith("xl/theme/"):
                    found = part_matches(archive.read(info), markers)
    except SuiviError:
        raise
    except BROKEN_ARCHIVE as exc:
        raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_archive")), code="fichier_endommage", file=name) from exc
    return found


def check_workbook(path: Path, name: str, kind: str, markers: Markers | None = None) -> bool:
    """Every guard of a workbook (``xlsx``, ``xls`` or ``ods``) before a reader opens it; with ``markers``
    (xlsx), whether its sheets or other parts match them."""
    if kind in ("xlsx", "ods"):
        check_zip(path, name)
    found = check_xlsx_cells(path, name, markers) if kind == "xlsx" else True
    if kind == "ods":
        check_ods_content(path, name)
    return found


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


def _megabytes(size: int) -> str:
    return f"{size // (1 << 20)}"
