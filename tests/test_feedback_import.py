"""Feedback exports go through the survey importer: tool, sheet, exclusions, respondent key, every row accounted for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from report_helpers import EXAMPLE

from evaluation.cli import cli
from evaluation.followup.checked import load_checked
from evaluation.voice.feedback import FeedbackData, load_feedback
from surveys.problems import ProblemReport

DATA = Path(__file__).parent / "data"


def _declare(tmp_path: Path, fixture: str, extra: str = "") -> Path:
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(DATA / fixture, folder / fixture)
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text.replace("enquetes/retours-reponses.csv", fixture + extra), encoding="utf-8")
    return folder


def _load(folder: Path) -> tuple[FeedbackData, list]:
    demarche, register, _ = load_checked(folder)
    report = ProblemReport()
    data = load_feedback(demarche, register, report)
    assert data is not None
    return data, [p for p in report if p.file != "demarche.yaml"]


def _figures(data: FeedbackData) -> dict[tuple[str, str], tuple[int, int]]:
    return {key: (data.n[key], data.yes[key]) for key in sorted(data.n)}


def test_limesurvey_export_with_an_incomplete_and_a_duplicate_response(tmp_path):
    data, problems = _load(_declare(tmp_path, "retours-limesurvey-incomplet-doublon.csv"))
    assert data.summary_lines() == [
        "Retours des citoyens, retours-limesurvey-incomplet-doublon.csv (LimeSurvey) : 6 lignes lues, 4 conservées, 2 exclues "
        "(1 incomplète, 1 doublon) ; clé de répondant : colonne A « id » (numéro de réponse, faute de jeton ou de code participant)."]
    assert (data.rows, data.respondents) == (6, 4)
    assert _figures(data) == {("P-01", "clear"): (4, 2), ("P-01", "motivated"): (4, 2), ("P-02", "clear"): (3, 2), ("P-02", "motivated"): (3, 1)}
    assert data.comments == {"P-01": ["On ne comprend pas qui décide."], "P-02": ["Les motifs sont trop vagues."]}
    (duplicate,) = problems
    assert (duplicate.code, duplicate.row) == ("doublon", 3)
    assert duplicate.message == ("Réponse envoyée plusieurs fois (même clé de répondant) : doublon de la ligne 6 de "
                                 "retours-limesurvey-incomplet-doublon.csv, conservée ; celle-ci n'est pas comptée.")


def test_google_forms_export_with_its_timestamp_column(tmp_path):
    data, problems = _load(_declare(tmp_path, "retours-google-forms-horodateur.csv"))
    assert data.summary_lines() == ["Retours des citoyens, retours-google-forms-horodateur.csv (Google Forms) : 3 lignes lues, 3 conservées ; "
                                    "clé de répondant : aucune (les doublons ne peuvent pas être repérés)."]
    assert _figures(data) == {("P-01", "clear"): (3, 2), ("P-01", "motivated"): (2, 1), ("P-02", "clear"): (2, 2), ("P-02", "motivated"): (2, 1)}
    assert data.comments == {"P-01": ["Merci, c'est clair."]}
    assert [(p.code, p.row, p.column, p.message) for p in problems] == [
        ("enquete_sans_cle", None, None, "Aucune colonne de clé de répondant (jeton, code participant ou numéro de réponse) : une réponse "
                                         "envoyée deux fois ne peut pas être repérée dans ce fichier."),
        ("retour_reponse_inconnue", 3, "C", "Réponse « Peut-être » non reconnue (première cellule : celle-ci) : attendu « Oui » ou « Non » "
                                            "(ou vide). Ces réponses ne sont pas comptées."),
    ]


def test_microsoft_forms_workbook(tmp_path):
    data, problems = _load(_declare(tmp_path, "retours-microsoft-forms.xlsx"))
    assert data.summary_lines() == ["Retours des citoyens, retours-microsoft-forms.xlsx (Microsoft Forms) : 4 lignes lues, 4 conservées ; "
                                    "clé de répondant : colonne A « ID » (numéro de réponse, faute de jeton ou de code participant)."]
    assert _figures(data) == {("P-01", "clear"): (4, 3), ("P-01", "motivated"): (4, 2), ("P-02", "clear"): (3, 2), ("P-02", "motivated"): (3, 2)}
    assert problems == []


def test_workbook_with_a_notes_sheet_first_and_a_code_typed_twice(tmp_path, runner):
    folder = _declare(tmp_path, "retours-feuille-notes-dabord.xlsx")
    data, problems = _load(folder)
    line = ("Retours des citoyens, retours-feuille-notes-dabord.xlsx (tableur) : 5 lignes lues, 3 conservées, 2 exclues (1 vide, 1 doublon) ; "
            "clé de répondant : colonne A « Code participant » (question du code participant).")
    assert data.summary_lines() == [line]
    assert _figures(data) == {("P-01", "clear"): (3, 2), ("P-01", "motivated"): (3, 1), ("P-02", "clear"): (3, 2), ("P-02", "motivated"): (3, 1)}
    assert data.comments == {}  # the only comment is on the duplicate left aside
    assert [(p.code, p.sheet, p.row) for p in problems] == [("autres_feuilles", "Réponses", None), ("doublon", "Réponses", 3)]
    result = runner.invoke(cli, ["check", str(folder)])
    assert result.output.splitlines()[0] == line
    assert "MOB-00" not in result.output  # the respondent key never reaches what is printed


def test_declared_sheet_and_format_are_honoured(tmp_path):
    folder = _declare(tmp_path, "retours-feuille-notes-dabord.xlsx", "\n      feuille: Notes\n      format: inconnu")
    demarche, register, _ = load_checked(folder)
    report = ProblemReport()
    data = load_feedback(demarche, register, report)
    assert data is not None and data.n == {}
    codes = [p.code for p in report]
    assert "format_enquete_inconnu" in codes and "retours_sans_question" in codes
    assert next(p for p in report if p.code == "format_enquete_inconnu").message == (
        "Format d'enquête « inconnu » inconnu. Formats possibles : limesurvey, google_forms, microsoft_forms, framaforms, kobotoolbox, tableur "
        "(ou supprimez la ligne format : l'outil est alors reconnu d'après les colonnes).")


@pytest.mark.parametrize(("fixture", "line"), [
    ("retours-entites-html.csv", "3 lignes lues, 3 conservées ; clé de répondant : colonne A « id » (numéro de réponse, faute de jeton "
                                 "ou de code participant)."),
    ("retours-entetes-intercales.csv", "5 lignes lues, 3 conservées, 2 exclues (2 lignes d'en-têtes répétées) ; clé de répondant : "
                                       "colonne A « Code participant » (question du code participant)."),
    ("retours-deux-lignes-entete.csv", "3 lignes lues, 3 conservées ; clé de répondant : colonne A « Code participant » (question du code "
                                       "participant)."),
])
def test_html_entities_repeated_headings_and_two_header_rows(tmp_path, fixture, line):
    data, problems = _load(_declare(tmp_path, fixture))
    assert data.summary_lines() == [f"Retours des citoyens, {fixture} (tableur) : {line}"]
    assert _figures(data) == {("P-01", "clear"): (3, 2), ("P-01", "motivated"): (3, 2)}
    assert problems == []  # the pasted heading rows are left aside without a warning on their cells


def test_a_declared_format_and_sheet_are_used(tmp_path):
    data, _ = _load(_declare(tmp_path, "retours-feuille-notes-dabord.xlsx", "\n      feuille: Réponses\n      format: Google Forms"))
    assert data.summary_lines()[0].startswith("Retours des citoyens, retours-feuille-notes-dabord.xlsx (Google Forms) : 5 lignes lues, 3 conservées")
    assert _figures(data)[("P-01", "clear")] == (3, 2)
