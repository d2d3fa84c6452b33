"""The ``suivi`` commands publish and verify: the public follow-up site and its publication journal."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviCommand, iso_date
from surveys.i18n import t


@click.command("publish", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.option("--out", "out", metavar="SITE", help="Dossier du site (par défaut : DOSSIER/out/site).")
@click.option("--date", "date", metavar="AAAA-MM-JJ", help="Date de la publication (par défaut : aujourd'hui) ; les échéances sont jugées à cette date.")
@click.option("--theme", "theme", type=click.Choice(["neutre", "dsfr"]), default="neutre", show_default=True,
              help="neutre : feuille de style fournie, sans ressource externe ; dsfr : Système de design de l'État (sites gouv.fr seulement).")
@click.option("--dsfr", "dsfr", metavar="CHEMIN", help="Avec --theme dsfr : dossier du paquet @gouvfr/dsfr que vous avez installé (jamais fourni par suivi).")
@click.option("--modeles", "templates", metavar="DOSSIER", help="Dossier de gabarits Jinja2 qui remplacent ceux fournis (mêmes noms de fichiers).")
def publish_command(folder: str, out: str | None, date: str | None, theme: str, dsfr: str | None, templates: str | None) -> None:
    """Publier le suivi des propositions : journal des publications et site statique.

    \b
    Vérifie le dossier comme « suivi respond » (rien n'est publié tant que le registre contient
    des erreurs), enregistre la publication dans DOSSIER/journal/ (chaîne d'empreintes SHA-256),
    puis écrit un site statique (index.html) : la démarche, ce que les citoyens ont proposé, ce
    qu'il en est advenu, une page par proposition, par thème et par statut, l'historique des
    publications, un flux Atom, les données ouvertes de chaque publication et un export pour
    participation-citoyenne.gouv.fr. Le site s'ouvre sans serveur et sans JavaScript.

    \b
    Exemples :
      suivi publish ma-demarche
      suivi publish ma-demarche --out site-public --date 2026-12-15
      suivi publish ma-demarche --theme dsfr --dsfr node_modules/@gouvfr/dsfr
    """
    from pathlib import Path

    from evaluation.followup.site.publish import publish

    if theme == "dsfr" and not dsfr:
        raise click.UsageError(t("publish.theme_needs_dsfr"))
    if dsfr and theme != "dsfr":
        raise click.UsageError(t("publish.dsfr_without_theme"))
    result = publish(Path(folder), out=Path(out) if out else None, date=iso_date(date), dsfr=Path(dsfr) if dsfr else None,
                     templates=Path(templates) if templates else None)
    for line in result.lines():
        click.echo(line)


@click.command("verify", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.pass_context
def verify_command(ctx: click.Context, folder: str) -> None:
    """Vérifier que le journal des publications est intact.

    \b
    Recalcule l'empreinte SHA-256 de chaque entrée de DOSSIER/journal/ et vérifie la chaîne.
    Code de sortie : 0 si le journal est intact, 1 sinon, avec le numéro de la première
    entrée modifiée, supprimée ou réordonnée.

    \b
    Exemples :
      suivi verify ma-demarche
      suivi verify ma-demarche && suivi publish ma-demarche
    """
    from pathlib import Path

    from evaluation.followup.site.publish import verification_lines, verify_journal

    result = verify_journal(Path(folder))
    if not result.intact:
        click.echo(t("cli.error", message=result.problem), err=True)
        ctx.exit(1)
    for line in verification_lines(result, folder):
        click.echo(line)
