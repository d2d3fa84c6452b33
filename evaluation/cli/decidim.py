"""The ``suivi decidim`` commands: proposals in from a Decidim export, answers and results out."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviGroup, out_option


@click.group("decidim", cls=SuiviGroup)
def decidim_group() -> None:
    """Échanger avec Decidim : importer les propositions, exporter réponses et résultats.

    \b
    Exemples :
      suivi decidim import export-propositions.csv ma-demarche
      suivi decidim export ma-demarche
    """


@decidim_group.command("import")
@click.argument("export", metavar="EXPORT")
@click.argument("folder", metavar="DOSSIER")
@click.option("--langue", "locale", default="fr", show_default=True, metavar="CODE",
              help="Langue des titres, textes et réponses à reprendre (fr, en, ca…).")
@click.option("--etats", "states", metavar="FICHIER.yaml",
              help="Table des états Decidim personnalisés (par défaut : DOSSIER/decidim-etats.yaml).")
@click.pass_context
def import_command(ctx: click.Context, export: str, folder: str, locale: str, states: str | None) -> None:
    """Créer ou compléter le registre à partir d'un export de propositions Decidim.

    \b
    EXPORT : export des propositions (CSV « ; » ou « , », JSON, Excel) ou archive des
    données ouvertes (.zip). Les noms et autres données personnelles ne sont jamais copiés.
    Une valeur saisie dans le registre n'est jamais écrasée : chaque différence est signalée.
    Code de sortie : 0 sans erreur, 1 si des erreurs sont à corriger.

    \b
    Exemples :
      suivi decidim import export-propositions.csv ma-demarche
      suivi decidim import mon-site-open-data.zip ma-demarche --langue fr
    """
    from pathlib import Path

    from evaluation.followup.decidim import import_proposals

    result = import_proposals(Path(export), Path(folder), locale=locale, states_file=Path(states) if states else None)
    for line in result.lines():
        click.echo(line)
    if result.report.has_errors:
        ctx.exit(1)


@decidim_group.command("export")
@click.argument("folder", metavar="DOSSIER")
@out_option
@click.option("--etats", "states", metavar="FICHIER.yaml",
              help="Table des états Decidim personnalisés (par défaut : DOSSIER/decidim-etats.yaml).")
@click.option("--resultats", "results", metavar="EXPORT_RESULTATS",
              help="Export des résultats de la Redevabilité (CSV, JSON, Excel ou .zip) : les résultats déjà présents sont mis à jour au lieu d'être recréés.")
@click.pass_context
def export_command(ctx: click.Context, folder: str, out: str | None, states: str | None, results: str | None) -> None:
    """Écrire les réponses et les résultats du registre dans les formats que Decidim importe.

    \b
    Écrit dans DOSSIER/out/decidim/ : reponses-decidim.csv (à importer dans Propositions),
    resultats-decidim.csv (à importer dans Redevabilité), et leurs versions JSON pour l'API.
    Code de sortie : 0 sans erreur, 1 si des propositions n'ont pas pu être exportées.

    \b
    Exemples :
      suivi decidim export ma-demarche
      suivi decidim export ma-demarche --out pour-decidim
      suivi decidim export ma-demarche --resultats results-2026-09-01.zip
    """
    from pathlib import Path

    from evaluation.followup.decidim import export_decidim

    result = export_decidim(Path(folder), out_dir=Path(out) if out else None, states_file=Path(states) if states else None,
                            existing_results=Path(results) if results else None)
    for line in result.lines():
        click.echo(line)
    if result.report.has_errors:
        ctx.exit(1)
