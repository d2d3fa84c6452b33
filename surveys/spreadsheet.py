"""Read any spreadsheet people hand in as a located table of raw cell values.

The file kind is detected from its bytes, not its extension (xlsx, xls, ods, CSV/TSV in UTF-8 with
or without BOM, Windows-1252 or UTF-16). Excel files are read with python-calamine; CSV with the
pandas C engine. The header row is found even below a title and blank lines, and every data row
keeps the row number the spreadsheet program shows, so problems can name their cell.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, overload

import numpy as np
import pandas as pd
import python_calamine

from surveys.guards import BROKEN_ARCHIVE, check_workbook, opened_regular_file
from surveys.i18n import t, tn
from surveys.problems import Problem, Severity, SuiviError, column_letter, display_name
from surveys.reuse import file_state, remembered
from surveys.text import clean_cell

SPREADSHEET_KINDS = ("xlsx", "xls", "ods")
TEXT_KINDS = ("csv",)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_HEADER_SCAN_ROWS = 30
# From this size on, a file is read column by column (surveys.columnar); below it, importing
# polars would cost more than it saves.
COLUMNAR_MIN_BYTES = 2_000_000
_HEAD_BYTES = 80_000  # read first: the kind is told, a CSV's delimiter sniffed, on these
_HEADER_BLOCK = 3  # rows below the first candidate header where a better-recognised header may be
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*$")
# What clean_cell changes besides surrounding spaces: Excel escapes, CR, VT, NUL, Unicode breaks.
_SPECIAL = re.compile("_x[0-9A-Fa-f]{4}_|[\r\x0b\x00\u2028\u2029]")


class _Cells:
    """``Table.frame``: the frame given to the constructor, or built from the columns on first read."""

    @overload
    def __get__(self, table: None, owner: type | None = None) -> None: ...
    @overload
    def __get__(self, table: Table, owner: type | None = None) -> pd.DataFrame: ...
    def __get__(self, table: Table | None, owner: type | None = None) -> pd.DataFrame | None:
        return None if table is None else table._cells()

    def __set__(self, table: Table, frame: pd.DataFrame | None) -> None:
        if frame is not None:
            table._frame = frame
            table.columns = list(frame.columns)


class RowNumbers(Sequence[int]):
    """Spreadsheet row numbers kept in an integer array and read as Python integers.

    A table of a million rows holds one array, not a million integer objects; indexing gives an
    ``int``, a slice a list.
    """

    def __init__(self, numbers: np.ndarray) -> None:
        self.numbers = np.asarray(numbers, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return self.numbers[index].tolist()
        return int(self.numbers[index])

    def __iter__(self) -> Iterator[int]:
        return iter(self.numbers.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowNumbers):
            return bool(np.array_equal(self.numbers, other.numbers))
        return isinstance(other, Sequence) and len(other) == len(self) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowNumbers({self.numbers.tolist()!r})" if len(self) <= 20 else f"RowNumbers({len(self)} lignes)"

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return self.numbers if dtype is None else self.numbers.astype(dtype, copy=False)


@dataclass
class Table:
    """One sheet (or CSV file) with its header located.

    ``frame`` has one column per header cell (named by the header text, made unique: ``columns``)
    and one row per data row; values are as the file holds them (``str``, ``float``,
    ``datetime``…), blanks as ``""``. ``rows[i]`` is the spreadsheet row number of
    ``frame.iloc[i]``; ``letters[j]`` the column letter of ``frame.columns[j]``. A large file read
    column by column (:mod:`surveys.columnar`) builds ``frame`` only when asked: readers of survey
    answers use :meth:`factorized`, :meth:`values` and :meth:`filled`, which clean and decode a
    column only when it is used.
    """

    file: str
    kind: str
    header_row: int
    rows: RowNumbers
    letters: list[str]
    headers: list[str]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    skipped_blank_rows: list[int] = field(default_factory=list)
    preamble: list[list[Any]] = field(default_factory=list)  # rows above the header (titles, groups)
    blank_headings: list[str] = field(default_factory=list)  # letters of kept columns without a heading
    header_reason: str = ""  # why this row is the header (French, for the import report)
    other_sheets: list[str] = field(default_factory=list)  # sheets of the workbook not read
    written_headers: list[str] = field(default_factory=list)  # headings as the file writes them (HTML entities kept)
    columns: list[str] = field(default_factory=list)  # the frame's column names (headers made unique)
    _codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    _frame: pd.DataFrame | None = field(default=None, repr=False)
    _body: Any = field(default=None, repr=False)  # polars DataFrame of the kept cells, as text
    _filled: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # filled cells of the columns looked at
    _plain: bool = field(default=False, repr=False)  # _body holds no cell clean_cell does more than strip
    _plain_columns: dict[str, bool] = field(default_factory=dict, repr=False)  # the same, of each column looked at
    frame: _Cells = _Cells()  # last: it sets ``_frame`` and ``columns`` when given

    def _cells(self) -> pd.DataFrame:
        """``frame``, built on first use for a table read column by column."""
        if self._frame is None:
            self._frame = pd.DataFrame({c: self.values(c) for c in self.columns}, columns=self.columns, dtype=object)
        return self._frame

    def __len__(self) -> int:
        return len(self.rows)

    def row_numbers(self) -> np.ndarray:
        """``rows`` as an array of 64-bit integers."""
        return self.rows.numbers

    def factorized(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, distinct values) of a column: ``frame[column] == distinct[codes]``.

        Readers of survey answers decode each distinct value once; the reader has already
        computed this while cleaning cells, or does it now for this column only.
        """
        if column not in self._codes:
            if self._body is not None:
                from surveys.columnar import factorize

                self._codes[column] = factorize(self._body[column], self._plain)
                return self._codes[column]
            codes, uniques = pd.factorize(self.frame[column].to_numpy(dtype=object), use_na_sentinel=True)
            distinct = np.empty(len(uniques) + 1, dtype=object)
            distinct[: len(uniques)] = list(uniques)
            distinct[-1] = ""
            codes = np.where(codes < 0, len(uniques), codes)
            self._codes[column] = (codes, distinct)
        return self._codes[column]

    def factorize_all(self, columns: Sequence[str]) -> None:
        """Compute :meth:`factorized` for these columns now; a table read column by column does them side by side."""
        todo = [c for c in dict.fromkeys(columns) if c not in self._codes]
        if self._body is not None and todo:
            from surveys.columnar import factorize_columns

            self._codes.update(zip(todo, factorize_columns(self._body.select(todo), self._plain)))
        for column in todo:
            self.factorized(column)

    def drop_caches(self) -> None:
        """Forget the codes computed for a table read column by column (they are recomputed if asked again)."""
        if self._body is not None:
            self._codes.clear()
            self._filled.clear()

    def values(self, column: str) -> np.ndarray:
        """The cleaned values of one column (object array)."""
        if self._frame is not None:
            return self._frame[column].to_numpy(dtype=object)
        if column not in self._codes:
            from surveys.columnar import texts

            return texts(self._body[column], self.plain(column))
        codes, distinct = self.factorized(column)
        return distinct[codes]

    def raw_texts(self, column: str) -> Any:
        """The polars column of texts as read, when cleaning them is only stripping; else None."""
        return self._body[column] if self._body is not None and self.plain(column) else None

    def plain(self, column: str) -> bool:
        """Whether a column read column by column holds no cell :func:`surveys.text.clean_cell` does more than strip (searched once)."""
        if self._plain:
            return True
        if column not in self._plain_columns:
            from surveys.columnar import plain_column

            self._plain_columns[column] = plain_column(self._body[column])
        return self._plain_columns[column]

    def head(self, column: str, count: int) -> list[Any]:
        """The cleaned values of the first ``count`` rows of a column."""
        if self._body is not None and column not in self._codes:
            return [_clean(v) if v is not None else "" for v in self._body[column].head(count).to_list()]
        return self.values(column)[:count].tolist()

    def filled(self, column: str) -> np.ndarray:
        """Which rows have a value in this column (not blank once cleaned); the same array each time, not to be changed."""
        if column not in self._filled:
            if self._body is not None and column not in self._codes:
                from surveys.columnar import blank_cells

                self._filled[column] = ~blank_cells(self._body[column], self._plain or self._plain_columns.get(column, False))
            else:
                codes, distinct = self.factorized(column)
                self._filled[column] = np.take(~(pd.isna(distinct) | np.array(distinct == "", dtype=bool)), codes)  # (take: quicker than indexing)
        return self._filled[column]

    def heading_repeats(self) -> tuple[np.ndarray, np.ndarray]:
        """Per row: how many cells hold their column's heading (case aside), and how many are filled.

        Columns read column by column and not coded are looked at only on the rows where they could
        make most filled cells repeat their heading: elsewhere neither their headings nor their filled
        cells are counted (such a row repeats no heading either way).
        """
        # Counts in a small integer type (quicker sums), where twice a count and the spare ones below fit.
        counts: type[np.signedinteger[Any]] = np.int16 if len(self.columns) < np.iinfo(np.int16).max // 4 else np.int32
        filled: np.ndarray = np.zeros(len(self), dtype=counts)
        same: np.ndarray = np.zeros(len(self), dtype=counts)
        pending = []
        for column, heading, written in zip(self.columns, self.headers, self.written_headers or self.headers):
            targets = {heading.casefold(), written.casefold()}  # « Nom &amp; prénom » as written, or decoded
            if self._body is not None and column not in self._codes:
                pending.append((column, targets))
                continue
            filled += self.filled(column)
            codes, distinct = self.factorized(column)
            repeats = np.fromiter((isinstance(v, str) and v.casefold() in targets for v in distinct), dtype=bool, count=len(distinct))
            if repeats.any():
                same += np.take(repeats, codes)
        if pending:
            from surveys.columnar import blank_cells, equal_text

            # Each such column adds at most one repeated heading and takes at least as many filled cells
            # (a blank heading may repeat in a blank cell: two then).
            spare = sum(1 if all(targets) else 2 for _, targets in pending)
            rows = np.flatnonzero((same + len(pending) >= 2) & (same * 2 + spare >= filled))
            for column, targets in pending if len(rows) else ():
                cells = self._body[column].gather(rows)
                plain = self._plain or self._plain_columns.get(column, False)  # else these cells only are searched
                filled[rows] += ~blank_cells(cells, plain)
                for target in targets:
                    same[rows] += equal_text(cells, target, plain)
        return same, filled

    def problem(
        self,
        code: str,
        message: str,
        *,
        index: int | None = None,
        column: str | None = None,
        value: Any = None,
        severity: Severity = Severity.ERROR,
        row: int | None = None,
    ) -> Problem:
        """A problem located in this table: ``index`` is a frame row position, ``column`` a header."""
        letter = header = None
        if column is not None:
            position = self.columns.index(column)
            letter, header = self.letters[position], self.headers[position]
        if index is not None:
            row = self.rows[index]
        return Problem(
            file=self.file,
            sheet=self.sheet,
            row=row,
            column=letter,
            header=header,
            value=None if value is None or value == "" else str(value),
            code=code,
            severity=severity,
            message=message,
        )


def detect_kind(data: bytes, stream: BinaryIO | None = None) -> str:
    """The kind of a file from its first bytes: xlsx, xls, ods, csv, or what it really is.

    ``data``: the file's bytes, or only its first ones (at least 4,096, or all) when ``stream``, the
    file open for reading, gives the rest where a kind needs it (a zip's list of parts, an Office
    file's encryption mark).
    """
    head = data[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data) if stream is None else stream).namelist())
        except BROKEN_ARCHIVE:
            return "zip-corrupt"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head == _OLE_MAGIC:
        if stream is not None:
            stream.seek(0)
            data = stream.read()
        return "encrypted" if _ENCRYPTED_MARK in data else "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "csv"
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without BOM has NUL in every other byte; anything else is binary.
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > len(odd) * 0.4 or even.count(0) > len(even) * 0.4:
            return "csv"
        return "binary"
    lowered = sample.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")):
        return "html"
    return "csv"


_KIND_NAMES = {
    "docx": "document Word",
    "pdf": "document PDF",
    "zip": "archive ZIP",
    "html": "page HTML",
    "binary": "fichier binaire",
}


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes: BOM first, then UTF-8, then Windows-1252 (never Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    sample = data[:4096]
    if b"\x00" in sample:
        odd = sample[1::2]
        encoding = "utf-16-le" if odd.count(0) > len(odd) * 0.4 else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise SuiviError(t("read.encoding", file=file), code="encodage", file=file) from exc


def sniff_delimiter(text: str) -> str:
    """The field delimiter of a CSV text among ``;``, ``,``, tab and ``|``."""
    sample = "\n".join(text[:20000].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in (";", ",", "\t", "|")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def find_header_row(rows: Sequence[Sequence[Any]], known: Callable[[str], bool] | None = None) -> int | None:
    """Position of the header among the first rows, or None when every row is blank."""
    choice = header_choice(rows, known)
    return None if choice is None else choice[0]


def header_choice(rows: Sequence[Sequence[Any]], known: Callable[[str], bool] | None = None) -> tuple[int, int] | None:
    """(position of the header, number of recognised headings), or None when every row is blank.

    Candidates are rows at least half as filled as the fullest scanned row and made of text (a
    row holding numbers or dates is data, never a header). The first candidate is the header,
    unless one of the next :data:`_HEADER_BLOCK` rows has more headings that ``known`` (a
    predicate telling whether a cell is an expected heading) recognises: a title block or a
    group row above the real header is skipped that way, while a data row further down can
    never win.
    """
    scanned = rows[:_HEADER_SCAN_ROWS]
    filled = [sum(1 for v in row if _is_filled(v)) for row in scanned]
    if not any(filled):
        return None
    widest = max(filled)
    threshold = max(1, (widest + 1) // 2) if widest > 1 else 1
    candidates = [p for p, count in enumerate(filled) if count >= threshold and count >= min(2, widest)]
    data_rows = [p for p in candidates if _looks_like_data(scanned, p)]
    # Answers never come above the header: a candidate below a row of answers is an answer too.
    texty = [p for p in candidates if _is_text_row(scanned[p]) and (not data_rows or p < data_rows[0])]
    # A header with many blank headings may be less than half filled: it is still the header
    # when the row chosen otherwise repeats its values below it (answers do, headings do not).
    sparse = [p for p, count in enumerate(filled) if count >= max(3, widest // 4) and _is_text_row(scanned[p])
              and not _looks_like_data(scanned, p)]
    if texty and sparse and sparse[0] < texty[0] and _looks_like_data(scanned, texty[0], strict=False):
        texty.insert(0, sparse[0])
    elif not texty and sparse:
        texty = sparse[:1]
    candidates = texty or candidates or [filled.index(widest)]
    first = candidates[0]
    block = [p for p in candidates if p <= first + _HEADER_BLOCK]
    if known is None:
        return first, 0
    scores = {p: sum(1 for v in scanned[p] if isinstance(v, str) and known(v)) for p in block}
    best = max(block, key=lambda p: (scores[p], -p))
    return best, scores[best]


def _looks_like_data(rows: Sequence[Sequence[Any]], position: int, *, strict: bool = True) -> bool:
    """Whether a row's values recur in the same columns of the next rows (answers recur, headings not).

    Rows identical to this one (headings pasted again between answers) do not count. ``strict``
    asks for most cells to recur; otherwise one recurring cell out of four is enough.
    """
    row = rows[position]
    below = [r for r in rows[position + 1 : position + 11] if list(r) != list(row)]
    cells = [(j, v) for j, v in enumerate(row) if _is_filled(v)]
    if len(below) < 2 or not cells:
        return False
    recurring = sum(1 for j, v in cells if any(j < len(r) and r[j] == v for r in below))
    return recurring * 2 > len(cells) if strict else recurring * 4 >= len(cells)


def _is_text_row(row: Sequence[Any]) -> bool:
    """Whether every filled cell of a row is text that is not a number (headings are text)."""
    cells = [v for v in row if _is_filled(v)]
    return all(isinstance(v, str) and not _NUMBER.match(v) for v in cells)


def two_row_header(rows: Sequence[Sequence[Any]], position: int) -> list[Any] | None:
    """Question and sub-question headings combined when the header spans two rows, else None.

    The row below the header is a sub-header when it is text, fills cells left blank in the
    header (merged question cells) and none of its cells repeats in the same column below it
    (answers repeat, sub-questions do not). Each question is carried rightwards over its blank
    cells, and combined as ``Question [Sous-question]``.
    """
    if position + 1 >= len(rows):
        return None
    top, below = rows[position], rows[position + 1]
    width = max(len(top), len(below))
    top = list(top) + [None] * (width - len(top))
    below = list(below) + [None] * (width - len(below))
    filled_below = [j for j, v in enumerate(below) if _is_filled(v)]
    first_top = next((j for j, v in enumerate(top) if _is_filled(v)), width)
    gaps = [j for j in filled_below if not _is_filled(top[j]) and j > first_top]
    alone = [j for j, v in enumerate(top) if _is_filled(v) and not _is_filled(below[j])]  # questions without sub-question
    if len(filled_below) < 2 or not gaps or not alone or not _is_text_row(below):
        return None
    following = rows[position + 2 : position + 12]
    for j in filled_below:
        if any(j < len(row) and row[j] == below[j] for row in following):
            return None
    combined: list[Any] = []
    question: Any = None
    for j in range(width):
        if _is_filled(top[j]):
            question = top[j]
        sub = below[j]
        if question is not None and _is_filled(sub) and sub != question:
            combined.append(f"{question} [{sub}]")
        elif question is not None:
            combined.append(question if _is_filled(top[j]) or _is_filled(sub) else None)
        else:
            combined.append(sub)
    return combined


def _is_filled(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_cell(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def read_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    known_header: Callable[[str], bool] | None = None,
    preferred_sheets: Sequence[str] = (),
    choose_sheet: bool = False,
    as_text: bool = False,
) -> Table:
    """Read a spreadsheet or CSV file into a :class:`Table`, or raise :class:`SuiviError`.

    ``sheet`` names a sheet (an error lists the sheets present); without it the first of
    ``preferred_sheets`` present is used, else (with ``choose_sheet``) the sheet holding answers,
    else the first sheet. ``known_header`` helps to find the header row below titles and notes.
    ``as_text`` allows a large xlsx to be read with every cell as the text it shows (a number
    « 7 », a date « 2026-03-01 09:00:00 »), as a CSV is: survey answers need no more. Within
    :func:`surveys.reuse.reads_reused`, an unchanged file read the same way is read once.
    """
    path = Path(path)
    identity = ("table", str(path), file_state(path), sheet, known_header, tuple(preferred_sheets), choose_sheet, as_text)
    return remembered(identity, partial(_read_table, path, sheet, known_header, preferred_sheets, choose_sheet, as_text))


def _read_table(path: Path, sheet: str | None, known_header: Callable[[str], bool] | None, preferred_sheets: Sequence[str],
                choose_sheet: bool, as_text: bool) -> Table:
    """:func:`read_table` itself, each time."""
    name = display_name(path)
    if name.startswith(("~$", ".~lock.")):
        raise SuiviError(t("read.lock_file", file=name), code="fichier_verrou", file=name)
    others: list[str] = []
    plain = False
    with opened_regular_file(path, name) as stream:
        head = stream.read(_HEAD_BYTES)
        if not head:
            raise SuiviError(t("read.empty_file", file=name), code="fichier_vide", file=name)
        size = os.fstat(stream.fileno()).st_size
        kind = detect_kind(head, stream)
        if kind in SPREADSHEET_KINDS:
            chooser = (known_header or (lambda _: False)) if choose_sheet else None
            columnar = as_text and kind == "xlsx" and size >= COLUMNAR_MIN_BYTES
            rows, sheet_name, others, plain = _spreadsheet_rows(path, name, kind, sheet, preferred_sheets, chooser, columnar)
            raw = pd.DataFrame(rows, dtype=object) if isinstance(rows, list) else rows
            encoding = delimiter = None
        elif kind == "csv":
            raw, encoding, delimiter = _csv_rows(stream, head, size, name)
            sheet_name = None
        elif kind == "encrypted":
            raise SuiviError(t("read.encrypted", file=name), code="fichier_protege", file=name)
        elif kind == "zip-corrupt":
            raise SuiviError(t("read.corrupt", file=name, detail=t("read.bad_archive")), code="fichier_endommage", file=name)
        else:
            raise SuiviError(
                t("read.not_spreadsheet", file=name, kind=_KIND_NAMES.get(kind, kind)),
                code="pas_un_tableur",
                file=name,
            )
    table = _build_table(raw, name, kind, sheet_name, encoding, delimiter, known_header, plain)
    table.other_sheets = others
    return table


def _calamine(path: Path, name: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise SuiviError(t("read.encrypted", file=name), code="fichier_protege", file=name) from exc
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises its own errors, ValueError, and pyo3 PanicException
        raise _corrupt(name, exc) from exc


def _sheet_rows(workbook: python_calamine.CalamineWorkbook, name: str, sheet: str) -> list[list[Any]]:
    try:
        return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # pyo3 PanicException (e.g. a date cell holding -1e308) is a BaseException
        raise _corrupt(name, exc, sheet) from exc


def _corrupt(name: str, exc: BaseException, sheet: str | None = None) -> SuiviError:
    detail = _short(exc) if sheet is None else f"{t('location.sheet', sheet=sheet)} : {_short(exc)}"
    return SuiviError(t("read.corrupt", file=name, detail=detail), code="fichier_endommage", file=name)


def _spreadsheet_rows(
    path: Path, name: str, kind: str, sheet: str | None, preferred: Sequence[str], choose: Callable[[str], bool] | None,
    columnar: bool = False,
) -> tuple[Any, str, list[str], bool]:
    """The rows of the sheet to read, its name, the names of the other sheets, and whether its text is plain.

    With ``choose`` (a heading predicate) and no sheet named, a workbook of several sheets is
    read on the sheet holding answers (see :func:`choose_sheet`). With ``columnar``, the sheet
    (once chosen) is read as text by fastexcel into a polars frame, if fastexcel can read it;
    it is plain when no part of the workbook holds what :func:`surveys.columnar.plain_column` looks
    for (then calamine's workbook is not opened at all).
    """
    from surveys.columnar import ODD_IN_XML, open_reader, read_sheet

    odd = check_workbook(path, name, kind, ODD_IN_XML if columnar else None)
    reader: Any = open_reader(path) if columnar else None
    workbook = _calamine(path, name) if reader is None else None
    names: list[str] = list(reader.sheet_names if workbook is None else workbook.sheet_names)
    if not names:
        raise SuiviError(t("read.no_sheet", file=name), code="feuille_absente", file=name)
    if sheet is not None and sheet not in names:
        listed = ", ".join(f"« {s} »" for s in names)
        raise SuiviError(t("read.unknown_sheet", file=name, sheet=sheet, sheets=listed), code="feuille_absente", file=name)
    if sheet is None:
        sheet = next((s for s in preferred if s in names), None)
    if sheet is None and choose is not None and len(names) > 1:
        workbook = workbook or _calamine(path, name)
        contents = {s: _sheet_rows(workbook, name, s) for s in names}
        sheet = choose_sheet(contents, choose, name)
        return contents[sheet], sheet, [s for s in names if s != sheet], False
    sheet = sheet or names[0]
    others = [s for s in names if s != sheet]
    if reader is not None:
        try:
            return read_sheet(reader, sheet), sheet, others, not odd
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # calamine reads it below, and says what is wrong, located
            pass
    return _sheet_rows(workbook or _calamine(path, name), name, sheet), sheet, others, False


def choose_sheet(contents: dict[str, list[list[Any]]], known: Callable[[str], bool], name: str) -> str:
    """The sheet holding answers: the most recognised headings, else the only one with data rows.

    When no sheet stands out, :class:`SuiviError` names every sheet and asks for ``feuille:``.
    """
    scores = {}
    for sheet, rows in contents.items():
        head = [[None if _is_missing(v) else v for v in row] for row in rows[:_HEADER_SCAN_ROWS]]
        position = find_header_row(head, known)
        if position is None:
            scores[sheet] = (0, 0)
            continue
        recognised = sum(1 for v in head[position] if isinstance(v, str) and known(v))
        body = sum(1 for row in rows[position + 1 :] if any(_is_filled(v) for v in row))
        scores[sheet] = (recognised, body)
    best_known = max(score[0] for score in scores.values())
    leaders = [s for s, score in scores.items() if score[0] == best_known] if best_known else [s for s, score in scores.items() if score[1] >= 2]
    if len(leaders) == 1:
        return leaders[0]
    listed = ", ".join(f"« {s} »" for s in contents)
    raise SuiviError(t("read.ambiguous_sheet", file=name, sheets=listed), code="feuille_ambigue", file=name)


def _csv_rows(stream: io.BufferedReader, head: bytes, size: int, name: str) -> tuple[Any, str, str]:
    """A CSV file's rows, its encoding and delimiter: ``head`` holds its first bytes, ``stream`` (open) the whole."""
    columns = _csv_columns(stream, head, size) if size >= COLUMNAR_MIN_BYTES else None
    if columns is not None:
        return columns
    stream.seek(0)
    data = stream.read()
    text, encoding = decode_text(data, name)
    if "\x00" in text:
        raise SuiviError(t("read.binary_text", file=name), code="octets_nuls", file=name)
    delimiter = sniff_delimiter(text)
    # The C parser reads bytes faster than a Python text stream; UTF-16 goes through the text.
    source: io.IOBase = io.BytesIO(data) if encoding in ("utf-8", "utf-8-sig", "cp1252") else io.StringIO(text)
    try:
        frame = pd.read_csv(
            source,
            sep=delimiter,
            encoding=encoding if isinstance(source, io.BytesIO) else None,
            encoding_errors="replace",
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quotechar='"',
        )
    except pd.errors.ParserError:
        # Ragged rows: the python csv module accepts them; short rows are padded.
        try:
            records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as exc:
            raise SuiviError(t("read.corrupt", file=name, detail=_short(exc)), code="fichier_endommage", file=name) from exc
        width = max((len(r) for r in records), default=0)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)
    except pd.errors.EmptyDataError as exc:
        raise SuiviError(t("read.empty_file", file=name), code="fichier_vide", file=name) from exc
    return frame, encoding, delimiter


def _csv_columns(stream: io.BufferedReader, head: bytes, size: int) -> tuple[Any, str, str] | None:
    """A UTF-8 CSV read column by column with polars, or None for the general reader.

    UTF-16, Windows-1252, NUL bytes, old Mac line breaks and anything polars refuses (ragged
    rows, stray quotes) go through :func:`_csv_rows`' general path, which says what is wrong.
    polars reads the open file while a second thread looks through it for NUL bytes and lone
    carriage returns: the file's bytes are never held in Python.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    start = 3 if head.startswith(b"\xef\xbb\xbf" * 2) else 0  # polars drops a leading BOM itself, not a second one
    # 80,000 bytes hold at least the 20,000 characters the delimiter is sniffed on.
    delimiter = sniff_delimiter(head[:80_000].decode("utf-8-sig", errors="ignore"))
    from surveys.columnar import POSITIONED_READS, read_csv, readable_by_polars

    with ThreadPoolExecutor(1) as pool:
        readable = pool.submit(readable_by_polars, stream, size) if POSITIONED_READS else None
        if readable is None and not readable_by_polars(stream, size):
            return None
        frame = None
        # Valid UTF-8 is read strictly (faster); a file with a BOM is then read replacing bad bytes, as decode_text does.
        for lossy in (False, True) if encoding == "utf-8-sig" else (False,):
            stream.seek(start)
            try:
                frame = read_csv(stream, delimiter, lossy=lossy)
                break
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # polars' errors (and a pyo3 panic) on a file the general reader copes with
                continue
        if frame is None or (readable is not None and not readable.result()):
            return None
    return frame, encoding, delimiter


def _head(raw: pd.DataFrame, count: int) -> list[list[Any]]:
    """The first rows as lists, missing cells as None."""
    head = raw.iloc[:count].to_numpy(dtype=object)
    return [[None if _is_missing(v) else v for v in row] for row in head.tolist()]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _build_table(
    raw: Any,
    name: str,
    kind: str,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    known_header: Callable[[str], bool] | None,
    plain: bool = False,
) -> Table:
    """The table of ``raw``: a pandas frame of cell values, or a polars frame of texts (column by column)."""
    columnar = not isinstance(raw, pd.DataFrame)
    if columnar:
        from surveys.columnar import head as columnar_head

        head = columnar_head(raw, _HEADER_SCAN_ROWS, "")
    else:
        head = _head(raw, _HEADER_SCAN_ROWS)
    choice = header_choice(head, known_header)
    if choice is None:
        sheet_part = t("read.sheet_part", sheet=sheet) if sheet else ""
        raise SuiviError(t("read.no_header", file=name, sheet_part=sheet_part), code="entete_absent", file=name)
    header_pos, recognised = choice
    combined = two_row_header(head, header_pos - 1) if header_pos and _is_text_row(head[header_pos - 1]) else None
    if combined is not None:
        header_pos -= 1  # the recognised sub-questions sit below their questions
    else:
        combined = two_row_header(head, header_pos)
    written = [_clean(v) for v in (combined or head[header_pos])]
    header_cells = [_heading_text(v) for v in written]
    header_cells += [None] * (raw.shape[1] - len(header_cells))
    written += [None] * (raw.shape[1] - len(written))
    data_start = header_pos + (2 if combined else 1)
    body = raw[data_start:] if columnar else raw.iloc[data_start:]
    count = len(body)
    blank_rows = np.ones(count, dtype=bool)
    keep: list[int] = []
    factorized: list[tuple[np.ndarray, np.ndarray]] = []
    for j in range(raw.shape[1]):
        if columnar:
            from surveys.columnar import blank_cells

            # Blank cells are found per column later, when a column is used (Table.filled).
            if not _is_filled(header_cells[j]) and blank_cells(body[body.columns[j]], plain).all():
                continue  # neither heading nor data: nothing to account for
            keep.append(j)
            continue
        codes, distinct, blank_values = _clean_column(body.iloc[:, j])
        blank = blank_values[codes]
        if not _is_filled(header_cells[j]) and blank.all():
            continue  # neither heading nor data: nothing to account for
        keep.append(j)
        factorized.append((codes, distinct))
        blank_rows &= blank
    if columnar:
        from surveys.columnar import blank_rows as columnar_blank_rows

        blank_rows = columnar_blank_rows(body.select([body.columns[j] for j in keep]), plain)
    letters = [column_letter(j) for j in keep]
    unnamed = [column_letter(j) for j in keep if not _is_filled(header_cells[j])]
    headers = [str(header_cells[j]) if _is_filled(header_cells[j]) else t("read.blank_heading", letter=column_letter(j)) for j in keep]
    filled = ~blank_rows
    numbers_all = np.arange(data_start + 1, data_start + 1 + count)
    numbers = RowNumbers(numbers_all if not blank_rows.any() else numbers_all[filled])
    blanks = numbers_all[blank_rows].tolist()
    # Trailing blank lines are not worth reporting; inner ones are.
    last = numbers[-1] if len(numbers) else 0
    blanks = [n for n in blanks if n < last]
    columns = _unique(headers)
    table = Table(
        file=name,
        kind=kind,
        columns=columns,
        header_row=data_start,
        rows=numbers,
        letters=letters,
        headers=headers,
        written_headers=[str(written[j]) if _is_filled(written[j]) else headers[i] for i, j in enumerate(keep)],
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        skipped_blank_rows=blanks,
        preamble=[[_clean(v) for v in row] for row in head[:header_pos]],
        blank_headings=unnamed,
        header_reason=_header_reason(header_pos, recognised, combined is not None),
    )
    if columnar:
        import polars as pl

        kept = body.select([body.columns[j] for j in keep]).filter(pl.Series(filled))
        table._body = kept.rename(dict(zip(kept.columns, columns)))
        table._plain = plain
    else:
        kept_codes = [codes[filled] for codes, _ in factorized]
        table._codes = {c: (codes, distinct) for c, codes, (_, distinct) in zip(columns, kept_codes, factorized)}
        table._frame = pd.DataFrame({c: distinct[codes] for c, (codes, distinct) in table._codes.items()}, columns=columns, dtype=object)
    return table


def _heading_text(value: Any) -> Any:
    """A heading cell cleaned, HTML entities (« Nom &amp; prénom ») decoded."""
    value = _clean(value)
    if isinstance(value, str) and "&" in value and ";" in value:
        value = html.unescape(value).strip()
    return value


def _header_reason(position: int, recognised: int, two_rows: bool) -> str:
    """Why this row is the header, in French, for the import report."""
    if two_rows:
        reason = t("read.header.two_rows", row=position + 1, next=position + 2)
    elif recognised:
        reason = t("read.header.known", row=position + 1, count=recognised)
    else:
        reason = t("read.header.first_text", row=position + 1)
    return reason + (tn("read.header.above", position, count=position) if position else "")


def _clean_column(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, cleaned distinct values, blank flag of each distinct value) of one column.

    Survey answers repeat a handful of labels, so cleaning the distinct values (``factorize``)
    costs one hash pass per column instead of a Python call per cell. A missing cell gets the
    last code, whose value is "".
    """
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = np.empty(len(uniques) + 1, dtype=object)
    if len(uniques) > 64 and pd.api.types.infer_dtype(uniques, skipna=False) == "string" and not _SPECIAL.search("\x1f".join(uniques)):
        # Plain text (the usual CSV case): stripping is all the cleaning needed.
        distinct[: len(uniques)] = [v.strip() for v in uniques]
        distinct[-1] = ""
        blank = np.fromiter((not v for v in distinct), dtype=bool, count=len(distinct))
    else:
        distinct[: len(uniques)] = [_clean(v) for v in uniques]
        distinct[-1] = ""
        blank = np.fromiter((not _is_filled(v) for v in distinct), dtype=bool, count=len(distinct))
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, distinct, blank


def _unique(headers: list[str]) -> list[str]:
    """Header texts made unique the way pandas does (``Q``, ``Q.1``…)."""
    seen: dict[str, int] = {}
    result = []
    for h in headers:
        if h in seen:
            seen[h] += 1
            result.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            result.append(h)
    return result


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
