"""The publication journal: append-only, hash-chained; suivi verify names the first bad entry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from site_helpers import published_example

from evaluation.cli import cli
from evaluation.followup.site.journal import GENESIS, canonical, new_entry, read_journal, verify
from surveys.problems import SuiviError


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder, result = published_example(tmp_path_factory.mktemp("journal"))
    return folder, result


@pytest.fixture
def folder(published, tmp_path):
    import shutil

    copy = tmp_path / "demarche"
    shutil.copytree(published[0] / "journal", copy / "journal")
    return copy


def entry_file(folder, number):
    return folder / "journal" / f"{number:06d}.jsonl"


def test_each_entry_hashes_its_header_and_content_and_the_previous_fingerprint(folder):
    first, second = (entry_file(folder, n).read_bytes().split(b"\n") for n in (1, 2))
    header1, header2 = json.loads(first[0]), json.loads(second[0])
    body = {k: v for k, v in header1.items() if k != "empreinte"}
    independent = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n" + first[1]).hexdigest()
    assert header1["empreinte"] == independent
    assert (header1["precedent"], header2["precedent"]) == (GENESIS, header1["empreinte"])
    assert (header1["date"], header2["date"]) == ("2026-11-15", "2026-12-15")


def test_decided_and_published_are_separate_facts_and_no_personal_field_is_kept(folder):
    entries = read_journal(folder)
    p04 = {r["identifiant"]: r for r in entries[1].records}["P-04"]
    assert p04["date_decision"] == "2026-12-10" and entries[1].date == dt.date(2026, 12, 15)
    assert set(p04) == {"identifiant", "demarche", "titre", "texte", "theme", "modalite_origine", "statut", "statut_libelle", "motivation",
                        "code_motif", "code_motif_libelle", "mesures", "service_responsable", "echeance", "etat_mise_en_oeuvre",
                        "etat_mise_en_oeuvre_libelle", "avancement", "date_decision", "decide_par"}


def test_verify_cli_intact(runner, folder):
    result = runner.invoke(cli, ["verify", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Journal intact : 2 publications, de la n° 1 (15 novembre 2026) à la n° 2 (15 décembre 2026)."


def _tamper_content(folder):
    path = entry_file(folder, 1)
    path.write_bytes(path.read_bytes().replace(b"Retenue", "Rejetée".encode(), 1))


def _remove_first(folder):
    entry_file(folder, 1).unlink()


def _swap(folder):
    one, two = entry_file(folder, 1), entry_file(folder, 2)
    data = one.read_bytes()
    one.write_bytes(two.read_bytes())
    two.write_bytes(data)


def _renumber_after_removal(folder):
    entry_file(folder, 2).rename(entry_file(folder, 1))


def _rewrite_header(folder):
    path = entry_file(folder, 2)
    head, rest = path.read_bytes().split(b"\n", 1)
    header = json.loads(head)
    header["date"] = "2026-12-01"
    path.write_bytes(canonical(header) + b"\n" + rest)


@pytest.mark.parametrize(("tamper", "message"), [
    (_tamper_content, "L'entrée n° 1 du journal (000001.jsonl) a été modifiée après sa publication : son empreinte SHA-256 ne correspond plus à son contenu."),
    (_remove_first, "L'entrée n° 1 du journal (000001.jsonl) est absente : elle a été supprimée ou les entrées ont été renumérotées."),
    (_swap, "L'entrée n° 1 du journal (000001.jsonl) contient l'entrée n° 2 : les entrées ont été déplacées ou réordonnées."),
    (_renumber_after_removal, "L'entrée n° 1 du journal (000001.jsonl) contient l'entrée n° 2 : les entrées ont été déplacées ou réordonnées."),
    (_rewrite_header, "L'entrée n° 2 du journal (000002.jsonl) a été modifiée après sa publication : son empreinte SHA-256 ne correspond plus à son contenu."),
])
def test_verify_cli_names_the_first_bad_entry(runner, folder, tamper, message):
    tamper(folder)
    result = runner.invoke(cli, ["verify", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Erreur : {message}"


def test_a_rehashed_replacement_still_breaks_the_chain(folder):
    """An entry rewritten with a correct fingerprint of its own no longer matches the next entry's « precedent »."""
    entries = read_journal(folder)
    _, data = new_entry(None, entries[0].date, {**entries[0].content, "propositions": []})
    entry_file(folder, 1).write_bytes(data)
    result = verify(folder)
    assert not result.intact and result.number == 2
    assert "ne suit pas l'entrée n° 1" in result.problem


def test_nothing_is_published_on_a_broken_journal(published, tmp_path):
    import shutil

    from evaluation.followup.site.publish import publish

    folder = tmp_path / "d"
    shutil.copytree(published[0], folder)
    _tamper_content(folder)
    with pytest.raises(SuiviError, match="rien n'a été publié") as error:
        publish(folder, date=dt.date(2027, 1, 1))
    assert "L'entrée n° 1" in str(error.value)
    assert not entry_file(folder, 3).exists()


def test_verify_without_journal_and_without_folder(runner, tmp_path):
    result = runner.invoke(cli, ["verify", str(tmp_path)])
    assert result.exit_code == 0
    assert "n'a encore aucune publication" in result.output
    missing = runner.invoke(cli, ["verify", str(tmp_path / "absent")])
    assert missing.exit_code == 1 and missing.stderr.startswith("Erreur : Le dossier « absent » est introuvable.")
