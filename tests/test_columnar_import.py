"""Large exports are read column by column (surveys/columnar.py): the import must be the same as cell by cell.

Each survey fixture is imported twice, once by the general reader and once with the column-wise
reader forced (``COLUMNAR_MIN_BYTES = 0``), and every output of the import is compared: the tidy
table, the rows and columns accounted for, the respondents and each problem with its location.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import surveys.spreadsheet as spreadsheet
from indicators.item_bank import load_item_bank
from surveys.columnar import ODD_IN_XML, folded, match_start
from surveys.exports.codebook import Codebook
from surveys.exports.importer import SurveyData, SurveySource, import_surveys
from surveys.exports.items import ItemSpec, MissingReason, Scale, Wave
from surveys.exports.pseudonym import Pseudonymiser, normalise_key, normalise_keys, numbered, pseudonym
from surveys.guards import check_workbook, check_xlsx_cells
from surveys.spreadsheet import read_table

DATA = Path(__file__).parent / "data"
KEY = bytes(range(32))
ACCORD = Scale(id="accord4", labels={"Pas du tout d'accord": 1, "Plutôt pas d'accord": 2, "Plutôt d'accord": 3, "Tout à fait d'accord": 4},
               nonanswers={"Ne sait pas": MissingReason.DONT_KNOW})
CORPUS_ITEMS = [
    ItemSpec(id="ecoute", wording="Les citoyens sont écoutés", scale=ACCORD, waves=(Wave.PRE, Wave.POST), aliases=("ECOUTE",)),
    ItemSpec(id="utile", wording="La démarche est utile", scale=ACCORD, waves=(Wave.PRE, Wave.POST), aliases=("UTILE",)),
]
CSV_FIXTURES = sorted(p.name for p in DATA.glob("*.csv") if p.name.startswith(("enquete-", "corpus-")))
XLSX_FIXTURES = sorted(p.name for p in DATA.glob("*.xlsx") if p.name.startswith(("enquete-", "corpus-")))


def _import(path: Path, items: object, columnar: bool, monkeypatch: pytest.MonkeyPatch) -> SurveyData:
    monkeypatch.setattr(spreadsheet, "COLUMNAR_MIN_BYTES", 0 if columnar else 1 << 40)
    return import_surveys([SurveySource(path, Wave.PRE)], items, key=KEY)  # type: ignore[arg-type]


def _listed(frame: object) -> dict[str, list[object]]:
    """A frame's columns as lists, NaN as None (NaN is not equal to itself)."""
    columns = frame.to_dict("list")  # type: ignore[attr-defined]
    return {name: [None if isinstance(v, float) and v != v else v for v in values] for name, values in columns.items()}


def _facts(data: SurveyData) -> dict[str, object]:
    problems = sorted((p.code, p.file, p.sheet, p.row, p.column, p.header, p.value, p.message) for p in data.problems)
    responses = data.responses.astype(dict.fromkeys(("respondent", "wave", "item", "label", "missing"), object))
    return {
        "responses": _listed(responses),
        "rows": _listed(data.rows),
        "columns": _listed(data.columns),
        "respondents": _listed(data.respondents),
        "problems": problems,
        "headers": [(f.table.headers, f.table.letters, f.table.rows, f.table.header_reason) for f in data.files if f.table],
    }


def _items_for(name: str) -> object:
    return CORPUS_ITEMS if name.startswith("corpus-") else Codebook.from_items(load_item_bank())


@pytest.mark.parametrize("name", CSV_FIXTURES)
def test_csv_fixture_imports_the_same_column_by_column(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items_for(name)
    general = _facts(_import(DATA / name, items, False, monkeypatch))
    columnar = _facts(_import(DATA / name, items, True, monkeypatch))
    assert columnar == general


@pytest.mark.parametrize("name", XLSX_FIXTURES)
def test_xlsx_fixture_imports_the_same_whether_its_text_is_found_plain_or_not(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook whose XML holds nothing odd is cleaned column-wise only: the same import as with every cell checked."""
    items = _items_for(name)
    found = _facts(_import(DATA / name, items, True, monkeypatch))
    monkeypatch.setattr(spreadsheet, "check_workbook", lambda path, name, kind, markers=None: check_workbook(path, name, kind, markers) or True)
    assert _facts(_import(DATA / name, items, True, monkeypatch)) == found


ODD_XLSX_CELLS = {
    "an Excel escape": "deux_x000D_lignes",
    "a carriage return": "deux\r\nlignes",
    "a control character": "a\x1cb",
    "a Unicode line break": "deux\u2028lignes",
    "a character reference": "&#13;",
}


@pytest.mark.parametrize("odd", ODD_XLSX_CELLS.values(), ids=ODD_XLSX_CELLS.keys())
def test_odd_xlsx_cells_are_found_and_cleaned_as_cell_by_cell(tmp_path: Path, odd: str, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["Code participant", "Les citoyens sont écoutés", "Commentaire"])
    sheet.append(["007", "Plutôt d'accord", "MARK"])
    sheet.append(["P-002", " Ne sait pas ", "simple"])
    path = tmp_path / "enquete.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    shared = [n for n in parts if "sharedStrings" in n]
    target = shared[0] if shared else "xl/worksheets/sheet1.xml"
    parts[target] = parts[target].replace(b"MARK", odd.encode("utf-8"))
    with zipfile.ZipFile(path, "w") as rewritten:
        for part, data in parts.items():
            rewritten.writestr(part, data)
    assert check_xlsx_cells(path, "enquete.xlsx", ODD_IN_XML)
    general = _import(path, CORPUS_ITEMS, False, monkeypatch)
    columnar = _import(path, CORPUS_ITEMS, True, monkeypatch)
    assert columnar.files[0].table is not None and columnar.files[0].table._body is not None
    assert _facts(columnar) == _facts(general)


def test_plain_xlsx_xml_is_found_plain(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Code participant", "Commentaire avec > et &", 7])  # type: ignore[union-attr]
    workbook.save(tmp_path / "enquete.xlsx")
    assert not check_xlsx_cells(tmp_path / "enquete.xlsx", "enquete.xlsx", ODD_IN_XML)


def test_odd_cells_are_cleaned_as_cell_by_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        "Code participant;Les citoyens sont écoutés;La démarche est utile;Commentaire",
        ' 007 ;Plutôt d\'accord;Tout à fait d\'accord;"deux_x000D_lignes"',
        "P-002;  Ne sait pas ;Pas du tout d'accord;\x1c",
        ";;;",
        "CODE PARTICIPANT;les citoyens sont écoutés;LA DÉMARCHE EST UTILE;commentaire",
        "  p-002 ;Plutôt pas d'accord;Plutôt d'accord;Straße",
        "Test-1;Plutôt d'accord;Plutôt d'accord;",
        "\u00a0P\u2003003\u00a0;Plutôt d'accord;;",
    ]
    path = tmp_path / "enquete.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    general = _import(path, CORPUS_ITEMS, False, monkeypatch)
    columnar = _import(path, CORPUS_ITEMS, True, monkeypatch)
    assert _facts(columnar) == _facts(general)
    table = columnar.files[0].table
    assert table is not None and table._body is not None  # the column-wise reader did read it
    assert table.rows == [2, 3, 5, 6, 7, 8] and table.skipped_blank_rows == [4]
    assert list(table.frame["Code participant"]) == ["007", "P-002", "CODE PARTICIPANT", "p-002", "Test-1", "P\u2003003"]
    reasons = dict(zip(columnar.rows["row"], columnar.rows["reason"]))
    assert reasons[5] == "heading" and reasons[7] == "test" and reasons[4] == "empty"


def test_large_xlsx_reads_cells_as_text_with_their_letters_and_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet["C2"] = "Enquête de satisfaction"
    for column, heading in zip("CDE", ["Code participant", "Les citoyens sont écoutés", "La démarche est utile"]):
        sheet[f"{column}4"] = heading
    rows: list[tuple[Any, ...]] = [("007", "Plutôt d'accord", 3), (7, "Ne sait pas", "Tout à fait d'accord"), (None, None, None), ("P-9", "Pas du tout d'accord", 1.0)]
    for number, values in enumerate(rows, start=5):
        for column, value in zip("CDE", values):
            sheet[f"{column}{number}"] = value
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    monkeypatch.setattr(spreadsheet, "COLUMNAR_MIN_BYTES", 0)
    table = read_table(path, as_text=True)
    assert table._body is not None
    assert table.letters == ["C", "D", "E"] and table.header_row == 4 and table.rows == [5, 6, 8] and table.skipped_blank_rows == [7]
    assert list(table.frame["Code participant"]) == ["007", "7", "P-9"]  # « 007 » as typed, the number 7 without « .0 »
    assert list(table.frame["La démarche est utile"]) == ["3", "Tout à fait d'accord", "1"]
    data = import_surveys([SurveySource(path, Wave.PRE)], CORPUS_ITEMS, key=KEY)
    assert data.responses.loc[data.responses["item"] == "ecoute", "value"].tolist()[0] == 3.0


# NIST SP 800-38B, appendix D.3 (CMAC-AES256): the key, the 64-byte message, and the tags of its first 0, 16, 40 and 64 bytes.
NIST_KEY = bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
NIST_MESSAGE = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                             "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
NIST_TAGS = {0: "028962f61b7bf89efc6b551f4667d983", 16: "28a7023f452e8f82bd4bf28d8c37c35c",
             40: "aaf3d8f1de5640c232f5b169b9c911e6", 64: "e1992190549f6ed5696a2c056c315410"}


def test_pseudonymiser_is_aes_cmac_as_nist_publishes_it() -> None:
    hasher = Pseudonymiser(NIST_KEY)
    messages = [NIST_MESSAGE[:length] for length in NIST_TAGS if length]
    assert hasher.packed_encoded(messages).hex() == "".join(NIST_TAGS[len(m)][:16] for m in messages)
    assert hasher.packed_encoded([b""]) == bytes(8)  # no key, no pseudonym (CMAC of "" would be 028962f6…)


@pytest.mark.parametrize("chunk", [1 << 20, 40])  # 40 bytes: the messages of one length ciphered one or two at a time
def test_pseudonymiser_is_the_cryptography_librarys_cmac_for_every_length(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography.hazmat.primitives import cmac
    from cryptography.hazmat.primitives.ciphers import algorithms

    import surveys.exports.pseudonym as pseudonym_module

    monkeypatch.setattr(pseudonym_module, "_CHUNK_BYTES", chunk)
    rng = random.Random(5)
    values = ["", "a", "MOB-001", "é" * 40, "x" * 200, "\u2003code\u00a0", "🙂" * 9, *("".join(chr(rng.randint(32, 0x24F)) for _ in range(n)) for n in range(80))]
    rng.shuffle(values)
    hasher = Pseudonymiser(KEY)

    def library(value: str) -> str:
        mac = cmac.CMAC(algorithms.AES(KEY))
        mac.update(value.encode())
        return "R-" + mac.finalize().hex()[:16]

    expected = ["" if not v else library(v) for v in values]
    assert hasher.many(values) == expected
    assert [hasher(v) for v in values if v] == [pseudonym(KEY, v) for v in values if v] == [p for p in expected if p]
    numbers = numbered(hasher.packed(values))  # the number a pseudonym spells, 0 without key
    assert [f"R-{n:016x}" if v else n for n, v in zip(numbers.tolist(), values)] == [p or 0 for p in expected]
    for low, high in ((1, 16), (17, 32), (33, 48)):  # every key of one block count: taken chunk by chunk as slices
        same = ["".join(chr(rng.randint(33, 126)) for _ in range(rng.randint(low, high))) for _ in range(23)]
        assert hasher.many(same) == [library(v) for v in same]
        assert hasher.many([*same, ""]) == [*(library(v) for v in same), ""]  # and with a row without key


def test_keys_are_normalised_column_wise_as_one_by_one() -> None:
    tricky = [" Ab  C ", "STRASSE", "Straße", "ǅemal", "x\x1cy", "a\tb\nc", "İstanbul", "ΣΑΣ", "ﬁn", "\u00a0nbsp\u2007", "", "007", "a\x0bb\x0cc"]
    values = tricky + [f"Code-{i:05d} " for i in range(6000)]
    assert normalise_keys(values) == [normalise_key(v) for v in values]
    assert folded(tricky) == [normalise_key(v) for v in tricky]
    marks = match_start(["test", "TEST1", "essai_2", "Testament", "attest", "ESSAI", "tést"], r"^(test|essai)(\b|_|\d|$)")
    assert marks.tolist() == [True, True, True, False, False, True, False]
    names = ["test", "TEST1", "essai_2", "Testament", "attest", "ESSAI", "tést"]
    assert np.array_equal(marks, [bool(re.match(r"^(test|essai)(\b|_|\d|$)", v, re.IGNORECASE)) for v in names])
    # Case-folded keys are searched only where they begin with « test » or « essai »: the same marks.
    keys = [normalise_key(v) for v in [*names, "TEſT", "Teſt-1", "ESSAİ", "ＴＥＳＴ", " test 2", "", "te", "essais", "tests_1"]]
    assert np.array_equal(match_start(keys, r"^(test|essai)(\b|_|\d|$)", ("test", "essai")), match_start(keys, r"^(test|essai)(\b|_|\d|$)"))
    assert match_start(keys, r"^(test|essai)(\b|_|\d|$)", ("test", "essai")).sum() == 7


@pytest.mark.parametrize(("prefix", "cell"), [(b"\xef\xbb\xbf", b"Paris \xff\xfe centre"), (b"\xef\xbb\xbf\xef\xbb\xbf", b"Lyon")])
def test_bom_file_with_bad_bytes_or_a_second_bom_is_read_column_wise_as_cell_by_cell(
    prefix: bytes, cell: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        "Code participant;Les citoyens sont écoutés;La démarche est utile;Commentaire".encode(),
        b"P-1;Plut\xc3\xb4t d'accord;Ne sait pas;" + cell,
        b"P-2;Pas du tout d'accord;Plut\xc3\xb4t d'accord;ok",
    ]
    path = tmp_path / "enquete.csv"
    path.write_bytes(prefix + b"\n".join(lines) + b"\n")
    general = _import(path, CORPUS_ITEMS, False, monkeypatch)
    columnar = _import(path, CORPUS_ITEMS, True, monkeypatch)
    assert _facts(columnar) == _facts(general)
    table = columnar.files[0].table
    assert table is not None and table._body is not None  # read strictly, then replacing bad bytes
    assert table.encoding == "utf-8-sig" and table.frame["Commentaire"].iloc[0] == cell.decode(errors="replace")


@pytest.mark.parametrize("cells", [["A-1", " a-2 ", "Anonyme", "B\u00a0 3"], ["A-1", "a-1 ", None, "anonymous", "ANONYME", "Straße", "x"],
                                   ["tok-1", None, "anonyme", "straße", "ǅemal", "x\u00e9"]])  # the last: no space, no ASCII capital
def test_folded_keys_are_the_normalised_keys_anonymous_ones_blank(cells: list[str | None]) -> None:
    import polars as pl

    from surveys.exports.pseudonym import folded_keys

    keys = folded_keys(pl.Series(cells, dtype=pl.String), {"anonymous", "anonyme", ""})
    expected = ["" if v is None or normalise_key(v) in {"anonymous", "anonyme"} else normalise_key(v) for v in cells]
    assert keys.codes is None and keys.entries.to_list() == expected  # one entry per row
    assert keys.blank().tolist() == [v == "" for v in expected]
    buffer, lengths = keys.encoded()  # one block of bytes to hash, and where each key ends
    assert buffer == "".join(expected).encode() and lengths.tolist() == [len(v.encode()) for v in expected]


def test_headings_repeated_in_uncoded_columns_only_are_found_as_cell_by_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        "Code participant;Horodateur;Commentaire;Les citoyens sont écoutés;La démarche est utile",
        "P-1;2026-03-01;ok;Plutôt d'accord;Ne sait pas",
        "code participant ;HORODATEUR;Commentaire;;",  # a heading row in the columns that are not coded
        "P-2;2026-03-02;Commentaire;Plutôt d'accord;Plutôt d'accord",  # one cell only: an answer
        "P-3;Horodateur;commentaire;;",  # two of three filled cells: a heading row
        "P-4;;;Plutôt d'accord;Plutôt d'accord",  # cannot be one: its uncoded cells are not compared
    ]
    path = tmp_path / "enquete.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    general = _import(path, CORPUS_ITEMS, False, monkeypatch)
    columnar = _import(path, CORPUS_ITEMS, True, monkeypatch)
    assert _facts(columnar) == _facts(general)
    assert dict(zip(columnar.rows["row"], columnar.rows["reason"])) == {2: "", 3: "heading", 4: "", 5: "heading", 6: ""}


@pytest.mark.parametrize("plain", [True, False])
def test_blank_rows_are_the_rows_blank_in_every_column(plain: bool) -> None:
    import polars as pl

    from surveys.columnar import blank_cells, blank_rows
    from surveys.text import clean_cell

    rng = random.Random(3)
    cells = [None, "", " ", "\u00a0", "x", " y ", "_x000D_"] if not plain else [None, "", " ", "\t", "x", " y "]
    frame = pl.DataFrame({f"c{j}": pl.Series([rng.choice(cells) for _ in range(400)], dtype=pl.String) for j in range(4)})
    expected = np.array([all(v is None or not clean_cell(v) for v in row) for row in frame.rows()])
    assert expected.any() and not expected.all()
    assert np.array_equal(blank_rows(frame, plain), expected)
    assert np.array_equal(blank_cells(frame["c0"], plain), [v is None or not clean_cell(v) for v in frame["c0"]])


def test_a_cell_of_any_white_space_alone_is_blank_as_cell_by_cell() -> None:
    import polars as pl

    from surveys.columnar import blank_cells
    from surveys.text import clean_cell

    spaces = [chr(c) for c in range(0x3100) if chr(c).isspace()] + ["\u200b", "\ufeff", "\u180e"]
    cells = [None, "", *spaces, *(s * 3 for s in spaces), *(s + "x" + s for s in spaces)]
    column = pl.Series(cells, dtype=pl.String)
    assert blank_cells(column, False).tolist() == [v is None or not clean_cell(v) for v in cells]
    # Escapes, control characters and line separators, alone or among other text: blank exactly when cleaning leaves nothing.
    odd = ["_x000D_", " _x000D_ ", "_x000d__x0009_", "_x0041_", "a_x000D_", "_", " _ ", "\x1c", "x\x1c", "\x00", "\x00a", "\r\n",
           "\u2028", "\u2029b", "é", "deux\nlignes", "\x0b", "_x00"]
    mixed = pl.Series([*odd, *cells[:40]], dtype=pl.String)
    assert blank_cells(mixed, False).tolist() == [v is None or not clean_cell(v) for v in mixed.to_list()]
    assert blank_cells(pl.Series(odd, dtype=pl.String), False).tolist() == [not clean_cell(v) for v in odd]
    # A plain column is searched once for a character other than white space: what stripping it would leave.
    assert blank_cells(column, True).tolist() == (column.is_null() | (column.str.strip_chars() == "")).to_list()


def test_keys_test_entries_duplicates_and_blank_keys_are_the_same_column_by_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import surveys.exports.pseudonym as pseudonym_module

    lines = ["Code participant;Horodateur;Les citoyens sont écoutés;La démarche est utile"]
    keys = ["P-1", " p-1 ", "ORGA-1", "orga-1", "Test2", "essai", "", "Anonyme", "P-2", "P-3", "P\u00a0 4", "Straße", "STRASSE"]
    for i, key in enumerate(keys * 3):
        lines.append(f"{key};2026-03-0{1 + i % 9} 10:00;{'Plutôt d' if i % 2 else 'Pas du tout d'}'accord;Ne sait pas")
    path = tmp_path / "enquete.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    codebook = Codebook.from_items(CORPUS_ITEMS)
    codebook.test_entries = ["ORGA-1"]
    codebook.respondent_key = "Code participant"
    general = _facts(_import(path, codebook, False, monkeypatch))
    monkeypatch.setattr(pseudonym_module, "_CHUNK_BYTES", 16)  # the keys ciphered one at a time
    columnar = _facts(_import(path, codebook, True, monkeypatch))
    assert columnar == general
    reasons = list(general["rows"]["reason"])  # type: ignore[index]
    assert reasons.count("test") == 3 * 4 and reasons.count("duplicate") > 0


@pytest.mark.parametrize("chunk", [2, 3, 5, 8])
def test_files_polars_reads_as_written_are_told_apart_in_chunks_of_any_size(chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from surveys import columnar

    monkeypatch.setattr(columnar, "_CHUNK_BYTES", chunk)
    rng = random.Random(chunk)
    path = tmp_path / "octets.csv"
    for _ in range(300):
        data = bytes(rng.choice(b"a;\r\n\x00" if rng.random() < 0.3 else b"a;\r\n") for _ in range(rng.randint(1, 14)))
        path.write_bytes(data)
        with path.open("rb") as stream:
            # No NUL byte, and every carriage return before a line feed (a CRLF split between two chunks included).
            assert columnar.readable_by_polars(stream, len(data)) == (b"\x00" not in data and data.count(b"\r") == data.count(b"\r\n")), data


@pytest.mark.parametrize(("case", "ending", "cell"), [("old Mac line breaks", b"\r", "Lyon"), ("Windows line breaks", b"\r\n", "Lyon"),
                                                      ("a NUL byte", b"\n", "Ly\x00on")])
def test_a_csv_is_read_column_wise_only_when_polars_reads_it_as_written(
    case: str, ending: bytes, cell: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveys import columnar
    from surveys.problems import SuiviError

    monkeypatch.setattr(columnar, "_CHUNK_BYTES", 1000)  # the file is looked through in several chunks
    lines = ["Code participant;Les citoyens sont écoutés;La démarche est utile;Ville"]
    lines += [f"P-{i};Plutôt d'accord;Ne sait pas;{cell if i == 390 else 'Paris'}" for i in range(400)]  # past the first 4,096 bytes
    path = tmp_path / "enquete.csv"
    path.write_bytes(ending.join(line.encode() for line in lines) + ending)
    if "\x00" in cell:
        for columnar_first in (False, True):
            monkeypatch.setattr(spreadsheet, "COLUMNAR_MIN_BYTES", 0 if columnar_first else 1 << 40)
            with pytest.raises(SuiviError) as raised:
                read_table(path)
            assert raised.value.code == "octets_nuls"
        return
    general = _import(path, CORPUS_ITEMS, False, monkeypatch)
    forced = _import(path, CORPUS_ITEMS, True, monkeypatch)
    assert _facts(forced) == _facts(general) and len(general.rows) == 400
    table = forced.files[0].table
    assert table is not None and (table._body is not None) == (ending == b"\r\n")  # old Mac breaks: the general reader


def test_row_numbers_read_as_python_integers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "enquete.csv"
    path.write_text("Code;Avis\n" + "".join(f"P-{i};Oui\n" for i in range(5)) + "\n" + "P-9;Non\n", encoding="utf-8")
    for columnar_first in (False, True):
        monkeypatch.setattr(spreadsheet, "COLUMNAR_MIN_BYTES", 0 if columnar_first else 1 << 40)
        table = read_table(path)
        assert table.rows == [2, 3, 4, 5, 6, 8] and list(table.rows) == [2, 3, 4, 5, 6, 8] and table.rows[1:3] == [3, 4]
        assert type(table.rows[-1]) is int and table.rows[-1] == 8 and table.row_numbers().dtype == np.int64
        assert table.problem("fichier_endommage", "m", index=5).row == 8 and table.skipped_blank_rows == [7]


@pytest.mark.parametrize("first_rows", [1, 3, 10_000])
def test_factorized_columns_number_their_values_by_first_appearance(first_rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd
    import polars as pl

    from surveys import columnar

    monkeypatch.setattr(columnar, "_FIRST_ROWS", first_rows)  # a value first seen after the rows looked at first
    rng = random.Random(first_rows)
    answers = [rng.choice(["Oui", "Non", None, " Oui "]) for _ in range(40)] + ["Peut-être", None, "Non"]
    frame = pl.DataFrame({"a": answers, "b": [f"R{i}" for i in range(len(answers))], "c": [None] * len(answers)},
                         schema=dict.fromkeys("abc", pl.String))
    for name, (codes, distinct) in zip("abc", columnar.factorize_columns(frame, plain=True)):
        cells = frame[name].to_list()
        uniques = pd.unique(pd.Series([v for v in cells if v is not None], dtype=object))
        assert distinct.tolist() == [v.strip() for v in uniques] + [""]  # first appearance, then "" for missing cells
        assert distinct[codes].tolist() == ["" if v is None else v.strip() for v in cells]


def test_pseudonyms_spelled_part_by_part_are_spelled_as_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import surveys.exports.pseudonym as pseudonym_module
    from surveys.exports.pseudonym import spelled, spelled_array

    monkeypatch.setattr(pseudonym_module, "_SPELT_AT_ONCE", 3)
    hasher = Pseudonymiser(KEY)
    for count in range(11):
        packed = hasher.packed([f"P-{i}" for i in range(count)])
        array = spelled_array(packed)
        assert array.dtype == object and array.tolist() == spelled(packed) == [pseudonym(KEY, f"P-{i}") for i in range(count)]
