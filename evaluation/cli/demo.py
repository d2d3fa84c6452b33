"""The ``suivi`` commands demo: everything on the bundled example."""

from __future__ import annotations

from pathlib import Path

import click

from evaluation.cli.base import PathType, command, emit


@command("demo")
@click.argument("out", required=False, default="out/demo", type=PathType())
def demo_command(out: Path) -> None:
    """Run everything on the bundled example."""
    from evaluation.demo.run import demo

    emit(demo(out))
