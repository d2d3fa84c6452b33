"""``suivi check``: each input file of a démarche folder in turn, every problem collected.

``check_folder`` is a plain sequence of steps (démarche, register, then the other data files);
a step that cannot read its file records the problem and lets the next steps run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.command_result import Line, lines_of
from evaluation.consultation.check import consultation_facts
from evaluation.demarche.folder import read_demarche
from evaluation.documents.frformat import count_noun, number
from evaluation.fieldwork.interview_data import check_interviews
from evaluation.fieldwork.reference_data import check_reference_files
from evaluation.fieldwork.survey_data import check_surveys
from evaluation.followup.deadlines import deadline_problems
from evaluation.followup.register import load_register
from evaluation.voice.feedback import load_feedback
from surveys.i18n import t, tn
from surveys.problems import ProblemReport, Severity


def check_folder(folder: Path | str, *, as_of: dt.date | None = None, notes: list[str] | None = None) -> ProblemReport:
    """Every problem of the démarche folder's files (an empty report means ready); deadlines as of ``as_of`` (today).

    ``notes`` receives what was read besides problems (the feedback exports' rows accounted for).
    """
    folder = Path(folder)
    report = ProblemReport()
    demarche = read_demarche(folder, report)
    register = load_register(demarche or folder / "propositions.xlsx", report)
    if demarche is not None and register is not None and not report.has_errors:  # deadlines of a valid register only
        report.extend(deadline_problems(demarche, register, as_of or dt.date.today()))
    if demarche is not None:
        check_surveys(demarche, report)
        check_interviews(demarche, report, register)
        check_reference_files(demarche, report)
        consultation_facts(demarche.folder, demarche.quality.consultation_questionnaire, report)
        if register is not None:
            feedback = load_feedback(demarche, register, report)
            if feedback is not None and notes is not None:
                notes.extend(feedback.summary_lines())
    return report


@dataclass
class CheckResult:
    """What ``suivi check`` found, printed as text lines or as JSON."""

    folder: Path
    report: ProblemReport
    as_json: bool = False
    notes: list[str] = field(default_factory=list)  # what was read, printed before the problems

    @property
    def exit_code(self) -> int:
        return 1 if self.report.has_errors else 0

    def lines(self) -> list[Line]:
        folder = str(self.folder)
        if self.as_json:
            return lines_of([self.report.to_json()])
        if not self.report:
            return lines_of([*self.notes, t("check.clean", folder=folder)])
        lines = [*self.notes, *problem_lines(self.report)]
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        lines.append(t("check.summary", folder=folder, errors=count_noun(errors, "check.summary.errors"),
                       warnings=count_noun(warnings, "check.summary.warnings")))
        if errors:
            lines.append(t("check.fix_errors", folder=folder))
        return lines_of(lines)


GROUP_SHOWN = 5  # of a long run of one problem in one file, the first ones printed…
GROUP_LIMIT = 12  # …once the run holds more than this; the others are summed up in one line


def problem_lines(report: ProblemReport) -> list[str]:
    """One line per problem; a long run of one problem in one file (a survey repeated 60 times
    gives thousands of « doublon ») shows its first ones, then one line counting the others, with
    the rows they are on. The JSON output keeps every problem."""
    groups = Counter((problem.file, problem.code, problem.severity) for problem in report)
    seen: Counter[tuple[str, str, Severity]] = Counter()
    lines: list[str] = []
    for problem in report:
        group = (problem.file, problem.code, problem.severity)
        seen[group] += 1
        if groups[group] <= GROUP_LIMIT or seen[group] <= GROUP_SHOWN:
            lines.append(t("check.problem_line", line=problem.render(), code=problem.code))
        elif seen[group] == GROUP_SHOWN + 1:
            rest = [p for p in report if (p.file, p.code, p.severity) == group][GROUP_SHOWN:]
            rows = sorted(p.row for p in rest if p.row is not None)
            where = t("check.more_rows", first=number(rows[0]), last=number(rows[-1])) if rows else ""
            lines.append(tn(f"check.more.{problem.severity.value}", len(rest), count=number(len(rest)), code=problem.code,
                            file=problem.file, rows=where))
    return lines


def check(folder: Path | str, *, output_format: str = "texte", as_of: dt.date | None = None) -> CheckResult:
    """``suivi check``: every problem of the folder, as text (``texte``) or ``json``; deadlines as of ``as_of`` (today)."""
    notes: list[str] = []
    report = check_folder(folder, as_of=as_of, notes=notes)
    return CheckResult(Path(folder), report, as_json=output_format == "json", notes=notes)
