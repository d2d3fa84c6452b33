"""The ``suivi`` command line: a thin layer over the library.

The library raises :class:`surveys.problems.SuiviError` for user errors; here they become a
French message on standard error and exit code 1 (``--debug`` shows the traceback). Usage
errors exit with code 2, in French too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from evaluation import messages  # noqa: F401
from indicators.disclosure import DEFAULT_THRESHOLD
from surveys.i18n import t, tn
from surveys.problems import SuiviError


class UserError(click.ClickException):
    """A user error shown as « Erreur : … » without a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(t("cli.error", message=self.format_message()), err=True)


class _FrenchHelp:
    """Help pages in French: « Usage : », « Options », « Commandes »."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Usage : ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]  # type: ignore[attr-defined]
        records = [r for p in params if (r := p.get_help_record(ctx))]  # arguments are in the usage line
        if records:
            with formatter.section("Options "):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    commands.append((name, command.get_short_help_str(limit=70)))
            if commands:
                with formatter.section("Commandes "):
                    formatter.write_dl(commands)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option


class SuiviCommand(_FrenchHelp, click.Command):
    """A command whose help is in French."""


class SuiviGroup(_FrenchHelp, click.Group):
    """Turns library errors into :class:`UserError` unless ``--debug`` was given."""

    command_class = SuiviCommand

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]
        """Run the CLI; in standalone mode, usage errors are French and exit with code 2."""
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        try:
            value = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage().replace("Usage:", "Usage :"), err=True)
                click.echo(t("cli.try_help", command=exc.ctx.command_path), err=True)
            click.echo(t("cli.error", message=_usage_message(exc)), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(t("cli.aborted"), err=True)
            sys.exit(1)
        sys.exit(value if isinstance(value, int) else 0)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SuiviError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise UserError(str(exc)) from exc


@click.group("suivi", cls=SuiviGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Afficher la trace complète des erreurs (pour signaler un bogue).")
@click.version_option(package_name="suivi", message="suivi %(version)s", help="Afficher la version et quitter.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """suivi : devoir de suite et évaluation des démarches de participation citoyenne.

    \b
    Exemples :
      suivi init ma-demarche            crée un dossier prêt à remplir
      suivi check ma-demarche           liste tous les problèmes à corriger
      suivi respond ma-demarche         écrit la réponse motivée et les données ouvertes
      suivi demo                        exécute tout sur l'exemple fourni
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# Options shared by several commands: the same flag means the same thing everywhere.
template_option = click.option(
    "--template", "template", metavar="MODELE.docx",
    help="Modèle Word du commanditaire (polices, logo, couleurs) à la place du modèle fourni.",
)
out_option = click.option("--out", "out", metavar="SORTIE", help="Dossier de sortie (par défaut : DOSSIER/out).")
threshold_option = click.option(
    "--seuil", "threshold", type=click.IntRange(min=1), default=DEFAULT_THRESHOLD, show_default=True, metavar="N",
    help="Secret statistique : masquer tout chiffre portant sur moins de N personnes.",
)
seed_option = click.option("--graine", "seed", type=int, default=None, metavar="N", help="Graine du bootstrap (résultats reproductibles).")


@cli.command("interview-grid")
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


@cli.command("init")
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


@cli.command("check")
@click.argument("folder", metavar="DOSSIER")
@click.option(
    "--format", "output_format", type=click.Choice(["texte", "json"]), default="texte", show_default=True,
    help="texte : une ligne par problème ; json : un tableau d'objets (file, sheet, row, column, code, severity, message…).",
)
@click.pass_context
def check_command(ctx: click.Context, folder: str, output_format: str) -> None:
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

    from evaluation.documents.frformat import count_noun
    from evaluation.folder import check_folder

    report = check_folder(Path(folder))
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


@cli.command("respond")
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


@cli.command("surveys")
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
    target = write_survey_report(data, report, (Path(out) if out else demarche.folder / "out") / REPORT_FILE)
    for line in summary_lines(demarche, data, report, folder):
        click.echo(line)
    click.echo(t("survey_cli.wrote", path=target))
    if report.has_errors:
        ctx.exit(1)


@cli.command("evaluate")
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

    progress = _progress_printer()
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


def _progress_printer() -> Callable[[str], None] | None:
    """Progress lines on standard error when the output is a terminal; nothing otherwise."""
    if not sys.stdout.isatty():
        return None
    return lambda line: click.echo(t("report.progress_line", step=line), err=True)


@cli.command("portfolio")
@click.argument("paths", metavar="DOSSIER...", nargs=-1, required=True)
@click.option("--out", "out", metavar="SORTIE", help="Dossier où écrire le portefeuille (obligatoire).")
@click.option("--strict", is_flag=True, help="Refuser d'écrire si une démarche ne peut pas être incluse.")
@click.option("--date", "date", callback=lambda ctx, param, value: _iso_date(value), metavar="AAAA-MM-JJ",
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


def _iso_date(value: str | None) -> Any:
    """A ``--date`` value (``AAAA-MM-JJ``) as a date; a French usage error otherwise."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(t("portfolio.cli.bad_date", value=value)) from exc


@cli.command("questionnaire")
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


@cli.command("demo")
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


def _usage_message(exc: click.UsageError) -> str:
    """French wording of click's usage errors."""
    if isinstance(exc, click.NoSuchOption):
        return t("cli.no_such_option", option=exc.option_name)
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return t("cli.missing_parameter", name=(exc.param.human_readable_name or "").upper())
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return t("cli.bad_parameter", name=exc.param.human_readable_name, detail=exc.message)
    if exc.message.startswith("No such command"):
        return t("cli.no_such_command", detail=exc.message.split("'")[1] if "'" in exc.message else exc.message)
    return exc.message


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="suivi")
