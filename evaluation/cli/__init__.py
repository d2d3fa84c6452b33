"""The ``suivi`` command line: a thin layer over the library.

The library raises :class:`surveys.problems.SuiviError` for user errors; the group turns them into
a French message on standard error and exit code 1 (``--debug`` shows the traceback). Usage
errors exit with code 2, in French too. Each command maps its arguments to one library function
and prints the lines of its result; the commands live in one module per part of the product.
"""

from __future__ import annotations

from collections.abc import Sequence

from evaluation.cli import consultation, decidim, demo, fieldwork, followup, portfolio, publish, report
from evaluation.cli.base import cli
from evaluation.cli.ending import end_process

for command in (followup.init_command, followup.check_command, followup.respond_command,
                fieldwork.surveys_command, fieldwork.interview_grid_command, report.evaluate_command,
                consultation.questionnaire_group, portfolio.portfolio_command, demo.demo_command):
    cli.add_command(command)
cli.add_command(decidim.decidim_group)
cli.add_command(publish.publish_command)
cli.add_command(publish.verify_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point; as the ``suivi`` program (no ``argv``), it ends the process when done
    (:func:`evaluation.cli.ending.end_process`: no teardown of the interpreter)."""
    if argv is not None:
        cli.main(args=list(argv), prog_name="suivi")
        return
    try:
        cli.main(args=None, prog_name="suivi")
    except SystemExit as done:
        end_process(done)


__all__ = ["cli", "main"]
