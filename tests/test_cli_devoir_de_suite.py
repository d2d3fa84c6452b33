"""The devoir-de-suite commands as a user runs them: init, check, respond, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from devoir_de_suite_helpers import EXAMPLE, example_copy, folder_with, tree_digest
from openpyxl import load_workbook

from evaluation.check import check_folder
from evaluation.cli import cli
from evaluation.followup.register import COLUMNS
from surveys.problems import SuiviError


def _in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- init --------------------------------------------------------------------------------------
def test_init_creates_a_ready_to_fill_folder(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)
    result = runner.invoke(cli, ["init", "ma-demarche"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Dossier « ma-demarche » créé :\n  demarche.yaml\n  propositions.xlsx\n"
        "Remplissez demarche.yaml et propositions.xlsx, puis lancez « suivi check ma-demarche ».\n"
    )
    yaml_text = (tmp_path / "ma-demarche" / "demarche.yaml").read_text(encoding="utf-8")
    assert yaml_text.startswith("# Fiche d'identité de la démarche") and "fichiers:\n  propositions: propositions.xlsx" in yaml_text


def test_init_register_template_workbook(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)
    runner.invoke(cli, ["init", "d"])
    workbook = load_workbook(tmp_path / "d" / "propositions.xlsx")
    assert workbook.sheetnames == ["Propositions", "Mode d'emploi", "Lectures", "Listes"]
    sheet = workbook["Propositions"]
    assert [c.value for c in sheet[1]] == [heading for heading, _ in COLUMNS.values()]
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["G"].width == 60 and sheet.column_dimensions["A"].width == 12
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    status = validations["F2:F500"]
    assert status.type == "list" and status.formula1 == "=Listes!$A$2:$A$7" and status.errorStyle == "stop"
    assert [workbook["Listes"].cell(row=r, column=1).value for r in range(2, 8)] == [
        "Retenue", "Retenue partiellement", "Non retenue", "À l'étude", "Déjà en vigueur", "Hors champ"]
    assert validations["H2:H500"].type == "list" and validations["L2:L500"].type == "list"
    assert validations["M2:M500"].type == "decimal" and (validations["M2:M500"].formula1, validations["M2:M500"].formula2) == ("0", "100")
    assert validations["K2:K500"].type == "date" and validations["N2:N500"].type == "date"
    assert workbook["Listes"].sheet_state == "hidden"
    instructions = [row[0].value for row in workbook["Mode d'emploi"].iter_rows()]
    assert instructions[0] == "Registre des propositions citoyennes : mode d'emploi" and "Statut" in instructions


def test_init_refuses_a_non_empty_folder(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "notes.txt").write_text("à garder", encoding="utf-8")
    result = runner.invoke(cli, ["init", "plein"])
    assert result.exit_code == 1
    assert result.stderr == "Erreur : Le dossier « plein » existe déjà et n'est pas vide : rien n'a été écrit. Choisissez un nouveau nom de dossier (suivi n'écrase jamais vos fichiers).\n"
    assert [p.name for p in (tmp_path / "plein").iterdir()] == ["notes.txt"]
    (tmp_path / "vide").mkdir()
    assert runner.invoke(cli, ["init", "vide"]).exit_code == 0


def test_init_example_copies_the_bundled_example(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)
    result = runner.invoke(cli, ["init", "essai", "--example"])
    assert result.exit_code == 0
    assert result.output.startswith("Dossier « essai » créé à partir de l'exemple « convention-mobilites » :\n")
    assert result.output.endswith("Essayez « suivi check essai », puis « suivi respond essai ».\n")
    assert tree_digest(tmp_path / "essai") == tree_digest(EXAMPLE)
    # The option's French name, as the other options (--vague, --seuil, --graine), and its English one.
    assert runner.invoke(cli, ["init", "essai-fr", "--exemple"]).exit_code == 0
    assert tree_digest(tmp_path / "essai-fr") == tree_digest(EXAMPLE)


# --- check -------------------------------------------------------------------------------------
def test_check_clean_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, EXAMPLE / "propositions.xlsx")
    result = runner.invoke(cli, ["check", str(folder), "--date", "2026-10-01"])  # before every deadline of the example
    assert result.exit_code == 0
    assert result.output == f"Aucun problème : le dossier « {folder} » est prêt.\n"


def test_check_example_has_no_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", str(example_copy(tmp_path)), "--format", "json"])
    assert result.exit_code == 0
    assert all(record["severity"] == "warning" for record in json.loads(result.output))


def test_check_lists_every_problem_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-regles.csv")
    result = runner.invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "Erreur — propositions.csv, cellule F4 (Statut) : Statut manquant. Chaque proposition doit avoir un statut parmi : "
        "« Retenue », « Retenue partiellement », « Non retenue », « À l'étude », « Déjà en vigueur », « Hors champ ». [statut_manquant]"
    )
    assert len(lines) == 12 + 2
    assert lines[-2] == f"{folder} : 12 erreurs, 0 avertissement."
    assert lines[-1] == f"Corrigez les erreurs ci-dessus, puis relancez « suivi check {folder} »."


def test_check_with_warnings_only_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-variantes.csv")
    result = runner.invoke(cli, ["check", str(folder), "--date", "2026-10-01"])  # before every deadline of the example
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"{folder} : 0 erreur, 10 avertissements."
    assert "Avertissement — propositions.csv, cellule F6 (Décision) : « retenue partielement » lu comme « Retenue partiellement »." in result.output


def test_check_sums_up_a_long_run_of_one_problem(runner: CliRunner, tmp_path: Path) -> None:
    """A survey pasted three times: its hundreds of « doublon » lines are five lines and a count; JSON keeps them all."""
    folder = example_copy(tmp_path)
    survey = folder / "enquetes" / "questionnaire-avant.csv"
    heading, *rows = survey.read_text(encoding="utf-8-sig").splitlines()
    survey.write_text("\n".join([heading, *rows * 3]) + "\n", encoding="utf-8")
    records = json.loads(runner.invoke(cli, ["check", str(folder), "--format", "json"]).output)
    repeated = [r for r in records if r["file"] == "questionnaire-avant.csv" and r["code"] == "doublon"]
    assert len(repeated) > 200
    lines = runner.invoke(cli, ["check", str(folder)]).output.splitlines()
    shown = [line for line in lines if "questionnaire-avant.csv, ligne " in line]
    assert [line.split(", ")[1].split(" : ")[0] for line in shown] == [f"ligne {r['row']}" for r in repeated[:5]]
    assert all(line.endswith("[doublon]") for line in shown)
    hidden = sorted(r["row"] for r in repeated[5:])
    assert hidden[-1] < 1000  # no thousands separator to spell below
    assert lines[lines.index(shown[-1]) + 1] == (
        f"… et {len(hidden)} autres avertissements du même type [doublon] dans questionnaire-avant.csv, "
        f"lignes {hidden[0]} à {hidden[-1]} : « suivi check --format json » les liste tous.")
    assert lines[-1] == f"{folder} : 0 erreur, {len(records)} avertissements."


def test_check_json_equals_the_library_result(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-regles.csv")
    result = runner.invoke(cli, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert records == json.loads(check_folder(folder).to_json())
    assert len(records) == 12
    for record in records:
        assert set(record) >= {"file", "sheet", "row", "column", "header", "value", "code", "severity", "message"}
    first = records[0]
    assert (first["file"], first["row"], first["column"], first["header"], first["code"], first["severity"]) == (
        "propositions.csv", 4, "F", "Statut", "statut_manquant", "error")


def test_check_reports_demarche_and_register_together(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-vide.xlsx")
    (folder / "demarche.yaml").write_text((folder / "demarche.yaml").read_text(encoding="utf-8").replace("taille: 120", "taille: beaucoup"), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1
    assert [r["code"] for r in json.loads(result.output)] == ["yaml_int_parsing", "registre_vide"]


def test_check_without_demarche_yaml_still_checks_the_register(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "sans-fiche"
    folder.mkdir()
    (folder / "propositions.xlsx").write_bytes((EXAMPLE / "propositions.xlsx").read_bytes())
    result = runner.invoke(cli, ["check", "sans-fiche"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Erreur — demarche.yaml : Le dossier « sans-fiche » ne contient pas de fichier demarche.yaml : ce n'est pas un dossier "
        "de démarche. Vérifiez le chemin, ou créez une nouvelle démarche dans un dossier à part avec « suivi init NOUVEAU-DOSSIER ». "
        "[demarche_absente]"
    )


def test_check_missing_folder_is_a_french_error_without_traceback(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["check", "nulle-part"])
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : Le dossier « nulle-part » est introuvable. Vérifiez le chemin ; pour commencer une nouvelle "
                             "démarche, créez-le avec « suivi init nulle-part ».\n")
    assert "Traceback" not in result.output + result.stderr
    debug = runner.invoke(cli, ["--debug", "check", str(tmp_path / "nulle-part")])
    assert isinstance(debug.exception, SuiviError)


def test_usage_errors_exit_2_in_french(runner: CliRunner) -> None:
    missing = runner.invoke(cli, ["check"])
    assert missing.exit_code == 2 and missing.stderr.splitlines()[-1] == "Erreur : argument manquant : DOSSIER"
    bad = runner.invoke(cli, ["check", "x", "--format", "xml"])
    assert bad.exit_code == 2 and bad.stderr.splitlines()[-1].startswith("Erreur : valeur invalide pour")
    assert runner.invoke(cli, ["respond", "x", "--modele", "y"]).exit_code == 2


# --- respond -----------------------------------------------------------------------------------
def test_respond_writes_into_out(runner: CliRunner, tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    result = runner.invoke(cli, ["respond", str(folder)])
    assert result.exit_code == 0, result.output
    out = folder / "out"
    assert result.output.splitlines() == [f"Écrit : {out / name}" for name in
                                          ("reponse-motivee.docx", "propositions.csv", "propositions.json", "propositions.schema.json",
                                           "lectures.csv", "lectures.json", "lectures.schema.json")]
    assert result.stderr == ""


def test_respond_prints_the_warning_count(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-variantes.csv")
    result = runner.invoke(cli, ["respond", str(folder), "--out", str(tmp_path / "publication")])
    assert result.exit_code == 0
    assert (tmp_path / "publication" / "reponse-motivee.docx").is_file()
    assert result.stderr == f"10 avertissements (détail : suivi check {folder}).\n"


def test_respond_refuses_errors_and_lists_them(runner: CliRunner, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-regles.csv")
    result = runner.invoke(cli, ["respond", str(folder)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Erreur : Le dossier « demarche » contient des erreurs ; rien n'a été écrit."
    assert len([line for line in lines if line.startswith("Erreur — propositions.csv")]) == 12
    assert lines[-1] == "Corrigez-les (la commande « suivi check demarche » les liste toutes), puis relancez."
    assert not (folder / "out").exists()


def test_respond_with_a_template_that_is_not_word(runner: CliRunner, tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    fake = tmp_path / "modele.docx"
    fake.write_text("pas un document", encoding="utf-8")
    result = runner.invoke(cli, ["respond", str(folder), "--template", str(fake)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : ")
    assert "modele.docx" in result.stderr and "Traceback" not in result.stderr
    missing = runner.invoke(cli, ["respond", str(folder), "--template", str(tmp_path / "absent.docx")])
    assert missing.stderr == f"Erreur : Le modèle Word « {tmp_path / 'absent.docx'} » est introuvable.\n"


# --- demo --------------------------------------------------------------------------------------
def test_demo_writes_its_outputs_and_never_touches_the_example(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)
    before = tree_digest(EXAMPLE)
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Démonstration sur la démarche d'exemple « Convention citoyenne sur les mobilités du quotidien », résultats dans out/demo :"
    assert "  convention-mobilites/reponse-motivee.docx" in lines and "  convention-mobilites/propositions.schema.json" in lines
    for line in lines[1:]:
        path = tmp_path / "out" / "demo" / line.strip()
        assert path.is_file() and path.stat().st_size > 0
    assert tree_digest(EXAMPLE) == before
    assert not (EXAMPLE / "out").exists()


def test_demo_into_a_chosen_folder_matches_the_ci_list(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["demo", str(tmp_path / "sortie")])
    assert result.exit_code == 0
    expected = Path(__file__).parents[1] / ".ci" / "expected-demo-outputs.txt"
    promised = [line.strip() for line in expected.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    missing = [name for name in promised if not (tmp_path / "sortie" / name).is_file()]
    assert len(promised) > 30 and missing == []


def test_init_where_writing_is_refused(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _in(tmp_path, monkeypatch)

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr("evaluation.scaffold.tempfile.TemporaryDirectory", refused)
    result = runner.invoke(cli, ["init", "protege"])
    assert result.exit_code == 1
    assert result.stderr == "Erreur : Impossible de créer le dossier « protege » : accès refusé. Choisissez un emplacement où vous pouvez écrire.\n"
