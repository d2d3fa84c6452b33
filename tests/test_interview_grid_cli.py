"""``suivi interview-grid``: the blank grids it writes, its messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from interview_helpers import coding, fixtures, read, rendered

from evaluation.cli import cli
from surveys.interviews import CODES


def _run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["interview-grid", *args])


def test_writes_both_grids_and_says_where(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ma-demarche"
    result = _run(runner, str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Grille Word (un entretien par document) : {folder / 'grille-entretien.docx'}",
        f"Grille Excel (une ligne par entretien et par codeur ou codeuse) : {folder / 'entretiens.xlsx'}",
        "Copiez la grille Word pour chaque entretien codé, ou remplissez la grille Excel, puis indiquez le fichier "
        "(ou le dossier des grilles Word) sous « fichiers: entretiens: » dans demarche.yaml.",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["entretiens.xlsx", "grille-entretien.docx"]


def test_the_workbook_is_ready_to_fill(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, str(tmp_path))
    book = openpyxl.load_workbook(tmp_path / "entretiens.xlsx")
    assert book.sheetnames == ["Entretiens", "Angles morts", "Réconciliation", "Consignes"]
    main = book["Entretiens"]
    assert main.freeze_panes == "C2"
    headers = [c.value for c in main[1]]
    assert headers[:6] == ["Entretien", "Codeur ou codeuse", "Date de l'entretien", "Fonction de la personne interrogée", "Service", "Noms à masquer"]
    assert headers[6:9] == ["P1 niveau", "P1 justification", "P1 citations"]
    assert "P2 services avant" in headers and "P2 services après" in headers
    lists = {str(dv.sqref): dv for dv in main.data_validations.dataValidation}
    for code in CODES:
        letter = main.cell(row=1, column=headers.index(f"{code} niveau") + 1).column_letter
        validation = lists[f"{letter}2:{letter}501"]
        assert (validation.type, validation.formula1) == ("list", '"0,1,2"')
        assert validation.prompt.endswith("0 = absent, 1 = affirmé, 2 = attesté par une pièce.")
        assert main[f"{letter}1"].comment.text.startswith(f"{code} ")
    assert main.column_dimensions["H"].width == 42
    reconciliation = book["Réconciliation"]
    codes = next(dv for dv in reconciliation.data_validations.dataValidation if str(dv.sqref) == "B2:B501")
    assert codes.formula1 == '"P1,P2,P3,P4,P5,P6,TM"'
    instructions = [c.value for c in book["Consignes"]["B"] if c.value]
    assert any("Réconciliation" in line for line in instructions)
    assert book.properties.language == "fr-FR"


def test_the_written_grids_read_back_once_filled(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, str(tmp_path))
    document = docx.Document(str(tmp_path / "grille-entretien.docx"))
    original = coding("E09", "Malik Ferrand", (0, 1, 2, 1, 0, 1, 2), names=("Léa Fontaine",), quotes={"TM": ("Une demi-journée par semaine.",)})
    fixtures.fill_docx(document, original)
    filled = tmp_path / "E09-mf.docx"
    document.save(filled)
    interviews, report = read(filled)
    assert rendered(report) == []
    assert interviews.codings == (original,)
    book = openpyxl.load_workbook(tmp_path / "entretiens.xlsx")
    fixtures.fill_workbook(book, [original])
    book.save(tmp_path / "entretiens.xlsx")
    from_excel, report = read(tmp_path / "entretiens.xlsx")
    assert rendered(report) == []
    assert from_excel.codings == (original,)


def test_an_existing_grid_is_never_replaced_without_force(runner: CliRunner, tmp_path: Path) -> None:
    _run(runner, str(tmp_path))
    (tmp_path / "entretiens.xlsx").write_bytes(b"entretiens codes")
    result = _run(runner, str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Erreur : Le fichier « grille-entretien.docx » existe déjà dans « {tmp_path} » : il contient peut-être des entretiens "
        "codés et n'a pas été remplacé. Choisissez un autre dossier, ou ajoutez --force pour le remplacer par une grille vierge.\n"
    )
    assert (tmp_path / "entretiens.xlsx").read_bytes() == b"entretiens codes"
    forced = _run(runner, str(tmp_path), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "entretiens.xlsx").read_bytes().startswith(b"PK")


def test_a_file_instead_of_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x")
    result = _run(runner, str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Erreur : « {target} » est un fichier, pas un dossier : indiquez le dossier où écrire les grilles.\n"


def test_a_missing_template(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, str(tmp_path / "out"), "--template", str(tmp_path / "charte.docx"))
    assert result.exit_code == 1
    assert result.stderr == f"Erreur : Le modèle Word « {tmp_path / 'charte.docx'} » est introuvable.\n"
    assert not (tmp_path / "out").exists()


def test_missing_folder_argument_is_a_usage_error(runner: CliRunner) -> None:
    result = _run(runner)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Erreur : argument manquant : DOSSIER"


def test_help_is_french_and_listed(runner: CliRunner) -> None:
    result = _run(runner, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage : suivi interview-grid [OPTIONS] DOSSIER")
    assert "--force" in result.output and "Remplacer une grille déjà présente dans le dossier." in result.output
    listing = runner.invoke(cli, ["--help"]).output
    assert "interview-grid" in listing and "Écrire une grille d'entretien vierge" in listing
