"""The ``suivi`` group, its French help and errors, and the options several commands share.

The library raises :class:`surveys.problems.SuiviError` for user errors; here they become a
French message on standard error and exit code 1 (``--debug`` shows the traceback). Usage
errors exit with code 2, in French too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

import click

from indicators.disclosure import DEFAULT_THRESHOLD
from surveys.i18n import t
from surveys.problems import SuiviError


class UserError(click.ClickException):
    """A user error shown as « Erreur : … » without a traceback."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(t("cli.error", message=self.format_message()), err=True)


class _FrenchHelp(click.Command):
    """Help pages in French: « Usage : », « Options », « Commandes »."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Usage : ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        records = [r for p in params if (r := p.get_help_record(ctx))]  # arguments are in the usage line
        if records:
            with formatter.section("Options "):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    commands.append((name, command.get_short_help_str(limit=70)))
            if commands:
                with formatter.section("Commandes "):
                    formatter.write_dl(commands)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option


class SuiviCommand(_FrenchHelp, click.Command):
    """A command whose help is in French."""


class SuiviGroup(_FrenchHelp, click.Group):
    """Turns library errors into :class:`UserError` unless ``--debug`` was given."""

    command_class = SuiviCommand

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the CLI; in standalone mode, usage errors are French and exit with code 2."""
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        try:
            value = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage().replace("Usage:", "Usage :"), err=True)
                click.echo(t("cli.try_help", command=exc.ctx.command_path), err=True)
            click.echo(t("cli.error", message=_usage_message(exc)), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(t("cli.aborted"), err=True)
            sys.exit(1)
        sys.exit(value if isinstance(value, int) else 0)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SuiviError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise UserError(str(exc)) from exc


@click.group("suivi", cls=SuiviGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Afficher la trace complète des erreurs (pour signaler un bogue).")
@click.version_option(package_name="suivi", message="suivi %(version)s", help="Afficher la version et quitter.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """suivi : devoir de suite et évaluation des démarches de participation citoyenne.

    \b
    Exemples :
      suivi init ma-demarche            crée un dossier prêt à remplir
      suivi check ma-demarche           liste tous les problèmes à corriger
      suivi respond ma-demarche         écrit la réponse motivée et les données ouvertes
      suivi demo                        exécute tout sur l'exemple fourni
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Options shared by several commands: the same flag means the same thing everywhere.
template_option = click.option(
    "--template", "template", metavar="MODELE.docx",
    help="Modèle Word du commanditaire (polices, logo, couleurs) à la place du modèle fourni.",
)
out_option = click.option("--out", "out", metavar="SORTIE", help="Dossier de sortie (par défaut : DOSSIER/out).")
threshold_option = click.option(
    "--seuil", "threshold", type=click.IntRange(min=1), default=DEFAULT_THRESHOLD, show_default=True, metavar="N",
    help="Secret statistique : masquer tout chiffre portant sur moins de N personnes.",
)
seed_option = click.option("--graine", "seed", type=int, default=None, metavar="N", help="Graine du bootstrap (résultats reproductibles).")


def progress_printer() -> Callable[[str], None] | None:
    """Progress lines on standard error when the output is a terminal; nothing otherwise."""
    if not sys.stdout.isatty():
        return None
    return lambda line: click.echo(t("report.progress_line", step=line), err=True)


def iso_date(value: str | None) -> Any:
    """A ``--date`` value (``AAAA-MM-JJ``) as a date; a French usage error otherwise."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(t("portfolio.cli.bad_date", value=value)) from exc


def _usage_message(exc: click.UsageError) -> str:
    """French wording of click's usage errors."""
    if isinstance(exc, click.NoSuchOption):
        return t("cli.no_such_option", option=exc.option_name)
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return t("cli.missing_parameter", name=(exc.param.human_readable_name or "").upper())
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return t("cli.bad_parameter", name=exc.param.human_readable_name, detail=exc.message)
    if exc.message.startswith("No such command"):
        return t("cli.no_such_command", detail=exc.message.split("'")[1] if "'" in exc.message else exc.message)
    return exc.message
