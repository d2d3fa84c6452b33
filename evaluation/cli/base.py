"""The ``suivi`` group, its French help and errors, and the pieces every command reuses.

Every text a user reads comes from the catalogue (``evaluation/cli/messages.py``), looked up when
help is formatted or an error shown:

- ``cli.help.<command>``: a command's help (``cli.help.suivi`` for the group); ``<command>`` is
  the command's catalogue key, its name unless given (``@command("check", key="questionnaire_check")``
  for a sub-command whose name another command has);
- ``cli.option.<command>.<param>``, else ``cli.option.<param>``: an option's help;
- ``cli.metavar.<param>``: the name shown for an argument or an option's value (« DOSSIER », « N »);
- ``cli.missing.<command>.<param>``: optional, the message when a required parameter is missing.

A command is ``@command("name")`` with parameters whose types come from here (:class:`PathType`,
:class:`Choice`, :class:`Count`, :class:`IsoDate`: their errors are French), and a body that
calls one library function and hands its result to :func:`emit`. The library raises
:class:`surveys.problems.SuiviError` for user errors: they become « Erreur : … » on standard error
and exit code 1 (``--debug`` shows the traceback). Usage errors exit with code 2, in French too.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import click

from evaluation.command_result import CommandResult
from indicators.disclosure import DEFAULT_THRESHOLD
from surveys.exports.items import WAVE_NAMES, plain
from surveys.i18n import has, t
from surveys.problems import SuiviError


class UserError(click.ClickException):
    """A user error shown as « Erreur : … » without a traceback."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(t("cli.error", message=self.format_message()), err=True)


# --- parameter types: French errors, French names accepted -------------------------------------
def french_list(values: Sequence[str]) -> str:
    """« a, b ou c »."""
    return values[0] if len(values) == 1 else t("cli.list", head=", ".join(values[:-1]), last=values[-1])


class PathType(click.ParamType):
    """A path as typed (relative paths stay relative, so messages show them as typed)."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return value if isinstance(value, Path) else Path(value)


class Choice(click.ParamType):
    """One value out of a few, typed in French or in English, with or without accents.

    ``choices`` maps each value the library receives to the spellings users may type; the first
    spelling (else the value itself) is the one shown in help and errors.
    """

    name = "choice"

    def __init__(self, choices: Mapping[str, Sequence[str]]) -> None:
        self.choices = dict(choices)
        self.shown = {value: (spellings[0] if spellings else value) for value, spellings in self.choices.items()}
        self._lookup = {plain(s): value for value, spellings in self.choices.items() for s in (value, *spellings)}

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.shown.values()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        found = self._lookup.get(plain(str(value)))
        if found is None:
            self.fail(t("cli.type.choice", value=value, choices=french_list(list(self.shown.values()))), param, ctx)
        return found


class Count(click.ParamType):
    """A whole number, at least ``minimum``."""

    name = "integer"

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = value if isinstance(value, int) else int(str(value).strip())
        except ValueError:
            self.fail(t("cli.type.integer", value=value), param, ctx)
        if self.minimum is not None and number < self.minimum:
            self.fail(t("cli.type.minimum", value=number, minimum=self.minimum), param, ctx)
        return number


class IsoDate(click.ParamType):
    """A date written ``AAAA-MM-JJ``."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(t("cli.type.date", value=value), param, ctx)


# --- help pages from the catalogue ------------------------------------------------------------
def parameter_label(param: click.Parameter) -> str:
    """How a parameter is named to users: its first option name, or the name shown for its value."""
    if isinstance(param, click.Option):
        return param.opts[0]
    return _metavar(param) or (param.name or "").upper()


def _metavar(param: click.Parameter) -> str | None:
    if isinstance(param.type, Choice):
        return param.type.get_metavar(param)
    key = f"cli.metavar.{param.name}"
    if has(key):
        return t(key)
    return param.metavar


def _option_help(command: str, option: click.Option) -> str:
    name = "help" if "--help" in option.opts else option.name  # click names its help option privately
    for key in (f"cli.option.{command}.{name}", f"cli.option.{name}"):
        if has(key):
            return t(key)
    return option.help or ""


def _option_extras(option: click.Option) -> list[str]:
    """« par défaut : 11 », « au moins 1 », « obligatoire »."""
    extras = []
    default = option.default
    if option.show_default and default is not None and not option.is_flag and not callable(default):
        shown = option.type.shown.get(str(default), default) if isinstance(option.type, Choice) else default
        extras.append(t("cli.extra.default", value=shown))
    if isinstance(option.type, Count) and option.type.minimum is not None:
        extras.append(t("cli.extra.minimum", minimum=option.type.minimum))
    if option.required:
        extras.append(t("cli.extra.required"))
    return extras


def help_record(command: str, option: click.Option) -> tuple[str, str] | None:
    """The two columns of an option in a help page, every word from the catalogue."""
    if option.hidden:
        return None
    names = ", ".join([*option.opts, *option.secondary_opts])
    metavar = None if option.is_flag or option.count else _metavar(option)
    text = _option_help(command, option)
    extras = _option_extras(option)
    if extras:
        text += "  [" + " ; ".join(extras) + "]"
    return (f"{names} {metavar}" if metavar else names), text


class _FrenchHelp:
    """Help pages in French, every text looked up in the catalogue when formatted."""

    name: str | None
    _help: str | None = None
    _key: str | None = None

    @property
    def key(self) -> str:
        """The command's name in catalogue keys: its own key, else its name."""
        return self._key or self.name or ""

    @property
    def help(self) -> str | None:
        key = f"cli.help.{self.key}"
        return t(key) if has(key) else self._help

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = value

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [t("cli.usage.options")]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, click.Argument):
                metavar = parameter_label(param)
                metavar += "..." if param.nargs == -1 and not metavar.endswith("...") else ""
                pieces.append(metavar if param.required else f"[{metavar}]")
        if isinstance(self, click.Group):
            pieces.append(t("cli.usage.subcommand"))
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=t("cli.usage") + " ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]  # type: ignore[attr-defined]
        records = [r for p in params if (r := help_record(self.key, p))]  # arguments are in the usage line
        if records:
            with formatter.section(t("cli.section.options")):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    commands.append((name, command.get_short_help_str(limit=70)))
            if commands:
                with formatter.section(t("cli.section.commands")):
                    formatter.write_dl(commands)


class SuiviCommand(_FrenchHelp, click.Command):
    """A command whose help and errors are French, read from the catalogue."""

    def __init__(self, *args: Any, key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key = key


class SuiviGroup(_FrenchHelp, click.Group):
    """Turns library errors into :class:`UserError` unless ``--debug`` was given."""

    command_class = SuiviCommand

    def __init__(self, *args: Any, key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key = key

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]
        """Run the CLI; in standalone mode, usage errors are French and exit with code 2."""
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        try:
            value = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:  # « suivi » alone: its help
                click.echo(exc.ctx.get_help())
                sys.exit(0)
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
                click.echo(t("cli.try_help", command=exc.ctx.command_path), err=True)
            click.echo(t("cli.error", message=usage_message(exc)), err=True)
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


def usage_message(exc: click.UsageError) -> str:
    """French wording of click's usage errors."""
    command = exc.ctx.command.key if exc.ctx is not None and isinstance(exc.ctx.command, _FrenchHelp) else ""
    param = getattr(exc, "param", None)
    if isinstance(exc, click.NoSuchOption):
        return t("cli.no_such_option", option=exc.option_name)
    if isinstance(exc, click.MissingParameter) and param is not None:
        specific = f"cli.missing.{command}.{param.name}"
        if has(specific):
            return t(specific)
        key = "cli.missing_option" if isinstance(param, click.Option) else "cli.missing_parameter"
        return t(key, name=parameter_label(param))
    if isinstance(exc, click.BadParameter) and param is not None:
        return t("cli.bad_parameter", name=parameter_label(param), detail=exc.message)
    if isinstance(exc, click.BadOptionUsage):
        return t("cli.option_needs_value", option=exc.option_name)
    if exc.message.startswith("No such command"):
        return t("cli.no_such_command", detail=exc.message.split("'")[1] if "'" in exc.message else exc.message)
    if exc.message.startswith("Got unexpected extra argument"):
        return t("cli.extra_arguments", arguments=exc.message.split("(", 1)[-1].rstrip(")"))
    return exc.message


# --- commands: one library call, its lines printed ----------------------------------------------
def emit(result: CommandResult) -> None:
    """Print a result's lines (notes on standard error) and leave with its exit status."""
    for line in result.lines():
        click.echo(line.text, err=line.err)
    if result.exit_code:
        raise click.exceptions.Exit(result.exit_code)


def command(name: str, key: str | None = None) -> Callable[[Callable[..., None]], click.Command]:
    """``@command("respond")``: a :class:`SuiviCommand` named ``name`` (``key``: its catalogue key, if not its name)."""
    return click.command(name, cls=SuiviCommand, key=key)


@click.group("suivi", cls=SuiviGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True)
@click.version_option(package_name="suivi", message="suivi %(version)s")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """The suivi group: remembers --debug for the error handler."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Parameters shared by several commands: the same flag means the same thing everywhere.
folder_argument = click.argument("folder", type=PathType())
template_option = click.option("--template", "template", type=PathType())
out_option = click.option("--out", "out", type=PathType())
threshold_option = click.option("--seuil", "threshold", type=Count(minimum=1), default=DEFAULT_THRESHOLD, show_default=True)
seed_option = click.option("--graine", "seed", type=Count(), default=None)
WAVES: dict[str, tuple[str, ...]] = {wave.value: names for wave, names in WAVE_NAMES.items()}


def progress_printer() -> Callable[[str], None] | None:
    """Progress lines on standard error when the output is a terminal; nothing otherwise."""
    if not sys.stdout.isatty():
        return None
    return lambda line: click.echo(t("report.progress_line", step=line), err=True)
