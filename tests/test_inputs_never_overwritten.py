"""Inputs are never overwritten: outputs over inputs refused, the key created once, leftovers cleaned."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from devoir_de_suite_helpers import example_copy, folder_with

from evaluation.cli import cli
from evaluation.demarche.inputs import input_files, refuse_overwriting_inputs
from evaluation.demarche.model import load_demarche
from evaluation.documents.outputs import remove_stale_temporaries, write_text
from evaluation.followup.response import respond
from surveys.exports.pseudonym import KEY_FILE, load_or_create_key
from surveys.problems import ProblemReport, SuiviError


def test_respond_into_the_demarche_folder_refuses_to_replace_a_csv_register(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-valide.csv")
    register = folder / "propositions.csv"
    before = register.read_bytes()
    with pytest.raises(SuiviError) as caught:
        respond(folder, out_dir=folder)
    assert caught.value.code == "sortie_sur_entree"
    assert str(caught.value) == (
        "Le fichier de sortie « propositions.csv » remplacerait le registre des propositions de la démarche : rien n'a été écrit. "
        "Choisissez un autre dossier de sortie (--out), par exemple le sous-dossier « out »."
    )
    assert register.read_bytes() == before
    assert not (folder / "reponse-motivee.docx").exists()  # refused before anything is written


def test_the_cli_says_it_in_french(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "propositions-valide.csv")
    result = CliRunner().invoke(cli, ["respond", str(folder), "--out", str(folder)])
    assert result.exit_code == 1
    assert "remplacerait le registre des propositions de la démarche" in result.output


def test_every_declared_input_is_protected(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    demarche = load_demarche(folder, ProblemReport())
    assert demarche is not None
    protected = {p.relative_to(folder.resolve()).as_posix() for p in input_files(demarche)}
    assert {"demarche.yaml", KEY_FILE, "propositions.xlsx", "codebook.yaml", "marges.csv", "enquetes/questionnaire-avant.csv",
            "enquetes/questionnaire-apres.xlsx"} <= protected
    with pytest.raises(SuiviError):
        refuse_overwriting_inputs(demarche, [folder / "enquetes" / ".." / "enquetes" / "questionnaire-avant.csv"])
    refuse_overwriting_inputs(demarche, [folder / "out" / "propositions.csv"])  # an output folder is fine


def _first_key(folder: str) -> str:
    return load_or_create_key(Path(folder)).hex()


def test_two_first_runs_at_once_agree_on_one_key(tmp_path: Path) -> None:
    for attempt in range(5):
        folder = tmp_path / f"d{attempt}"
        folder.mkdir()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            keys = pool.map(_first_key, [str(folder)] * 8)
        assert len(set(keys)) == 1
        assert (folder / KEY_FILE).read_text(encoding="ascii").strip() == keys[0]
        assert sorted(p.name for p in folder.iterdir()) == [KEY_FILE]  # no temporary file left


def test_leftovers_of_a_killed_run_are_removed_by_the_next_run(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    dead = tmp_path / ".rapport.docx.999999999.abcd.tmp"  # no process has that id
    legacy = tmp_path / ".rapport.docx.k2j3h4.tmp"  # written before temporary names carried the process id
    alive = tmp_path / f".rapport.docx.{os.getppid()}.efgh.tmp"  # a run in progress: left alone
    other = tmp_path / ".autre.docx.999999999.abcd.tmp"
    for path in (dead, legacy, alive, other):
        path.write_bytes(b"half")
    write_text(target, "fini")
    assert not dead.exists() and not legacy.exists()
    assert alive.exists() and other.exists()
    remove_stale_temporaries(tmp_path / "autre.docx")
    assert not other.exists()
