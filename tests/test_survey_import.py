"""Survey import of a démarche: waves matched, privacy, the key file, the report, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from evaluation.check import check_folder
from evaluation.cli import cli
from evaluation.demarche.model import load_demarche
from evaluation.documents.printsetup import LINE_HEIGHT
from evaluation.fieldwork.survey_data import load_survey_data
from evaluation.fieldwork.survey_report import write_survey_report
from evaluation.resources import examples_dir
from surveys.exports.importer import SurveySource, import_surveys
from surveys.exports.items import ItemSpec, MissingReason, Scale, Wave
from surveys.exports.pseudonym import KEY_FILE, load_or_create_key, normalise_key, pseudonym
from surveys.problems import ProblemReport

ACCORD = Scale(id="accord4", labels={"Pas du tout d'accord": 1, "Plutôt pas d'accord": 2, "Plutôt d'accord": 3, "Tout à fait d'accord": 4},
               nonanswers={"Ne sait pas": MissingReason.DONT_KNOW})
ITEMS = [ItemSpec(id="ecoute", wording="Les citoyens sont écoutés", scale=ACCORD, waves=(Wave.PRE, Wave.POST, Wave.FOLLOW_UP))]
KEY = b"\x07" * 32


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    return folder


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_waves_are_matched_on_the_pseudonymised_key(tmp_path: Path) -> None:
    pre = _csv(tmp_path / "avant.csv", ["Code participant,Les citoyens sont écoutés", "A1,Plutôt pas d'accord", "A2,Ne sait pas", "A3,Plutôt d'accord"])
    post = _csv(tmp_path / "apres.csv", ["Code participant,Les citoyens sont écoutés", " a1 ,Plutôt d'accord", "A3,Tout à fait d'accord", "A9,Plutôt d'accord"])
    follow = _csv(tmp_path / "suivi.csv", ["Code participant,Les citoyens sont écoutés", "A1,Tout à fait d'accord"])
    data = import_surveys([SurveySource(pre, Wave.PRE), SurveySource(post, Wave.POST), SurveySource(follow, Wave.FOLLOW_UP)], ITEMS, key=KEY)
    summary = data.wave_summary().set_index("wave")
    assert summary.loc["pre", "respondents"] == 3 and pd.isna(summary.loc["pre", "pairs"])
    assert summary.loc["post", "pairs"] == 2 and summary.loc["follow_up", "pairs"] == 1
    a1 = pseudonym(KEY, normalise_key("A1"))
    values = data.responses[data.responses["respondent"] == a1].set_index("wave")["value"].to_dict()
    assert values == {"pre": 2.0, "post": 3.0, "follow_up": 4.0}
    assert list(data.responses.columns) == ["respondent", "wave", "item", "value", "label", "missing"]
    assert all(isinstance(data.responses[c].dtype, pd.CategoricalDtype) for c in ("respondent", "wave", "item", "label", "missing"))
    assert data.responses["value"].dtype == "float64"


def test_duplicates_across_two_files_of_one_wave(tmp_path: Path) -> None:
    first = _csv(tmp_path / "session1.csv", ["Horodateur,Adresse e-mail,Les citoyens sont écoutés", "01/03/2026 10:00:00,x@exemple.fr,Plutôt d'accord"])
    second = _csv(tmp_path / "session2.csv", ["Horodateur,Adresse e-mail,Les citoyens sont écoutés", "02/03/2026 10:00:00,X@exemple.fr,Tout à fait d'accord"])
    data = import_surveys([SurveySource(first, Wave.PRE), SurveySource(second, Wave.PRE)], ITEMS, key=KEY)
    assert data.rows[["file", "reason"]].values.tolist() == [["session1.csv", "duplicate"], ["session2.csv", ""]]
    assert data.responses["value"].tolist() == [4.0]
    problem = data.problems.warnings[0]
    assert (problem.file, problem.row, problem.code) == ("session1.csv", 2, "doublon")
    assert problem.message == ("Doublon : la même personne a répondu plusieurs fois à cette vague. La réponse la plus récente "
                               "(ligne 2 de session2.csv) est conservée, celle-ci est exclue.")


def test_unreadable_file_is_a_problem_and_others_are_imported(tmp_path: Path) -> None:
    good = _csv(tmp_path / "avant.csv", ["Code participant,Les citoyens sont écoutés", "A1,Plutôt d'accord"])
    bad = tmp_path / "apres.xlsx"
    bad.write_bytes(b"%PDF-1.4 pas un tableur")
    data = import_surveys([SurveySource(good, Wave.PRE), SurveySource(bad, Wave.POST)], ITEMS, key=KEY)
    assert [p.code for p in data.problems.errors] == ["pas_un_tableur"]
    assert len(data.responses) == 1


def test_a_failure_on_the_keys_thread_is_the_files_problem_and_no_thread_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import surveys.exports.importer as importer
    from surveys.problems import SuiviError

    first = _csv(tmp_path / "avant.csv", ["Code participant,Les citoyens sont écoutés", "A1,Plutôt d'accord"])
    second = _csv(tmp_path / "apres.csv", ["Code participant,Les citoyens sont écoutés", "A1,Tout à fait d'accord"])
    keys = importer._key_values

    def failing(table, plan, n):  # type: ignore[no-untyped-def]
        if table.file == "avant.csv":
            raise SuiviError("Les codes participants de avant.csv sont illisibles.", code="fichier_endommage", file="avant.csv")
        return keys(table, plan, n)

    monkeypatch.setattr(importer, "_key_values", failing)
    before = threading.active_count()
    data = import_surveys([SurveySource(first, Wave.PRE), SurveySource(second, Wave.POST)], ITEMS, key=KEY)
    assert [(p.code, p.file, p.message) for p in data.problems.errors] == [
        ("fichier_endommage", "avant.csv", "Les codes participants de avant.csv sont illisibles.")]
    assert [f.file for f in data.files] == ["apres.csv"] and data.responses["value"].tolist() == [4.0]
    assert threading.active_count() == before  # the keys' thread ended with its file


def test_key_file_is_created_once_private_and_stable(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path)
    path = tmp_path / KEY_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(tmp_path) == key and len(key) == 32
    path.write_text("pas une cle", encoding="ascii")
    with pytest.raises(Exception) as caught:
        load_or_create_key(tmp_path)
    assert getattr(caught.value, "code", None) == "cle_invalide"


def test_example_import_counts(example: Path) -> None:
    demarche = load_demarche(example, ProblemReport())
    report = ProblemReport()
    data = load_survey_data(demarche, report)
    summary = data.wave_summary().set_index("wave")
    assert summary.loc["pre", ["rows", "kept", "test", "incomplete", "duplicate"]].tolist() == [120, 115, 1, 1, 3]
    assert summary.loc["post", ["rows", "kept", "duplicate", "pairs"]].tolist() == [103, 102, 1, 99]
    assert not report.has_errors
    assert (example / KEY_FILE).is_file()
    # Kept + excluded = rows read, file by file.
    for imported in data.files:
        assert len(imported.rows) == len(imported.table.frame) + len(imported.table.skipped_blank_rows)
    # Trust rises modestly on matched pairs.
    pairs = data.responses[data.responses["item"] == "rep_confiance_etat"].pivot_table(
        index="respondent", columns="wave", values="value", observed=True).dropna()
    assert 0 < (pairs["post"] - pairs["pre"]).mean() < 1
    assert set(data.respondents.columns) >= {"respondent", "wave", "socio_sexe", "socio_age", "socio_csp", "socio_taille_commune", "socio_diplome", "mob_usage_tc"}
    assert (data.respondents.loc[data.respondents["wave"] == "pre", "socio_sexe"].isin(["Femme", "Homme"])).all()


def test_no_identifier_reaches_the_outputs(example: Path) -> None:
    demarche = load_demarche(example, ProblemReport())
    report = ProblemReport()
    data = load_survey_data(demarche, report)
    target = write_survey_report(data, report, example / "out" / "import-enquetes.xlsx")
    workbook = openpyxl.load_workbook(target)
    text = " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    frames = " ".join(f.astype(str).to_csv() for f in (data.responses, data.respondents, data.rows, data.columns))
    for haystack in (text, frames):
        assert "@exemple.fr" not in haystack
        assert "MOB-0" not in haystack and "mob-0" not in haystack
        assert "TEST-ORGA" not in haystack
    key = (example / KEY_FILE).read_text().strip()
    assert key not in text


def test_report_workbook_layout(example: Path) -> None:
    demarche = load_demarche(example, ProblemReport())
    report = ProblemReport()
    data = load_survey_data(demarche, report)
    target = write_survey_report(data, report, example / "out" / "import-enquetes.xlsx")
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Synthèse", "Lignes", "Colonnes", "Items", "Problèmes", "Lecture"]
    reading = list(workbook["Lecture"].iter_rows(min_row=2, values_only=True))
    assert reading[0][0] == "questionnaire-avant.csv" and reading[0][2].startswith("ligne 1 : ")
    assert reading[0][3].startswith("colonne ") and "code d'accès" in reading[0][3]
    lines = workbook["Lignes"]
    assert lines.freeze_panes == "A2"
    assert lines["A1"].value == "Fichier" and lines["A1"].font.bold
    assert lines.max_row == 1 + 120 + 103
    assert lines.column_dimensions["A"].width == 28
    summary = workbook["Synthèse"]
    assert [c.value for c in summary[2]][:5] == ["avant", "questionnaire-avant.csv", "LimeSurvey", 120, 115]
    statuses = [row[5] for row in lines.iter_rows(min_row=2, values_only=True)]
    assert statuses.count("conservée") == 115 + 102 and statuses.count("exclue") == 6
    # Headings wrap in their columns; the heading row is as tall as the longest, or they print cut.
    assert summary["O1"].value == "Réponses inconnues (valeurs distinctes)" and summary["O1"].alignment.wrap_text
    assert summary.row_dimensions[1].height == 4 * LINE_HEIGHT
    # « Répondant (pseudonyme) », 22 bold characters in a column 20 wide, is given two lines: bold type is
    # wider than body text (and wider still in the font LibreOffice draws where Calibri is missing).
    assert lines.row_dimensions[1].height == 2 * LINE_HEIGHT


def test_formula_injection_is_neutralised_in_the_report(tmp_path: Path) -> None:
    export = _csv(tmp_path / "e.csv", ["Code participant,Les citoyens sont écoutés,=HYPERLINK(\"x\")", "A1,=1+1,x"])
    data = import_surveys([SurveySource(export, Wave.PRE)], ITEMS, key=KEY)
    target = write_survey_report(data, data.problems, tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(target)
    cells = [c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "'=1+1" in cells and "'=HYPERLINK(\"x\")" in cells
    assert not any(c.startswith("=") for c in cells)


def test_cli_surveys_prints_a_summary_and_writes_the_report(example: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["surveys", str(example)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Enquêtes de « Convention citoyenne sur les mobilités du quotidien » :"
    assert lines[1] == ("  Vague « avant » (questionnaire-avant.csv, LimeSurvey) : 120 lignes lues, 115 conservées, "
                        "5 exclues (1 test, 1 incomplète, 3 doublons).")
    assert lines[2] == "    115 répondants ; 10 items reconnus, 0 colonne non reconnue, 0 réponse inconnue."
    assert lines[3] == ("  Vague « après » (questionnaire-apres.xlsx, Microsoft Forms) : 103 lignes lues, 102 conservées, "
                        "1 exclue (1 doublon).")
    assert lines[4] == "    102 répondants dont 99 appariés avec la vague « avant » ; 22 items reconnus, 0 colonne non reconnue, 0 réponse inconnue."
    assert lines[-1] == f"Écrit : {example / 'out' / 'import-enquetes.xlsx'}"
    assert (example / "out" / "import-enquetes.xlsx").is_file()


def test_cli_surveys_exit_code_1_on_errors_and_report_still_written(example: Path, runner: CliRunner) -> None:
    csv_path = example / "enquetes" / "questionnaire-avant.csv"
    lines = csv_path.read_text(encoding="utf-8-sig").split("\n")
    kept = next(i for i, line in enumerate(lines) if line.startswith('"14",'))  # a complete response (line 10's is not)
    lines[kept] = lines[kept].replace('"Plutôt confiance"', '"Plutot confience"', 1)
    csv_path.write_text("\n".join(lines), encoding="utf-8-sig")
    result = runner.invoke(cli, ["surveys", str(example)])
    assert result.exit_code == 1
    assert "1 erreur et 4 avertissements" in result.output
    assert (example / "out" / "import-enquetes.xlsx").is_file()
    check = check_folder(example)
    unknown = [p for p in check.errors if p.code == "libelle_inconnu"]
    assert len(unknown) == 1 and unknown[0].file == "questionnaire-avant.csv" and unknown[0].value == "Plutot confience"
    assert unknown[0].row == kept + 1
    assert "Vouliez-vous dire « Plutôt confiance » ?" in unknown[0].message


def test_cli_surveys_without_surveys_declared(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    yaml_path = folder / "demarche.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    start = text.index("  enquetes:")
    end = text.index("vague: post", start) + len("vague: post\n")
    yaml_path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = runner.invoke(cli, ["surveys", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Erreur : Aucune enquête déclarée dans demarche.yaml. Ajoutez les fichiers sous "
                                     "« fichiers: enquetes: » (fichier, vague, et si besoin format et feuille).")


def test_check_never_writes_the_key(example: Path) -> None:
    report = check_folder(example)
    assert not (example / KEY_FILE).exists()
    assert not report.has_errors


def test_unknown_format_in_demarche_yaml_is_reported(example: Path) -> None:
    yaml_path = example / "demarche.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("format: limesurvey", "format: surveymonkey"), encoding="utf-8")
    report = check_folder(example)
    problem = next(p for p in report if p.code == "format_enquete_inconnu")
    assert problem.value == "surveymonkey" and problem.header == "fichiers.enquetes (élément 1).format"


def test_cli_surveys_out_option_and_check_json(example: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["surveys", str(example), "--out", str(tmp_path / "rapports")])
    assert result.exit_code == 0
    assert (tmp_path / "rapports" / "import-enquetes.xlsx").is_file()
    assert not (example / "out" / "import-enquetes.xlsx").exists()
    checked = runner.invoke(cli, ["check", str(example), "--format", "json"])
    assert checked.exit_code == 0
    records = json.loads(checked.output)
    duplicates = [r for r in records if r["code"] == "doublon" and r["file"] != "retours-reponses.csv"]  # the feedback export has its own
    assert len(duplicates) == 4
    assert {r["file"] for r in duplicates} == {"questionnaire-avant.csv", "questionnaire-apres.xlsx"}
    assert all(r["severity"] == "warning" and r["row"] for r in duplicates)


def test_duplicate_order_understands_google_forms_download_dates(tmp_path: Path) -> None:
    export = _csv(tmp_path / "g.csv", [
        "Horodateur,Adresse e-mail,Les citoyens sont écoutés",
        "2026/03/15 2:10:00 PM UTC+1,x@exemple.fr,Tout à fait d'accord",
        "2026/03/15 9:00:00 AM UTC+1,x@exemple.fr,Plutôt pas d'accord",
    ])
    data = import_surveys([SurveySource(export, Wave.POST)], ITEMS, key=KEY)
    assert data.rows["reason"].tolist() == ["", "duplicate"]  # 2:10 PM is later than 9:00 AM
    assert data.responses["value"].tolist() == [4.0]


def test_export_with_a_header_and_no_answer(tmp_path: Path) -> None:
    pre = _csv(tmp_path / "avant.csv", ["Code participant,Les citoyens sont écoutés", "A1,Plutôt d'accord"])
    post = _csv(tmp_path / "apres.csv", ["Code participant,Les citoyens sont écoutés"])
    data = import_surveys([SurveySource(pre, Wave.PRE), SurveySource(post, Wave.POST)], ITEMS, key=KEY)
    summary = data.wave_summary().set_index("wave")
    assert summary.loc["post", ["rows", "kept", "respondents", "pairs"]].tolist() == [0, 0, 0, 0]
    assert not data.problems


def test_items_sheet_names_the_question(example: Path) -> None:
    demarche = load_demarche(example, ProblemReport())
    report = ProblemReport()
    data = load_survey_data(demarche, report)
    target = write_survey_report(data, report, example / "out" / "import-enquetes.xlsx")
    rows = list(openpyxl.load_workbook(target)["Items"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Item", "Question", "Vague", "Réponses valides")
    by_item = {(r[0], r[2]): r for r in rows[1:]}
    velo = by_item[("mob_modes.velo", "avant")]
    assert velo[1] == "Quels modes de déplacement utilisez-vous chaque semaine ? [Vélo]"
    trust = by_item[("rep_confiance_etat", "après")]
    assert trust[1] == "Faites-vous confiance à l'État pour résoudre les problèmes que connaît notre pays ?"
    assert trust[3] + sum(trust[4:9]) == 102
