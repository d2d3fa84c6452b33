"""read_table on the survey-export formats: UTF-16 « xls », three header rows, CR-only lines…"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from surveys.exports.formats import metadata_role
from surveys.spreadsheet import read_table

DATA = Path(__file__).parent / "data"


def test_framaforms_excel_download_is_utf16_text_with_three_header_rows() -> None:
    table = read_table(DATA / "enquete-framaforms.xls", known_header=lambda h: metadata_role(h) is not None)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-16", "\t")
    assert table.header_row == 3
    assert table.headers[:4] == ["Serial", "SID", "Time", "Draft"]
    assert table.preamble[1][0] == "Submission Details"
    assert table.rows == [4, 5, 6, 7]


def test_factorized_matches_the_frame() -> None:
    table = read_table(DATA / "enquete-limesurvey.xlsx")
    for column in table.frame.columns:
        codes, distinct = table.factorized(column)
        assert list(distinct[codes]) == table.frame[column].tolist()


def test_factorized_is_computed_when_not_cached() -> None:
    table = read_table(DATA / "enquete-google-forms.csv")
    table._codes.clear()
    codes, distinct = table.factorized("Vous êtes")
    assert list(distinct[codes]) == ["Femme", "Homme", "Femme", "Homme"]
    assert isinstance(codes, np.ndarray)


def test_excel_escapes_and_non_breaking_spaces_in_xlsx_cells() -> None:
    table = read_table(DATA / "enquete-limesurvey.xlsx")
    column = table.frame.columns[7]
    assert table.frame.loc[0, column] == "Plutôt d'accord"
    assert table.frame.loc[2, table.frame.columns[6]] == "Ne sait pas"


def test_cp1252_curly_apostrophes_are_not_c1_controls() -> None:
    table = read_table(DATA / "enquete-excel-fr.csv")
    assert table.encoding == "cp1252"
    assert "\u2019" in table.headers[2]
    assert not any("\x92" in h for h in table.headers)


def test_old_mac_csv_with_cr_only_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes("Code participant;Avis\rA1;Plutôt d'accord\rA2;Ne sait pas\r".encode("cp1252"))
    table = read_table(path)
    assert table.frame["Avis"].tolist() == ["Plutôt d'accord", "Ne sait pas"]
    assert table.rows == [2, 3]


def test_limesurvey_csv_with_newlines_inside_quoted_values(tmp_path: Path) -> None:
    path = tmp_path / "ls.csv"
    path.write_bytes(b'\xef\xbb\xbf"id","Commentaire","Avis"\r\n"1","ligne 1\nligne 2","Oui"\r\n"2",,"Non"\r\n\r\n')
    table = read_table(path)
    assert table.frame["Commentaire"].tolist() == ["ligne 1\nligne 2", ""]
    assert table.rows == [2, 3]


def test_ragged_csv_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2\n3,4,5,6\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["a", "b", "c", "(colonne D sans en-tête)"]
    assert table.frame["c"].tolist() == ["", "5"]
    assert table.blank_headings == ["D"]  # the stray 6 is kept, not dropped with its missing heading
    assert table.frame.iloc[:, 3].tolist() == ["", "6"]


def test_ods_is_read() -> None:
    table = read_table(DATA / "enquete-demarches-simplifiees.ods")
    assert (table.kind, table.sheet) == ("ods", "Dossiers")
    assert table.frame.iloc[:, 2].tolist() == [7, 2, 10, 0]


def test_header_found_under_a_title_keeps_the_title_as_preamble() -> None:
    table = read_table(DATA / "enquete-tableur-titre.xlsx")
    assert table.header_row == 3
    assert table.preamble[0][0] == "Enquête de fin d'atelier — saisie manuelle"
    assert table.skipped_blank_rows == [6]
