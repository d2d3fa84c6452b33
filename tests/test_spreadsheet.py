"""Reading spreadsheets: kind from bytes, encodings, delimiters, header row, row numbers, errors."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from surveys.problems import SuiviError
from surveys.spreadsheet import detect_kind, find_header_row, read_table


def _xlsx(path: Path, rows: list[list[object]], title: str = "Feuil1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_header_below_title_and_blank_rows_keeps_excel_row_numbers(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "registre.xlsx",
        [["Registre des propositions"], [], ["Identifiant", "Statut", "Date"], ["P01", "Retenue", dt.date(2026, 5, 6)], [], ["P02", "Non retenue", None]],
    )
    table = read_table(path)
    assert table.kind == "xlsx"
    assert table.header_row == 3
    assert table.headers == ["Identifiant", "Statut", "Date"]
    assert table.letters == ["A", "B", "C"]
    assert table.rows == [4, 6]
    assert table.skipped_blank_rows == [5]
    assert table.frame["Identifiant"].tolist() == ["P01", "P02"]
    assert table.frame.loc[0, "Date"] == dt.date(2026, 5, 6)


def test_problem_names_the_cell(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "p.xlsx", [["", "Identifiant", "Statut"], ["", "P01", "Peut-être"]], title="Propositions")
    table = read_table(path)
    problem = table.problem("statut_inconnu", "Statut inconnu.", index=0, column="Statut", value="Peut-être")
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.header) == ("p.xlsx", "Propositions", 2, "C", "Statut")
    assert problem.render() == "Erreur — p.xlsx, feuille « Propositions », cellule C2 (Statut) : Statut inconnu."


def test_integers_from_excel_are_ints_and_excel_escapes_decoded(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "e.xlsx", [["n", "texte"], [3, "ligne 1_x000D_\nligne 2"], [4.5, "a_x000B_b"]])
    frame = read_table(path).frame
    assert frame["n"].tolist() == [3, 4.5]
    assert isinstance(frame.loc[0, "n"], int)
    assert frame["texte"].tolist() == ["ligne 1\nligne 2", "a\nb"]


@pytest.mark.parametrize(
    ("raw", "encoding", "delimiter"),
    [
        ("Identifiant;Thème\nP01;Mobilité\n".encode("utf-8-sig"), "utf-8-sig", ";"),
        ("Identifiant;Thème\nP01;Mobilité œuvre\n".encode("cp1252"), "cp1252", ";"),
        ("Identifiant,Thème\nP01,Mobilité\n".encode(), "utf-8", ","),
        ("Identifiant\tThème\nP01\tMobilité\n".encode("utf-16"), "utf-16", "\t"),
    ],
    ids=["utf8-bom-semicolon", "cp1252-semicolon", "utf8-comma", "utf16-tab"],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, raw: bytes, encoding: str, delimiter: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    table = read_table(path)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", encoding, delimiter)
    assert table.headers == ["Identifiant", "Thème"]
    assert table.frame.loc[0, "Thème"].startswith("Mobilité")


def test_csv_cell_with_newline_and_comma_in_quotes(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('id,avis\n1,"Ni d\'accord, ni pas d\'accord"\n2,"deux\nlignes"\n3,x\n', encoding="utf-8")
    table = read_table(path)
    assert table.frame["avis"].tolist() == ["Ni d'accord, ni pas d'accord", "deux\nlignes", "x"]
    assert table.rows == [2, 3, 4]


def test_kind_is_detected_from_bytes_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "vraiment-un-csv.xlsx"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    assert read_table(path).kind == "csv"


def test_detect_kind() -> None:
    assert detect_kind(b"%PDF-1.7") == "pdf"
    assert detect_kind(b"<html><body>") == "html"
    assert detect_kind(b"\x00\x01\x02\x03binary\x00\x00\xff") == "binary"
    assert detect_kind(b"a,b\n1,2") == "csv"


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("absent.xlsx", None, "fichier_absent", "Le fichier « absent.xlsx » est introuvable. Vérifiez son nom et son emplacement dans le dossier de la démarche."),
        ("vide.xlsx", b"", "fichier_vide", "Le fichier « vide.xlsx » est vide (0 octet). Enregistrez-le de nouveau depuis votre tableur."),
        ("rapport.xlsx", b"%PDF-1.4 rapport", "pas_un_tableur", "Le fichier « rapport.xlsx » n'est pas un classeur ni un fichier CSV lisible (contenu reconnu : document PDF). Enregistrez-le au format .xlsx ou .csv depuis votre tableur."),
        ("~$propositions.xlsx", b"lock", "fichier_verrou", "« ~$propositions.xlsx » est un fichier de verrouillage créé par un tableur ouvert, pas vos données. Fermez le tableur et indiquez le vrai fichier."),
    ],
)
def test_fatal_errors_have_their_own_message(tmp_path: Path, name: str, content: bytes | None, code: str, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SuiviError) as caught:
        read_table(path)
    assert caught.value.code == code
    assert str(caught.value) == message


def test_truncated_xlsx_is_reported_as_corrupt(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "ok.xlsx", [["a"], [1]])
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(good.read_bytes()[: 600])
    with pytest.raises(SuiviError) as caught:
        read_table(broken)
    assert caught.value.code == "fichier_endommage"
    assert str(caught.value).startswith("Le fichier « casse.xlsx » est endommagé ou incomplet")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "rien")
    with pytest.raises(SuiviError, match="contenu reconnu : archive ZIP"):
        read_table(path)


def test_unknown_sheet_lists_sheets(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "p.xlsx", [["a"], [1]], title="Données")
    with pytest.raises(SuiviError) as caught:
        read_table(path, sheet="Propositions")
    assert str(caught.value) == "Le classeur « p.xlsx » n'a pas de feuille « Propositions ». Feuilles présentes : « Données »."


def test_blank_sheet_has_no_header(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "vide.xlsx", [[None]])
    with pytest.raises(SuiviError) as caught:
        read_table(path)
    assert caught.value.code == "entete_absent"


def test_preferred_sheet_is_chosen(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Consignes"
    workbook.active.append(["Lisez-moi"])
    data = workbook.create_sheet("Propositions")
    data.append(["Identifiant"])
    data.append(["P01"])
    workbook.save(tmp_path / "p.xlsx")
    table = read_table(tmp_path / "p.xlsx", preferred_sheets=["Propositions"])
    assert table.sheet == "Propositions"
    assert table.frame["Identifiant"].tolist() == ["P01"]


def test_find_header_row_with_known_headings() -> None:
    rows = [["Note : ne pas modifier", "", ""], ["x", "y", "z"], ["Identifiant", "Statut", "autre"]]
    assert find_header_row(rows, known=lambda v: v in {"Identifiant", "Statut"}) == 2
    assert find_header_row(rows) == 1
    assert find_header_row([["", ""], [None, ""]]) is None


def test_duplicate_headers_are_made_unique(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Q,Q,R\n1,2,3\n", encoding="utf-8")
    assert list(read_table(path).frame.columns) == ["Q", "Q.1", "R"]
