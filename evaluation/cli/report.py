"""The ``suivi`` commands evaluate: the indicators and the evaluation report."""

from __future__ import annotations

import click

from evaluation.cli.base import SuiviCommand, out_option, progress_printer, seed_option, template_option, threshold_option
from surveys.i18n import t


@click.command("evaluate", cls=SuiviCommand)
@click.argument("folder", metavar="DOSSIER")
@out_option
@threshold_option
@seed_option
@template_option
def evaluate_command(folder: str, out: str | None, threshold: int, seed: int | None, template: str | None) -> None:
    """Calculer les indicateurs d'évaluation et écrire le rapport d'évaluation.

    \b
    Lit demarche.yaml, les enquêtes (fichiers: enquetes:), le registre des propositions et,
    s'ils sont déclarés, les entretiens, les marges de référence et le panel ; écrit dans
    DOSSIER/out/ : indicateurs.csv (une ligne par chiffre, avec son effectif et son intervalle)
    et indicateurs.schema.json, rapport-evaluation.docx (rapport accessible avec graphiques),
    evaluation.xlsx (un onglet par tableau) et les graphiques en PNG dans figures/.
    Les évolutions sont mesurées sur les seuls répondants présents aux deux vagues ; tout chiffre
    portant sur moins de 11 personnes est masqué. Refuse d'écrire si un fichier contient des
    erreurs, et les liste toutes.

    \b
    Exemples :
      suivi evaluate ma-demarche
      suivi evaluate ma-demarche --seuil 5
      suivi evaluate ma-demarche --template modele-ministere.docx
    """
    from pathlib import Path

    from evaluation.documents.docx_accessible import open_template
    from evaluation.report.evaluate import OUT_DIR, evaluate, summary_lines
    from evaluation.report.writer import write_evaluation_outputs
    from indicators.bootstrap import DEFAULT_SEED

    progress = progress_printer()
    document = open_template(Path(template) if template else None)  # a bad template stops before anything is written
    if progress:
        progress(t("report.progress.compute"))
    out_dir = Path(out) if out else Path(folder) / OUT_DIR
    result = evaluate(Path(folder), out_dir=out_dir, threshold=threshold, seed=DEFAULT_SEED if seed is None else seed)
    outputs = write_evaluation_outputs(result, out_dir, document=document, progress=progress)
    result.paths += [outputs.report, outputs.workbook]
    lines = summary_lines(result, folder)
    if outputs.figures:  # after the other files written, before the warnings line
        lines.insert(len(lines) - (1 if result.problems else 0),
                     t("report.wrote_figures", folder=outputs.figures[0].parent, count=len(outputs.figures)))
    for line in lines:
        click.echo(line)
