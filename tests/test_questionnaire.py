"""``suivi questionnaire``: Word, Excel and LimeSurvey questionnaires, and the round trip back through the importer."""

from __future__ import annotations

import csv
import io
import math
import random
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from report_helpers import EXAMPLE, WHEN

from evaluation.cli import cli
from evaluation.fieldwork.questionnaire import (
    ANSWER_CODE_PATTERN,
    BOX,
    CODE_PATTERN,
    LIMESURVEY_COLUMNS,
    Format,
    column_headings,
    load_questionnaire,
    write_questionnaire,
)
from evaluation.fieldwork.survey_data import survey_codebook
from surveys.exports.importer import SurveySource, import_surveys
from surveys.exports.items import MissingReason, Wave
from surveys.problems import ProblemReport, Severity

KEY = bytes(32)


def bank_folder(tmp_path: Path) -> Path:
    """A démarche without codebook: its questionnaires come from the item bank alone."""
    folder = tmp_path / "banque"
    folder.mkdir()
    text = (EXAMPLE / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text[: text.index("\nfichiers:")] + "\nfichiers:\n  propositions: propositions.xlsx\n", encoding="utf-8")
    return folder


def example_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    return folder


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


# --- LimeSurvey structure file ---------------------------------------------------------------------------


def test_limesurvey_file_follows_the_tab_separated_structure_format(tmp_path):
    path, questionnaire = write_questionnaire(bank_folder(tmp_path), Wave.PRE, Format.LIMESURVEY)
    assert path.name == "questionnaire-avant-limesurvey.txt"
    raw = path.read_text(encoding="utf-8")
    assert raw.splitlines()[0].split("\t") == list(LIMESURVEY_COLUMNS)
    assert all(line.count("\t") == len(LIMESURVEY_COLUMNS) - 1 for line in raw.splitlines())
    rows = read_tsv(path)
    classes = [row["class"] for row in rows]
    assert set(classes) <= {"S", "SL", "G", "Q", "SQ", "A"}
    assert classes[: classes.index("SL")] == ["S"] * classes.index("SL")  # settings, then texts, then groups
    assert classes.index("G") > max(i for i, c in enumerate(classes) if c == "SL")
    settings = {row["name"]: row["text"] for row in rows if row["class"] == "S"}
    assert settings["language"] == "fr" and settings["format"] == "G"
    assert {row["name"] for row in rows if row["class"] == "SL"} >= {"surveyls_title", "surveyls_description", "surveyls_welcometext", "surveyls_endtext"}
    assert all(row["language"] == "fr" for row in rows if row["class"] != "S")
    question_codes: list[str] = []
    current: dict[str, list] | None = None
    questions: list[dict[str, list]] = []
    for row in rows:
        if row["class"] == "Q":
            assert CODE_PATTERN.match(row["name"]), row["name"]
            assert row["type/scale"] in {"S", "L", "F", "M"}
            question_codes.append(row["name"])
            current = {"q": [row], "SQ": [], "A": []}
            questions.append(current)
        elif row["class"] in ("SQ", "A"):
            assert current is not None
            current[row["class"]].append(row)
        elif row["class"] == "G":
            current = None
    assert len(question_codes) == len({c.lower() for c in question_codes})
    for question in questions:
        kind = question["q"][0]["type/scale"]
        answers = [a["name"] for a in question["A"]]
        subquestions = [s["name"] for s in question["SQ"]]
        assert all(ANSWER_CODE_PATTERN.match(code) for code in answers)
        assert len(answers) == len(set(answers)) and len(subquestions) == len(set(subquestions))
        assert all(CODE_PATTERN.match(code) or re.fullmatch(r"[A-Za-z0-9]{1,20}", code) for code in subquestions)
        if kind == "F":
            assert len(subquestions) >= 2 and len(answers) >= 2
        elif kind == "L":
            assert not subquestions and len(answers) >= 2
        elif kind == "S":
            assert question["q"][0]["name"] == "participant" and not answers
    assert len(questionnaire.questions) == sum(len(q["SQ"]) if q["q"][0]["type/scale"] == "F" else 1 for q in questions) - 1


def test_limesurvey_file_groups_items_on_the_same_scale_into_arrays(tmp_path):
    path, _ = write_questionnaire(bank_folder(tmp_path), Wave.PRE, Format.LIMESURVEY)
    rows = read_tsv(path)
    arrays = [r for r in rows if r["class"] == "Q" and r["type/scale"] == "F"]
    assert arrays and all(r["name"].startswith("GRILLE") for r in arrays)
    position = rows.index(next(r for r in rows if r["class"] == "SQ" and r["name"] == "REP04"))
    block = [r["name"] for r in rows[position: position + 3]]
    assert block == ["REP04", "REP05", "REP06"]  # the three « confiance » items share one grid
    answers = [(r["name"], r["text"]) for r in rows[position + 3: position + 8]]
    assert answers == [("1", "Pas du tout confiance"), ("2", "Plutôt pas confiance"), ("3", "Plutôt confiance"), ("4", "Très confiance"),
                       ("NSP", "Ne sait pas")]


def _export(path: Path, tsv: Path, *, full_answers: bool, respondents: int = 40, seed: int = 5) -> dict[str, list[str]]:
    """A response export as LimeSurvey writes it (code headings « GRILLE1[REP04] », BOM, every field quoted).

    Returns the answer code given by each respondent to each column.
    """
    rng = random.Random(seed)
    rows = read_tsv(tsv)
    columns: list[tuple[str, list[tuple[str, str]], str]] = []  # heading, answers (code, text), kind
    question = None
    for row in rows:
        if row["class"] == "Q":
            question = row
            if row["type/scale"] in ("L", "S"):
                columns.append((row["name"], [], row["type/scale"]))
        elif row["class"] == "SQ" and question is not None:
            columns.append((f"{question['name']}[{row['name']}]", [], question["type/scale"]))
        elif row["class"] == "A" and question is not None:
            for heading, answers, _ in columns:
                if heading == question["name"] or heading.startswith(question["name"] + "["):
                    answers.append((row["name"], row["text"]))
    given: dict[str, list[str]] = {}
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed"] + [h for h, _, _ in columns]
    lines = []
    for number in range(1, respondents + 1):
        cells = [str(number), f"2026-03-02 09:{number:02d}:00", "4", "fr", str(1000 + number)]
        for heading, answers, kind in columns:
            if kind == "S":
                value = f"MOB-{number:03d}"
            elif kind == "M":
                value = "Y" if rng.random() < 0.5 else ""
            else:
                code, text = rng.choice(answers) if rng.random() > 0.05 else ("", "")
                value = text if full_answers else code
                given.setdefault(heading, []).append(code)
                cells.append(value)
                continue
            given.setdefault(heading, []).append(value)
            cells.append(value)
        lines.append(cells)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return given


def _labels_read(data, item_id: str) -> Counter:
    """Canonical labels read for an item: from the tidy table, or the respondents table for profile items."""
    if item_id in data.respondents.columns:
        return Counter(data.respondents[item_id])
    return Counter(data.responses[data.responses["item"] == item_id]["label"])


def _check_round_trip(data, questionnaire, given: dict[str, list[str]], headings: dict[str, str]) -> None:
    """Every question mapped to its item, every answer read back as the label of its code."""
    mapped = data.columns[data.columns["kind"].isin(["item", "profile"])]
    assert set(mapped["item"]) >= {q.item.id for q in questionnaire.questions if not q.multiple}
    assert not (data.columns["kind"] == "unmapped").any(), data.columns[data.columns["kind"] == "unmapped"]["header"].tolist()
    assert not data.problems.errors, [p.render() for p in data.problems.errors]
    for question in questionnaire.questions:
        if question.multiple:
            continue
        labels = dict(question.answers)
        codes = given[headings[question.item.id]]
        assert _labels_read(data, question.item.id) == Counter(labels.get(code, "") for code in codes), question.code
        values = data.responses[data.responses["item"] == question.item.id]
        if len(values):
            expected = sorted(float(question.item.scale.labels[labels[c]]) for c in codes if c not in ("", "NSP"))
            assert sorted(v for v in values["value"] if not math.isnan(v)) == expected, question.code
            assert int((values["missing"] == MissingReason.DONT_KNOW.value).sum()) == codes.count("NSP")
            assert int((values["missing"] == MissingReason.BLANK.value).sum()) == codes.count("")


def _headings(tsv: Path) -> dict[str, str]:
    """Export heading of each item code (« REP01 », or « GRILLE1[REP04] » inside a grid)."""
    out, question = {}, None
    for row in read_tsv(tsv):
        if row["class"] == "Q":
            question = row
            out[row["name"]] = row["name"]
        elif row["class"] == "SQ" and question is not None and question["type/scale"] == "F":
            out[row["name"]] = f"{question['name']}[{row['name']}]"
    return out


@pytest.mark.parametrize("full_answers", [False, True], ids=["codes-reponses", "reponses-completes"])
def test_limesurvey_round_trip_maps_every_item(tmp_path, full_answers):
    folder = bank_folder(tmp_path)
    tsv, questionnaire = write_questionnaire(folder, Wave.PRE, Format.LIMESURVEY)
    export = tmp_path / "results-survey123456.csv"
    given = _export(export, tsv, full_answers=full_answers)
    codebook = survey_codebook(questionnaire.demarche, ProblemReport())
    data = import_surveys([SurveySource(export, Wave.PRE)], codebook, key=KEY)
    by_code = _headings(tsv)
    headings = {q.item.id: by_code[q.code] for q in questionnaire.questions}
    _check_round_trip(data, questionnaire, given, headings)
    assert data.files[0].tool.value == "limesurvey"
    assert data.respondents.shape[0] == 40 and data.files[0].has_key
    warnings = {p.code for p in data.problems if p.severity is Severity.WARNING}
    assert warnings <= {"codes_numeriques"} and (("codes_numeriques" in warnings) != full_answers)


def test_limesurvey_notes_tell_how_to_map_codebook_items_and_then_they_map(tmp_path):
    folder = example_folder(tmp_path)
    _, questionnaire = write_questionnaire(folder, Wave.PRE, Format.LIMESURVEY)
    assert questionnaire.notes == [
        "L'item « mob_usage_tc » n'a pas de code de question utilisable par LimeSurvey ; le code MobUsageTc lui a été donné. "
        "Pour que l'import le reconnaisse, ajoutez dans codebook.yaml, sous cet item : aliases: [MobUsageTc]",
        "L'item « mob_modes » n'a pas de code de question utilisable par LimeSurvey ; le code MobModes lui a été donné. "
        "Pour que l'import le reconnaisse, ajoutez dans codebook.yaml, sous cet item : aliases: [MobModes]",
        "Les cases de l'item à choix multiples « mob_modes » ont reçu les codes SQ001: Voiture, SQ002: Transports en commun, "
        "SQ003: Vélo, SQ004: Marche, SQ005: Covoiturage. Pour que l'import les reconnaisse dans un export LimeSurvey par codes, "
        "ajoutez ces codes dans codebook.yaml, sous cet item : codes: {SQ001: Voiture, SQ002: Transports en commun, SQ003: Vélo, "
        "SQ004: Marche, SQ005: Covoiturage}",
    ]
    codebook = folder / "codebook.yaml"
    text = codebook.read_text(encoding="utf-8")
    text = text.replace("  - id: mob_usage_tc\n", "  - id: mob_usage_tc\n    aliases: [MobUsageTc]\n")
    text = text.replace("  - id: mob_modes\n", "  - id: mob_modes\n    aliases: [MobModes]\n"
                        "    codes: {SQ001: Voiture, SQ002: Transports en commun, SQ003: Vélo, SQ004: Marche, SQ005: Covoiturage}\n")
    codebook.write_text(text, encoding="utf-8")
    tsv, questionnaire = write_questionnaire(folder, Wave.PRE, Format.LIMESURVEY)
    assert questionnaire.notes == []
    export = tmp_path / "export.csv"
    given = _export(export, tsv, full_answers=False)
    data = import_surveys([SurveySource(export, Wave.PRE)], survey_codebook(questionnaire.demarche, ProblemReport()), key=KEY)
    by_code = _headings(tsv)
    _check_round_trip(data, questionnaire, given, {q.item.id: by_code[q.code] for q in questionnaire.questions})
    modes = data.columns[data.columns["item"] == "mob_modes"]
    assert sorted(modes["option"]) == sorted(["Voiture", "Transports en commun", "Vélo", "Marche", "Covoiturage"])
    ticked = sum(1 for heading, values in given.items() if heading.startswith("MobModes[") for v in values if v == "Y")
    assert ticked > 0


# --- Excel, for typing paper answers in -------------------------------------------------------------------


def test_workbook_has_drop_downs_a_frozen_header_and_instructions(tmp_path):
    path, questionnaire = write_questionnaire(example_folder(tmp_path), Wave.POST, Format.XLSX)
    assert path.name == "questionnaire-apres.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Réponses", "Consignes", "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    sheet = book["Réponses"]
    headings = [c.value for c in sheet[1]]
    assert headings[0] == "Votre code participant (indiqué sur votre badge)"
    assert headings[1] == "PERT01. J'ai compris ce qui pouvait changer et ce qui ne pouvait pas changer à l'issue de la démarche"
    assert sheet.freeze_panes == "B2" and all(c.font.bold for c in sheet[1])
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert len(validations) == len(headings) - 1
    first = validations["B2:B501"]
    lists = book["Listes"]
    assert [lists.cell(row=r, column=2).value for r in range(2, 7)] == [
        "Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord", "Ne sait pas"]
    assert first.formula1 == "'Listes'!$B$2:$B$6" and first.showErrorMessage
    assert book["Consignes"]["A1"].value == "Saisie des questionnaires papier"
    assert len(questionnaire.questions) == 24


def test_workbook_round_trip_reads_back_every_item(tmp_path):
    folder = example_folder(tmp_path)
    path, questionnaire = write_questionnaire(folder, Wave.PRE, Format.XLSX)
    book = openpyxl.load_workbook(path)
    sheet = book["Réponses"]
    rng = random.Random(11)
    columns = column_headings(questionnaire)
    expected: dict[str, list[str]] = {}
    for row in range(2, 27):
        sheet.cell(row=row, column=1, value=f"MOB-{row:03d}")
        for position, (_, question, option) in enumerate(columns[1:], start=2):
            if option is not None:
                value = "Oui" if rng.random() < 0.4 else None
            else:
                value = rng.choice([label for _, label in question.answers] + [None])
                expected.setdefault(question.item.id, []).append(value or "")
            sheet.cell(row=row, column=position, value=value)
    book.save(path)
    data = import_surveys([SurveySource(path, Wave.PRE)], survey_codebook(questionnaire.demarche, ProblemReport()), key=KEY)
    assert not (data.columns["kind"] == "unmapped").any()
    assert not data.problems.errors
    for question in questionnaire.questions:
        if question.multiple:
            options = data.columns[data.columns["item"] == question.item.id]["option"]
            assert sorted(options) == sorted(label for _, label in question.answers)
            continue
        assert _labels_read(data, question.item.id) == Counter(expected[question.item.id]), question.code


# --- Word, for paper ----------------------------------------------------------------------------------------


def test_paper_questionnaire_is_accessible_and_complete(tmp_path):
    path, questionnaire = write_questionnaire(example_folder(tmp_path), Wave.PRE, Format.DOCX, when=WHEN)
    assert path.name == "questionnaire-avant.docx"
    document = docx.Document(str(path))
    props = document.core_properties
    assert props.title == "Questionnaire avant : Convention citoyenne sur les mobilités du quotidien"
    assert props.language == "fr-FR" and props.author == "Direction des mobilités du quotidien (DMQ)"
    with zipfile.ZipFile(path) as archive:
        assert 'w:lang w:val="fr-FR"' in archive.read("word/styles.xml").decode("utf-8")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Représentations des citoyens", "Autres questions", "Vous concernant", "Merci"]
    text = "\n".join(p.text for p in document.paragraphs)
    for number, question in enumerate(questionnaire.questions, start=1):
        assert f"{number}. {question.item.wording} [{question.code}]" in text
    assert text.count(BOX) == sum(len(q.answers) for q in questionnaire.questions)
    assert "De 0 (pas du tout) à 10 (tout à fait)." in text and "Plusieurs réponses possibles." in text
    assert f"{BOX}\u00a0Plutôt\u00a0pas\u00a0confiance" in text  # an answer never splits across lines


def test_staff_questionnaire_asks_the_administration_items(tmp_path):
    questionnaire = load_questionnaire(bank_folder(tmp_path), Wave.POST, "administration")
    assert [q.code for q in questionnaire.questions] == ["PERT07", "ADM01", "ADM02", "ADM03"]


# --- CLI ------------------------------------------------------------------------------------------------------


def test_cli_writes_each_format_with_the_next_step(tmp_path):
    folder = bank_folder(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["questionnaire", str(folder), "--wave", "post", "--format", "limesurvey"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Écrit : {folder / 'out' / 'questionnaire-apres-limesurvey.txt'} (24 questions)\n"
        "Dans LimeSurvey : « Créer une enquête », onglet « Importer », choisissez ce fichier .txt. Exportez ensuite les réponses "
        "en CSV (codes ou textes des questions) et déclarez l'export dans demarche.yaml.\n")
    result = runner.invoke(cli, ["questionnaire", str(folder), "--vague", "pre"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"Écrit : {folder / 'out' / 'questionnaire-avant.docx'} (14 questions)",
        f"Imprimez-le ; les réponses se saisissent ensuite dans le classeur : suivi questionnaire {folder} --vague avant --format xlsx",
    ]


def test_cli_warns_about_items_without_codes_for_limesurvey(tmp_path):
    folder = example_folder(tmp_path)
    result = CliRunner().invoke(cli, ["questionnaire", str(folder), "--wave", "pre", "--format", "limesurvey"])
    assert result.exit_code == 0
    assert "Attention : L'item « mob_usage_tc » n'a pas de code de question utilisable par LimeSurvey" in result.output


def test_cli_errors_in_french(tmp_path):
    folder = bank_folder(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["questionnaire", str(folder), "--wave", "pre", "--public", "agents"])
    assert result.exit_code == 1
    assert result.output == ("Erreur : Aucun item de la banque d'items ni du codebook n'est posé aux agents à la vague « avant ». "
                             "Ajoutez la vague dans waves: des items de codebook.yaml.\n")
    result = runner.invoke(cli, ["questionnaire", str(folder), "--wave", "pendant"])
    assert result.exit_code == 2
    assert result.output.endswith("Erreur : valeur invalide pour --vague : « pendant » n'est pas une valeur possible ; "
                                  "choisissez avant, après, suivi ou retours.\n")
    result = runner.invoke(cli, ["questionnaire", str(tmp_path / "absent"), "--wave", "pre"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Erreur : Le dossier « {tmp_path / 'absent'} » est introuvable.")
