"""``suivi demo``: everything available, run on the bundled example démarche.

The example is copied to a temporary working folder (the installed package is never written);
outputs go to ``OUT/<example>/``. The demo is a list of steps: each takes the
:class:`DemoContext` and returns the paths it wrote (a folder stands for the files in it). Add a
step by appending to ``STEPS``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evaluation.check import check_folder
from evaluation.command_result import Line, lines_of
from evaluation.demarche.folder import FolderInvalid
from evaluation.demarche.model import Demarche, load_demarche
from evaluation.documents.outputs import check_output_folder
from evaluation.followup.response import respond
from evaluation.resources import examples_dir
from evaluation.scaffold import EXAMPLE
from surveys.i18n import t
from surveys.problems import ProblemReport
from surveys.reuse import reads_reused

if TYPE_CHECKING:
    from evaluation.report.evaluate import EvaluationResult

DEFAULT_OUT = Path("out") / "demo"
PORTFOLIO_FOLDER = "portefeuille"


@dataclass(frozen=True)
class DemoContext:
    """Where a demo step reads and writes.

    ``folder`` is a working copy of the example démarche; ``out`` is ``OUT/<example>/``, the
    outputs of this démarche; ``root`` is ``OUT`` itself (for outputs across démarches).
    """

    folder: Path
    out: Path
    root: Path
    demarche: Demarche
    evaluated: list[EvaluationResult] = field(default_factory=list)  # results of the evaluate step, reused by the portfolio step


Step = Callable[[DemoContext], list[Path]]


def check_step(context: DemoContext) -> list[Path]:
    """The example must pass ``suivi check`` (warnings allowed)."""
    report = check_folder(context.folder)
    if report.has_errors:
        raise FolderInvalid(context.folder, report)
    return []


def respond_step(context: DemoContext) -> list[Path]:
    """The motivated response and the register's open data."""
    return respond(context.folder, out_dir=context.out).paths


def surveys_step(context: DemoContext) -> list[Path]:
    """The participant surveys imported, with their import report."""
    from evaluation.fieldwork.survey_import import import_surveys

    return [import_surveys(context.folder, out_dir=context.out).path]


def interview_grid_step(context: DemoContext) -> list[Path]:
    """Blank interview grids (Word and Excel), as ``suivi interview-grid`` writes them."""
    from evaluation.fieldwork.interview_grid import write_grids

    return write_grids(context.out / "grilles-entretien", force=True)


def evaluate_step(context: DemoContext) -> list[Path]:
    """Every indicator, disclosure-controlled (indicateurs.csv and its Table Schema), and the
    evaluation report: rapport-evaluation.docx, evaluation.xlsx and its charts in figures/."""
    from evaluation.report.run import evaluate_and_report
    from evaluation.report.writer import FIGURES_FOLDER

    result = evaluate_and_report(context.folder, out_dir=context.out).result
    context.evaluated.append(result)
    return [*result.paths, context.out / FIGURES_FOLDER]


def portfolio_step(context: DemoContext) -> list[Path]:
    """A small CIPC portfolio: the example and a few seeded synthetic démarches, in OUT/portefeuille/."""
    from evaluation.demo.synthetic import DEMO_COUNT, DEMO_SEED, DEMO_SIZE, write_portfolio
    from evaluation.portfolio.build import build_portfolio

    with tempfile.TemporaryDirectory(prefix="suivi-portefeuille-") as tmp:
        generated = write_portfolio(Path(tmp), DEMO_COUNT, seed=DEMO_SEED, size=DEMO_SIZE)
        return build_portfolio([context.folder, *generated], context.root / PORTFOLIO_FOLDER, evaluated=context.evaluated).paths


def feedback_questionnaire_step(context: DemoContext) -> list[Path]:
    """The citizens' feedback questionnaires on the published answers (LimeSurvey, one per theme so that each
    fits the guide's 15 minutes), and their check against the CIPC guide as ``suivi questionnaire check
    --format json`` writes it, in one file."""
    from evaluation.consultation.check import check_questionnaire
    from evaluation.documents.outputs import write_json
    from evaluation.fieldwork.questionnaire import Format
    from evaluation.voice.feedback_questionnaire import write_feedback_questionnaire

    written = write_feedback_questionnaire(context.folder, Format.LIMESURVEY, out_dir=context.out, by_theme=True)
    checks = [check_questionnaire(w.path).to_dict() for w in written]
    checked = write_json(context.out / "controle-questionnaire-retours.json", checks)
    return [*(w.path for w in written), checked]


def publish_step(context: DemoContext) -> list[Path]:
    """The public follow-up site, published twice so that its history shows what changed."""
    from evaluation.demo.publication import publish_twice

    return publish_twice(context.folder, context.out)


STEPS: list[Step] = [check_step, respond_step, surveys_step, interview_grid_step, evaluate_step, portfolio_step, feedback_questionnaire_step, publish_step]


def run_demo(out: Path | str = DEFAULT_OUT, *, example: str = EXAMPLE) -> tuple[Demarche, list[Path]]:
    """Run every step on the example; return the démarche and the paths written, in order."""
    root = Path(out)
    check_output_folder(root, advice="output.advice.demo")
    with tempfile.TemporaryDirectory(prefix="suivi-demo-") as tmp:
        folder = Path(tmp) / example
        shutil.copytree(examples_dir() / example, folder)
        report = ProblemReport()
        demarche = report.required(load_demarche(folder, report))
        context = DemoContext(folder=folder, out=root / example, root=root, demarche=demarche)
        written: list[Path] = []
        with reads_reused():  # every step reads the same files: each is read once
            for step in STEPS:
                written.extend(_files(step(context)))
    return demarche, written


@dataclass
class DemoResult:
    """The example démarche run and the files written under ``root``."""

    root: Path
    demarche: Demarche
    written: list[Path]
    exit_code: int = 0

    def lines(self) -> list[Line]:
        title = t("demo.title", title=self.demarche.title, out=self.root)
        return lines_of([title, *(t("demo.wrote", path=path.relative_to(self.root)) for path in self.written)])


def demo(out: Path | str = DEFAULT_OUT) -> DemoResult:
    """``suivi demo``: run every step on the bundled example, outputs under ``out``."""
    demarche, written = run_demo(out)
    return DemoResult(Path(out), demarche, written)


def _files(paths: list[Path]) -> list[Path]:
    """The files written, one per line of output: a folder a step returns stands for its files."""
    result: list[Path] = []
    for path in paths:
        result.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return result
