"""Interviews inside a démarche folder: ``fichiers: entretiens:`` as a workbook or a folder of grids."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from evaluation.check import check_folder
from evaluation.cli import cli
from evaluation.demarche.model import load_demarche
from evaluation.fieldwork.interview_data import interview_indicators, load_interview_data, proposal_ids
from evaluation.followup.register import load_register
from evaluation.resources import examples_dir
from surveys.problems import ProblemReport


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "convention"
    shutil.copytree(examples_dir() / "convention-mobilites", target)
    return target


def _point_to(folder: Path, value: str | None) -> None:
    path = folder / "demarche.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("  entretiens:")]
    if value is not None:
        position = next(i for i, line in enumerate(lines) if line.startswith("fichiers:"))
        lines.insert(position + 1, f"  entretiens: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _interview_problems(folder: Path) -> list[str]:
    return [p.render() for p in check_folder(folder) if p.file.startswith(("entretiens", "E0", "reconciliation"))]


def test_the_example_declares_its_interviews_and_passes_the_check(folder: Path) -> None:
    assert load_demarche(folder, ProblemReport()).files.interviews == "entretiens.xlsx"
    assert _interview_problems(folder) == []


def test_a_folder_of_word_grids_can_be_declared_instead(folder: Path) -> None:
    _point_to(folder, "entretiens/")
    assert _interview_problems(folder) == []
    report = ProblemReport()
    interviews = load_interview_data(load_demarche(folder, ProblemReport()), report)
    assert [c.interview_id for c in interviews.codings] == ["E04", "E04"]


def test_blind_spots_are_checked_against_the_register(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "entretiens.xlsx")
    book["Angles morts"]["D2"] = "P-1, P-77"
    book.save(folder / "entretiens.xlsx")
    assert _interview_problems(folder) == [
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule D2 (Propositions liées) : Proposition « P-1 » absente du registre : vouliez-vous dire « P-01 » ?",
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule D2 (Propositions liées) : Proposition « P-77 » absente du registre : vérifiez l'identifiant dans propositions.xlsx.",
    ]


def test_a_missing_interview_file_is_reported_and_the_check_goes_on(folder: Path, runner: CliRunner) -> None:
    _point_to(folder, "entretiens-2026.xlsx")
    assert _interview_problems(folder) == [
        "Erreur — entretiens-2026.xlsx : Le fichier « entretiens-2026.xlsx » est introuvable. Vérifiez son nom et son emplacement dans le dossier de la démarche."
    ]
    result = runner.invoke(cli, ["check", str(folder)])
    assert "entretiens-2026.xlsx" in result.output


def test_no_interviews_declared(folder: Path) -> None:
    _point_to(folder, None)
    demarche = load_demarche(folder, ProblemReport())
    report = ProblemReport()
    assert load_interview_data(demarche, report) is None
    assert interview_indicators(None) == []
    assert len(report) == 0


def test_interview_indicators_of_the_example(folder: Path) -> None:
    demarche = load_demarche(folder, ProblemReport())
    report = ProblemReport()
    register = load_register(demarche, report)
    rows = interview_indicators(load_interview_data(demarche, report, proposal_ids(register)))
    assert not report.has_errors
    assert {r.dimension for r in rows} == {"impact_interne"}
    per_proposal = {r.item for r in rows if r.indicator == "angles_morts_proposition"}
    assert per_proposal <= {p.id for p in register.proposals}
    assert len(per_proposal) == 18


def test_evaluate_writes_the_interview_indicators(folder: Path) -> None:
    from evaluation.report.evaluate import evaluate

    result = evaluate(folder, resamples=50)
    rows = result.select(dimension="impact_interne")
    assert {r.indicator for r in rows} >= {"part_niveau_2", "kappa_pondere", "alpha_krippendorff", "angles_morts_proposition"}
    assert next(r for r in rows if r.indicator == "entretiens" and not r.group).value == 12
    text = (folder / "out" / "indicateurs.csv").read_text(encoding="utf-8")
    assert "impact_interne,part_niveau_2,P1,,,12,entretiens," in text
    assert "service=Mission mobilités rurales" in text and "Romain" not in text


def test_an_interview_error_stops_evaluate_before_writing(folder: Path) -> None:
    from evaluation.demarche.folder import FolderInvalid
    from evaluation.report.evaluate import evaluate

    book = openpyxl.load_workbook(folder / "entretiens.xlsx")
    book["Entretiens"]["G2"] = 7
    book.save(folder / "entretiens.xlsx")
    with pytest.raises(FolderInvalid, match="Niveau « 7 » du code P1 hors de l'échelle"):
        evaluate(folder, resamples=50)
    assert not (folder / "out" / "indicateurs.csv").exists()
