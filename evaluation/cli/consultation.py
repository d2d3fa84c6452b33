"""``suivi questionnaire``: a group whose default command writes a wave's questionnaire, beside ``check``.

``suivi questionnaire DOSSIER --wave pre`` keeps working: any first argument that is not a
sub-command name is handed to the default sub-command ``write``. A démarche folder literally
named « check » is reached as ``./check``. A group (rather than a sibling command such as
``questionnaire-check``) keeps what concerns questionnaires under one name in the help.
"""

from __future__ import annotations

from typing import Any

import click

from evaluation.cli.base import SuiviCommand, _FrenchHelp
from evaluation.cli.fieldwork import questionnaire_command


class DefaultGroup(_FrenchHelp, click.Group):
    """A group that runs ``default`` when the first argument names none of its commands."""

    command_class = SuiviCommand

    def __init__(self, *args: Any, default: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@click.group("questionnaire", cls=DefaultGroup, default="write", no_args_is_help=False)
def questionnaire_group() -> None:
    """Écrire le questionnaire d'une vague, ou vérifier un questionnaire de consultation.

    \b
    Sans sous-commande, « suivi questionnaire DOSSIER --wave … » écrit le questionnaire
    d'une vague (sous-commande write) ; « suivi questionnaire check FICHIER » vérifie un
    questionnaire de consultation au regard du guide du CIPC.

    \b
    Exemples :
      suivi questionnaire ma-demarche --wave pre
      suivi questionnaire ma-demarche --wave post --format limesurvey
      suivi questionnaire check consultation.lss
      suivi questionnaire check consultation.txt --format json
    """


@click.command("check", cls=SuiviCommand)
@click.argument("file", metavar="FICHIER")
@click.option("--format", "output_format", type=click.Choice(["texte", "json"]), default="texte", show_default=True,
              help="texte : rapport en français ; json : le résultat complet, pour un autre outil.")
@click.pass_context
def check_command(ctx: click.Context, file: str, output_format: str) -> None:
    """Vérifier un questionnaire de consultation : durée, questions ouvertes et fermées, types, langage clair.

    \b
    Lit une structure d'enquête LimeSurvey (.txt tabulé ou .lss) ou le classeur écrit par
    « suivi questionnaire --format xlsx ». Estime la durée (hypothèses affichées) au regard
    des 15 minutes du guide, compte les questions fermées et ouvertes, classe chaque question
    parmi les quatre types du guide (diagnostic, conditions de mise en œuvre, dilemme, idées
    nouvelles, ou « non classée ») et signale phrases longues, mots longs, lisibilité faible
    et jargon, question par question. Code de sortie 1 si la durée dépasse 15 minutes.

    \b
    Exemples :
      suivi questionnaire check consultation.lss
      suivi questionnaire check questionnaire-avant-limesurvey.txt
      suivi questionnaire check consultation.txt --format json > constats.json
    """
    import json
    from pathlib import Path

    from evaluation.consultation.check import check_questionnaire, summary_lines

    result = check_questionnaire(Path(file))
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in summary_lines(result):
            click.echo(line)
    if result.has_errors:
        ctx.exit(1)


questionnaire_group.add_command(questionnaire_command, name="write")
questionnaire_group.add_command(check_command)
__all__ = ["questionnaire_group"]
