"""``suivi questionnaire``: a group whose default command writes a wave's questionnaire, beside ``check``.

``suivi questionnaire DOSSIER --vague avant`` keeps working: a first argument that names none of the
sub-commands goes to the default one, ``write``. A démarche folder literally named « check » is
reached as ``./check``. A group (rather than a sibling command) keeps questionnaires under one name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from evaluation.cli.base import Choice, PathType, SuiviCommand, SuiviGroup, command, emit
from evaluation.cli.fieldwork import questionnaire_command


class DefaultGroup(SuiviGroup):
    """A group that runs ``default`` when the first argument names none of its commands."""

    command_class = SuiviCommand

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@click.group("questionnaire", cls=DefaultGroup, default="write", no_args_is_help=False, key="questionnaire_group")
def questionnaire_group() -> None:
    """Write a wave's questionnaire (default) or check a consultation questionnaire."""


@command("check", key="questionnaire_check")
@click.argument("file", type=PathType())
@click.option("--format", "output_format", type=Choice({"texte": ("texte", "text"), "json": ()}), default="texte", show_default=True)
def check_command(file: Path, output_format: str) -> None:
    """Check a consultation questionnaire against the CIPC guide."""
    from evaluation.consultation.check import check_consultation

    emit(check_consultation(file, output_format=output_format))


questionnaire_group.add_command(questionnaire_command, name="write")
questionnaire_group.add_command(check_command)
__all__ = ["questionnaire_group"]
