"""The ``suivi`` commands surveys, interview-grid, questionnaire: what the evaluation collects."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviCommand, UserError, out_option, template_option
from surveys.i18n import t


@click.command("interview-grid", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@template_option
@click.option("--force", is_flag=True, help="Remplacer une grille déjà présente dans le dossier.")
def interview_grid_command(folder: str, template: str | None, force: bool) -> None:
    """Écrire une grille d'entretien vierge : Word (un entretien par document) et Excel.

    \b
    Écrit DOSSIER/grille-entretien.docx et DOSSIER/entretiens.xlsx ; une grille déjà
    présente n'est jamais remplacée sans --force.

    \b
    Exemples :
      suivi interview-grid ma-demarche
      suivi interview-grid ma-demarche --template modele-ministere.docx
    """
    from pathlib import Path

    from evaluation.fieldwork.interview_grid import write_grids

    docx_path, xlsx_path = write_grids(Path(folder), template=Path(template) if template else None, force=force)
    click.echo(t("interview_grid.wrote_docx", path=docx_path))
    click.echo(t("interview_grid.wrote_xlsx", path=xlsx_path))
    click.echo(t("interview_grid.next"))


@click.command("surveys", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.option("--out", "out", metavar="SORTIE", help="Dossier de sortie du rapport (par défaut : DOSSIER/out).")
@click.pass_context
def surveys_command(ctx: click.Context, folder: str, out: str | None) -> None:
    """Importer les enquêtes participants et écrire le rapport d'import.

    \b
    Lit les exports déclarés dans demarche.yaml (fichiers: enquetes:), reconnaît l'outil
    (LimeSurvey, Google Forms, Microsoft Forms, Framaforms, KoboToolbox, tableur), associe
    les colonnes aux items (codebook.yaml ou banque d'items), pseudonymise les répondants
    (clé .suivi-cle du dossier, créée au premier import) et écrit DOSSIER/out/import-enquetes.xlsx :
    chaque ligne conservée ou exclue avec son motif, chaque colonne, chaque problème.
    Code de sortie : 1 s'il reste des erreurs (le rapport est tout de même écrit).

    \b
    Exemples :
      suivi surveys ma-demarche
      suivi surveys ma-demarche --out /tmp/rapports
      suivi check ma-demarche      (les problèmes des enquêtes y figurent aussi)
    """
    from pathlib import Path

    from evaluation.demarche.model import load_demarche
    from evaluation.fieldwork.survey_data import load_survey_data
    from evaluation.fieldwork.survey_import import summary_lines
    from evaluation.fieldwork.survey_report import REPORT_FILE, write_survey_report
    from surveys.problems import ProblemReport

    demarche = load_demarche(Path(folder))
    assert demarche is not None  # without a report, an invalid file raises
    if not demarche.files.surveys:
        raise UserError(t("survey_cli.none"))
    report = ProblemReport()
    data = load_survey_data(demarche, report)
    target = write_survey_report(data, report, (Path(out) if out else demarche.folder / "out") / REPORT_FILE, demarche)
    for line in summary_lines(demarche, data, report, folder):
        click.echo(line)
    click.echo(t("survey_cli.wrote", path=target))
    if report.has_errors:
        ctx.exit(1)


@click.command("questionnaire", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@click.option("--wave", "--vague", "wave", type=click.Choice(["pre", "post", "follow_up"]), required=True,
              help="Vague : pre (avant), post (après) ou follow_up (suivi, 6 à 12 mois après).")
@click.option("--format", "output_format", type=click.Choice(["docx", "xlsx", "limesurvey"]), default="docx", show_default=True,
              help="docx : questionnaire papier ; xlsx : classeur de saisie des réponses papier ; limesurvey : fichier de structure à importer dans LimeSurvey.")
@click.option("--public", "audience", type=click.Choice(["participants", "agents"]), default="participants", show_default=True,
              help="À qui s'adresse le questionnaire : les participants, ou les agents de l'administration.")
@out_option
@template_option
def questionnaire_command(folder: str, wave: str, output_format: str, audience: str, out: str | None, template: str | None) -> None:
    """Écrire le questionnaire d'une vague : Word, Excel de saisie ou LimeSurvey.

    \b
    Les questions sont les items de la banque d'items (précisés par codebook.yaml) posés à
    cette vague, regroupés par dimension. Chaque question porte son code (PERT01, REP04…),
    que « suivi surveys » reconnaît dans les réponses saisies ou exportées de LimeSurvey.
    Écrit DOSSIER/out/questionnaire-<vague>.docx, .xlsx ou -limesurvey.txt.

    \b
    Exemples :
      suivi questionnaire ma-demarche --wave pre
      suivi questionnaire ma-demarche --wave post --format xlsx
      suivi questionnaire ma-demarche --wave post --format limesurvey
    """
    from pathlib import Path

    from evaluation.documents.frformat import count_noun
    from evaluation.fieldwork.questionnaire import Format, write_questionnaire
    from surveys.items import Wave

    fmt = Format(output_format)
    path, questionnaire = write_questionnaire(Path(folder), Wave(wave), fmt, audience="administration" if audience == "agents" else "participants",
                                              out_dir=Path(out) if out else None, template=Path(template) if template else None)
    click.echo(t("questionnaire.wrote", path=path, count=count_noun(len(questionnaire.questions), "questionnaire.n_questions")))
    if fmt is Format.LIMESURVEY:
        for note in questionnaire.notes:
            click.echo(t("questionnaire.note_line", note=note), err=True)
    click.echo(t(f"questionnaire.next.{fmt.value}", folder=folder, wave=wave))
