"""What the site's pages show, computed once from the journal and the devoir-de-suite figures.

Pages are rendered from the published records (the last journal entry), never from the register
directly: a decision taken but not yet published is not shown. Every figure and deadline comes
from :func:`indicators.devoir_de_suite.followup_figures`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evaluation.demarche.model import MODALITY_LABELS, RECRUITMENT_LABELS, Demarche
from evaluation.followup.site.changes import Change, diff
from evaluation.followup.site.journal import Entry
from indicators.devoir_de_suite import DeadlineStatus, DueState, FollowupFigures
from indicators.vocabulary import LABELS, Status
from surveys.i18n import t

# Where a step stands, as the State's platform shows it (DONE / CURRENT / INCOMING), plus overdue.
DONE, CURRENT, UPCOMING, OVERDUE = "fait", "en_cours", "a_venir", "en_retard"
_DUE_STEP = {DueState.DONE: DONE, DueState.OVERDUE: OVERDUE, DueState.UPCOMING: UPCOMING, DueState.NO_DATE: UPCOMING}


def slug(text: str) -> str:
    """A safe file name from any text: ASCII lower case, digits and hyphens only (``p-01``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60]


def slugs(values: Sequence[str]) -> dict[str, str]:
    """A distinct, stable slug per value; values whose slugs collide (or are empty) get a hash suffix."""
    counts = Counter(slug(v) for v in values)
    result = {}
    for value in values:
        base = slug(value)
        if not base or counts[base] > 1:
            base = f"{base or 'x'}-{hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]}"
        result[value] = base
    return result


@dataclass(frozen=True)
class Step:
    """One milestone of a timeline: what, when (``None`` = « Prochainement ») and where it stands."""

    label: str
    date: dt.date | None
    state: str

    @property
    def state_label(self) -> str:
        return t(f"site.step.{self.state}")


@dataclass
class ProposalView:
    """One published proposal, with its page address, deadline state and history."""

    record: dict[str, Any]
    slug: str
    theme_slug: str
    due_state: str = ""  # a DueState value, "" when the proposal has no due date
    first_published: dt.date | None = None
    status_published: dt.date | None = None  # when its current decision was first published
    history: list[tuple[dt.date, str]] = field(default_factory=list)
    last_publication: Publication | None = None  # the publication that last changed it (its page's footer)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.record[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def steps(self) -> list[Step]:
        r = self.record
        steps = [Step(t("site.step.published"), self.first_published, DONE)]
        if r["statut"] and r["statut"] != Status.A_L_ETUDE:
            steps.append(Step(t("site.step.decided", status=r["statut_libelle"]), _date(r["date_decision"]), DONE))
            steps.append(Step(t("site.step.decision_published"), self.status_published, DONE))
        else:
            steps.append(Step(t("site.step.studied"), None, CURRENT))
        if r["etat_mise_en_oeuvre"]:
            done = r["etat_mise_en_oeuvre"] in ("realisee", "abandonnee")
            steps.append(Step(t("site.step.implementation", state=r["etat_mise_en_oeuvre_libelle"]), None, DONE if done else CURRENT))
        if self.due_state:
            steps.append(Step(t("site.step.due"), _date(r["echeance"]), _DUE_STEP[DueState(self.due_state)]))
        return steps


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Publication:
    """One journal entry as the history page and the feed show it."""

    entry: Entry
    changes: list[Change]
    count: int

    @property
    def number(self) -> int:
        return self.entry.number

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def data_folder(self) -> str:
        return f"donnees/publication-{self.entry.number}"


@dataclass
class SiteModel:
    """Everything the templates read."""

    demarche: Demarche
    figures: FollowupFigures
    publications: list[Publication]  # oldest first
    proposals: list[ProposalView]
    themes: list[tuple[str, str, list[ProposalView]]]  # (theme, slug, proposals)
    statuses: list[tuple[str, str, list[ProposalView]]]  # (code, label, proposals), every status with proposals
    timeline: list[Step]
    modalities: list[str]
    recruitment: str
    addresses: dict[str, str]  # proposal id → slug of its page
    voices: dict[str, dict[str, Any]] = field(default_factory=dict)
    citizens_report: str | None = None  # path in the site of the citizens' own report, when demarche.yaml names one  # proposal id → readings and feedback (evaluation.voice.site)

    @property
    def latest(self) -> Publication:
        return self.publications[-1]

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) of every status, zeros included, in vocabulary order."""
        return [(s.value, LABELS[s], self.figures.by_status.get(s.value, 0)) for s in Status]

    def share(self, count: int) -> float | None:
        return count / self.figures.total if self.figures.total else None


def build_model(demarche: Demarche, entries: Sequence[Entry], figures: FollowupFigures,
                voices: dict[str, dict[str, Any]] | None = None) -> SiteModel:
    """The site of the last publication in ``entries`` (oldest first), with the history of all."""
    publications = _publications(entries)
    records = entries[-1].records
    ids = slugs([r["identifiant"] for r in records])
    theme_names = list(dict.fromkeys(r["theme"] for r in records))
    theme_ids = slugs(theme_names)
    due = {c.key: c.state.value for c in figures.proposals_due}
    views = [ProposalView(r, ids[r["identifiant"]], theme_ids[r["theme"]], due.get(r["identifiant"], "")) for r in records]
    _dates(views, entries, publications)
    themes = [(name, theme_ids[name], [v for v in views if v.theme == name]) for name in theme_names]
    statuses = [(s.value, LABELS[s], [v for v in views if v.statut == s.value]) for s in Status]
    return SiteModel(
        demarche=demarche, figures=figures, publications=publications, proposals=views, themes=themes,
        statuses=[s for s in statuses if s[2]], timeline=timeline(demarche, figures, publications),
        modalities=[MODALITY_LABELS[m] for m in demarche.modalities],
        recruitment=RECRUITMENT_LABELS[demarche.panel.recruitment] if demarche.panel.recruitment else "", addresses=ids,
        voices=voices or {},
    )


def _publications(entries: Sequence[Entry]) -> list[Publication]:
    result, previous = [], None
    for entry in entries:
        records = entry.records
        result.append(Publication(entry, diff(previous, records), len(records)))
        previous = records
    return result


def _dates(views: list[ProposalView], entries: Sequence[Entry], publications: list[Publication]) -> None:
    """First publication, publication of the current decision and dated changes of each proposal."""
    by_id = {v.identifiant: v for v in views}
    for entry, publication in zip(entries, publications):
        for record in entry.records:
            view = by_id.get(record["identifiant"])
            if view is None:
                continue
            if view.first_published is None:
                view.first_published, view.last_publication = entry.date, publication
            if record["statut"] == view.statut and view.status_published is None:
                view.status_published = entry.date
            elif record["statut"] != view.statut:
                view.status_published = None
        for change in publication.changes:
            if change.id in by_id:
                by_id[change.id].history.append((entry.date, " ; ".join(change.parts)))
                by_id[change.id].last_publication = publication


def timeline(demarche: Demarche, figures: FollowupFigures, publications: list[Publication]) -> list[Step]:
    """The démarche's milestones in date order: done, the current one, upcoming, overdue; undated last."""
    as_of = figures.as_of
    dated: list[tuple[str, dt.date | None, str | None]] = [
        (t("site.step.start"), demarche.dates.start, None),
        (t("site.step.end"), demarche.dates.end, None),
    ]
    if demarche.dates.restitution:
        dated.append((t("site.step.restitution"), demarche.dates.restitution, None))
    if figures.deadline:
        state = {DeadlineStatus.MET: DONE, DeadlineStatus.MISSED: OVERDUE}.get(figures.deadline_status)
        dated.append((t("site.step.response"), figures.deadline, state))
    dated.append((t("site.step.first_publication"), publications[0].date, DONE))
    if len(publications) > 1:
        dated.append((t("site.step.last_publication", number=publications[-1].number), publications[-1].date, DONE))
    dated += [(c.text, c.due, _DUE_STEP[c.state]) for c in figures.engagements]
    ordered = sorted(dated, key=lambda s: (s[1] is None, s[1] or dt.date.max))
    steps, current_given = [], False
    for label, date, state in ordered:
        if state is None:
            state = DONE if date is not None and date <= as_of else UPCOMING
        if state == UPCOMING and date is not None and not current_given:
            state, current_given = CURRENT, True
        steps.append(Step(label, date, state))
    return steps
