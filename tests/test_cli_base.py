"""The command line as a whole: French help, French usage errors with exit code 2, --debug."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from evaluation.cli import cli
from surveys.problems import SuiviError


def test_help_is_french(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage : suivi [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Options :" in result.output
    assert "Afficher cette aide et quitter." in result.output


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["publier"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Erreur : commande inconnue : publier"
    assert "Essayez « suivi --help » pour l'aide." in result.stderr


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--verbeux"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Erreur : option inconnue : --verbeux"


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("suivi ")


def _failing_command() -> click.Command:
    @click.command("echouer")
    def echouer() -> None:
        raise SuiviError("Le fichier « x.xlsx » est introuvable.", code="fichier_absent")

    return echouer


def test_user_error_is_one_french_line_and_debug_shows_traceback(runner: CliRunner) -> None:
    command = _failing_command()
    cli.add_command(command)
    try:
        result = runner.invoke(cli, ["echouer"])
        assert result.exit_code == 1
        assert result.stderr == "Erreur : Le fichier « x.xlsx » est introuvable.\n"
        debug = runner.invoke(cli, ["--debug", "echouer"])
        assert debug.exit_code == 1
        assert isinstance(debug.exception, SuiviError)
    finally:
        cli.commands.pop("echouer")


def test_console_script_entry_point_runs() -> None:
    completed = subprocess.run([sys.executable, "-c", "from evaluation.cli import main; main(['--version'])"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0
    assert completed.stdout.startswith("suivi ")


def test_suivi_alone_shows_its_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage : suivi [OPTIONS] COMMANDE [ARGUMENTS]...") and "Erreur" not in result.output
