"""The ``suivi`` commands publish and verify: the public follow-up site and its publication journal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from evaluation.cli.base import Choice, IsoDate, PathType, command, emit, folder_argument


@command("publish")
@folder_argument
@click.option("--out", "out", type=PathType())
@click.option("--date", "date", type=IsoDate())
@click.option("--theme", "theme", type=Choice({"neutre": ("neutre", "neutral"), "dsfr": ()}), default="neutre", show_default=True)
@click.option("--dsfr", "dsfr", type=PathType())
@click.option("--modeles", "templates", type=PathType())
def publish_command(folder: Path, out: Path | None, date: dt.date | None, theme: str, dsfr: Path | None, templates: Path | None) -> None:
    """Record a publication in the journal and write the public follow-up site."""
    from evaluation.followup.site.publish import publish

    emit(publish(folder, out=out, date=date, theme=theme, dsfr=dsfr, templates=templates))


@command("verify")
@folder_argument
def verify_command(folder: Path) -> None:
    """Check that the publication journal is intact."""
    from evaluation.followup.site.publish import verify_journal

    emit(verify_journal(folder))
