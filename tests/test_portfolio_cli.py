"""``suivi portfolio``: exact French messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluation.cli import cli

DATA = Path(__file__).parent / "data"
OPTIONS = ["--date", "2026-11-22", "--processus", "1"]
WROTE = (
    "Écrit : sortie/portefeuille.xlsx\n"
    "Écrit : sortie/portefeuille.docx\n"
    "Écrit : sortie/indicateurs.csv\n"
    "Écrit : sortie/indicateurs.schema.json\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding copies of the two fixture portfolios."""
    shutil.copytree(DATA / "portefeuille-mini", tmp_path / "mini")
    shutil.copytree(DATA / "portefeuille-exclusions", tmp_path / "exclusions")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_clean_portfolio(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "mini", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Portefeuille : 4 démarches incluses, 0 exclue.\n"
        "1 démarche en retard sur son devoir de suite au 22 novembre 2026.\n" + WROTE
    )


def test_several_paths_and_a_single_demarche(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "mini/atelier-b", "mini/atelier-c", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Portefeuille : 2 démarches incluses, 0 exclue.\n"
        "Aucune démarche en retard sur son devoir de suite au 22 novembre 2026.\n" + WROTE
    )


def test_excluded_demarches_are_listed_with_their_errors(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "exclusions", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Portefeuille : 1 démarche incluse, 5 exclues.\n"
        "Exclue : exclusions/casse-yaml (demarche.yaml contient des erreurs)\n"
        "  Erreur — demarche.yaml : Clé « titre » : cette clé est obligatoire ; ajoutez-la. [yaml_missing]\n"
        "  Erreur — demarche.yaml, ligne 5 : Clé « dates » : la date de fin est antérieure à la date de début. [yaml_value_error]\n"
        "Exclue : exclusions/pas-une-demarche (pas de demarche.yaml)\n"
        "  Erreur — demarche.yaml : Le dossier « pas-une-demarche » ne contient pas de fichier demarche.yaml : ce n'est pas un "
        "dossier de démarche. Créez-le avec « suivi init » ou retirez ce dossier du portefeuille. [demarche_absente]\n"
        "Exclue : exclusions/registre-erreurs (des fichiers contiennent des erreurs)\n"
        "  Erreur — propositions.csv, cellule D3 (Statut) : Statut « Adoptée peut-être » non reconnu. Valeurs possibles : "
        "« Retenue », « Retenue partiellement », « Non retenue », « À l'étude », « Déjà en vigueur », « Hors champ ». [statut_inconnu]\n"
        "Exclue : exclusions/sans-registre (incomplète : registre des propositions absent)\n"
        "  Erreur — propositions.csv : Le registre des propositions « propositions.csv » est absent : sans registre, le devoir "
        "de suite ne peut pas être comparé. Ajoutez le registre (ou corrigez « fichiers: propositions: » dans demarche.yaml). [registre_absent]\n"
        "Exclue : exclusions/valide-copie (identifiant déjà utilisé par une autre démarche)\n"
        "  Erreur — demarche.yaml : L'identifiant « valide » est déjà celui de la démarche du dossier « exclusions/valide ». "
        "Chaque démarche doit avoir un identifiant unique (clé id de demarche.yaml). [identifiant_duplique]\n"
        "Aucune démarche en retard sur son devoir de suite au 22 novembre 2026.\n" + WROTE
    )


def test_strict_fails_with_every_problem_and_writes_nothing(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "exclusions/valide", "exclusions/sans-registre", "--out", "sortie", "--strict", *OPTIONS])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Erreur : 1 démarche ne peut pas être incluse et --strict est demandé ; rien n'a été écrit.\n"
        "Exclue : exclusions/sans-registre (incomplète : registre des propositions absent)\n"
        "  Erreur — propositions.csv : Le registre des propositions « propositions.csv » est absent : sans registre, le devoir "
        "de suite ne peut pas être comparé. Ajoutez le registre (ou corrigez « fichiers: propositions: » dans demarche.yaml). [registre_absent]\n"
        "Corrigez ces problèmes (« suivi check DOSSIER » les détaille), ou relancez sans --strict pour la laisser de côté.\n"
    )
    assert not (here / "sortie").exists()


def test_nothing_to_include(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "exclusions/casse-yaml", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 1
    assert result.stderr.startswith("Erreur : Aucune démarche n'a pu être incluse ; rien n'a été écrit.\n"
                                    "Exclue : exclusions/casse-yaml (demarche.yaml contient des erreurs)\n")
    assert result.stderr.endswith("Corrigez ces problèmes (« suivi check DOSSIER » les détaille), puis relancez.\n")
    assert not (here / "sortie").exists()


def test_a_missing_folder(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["portfolio", "mini", "absent", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : Le dossier « absent » est introuvable. Indiquez un dossier de démarche (qui contient demarche.yaml) "
        "ou un dossier de dossiers de démarches.\n"
    )


def test_an_empty_folder(runner: CliRunner, here: Path) -> None:
    (here / "vide").mkdir()
    result = runner.invoke(cli, ["portfolio", "vide", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 1
    assert result.stderr == (
        "Erreur : Le dossier « vide » ne contient ni demarche.yaml ni sous-dossier : aucune démarche à rassembler. "
        "Indiquez un dossier de démarche ou un dossier qui contient les dossiers des démarches.\n"
    )


def test_usage_errors(runner: CliRunner, here: Path) -> None:
    no_out = runner.invoke(cli, ["portfolio", "mini"])
    assert no_out.exit_code == 2
    assert no_out.stderr == (
        "Usage : suivi portfolio [OPTIONS] DOSSIER...\n"
        "Essayez « suivi portfolio --help » pour l'aide.\n"
        "Erreur : indiquez le dossier de sortie avec --out SORTIE (par exemple : --out portefeuille).\n"
    )
    no_path = runner.invoke(cli, ["portfolio", "--out", "sortie"])
    assert no_path.exit_code == 2
    assert no_path.stderr.endswith("Erreur : argument manquant : DOSSIER...\n")
    bad_date = runner.invoke(cli, ["portfolio", "mini", "--out", "sortie", "--date", "22/11/2026"])
    assert bad_date.exit_code == 2
    assert bad_date.stderr.splitlines()[-1] == "Erreur : valeur invalide pour --date : « 22/11/2026 » n'est pas une date AAAA-MM-JJ (par exemple 2026-12-31)."
    assert not (here / "sortie").exists()


def test_a_bad_word_template_stops_before_any_work(runner: CliRunner, here: Path) -> None:
    (here / "modele.docx").write_text("pas un document", encoding="utf-8")
    result = runner.invoke(cli, ["portfolio", "mini", "--out", "sortie", "--template", "modele.docx", *OPTIONS])
    assert result.exit_code == 1
    assert result.stderr == "Erreur : Le modèle Word « modele.docx » est endommagé et ne peut pas être ouvert.\n"
    assert not (here / "sortie").exists()


def test_a_symlinked_demarche_folder_is_refused_never_read(runner: CliRunner, here: Path) -> None:
    (here / "demarches").mkdir()
    shutil.copytree(here / "mini" / "atelier-a", here / "demarches" / "atelier-a")
    (here / "demarches" / "atelier-lien").symlink_to(here / "mini" / "atelier-b", target_is_directory=True)
    (here / "mini" / "atelier-b" / "demarche.yaml").write_text("{casse", encoding="utf-8")  # read, it would show a YAML error
    result = runner.invoke(cli, ["portfolio", "demarches", "--out", "sortie", *OPTIONS])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Portefeuille : 1 démarche incluse, 1 exclue.\n"
        "Exclue : demarches/atelier-lien (lien symbolique ou dossier hors du dossier indiqué : non lu)\n"
        "  Erreur — atelier-lien : Le dossier « atelier-lien » de « demarches » est un lien symbolique : le portefeuille ne lit "
        "que les dossiers réellement placés dans le dossier indiqué. Copiez la démarche dans « demarches », ou indiquez son "
        "propre dossier à la commande. [lien_symbolique]\n"
    )
    strict = runner.invoke(cli, ["portfolio", "demarches", "--out", "sortie-stricte", "--strict", *OPTIONS])
    assert strict.exit_code == 1 and "Exclue : demarches/atelier-lien" in strict.stderr
    assert not (here / "sortie-stricte").exists()
