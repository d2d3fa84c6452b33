"""Other bodies' readings of each proposal: the sheet « Lectures », its checks, and the agreement with the sponsor."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from sklearn.metrics import cohen_kappa_score

from evaluation.followup.register import load_register
from evaluation.scaffold import write_register_workbook
from evaluation.voice.readings import READINGS_SHEET, agreements, site_readings
from indicators.readings import MIN_KAPPA_PAIRS, KappaUndefined, ReadingPair, cohen_kappa, reading_agreement
from indicators.vocabulary import Assessment, Status
from surveys.problems import ProblemReport

COMMITTEE = "Comité de suivi citoyen"


def proposal(ident: str, status: str, theme: str = "Transports") -> list[object]:
    motivation = "" if status == "Retenue" else "Motif donné."
    reason = "Coût" if status == "Non retenue" else ""
    return [ident, f"Titre {ident}", "", theme, "", status, motivation, reason, "", "", None, "", None, None, ""]


def register_with(tmp_path: Path, readings: list[list[object]], proposals: list[list[object]] | None = None):
    path = tmp_path / "propositions.xlsx"
    write_register_workbook(path, proposals or [proposal("P-1", "Retenue"), proposal("P-2", "Non retenue", "Vélo"), proposal("P-3", "À l'étude")], readings)
    report = ProblemReport()
    return load_register(path, report), report


def test_the_template_has_a_readings_sheet_with_drop_downs(tmp_path):
    path = tmp_path / "propositions.xlsx"
    write_register_workbook(path)
    book = openpyxl.load_workbook(path)
    sheet = book[READINGS_SHEET]
    assert [c.value for c in sheet[1]] == ["Identifiant", "Instance", "Statut selon l'instance", "Appréciation de la réponse", "Commentaire"]
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    lists = book["Listes"]
    status_column = ranges["C2"].split("!$")[1].split("$")[0]
    assessment_column = ranges["D2"].split("!$")[1].split("$")[0]
    assert [lists[f"{status_column}{r}"].value for r in range(2, 8)] == ["Retenue", "Retenue partiellement", "Non retenue", "À l'étude", "Déjà en vigueur", "Hors champ"]
    assert [lists[f"{assessment_column}{r}"].value for r in range(2, 5)] == ["Satisfaisante", "Partielle", "Insatisfaisante"]
    assert book.sheetnames[:2] == ["Propositions", "Mode d'emploi"]


def test_readings_are_read_beside_the_decision(tmp_path):
    register, report = register_with(tmp_path, [
        ["P-1", COMMITTEE, "Retenue partiellement", "Partielle", "Seule une partie est financée."],
        ["P-1", "Comité de garants", "Retenue", "Satisfaisante", ""],
        ["p-2", COMMITTEE, "non retenue", "", "=HYPERLINK(\"x\")"],
    ])
    assert not report.has_errors, [p.render() for p in report]
    assert [(r.proposal_id, r.body, r.status, r.assessment) for r in register.readings] == [
        ("P-1", COMMITTEE, Status.RETENUE_PARTIELLEMENT, Assessment.PARTIELLE),
        ("P-1", "Comité de garants", Status.RETENUE, Assessment.SATISFAISANTE),
        ("P-2", COMMITTEE, Status.NON_RETENUE, None),
    ]
    assert register.readings[2].comment == '=HYPERLINK("x")'  # read back as typed; neutralised when written
    assert [p.code for p in report] == ["libelle_normalise"]
    assert report.warnings[0].sheet == READINGS_SHEET and report.warnings[0].row == 4 and report.warnings[0].column == "C"


def test_reading_errors_are_located(tmp_path):
    register, report = register_with(tmp_path, [
        ["P-9", COMMITTEE, "Retenue", "", ""],
        ["P-1", "", "Retenue", "", ""],
        ["P-1", COMMITTEE, "", "", ""],
        ["P-2", COMMITTEE, "Retenue", "Bof", ""],
        ["P-3", COMMITTEE, "Retenue", "Satisfaisante", "Écrire à jean@example.org"],
        ["P-3", COMMITTEE, "Non retenue", "", ""],
    ])
    found = [(p.code, p.row, p.column, p.severity.value) for p in report if p.sheet == READINGS_SHEET]
    assert found == [
        ("lecture_proposition_inconnue", 2, "A", "error"),
        ("lecture_sans_instance", 3, "B", "error"),
        ("lecture_statut_manquant", 4, "C", "error"),
        ("lecture_assessment_inconnu", 5, "D", "error"),
        ("donnees_personnelles", 6, "E", "warning"),
        ("lecture_en_double", 7, "A", "error"),
    ]
    messages = {p.code: p.message for p in report}
    assert messages["lecture_proposition_inconnue"] == "La proposition « P-9 » n'existe pas dans la feuille « Propositions ». Corrigez l'identifiant."
    assert messages["lecture_en_double"] == "La proposition « P-3 » est déjà lue par « Comité de suivi citoyen » à la ligne 6. Une seule lecture par proposition et par instance."
    assert "jean@example.org" not in register.readings[-1].comment


def test_a_register_without_the_sheet_has_no_other_reading(tmp_path, data_dir):
    report = ProblemReport()
    register = load_register(data_dir / "propositions-valide.csv", report)
    assert register.readings == [] and not report.has_errors


def test_kappa_matches_scikit_learn():
    rng = random.Random(4)
    statuses = [str(s) for s in Status]
    for _ in range(50):
        n = rng.randint(2, 60)
        first = [rng.choice(statuses[:4]) for _ in range(n)]
        second = [a if rng.random() < 0.6 else rng.choice(statuses) for a in first]
        got = cohen_kappa(first, second)
        if len(set(first) | set(second)) == 1:
            assert got is None  # chance agreement 1: κ is 0/0
        else:
            assert got == pytest.approx(cohen_kappa_score(first, second))


def test_kappa_only_where_it_means_something():
    few = [ReadingPair(f"P-{i}", "T", "retenue", "retenue") for i in range(MIN_KAPPA_PAIRS - 1)]
    assert reading_agreement(COMMITTEE, few).kappa_undefined is KappaUndefined.TOO_FEW
    single = [ReadingPair(f"P-{i}", "T", "retenue", "retenue") for i in range(MIN_KAPPA_PAIRS)]
    result = reading_agreement(COMMITTEE, single)
    assert result.kappa is None and result.kappa_undefined is KappaUndefined.SINGLE_STATUS
    assert result.overall.same == MIN_KAPPA_PAIRS


def test_agreement_by_status_and_theme_and_the_differing_proposals(tmp_path):
    proposals = [proposal(f"P-{i}", status, theme) for i, (status, theme) in enumerate(
        [("Retenue", "Transports")] * 5 + [("Non retenue", "Vélo")] * 4 + [("À l'étude", "Vélo")] * 3, start=1)]
    read = ["Retenue", "Retenue", "Retenue partiellement", "Non retenue", "Retenue", "Non retenue", "Non retenue", "Non retenue", "Non retenue",
            "À l'étude", "Non retenue", "À l'étude"]
    register, report = register_with(tmp_path, [[f"P-{i}", COMMITTEE, s, "", ""] for i, s in enumerate(read, start=1)], proposals)
    assert not report.has_errors
    (agreement,) = agreements(register)
    assert (agreement.overall.n, agreement.overall.same) == (12, 9)
    assert {k: (c.n, c.same) for k, c in agreement.by_status.items()} == {"retenue": (5, 3), "non_retenue": (4, 4), "a_l_etude": (3, 2)}
    assert {k: (c.n, c.same) for k, c in agreement.by_theme.items()} == {"Transports": (5, 3), "Vélo": (7, 6)}
    assert [p.proposal_id for p in agreement.differing] == ["P-3", "P-4", "P-11"]
    sponsor = ["retenue"] * 5 + ["non_retenue"] * 4 + ["a_l_etude"] * 3
    assert agreement.kappa == pytest.approx(cohen_kappa_score(sponsor, [str(r.status) for r in register.readings]))
    page = site_readings(register)
    assert page["P-3"]["lectures"][0] | {"commentaire": ""} == {
        "instance": COMMITTEE, "statut": "retenue_partiellement", "statut_libelle": "Retenue partiellement", "appreciation": None,
        "appreciation_libelle": None, "commentaire": "", "meme_statut": False}
    assert page["P-1"]["commanditaire"] == {"statut": "retenue", "statut_libelle": "Retenue"}
