"""``suivi evaluate``: every indicator of a démarche, disclosure-controlled, in ``out/indicateurs.csv``.

The démarche's inputs are read first (``demarche.yaml``, items, surveys, register, margins and
panel); any error stops before anything is written, with every problem listed. Then each step
of :data:`STEPS` turns the inputs into :class:`IndicatorResult` rows; disclosure control runs on
all of them at once; the table and its schema are written atomically.

A step is a function ``(EvaluationInputs) -> list[IndicatorResult]``; steps of other dimensions
(the interview indicators of ``impact_interne``) are added by appending to :data:`STEPS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaluation.consultation.check import consultation_facts
from evaluation.demarche.folder import FolderInvalid
from evaluation.demarche.inputs import refuse_overwriting_inputs
from evaluation.demarche.model import Demarche, load_demarche
from evaluation.fieldwork.interview_data import interview_indicators, load_interview_data
from evaluation.fieldwork.reference_data import load_margins, load_panel, read_reference
from evaluation.followup.register import load_register
from evaluation.report.indicators_output import CSV_FILE, SCHEMA_FILE, write_indicators
from indicators.checklist import ChecklistFacts, ChecklistResult, checklist_rows, evaluate_checklist
from indicators.devoir_de_suite import devoir_de_suite
from indicators.disclosure import DEFAULT_THRESHOLD, SuppressedCell, apply_disclosure
from indicators.internal_impact import MIN_SERVICE_SIZE
from indicators.item_bank import load_item_bank
from indicators.models import IndicatorResult
from indicators.representativeness import Margins, panel_from_profiles, representativeness
from indicators.survey.attrition import Participation, participation, participation_summary
from indicators.survey.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from indicators.survey.change import BootstrapSettings, paired_change
from indicators.survey.descriptive import item_descriptives
from indicators.survey.indices import dimension_indices
from indicators.survey.tidy import empty_tidy, normalise_tidy
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec
from surveys.i18n import t
from surveys.interviews import InterviewSet
from surveys.problems import Problem, ProblemReport, Severity

OUT_DIR = "out"


@dataclass
class EvaluationInputs:
    """Everything the steps compute from, read once."""

    demarche: Demarche
    items: list[ItemSpec]
    responses: pd.DataFrame  # the tidy survey table (indicators.survey.tidy contract)
    profiles: pd.DataFrame | None  # the importer's respondents table (panel profile answers)
    register: pd.DataFrame | None  # Register.to_frame()
    margins: Margins | None
    panel: pd.DataFrame | None  # the ``panel:`` file, when given
    settings: BootstrapSettings
    as_of: dt.date
    report: ProblemReport
    interviews: InterviewSet | None = None  # the coded interviews (``fichiers: entretiens``)
    readings: list[Any] = field(default_factory=list)  # other bodies' readings of the register (evaluation.followup.readings)
    feedback: Any = None  # (FeedbackData, Register) of the feedback wave (evaluation.voice.feedback), when declared


@dataclass
class EvaluationResult:
    """What ``suivi evaluate`` computed; the report and the portfolio build on it.

    ``results`` are the published rows (small cells already hidden); ``suppressed`` lists the
    hidden cells; ``participation`` gives respondents per wave, pairs and drop-outs; ``problems``
    holds the warnings met on the way.
    """

    demarche: Demarche
    results: list[IndicatorResult]
    participation: Participation
    suppressed: list[SuppressedCell]
    checklist: ChecklistResult
    items: list[ItemSpec]
    problems: ProblemReport
    threshold: int
    paths: list[Path] = field(default_factory=list)
    interviews: InterviewSet | None = None  # for the report: quotes via indicators.internal_impact.published_quotes
    register: pd.DataFrame | None = None  # Register.to_frame(), for the report's decisions by theme
    readings: list[Any] = field(default_factory=list)  # other bodies' readings, for the report's agreement tables
    feedback: Any = None  # citizens' feedback per proposal (dict of evaluation.voice.feedback.ProposalFeedback), when declared
    feedback_respondents: int | None = None
    as_of: dt.date | None = None  # the day deadlines were judged against, and the bootstrap's settings:
    settings: BootstrapSettings | None = None  # with ``threshold``, what the portfolio checks to reuse this result

    def select(self, dimension: str | None = None, indicator: str | None = None, item: str | None = None,
               wave: str | None = None) -> list[IndicatorResult]:
        """Rows matching every criterion given."""
        return [r for r in self.results
                if (dimension is None or r.dimension == dimension) and (indicator is None or r.indicator == indicator)
                and (item is None or r.item == item) and (wave is None or r.wave == wave)]


Step = Callable[[EvaluationInputs], list[IndicatorResult]]


def survey_indicators(inputs: EvaluationInputs) -> list[IndicatorResult]:
    """Per item and wave, change on matched pairs, dimension indices, participation and attrition."""
    frame, items = inputs.responses, inputs.items
    if frame.empty:
        return []
    return (item_descriptives(frame, items, inputs.settings.confidence) + paired_change(frame, items, inputs.settings)
            + dimension_indices(frame, items, inputs.settings) + participation(frame, items, inputs.settings.confidence))


def register_indicators(inputs: EvaluationInputs) -> list[IndicatorResult]:
    """The devoir de suite, from the proposal register."""
    if inputs.register is None:
        return []
    demarche = inputs.demarche
    return devoir_de_suite(inputs.register, demarche.dates.restitution, demarche.response_deadline, inputs.as_of)


def checklist_facts(demarche: Demarche) -> ChecklistFacts:
    """The facts of the CIPC checklist stated in ``demarche.yaml`` (absent = unknown)."""
    quality, panel, governance = demarche.quality, demarche.panel, demarche.governance
    engagements = demarche.engagements
    minutes, balanced = consultation_facts(demarche.folder, quality.consultation_questionnaire)
    return ChecklistFacts(
        purpose_stated=True if demarche.purpose else None,
        room_for_manoeuvre_stated=True if demarche.room_for_manoeuvre else None,
        engagements_dated=all(e.due is not None for e in engagements) if engagements else None,
        recruitment_published=panel.recruitment_published,
        composition_published=panel.composition_published,
        speakers_published=quality.speakers_published,
        guarantors_committee=governance.guarantors_committee,
        plural_information=quality.plural_information,
        results_published=quality.results_published,
        restitution_validated=quality.restitution_validated,
        motivated_response_published=quality.motivated_response_published,
        citizen_follow_up_committee=governance.citizen_follow_up_committee,
        evaluation_planned=quality.evaluation_planned,
        questionnaire_minutes=quality.questionnaire_minutes if quality.questionnaire_minutes is not None else minutes,
        open_and_closed_questions=quality.open_and_closed_questions if quality.open_and_closed_questions is not None else balanced,
    )


def quality_indicators(inputs: EvaluationInputs) -> list[IndicatorResult]:
    """The CIPC quality checklist, from ``demarche.yaml``."""
    return checklist_rows(evaluate_checklist(checklist_facts(inputs.demarche)))


def representativeness_indicators(inputs: EvaluationInputs) -> list[IndicatorResult]:
    """Panel against the reference margins: the ``panel:`` file, else the survey's profile answers."""
    if inputs.margins is None:
        return []
    if inputs.panel is not None:
        panel = inputs.panel
    elif inputs.profiles is not None and not inputs.profiles.empty:
        panel = panel_from_profiles(inputs.profiles, inputs.items)
    else:
        inputs.report.add(Problem(file=inputs.margins.file, code="marges_sans_panel", severity=Severity.WARNING,
                                  message=t("evaluate.margins_without_panel")))
        return []
    return representativeness(panel, inputs.margins, inputs.items, inputs.report)


def internal_impact_step(inputs: EvaluationInputs) -> list[IndicatorResult]:
    """Impact inside the administration, from the coded interviews (``impact_interne``)."""
    return interview_indicators(inputs.interviews)


STEPS: list[Step] = [survey_indicators, register_indicators, quality_indicators, representativeness_indicators,
                     internal_impact_step]


def read_inputs(demarche: Demarche, report: ProblemReport, settings: BootstrapSettings, as_of: dt.date, *,
                write_key: bool = True) -> EvaluationInputs:
    """Read every input file of the démarche; problems go to ``report``.

    ``write_key=False`` (the portfolio) never creates the démarche's pseudonymisation key file;
    a throw-away key then pairs the waves just as well for the figures of this run.
    """
    from evaluation.fieldwork.survey_data import load_survey_data, survey_codebook

    items = list(survey_codebook(demarche, report).items) if demarche.files.surveys else load_item_bank()
    responses, profiles = empty_tidy(), None
    if demarche.files.surveys:
        data = load_survey_data(demarche, report, write_key=write_key)
        if data is not None:
            tidy, profiles = data.responses, data.respondents
            del data  # the import's tables and report go before the tidy table is copied
            responses = normalise_tidy(tidy)
            del tidy
    register = None
    readings: list[Any] = []
    feedback = None
    if demarche.path(demarche.files.proposals).is_file():
        loaded = load_register(demarche, report)
        register = loaded.to_frame() if loaded is not None else None
        readings = loaded.readings if loaded is not None else []
        feedback = _feedback_data(demarche, loaded, report)
    else:
        report.add(Problem(file=demarche.files.proposals, code="registre_absent", severity=Severity.WARNING,
                           message=t("evaluate.no_register", file=demarche.files.proposals)))
    margins = panel = None
    if demarche.files.margins:
        margins = read_reference(demarche, demarche.files.margins, report, load_margins)
    if demarche.files.panel:
        panel = read_reference(demarche, demarche.files.panel, report, load_panel)
    interviews = load_interview_data(demarche, report, list(register["id"]) if register is not None else None)
    return EvaluationInputs(demarche=demarche, items=items, responses=responses, profiles=profiles, register=register,
                            margins=margins, panel=panel, settings=settings, as_of=as_of, report=report,
                            interviews=interviews, readings=readings, feedback=feedback)


def _feedback_data(demarche: Demarche, register: Any, report: ProblemReport) -> Any:
    """The feedback wave's answers with the register they refer to (None without register or feedback)."""
    from evaluation.voice.feedback import load_feedback

    if register is None:
        return None
    data = load_feedback(demarche, register, report)
    return None if data is None else (data, register)


def compute(inputs: EvaluationInputs, threshold: int = DEFAULT_THRESHOLD) -> EvaluationResult:
    """Run every step, then disclosure control on all rows at once."""
    rows: list[IndicatorResult] = []
    for step in STEPS:
        rows.extend(step(inputs))
    feedback = None
    if inputs.feedback is not None:  # the citizens' feedback on each answer: its démarche-level shares depend on the threshold
        from evaluation.voice.feedback import summarise
        from evaluation.voice.feedback_indicators import feedback_indicators

        data, loaded = inputs.feedback
        rows.extend(feedback_indicators(data, loaded, threshold))
        feedback = summarise(data, loaded, threshold)
    published, suppressed = apply_disclosure(rows, threshold)
    return EvaluationResult(
        demarche=inputs.demarche,
        results=published,
        participation=participation_summary(inputs.responses),
        suppressed=suppressed,
        checklist=evaluate_checklist(checklist_facts(inputs.demarche)),
        items=inputs.items,
        problems=inputs.report,
        threshold=threshold,
        interviews=inputs.interviews,
        register=inputs.register,
        readings=inputs.readings,
        feedback=feedback,
        feedback_respondents=inputs.feedback[0].respondents if inputs.feedback is not None else None,
        as_of=inputs.as_of,
        settings=inputs.settings,
    )


def evaluate(
    folder: Path | str,
    *,
    out_dir: Path | str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    as_of: dt.date | None = None,
) -> EvaluationResult:
    """Compute every indicator of the démarche in ``folder`` and write ``indicateurs.csv`` and its schema.

    Outputs go to ``out_dir`` (default ``folder/out``). Raises :class:`FolderInvalid` listing every
    error when an input has errors (nothing is written then); warnings are kept in the result.
    """
    folder = Path(folder)
    report = ProblemReport()
    demarche = report.required(load_demarche(folder, report))
    inputs = read_inputs(demarche, report, BootstrapSettings(resamples=resamples, seed=seed), as_of or dt.date.today())
    if report.has_errors:
        raise FolderInvalid(folder, report)
    target = Path(out_dir) if out_dir is not None else folder / OUT_DIR
    refuse_overwriting_inputs(demarche, [target / CSV_FILE, target / SCHEMA_FILE])
    result = compute(inputs, threshold)
    result.paths = write_indicators(result.results, target)
    return result


def summary_lines(result: EvaluationResult, folder: str) -> list[str]:
    """What ``suivi evaluate`` prints: rows, hidden cells, respondents and pairs, files written."""
    from surveys.i18n import tn

    hidden = sum(1 for r in result.results if r.suppressed and r.dimension != Dimension.IMPACT_INTERNE)
    services = sum(1 for r in result.results if r.suppressed and r.dimension == Dimension.IMPACT_INTERNE)
    hidden_parts = [tn("evaluate.suppressed", hidden, threshold=result.threshold)]
    if services:
        hidden_parts.append(tn("evaluate.suppressed_services", services, size=MIN_SERVICE_SIZE))
    lines = [t("evaluate.rows_line", rows=tn("evaluate.rows", len(result.results)), hidden=" ; ".join(hidden_parts))]
    counts = result.participation
    if counts.respondents:
        waves = ", ".join(t("evaluate.wave", wave=t(f"evaluate.wave.{w}"), count=n) for w, n in counts.respondents.items())
        lines.append(t("evaluate.waves", waves=waves))
    for comparison, pairs in counts.pairs.items():
        later, first = comparison.split("-")
        lines.append(tn("evaluate.pairs", counts.dropouts[comparison], first=t(f"evaluate.wave.{first}"),
                        later=t(f"evaluate.wave.{later}"), pairs=pairs))
    lines += [t("evaluate.wrote", path=path) for path in result.paths]
    if result.problems:
        lines.append(tn("evaluate.warnings", len(result.problems), folder=folder))
    return lines
