"""``suivi questionnaire check``: duration model, guide kinds, plain language, three formats, CLI."""

from __future__ import annotations

import json
import os
import shutil

import openpyxl
import pytest
from report_helpers import EXAMPLE

from evaluation.cli import cli
from evaluation.consultation.check import Kind, check_questionnaire, classify, question_seconds
from evaluation.consultation.source import AnswerType, SourceQuestion, read_source
from evaluation.fieldwork.questionnaire import Format, write_questionnaire
from indicators.readability import readability, sentences, syllables, words
from surveys.exports.items import Wave
from surveys.problems import ProblemReport


@pytest.mark.parametrize(("word", "count"), [("chat", 1), ("table", 1), ("participation", 5), ("l'enquête", 2), ("peut-être", 2),
                                             ("citoyens", 2), ("a", 1)])
def test_syllables_follow_the_documented_heuristic(word, count):
    assert syllables(word) == count


def test_kandel_moles_score_by_hand():
    text = "Le chat dort. Il fait beau aujourd'hui !"
    assert words(text) == ["Le", "chat", "dort", "Il", "fait", "beau", "aujourd'hui"]
    assert len(sentences(text)) == 2
    result = readability(text)
    # 7 words, 2 sentences; syllables 1+1+1+1+1+1+3 = 9
    assert (result.words, result.sentences, result.syllables, result.longest_sentence) == (7, 2, 9, 4)
    assert result.score == pytest.approx(207 - 1.015 * 7 / 2 - 73.6 * 9 / 7)
    assert readability("").score is None


@pytest.mark.parametrize(("text", "kind"), [
    ("Selon vous, quel est le principal problème à résoudre pour le logement ?", Kind.DIAGNOSTIC),
    ("Seriez-vous prêt à covoiturer ?", Kind.CONDITIONS),
    ("Selon vous, faudrait-il plutôt construire ou bien rénover ?", Kind.DILEMMA),
    ("D'après votre expérience, que proposez-vous pour le quartier ?", Kind.NEW_IDEAS),
    ("Votre code postal", Kind.UNCLASSIFIED),
])
def test_the_guide_examples_are_classified(text, kind):
    assert classify(text)[0] is kind


def test_a_wording_matching_two_kinds_is_not_guessed():
    kind, candidates = classify("Préférez-vous le bus, et que proposez-vous pour le quartier ?")
    assert kind is Kind.UNCLASSIFIED
    assert candidates == (Kind.DILEMMA, Kind.NEW_IDEAS)


def test_time_model_reading_plus_answering():
    single = SourceQuestion("Q1", "Un deux trois", AnswerType.SINGLE, answers=["Oui", "Non"])
    assert question_seconds(single) == pytest.approx(5 / 200 * 60 + 4)
    array = SourceQuestion("Q2", "Notez", AnswerType.ARRAY, subquestions=["Bus", "Train", "Vélo"], answers=["Bien", "Mal"])
    assert question_seconds(array) == pytest.approx(6 / 200 * 60 + 3 * 4)


def test_text_and_lss_structures_give_the_same_check(data_dir):
    text = check_questionnaire(data_dir / "consultation-mobilites.txt")
    xml = check_questionnaire(data_dir / "consultation-mobilites.lss")
    assert [q.code for q in text.questions] == ["DIAG1", "COND1", "DIL1", "IDEE1", "AGE", "SATIS", "GOUV", "INFO"]
    assert [q.to_dict() for q in xml.questions] == [q.to_dict() for q in text.questions]
    assert text.seconds == pytest.approx(xml.seconds)
    assert [q.kind for q in text.questions][:4] == [Kind.DIAGNOSTIC, Kind.CONDITIONS, Kind.DILEMMA, Kind.NEW_IDEAS]
    assert text.source.questions[5].subquestions == ["Le bus", "Le train", "Les pistes cyclables"]
    assert text.source.questions[0].text.startswith("Selon vous")  # HTML removed, English rows ignored
    assert (text.count("fermee"), text.count("ouverte"), text.count("autre")) == (5, 2, 1)
    assert text.balanced and not text.too_long and not text.has_errors


def test_findings_are_located_by_question_code(data_dir):
    result = check_questionnaire(data_dir / "consultation-mobilites.txt")
    by_code = {(f.question, f.code) for f in result.findings}
    assert {("GOUV", "phrase_longue"), ("GOUV", "lisibilite_faible"), ("GOUV", "mots_longs"), ("AGE", "type_non_classe")} <= by_code
    jargon = sorted(f.message for f in result.findings if f.code == "jargon")
    assert jargon[0] == "« dispositif » est du jargon administratif ; préférez : aide, service, mesure."
    assert all(f.question == "GOUV" for f in result.findings if f.code == "jargon")
    assert not any(f.question == "INFO" for f in result.findings)  # a displayed text is not a question


def test_over_fifteen_minutes_is_an_error_and_exits_1(runner, data_dir):
    result = runner.invoke(cli, ["questionnaire", "check", str(data_dir / "consultation-longue.txt")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1] == "Durée estimée : 41,2 minutes (au-delà du plafond de 15 minutes du guide)."
    assert "Erreur (questionnaire) : durée estimée de 41,2 minutes, au-delà des 15 minutes que fixe le guide : retirez des questions." in lines
    assert "Avertissement (questionnaire) : aucune question fermée : le guide demande d'équilibrer questions fermées et ouvertes." in lines


def test_json_output_is_the_library_result(runner, data_dir):
    path = data_dir / "consultation-mobilites.lss"
    result = runner.invoke(cli, ["questionnaire", "check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == json.loads(json.dumps(check_questionnaire(path).to_dict()))
    assert data["duree"]["hypotheses"]["lecture_mots_par_minute"] == 200
    assert data["equilibre"] == {"fermees": 5, "ouvertes": 2, "autres": 1, "part_ouvertes": 0.286, "equilibre": True}
    assert data["types_guide"] == {"diagnostic": 2, "conditions_mise_en_oeuvre": 1, "dilemme": 1, "idees_nouvelles": 2, "non_classee": 1}


def test_the_projects_workbook_is_read(tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    path, questionnaire = write_questionnaire(folder, Wave.POST, Format.XLSX)
    source = read_source(path)
    assert [q.code for q in source.questions] == [q.code for q in questionnaire.questions]
    result = check_questionnaire(path)
    assert result.count("ouverte") == 0 and not result.balanced
    assert any(f.code == "aucune_question_ouverte" for f in result.findings)


def test_a_limesurvey_structure_written_by_suivi_is_read(tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    path, _ = write_questionnaire(folder, Wave.PRE, Format.LIMESURVEY)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    source = read_source(path)
    assert [q.code for q in source.questions] == [row[4] for row in rows if row[2] == "Q"]
    assert sum(len(q.subquestions) for q in source.questions) == sum(1 for row in rows if row[2] == "SQ")
    result = check_questionnaire(path)
    assert result.count("ouverte") == 1  # the participant code, a short free text
    assert result.count("fermee") == len(source.questions) - 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("absent.lss", None, "Erreur : absent.lss : fichier introuvable."),
    ("notes.docx", b"x", "Erreur : notes.docx : extension « .docx » non reconnue."),
    ("bombe.lss", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><document>&b;</document>',
     "Erreur : bombe.lss : XML illisible"),
    ("autre.lss", b"<document><LimeSurveyDocType>Label set</LimeSurveyDocType></document>", "Erreur : autre.lss : ce n'est pas une structure d'enquête LimeSurvey"),
    ("reponses.txt", b"id\tQ1\n1\toui\n", "Erreur : reponses.txt : ce n'est pas une structure d'enquête LimeSurvey au format texte"),
    ("vide.txt", b"class\tname\ttype/scale\ttext\nS\tlanguage\t\tfr\n", "Erreur : vide.txt : aucune question trouvée."),
    ("bizarre.txt", b"class\tname\ttype/scale\ttext\nQ\tQ1\tZ\tBonjour\n", "Erreur : bizarre.txt : la question Q1 a un type LimeSurvey inconnu (« Z »)."),
])
def test_unreadable_questionnaires_are_french_errors(runner, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(cli, ["questionnaire", "check", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert "Traceback" not in result.output


def test_hostile_questionnaire_files_meet_the_readers_guards(runner, tmp_path):
    """A FIFO is not waited on; a workbook with a far cell or a UTF-16 sheet is refused before openpyxl reads it."""
    os.mkfifo(tmp_path / "tube.lss")
    far = openpyxl.Workbook()
    far.active["XFD1048576"] = "x"
    far.save(tmp_path / "loin.xlsx")
    results = {name: runner.invoke(cli, ["questionnaire", "check", str(tmp_path / name)]) for name in ("tube.lss", "loin.xlsx")}
    assert all(result.exit_code == 1 for result in results.values())
    assert results["tube.lss"].output.startswith("Erreur : « tube.lss » n'est pas un fichier ordinaire")
    assert "feuille" in results["loin.xlsx"].output and "Traceback" not in results["loin.xlsx"].output


def test_a_questionnaire_named_through_a_link_is_read(tmp_path):
    """Named on the command line, outside any démarche, a symbolic link is followed (the user chose it)."""
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    path, questionnaire = write_questionnaire(folder, Wave.POST, Format.XLSX)
    (tmp_path / "lien.xlsx").symlink_to(path)
    assert [q.code for q in read_source(tmp_path / "lien.xlsx").questions] == [q.code for q in questionnaire.questions]


def test_the_group_keeps_writing_questionnaires_by_default(runner, tmp_path):
    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    result = runner.invoke(cli, ["questionnaire", str(folder), "--wave", "pre", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert (folder / "out" / "questionnaire-avant.xlsx").is_file()
    help_text = runner.invoke(cli, ["questionnaire", "--help"]).output
    assert "check" in help_text and "write" in help_text
    bare = runner.invoke(cli, ["questionnaire"])
    assert bare.exit_code == 2 and bare.stderr.splitlines()[-1] == "Erreur : argument manquant : DOSSIER"


def test_the_checklist_is_filled_from_the_declared_questionnaire(tmp_path, data_dir):
    from evaluation.demarche.model import load_demarche
    from evaluation.report.evaluate import checklist_facts

    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(data_dir / "consultation-longue.txt", folder / "consultation.txt")
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    assert checklist_facts(load_demarche(folder, ProblemReport())).questionnaire_minutes == 15  # stated by hand
    text = "\n".join(line for line in text.splitlines() if "duree_questionnaire_minutes" not in line and "questions_ouvertes_et_fermees" not in line)
    (folder / "demarche.yaml").write_text(text.replace("qualite:\n", "qualite:\n  questionnaire_consultation: consultation.txt\n"), encoding="utf-8")
    demarche = load_demarche(folder, ProblemReport())
    facts = checklist_facts(demarche)
    assert facts.questionnaire_minutes == 41.2
    assert facts.open_and_closed_questions is False


def test_a_missing_declared_questionnaire_is_a_warning_of_suivi_check(tmp_path, runner):
    from evaluation.check import check_folder

    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text.replace("qualite:\n", "qualite:\n  questionnaire_consultation: consultation-limesurvey.txt\n"), encoding="utf-8")
    problems = [p for p in check_folder(folder) if p.header == "qualite: questionnaire_consultation"]
    assert [(p.code, p.severity.value, p.value) for p in problems] == [("fichier_absent", "warning", "consultation-limesurvey.txt")]
    assert problems[0].message.startswith("consultation-limesurvey.txt : fichier introuvable.")
