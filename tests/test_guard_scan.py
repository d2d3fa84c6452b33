"""The cell-extent guard's one-search shortcut falls back to the cell-by-cell scan whenever a chunk is unusual.

The chunk size is made tiny so that a 300-row sheet spans dozens of chunks: a cell hidden in a
late chunk is past the first one, which is always scanned cell by cell.
"""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import python_calamine

from surveys import guards, sheet_extent
from surveys.problems import SuiviError

ROWS = 300
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_PARTS = {  # just enough for calamine to open the sheet
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{_OFFICE}"><sheets><sheet name="Feuille" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


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
        for part, xml in WORKBOOK_PARTS.items():
            archive.writestr(part, xml)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


@pytest.fixture(autouse=True, params=["searched", "tag by tag"])
def _small_chunks(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Chunks of 256 bytes; every test runs with the polars search and with the tag-by-tag scan alone (small parts)."""
    monkeypatch.setattr(sheet_extent, "CHUNK", 256)
    monkeypatch.setattr(sheet_extent, "SEARCHED_FROM", 0 if request.param == "searched" else 1 << 40)


def _extent(path: Path) -> tuple[int, int]:
    with zipfile.ZipFile(path) as archive:
        rows, columns, _ = sheet_extent.sheet_extent(archive, archive.getinfo("xl/worksheets/sheet1.xml"), "enquete.xlsx", guards.MAX_CELLS)
    return rows, columns


def test_a_plain_sheet_has_its_exact_extent_in_chunks_of_any_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sheet(tmp_path)
    assert _extent(path) == (ROWS, 2)
    monkeypatch.setattr(sheet_extent, "CHUNK", 1 << 22)
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


def test_only_a_chunk_written_otherwise_than_usual_is_read_tag_by_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[bytes] = []
    scan = sheet_extent._exact

    def counted(chunk: bytes, extent: sheet_extent.Extent, name: str) -> None:
        scanned.append(chunk)
        scan(chunk, extent, name)

    monkeypatch.setattr(sheet_extent, "_exact", counted)
    monkeypatch.setattr(sheet_extent, "SEARCHED_FROM", 0)
    assert _extent(_sheet(tmp_path)) == (ROWS, 2)
    assert _extent(_sheet(tmp_path, '<c r="C200"><v>1</v></c>')) == (ROWS, 3)  # further, but written as usual: guessed, then checked
    assert scanned == []
    assert _extent(_sheet(tmp_path, '<c s="0" r="D200"><v>1</v></c>')) == (ROWS, 4)
    assert len(scanned) == 1
    assert b'<c s="0" r="D200">' in scanned[0]


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


SHEET_SHAPE_CASES = {
    "row number after another attribute": '</row><row spans="1:1" r="900"><c><v>2</v></c>',
    "row number of eight digits": '</row><row r="00000900"><c><v>2</v></c>',
    "row number with letters": '</row><row r="B900"><c><v>2</v></c>',
    "row number in single quotes": "</row><row r='900'><c><v>2</v></c>",
    "row number on a prefixed row": f'</row><x:row xmlns:x="{MAIN}" r="900"><c><v>2</v></c></x:row><row>',
    "rows without reference on a prefix": "</row>" + f'<x:row xmlns:x="{MAIN}"><c><v>2</v></c></x:row>' * 40 + "<row>",
    "a > inside a value before the reference": '<c t="n" x="a>b" r="Z200"><v>2</v></c>',
    "two references, the second further": '<c r="C200" r="Z200"><v>2</v></c>',
    "a reference glued to the previous one": '<c r="C200"r="Z200"><v>2</v></c>',
    "a > inside a value of a row": '</row><row x="a>b" r="900"><c><v>2</v></c>',
    "a < inside a value": '<c r="C200" t="a<b" r="Z200"><v>2</v></c>',
    "a reference with spaces around =": '<c r = "Z200"><v>2</v></c>',
    "a lowercase column": '<c r="z200"><v>2</v></c>',
}


@pytest.mark.parametrize("hidden", SHEET_SHAPE_CASES.values(), ids=SHEET_SHAPE_CASES.keys())
def test_the_extent_covers_what_calamine_reads_or_the_file_is_refused(tmp_path: Path, hidden: str) -> None:
    """The bound is never smaller than the rectangle calamine builds: each case is one way a reference can hide."""
    path = _sheet(tmp_path, hidden)
    try:
        rows, columns = _extent(path)
    except SuiviError as error:
        assert error.code in ("fichier_endommage", "feuille_trop_grande")
        return
    shape = _calamine_shape(path)
    assert rows >= shape[0] and columns >= shape[1]


def _calamine_shape(path: Path) -> tuple[int, int]:
    try:
        rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # a file calamine refuses allocates nothing
        return 0, 0
    return len(rows), max((len(row) for row in rows), default=0)


FRAGMENTS = ['<c r="', '<c', "<row", '<row r="', "r=", ' r="', "r='", '"', "'", ">", "<", "/>", ":", "x:", " ", "\n", "\t",
             "XFD", "Z", "AB", "9", "900", "12345678", "</row>", "</c>", "<v>1</v>", "<col ", "=", "s",
             '<c r="Z900"><v>1</v></c>', "<c><v>1</v></c>", '</row><row r="900">', "</row><row>", ' r="Z900"', ' x="a>b"']


@pytest.mark.parametrize("seed", range(5))
def test_mutated_sheets_are_refused_or_bounded_above_what_calamine_reads(tmp_path: Path, seed: int) -> None:
    """Random insertions of reference pieces into a late row: the guard refuses, or its bound covers calamine's rectangle."""
    rng = random.Random(seed)
    for _ in range(25):
        hidden = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))
        path = _sheet(tmp_path, hidden)
        try:
            rows, columns = _extent(path)
        except SuiviError:
            continue
        shape = _calamine_shape(path)
        assert rows >= shape[0] and columns >= shape[1], hidden


@pytest.mark.parametrize("seed", range(4))
def test_a_chunk_found_usual_adds_nothing_beyond_its_bound(seed: int) -> None:
    """The fast search and the tag-by-tag scan agree: a chunk where nothing is unusual stays within the bound it was searched with."""
    rng = random.Random(seed)
    usual = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}" t="s"><v>2</v></c></row>' for r in range(1, 40))
    for _ in range(300):
        at = rng.randrange(len(usual))
        chunk = (usual[:at] + "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6))) + usual[at:]).encode()
        text = sheet_extent._text([chunk])
        rows = max(39, sheet_extent._row_numbers(text))
        if sheet_extent._unusual(text, 2, rows)[0]:
            continue
        extent = sheet_extent.Extent()
        try:
            sheet_extent._exact(chunk, extent, "enquete.xlsx")
        except SuiviError:
            pytest.fail(f"usual chunk refused by the exact scan: {chunk!r}")
        assert extent.bound[0] <= rows and extent.bound[1] <= 2, chunk


def test_a_tag_longer_than_a_chunk_is_read_whole(tmp_path: Path) -> None:
    hidden = '<c r="C200" t="' + "x" * 1000 + '" r="Z200"><v>1</v></c>'  # 1,000 bytes without « < »: four chunks of 256
    assert _extent(_sheet(tmp_path, hidden)) == (ROWS, 26)  # calamine takes the last reference


def test_a_sheet_without_a_tag_for_too_long_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_extent, "LONGEST_GAP", 2000)
    with pytest.raises(SuiviError) as caught:
        guards.check_xlsx_cells(_sheet(tmp_path, "<v>" + "1" * 3000 + "</v>"), "enquete.xlsx")
    assert caught.value.code == "fichier_endommage"


def test_invalid_utf8_keeps_the_tags_readable(tmp_path: Path) -> None:
    path = _sheet(tmp_path)
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, ROWS + 1)).encode()
    body = body.replace(b'<row r="200">', b'<row r="200">\xff\xfe<c r="XFD1048576"><v>1</v></c>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>")
    with pytest.raises(SuiviError) as caught:
        guards.check_xlsx_cells(path, "enquete.xlsx")
    assert caught.value.code == "feuille_trop_grande"


def test_a_small_workbook_is_checked_without_starting_polars(tmp_path: Path) -> None:
    """A process that has started polars's threads cannot safely fork (the portfolio and the report do): registers stay clear of it."""
    path = _sheet(tmp_path)
    code = f"import sys; from surveys import guards; guards.check_xlsx_cells({str(path)!r}, 'x'); print('polars' in sys.modules)"
    ended = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ended.stdout.strip() == "False"
