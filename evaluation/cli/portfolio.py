"""The ``suivi`` commands portfolio: the CIPC's view across démarches."""

from __future__ import annotations

from typing import Any

import click

from evaluation.cli.base import SuiviCommand, iso_date, seed_option, template_option, threshold_option
from surveys.i18n import t


@click.command("portfolio", cls=SuiviCommand)
@click.argument("paths", metavar="DOSSIER...", nargs=-1, required=True)
@click.option("--out", "out", metavar="SORTIE", help="Dossier où écrire le portefeuille (obligatoire).")
@click.option("--strict", is_flag=True, help="Refuser d'écrire si une démarche ne peut pas être incluse.")
@click.option("--date", "date", callback=lambda ctx, param, value: iso_date(value), metavar="AAAA-MM-JJ",
              help="Date de la situation (délais de réponse échus ou non) ; aujourd'hui par défaut.")
@threshold_option
@seed_option
@click.option("--processus", "workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Nombre de démarches lues en parallèle (par défaut : nombre de processeurs).")
@template_option
def portfolio_command(paths: tuple[str, ...], out: str | None, strict: bool, date: Any, threshold: int, seed: int | None,
                      workers: int | None, template: str | None) -> None:
    """Rassembler les indicateurs et les enseignements de plusieurs démarches (portefeuille du CIPC).

    \b
    Chaque DOSSIER est un dossier de démarche (avec demarche.yaml) ou un dossier qui
    contient des dossiers de démarches. Chaque démarche est évaluée comme par
    « suivi evaluate » ; une démarche illisible, dont un fichier contient des erreurs ou
    sans registre des propositions est écartée et signalée (--strict : rien n'est écrit).
    Écrit dans SORTIE : portefeuille.xlsx (une ligne par démarche, repères, quartiles,
    tendances, enseignements, inclusion, problèmes), portefeuille.docx (synthèse
    accessible), indicateurs.csv (toutes les démarches, colonne demarche_id) et
    indicateurs.schema.json.

    \b
    Exemples :
      suivi portfolio demarches/ --out portefeuille
      suivi portfolio convention-2025 ateliers-2026 --out portefeuille --strict
      suivi portfolio demarches/ --out portefeuille --date 2026-12-31
    """
    from pathlib import Path

    from evaluation.portfolio.build import build_portfolio, summary_lines
    from indicators.bootstrap import DEFAULT_SEED

    if not out:
        raise click.UsageError(t("portfolio.cli.no_out"), ctx=click.get_current_context())
    result = build_portfolio([Path(p) for p in paths], Path(out), strict=strict, as_of=date,
                             threshold=threshold, seed=DEFAULT_SEED if seed is None else seed, workers=workers,
                             template=Path(template) if template else None)
    for line in summary_lines(result):
        click.echo(line)
