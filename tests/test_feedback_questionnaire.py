"""The feedback questionnaire fits the guide's 15 minutes when split, and every format's export is read back."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pytest
from report_helpers import EXAMPLE

from evaluation.cli import cli
from evaluation.consultation.check import check_questionnaire
from evaluation.fieldwork.questionnaire import Format
from evaluation.followup.checked import load_checked
from evaluation.voice.feedback import load_feedback
from evaluation.voice.feedback_questionnaire import write_feedback_questionnaire
from surveys.problems import ProblemReport

THEME_IDS = ["P-01", "P-02", "P-03", "P-04", "P-05", "P-06", "P-07"]


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_one_questionnaire_per_theme_fits_the_guide(example, runner):
    result = runner.invoke(cli, ["questionnaire", str(example), "--wave", "retours", "--format", "limesurvey", "--par-theme"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Écrit : {example / 'out' / 'questionnaire-retours-transports-collectifs-limesurvey.txt'} (7 réponses listées)"
    assert lines[1] == "  Propositions : P-01, P-02, P-03, P-04, P-05, P-06, P-07 ; durée estimée : 10 min."
    assert sum(line.startswith("Écrit : ") for line in lines) == 6 and "Attention" not in result.output
    for path in sorted((example / "out").glob("questionnaire-retours-*-limesurvey.txt")):
        assert check_questionnaire(path).minutes <= 15, path.name


def test_the_whole_register_is_written_with_a_warning(example, runner):
    result = runner.invoke(cli, ["questionnaire", str(example), "--wave", "retours", "--format", "limesurvey"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].endswith("P-42 ; durée estimée : 59 min.")
    assert lines[2] == ("  Attention : au-delà du plafond de 15 minutes fixé par le guide. Découpez le questionnaire : --par-theme "
                        "(un questionnaire par thème) ou --propositions P-01,P-02 (les réponses choisies).")
    assert check_questionnaire(example / "out" / "questionnaire-retours-limesurvey.txt").minutes == pytest.approx(59, abs=0.5)


def test_chosen_answers_and_errors(example, runner):
    result = runner.invoke(cli, ["questionnaire", str(example), "--wave", "retours", "--propositions", "P-03, p-01"])
    assert result.exit_code == 0, result.output
    path = example / "out" / "questionnaire-retours-p-01-p-03.docx"
    assert result.output.splitlines()[:2] == [f"Écrit : {path} (2 réponses listées)", "  Propositions : P-01, P-03 ; durée estimée : 3 min."]
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "Ce questionnaire porte sur les réponses aux propositions P-01, P-03. Durée estimée\u00a0: 3 minutes." in text
    assert "[CLAIRP03]" in text and "[CLAIRP02]" not in text
    unknown = runner.invoke(cli, ["questionnaire", str(example), "--wave", "retours", "--propositions", "P-01,P-99"])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Erreur : Proposition inconnue ou sans réponse publiée : P-99. Propositions possibles : P-01, P-02, ")
    wave = runner.invoke(cli, ["questionnaire", str(example), "--wave", "avant", "--par-theme"])
    assert (wave.exit_code, wave.output) == (1, "Erreur : Les options --par-theme et --propositions ne valent que pour la vague « retours ».\n")


# --- round trip: write the questionnaire, fill an export in each tool's shape, import, compare ---------------------


def _answers(codes: list[str], people: int) -> list[dict[str, str]]:
    """Synthetic answers: « Oui », « Non » or nothing for each yes/no code, a comment now and then."""
    rng = np.random.default_rng(13)
    rows = []
    for person in range(people):
        row = {}
        for code in codes:
            if code.startswith("COMM"):
                row[code] = f"Remarque {person}" if rng.random() < 0.2 else ""
            else:
                row[code] = str(rng.choice(["Oui", "Non", ""], p=[0.55, 0.3, 0.15]))
        rows.append(row)
    return rows


def _expected(rows: list[dict[str, str]]) -> tuple[dict, dict, dict]:
    n, yes, comments = {}, {}, {}
    for row in rows:
        for code, value in row.items():
            pid = "P-" + re.sub(r"^[A-Z]+P", "", code)
            if code.startswith("COMM"):
                if value:
                    comments.setdefault(pid, []).append(value)
                continue
            kind = "clear" if code.startswith("CLAIR") else "motivated"
            if value:
                n[(pid, kind)] = n.get((pid, kind), 0) + 1
                yes[(pid, kind)] = yes.get((pid, kind), 0) + (value == "Oui")
    return n, yes, comments


def _docx_headings(path: Path) -> dict[str, str]:
    """Question code → the question as the Word version shows it (« Cette réponse est-elle claire ? [CLAIRP01] »)."""
    found = {}
    for paragraph in docx.Document(path).paragraphs:
        match = re.search(r"\[([A-Z]+P\d+)\]$", paragraph.text)
        if match:
            found[match.group(1)] = paragraph.text
    return found


def _limesurvey_export(folder: Path, structure: Path, rows: list[dict[str, str]]) -> str:
    columns, current = [], ""
    for line in structure.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if cells[2] == "Q":
            current = cells[4]
            if cells[3] == "T":
                columns.append((current, cells[4]))
        elif cells[2] == "SQ":
            columns.append((f"{current}[{cells[4]}]", cells[4]))
    lime = {"Oui": "Y", "Non": "N", "": ""}
    with (folder / "export-limesurvey.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        writer.writerow(["id", "submitdate", "lastpage", "startlanguage", *(heading for heading, _ in columns)])
        for number, row in enumerate(rows, start=1):
            writer.writerow([number, f"2026-12-0{1 + number % 9} 10:00:00", "1", "fr",
                             *(row[code] if code.startswith("COMM") else lime[row[code]] for _, code in columns)])
    return "export-limesurvey.csv"


def _google_export(folder: Path, headings: dict[str, str], rows: list[dict[str, str]]) -> str:
    with (folder / "export-google.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Horodateur", *headings.values()])
        for number, row in enumerate(rows):
            writer.writerow([f"2026/12/03 10:{number:02d}:00 UTC+1", *(row[code] for code in headings)])
    return "export-google.csv"


def _ms_forms_export(folder: Path, headings: dict[str, str], rows: list[dict[str, str]]) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", *headings.values()])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, "03/12/2026 10:00:00", "03/12/2026 10:09:00", "anonymous", None, *(row[code] or None for code in headings)])
    book.save(folder / "export-forms.xlsx")
    return "export-forms.xlsx"


def _typed_in(folder: Path, workbook: Path, rows: list[dict[str, str]]) -> str:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Réponses"]
    codes = [str(cell.value).split(".")[0] for cell in sheet[1]][1:]
    for number, row in enumerate(rows, start=1):
        sheet.append([f"MOB-{number:03d}", *(row[code] or None for code in codes)])
    book.save(folder / "saisie.xlsx")
    return "saisie.xlsx"


@pytest.mark.parametrize("shape", ["limesurvey", "google_forms", "microsoft_forms", "excel"])
def test_round_trip_of_each_format(example, shape):
    out = example / "out"
    (structure,) = write_feedback_questionnaire(example, Format.LIMESURVEY, out_dir=out, proposals=THEME_IDS)
    (word,) = write_feedback_questionnaire(example, Format.DOCX, out_dir=out, proposals=THEME_IDS)
    (workbook,) = write_feedback_questionnaire(example, Format.XLSX, out_dir=out, proposals=THEME_IDS)
    assert structure.proposal_ids == word.proposal_ids == workbook.proposal_ids == THEME_IDS
    assert structure.minutes == word.minutes == workbook.minutes
    headings = _docx_headings(word.path)
    assert len(headings) == 21  # the three formats ask the same 21 questions
    rows = _answers(list(headings), 14)
    name = {"limesurvey": lambda: _limesurvey_export(example, structure.path, rows),
            "google_forms": lambda: _google_export(example, headings, rows),
            "microsoft_forms": lambda: _ms_forms_export(example, headings, rows),
            "excel": lambda: _typed_in(example, workbook.path, rows)}[shape]()
    text = (example / "demarche.yaml").read_text(encoding="utf-8")
    (example / "demarche.yaml").write_text(text.replace("enquetes/retours-reponses.csv", name), encoding="utf-8")
    demarche, register, _ = load_checked(example)
    report = ProblemReport()
    data = load_feedback(demarche, register, report)
    assert data is not None and not report.has_errors
    assert (data.rows, data.respondents) == (14, 14)
    n, yes, comments = _expected(rows)
    assert (data.n, data.yes, data.comments) == (n, yes, comments)
