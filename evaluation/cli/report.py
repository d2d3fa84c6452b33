"""The ``suivi`` commands evaluate: the indicators and the evaluation report."""

from __future__ import annotations

from pathlib import Path

from evaluation.cli.base import command, emit, folder_argument, out_option, progress_printer, seed_option, template_option, threshold_option


@command("evaluate")
@folder_argument
@out_option
@threshold_option
@seed_option
@template_option
def evaluate_command(folder: Path, out: Path | None, threshold: int, seed: int | None, template: Path | None) -> None:
    """Compute the indicators and write the evaluation report."""
    from evaluation.report.run import evaluate_and_report

    emit(evaluate_and_report(folder, out_dir=out, threshold=threshold, seed=seed, template=template, progress=progress_printer()))
