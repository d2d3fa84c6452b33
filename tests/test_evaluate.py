"""``suivi evaluate`` end to end on the bundled example and on small démarche folders."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from click.testing import CliRunner

from evaluation.check import check_folder
from evaluation.cli import cli
from evaluation.demarche.folder import FolderInvalid
from evaluation.fieldwork.survey_data import load_survey_data
from evaluation.report.evaluate import evaluate
from evaluation.report.indicators_output import CSV_FILE, SCHEMA_FILE
from evaluation.resources import examples_dir
from indicators.definitions import DEFINITIONS
from indicators.models import CSV_COLUMNS
from indicators.notes import Note
from indicators.vocabulary import Dimension
from surveys.problems import ProblemReport

EXAMPLE = examples_dir() / "convention-mobilites"
DOCS = Path(__file__).parents[1] / "docs" / "formats.md"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluate") / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    result = evaluate(folder, resamples=300)
    return folder, result


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_writes_the_table_and_its_schema(example):
    folder, result = example
    assert [p.name for p in result.paths] == [CSV_FILE, SCHEMA_FILE]
    table = rows(folder / "out" / CSV_FILE)
    assert list(table[0]) == list(CSV_COLUMNS)
    assert len(table) == len(result.results)
    report = frictionless.validate(CSV_FILE, schema=SCHEMA_FILE, basepath=str(folder / "out"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "message"])


def test_schema_catches_a_bad_row(example, tmp_path):
    folder, _ = example
    text = (folder / "out" / CSV_FILE).read_text(encoding="utf-8")
    bad = tmp_path / CSV_FILE
    bad.write_text(text.replace("\npertinence,", "\npertinance,", 1), encoding="utf-8")
    shutil.copy(folder / "out" / SCHEMA_FILE, tmp_path / SCHEMA_FILE)
    assert not frictionless.validate(CSV_FILE, schema=SCHEMA_FILE, basepath=str(tmp_path)).valid


def test_every_dimension_of_the_example(example):
    _, result = example
    dimensions = {r.dimension for r in result.results}
    assert {Dimension.PERTINENCE, Dimension.ORGANISATION, Dimension.REPRESENTATIONS, Dimension.DEVOIR_DE_SUITE,
            Dimension.QUALITE, Dimension.REPRESENTATIVITE, Dimension.PARTICIPATION} <= dimensions


def test_codes_are_defined(example):
    _, result = example
    for row in result.results:
        if row.dimension != Dimension.IMPACT_INTERNE:
            assert row.indicator in DEFINITIONS, row.indicator
            assert row.base == DEFINITIONS[row.indicator].base, row
            assert row.note in {""} | {n.value for n in Note}, row.note


def test_counts_match_the_import(example):
    _folder, result = example
    data = load_survey_data(result.demarche, ProblemReport())
    responses = data.responses
    for wave in ("pre", "post"):
        expected = responses.loc[responses["wave"] == wave, "respondent"].nunique()
        assert result.participation.respondents[wave] == expected
        assert result.select(Dimension.PARTICIPATION, "repondants", wave=wave)[0].value == expected
    pre = set(responses.loc[responses["wave"] == "pre", "respondent"])
    post = set(responses.loc[responses["wave"] == "post", "respondent"])
    assert result.participation.pairs == {"post-pre": len(pre & post)}
    assert result.participation.dropouts == {"post-pre": len(pre - post)}


def test_change_rows_are_on_pairs(example):
    _, result = example
    for row in result.results:
        if row.wave == "post-pre" and row.indicator == "difference_moyenne" and not row.suppressed:
            assert row.base == "paires" and row.p_value is not None and row.p_adjusted >= row.p_value


def test_small_categories_are_hidden_and_nothing_identifying_is_written(example):
    folder, result = example
    hidden = [r for r in result.results if r.suppressed]
    assert hidden and all(r.value is None and r.n is None for r in hidden)
    assert {c.group for c in result.suppressed} >= {"categorie=Artisans, commerçants, chefs d'entreprise"}
    text = (folder / "out" / CSV_FILE).read_text(encoding="utf-8")
    assert not re.search(r"R-[0-9a-f]{16}", text)  # no respondent key
    assert "@" not in text


def test_reproducible(example, tmp_path):
    folder, result = example
    again = evaluate(folder, out_dir=tmp_path, resamples=300)
    assert again.results == result.results


def test_every_code_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for code, definition in DEFINITIONS.items():
        if definition.base != "entretiens":  # interview indicators are documented with the interviews
            assert f"`{code}`" in docs, code
    for note in Note:
        assert f"`{note.value}`" in docs, note


def _minimal(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "demarche.yaml").write_text(
        "id: essai\ntitre: Essai\ncommanditaire: Direction\nmodalites: [atelier_citoyen]\n"
        "dates: {debut: 2026-01-10, fin: 2026-02-10, restitution: 2026-03-01}\nquestions: ['Quoi ?']\n" + extra,
        encoding="utf-8",
    )
    return folder


def test_folder_without_surveys_nor_register(tmp_path):
    folder = _minimal(tmp_path / "essai")
    result = evaluate(folder)
    assert {r.dimension for r in result.results} == {Dimension.QUALITE}
    assert result.problems.codes() == ["registre_absent"]
    assert result.participation.respondents == {}


def test_cli_on_the_example(tmp_path):
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    outcome = CliRunner().invoke(cli, ["evaluate", str(folder)])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert re.fullmatch(
        r"Indicateurs calculés : \d+ lignes \(\d+ masquées au titre du secret statistique, seuil : 11 personnes ; "
        r"\d+ lignes d'entretien masquées : services de moins de 3 agents interrogés\)\.",
        lines[0],
    )
    assert lines[1] == "Enquêtes : répondants avant : 115, après : 102."
    assert lines[2] == "Paires appariées avant → après : 99 (16 abandons)."
    assert lines[3] == f"Écrit : {folder / 'out' / CSV_FILE}"
    assert lines[4] == f"Écrit : {folder / 'out' / SCHEMA_FILE}"


def test_cli_threshold_hides_more(tmp_path):
    folder = _minimal(tmp_path / "essai", "fichiers:\n  marges: marges.csv\n  panel: panel.csv\n")
    (folder / "marges.csv").write_text("variable,categorie,part\nSexe,Femme,0.5\nSexe,Homme,0.5\n", encoding="utf-8")
    (folder / "panel.csv").write_text("Sexe\n" + "Femme\n" * 12 + "Homme\n" * 30, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["evaluate", str(folder)]).exit_code == 0
    visible = pd.read_csv(folder / "out" / CSV_FILE, keep_default_na=False)
    assert not (visible["suppressed"] == True).any()  # noqa: E712
    outcome = runner.invoke(cli, ["evaluate", str(folder), "--seuil", "20"])
    assert outcome.exit_code == 0
    assert "(5 masquées au titre du secret statistique, seuil : 20 personnes)" in outcome.output
    table = pd.read_csv(folder / "out" / CSV_FILE, keep_default_na=False)
    women = table[(table["indicator"] == "part_panel") & (table["group"] == "categorie=Femme")].iloc[0]
    men = table[(table["indicator"] == "part_panel") & (table["group"] == "categorie=Homme")].iloc[0]
    assert (women["note"], men["note"]) == ("secret_statistique", "secret_secondaire")
    largest = table[table["indicator"] == "ecart_maximal"].iloc[0]  # equal gaps: the first category
    assert (largest["group"], largest["note"]) == ("categorie=Femme", "secret_statistique")
    reference = table[(table["indicator"] == "part_reference") & (table["group"] == "categorie=Femme")].iloc[0]
    assert float(reference["value"]) == 0.5  # a public figure stays visible


def test_cli_refuses_and_writes_nothing_when_an_input_has_errors(tmp_path):
    folder = _minimal(tmp_path / "essai", "fichiers:\n  marges: marges.csv\n")
    (folder / "marges.csv").write_text("variable,categorie,part\nSexe,Femme,0.7\nSexe,Homme,0.5\n", encoding="utf-8")
    (folder / "out").mkdir()
    (folder / "out" / CSV_FILE).write_text("ancien\n", encoding="utf-8")
    outcome = CliRunner().invoke(cli, ["evaluate", str(folder)])
    assert outcome.exit_code == 1
    assert outcome.output.startswith("Erreur : Le dossier « essai » contient des erreurs ; rien n'a été écrit.\n")
    assert "Les parts de la variable « Sexe » totalisent 1.2 au lieu de 1" in outcome.output
    assert (folder / "out" / CSV_FILE).read_text(encoding="utf-8") == "ancien\n"
    assert "marges_somme" in check_folder(folder).codes()
    with pytest.raises(FolderInvalid):
        evaluate(folder)


def test_cli_missing_margins_file_and_usage_errors(tmp_path):
    folder = _minimal(tmp_path / "essai", "fichiers:\n  marges: absent.csv\n")
    runner = CliRunner()
    outcome = runner.invoke(cli, ["evaluate", str(folder)])
    assert outcome.exit_code == 1
    assert "Le fichier « absent.csv » est introuvable." in outcome.output
    missing = runner.invoke(cli, ["evaluate", str(tmp_path / "nulle-part")])
    assert missing.exit_code == 1
    assert f"Le dossier « {tmp_path / 'nulle-part'} » est introuvable." in missing.output
    assert runner.invoke(cli, ["evaluate", str(folder), "--seuil", "0"]).exit_code == 2
