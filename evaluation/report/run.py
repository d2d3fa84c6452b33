"""``suivi evaluate``: compute the indicators, then write the report, its workbook and figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.command_result import Line, lines_of
from evaluation.demarche.model import not_a_folder
from evaluation.documents.docx_accessible import open_template
from evaluation.documents.outputs import check_output_folder
from evaluation.report.evaluate import OUT_DIR, EvaluationResult, evaluate, summary_lines
from evaluation.report.writer import Progress, ReportOutputs, write_evaluation_outputs
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.survey.bootstrap import DEFAULT_SEED
from surveys.i18n import t


@dataclass
class EvaluationRun:
    """The indicators computed and every file written for them."""

    folder: Path
    result: EvaluationResult
    outputs: ReportOutputs
    exit_code: int = 0

    def lines(self) -> list[Line]:
        lines = summary_lines(self.result, str(self.folder))
        if self.outputs.figures:  # after the other files written, before the warnings line
            lines.insert(len(lines) - (1 if self.result.problems else 0),
                         t("report.wrote_figures", folder=self.outputs.figures[0].parent, count=len(self.outputs.figures)))
        return lines_of(lines)


def evaluate_and_report(folder: Path | str, *, out_dir: Path | None = None, threshold: int = DEFAULT_THRESHOLD,
                        seed: int | None = None, template: Path | None = None, progress: Progress | None = None) -> EvaluationRun:
    """Evaluate the démarche in ``folder`` and write every output into ``out_dir`` (default ``folder/out``).

    A bad template or an output folder that is a file stops the run before anything is written;
    ``progress`` receives a French line per step.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise not_a_folder(folder)
    document = open_template(template)
    out = out_dir if out_dir is not None else folder / OUT_DIR
    check_output_folder(out)
    if progress:
        progress(t("report.progress.compute"))
    result = evaluate(folder, out_dir=out, threshold=threshold, seed=DEFAULT_SEED if seed is None else seed)
    outputs = write_evaluation_outputs(result, out, document=document, progress=progress)
    result.paths += [outputs.report, outputs.workbook]
    return EvaluationRun(folder, result, outputs)
