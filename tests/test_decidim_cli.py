"""``suivi decidim import`` and ``suivi decidim export`` as a civil servant runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluation.cli import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_import_prints_what_it_did(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-027-admin-point-virgule.csv"), "d"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Registre créé : propositions.xlsx",
        "6 lignes lues dans l'export : 4 importées, 0 mise à jour, 0 inchangée, 2 écartées.",
        "Écartée : proposition 5 (ligne 6 de l'export) — retirée par son auteur (pas de réponse à donner)",
        "Écartée : proposition 6 (ligne 7 de l'export) — amendement d'une autre proposition (Decidim ne permet pas d'y répondre par fichier)",
    ]
    assert lines[-3:] == ["Écrit : d/propositions.xlsx", "Écrit : d/demarche.yaml", "Écrit : d/decidim-liens.csv"]


def test_import_with_an_unmapped_state_exits_1_and_says_where(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-030-opendata-virgule.csv"), "d"])
    assert result.exit_code == 1
    assert ("Erreur — decidim-030-opendata-virgule.csv, cellule U3 (state) : État Decidim « partiellement_acceptee » inconnu de suivi : "
            "le statut est laissé vide. Indiquez dans decidim-etats.yaml (section « etats: ») le statut du registre qui lui correspond, "
            "puis relancez l'import. [decidim_etat_inconnu]") in result.output.splitlines()
    assert result.output.splitlines()[-1] == "2 erreurs à corriger avant de répondre (voir ci-dessus)."
    assert "Écrit : d/decidim-etats.yaml" in result.output


def test_import_with_the_states_table_option(runner: CliRunner, here: Path) -> None:
    (here / "etats.yaml").write_text("etats:\n  partiellement_acceptee: Retenue partiellement\n  en_attente_du_conseil: \"\"\n", encoding="utf-8")
    result = runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-030-admin.json"), "d", "--etats", "etats.yaml", "--langue", "fr"])
    assert result.exit_code == 0, result.output
    assert "6 lignes lues dans l'export : 5 importées, 0 mise à jour, 0 inchangée, 1 écartée." in result.output


def test_import_of_a_missing_file(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["decidim", "import", "absent.csv", "d"])
    assert result.exit_code == 1
    assert result.output == "Erreur : Le fichier « absent.csv » est introuvable. Vérifiez son nom et son emplacement dans le dossier de la démarche.\n"
    assert not (here / "d").exists()


def test_import_of_something_else_than_a_decidim_export(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["decidim", "import", str(DATA / "propositions-valide.csv"), "d"])
    assert result.exit_code == 1
    assert result.output.startswith("Erreur : « propositions-valide.csv » n'est pas un export de propositions Decidim : il manque la colonne « id »")


def test_import_states_table_with_an_unknown_status(runner: CliRunner, here: Path) -> None:
    (here / "d").mkdir()
    (here / "d" / "decidim-etats.yaml").write_text("etats:\n  partiellement_acceptee: Acceptée en partie\n", encoding="utf-8")
    result = runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-030-opendata-virgule.csv"), "d"])
    assert result.exit_code == 1
    assert any(line.startswith("Erreur — decidim-etats.yaml, ligne 2 : Statut « Acceptée en partie » non reconnu.") for line in result.output.splitlines())


def test_export_before_any_import(runner: CliRunner, here: Path) -> None:
    runner.invoke(cli, ["init", "d"])
    result = runner.invoke(cli, ["decidim", "export", "d"])
    assert result.exit_code == 1
    assert result.output == ("Erreur : Le dossier « d » n'a pas de fichier decidim-liens.csv : importez d'abord les propositions avec "
                             "« suivi decidim import EXPORT d ».\n")


def test_export_writes_four_files_and_lists_what_it_left_out(runner: CliRunner, here: Path) -> None:
    runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-027-admin-point-virgule.csv"), "d"])
    result = runner.invoke(cli, ["decidim", "export", "d", "--out", "pour-decidim"])
    assert result.exit_code == 1  # proposals 13 (no reason code) and 4 (no status) are not complete
    lines = result.output.splitlines()
    assert lines[0] == "2 réponses et 1 résultats exportés pour Decidim."
    assert lines[1:3] == [
        "Non exportée : proposition 13 — la ligne 3 du registre contient des erreurs (« suivi check » les détaille)",
        "Non exportée : proposition 4 — la ligne 5 du registre contient des erreurs (« suivi check » les détaille)",
    ]
    assert lines[-4:] == ["Écrit : pour-decidim/reponses-decidim.csv", "Écrit : pour-decidim/reponses-decidim.json",
                          "Écrit : pour-decidim/resultats-decidim.csv", "Écrit : pour-decidim/resultats-decidim.json"]


def test_decidim_group_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["decidim", "export", "--help"])
    assert result.exit_code == 0 and result.output.startswith("Usage : suivi decidim export [OPTIONS] DOSSIER")


def test_export_with_the_results_already_in_decidim(runner: CliRunner, here: Path) -> None:
    (here / "d").mkdir()
    (here / "d" / "decidim-etats.yaml").write_text("etats:\n  partiellement_acceptee: Retenue partiellement\n  en_attente_du_conseil: \"\"\n", encoding="utf-8")
    runner.invoke(cli, ["decidim", "import", str(DATA / "decidim-030-opendata-virgule.csv"), "d"])
    result = runner.invoke(cli, ["decidim", "export", "d", "--resultats", str(DATA / "decidim-027-resultats-export.csv")])
    assert result.output.splitlines()[:2] == ["2 réponses et 2 résultats exportés pour Decidim.",
                                              "0 résultat déjà présent dans Decidim sera mis à jour (colonne id), 2 créés."]
    wrong = runner.invoke(cli, ["decidim", "export", "d", "--resultats", str(DATA / "decidim-030-opendata-virgule.csv")])
    assert wrong.exit_code == 1 and wrong.output.startswith("Erreur : « decidim-030-opendata-virgule.csv » n'est pas un export de résultats Decidim")
