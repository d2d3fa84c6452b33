"""demarche.yaml: the example is complete; every mistake is named by its key and line, in French."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evaluation.demarche.model import Demarche, Modality, Recruitment, load_demarche
from evaluation.resources import examples_dir, template
from surveys.exports.items import Wave
from surveys.problems import ProblemReport, SuiviError

EXAMPLE = examples_dir() / "convention-mobilites"


def test_example_fills_every_section() -> None:
    demarche = load_demarche(EXAMPLE, ProblemReport())
    assert isinstance(demarche, Demarche)
    assert demarche.id == "convention-mobilites" and demarche.folder == EXAMPLE
    assert demarche.sponsor == "Direction des mobilités du quotidien (DMQ)" and demarche.ministry
    assert Modality.CONFERENCE_DE_CITOYENS in demarche.modalities
    assert demarche.dates.start < demarche.dates.end < demarche.dates.restitution < demarche.response_deadline
    assert len(demarche.questions) == 2 and demarche.purpose and demarche.room_for_manoeuvre
    assert all(e.due for e in demarche.engagements) and len(demarche.engagements) >= 3
    assert demarche.panel.size == 120 and demarche.panel.recruitment is Recruitment.TIRAGE_AU_SORT
    assert demarche.panel.composition_published is True
    assert demarche.governance.citizen_follow_up_committee is True
    quality = demarche.quality.model_dump()
    quality.pop("consultation_questionnaire")  # an alternative to the two facts stated by hand
    assert None not in quality.values(), quality
    assert {lesson.tag for lesson in demarche.lessons} >= {"recrutement", "devoir_de_suite"}
    assert demarche.files.proposals == "propositions.xlsx"
    assert demarche.path(demarche.files.proposals).is_file()
    for survey in demarche.files.surveys:
        assert survey.wave in set(Wave)


EXPECTED = {
    # line: (key, start of the French explanation)
    2: ("id", "Clé « id » :"),
    4: ("commanditair", "Clé « commanditair » : clé inconnue ; vérifiez son orthographe ou supprimez-la."),
    6: ("modalites (élément 1)", "Clé « modalites (élément 1) » : valeur non reconnue ; valeurs possibles :"),
    8: ("dates.debut", "Clé « dates.debut » : date attendue au format AAAA-MM-JJ (par exemple 2026-11-22)."),
    13: ("panel.taille", "Clé « panel.taille » : la valeur doit être supérieure ou égale à 1."),
    14: ("panel.recrutement", "Clé « panel.recrutement » : valeur non reconnue ; valeurs possibles : 'tirage_au_sort', 'volontariat' ou 'mixte'."),
    16: ("gouvernance.comite_de_pilotage", "Clé « gouvernance.comite_de_pilotage » : valeur attendue : oui ou non (true / false)."),
}


def test_every_mistake_is_located(data_dir: Path) -> None:
    report = ProblemReport()
    assert load_demarche(data_dir / "demarche-erreurs", report) is None
    by_line = {p.row: p for p in report}
    missing = [p for p in report if p.header == "commanditaire"]
    assert missing and missing[0].message == "Clé « commanditaire » : cette clé est obligatoire ; ajoutez-la."
    for line, (key, message) in EXPECTED.items():
        assert by_line[line].header == key
        assert by_line[line].message.startswith(message), by_line[line].message
        assert by_line[line].file == "demarche.yaml"


def test_a_command_that_requires_it_raises_one_error_listing_every_problem(data_dir: Path) -> None:
    report = ProblemReport()
    with pytest.raises(SuiviError) as caught:
        report.required(load_demarche(data_dir / "demarche-erreurs", report))
    assert len(report) > 1 and "demarche_invalide" not in report.codes()  # the report holds the problems, not the summary
    text = str(caught.value)
    assert text.startswith("demarche.yaml contient des erreurs :\nErreur — demarche.yaml, ligne 2 : Clé « id »")
    assert "ligne 16" in text and caught.value.code == "demarche_invalide"


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "demarche.yaml").write_text(body, encoding="utf-8")
    return tmp_path


MINIMAL = """id: essai
titre: Essai
commanditaire: Mairie
modalites: [atelier_citoyen]
dates: {debut: 2026-01-10, fin: 2026-01-20}
"""


def test_blank_questions_left_from_the_template_are_reported_once(tmp_path: Path) -> None:
    report = ProblemReport()
    assert load_demarche(_write(tmp_path, MINIMAL + 'questions:\n  - ""\n'), report) is None
    [problem] = list(report)
    assert (problem.row, problem.header) == (6, "questions")
    assert problem.message == "Clé « questions » : au moins un élément attendu (une ligne commençant par « - »)."


def test_blank_optional_texts_mean_not_given(tmp_path: Path) -> None:
    demarche = load_demarche(_write(tmp_path, MINIMAL + 'questions: ["Q ?"]\nministere: ""\nobjet: "  "\n'), ProblemReport())
    assert demarche is not None
    assert demarche.ministry is None and demarche.purpose is None and demarche.room_for_manoeuvre is None


def test_french_booleans_and_date_order(tmp_path: Path) -> None:
    demarche = load_demarche(_write(tmp_path, MINIMAL + 'questions: ["Q ?"]\ngouvernance: {comite_de_garants: Oui, comite_de_suivi_citoyen: non}\n'), ProblemReport())
    assert demarche is not None
    assert demarche.governance.guarantors_committee is True and demarche.governance.citizen_follow_up_committee is False
    report = ProblemReport()
    load_demarche(_write(tmp_path, MINIMAL.replace("fin: 2026-01-20", "fin: 2026-01-01") + 'questions: ["Q ?"]\n'), report)
    assert [p.message for p in report] == ["Clé « dates » : la date de fin est antérieure à la date de début."]


def test_missing_folder_and_missing_file_are_recorded_not_raised(tmp_path: Path) -> None:
    missing = tmp_path / "nulle-part"
    report = ProblemReport()
    assert load_demarche(missing, report) is None
    [problem] = list(report)
    assert problem.message == (f"Le dossier « {missing} » est introuvable. Vérifiez le chemin ; pour commencer une nouvelle "
                               f"démarche, créez-le avec « suivi init {missing} ».")
    with pytest.raises(SuiviError) as caught:  # the same message when a command cannot go on without it
        report.required(load_demarche(missing, report))
    assert str(caught.value) == problem.message
    report = ProblemReport()
    assert load_demarche(tmp_path, report) is None
    [problem] = list(report)
    assert (problem.code, problem.file) == ("demarche_absente", "demarche.yaml")
    assert problem.message == f"Le dossier « {tmp_path} » ne contient pas de fichier demarche.yaml. Créez un dossier prêt à remplir avec « suivi init {tmp_path} »."


def test_init_template_lists_what_is_left_to_fill(tmp_path: Path) -> None:
    (tmp_path / "demarche.yaml").write_bytes(template("demarche-modele.yaml").read_bytes())
    report = ProblemReport()
    assert load_demarche(tmp_path, report) is None
    assert [p.header for p in report] == ["titre", "commanditaire", "questions"]


def test_init_template_once_filled_is_valid(tmp_path: Path) -> None:
    text = template("demarche-modele.yaml").read_text(encoding="utf-8")
    text = text.replace('titre: ""', "titre: Atelier").replace('commanditaire: ""', "commanditaire: Mairie").replace('  - ""', '  - "Comment ?"')
    (tmp_path / "demarche.yaml").write_text(text, encoding="utf-8")
    demarche = load_demarche(tmp_path, ProblemReport())
    assert demarche is not None and demarche.dates.start == dt.date(2026, 1, 1) and demarche.panel.size is None
