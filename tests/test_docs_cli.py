"""Every command has a French help with examples and a section in docs/cli.md (sqlite-utils style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluation.cli import cli

DOCS = Path(__file__).parents[1] / "docs" / "cli.md"
COMMANDS = sorted(cli.commands)


def test_the_devoir_de_suite_commands_exist() -> None:
    assert {"init", "check", "respond", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_french_help_with_examples(runner: CliRunner, name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.get_short_help_str(limit=200).strip()
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage : suivi {name} ")
    assert "Exemples :" in result.output and f"suivi {name}" in result.output.split("Exemples :", 1)[1]
    assert "Afficher cette aide et quitter." in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented(name: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## suivi (\S+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    assert name in sections, f"docs/cli.md has no section « ## suivi {name} »"
    assert f"suivi {name}" in "".join(re.findall(r"```bash\n(.*?)```", sections[name], flags=re.S))


def test_documented_commands_exist() -> None:
    documented = re.findall(r"^## suivi (\S+)$", DOCS.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(documented) == COMMANDS
