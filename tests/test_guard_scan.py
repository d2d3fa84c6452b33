"""The cell-extent guard's one-search shortcut falls back to the cell-by-cell scan whenever a chunk is unusual.

The chunk size is made tiny so that a 300-row sheet spans dozens of chunks: a cell hidden in a
late chunk is past the first one, which is always scanned cell by cell.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from surveys import guards
from surveys.problems import SuiviError

ROWS = 300
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(tmp_path: Path, hidden: str = "", row: int = 200) -> Path:
    """A plain two-column sheet of :data:`ROWS` rows written as Excel does, ``hidden`` added at the end of ``row``."""
    lines = []
    for r in range(1, ROWS + 1):
        extra = hidden if r == row else ""
        lines.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x</t></is></c>{extra}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(lines)}</sheetData></worksheet>')
    path = tmp_path / "enquete.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guards, "_CHUNK", 256)


def _extent(path: Path) -> tuple[int, int]:
    with zipfile.ZipFile(path) as archive:
        return guards._sheet_extent(archive, archive.getinfo("xl/worksheets/sheet1.xml"), "enquete.xlsx")


def test_a_plain_sheet_has_its_exact_extent_in_chunks_of_any_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sheet(tmp_path)
    assert _extent(path) == (ROWS, 2)
    monkeypatch.setattr(guards, "_CHUNK", 1 << 22)
    assert _extent(path) == (ROWS, 2)


@pytest.mark.parametrize(("hidden", "extent"), [
    ('<c r="C200"><v>1</v></c>', (ROWS, 3)),  # one column further
    ('<c r="AA200"><v>1</v></c>', (ROWS, 27)),  # a longer column
    ('<c r="B999"><v>1</v></c>', (999, 2)),  # as many digits as the last row, but further
    ('<c r="B1000"><v>1</v></c>', (1000, 2)),  # more digits
    ('<c r="B0999"><v>1</v></c>', (999, 2)),  # a leading zero
    ('<c s="0" r="D200"><v>1</v></c>', (ROWS, 4)),  # an attribute before the reference
    ('<c\nr="E200"><v>1</v></c>', (ROWS, 5)),  # a line break instead of a space
    ("<c r='F200'><v>1</v></c>", (ROWS, 6)),  # single quotes
    ('<c r = "G200"><v>1</v></c>', (ROWS, 7)),  # spaces around the equals sign
    (f'<x:c xmlns:x="{MAIN}" r="H200"><x:v>1</x:v></x:c>', (ROWS, 8)),  # a namespace prefix
])
def test_a_cell_beyond_the_extent_in_a_late_chunk_is_found(tmp_path: Path, hidden: str, extent: tuple[int, int]) -> None:
    assert _extent(_sheet(tmp_path, hidden)) == extent


@pytest.mark.parametrize("hidden", ['<c r="XFD1048576"><v>1</v></c>', '<c\tr="XFD1048576"><v>1</v></c>', "<c r='XFD1048576'><v>1</v></c>",
                                    f'<x:c xmlns:x="{MAIN}" r="XFD1048576"><x:v>1</x:v></x:c>'])
def test_a_far_cell_in_a_late_chunk_is_refused(tmp_path: Path, hidden: str) -> None:
    with pytest.raises(SuiviError) as caught:
        guards.check_xlsx_cells(_sheet(tmp_path, hidden), "enquete.xlsx")
    assert caught.value.code == "feuille_trop_grande"


@pytest.mark.parametrize("hidden", ['<c r="Htest200"><v>1</v></c>', '<c r="B12345678"><v>1</v></c>', "<c r='Htest200'><v>1</v></c>"])
def test_an_odd_reference_in_a_late_chunk_is_refused(tmp_path: Path, hidden: str) -> None:
    with pytest.raises(SuiviError) as caught:
        guards.check_xlsx_cells(_sheet(tmp_path, hidden), "enquete.xlsx")
    assert caught.value.code == "fichier_endommage"
    assert "Htest200" in str(caught.value) or "B12345678" in str(caught.value)


def test_only_the_first_chunk_and_the_one_with_a_further_cell_are_scanned_cell_by_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[bytes] = []
    scan = guards._chunk_extent

    def counted(chunk: bytes, name: str) -> tuple[int, bytes]:
        scanned.append(chunk)
        return scan(chunk, name)

    monkeypatch.setattr(guards, "_chunk_extent", counted)
    _extent(_sheet(tmp_path))
    assert len(scanned) == 1
    scanned.clear()
    _extent(_sheet(tmp_path, '<c r="C200"><v>1</v></c>'))
    assert len(scanned) == 2
    assert b'<c r="C200">' in scanned[1]


def test_cells_and_rows_without_reference_widen_the_extent(tmp_path: Path) -> None:
    # calamine places them in order: 30 cells without reference after B200 reach column AF, 5 rows without one reach row 305
    assert _extent(_sheet(tmp_path, "<c><v>1</v></c>" * 30)) == (ROWS, 32)
    assert _extent(_sheet(tmp_path, '</row><row><c r="A1"/>' * 5)) == (ROWS + 5, 2)


def test_a_row_of_cells_without_reference_split_across_chunks_is_counted_whole(tmp_path: Path) -> None:
    assert _extent(_sheet(tmp_path, "<c/>" * 200)) == (ROWS, 202)  # 800 bytes: over three chunks of 256


def test_a_wide_row_of_cells_without_reference_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guards, "MAX_CELLS", 100_000)
    with pytest.raises(SuiviError) as caught:
        guards.check_xlsx_cells(_sheet(tmp_path, "<c/>" * 400), "enquete.xlsx")  # 300 rows × 402 columns
    assert caught.value.code == "feuille_trop_grande"
