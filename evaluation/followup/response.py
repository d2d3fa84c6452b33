"""``suivi respond``: the sponsor's motivated public response and the register's open data.

The Word document presents the démarche, sums up the decisions by status and by theme (tables
and charts), answers every proposal grouped by theme, then lists the next steps. It is built
with :class:`AccessibleDocument` on the styles-only template or a sponsor's own template.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from evaluation.command_result import Line, lines_of, note
from evaluation.demarche.inputs import refuse_overwriting_inputs
from evaluation.demarche.model import MODALITY_LABELS, RECRUITMENT_LABELS, Demarche
from evaluation.documents import charts, frformat, valueformat
from evaluation.documents.docx_accessible import AccessibleDocument, open_template
from evaluation.documents.outputs import check_output_folder, save_with
from evaluation.followup.checked import load_checked
from evaluation.followup.opendata import CSV_FILE, JSON_FILE, SCHEMA_FILE, write_open_data
from evaluation.followup.register import Proposal, Register
from evaluation.voice.feedback import feedback_for
from evaluation.voice.feedback_outputs import write_feedback_summary, write_proposal_feedback
from evaluation.voice.opendata import write_readings_open_data
from evaluation.voice.response_parts import write_proposal_readings, write_readings_summary
from indicators.devoir_de_suite import DueState, followup_figures
from indicators.disclosure import DEFAULT_THRESHOLD
from indicators.vocabulary import LABELS, Implementation, Status
from surveys.i18n import t, tn
from surveys.problems import ProblemReport, SuiviError, display_name

DOCX_FILE = "reponse-motivee.docx"
OUT_FOLDER = "out"
TEXT_WIDTH_CM = 16.5  # A4 with the template's 2.2 cm margins


_NARROW, _WIDE = set("fijlrt'.,:;!|()"), set("mwMW")


def _word_cm(word: str, size_pt: float = 10.5) -> float:
    """Approximate printed width of a bold word in a sans-serif font (Arial metrics)."""
    ems = sum(0.3 if c in _NARROW else 0.89 if c in _WIDE else 0.72 if c.isupper() else 0.57 for c in word)
    return ems * 1.05 * size_pt / 72 * 2.54


def _header_width(text: str) -> float:
    """Width (cm) of a numeric column so its bold heading wraps between words, never inside one."""
    return max(1.4, max(_word_cm(word) for word in text.split()) + 0.5)


@dataclass
class ResponseResult:
    """What ``respond`` wrote, and the warnings found on the way (errors stop it before)."""

    paths: list[Path]
    report: ProblemReport
    folder: Path
    exit_code: int = 0

    def lines(self) -> list[Line]:
        lines = lines_of([t("respond.wrote", path=path) for path in self.paths])
        if self.report:
            lines.append(note(tn("respond.warnings", len(self.report), count=len(self.report), folder=str(self.folder))))
        return lines


def respond(folder: Path | str, *, out_dir: Path | None = None, template: Path | None = None, when: dt.date | None = None) -> ResponseResult:
    """Check the folder, then write the motivated response and the open data into ``out_dir``.

    ``out_dir`` defaults to ``folder/out``. Raises :class:`evaluation.demarche.folder.FolderInvalid` (listing
    every error) when ``demarche.yaml`` or the register has errors: nothing is written then.
    """
    folder = Path(folder)
    demarche, register, report = load_checked(folder)
    document = open_template(template)  # before writing anything: a bad template stops the run
    out = out_dir if out_dir is not None else folder / OUT_FOLDER
    check_output_folder(out)
    refuse_overwriting_inputs(demarche, [out / name for name in (DOCX_FILE, CSV_FILE, JSON_FILE, SCHEMA_FILE)])
    try:
        docx_path = write_response_docx(demarche, register, out / DOCX_FILE, document=document, when=when)
        paths = [docx_path, *write_open_data(demarche, register, out), *write_readings_open_data(demarche, register, out)]
    except PermissionError as exc:
        raise SuiviError(_permission_message(exc, out), code="ecriture_refusee") from exc
    return ResponseResult(paths=paths, report=report, folder=folder)


def _permission_message(exc: PermissionError, out: Path) -> str:
    """Name the output file that could not be replaced (often: open in Word), else the folder."""
    target = exc.filename2 or exc.filename  # os.replace(temporary, target) reports both
    name = display_name(target) if target else ""
    if not name or (name.startswith(".") and name.endswith(".tmp")) or Path(str(target)) == out:
        return t("respond.permission_folder", folder=display_name(out))
    return t("respond.permission", file=name, folder=display_name(out))


def write_response_docx(
    demarche: Demarche,
    register: Register,
    target: Path,
    *,
    template: Path | None = None,
    document: Document | None = None,
    when: dt.date | None = None,
) -> Path:
    """Build the motivated response and save it atomically at ``target``."""
    doc = AccessibleDocument(document if document is not None else open_template(template))
    _ResponseWriter(doc, demarche, register, when or dt.date.today()).write()
    return save_with(target, doc.save)


def status_counts(register: Register) -> Counter[Status]:
    return Counter(p.status for p in register.proposals if p.status is not None)


class _ResponseWriter:
    """Writes the sections of the response, in reading order."""

    def __init__(self, doc: AccessibleDocument, demarche: Demarche, register: Register, when: dt.date) -> None:
        self.doc = doc
        self.demarche = demarche
        self.register = register
        self.when = when
        self.counts = status_counts(register)
        self.total = len(register.proposals)
        self.figures = followup_figures(register.to_frame(), deadline=demarche.response_deadline, as_of=when,
                                        engagements=[(e.text, e.due) for e in demarche.engagements])
        self.feedback = feedback_for(demarche, register)  # citizens' feedback on each answer, when a feedback wave is declared

    def write(self) -> None:
        d = self.demarche
        self.doc.properties(
            title=t("response.doc_title", title=d.title),
            author=d.sponsor,
            subject=t("response.subject", title=d.title),
            keywords=t("response.keywords"),
            when=dt.datetime.combine(self.when, dt.time()),
        )
        self.doc.title(t("response.title"), d.title)
        self.doc.paragraph(frformat.typo(t("response.published", sponsor=d.sponsor, date=frformat.date_long(self.when))))
        self.doc.paragraph(frformat.typo(t("response.intro", count=frformat.count_noun(self.total, "response.n_proposals"))))
        self._demarche()
        self._summary()
        self._answers()
        self._next_steps()
        self._about()

    # --- la démarche -------------------------------------------------------------------------
    def _demarche(self) -> None:
        d = self.demarche
        self.doc.heading(t("response.h_demarche"), 1)
        self.doc.labelled(t("response.l_sponsor"), d.sponsor)
        if d.ministry:
            self.doc.labelled(t("response.l_ministry"), d.ministry)
        self.doc.labelled(t("response.l_modalities"), frformat.join([MODALITY_LABELS[m] for m in d.modalities]))
        self.doc.labelled(
            t("response.l_dates"),
            t("response.dates", start=frformat.date_long(d.dates.start), end=frformat.date_long(d.dates.end)),
        )
        if d.dates.restitution:
            self.doc.labelled(t("response.l_restitution"), frformat.date_long(d.dates.restitution))
        if d.panel.size:
            panel = frformat.count_noun(d.panel.size, "response.n_citizens")
            if d.panel.recruitment:
                panel = t("response.panel_recruitment", panel=panel, recruitment=RECRUITMENT_LABELS[d.panel.recruitment])
            self.doc.labelled(t("response.l_panel"), panel)
        self.doc.heading(tn("response.h_questions", len(d.questions)), 2)
        self.doc.bullets(list(d.questions))
        if d.purpose or d.room_for_manoeuvre:
            self.doc.heading(t("response.h_purpose"), 2)
            if d.purpose:
                self.doc.labelled(t("response.l_purpose"), d.purpose)
            if d.room_for_manoeuvre:
                self.doc.labelled(t("response.l_room"), d.room_for_manoeuvre)
        self.doc.heading(t("response.h_engagements"), 2)
        if d.engagements:
            self.doc.bullets([self._engagement(e.text, e.due) for e in d.engagements])
        else:
            self.doc.paragraph(t("response.no_engagement"))
        if d.response_deadline:
            self.doc.labelled(t("response.l_deadline"), frformat.date_long(d.response_deadline))

    @staticmethod
    def _engagement(text: str, due: dt.date | None) -> str:
        if due is None:
            return text
        return frformat.typo(t("response.engagement_due", text=text.rstrip(" ."), date=frformat.date_long(due)))

    # --- synthèse ----------------------------------------------------------------------------
    def _present_statuses(self) -> list[Status]:
        return [s for s in Status if self.counts.get(s)]

    def _summary(self) -> None:
        self.doc.heading(t("response.h_summary"), 1)
        parts = [frformat.count_noun(self.counts[s], f"response.count.{s}") for s in Status if self.counts.get(s)]
        self.doc.paragraph(frformat.typo(t("response.summary_sentence", total=frformat.count_noun(self.total, "response.n_proposals"), parts=frformat.join(parts))))
        self._by_status()
        self._by_theme()
        self._timeliness()
        write_readings_summary(self.doc, self.register)
        write_feedback_summary(self.doc, self.feedback)

    def _share(self, n: int) -> str:
        return frformat.percent(n / self.total) if self.total else "–"

    def _by_status(self) -> None:
        self.doc.heading(t("response.h_by_status"), 2)
        values = [self.counts.get(s, 0) for s in Status]
        shares = valueformat.rounded_shares(values)  # they add up to the 100 % of the total row
        rows = [[LABELS[s], frformat.number(v), share] for s, v, share in zip(Status, values, shares)]
        rows.append([t("response.total"), frformat.number(self.total), self._share(self.total)])
        self.doc.table(
            [t("response.col_status"), t("response.col_count"), t("response.col_share")], rows,
            caption=t("response.caption_status_table"), widths_cm=[8, 4, 4], numeric=(1, 2), keep_rows=True, keep_together=True,
        )
        image = charts.horizontal_bars(
            [LABELS[s] for s in Status], values,
            value_labels=[f"{frformat.number(v)} ({share})" for v, share in zip(values, shares)],
            colours=[charts.STATUS_COLOURS[s] for s in Status], hatches=[charts.STATUS_HATCHES[s] for s in Status],
            xlabel=t("response.axis_proposals"),
        )
        alt = t("response.alt_status", items="; ".join(f"{LABELS[s]} : {frformat.number(v)} ({share})" for s, v, share in zip(Status, values, shares)))
        self.doc.figure(io.BytesIO(image), alt=alt, caption=t("response.caption_status_chart"), width_cm=charts.printed_width_cm(image))

    def _by_theme(self) -> None:
        self.doc.heading(t("response.h_by_theme"), 2)
        themes = self.register.themes()
        statuses = self._present_statuses()
        table = Counter((p.theme, p.status) for p in self.register.proposals)
        rows = []
        for theme in themes:
            counts = [table.get((theme, s), 0) for s in statuses]
            rows.append([theme, *[frformat.number(c) for c in counts], frformat.number(sum(table.get((theme, s), 0) for s in Status))])
        header = [t("response.col_theme"), *[LABELS[s] for s in statuses], t("response.total")]
        numbers = [_header_width(text) for text in header[1:]]
        widths = [max(3.0, TEXT_WIDTH_CM - sum(numbers)), *numbers]
        self.doc.table(header, rows, caption=t("response.caption_theme_table"), widths_cm=widths, numeric=tuple(range(1, len(header))), keep_rows=True,
                       keep_together=True)
        series = [
            charts.Series(LABELS[s], [table.get((theme, s), 0) for theme in themes], charts.STATUS_COLOURS[s], charts.STATUS_HATCHES[s])
            for s in statuses
        ]
        image = charts.stacked_bars(themes, series, xlabel=t("response.axis_proposals"))
        described = []
        for theme in themes:
            parts = [f"{frformat.number(table.get((theme, s), 0))} {LABELS[s].lower()}" for s in statuses if table.get((theme, s), 0)]
            described.append(t("response.alt_theme_item", theme=theme, parts=", ".join(parts)))
        self.doc.figure(io.BytesIO(image), alt=t("response.alt_theme", items=" ; ".join(described)), caption=t("response.caption_theme_chart"),
                        width_cm=charts.printed_width_cm(image))

    def _timeliness(self) -> None:
        figures = self.figures
        self.doc.heading(t("response.h_timeliness"), 2)
        if figures.deadline:
            self.doc.paragraph(frformat.typo(self._timeliness_sentence(figures.deadline, figures.decided_in_time, figures.decided_late)))
        else:
            self.doc.paragraph(frformat.typo(t("response.no_deadline", decided=frformat.count_noun(figures.decided, "response.n_decisions"))))
        if figures.undecided:
            self.doc.paragraph(frformat.typo(frformat.count_noun(figures.undecided, "response.waiting")))

    @staticmethod
    def _timeliness_sentence(deadline: dt.date, on_time: int, late: int) -> str:
        """The deadline kept or not, in words: zero counts are said (« aucune »), not written « 0 »."""
        promise = t("response.deadline_promise", deadline=frformat.date_long(deadline))
        if not on_time and not late:
            return f"{promise} {t('response.timeliness_no_decision')}"
        if not late:
            return f"{promise} {frformat.count_noun(on_time, 'response.timeliness_all_on_time')}"
        if not on_time:
            return f"{promise} {frformat.count_noun(late, 'response.timeliness_all_late')}"
        return f"{promise} {t('response.timeliness_split', on_time=frformat.count_noun(on_time, 'response.n_decisions'), late=frformat.number(late))}"

    # --- réponses ----------------------------------------------------------------------------
    def _answers(self) -> None:
        self.doc.page_break()
        self.doc.heading(t("response.h_answers"), 1)
        self.doc.paragraph(t("response.answers_intro"))
        by_theme: dict[str, list[Proposal]] = {}
        for p in self.register.proposals:
            by_theme.setdefault(p.theme, []).append(p)
        for theme, proposals in by_theme.items():
            self.doc.heading(theme, 2)
            self.doc.paragraph(frformat.typo(frformat.count_noun(len(proposals), "response.n_proposals_theme")))
            for p in proposals:
                self._proposal(p)

    def _proposal(self, p: Proposal) -> None:
        self.doc.heading(t("response.proposal_heading", id=p.id, title=p.title) if p.id else p.title, 3)
        if p.text:
            self.doc.quote(p.text)
        label = self.doc.labelled
        label(t("response.l_status"), LABELS[p.status] if p.status else "")
        if p.reason_code:
            label(t("response.l_reason"), LABELS[p.reason_code])
        if p.motivation:
            label(t("response.l_motivation"), p.motivation)
        if p.measures:
            label(t("response.l_measures"), p.measures)
        if p.service:
            label(t("response.l_service"), p.service)
        if p.due_date:
            label(t("response.l_due"), frformat.date_long(p.due_date))
        if p.implementation:
            state = LABELS[p.implementation]
            if p.progress is not None:
                state = frformat.typo(t("response.state_progress", state=state, progress=frformat.percent(p.progress / 100)))
            label(t("response.l_implementation"), state)
        if p.decision_date:
            label(t("response.l_decision_date"), frformat.date_long(p.decision_date))
        if p.decided_by:
            label(t("response.l_decided_by"), p.decided_by)
        if p.source:
            label(t("response.l_source"), p.source)
        write_proposal_readings(self.doc, p, self.register)
        write_proposal_feedback(self.doc, (self.feedback or {}).get(p.id), DEFAULT_THRESHOLD)

    # --- prochaines étapes -------------------------------------------------------------------
    def _next_steps(self) -> None:
        self.doc.heading(t("response.h_next"), 1)
        steps = []
        studied = [p for p in self.register.proposals if p.status is Status.A_L_ETUDE]
        if studied:
            steps.append(frformat.typo(frformat.count_noun(len(studied), "response.next_studied")))
        states = Counter(p.implementation for p in self.register.proposals if p.implementation)
        if states:
            parts = [frformat.count_noun(states.get(i, 0), f"response.measures.{i}") for i in Implementation if states.get(i)]
            steps.append(frformat.typo(t("response.next_implementation", parts=frformat.join(parts))))
        engagements = self.figures.engagements
        steps.extend(frformat.typo(t("response.next_engagement", text=self._engagement(e.text, e.due)))
                     for e in engagements if e.state is DueState.UPCOMING)
        steps.extend(frformat.typo(t("response.next_engagement_overdue", text=self._engagement(e.text, e.due)))
                     for e in engagements if e.state is DueState.OVERDUE)
        overdue = [c for c in self.figures.proposals_due if c.state is DueState.OVERDUE]
        if overdue:
            steps.append(frformat.typo(frformat.count_noun(len(overdue), "response.next_overdue_measures")))
        if self.demarche.governance.citizen_follow_up_committee:
            steps.append(t("response.next_committee"))
        steps.append(t("response.next_open_data", csv=CSV_FILE))
        self.doc.bullets(steps)
        if studied:
            self.doc.heading(t("response.h_studied"), 2)
            self.doc.bullets([self._studied(p) for p in studied])

    @staticmethod
    def _studied(p: Proposal) -> str:
        name = t("response.proposal_heading", id=p.id, title=p.title)
        if p.due_date:
            return frformat.typo(t("response.studied_due", proposal=name, date=frformat.date_long(p.due_date)))
        return name

    def _about(self) -> None:
        self.doc.heading(t("response.h_about"), 1)
        self.doc.paragraph(frformat.typo(t("response.about", csv=CSV_FILE, json=JSON_FILE, schema=SCHEMA_FILE)))
