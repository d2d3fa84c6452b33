"""The ``suivi decidim`` commands: proposals in from a Decidim export, answers and results out."""

from __future__ import annotations

from pathlib import Path

import click

from evaluation.cli.base import PathType, SuiviGroup, command, emit, folder_argument, out_option

states_option = click.option("--etats", "states", type=PathType())


@click.group("decidim", cls=SuiviGroup)
def decidim_group() -> None:
    """Exchange with Decidim: proposals in, answers and results out."""


@command("import")
@click.argument("export", type=PathType())
@folder_argument
@click.option("--langue", "locale", default="fr", show_default=True)
@states_option
def import_command(export: Path, folder: Path, locale: str, states: Path | None) -> None:
    """Create or update the register from a Decidim proposals export."""
    from evaluation.followup.decidim import import_proposals

    emit(import_proposals(export, folder, locale=locale, states_file=states))


@command("export")
@folder_argument
@out_option
@states_option
@click.option("--resultats", "results", type=PathType())
def export_command(folder: Path, out: Path | None, states: Path | None, results: Path | None) -> None:
    """Write the register's answers and results in the formats Decidim imports."""
    from evaluation.followup.decidim import export_decidim

    emit(export_decidim(folder, out_dir=out, states_file=states, existing_results=results))


decidim_group.add_command(import_command)
decidim_group.add_command(export_command)
