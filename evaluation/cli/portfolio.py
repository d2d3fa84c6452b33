"""The ``suivi`` commands portfolio: the CIPC's view across démarches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from evaluation.cli.base import Count, IsoDate, PathType, command, emit, seed_option, template_option, threshold_option


@command("portfolio")
@click.argument("paths", nargs=-1, required=True, type=PathType())
@click.option("--out", "out", type=PathType(), required=True)
@click.option("--strict", is_flag=True)
@click.option("--date", "date", type=IsoDate())
@threshold_option
@seed_option
@click.option("--processus", "workers", type=Count(minimum=1), default=None)
@template_option
def portfolio_command(paths: tuple[Path, ...], out: Path, strict: bool, date: dt.date | None, threshold: int, seed: int | None,
                      workers: int | None, template: Path | None) -> None:
    """Gather the indicators and lessons of several démarches."""
    from evaluation.portfolio.build import build_portfolio

    emit(build_portfolio(paths, out, strict=strict, as_of=date, threshold=threshold, seed=seed, workers=workers, template=template))
