"""Citizens' feedback on each published answer: the questionnaire, reading exports back, figures and their publication."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from report_helpers import EXAMPLE
from statsmodels.stats.proportion import proportion_confint

from evaluation.cli import cli
from evaluation.demarche.model import load_demarche
from evaluation.fieldwork.questionnaire import Format
from evaluation.followup.checked import load_checked
from evaluation.voice.feedback import load_feedback, question_codes, site_feedback, summarise
from evaluation.voice.feedback_questionnaire import write_feedback_questionnaire
from surveys.problems import ProblemReport


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _export(folder: Path, header: list[str], rows: list[list[str]], name: str = "retours.csv") -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text.replace("enquetes/retours-reponses.csv", name), encoding="utf-8")


def test_question_codes_are_limesurvey_codes_and_unique(example):
    _, register, _ = load_checked(example)
    codes = question_codes(register)
    assert (codes[0].proposal_id, codes[0].clear, codes[0].motivated, codes[0].comment) == ("P-01", "CLAIRP01", "MOTIVP01", "COMMP01")
    every = [c.code(k) for c in codes for k in ("clear", "motivated", "comment")]
    assert len(set(every)) == len(every) and all(code.isalnum() and len(code) <= 20 for code in every)


@pytest.mark.parametrize("fmt", list(Format))
def test_the_three_formats_list_every_answer(example, fmt):
    (written,) = write_feedback_questionnaire(example, fmt)
    path, count = written.path, len(written.proposal_ids)
    _, register, _ = load_checked(example)
    codes = question_codes(register)
    assert count == len(codes) == 42
    if fmt is Format.DOCX:
        document = docx.Document(path)
        text = "\n".join(p.text for p in document.paragraphs)
        assert text.count("Cette réponse est-elle claire ?") == 42 and "[MOTIVP42]" in text
        assert document.core_properties.language == "fr-FR"
    elif fmt is Format.XLSX:
        sheet = openpyxl.load_workbook(path)["Réponses"]
        headers = [c.value for c in sheet[1]]
        assert headers[1:4] == ["CLAIRP01. P-01 : Cette réponse est-elle claire ?", "MOTIVP01. P-01 : Est-elle motivée ?",
                                "COMMP01. P-01 : Un commentaire ? (facultatif)"]
        validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
        assert {"B2", "C2"} <= validated and "D2" not in validated
    else:
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        questions = [(row[2], row[3], row[4]) for row in rows if row[2] in ("Q", "SQ", "A")]
        assert questions[:6] == [("Q", "F", "REPP01"), ("SQ", "0", "CLAIRP01"), ("SQ", "0", "MOTIVP01"), ("A", "0", "Y"), ("A", "0", "N"),
                                 ("Q", "T", "COMMP01")]
        assert sum(1 for row in rows if row[2] == "Q") == 84
        assert [row[4] for row in rows if row[2] == "G"] == ["Transports collectifs", "Vélo et marche", "Voiture partagée et covoiturage",
                                                              "Territoires ruraux et périurbains", "Accessibilité et solidarité",
                                                              "Gouvernance et financement"]


def test_the_workbook_typed_in_is_read_back(example):
    (written,) = write_feedback_questionnaire(example, Format.XLSX)
    book = openpyxl.load_workbook(written.path)
    sheet = book["Réponses"]
    for person in range(12):
        sheet.append([f"R{person}", "Oui" if person < 9 else "Non", "Non", "Très clair, merci M. Dupont." if person == 0 else None])
    book.save(example / "saisie.xlsx")
    text = (example / "demarche.yaml").read_text(encoding="utf-8")
    (example / "demarche.yaml").write_text(text.replace("enquetes/retours-reponses.csv", "saisie.xlsx"), encoding="utf-8")
    demarche, register, _ = load_checked(example)
    report = ProblemReport()
    data = load_feedback(demarche, register, report)
    assert not report.has_errors and data.rows == 12 and data.respondents == 12
    assert (data.n[("P-01", "clear")], data.yes[("P-01", "clear")], data.yes[("P-01", "motivated")]) == (12, 9, 0)
    summary = summarise(data, register)
    assert summary["P-01"].clear.value == pytest.approx(0.75)
    assert summary["P-01"].comments == ("Très clair, merci [nom masqué].",)
    assert summary["P-02"].clear.n == 0


def test_full_text_headings_and_unknown_answers(example):
    _export(example, ["ID", "P-01 - Cette réponse est-elle claire ?", "P-01 - Est-elle motivée ?", "P-01 : Un commentaire ? (facultatif)", "Courriel"],
            [["1", "Oui", "Peut-être", "Bien", "a@b.fr"], ["2", "", "", "", ""]])
    demarche, register, _ = load_checked(example)
    report = ProblemReport()
    data = load_feedback(demarche, register, report)
    assert (data.rows, data.respondents, data.imports[0].excluded) == (2, 1, {"empty": 1})
    assert (data.n, data.comments) == ({("P-01", "clear"): 1}, {"P-01": ["Bien"]})
    (problem,) = [p for p in report if p.file != "demarche.yaml"]
    assert (problem.code, problem.row, problem.column, problem.value) == ("retour_reponse_inconnue", 2, "C", "Peut-être")
    assert problem.message == ("Réponse « Peut-être » non reconnue (première cellule : celle-ci) : attendu « Oui » ou « Non » (ou vide). "
                               "Ces réponses ne sont pas comptées.")


def test_an_export_without_the_questions_is_an_error_of_suivi_check(example, runner):
    _export(example, ["ID", "Âge"], [["1", "40"]])
    result = runner.invoke(cli, ["check", str(example)])
    assert result.exit_code == 1
    assert "aucune colonne du questionnaire de retours n'est reconnue" in result.output


def test_example_figures_against_an_independent_computation(example):
    with (example / "enquetes" / "retours-reponses.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    submitted = {r["id"]: r for r in rows if r["submitdate"]}  # one response per id (the last), unfinished ones left aside
    assert (len(rows), len(submitted)) == (72, 70)
    answers = [r["REPP03[CLAIRP03]"] for r in submitted.values() if r["REPP03[CLAIRP03]"]]
    low, high = proportion_confint(answers.count("Y"), len(answers), method="wilson")
    demarche, register, _ = load_checked(example)
    share = summarise(load_feedback(demarche, register, ProblemReport()), register)["P-03"].clear
    assert (share.n, share.yes) == (len(answers), answers.count("Y"))
    assert share.interval == pytest.approx((low, high))
    site = site_feedback(example)
    assert site["P-03"]["claire"]["n"] == len(answers) and site["P-03"]["claire"]["ic_bas"] == pytest.approx(low)
    small = [pid for pid, values in site.items() if values["claire"]["masque"]]
    assert small and all(site[pid]["claire"]["n"] is None and site[pid]["claire"]["part_oui"] is None and not site[pid]["commentaires"] for pid in small)
    assert not any("@" in c for values in site.values() for c in values["commentaires"])


def test_the_response_indicators_and_portfolio_show_the_feedback(example):
    from evaluation.followup.response import respond
    from evaluation.portfolio.metrics import extract
    from evaluation.report.evaluate import evaluate

    respond(example)
    text = "\n".join(p.text for p in docx.Document(example / "out" / "reponse-motivee.docx").paragraphs)
    assert "Avis des citoyens sur les réponses" in text and "moins de 11 avis, résultat non publié" in text
    assert "[courriel masqué]" in text and "@exemple.fr" not in text
    result = evaluate(example, resamples=20)
    rows = {(r.indicator, r.item): r for r in result.results if r.indicator.startswith(("part_reponse", "repondants_retours"))}
    assert rows[("repondants_retours", "")].n == 70
    hidden = [item for (indicator, item), r in rows.items() if indicator == "part_reponse_jugee_claire" and r.suppressed]
    assert hidden and all(rows[("part_reponse_jugee_claire", item)].value is None for item in hidden)
    overall = rows[("part_reponses_jugees_claires_et_motivees", "")]
    summary = result.feedback
    shown = [f for f in summary.values() if f.clear.value is not None and f.motivated.value is not None]
    assert overall.n == len(shown) and overall.value == pytest.approx(sum(f.clear.value > 0.5 and f.motivated.value > 0.5 for f in shown) / len(shown))
    figures = extract(result.results)
    assert figures["part_reponses_claires_et_motivees"].value == pytest.approx(overall.value)
    assert load_demarche(example, ProblemReport()).files.feedback[0].path == "enquetes/retours-reponses.csv"


def test_cli_writes_the_feedback_questionnaire(example, runner):
    result = runner.invoke(cli, ["questionnaire", str(example), "--wave", "retours", "--format", "limesurvey"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Écrit : {example / 'out' / 'questionnaire-retours-limesurvey.txt'} (42 réponses listées)"


def test_suivi_check_accounts_for_every_row_of_the_example_export(example, runner):
    result = runner.invoke(cli, ["check", str(example)])
    lines = result.output.splitlines()
    assert lines[0] == ("Retours des citoyens, retours-reponses.csv (LimeSurvey) : 72 lignes lues, 70 conservées, 2 exclues (1 incomplète, "
                        "1 doublon) ; clé de répondant : colonne A « id » (numéro de réponse, faute de jeton ou de code participant).")
    contacts = [line for line in lines if line.startswith("Avertissement — retours-reponses.csv : Des commentaires contiennent")]
    assert contacts == ["Avertissement — retours-reponses.csv : Des commentaires contiennent des adresses e-mail ou des numéros de téléphone "
                        "(colonnes S, V, AB, AN, AW, BU, CD, CV, DK, DZ) : ils ne sont publiés que masqués, mais retirez ces coordonnées du "
                        "fichier source si elles ne sont pas nécessaires. [coordonnees_dans_texte]"]
    assert "camille.martin" not in result.output
