"""Other bodies' readings of each proposal: the sheet « Lectures », its checks, and the agreement with the sponsor."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from sklearn.metrics import cohen_kappa_score

from evaluation.followup.readings import READINGS_SHEET
from evaluation.followup.register import load_register
from evaluation.scaffold import write_register_workbook
from evaluation.voice.readings import agreements, site_readings
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
        ("lecture_appreciation_inconnue", 5, "D", "error"),
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


def test_respond_shows_both_readings_and_publishes_them(tmp_path):
    import csv
    import json
    import shutil

    import docx
    import frictionless
    from report_helpers import EXAMPLE

    from evaluation.followup.response import respond

    folder = tmp_path / "ex"
    shutil.copytree(EXAMPLE, folder)
    result = respond(folder)
    out = folder / "out"
    assert {p.name for p in result.paths} >= {"lectures.csv", "lectures.json", "lectures.schema.json"}
    report = frictionless.validate("lectures.csv", schema="lectures.schema.json", basepath=str(out))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "message"])
    with (out / "lectures.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    register = load_register(folder / "propositions.xlsx", ProblemReport())
    assert len(rows) == len(register.readings)
    differing = [r["identifiant"] for r in rows if r["meme_statut"] == "false"]
    (committee, _) = agreements(register)
    assert differing == [p.proposal_id for p in committee.differing]
    assert json.loads((out / "lectures.json").read_text(encoding="utf-8"))[0]["instance"] == COMMITTEE
    document = docx.Document(out / "reponse-motivee.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    first = differing[0]
    proposal = next(p for p in register.proposals if p.id == first)
    reading = next(r for r in register.readings if r.proposal_id == first and r.body == COMMITTEE)
    assert f"Lecture – {COMMITTEE}" in text
    assert "(statut différent de celui du commanditaire)" in text and "(même statut)" in text
    assert reading.comment in text and proposal.title in text
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    summary = next(t for t in tables if t[0][0] == "Instance")
    assert summary[0] == ["Instance", "Lues", "Même statut", "Statut différent", "Satisfaisante", "Partielle", "Insatisfaisante"]
    assert summary[1][:4] == [COMMITTEE, str(committee.overall.n), str(committee.overall.same), str(committee.overall.different)]


def test_the_evaluation_report_compares_the_readings(tmp_path):
    from report_helpers import chapters, example_report, plain

    folder, _, outputs = example_report()
    register = load_register(folder / "propositions.xlsx", ProblemReport())
    committee, guarantors = agreements(register)
    parts = chapters(outputs.report)["Devoir de suite"]
    texts = [b.text for b in parts if b.kind == "p"]
    assert "Lecture des autres instances" in texts
    tables = [b.rows for b in parts if b.kind == "tbl"]
    overall = next(rows for rows in tables if rows[0][-1] == "Accord (κ de Cohen)")
    sponsor = [str(p.status) for p in register.proposals for r in register.readings if r.proposal_id == p.id and r.body == COMMITTEE]
    read = [str(r.status) for p in register.proposals for r in register.readings if r.proposal_id == p.id and r.body == COMMITTEE]
    kappa = f"{cohen_kappa_score(sponsor, read):.2f}".replace(".", ",")
    assert [plain(c) for c in overall[1]] == [COMMITTEE, "42", str(committee.overall.same), str(committee.overall.different),
                                              plain(f"{round(100 * committee.overall.same / 42)} %"), f"κ = {kappa} (n = 42)"]
    assert plain(overall[2][-1]) == f"non calculé : {guarantors.overall.n} propositions lues, moins de 10"
    differing = next(rows for rows in tables if rows[0][0] == "Identifiant")
    assert [row[0] for row in differing[1:]] == [p.proposal_id for p in committee.differing]
    workbook = openpyxl.load_workbook(outputs.workbook)
    assert {"Lectures - accord", "Lectures divergentes"} <= set(workbook.sheetnames)
