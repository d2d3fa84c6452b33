"""Read any spreadsheet people hand in as a located table of raw cell values.

The file kind is detected from its bytes, not its extension (xlsx, xls, ods, CSV/TSV in UTF-8 with
or without BOM, Windows-1252 or UTF-16). Excel files are read with python-calamine; CSV with the
pandas C engine. The header row is found even below a title and blank lines, and every data row
keeps the row number the spreadsheet program shows, so problems can name their cell.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine

from surveys.i18n import t
from surveys.problems import Problem, Severity, SuiviError, column_letter, display_name
from surveys.text import clean_cell

SPREADSHEET_KINDS = ("xlsx", "xls", "ods")
TEXT_KINDS = ("csv",)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_HEADER_SCAN_ROWS = 30
# What clean_cell changes besides surrounding spaces: Excel escapes, CR, VT, NUL, Unicode breaks.
_SPECIAL = re.compile("_x[0-9A-Fa-f]{4}_|[\r\x0b\x00\u2028\u2029]")


@dataclass
class Table:
    """One sheet (or CSV file) with its header located.

    ``frame`` has one column per header cell (named by the header text, made unique) and one row
    per data row; values are as the file holds them (``str``, ``float``, ``datetime``…), blanks as
    ``""``. ``rows[i]`` is the spreadsheet row number of ``frame.iloc[i]``; ``letters[j]`` the
    column letter of ``frame.columns[j]``.
    """

    file: str
    kind: str
    frame: pd.DataFrame
    header_row: int
    rows: list[int]
    letters: list[str]
    headers: list[str]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    skipped_blank_rows: list[int] = field(default_factory=list)
    preamble: list[list[Any]] = field(default_factory=list)  # rows above the header (titles, groups)
    _codes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def factorized(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, distinct values) of a column: ``frame[column] == distinct[codes]``.

        Readers of survey answers decode each distinct value once; the reader has already
        computed this while cleaning cells, so it costs nothing here.
        """
        if column not in self._codes:
            codes, uniques = pd.factorize(self.frame[column].to_numpy(dtype=object), use_na_sentinel=True)
            distinct = np.empty(len(uniques) + 1, dtype=object)
            distinct[: len(uniques)] = list(uniques)
            distinct[-1] = ""
            codes = np.where(codes < 0, len(uniques), codes)
            self._codes[column] = (codes, distinct)
        return self._codes[column]

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
            position = list(self.frame.columns).index(column)
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


def detect_kind(data: bytes) -> str:
    """The kind of a file from its first bytes: xlsx, xls, ods, csv, or what it really is."""
    head = data[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip-corrupt"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head == _OLE_MAGIC:
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
    """Position of the header among the first rows, or None when every row is blank.

    With ``known`` (a predicate telling whether a cell is an expected heading), the first row with
    the most known headings wins. Otherwise the header is the first row at least half as filled as
    the fullest of the scanned rows: a title line or a blank line above it is skipped.
    """
    scanned = rows[:_HEADER_SCAN_ROWS]
    filled = [sum(1 for v in row if _is_filled(v)) for row in scanned]
    if not any(filled):
        return None
    if known is not None:
        scores = [sum(1 for v in row if isinstance(v, str) and known(v)) for row in scanned]
        if max(scores) > 0:
            return scores.index(max(scores))
    widest = max(filled)
    threshold = max(1, (widest + 1) // 2) if widest > 1 else 1
    for position, count in enumerate(filled):
        if count >= threshold and count >= min(2, widest):
            return position
    return filled.index(widest)


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
) -> Table:
    """Read a spreadsheet or CSV file into a :class:`Table`, or raise :class:`SuiviError`.

    ``sheet`` names a sheet (an error lists the sheets present); without it the first of
    ``preferred_sheets`` present is used, else the first sheet. ``known_header`` helps to find the
    header row below titles and notes.
    """
    path = Path(path)
    name = display_name(path)
    data = _read_bytes(path, name)
    kind = detect_kind(data)
    if kind in SPREADSHEET_KINDS:
        rows, sheet_name = _spreadsheet_rows(path, name, sheet, preferred_sheets)
        raw = pd.DataFrame(rows, dtype=object)
        encoding = delimiter = None
    elif kind == "csv":
        raw, encoding, delimiter = _csv_rows(data, name)
        sheet_name = None
    elif kind == "encrypted":
        raise SuiviError(t("read.encrypted", file=name), code="fichier_protege", file=name)
    elif kind == "zip-corrupt":
        raise SuiviError(t("read.corrupt", file=name, detail="archive illisible"), code="fichier_endommage", file=name)
    else:
        raise SuiviError(
            t("read.not_spreadsheet", file=name, kind=_KIND_NAMES.get(kind, kind)),
            code="pas_un_tableur",
            file=name,
        )
    return _build_table(raw, name, kind, sheet_name, encoding, delimiter, known_header)


def _read_bytes(path: Path, name: str) -> bytes:
    if name.startswith(("~$", ".~lock.")):
        raise SuiviError(t("read.lock_file", file=name), code="fichier_verrou", file=name)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SuiviError(t("read.missing_file", file=name), code="fichier_absent", file=name) from exc
    except IsADirectoryError as exc:
        raise SuiviError(t("read.is_directory", file=name), code="fichier_absent", file=name) from exc
    except PermissionError as exc:
        raise SuiviError(t("read.permission", file=name), code="fichier_verrouille", file=name) from exc
    if not data:
        raise SuiviError(t("read.empty_file", file=name), code="fichier_vide", file=name)
    return data


def _spreadsheet_rows(
    path: Path, name: str, sheet: str | None, preferred: Sequence[str]
) -> tuple[list[list[Any]], str]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise SuiviError(t("read.encrypted", file=name), code="fichier_protege", file=name) from exc
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError) as exc:
        raise SuiviError(t("read.corrupt", file=name, detail=_short(exc)), code="fichier_endommage", file=name) from exc
    names = list(workbook.sheet_names)
    if not names:
        raise SuiviError(t("read.no_sheet", file=name), code="feuille_absente", file=name)
    if sheet is None:
        sheet = next((s for s in preferred if s in names), names[0])
    elif sheet not in names:
        listed = ", ".join(f"« {s} »" for s in names)
        raise SuiviError(t("read.unknown_sheet", file=name, sheet=sheet, sheets=listed), code="feuille_absente", file=name)
    try:
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError) as exc:
        raise SuiviError(t("read.corrupt", file=name, detail=_short(exc)), code="fichier_endommage", file=name) from exc
    return rows, sheet


def _csv_rows(data: bytes, name: str) -> tuple[pd.DataFrame, str, str]:
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


def _head(raw: pd.DataFrame, count: int) -> list[list[Any]]:
    """The first rows as lists, missing cells as None."""
    head = raw.iloc[:count].to_numpy(dtype=object)
    return [[None if _is_missing(v) else v for v in row] for row in head.tolist()]


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _build_table(
    raw: pd.DataFrame,
    name: str,
    kind: str,
    sheet: str | None,
    encoding: str | None,
    delimiter: str | None,
    known_header: Callable[[str], bool] | None,
) -> Table:
    head = _head(raw, _HEADER_SCAN_ROWS)
    header_pos = find_header_row(head, known_header)
    if header_pos is None:
        sheet_part = t("read.sheet_part", sheet=sheet) if sheet else ""
        raise SuiviError(t("read.no_header", file=name, sheet_part=sheet_part), code="entete_absent", file=name)
    header_cells = [_clean(v) for v in head[header_pos]]
    keep = [j for j, v in enumerate(header_cells) if _is_filled(v)]
    headers = [str(header_cells[j]) for j in keep]
    letters = [column_letter(j) for j in keep]
    body = raw.iloc[header_pos + 1 :]
    count = len(body)
    blank_rows = np.ones(count, dtype=bool)
    factorized: list[tuple[np.ndarray, np.ndarray]] = []
    for j in keep:
        codes, distinct, blank = _clean_column(body.iloc[:, j])
        factorized.append((codes, distinct))
        blank_rows &= blank[codes]
    filled = ~blank_rows
    numbers_all = np.arange(header_pos + 2, header_pos + 2 + count)
    numbers = numbers_all[filled].tolist()
    blanks = numbers_all[blank_rows].tolist()
    # Trailing blank lines are not worth reporting; inner ones are.
    last = numbers[-1] if numbers else 0
    blanks = [n for n in blanks if n < last]
    columns = _unique(headers)
    kept_codes = [codes[filled] for codes, _ in factorized]
    frame = pd.DataFrame(
        {c: distinct[codes] for c, codes, (_, distinct) in zip(columns, kept_codes, factorized)}, columns=columns, dtype=object
    )
    preamble = [[_clean(v) for v in row] for row in head[:header_pos]]
    cache = {c: (codes, distinct) for c, codes, (_, distinct) in zip(columns, kept_codes, factorized)}
    return Table(
        file=name,
        kind=kind,
        frame=frame,
        header_row=header_pos + 1,
        rows=numbers,
        letters=letters,
        headers=headers,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        skipped_blank_rows=blanks,
        preamble=preamble,
        _codes=cache,
    )


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


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
