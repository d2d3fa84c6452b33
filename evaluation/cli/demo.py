"""The ``suivi`` commands demo: everything on the bundled example."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviCommand
from surveys.i18n import t


@click.command("demo", cls=SuiviCommand)
@click.argument("out", metavar="SORTIE", required=False, default="out/demo")
def demo_command(out: str) -> None:
    """Tout exécuter sur la démarche d'exemple fournie.

    \b
    La démarche d'exemple n'est jamais modifiée ; les résultats sont écrits dans
    SORTIE/convention-mobilites/ (SORTIE vaut out/demo par défaut).

    \b
    Exemples :
      suivi demo
      suivi demo /tmp/essai
    """
    from pathlib import Path

    from evaluation.demo.run import run_demo

    root = Path(out)
    demarche, written = run_demo(root)
    click.echo(t("demo.title", title=demarche.title, out=out))
    for path in written:
        click.echo(t("demo.wrote", path=path.relative_to(root)))
