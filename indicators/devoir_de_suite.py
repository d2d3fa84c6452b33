"""Devoir de suite indicators from the proposal register (``Register.to_frame()``).

Definitions (also in ``indicators.definitions``):

* a proposal is *answered* when its status is a decision, i.e. anything but « À l'étude »;
* a proposal is *motivated* when its motivation is not empty;
* reason-code shares are taken among proposals « Non retenue » or « Retenue partiellement »
  (those a reason explains), with ``motif=non_renseigne`` for those without a code;
* the decision delay is ``decision_date − restitution`` in days, over proposals with a decision
  date; its median is reported;
* *decided within the deadline*: decision date on or before the committed response deadline,
  over all proposals (a proposal without a decision is not within the deadline);
* implementation shares and mean progress are taken among proposals retained in full or in part.

:func:`followup_figures` is the one computation of the counts behind these shares and of every
deadline (response deadline, engagements, proposals' due dates) as of a date: the indicator rows,
the motivated response, the portfolio and the public site all read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.notes import Note
from indicators.vocabulary import Dimension, Implementation, ReasonCode, Status

RETAINED = (Status.RETENUE.value, Status.RETENUE_PARTIELLEMENT.value)
REASONED = (Status.NON_RETENUE.value, Status.RETENUE_PARTIELLEMENT.value)
NO_CODE = "non_renseigne"


class DeadlineStatus(StrEnum):
    """Whether the sponsor kept the committed response deadline, as of a date."""

    MET = "respecte"  # passed, every proposal decided on or before it
    MISSED = "depasse"  # passed, with proposals decided after it or still undecided
    AHEAD = "a_venir"  # not passed yet
    NONE = "non_fixe"  # no deadline announced


class DueState(StrEnum):
    """Where a dated commitment (an engagement, a proposal's due date) stands as of a date."""

    DONE = "tenu"  # carried out (proposals: implementation realised)
    OVERDUE = "en_retard"  # due date passed, not carried out
    UPCOMING = "a_venir"  # due date not passed
    NO_DATE = "sans_echeance"


DONE_STATES = frozenset({Implementation.REALISEE.value})
CLOSED_STATES = frozenset({Implementation.REALISEE.value, Implementation.ABANDONNEE.value})


@dataclass(frozen=True)
class Commitment:
    """A dated promise: an engagement of demarche.yaml (``key`` is its position) or a proposal's due date."""

    key: str
    text: str
    due: dt.date | None
    state: DueState


@dataclass(frozen=True)
class FollowupFigures:
    """The devoir-de-suite counts of one register as of ``as_of`` (see the module's definitions)."""

    as_of: dt.date
    deadline: dt.date | None
    total: int
    by_status: dict[str, int]  # status code → count (every status, zeros included; "" for blank)
    answered: int  # status is a decision (anything but « À l'étude » or blank)
    motivated: int
    decided: int  # with a decision date
    decided_in_time: int  # decision date on or before the deadline (0 without a deadline)
    decided_late: int  # decision date after the deadline
    undecided: int  # no decision date
    engagements: tuple[Commitment, ...]
    proposals_due: tuple[Commitment, ...]  # proposals with a due date or retained and open
    answered_motivated: int = 0  # answered and motivated: the share the public site shows

    @property
    def deadline_status(self) -> DeadlineStatus:
        return deadline_status(self.deadline, self.as_of, self.decided_late, self.undecided)

    @property
    def days_late(self) -> int:
        """Days since the deadline passed (0 when none or not passed)."""
        return max(0, (self.as_of - self.deadline).days) if self.deadline else 0

    @property
    def undecided_past_deadline(self) -> int:
        """Proposals without a decision although the deadline has passed."""
        return self.undecided if self.deadline_status is not DeadlineStatus.AHEAD and self.deadline else 0

    def overdue(self) -> list[Commitment]:
        """Engagements, then proposals' due dates, that are past and not carried out."""
        return [c for c in (*self.engagements, *self.proposals_due) if c.state is DueState.OVERDUE]

    def upcoming(self) -> list[Commitment]:
        return [c for c in (*self.engagements, *self.proposals_due) if c.state is DueState.UPCOMING]


def deadline_status(deadline: dt.date | None, as_of: dt.date, decided_late: int, undecided: int) -> DeadlineStatus:
    """Met, missed, ahead or none: the response deadline's status from the counts of :class:`FollowupFigures`."""
    if deadline is None:
        return DeadlineStatus.NONE
    if as_of <= deadline:
        return DeadlineStatus.AHEAD
    return DeadlineStatus.MET if not decided_late and not undecided else DeadlineStatus.MISSED


def due_state(due: dt.date | None, as_of: dt.date, done: bool = False) -> DueState:
    """The state of one dated commitment as of a date."""
    if done:
        return DueState.DONE
    if due is None:
        return DueState.NO_DATE
    return DueState.OVERDUE if due < as_of else DueState.UPCOMING


def followup_figures(
    register: pd.DataFrame,
    *,
    deadline: dt.date | None,
    as_of: dt.date,
    engagements: Iterable[tuple[str, dt.date | None]] = (),
) -> FollowupFigures:
    """Every devoir-de-suite count and deadline of a register (``Register.to_frame()``) as of ``as_of``."""
    status = register["status"].fillna("").astype(str)
    motivation = register["motivation"].fillna("").astype(str).str.strip()
    decided_dates = _dates(register["decision_date"])
    has_date = decided_dates.notna()
    if deadline is not None:
        in_time = int((decided_dates <= pd.Timestamp(deadline)).sum())
        late = int((decided_dates > pd.Timestamp(deadline)).sum())
    else:
        in_time = late = 0
    counts = status.value_counts()
    decisions = {s.value for s in Status} - {Status.A_L_ETUDE.value}
    due = [
        Commitment(key=str(pid), text=str(title), due=date, state=due_state(date, as_of, str(state) in DONE_STATES))
        for pid, title, date, state in zip(register["id"], register["title"], _due_dates(register["due_date"]), register["implementation"])
        if date is not None and str(state) != Implementation.ABANDONNEE.value
    ]
    return FollowupFigures(
        as_of=as_of, deadline=deadline, total=len(register),
        by_status={code: int(counts.get(code, 0)) for code in [s.value for s in Status] + [""]},
        answered=int(status.isin(decisions).sum()), motivated=int((motivation != "").sum()),
        answered_motivated=int((status.isin(decisions) & (motivation != "")).sum()),
        decided=int(has_date.sum()), decided_in_time=in_time, decided_late=late, undecided=int((~has_date).sum()),
        engagements=tuple(Commitment(key=str(position), text=text, due=date, state=due_state(date, as_of))
                          for position, (text, date) in enumerate(engagements, start=1)),
        proposals_due=tuple(due),
    )


def _row(indicator: str, n: int, value: float | None, unit: Unit, group: str = "", note: str = "") -> IndicatorResult:
    return IndicatorResult(dimension=Dimension.DEVOIR_DE_SUITE, indicator=indicator, group=group, n=n, value=value,
                           unit=unit, base=Base.PROPOSALS, note=note)


def _shares(indicator: str, codes: pd.Series, vocabulary: list[str], prefix: str) -> list[IndicatorResult]:
    """One share per code of the vocabulary (zeros included), over the codes given."""
    n = int(codes.size)
    counts = codes.value_counts()
    note = Note.NO_PROPOSAL if n == 0 else ""
    return [_row(indicator, n, float(counts.get(code, 0)) / n if n else None, Unit.SHARE, f"{prefix}={code}", note)
            for code in vocabulary]


def devoir_de_suite(
    register: pd.DataFrame,
    restitution: dt.date | None,
    deadline: dt.date | None,
    as_of: dt.date | None = None,
) -> list[IndicatorResult]:
    """All devoir-de-suite rows for one register; ``as_of`` (default today) tells whether the deadline has passed."""
    as_of = as_of or dt.date.today()
    figures = followup_figures(register, deadline=deadline, as_of=as_of)
    n = figures.total
    status = register["status"].astype(str)
    empty = Note.NO_PROPOSAL if n == 0 else ""
    rows = [
        _row("propositions", n, n, Unit.COUNT),
        _row("part_repondues", n, figures.answered / n if n else None, Unit.SHARE, note=empty),
        _row("part_motivees", n, figures.motivated / n if n else None, Unit.SHARE, note=empty),
    ]
    rows += _shares("part_statut", status, [s.value for s in Status], "statut")
    reasoned = register.loc[status.isin(REASONED), "reason_code"].fillna("").astype(str).replace("", NO_CODE)
    rows += _shares("part_code_motif", reasoned, [r.value for r in ReasonCode] + [NO_CODE], "motif")
    rows += _delays(register, restitution, figures)
    retained = register.loc[status.isin(RETAINED)]
    implementation = retained["implementation"].fillna("").astype(str).replace("", NO_CODE)
    rows += _shares("part_mise_en_oeuvre", implementation, [i.value for i in Implementation] + [NO_CODE], "mise_en_oeuvre")
    progress = pd.to_numeric(retained["progress"], errors="coerce").dropna()
    rows.append(_row("avancement_moyen", int(progress.size), float(progress.mean()) if progress.size else None, Unit.PERCENT,
                     note="" if progress.size else (Note.NO_PROPOSAL if retained.empty else Note.NO_PROGRESS)))
    return rows


def _due_dates(column: pd.Series) -> list[dt.date | None]:
    """A column of dates (``datetime.date``, ``None`` or NaN) as dates or ``None``."""
    return [value if isinstance(value, dt.date) else None for value in column]


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.where(column.notna(), None), errors="coerce")


def _delays(register: pd.DataFrame, restitution: dt.date | None, figures: FollowupFigures) -> list[IndicatorResult]:
    n, deadline = figures.total, figures.deadline
    decided = _dates(register["decision_date"]).dropna()
    if restitution is None:
        median = _row("delai_median_decision", int(decided.size), None, Unit.DAYS, note=Note.NO_RESTITUTION)
    elif decided.empty:
        median = _row("delai_median_decision", 0, None, Unit.DAYS, note=Note.NO_DECISION)
    else:
        days = (decided - pd.Timestamp(restitution)).dt.days.to_numpy(dtype=float)
        median = _row("delai_median_decision", int(days.size), float(np.median(days)), Unit.DAYS)
    if deadline is None:
        within = _row("part_decidees_dans_le_delai", n, None, Unit.SHARE, note=Note.NO_DEADLINE)
    elif n == 0:
        within = _row("part_decidees_dans_le_delai", 0, None, Unit.SHARE, note=Note.NO_PROPOSAL)
    else:
        within = _row("part_decidees_dans_le_delai", n, figures.decided_in_time / n, Unit.SHARE,
                      note=Note.DEADLINE_AHEAD if figures.as_of < deadline else "")
    return [median, within]
