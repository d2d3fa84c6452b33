"""``suivi surveys``: import the démarche's surveys, write the import report, sum it up by wave."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.command_result import Line, lines_of
from evaluation.demarche.model import Demarche, load_demarche
from evaluation.documents.frformat import count_noun
from evaluation.documents.outputs import check_output_folder
from evaluation.fieldwork.survey_data import load_survey_data
from evaluation.fieldwork.survey_report import REPORT_FILE, write_survey_report
from surveys.exports.importer import Reason, SurveyData
from surveys.i18n import t
from surveys.problems import ProblemReport, SuiviError

OUT_FOLDER = "out"


@dataclass
class SurveyImportResult:
    """The import, its problems and the report written; exit status 1 while errors remain."""

    demarche: Demarche
    data: SurveyData
    report: ProblemReport
    path: Path

    @property
    def exit_code(self) -> int:
        return 1 if self.report.has_errors else 0

    def lines(self) -> list[Line]:
        summary = summary_lines(self.demarche, self.data, self.report, str(self.demarche.folder))
        return lines_of([*summary, t("survey_cli.wrote", path=self.path)])


def import_surveys(folder: Path | str, *, out_dir: Path | None = None) -> SurveyImportResult:
    """Import every survey declared in ``folder``'s demarche.yaml and write the import report.

    Checks everything it can before writing anything, the pseudonymisation key included: a
    folder without surveys, or an output folder that is a file, stops with nothing created.
    """
    report = ProblemReport()
    demarche = report.required(load_demarche(Path(folder), report))
    if not demarche.files.surveys:
        raise SuiviError(t("survey_cli.none"), code="aucune_enquete")
    out = out_dir if out_dir is not None else demarche.folder / OUT_FOLDER
    check_output_folder(out)
    data = report.required(load_survey_data(demarche, report))
    return SurveyImportResult(demarche, data, report, write_survey_report(data, report, out / REPORT_FILE, demarche))


def summary_lines(demarche: Demarche, data: SurveyData, report: ProblemReport, folder: str) -> list[str]:
    """French summary of an import, one wave after the other."""
    lines = [t("survey_cli.title", title=demarche.title)]
    summary = data.wave_summary()
    if summary.empty:
        lines.append(t("survey_cli.no_wave"))
    for record in summary.to_dict("records"):
        reasons = [count_noun(int(record[r]), f"survey_cli.reason.{r}") for r in Reason.ALL if record[r]]
        excluded = int(record["rows"]) - int(record["kept"])
        excluded_text = (t("survey_cli.excluded_reasons", excluded=count_noun(excluded, "survey_cli.excluded"), reasons=", ".join(reasons))
                         if excluded else "")
        lines.append(t("survey_cli.wave", wave=t(f"survey.wave.{record['wave']}"), files=record["files"], tools=record["tools"],
                       rows=count_noun(int(record["rows"]), "survey_cli.rows"),
                       kept=count_noun(int(record["kept"]), "survey_cli.kept"), excluded=excluded_text))
        pairs = record["pairs"]
        pairs_text = t("survey_cli.pairs", pairs=int(pairs)) if pairs is not None and pairs == pairs else ""
        lines.append(t("survey_cli.people", respondents=count_noun(int(record["respondents"]), "survey_cli.respondents"), pairs=pairs_text,
                       items=count_noun(int(record["items"]), "survey_cli.items"),
                       unmapped=count_noun(int(record["unmapped"]), "survey_cli.unmapped"),
                       unknown=count_noun(int(record["unknown_labels"]), "survey_cli.unknown")))
    if report:
        lines.append(t("survey_cli.problems", errors=count_noun(len(report.errors), "survey_cli.errors"),
                       warnings=count_noun(len(report.warnings), "survey_cli.warnings"), folder=folder))
    return lines
