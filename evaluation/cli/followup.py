"""The ``suivi`` commands init, check, respond: the démarche folder and its devoir de suite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from evaluation.cli.base import Choice, IsoDate, command, emit, folder_argument, out_option, template_option


@command("init")
@folder_argument
@click.option("--exemple", "--example", "example", is_flag=True)
def init_command(folder: Path, example: bool) -> None:
    """Create a démarche folder (blank, or a copy of the example)."""
    from evaluation.scaffold import init

    emit(init(folder, example=example))


@command("check")
@folder_argument
@click.option("--format", "output_format", type=Choice({"texte": ("texte", "text"), "json": ()}), default="texte", show_default=True)
@click.option("--date", "date", type=IsoDate())
def check_command(folder: Path, output_format: str, date: dt.date | None) -> None:
    """List every problem of the folder."""
    from evaluation.check import check

    emit(check(folder, output_format=output_format, as_of=date))


@command("respond")
@folder_argument
@template_option
@out_option
def respond_command(folder: Path, template: Path | None, out: Path | None) -> None:
    """Write the motivated response and the register's open data."""
    from evaluation.followup.response import respond

    emit(respond(folder, out_dir=out, template=template))
