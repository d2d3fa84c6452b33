"""The ``suivi`` commands surveys, interview-grid, questionnaire: what the evaluation collects."""

from __future__ import annotations

from pathlib import Path

import click

from evaluation.cli.base import WAVES, Choice, command, emit, folder_argument, out_option, template_option


@command("interview-grid")
@folder_argument
@template_option
@click.option("--force", is_flag=True)
def interview_grid_command(folder: Path, template: Path | None, force: bool) -> None:
    """Write blank interview grids (Word and Excel)."""
    from evaluation.fieldwork.interview_grid import interview_grid

    emit(interview_grid(folder, template=template, force=force))


@command("surveys")
@folder_argument
@out_option
def surveys_command(folder: Path, out: Path | None) -> None:
    """Import the participant surveys and write the import report."""
    from evaluation.fieldwork.survey_import import import_surveys

    emit(import_surveys(folder, out_dir=out))


@command("questionnaire")
@folder_argument
@click.option("--vague", "--wave", "wave", type=Choice({**WAVES, "retours": ("retours", "feedback")}), required=True)
@click.option("--format", "output_format", type=Choice({"docx": (), "xlsx": (), "limesurvey": ()}), default="docx", show_default=True)
@click.option("--public", "audience", type=Choice({"participants": (), "administration": ("agents",)}), default="participants",
              show_default=True)
@click.option("--propositions", "proposals", default=None)
@click.option("--par-theme", "--by-theme", "by_theme", is_flag=True)
@out_option
@template_option
def questionnaire_command(folder: Path, wave: str, output_format: str, audience: str, proposals: str | None, by_theme: bool, out: Path | None,
                          template: Path | None) -> None:
    """Write the questionnaire of one wave (Word, Excel or LimeSurvey)."""
    from evaluation.voice.feedback_questionnaire import questionnaire

    emit(questionnaire(folder, wave, output_format, audience=audience, out_dir=out, template=template, proposals=proposals, by_theme=by_theme))
