"""The lines ``suivi surveys`` prints: one summary per wave, then the problem count."""

from __future__ import annotations

from evaluation.demarche.model import Demarche
from evaluation.documents.frformat import count_noun
from surveys.i18n import t
from surveys.importer import Reason, SurveyData
from surveys.problems import ProblemReport


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
