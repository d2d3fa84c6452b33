"""The ``suivi`` commands init, check, respond: the démarche folder and its devoir de suite."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviCommand, out_option, template_option
from surveys.i18n import t, tn


@click.command("init", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.option("--example", is_flag=True, help="Copier la démarche d'exemple fournie au lieu d'un dossier vierge.")
def init_command(folder: str, example: bool) -> None:
    """Créer un dossier de démarche prêt à remplir.

    \b
    Le dossier reçoit demarche.yaml (commenté, clé par clé) et propositions.xlsx (listes
    déroulantes, en-tête figé, feuille « Mode d'emploi »). Un dossier existant non vide
    n'est jamais modifié.

    \b
    Exemples :
      suivi init ma-demarche
      suivi init essai --example      copie la démarche d'exemple pour essayer
    """
    from pathlib import Path

    from evaluation.scaffold import EXAMPLE, init_folder

    target = Path(folder)
    written = init_folder(target, example=example)
    click.echo(t("init.created_example", folder=folder, example=EXAMPLE) if example else t("init.created", folder=folder))
    for path in written:
        click.echo(t("init.file", path=path.relative_to(target)))
    click.echo(t("init.next_example" if example else "init.next", folder=folder))


@click.command("check", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.option(
    "--format", "output_format", type=click.Choice(["texte", "json"]), default="texte", show_default=True,
    help="texte : une ligne par problème ; json : un tableau d'objets (file, sheet, row, column, code, severity, message…).",
)
@click.option("--date", "date", metavar="AAAA-MM-JJ", help="Juger les échéances à cette date (par défaut : aujourd'hui).")
@click.pass_context
def check_command(ctx: click.Context, folder: str, output_format: str, date: str | None) -> None:
    """Vérifier tout le dossier et lister chaque problème à corriger.

    \b
    Chaque problème indique le fichier, la feuille, la cellule (ligne Excel et lettre de
    colonne, avec son en-tête), la valeur, un code stable et comment corriger. Code de
    sortie : 0 si aucune erreur (les avertissements sont permis), 1 sinon.

    \b
    Exemples :
      suivi check ma-demarche
      suivi check ma-demarche --format json > problemes.json
    """
    from pathlib import Path

    from evaluation.check import check_folder
    from evaluation.cli.base import iso_date
    from evaluation.documents.frformat import count_noun

    report = check_folder(Path(folder), as_of=iso_date(date))
    if output_format == "json":
        click.echo(report.to_json())
    elif not report:
        click.echo(t("check.clean", folder=folder))
    else:
        for problem in report:
            click.echo(t("check.problem_line", line=problem.render(), code=problem.code))
        errors, warnings = len(report.errors), len(report.warnings)
        click.echo(t("check.summary", folder=folder, errors=count_noun(errors, "check.summary.errors"), warnings=count_noun(warnings, "check.summary.warnings")))
        if errors:
            click.echo(t("check.fix_errors", folder=folder))
    if report.has_errors:
        ctx.exit(1)


@click.command("respond", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@template_option
@out_option
def respond_command(folder: str, template: str | None, out: str | None) -> None:
    """Écrire la réponse motivée (Word) et les données ouvertes du registre.

    \b
    Écrit dans DOSSIER/out/ : reponse-motivee.docx, propositions.csv, propositions.json et
    propositions.schema.json (Table Schema). Refuse d'écrire quoi que ce soit si le
    registre ou demarche.yaml contient des erreurs, et les liste toutes.

    \b
    Exemples :
      suivi respond ma-demarche
      suivi respond ma-demarche --template modele-ministere.docx
    """
    from pathlib import Path

    from evaluation.followup.response import respond

    result = respond(Path(folder), out_dir=Path(out) if out else None, template=Path(template) if template else None)
    for path in result.paths:
        click.echo(t("respond.wrote", path=path))
    if result.report:
        click.echo(tn("respond.warnings", len(result.report), count=len(result.report), folder=folder), err=True)
