"""Column-at-a-time reading for large files: CSV with polars, xlsx with fastexcel (calamine to Arrow).

Every cell is read as the text the file holds (a participant code « 007 » stays « 007 »; an Excel
number 7 reads « 7 », a date « 2026-03-01 09:00:00 »), one Arrow column per sheet column. Cleaning,
blank tests and factorisation run over whole columns; a Python call is made only per distinct
value, and only for the columns a caller asks for. Values with characters where Python and the
vectorised string functions could disagree (Excel escapes, control characters, Unicode line
breaks) are handled by :func:`surveys.text.clean_cell` itself, so results are the same as a
cell-by-cell reading.

polars and fastexcel are imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from surveys.text import clean_cell

if TYPE_CHECKING:
    import polars as pl

# Where clean_cell does more than strip white space, or where str.strip and Rust's trim differ.
_ODD = r"_x[0-9A-Fa-f]{4}_|[\x00\x0b\r\x1c-\x1f\u2028\u2029]"
# The texts every match of _ODD starts with: a cell holding none of them is plain.
_ODD_STARTS = ["_x", "\x00", "\x0b", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\u2028", "\u2029"]
_LONE_CR = re.compile(rb"\r(?!\n)")
_CHUNK_BYTES = 1 << 19  # read at a time by readable_by_polars: the buffer stays in the processor's cache
# What makes an ASCII text differ from its folded form (a text with any other character is folded by Python).
_ASCII_SPACES_AND_CAPITALS = [" ", "\t", "\n", "\x0b", "\x0c", "\r", *(chr(c) for c in range(ord("A"), ord("Z") + 1))]
_FIRST_ROWS = 10_000  # where the order of a column's few distinct values is looked for first
# A cell with a character other than white space and none of those where clean_cell does more than strip
# (an Excel escape starts with « _ »): filled, whatever the cleaning. Searched over the whole cell, at once.
_ODD_CHARACTERS = r"_\x00\x0b\r\x1c-\x1f\u2028\u2029"
_FILLED_AS_IT_IS = f"^[^{_ODD_CHARACTERS}]*[^\\s{_ODD_CHARACTERS}][^{_ODD_CHARACTERS}]*$"
_NOT_PLAIN_ASCII = r"[^\t\n\x0b\x0c\r\x20-\x7e]"
# The same in a workbook's XML, valid in Python and Rust: a character reference to an ASCII character
# (« &#13; », or the pieces of an escape « &#95;x000D_ ») or a line separator; a carriage return unless it
# ends the XML declaration (« ?>\r\n », as Excel writes). Accented letters written « &#233; » are plain.
# Second, a quicker search that every match of the first also matches.
ODD_IN_XML = (r"_x[0-9A-Fa-f]{4}_|&#0*(?:[0-9]{1,2}|1[01][0-9]|12[0-7]|823[23]);|&#[xX]0*(?:[0-7]?[0-9a-fA-F]|202[89]);"
              r"|[\x00\x0b\x1c-\x1f\u2028\u2029]|[^>]\r|[^?]>\r|^>?\r", r"[\x00\x0b\x1c-\x1f\r_&]|\u2028|\u2029")


def plain_column(column: pl.Series) -> bool:
    """Whether no cell of a column can hold what :func:`surveys.text.clean_cell` does more than strip.

    Then the vectorised cleaning is exact on it. The cells are searched for the texts such a
    sequence starts with, all at once (Aho-Corasick), faster than for the sequences themselves.
    """
    return not column.str.contains_any(_ODD_STARTS).any()


def texts(column: pl.Series, plain: bool) -> np.ndarray:
    """The cleaned cells of a column (object array, missing cells as "")."""
    values = column.str.strip_chars().fill_null("").to_list()
    if not plain:
        odd = column.str.contains(_ODD).fill_null(False).to_numpy()
        for position in np.flatnonzero(odd):
            values[position] = clean_cell(column[int(position)])
    result = np.empty(len(values), dtype=object)
    result[:] = values
    return result


def read_csv(source: BinaryIO, delimiter: str, lossy: bool) -> pl.DataFrame:
    """Every field of a UTF-8 CSV, open for reading, as text (no header: row 0 is the line it is at); blank lines kept.

    Raises what polars raises on a ragged or malformed file: the caller then reads it otherwise.
    """
    import polars as pl

    return pl.read_csv(
        source,
        separator=delimiter,
        has_header=False,
        infer_schema=False,
        quote_char='"',
        encoding="utf8-lossy" if lossy else "utf8",
        raise_if_empty=True,
    )


POSITIONED_READS = hasattr(os, "preadv")  # (not on Windows)


def readable_by_polars(stream: io.BufferedReader, size: int) -> bool:
    """Whether the first ``size`` bytes of an open file hold no NUL byte and no carriage return but before a line feed.

    polars would keep NUL bytes in its texts, and reads old Mac line breaks as one line: such a
    file goes to the general reader. The file is read in chunks into one buffer; with
    :data:`POSITIONED_READS`, at given offsets, leaving the file's position to whoever reads it meanwhile.
    """
    buffer = bytearray(_CHUNK_BYTES)
    offset = 0
    while offset < size:
        count = _read_at(stream, buffer, offset)
        if not count:
            break
        if buffer.find(b"\x00", 0, count) >= 0:
            return False
        last = offset + count >= size
        lone = _LONE_CR.search(buffer, 0, count) if buffer.find(b"\r", 0, count) >= 0 else None
        if lone is not None and (last or lone.start() < count - 1):
            return False
        # A carriage return ending the chunk is looked at again, with what follows it, in the next one.
        offset += count if last or count < 2 else count - 1
    return True


def _read_at(stream: io.BufferedReader, buffer: bytearray, offset: int) -> int:
    if POSITIONED_READS:
        return os.preadv(stream.fileno(), [buffer], offset)
    stream.seek(offset)
    return stream.readinto(buffer)


def open_reader(path: Path) -> Any:
    """fastexcel's reader of a workbook, or None when fastexcel cannot open it (calamine then says why)."""
    import fastexcel

    try:
        return fastexcel.read_excel(str(path))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # fastexcel's errors, and pyo3 PanicException
        return None


def read_sheet(reader: Any, sheet: str) -> pl.DataFrame:
    """Every cell of one sheet as text, from A1: row ``i`` is spreadsheet row ``i + 1``, column ``j`` letter ``j``.

    fastexcel starts at the first used column: the columns to its left (and any gap) are added
    back, empty, so that letters stay right.
    """
    import polars as pl

    loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
    frame = loaded.to_polars()
    positions = [column.absolute_index for column in loaded.selected_columns]
    width = max(positions, default=-1) + 1
    by_position = dict(zip(positions, frame.columns))
    return pl.DataFrame(
        [frame[by_position[j]].alias(f"c{j}") if j in by_position else pl.Series(f"c{j}", [None] * frame.height, dtype=pl.String)
         for j in range(width)]
    )


def head(frame: pl.DataFrame, count: int, blank: Any) -> list[list[Any]]:
    """The first rows as lists of raw texts, missing cells as ``blank``."""
    return [[blank if v is None else v for v in row] for row in frame.head(count).rows()]


def blank_cells(column: pl.Series, plain: bool) -> np.ndarray:
    """Which cells of a column are blank once cleaned (missing, or nothing but white space).

    ``plain``: the column is known to hold nothing :func:`plain_column` looks for. Otherwise the
    cells are first searched once for what makes them filled whatever the cleaning; the others
    (missing and blank cells, usually few) are then looked at closely.
    """
    if not plain:
        uncertain = np.flatnonzero(~column.str.contains(_FILLED_AS_IT_IS).fill_null(False).to_numpy())
        blank = np.zeros(len(column), dtype=bool)
        if len(uncertain) == len(column):
            return _blank_cells(column)
        if len(uncertain):
            blank[uncertain] = _blank_cells(column.gather(uncertain))
        return blank
    return (~column.str.contains(r"\S").fill_null(False)).to_numpy()  # missing, or white space only (as strip_chars takes it: Unicode's)


def _blank_cells(column: pl.Series) -> np.ndarray:
    """:func:`blank_cells` of a column whose text has not been searched."""
    blank = ~column.str.contains(r"\S").fill_null(False)
    return _exact(column, blank, _is_blank_text) if not plain_column(column) else blank.to_numpy()


def blank_rows(frame: pl.DataFrame, plain: bool) -> np.ndarray:
    """Which rows are blank in every column of ``frame``.

    The column with the fewest missing cells is looked at first, then each other column only on
    the rows still blank: a usual export, where no row is blank, costs one column.
    """
    candidates = np.ones(frame.height, dtype=bool)
    for number, name in enumerate(sorted(frame.columns, key=lambda c: frame[c].null_count())):
        if number == 0:  # every row is a candidate: the whole column, no positions
            candidates = blank_cells(frame[name], plain)
            continue
        if not candidates.any():
            break
        positions = np.flatnonzero(candidates)
        candidates[positions] = blank_cells(frame[name].gather(positions), plain)
    return candidates


def equal_text(column: pl.Series, target: str, plain: bool) -> np.ndarray:
    """Which cells equal ``target`` (case-folded) once cleaned and case-folded.

    ASCII cells are compared by polars (for them case folding is ASCII lower-casing; an ASCII
    cell never equals a non-ASCII target); other cells once per distinct value in Python.
    """
    import polars as pl

    ascii_cells = (column.str.len_bytes() == column.str.len_chars()).fill_null(False)
    odd = pl.Series(np.zeros(len(column), dtype=bool)) if plain else column.str.contains(_ODD).fill_null(False)
    equal = pl.Series(np.zeros(len(column), dtype=bool))
    if target and target.isascii():
        stripped = column.str.strip_chars()
        same_length = (stripped.str.len_bytes() == len(target)).fill_null(False)
        equal = ascii_cells & ~odd & same_length & stripped.str.contains_any([target], ascii_case_insensitive=True).fill_null(False)
    slow = (~ascii_cells & column.is_not_null()) | odd
    if slow.any():
        chosen = _python_mask(column.filter(slow), lambda v: clean_cell(v).casefold() == target)
        equal = equal | (slow & column.is_in(chosen.implode())).fill_null(False)
    return equal.to_numpy()


def factorize(column: pl.Series, plain: bool) -> tuple[np.ndarray, np.ndarray]:
    """(codes, cleaned distinct values) with ``column == distinct[codes]``; missing cells get the last code, "".

    Distinct values keep their order of first appearance.
    """
    return factorize_columns(column.to_frame(), plain)[0]


def factorize_columns(frame: pl.DataFrame, plain: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`factorize` of every column of ``frame``, the columns side by side (polars runs them in parallel).

    Each text is numbered once, in one dictionary of this call's own (a polars categorical, dropped
    with it); a column's codes are then renumbered by order of first appearance, on integers.
    """
    import polars as pl

    dictionary = pl.Categories.random()
    coded = frame.select([pl.col(c).cast(pl.Categorical(dictionary)) for c in frame.columns])
    texts = dictionary.to_series()  # by number (the coded columns hold the dictionary: it is whole while they live)
    missing = len(texts)
    result = []
    for c in frame.columns:
        numbers = coded[c].to_physical().fill_null(missing).to_numpy()
        seen = _first_seen(numbers, missing)
        if len(seen) == frame.height:  # every cell filled and different: its row is its code
            codes = np.arange(frame.height)
        else:
            dtype = next(d for d in (np.int8, np.int16, np.int32, np.int64) if len(seen) < np.iinfo(d).max)
            renumbered = np.full(missing + 1, len(seen), dtype=dtype)
            renumbered[seen] = np.arange(len(seen), dtype=dtype)
            codes = renumbered[numbers]
        result.append((codes, _distinct(texts.gather(seen), plain)))
    return result


def _first_seen(numbers: np.ndarray, missing: int) -> np.ndarray:
    """The distinct ``numbers`` but ``missing``, in order of first appearance.

    Answers repeat a few labels, all found among the first rows: the order is taken there, and
    the whole column only counted to make sure none comes later.
    """
    import polars as pl

    head = pl.Series(numbers[:_FIRST_ROWS]).unique(maintain_order=True).to_numpy()
    head = head[head != missing]
    if len(head) < _FIRST_ROWS and len(head) == np.count_nonzero(np.bincount(numbers, minlength=missing + 1)[:missing]):
        return head
    seen = pl.Series(numbers).unique(maintain_order=True).to_numpy()
    return seen[seen != missing]


def _distinct(present: pl.Series, plain: bool) -> np.ndarray:
    """The cleaned distinct values, then "" (the code of missing cells)."""
    import polars as pl

    values = present.str.strip_chars().to_list()
    if not plain:
        odd = present.str.contains(_ODD).to_numpy()
        for position, value in zip(np.flatnonzero(odd), present.filter(pl.Series(odd)).to_list()):
            values[position] = clean_cell(value)
    distinct = np.empty(len(values) + 1, dtype=object)
    distinct[: len(values)] = values
    distinct[-1] = ""
    return distinct


def _exact(column: pl.Series, fast: pl.Series, predicate: Callable[[str], bool]) -> np.ndarray:
    """``fast`` where it is exact, ``predicate`` (once per distinct value) on the odd cells."""
    odd = column.str.contains(_ODD).fill_null(False)
    chosen = _python_mask(column.filter(odd), predicate)
    return ((fast & ~odd) | (odd & column.is_in(chosen.implode()))).fill_null(False).to_numpy()


def _is_blank_text(value: str) -> bool:
    return not clean_cell(value)


def _python_mask(values: pl.Series, predicate: Callable[[str], bool]) -> pl.Series:
    """The distinct ``values`` for which ``predicate`` holds."""
    import polars as pl

    distinct = values.drop_nulls().unique()
    return pl.Series([v for v in distinct.to_list() if predicate(v)], dtype=pl.String)


def folded(values: list[str]) -> list[str]:
    """``" ".join(v.split()).casefold()`` of each text, over the whole list at once.

    ASCII texts are folded by polars (for them lower-casing is case-folding and ``\\s`` is what
    ``str.split`` splits on); any other text by Python.
    """
    import polars as pl

    series = pl.Series(values, dtype=pl.String)
    result = series.str.replace_all(r"\s+", " ").str.strip_chars(" ").str.to_lowercase().to_list()
    for position in np.flatnonzero(series.str.contains(_NOT_PLAIN_ASCII).to_numpy()):
        result[position] = " ".join(values[position].split()).casefold()
    return result


def folded_column(column: pl.Series) -> pl.Series:
    """``" ".join(v.split()).casefold()`` of each cell of a column whose cells need no cleaning but stripping.

    ASCII cells by polars, the others once per distinct value in Python; missing cells give "".
    """
    import polars as pl

    if column.str.contains_any(_ASCII_SPACES_AND_CAPITALS).any():
        result = column.str.replace_all(r"\s+", " ").str.strip_chars(" ").str.to_lowercase().fill_null("")
    else:  # no space and no capital (access codes, tokens): every ASCII cell is folded already
        result = column.fill_null("")
    other = (column.str.len_bytes() != column.str.len_chars()).fill_null(False)
    if other.any():
        distinct = column.filter(other).unique().to_list()
        mapping = dict(zip(distinct, (" ".join(v.split()).casefold() for v in distinct)))
        result = pl.select(pl.when(pl.lit(other)).then(pl.lit(column).replace_strict(mapping, default=None))
                           .otherwise(pl.lit(result))).to_series()
    return result


def match_start(values: list[str] | pl.Series, pattern: str, starts: Sequence[str] = ()) -> np.ndarray:
    """Which texts (a list, or a polars column) match ``pattern`` (a regular expression valid in Python and Rust) at their start, case aside.

    ``starts``: for case-folded texts, what every match begins with (« test », « essai »): only the
    texts beginning so are searched (a comparison of their first bytes is many times quicker).
    """
    import polars as pl

    series = values if isinstance(values, pl.Series) else pl.Series(values, dtype=pl.String)
    regex = f"(?i)^(?:{pattern.removeprefix('^')})"
    if not starts:
        return series.str.contains(regex).fill_null(False).to_numpy()
    found = np.zeros(len(series), dtype=bool)
    begins = pl.select(pl.any_horizontal([pl.lit(series).str.starts_with(start) for start in starts])).to_series()
    positions = np.flatnonzero(begins.fill_null(False).to_numpy())
    if len(positions):
        found[positions] = series.gather(positions).str.contains(regex).fill_null(False).to_numpy()
    return found
