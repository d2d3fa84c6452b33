"""French everywhere a user looks: click's own errors, help pages, YAML mistakes, wrong paths, outputs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from devoir_de_suite_helpers import DATA, EXAMPLE, tree_digest

from evaluation.cli import cli
from evaluation.cli.base import WAVES, Choice, SuiviCommand, SuiviGroup
from surveys.i18n import has
from surveys.problems import ProblemReport


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the example démarche, « ma-demarche », and a plain file."""
    shutil.copytree(EXAMPLE, tmp_path / "ma-demarche")
    (tmp_path / "notes.txt").write_text("pas un dossier\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _last_line(result: click.testing.Result) -> str:
    return result.stderr.splitlines()[-1]


# --- click's own errors ----------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "value"), [
    ("avant", "pre"), ("Avant", "pre"), ("pre", "pre"), ("PRE", "pre"),
    ("après", "post"), ("apres", "post"), ("APRÈS", "post"), ("post", "post"),
    ("suivi", "follow_up"), ("follow_up", "follow_up"), ("follow-up", "follow_up"), (" Suivi ", "follow_up"),
])
def test_a_wave_is_typed_in_french_or_english(typed: str, value: str) -> None:
    assert Choice(WAVES).convert(typed, None, None) == value


def test_the_questionnaire_takes_a_french_wave(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["questionnaire", "ma-demarche", "--vague", "Après", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Écrit : ma-demarche/out/questionnaire-apres.xlsx (24 questions)"


@pytest.mark.parametrize(("args", "message"), [
    (["questionnaire", "ma-demarche", "--wave", "avant2"],
     "Erreur : valeur invalide pour --vague : « avant2 » n'est pas une valeur possible ; choisissez avant, après, suivi ou retours."),
    (["questionnaire", "ma-demarche", "--vague", "avant", "--format", "pdf"],
     "Erreur : valeur invalide pour --format : « pdf » n'est pas une valeur possible ; choisissez docx, xlsx ou limesurvey."),
    (["evaluate", "ma-demarche", "--seuil", "abc"], "Erreur : valeur invalide pour --seuil : « abc » n'est pas un nombre entier."),
    (["evaluate", "ma-demarche", "--seuil", "0"], "Erreur : valeur invalide pour --seuil : 0 est trop petit : au moins 1."),
    (["portfolio", "ma-demarche", "--out", "sortie", "--processus", "deux"],
     "Erreur : valeur invalide pour --processus : « deux » n'est pas un nombre entier."),
    (["questionnaire", "ma-demarche"], "Erreur : option obligatoire manquante : --vague"),
    (["check", "ma-demarche", "autre"], "Erreur : argument en trop : autre"),
    (["respond", "ma-demarche", "--out"], "Erreur : l'option --out attend une valeur"),
])
def test_usage_errors_are_french(runner: CliRunner, here: Path, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert _last_line(result) == message
    assert not (here / "sortie").exists() and not (here / "ma-demarche" / "out").exists()


def test_help_shows_defaults_ranges_and_required_marks_in_french(runner: CliRunner) -> None:
    evaluate = runner.invoke(cli, ["evaluate", "--help"], terminal_width=200).output
    assert "--seuil N" in evaluate and "sur moins de N personnes.  [par défaut : 11 ; au moins 1]" in evaluate
    questionnaire = runner.invoke(cli, ["questionnaire", "write", "--help"], terminal_width=200).output
    assert "--vague, --wave [avant|après|suivi|retours]" in questionnaire and "[obligatoire]" in questionnaire
    assert "--public [participants|agents]" in questionnaire and "[par défaut : participants]" in questionnaire
    check = runner.invoke(cli, ["check", "--help"], terminal_width=200).output
    assert "--format [texte|json]" in check and "[par défaut : texte]" in check


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> dict[str, tuple[tuple[str, ...], click.Command]]:
    """Every command and sub-command, by its command line (« questionnaire check »)."""
    found: dict[str, tuple[tuple[str, ...], click.Command]] = {}
    for name, command in group.commands.items():
        found[" ".join((*path, name))] = ((*path, name), command)
        if isinstance(command, click.Group):
            found |= _commands(command, (*path, name))
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("line", sorted(COMMANDS))
def test_no_english_in_help_pages(runner: CliRunner, line: str) -> None:
    text = runner.invoke(cli, [*COMMANDS[line][0], "--help"], terminal_width=200).output
    for english in ("default:", "required", "x>=", "Show this message", "Usage:", "[ARGS]", "COMMAND", "TEXT", "INTEGER", "FILE"):
        assert re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text) is None, english


@pytest.mark.parametrize("line", sorted(COMMANDS))
def test_every_text_of_a_command_is_in_the_catalogue(line: str) -> None:
    command = COMMANDS[line][1]
    assert isinstance(command, SuiviCommand | SuiviGroup)
    name = command.key
    assert has(f"cli.help.{name}"), line
    for param in command.params:
        assert param.name is not None
        if isinstance(param, click.Option):
            assert param.help is None, f"{line} {param.opts[0]}: help belongs in the catalogue"
            assert has(f"cli.option.{name}.{param.name}") or has(f"cli.option.{param.name}"), f"{line} {param.opts[0]}"
        takes_value = isinstance(param, click.Argument) or not (param.is_flag or isinstance(param.type, Choice))  # type: ignore[attr-defined]
        if takes_value:
            assert param.metavar is None and has(f"cli.metavar.{param.name}"), f"{line} {param.name}"


def test_each_sub_command_has_its_own_help(runner: CliRunner) -> None:
    helps = {line: runner.invoke(cli, [*path, "--help"], terminal_width=200).output for line, (path, _) in COMMANDS.items()}
    descriptions = {line: text.split("\n\n")[1] for line, text in helps.items()}
    assert len(set(descriptions.values())) == len(descriptions), "two commands share a help text"
    assert "Usage : suivi questionnaire check [OPTIONS] FICHIER" in helps["questionnaire check"]
    assert "suivi check ma-demarche" not in helps["questionnaire check"]


# --- YAML mistakes -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("case", "message"), [
    ("guillemet-non-ferme", "Le fichier « demarche.yaml » n'est pas un YAML valide à la ligne 6 : un guillemet ouvert sur cette "
     "ligne n'est jamais refermé. Ajoutez le guillemet fermant à la fin de la valeur (ou retirez le guillemet ouvrant)."),
    ("deux-points-dans-valeur", "Le fichier « demarche.yaml » n'est pas un YAML valide à la ligne 5 : la valeur contient « : », "
     "que YAML lit comme une nouvelle clé. Mettez la valeur entre guillemets, par exemple : "
     'titre: "Convention citoyenne : les mobilités du quotidien"'),
])
def test_a_yaml_mistake_is_reported_at_its_line_in_french(runner: CliRunner, here: Path, case: str, message: str) -> None:
    shutil.copyfile(DATA / f"demarche-yaml-{case}.yaml", here / "ma-demarche" / "demarche.yaml")
    result = runner.invoke(cli, ["check", "ma-demarche"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"Erreur — demarche.yaml : {message} [yaml_syntaxe]"


def test_the_parser_itself_reports_the_unclosed_quote_far_below() -> None:
    """What the fixture is for: PyYAML stops 14 lines below the quote that was left open."""
    import yaml

    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.safe_load((DATA / "demarche-yaml-guillemet-non-ferme.yaml").read_text(encoding="utf-8"))
    assert caught.value.problem_mark is not None and caught.value.problem_mark.line + 1 == 20


def test_a_colon_in_a_list_item_gets_the_quoting_hint(runner: CliRunner, here: Path) -> None:
    shutil.copyfile(DATA / "demarche-yaml-deux-points-dans-liste.yaml", here / "ma-demarche" / "demarche.yaml")
    result = runner.invoke(cli, ["check", "ma-demarche"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Erreur — demarche.yaml, ligne 20 : Clé « questions (élément 1) » : texte attendu ; la valeur contient « : », que YAML lit "
        'comme une clé. Mettez-la entre guillemets : "Comment se déplacer au quotidien : à quel coût ?" [yaml_string_type]'
    )


# --- wrong paths ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["respond", "ma-demarche/propositions.xlsx"],
     "« ma-demarche/propositions.xlsx » est un fichier : indiquez le dossier de la démarche qui le contient, « ma-demarche »."),
    (["evaluate", "ma-demarche/demarche.yaml"],
     "« ma-demarche/demarche.yaml » est un fichier : indiquez le dossier de la démarche qui le contient, « ma-demarche »."),
    (["check", "notes.txt"],
     "« notes.txt » est un fichier, pas un dossier de démarche : indiquez le dossier qui contient demarche.yaml et propositions.xlsx."),
    (["surveys", "ailleurs/ma-demarche"],
     "Le dossier « ailleurs/ma-demarche » est introuvable : « ailleurs » n'existe pas. Vérifiez le chemin depuis le dossier où vous êtes."),
    (["check", "nouvelle"],
     "Le dossier « nouvelle » est introuvable. Vérifiez le chemin ; pour commencer une nouvelle démarche, créez-le avec « suivi init nouvelle »."),
    (["init", "notes.txt"],
     "« notes.txt » est un fichier : rien n'a été écrit. Choisissez pour la démarche un nom de dossier qui n'existe pas encore."),
])
def test_a_wrong_path_is_named_in_full_with_advice_that_works(runner: CliRunner, here: Path, args: list[str], message: str) -> None:
    before = tree_digest(here)
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == f"Erreur : {message}\n"
    assert tree_digest(here) == before


def test_the_advised_init_works(runner: CliRunner, here: Path) -> None:
    assert "suivi init nouvelle" in runner.invoke(cli, ["check", "nouvelle"]).stderr
    assert runner.invoke(cli, ["init", "nouvelle"]).exit_code == 0


def test_a_folder_that_is_no_demarche_does_not_advise_init_on_it(runner: CliRunner, here: Path) -> None:
    (here / "documents").mkdir()
    (here / "documents" / "note.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["respond", "documents"])
    assert result.exit_code == 1
    assert "suivi init documents" not in result.stderr and "suivi init NOUVEAU-DOSSIER" in result.stderr


# --- outputs that are files --------------------------------------------------------------------------
OUT_IS_FILE = ("« notes.txt » est un fichier, pas un dossier : impossible d'y écrire les résultats. Rien n'a été écrit. "
               "Renommez ce fichier ou indiquez un autre dossier de sortie avec --out.")


@pytest.mark.parametrize("args", [
    ["respond", "ma-demarche"],
    ["evaluate", "ma-demarche"],
    ["portfolio", "ma-demarche"],
    ["surveys", "ma-demarche"],
    ["questionnaire", "ma-demarche", "--vague", "avant"],
])
def test_an_output_folder_that_is_a_file_is_refused_before_anything_is_written(runner: CliRunner, here: Path, args: list[str]) -> None:
    before = tree_digest(here)
    result = runner.invoke(cli, [*args, "--out", "notes.txt"])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Erreur : {OUT_IS_FILE}\n"
    assert tree_digest(here) == before  # not even the pseudonymisation key .suivi-cle


def test_an_output_folder_under_a_file_is_refused(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["respond", "ma-demarche", "--out", "notes.txt/reponse"])
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : Impossible d'écrire dans « notes.txt/reponse » : « notes.txt » est un fichier, pas un dossier. "
                             "Rien n'a été écrit. Renommez ce fichier ou indiquez un autre dossier de sortie avec --out.\n")


def test_an_out_file_in_the_demarche_is_refused(runner: CliRunner, here: Path) -> None:
    (here / "ma-demarche" / "out").write_text("un fichier nommé out\n", encoding="utf-8")
    before = tree_digest(here)
    result = runner.invoke(cli, ["surveys", "ma-demarche"])
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : « ma-demarche/out » est un fichier, pas un dossier : impossible d'y écrire les résultats. "
                             "Rien n'a été écrit. Renommez ce fichier ou indiquez un autre dossier de sortie avec --out.\n")
    assert tree_digest(here) == before
    assert not (here / "ma-demarche" / ".suivi-cle").exists()


@pytest.mark.parametrize("command", ["init", "interview-grid"])
def test_a_folder_to_create_under_a_file_is_refused(runner: CliRunner, here: Path, command: str) -> None:
    before = tree_digest(here)
    result = runner.invoke(cli, [command, "notes.txt/nouvelle"])
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : Impossible d'écrire dans « notes.txt/nouvelle » : « notes.txt » est un fichier, pas un dossier. "
                             "Rien n'a été écrit. Choisissez un autre emplacement.\n")
    assert tree_digest(here) == before


def test_demo_into_a_file_is_refused(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["demo", "notes.txt"])
    assert result.exit_code == 1
    assert result.stderr == ("Erreur : « notes.txt » est un fichier, pas un dossier : impossible d'y écrire les résultats. "
                             "Rien n'a été écrit. Indiquez un autre dossier de sortie, par exemple : suivi demo essai-demo.\n")


def test_no_key_is_created_when_no_survey_file_can_be_read(runner: CliRunner, here: Path) -> None:
    shutil.rmtree(here / "ma-demarche" / "enquetes")
    result = runner.invoke(cli, ["surveys", "ma-demarche"])
    assert result.exit_code == 1
    assert not (here / "ma-demarche" / ".suivi-cle").exists()


def test_a_missing_template_is_named_as_typed(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["respond", "ma-demarche", "--template", "modeles/ministere.docx"])
    assert result.exit_code == 1
    assert result.stderr == "Erreur : Le modèle Word « modeles/ministere.docx » est introuvable.\n"
    assert not (here / "ma-demarche" / "out").exists()


# --- one way in per command --------------------------------------------------------------------------
def test_a_library_result_carries_its_lines_and_exit_status(here: Path) -> None:
    from evaluation.check import check
    from evaluation.command_result import Line

    warned = check(here / "ma-demarche", as_of=dt.date(2026, 10, 1))  # before any deadline: a few warnings (duplicate answers, contacts), no error
    assert warned.exit_code == 0
    assert warned.lines()[-1] == Line(f"{here / 'ma-demarche'} : 0 erreur, 6 avertissements.")
    (here / "ma-demarche" / "propositions.xlsx").unlink()
    broken = check("ma-demarche")
    assert broken.exit_code == 1
    assert broken.lines()[-1] == Line("Corrigez les erreurs ci-dessus, puis relancez « suivi check ma-demarche ».")
    assert all(not line.err for line in broken.lines())


def test_demarche_yaml_takes_french_wave_names(here: Path) -> None:
    from evaluation.demarche.model import load_demarche
    from surveys.exports.items import Wave

    path = here / "ma-demarche" / "demarche.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("vague: pre", "vague: Avant").replace("vague: post", "vague: après"), encoding="utf-8")
    demarche = load_demarche(here / "ma-demarche", ProblemReport())
    assert demarche is not None
    assert [survey.wave for survey in demarche.files.surveys] == [Wave.PRE, Wave.POST]
