"""How far calamine will place the cells of an xlsx worksheet, found from its XML before calamine reads it.

calamine places a cell at its ``r`` reference (letters then digits, read as written), or, without
one, just after the previous cell of its row; a row's cells without reference go on the row's ``r``
number, or just below the previous row. It then allocates the whole rectangle up to the farthest
cell: one far cell is tens of gigabytes. :func:`sheet_extent` bounds that rectangle while the
part is unpacked, in chunks cut before a ``<`` (a tag is never split).

Two scans give the same bound:
- :func:`_exact` reads a chunk tag by tag with regular expressions: any namespace prefix
  (``<x:c``), spacing and quotes, the reference after other attributes or after a ``>`` inside a
  quoted value, cells and rows without reference. An odd or repeated reference, or a tag left
  open, is refused.
- :func:`_unusual` (polars, in Rust, a batch of chunks at once) only tells whether a chunk holds
  a cell or row tag written otherwise than ``<c r="B7"`` (then no other ``r`` before the tag
  ends) or ``<row r="7"``, or a cell beyond a known extent. A chunk where nothing is unusual
  cannot widen the extent beyond its row numbers: only the others are read by :func:`_exact`.

Parts under :data:`SEARCHED_FROM` bytes are read by :func:`_exact` alone. Unpacking (zlib,
outside the interpreter lock) runs in a thread while the previous batch is searched. polars is
imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from surveys.i18n import t
from surveys.problems import SuiviError

if TYPE_CHECKING:
    import polars as pl

CHUNK = 1 << 20  # bytes of XML unpacked at a time
BATCH = 8  # chunks searched together by polars
LONGEST_GAP = 1 << 24  # no real sheet goes 16 Mo without a « < »
# A smaller part is read tag by tag: polars's threads are not started for a register or an interview
# grid (a process that has started them cannot safely fork, as the portfolio and the report do).
SEARCHED_FROM = 1 << 21

# Exact scan (bytes). A tag ends at the first « > » outside quotes; a namespace prefix is what comes
# before the first colon (looked for only in a chunk holding « :c » or « :row »).
_ATTRIBUTE = rb"""(?:[^<>"']|"[^"<]*"|'[^'<]*')"""
_R = rb"""(?<=[\s"'])r\s*=\s*"""
_VALUE = rb"""(?:"([^"<]*)"|'([^'<]*)')"""
_LAST_VALUE = rb"""(?:"([^"<]*)"|'([^'<]*)')"""


@dataclass(frozen=True)
class _Tags:
    """The exact-scan searches, for tags written without (``<c``) or with (``<x:c``) a prefix."""

    cell: re.Pattern[bytes]  # any cell tag
    row: re.Pattern[bytes]
    cell_reference: re.Pattern[bytes]  # a whole cell tag with its first and last r (calamine takes the last)
    row_reference: re.Pattern[bytes]  # a whole row tag with its first (the one calamine takes) and last r
    bare_cell: re.Pattern[bytes]
    open_tag: re.Pattern[bytes]  # a cell or row tag that does not end (« < » or an unclosed quote inside)


def _tags(prefix: bytes) -> _Tags:
    cell, row = rb"<" + prefix + rb"c(?=[\s/>])", rb"<" + prefix + rb"row(?=[\s/>])"
    references = _ATTRIBUTE + rb"*?" + _R + _VALUE + rb"(?:" + _ATTRIBUTE + rb"*" + _R + _LAST_VALUE + rb")?" + _ATTRIBUTE + rb"*+[/>]"
    return _Tags(
        cell=re.compile(cell), row=re.compile(row),
        cell_reference=re.compile(cell + references), row_reference=re.compile(row + references),
        bare_cell=re.compile(cell + rb"(?!" + _ATTRIBUTE + rb"*?" + _R + rb"""["'])"""),
        open_tag=re.compile(rb"<" + prefix + rb"(?:c|row)(?=[\s/>])" + _ATTRIBUTE + rb"*+(?![/>])"),
    )


_PLAIN_TAGS, _PREFIXED_TAGS = _tags(b""), _tags(rb"(?:[^\s<>/:]+:)?")
_ODD_CELL = re.compile(rb"^(?![A-Z]{1,3}[0-9]{1,7}$).*", re.M)
_ODD_ROW = re.compile(rb"^(?![0-9]{1,7}$).*", re.M)
_COLUMN = re.compile(rb"^([A-Z]{1,3})[0-9]", re.M)
_ROW_OF_CELL = re.compile(rb"([0-9]{1,7})$", re.M)
# The references as Excel, LibreOffice and openpyxl write them: a first guess of a chunk's extent.
_FIRST_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_FIRST_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_FIRST_ROW = re.compile(rb'<row r="([0-9]{1,7})"')

# Unusual-tag search (Rust regular expressions on the decoded text: no look-around, so « not as
# usual » is spelt out). A tag whose name goes on after « c » or « row » (« <col ») is another element.
_SPACE = r"[\t\n\x0b\x0c\r ]"
_NAME_GOES_ON = r"A-Za-z0-9._\-"
_OTHER_R = rf"""[\t\n\x0b\x0c\r "']r{_SPACE}*="""
# After a reference's closing quote, up to the tag's end: another r, a single quote, a « < », no end,
# an odd number of double quotes before the first « > » (that « > » is inside a value), or « r= » glued on.
_BAD_TAIL = rf"""(?:r{_SPACE}*=|[^>]*?(?:{_OTHER_R}|'|<)|[^>]*$|[^>"]*(?:"[^>"]*"[^>"]*)*"[^>"]*>)"""
_ROW_NUMBER = r'<row r="[0-9]{1,7}"'
_UNUSUAL_ROW = rf'<row(?:[^{_NAME_GOES_ON} ]|$| (?:[^r]|$|r[^=]|r$|r=[^"]|r=$|r="(?:[^0-9]|$|[0-9]{{8}}|[0-9]{{1,7}}(?:[^0-9"]|$)|[0-9]{{1,7}}"{_BAD_TAIL})))'
_PREFIXED = rf":(?:c|row)(?:[^{_NAME_GOES_ON}]|$)"


# A regular expression valid in Python and Rust, and a quicker one that every match of the first also matches.
Markers = tuple[str, str]


@dataclass
class Extent:
    """The farthest row and column any cell of the part can reach, and what cells without reference add."""

    rows: int = 0
    columns: int = 0
    bare_rows: int = 0  # rows without reference
    widest_bare: int = 0  # most cells without reference in one row
    open_row_bare: int = 0  # cells without reference in the row still open at the end of the last exact scan

    @property
    def bound(self) -> tuple[int, int]:
        return self.rows + self.bare_rows, self.columns + self.widest_bare


def sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int, markers: Markers | None = None) -> tuple[int, int, bool]:
    """(rows, columns) that calamine's rectangle for this worksheet part cannot exceed, and whether ``markers`` matched.

    Stops with a :class:`SuiviError` as soon as rows × columns exceeds ``limit`` (``feuille_trop_grande``),
    or at an odd reference (``fichier_endommage``).
    """
    extent, found = Extent(), False
    searched = markers is not None or info.file_size >= SEARCHED_FROM
    with archive.open(info) as stream:
        if _wide(stream.read(4)):
            raise SuiviError(t("read.sheet_wide_encoding", file=name), code="encodage", file=name)
    with archive.open(info) as stream, closing(_batches(stream, name)) as batches:
        for batch in batches:
            if searched:
                text = _text(batch)
                _scan_batch(batch, text, extent, name)
                found = found or (markers is not None and _matches(text, markers))
            else:
                for chunk in batch:
                    _exact(chunk, extent, name)
            rows, columns = extent.bound
            if rows * columns > limit:
                raise too_large(name, rows * columns, limit)
    return (*extent.bound, found)


def _wide(head: bytes) -> bool:
    """Whether a worksheet part is written in UTF-16 or UTF-32 (a byte-order mark, or zero bytes in
    its first characters): calamine reads such a sheet as empty, and its references escape the scan."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head


def part_matches(data: bytes, markers: Markers) -> bool:
    """Whether a part's XML matches ``markers``."""
    return _matches(_text([data]), markers)


def _matches(text: pl.Series, markers: Markers) -> bool:
    search, quicker = markers
    candidates = text.filter(text.str.contains(quicker))
    return bool(candidates.str.contains(search).any())


def too_large(name: str, cells: int, limit: int) -> SuiviError:
    return SuiviError(t("read.sheet_too_large", file=name, cells=f"{cells:,}".replace(",", "\u202f"), limit=f"{limit:,}".replace(",", "\u202f")),
                      code="feuille_trop_grande", file=name)


def _scan_batch(batch: list[bytes], text: pl.Series, extent: Extent, name: str) -> None:
    """Widen ``extent`` by a batch of chunks (``text``: the same decoded): an unusual chunk is guessed and checked again, else read exactly."""
    extent.rows = max(extent.rows, _row_numbers(text))
    pending = list(range(len(batch)))
    while pending:
        if extent.columns:
            flags = _unusual(text[pending], extent.columns, extent.rows)
            pending = [i for i, unusual in zip(pending, flags) if unusual]
            if not pending:
                return
        first, pending = pending[0], pending[1:]
        rows, columns = _guess(batch[first])
        rows, columns = max(rows, extent.rows), max(columns, extent.columns)
        if columns and not _unusual(text[[first]], columns, rows)[0]:
            extent.rows, extent.columns = rows, columns
        else:
            _exact(batch[first], extent, name)


def _batches(stream: IO[bytes], name: str) -> Generator[list[bytes], None, None]:
    """Batches of chunks cut before a « < », the next batch unpacked in a thread while this one is searched."""
    from concurrent.futures import ThreadPoolExecutor

    chunks = _Chunks(stream, name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        upcoming = pool.submit(chunks.read_batch)
        while True:
            batch = upcoming.result()
            if chunks.ended:
                yield batch
                return
            upcoming = pool.submit(chunks.read_batch)
            yield batch


class _Chunks:
    """A part's XML read :data:`CHUNK` bytes at a time, each chunk ending before its last « < »."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream, self.name = stream, name
        self.tail = b""
        self.ended = False

    def read_batch(self) -> list[bytes]:
        batch: list[bytes] = []
        while len(batch) < BATCH and not self.ended:
            chunk = self.stream.read(CHUNK)
            data = self.tail + chunk
            cut = max(data.rfind(b"<"), 0) if chunk else len(data)
            batch.append(data[:cut])
            self.tail = data[cut:]
            self.ended = not chunk
            if len(self.tail) > LONGEST_GAP:
                raise corrupt(self.name)
        return batch


def corrupt(name: str, reference: bytes | None = None) -> SuiviError:
    detail = t("read.bad_archive") if reference is None else t("read.bad_cell_reference", ref=reference[:20].decode("ascii", "replace"))
    return SuiviError(t("read.corrupt", file=name, detail=detail), code="fichier_endommage", file=name)


def _row_numbers(text: pl.Series) -> int:
    """The largest row number written ``<row r="7"`` in a batch (rows written otherwise are for :func:`_exact`)."""
    import polars as pl

    found = text.str.extract_all(_ROW_NUMBER).explode().drop_nulls()
    if found.is_empty():
        return 0
    return int(found.str.slice(8).str.strip_chars_end('"').cast(pl.Int64).max())  # type: ignore[arg-type]


def _unusual(text: pl.Series, columns: int, rows: int) -> list[bool]:
    """For each chunk, whether a cell or row tag is written otherwise than usual, or a cell lies beyond (rows, columns)."""
    import polars as pl

    cell = _unusual_cell(columns, rows)
    found = pl.DataFrame({"x": text}).select(
        [pl.col("x").str.contains(pattern).alias(str(i)) for i, pattern in enumerate((cell, _UNUSUAL_ROW, _PREFIXED))]
    )
    return [any(row) for row in found.rows()]


def _text(batch: list[bytes]) -> pl.Series:
    """The chunks as text; invalid UTF-8 becomes U+FFFD byte by byte, so the ASCII of tags is kept as it is."""
    import polars as pl

    try:
        return pl.Series("x", batch, dtype=pl.Binary).cast(pl.String)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError):  # not UTF-8
        return pl.Series("x", [chunk.decode("utf-8", "replace") for chunk in batch], dtype=pl.String)


def _unusual_cell(columns: int, rows: int) -> str:
    """A search for a ``<c`` tag that is not ``<c r="…"`` with a reference within (rows, columns), nor ends as usual."""
    letters, digits = _letters(columns), str(rows)
    k, m = len(letters), len(digits)
    beyond = [
        "[^A-Z]", f"[A-Z]{{1,{k}}}[^A-Z0-9]", f"[A-Z]{{{k + 1}}}", *_greater(letters, "A", "Z"),
        f"[A-Z]{{1,{k}}}[0-9]{{{m + 1}}}", *(f"[A-Z]{{1,{k}}}{g}" for g in _greater(digits, "0", "9")),
        f'[A-Z]{{1,{k}}}[0-9]{{1,{m}}}[^0-9"]', "[A-Z0-9]*$",
    ]
    usual = f"[A-Z]{{1,{k}}}[0-9]{{1,{m}}}\""
    return rf'<c(?:[^{_NAME_GOES_ON} ]|$| (?:[^r]|$|r[^=]|r$|r=[^"]|r=$|r="(?:{"|".join(beyond)}|{usual}{_BAD_TAIL})))'


def _greater(bound: str, first: str, last: str) -> list[str]:
    """Patterns for the strings as long as ``bound`` and greater than it, over the range ``first``–``last``."""
    parts = []
    for i, symbol in enumerate(bound):
        if symbol < last:
            rest = len(bound) - i - 1
            parts.append(bound[:i] + f"[{chr(ord(symbol) + 1)}-{last}]" + (f"[{first}-{last}]{{{rest}}}" if rest else ""))
    return parts


def _guess(chunk: bytes) -> tuple[int, int]:
    """(rows, columns) named by the usual references of a chunk (to be checked by :func:`_unusual`)."""
    rows = {int(r) for r in set(_FIRST_ROW.findall(chunk)) | set(_FIRST_CELL_ROW.findall(chunk))}
    return max(rows, default=0), max((_column_number(c) for c in set(_FIRST_CELL_COLUMN.findall(chunk))), default=0)


def _exact(chunk: bytes, extent: Extent, name: str) -> None:
    """Widen ``extent`` by every cell and row tag of a chunk, however written; refuse what calamine would misplace.

    Every r value of a tag counts (calamine takes a cell's last and a row's first). A tag matched
    without a reference is a cell or row without one, or a tag that does not end: the latter is refused.
    """
    tags = _PREFIXED_TAGS if b":c" in chunk or b":row" in chunk else _PLAIN_TAGS
    cells, rows = tags.cell_reference.findall(chunk), tags.row_reference.findall(chunk)
    cell_values, row_values = _values(cells), _values(rows)
    for values, odd in ((cell_values, _ODD_CELL), (row_values, _ODD_ROW)):
        found = odd.search(values) if values else None
        if found:
            raise corrupt(name, found.group(0))
    extent.rows = max(extent.rows, *(int(r) for r in set(_ROW_OF_CELL.findall(cell_values))), *(int(r) for r in set(row_values.split())), 0)
    extent.columns = max(extent.columns, *(_column_number(c) for c in set(_COLUMN.findall(cell_values))), 0)
    bare_cells = len(tags.cell.findall(chunk)) - len(cells)
    bare_rows = len(tags.row.findall(chunk)) - len(rows)
    if bare_cells or bare_rows:
        open_tag = tags.open_tag.search(chunk)
        if open_tag:
            raise corrupt(name, open_tag.group(0))
    extent.bare_rows += bare_rows
    if bare_cells:
        segments = [len(tags.bare_cell.findall(part)) for part in tags.row.split(chunk)]
        segments[0] += extent.open_row_bare
        extent.widest_bare, extent.open_row_bare = max(extent.widest_bare, *segments), segments[-1]


def _values(found: list[tuple[bytes, bytes, bytes, bytes]]) -> bytes:
    """The r values of the matched tags, one a line (an empty value, which calamine refuses, places nothing)."""
    return b"\n".join(value for quoted in found for value in (quoted[0] or quoted[1], quoted[2] or quoted[3]) if value)


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
