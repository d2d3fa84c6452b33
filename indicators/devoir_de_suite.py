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
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult
from indicators.notes import Note
from indicators.vocabulary import Dimension, Implementation, ReasonCode, Status

RETAINED = (Status.RETENUE.value, Status.RETENUE_PARTIELLEMENT.value)
REASONED = (Status.NON_RETENUE.value, Status.RETENUE_PARTIELLEMENT.value)
NO_CODE = "non_renseigne"


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
    n = len(register)
    status = register["status"].astype(str)
    motivation = register["motivation"].fillna("").astype(str).str.strip()
    empty = Note.NO_PROPOSAL if n == 0 else ""
    rows = [
        _row("propositions", n, n, Unit.COUNT),
        _row("part_repondues", n, float((status.isin([s.value for s in Status]) & (status != Status.A_L_ETUDE.value)).mean()) if n else None,
             Unit.SHARE, note=empty),
        _row("part_motivees", n, float((motivation != "").mean()) if n else None, Unit.SHARE, note=empty),
    ]
    rows += _shares("part_statut", status, [s.value for s in Status], "statut")
    reasoned = register.loc[status.isin(REASONED), "reason_code"].fillna("").astype(str).replace("", NO_CODE)
    rows += _shares("part_code_motif", reasoned, [r.value for r in ReasonCode] + [NO_CODE], "motif")
    rows += _delays(register, restitution, deadline, as_of)
    retained = register.loc[status.isin(RETAINED)]
    implementation = retained["implementation"].fillna("").astype(str).replace("", NO_CODE)
    rows += _shares("part_mise_en_oeuvre", implementation, [i.value for i in Implementation] + [NO_CODE], "mise_en_oeuvre")
    progress = pd.to_numeric(retained["progress"], errors="coerce").dropna()
    rows.append(_row("avancement_moyen", int(progress.size), float(progress.mean()) if progress.size else None, Unit.PERCENT,
                     note="" if progress.size else (Note.NO_PROPOSAL if retained.empty else Note.NO_PROGRESS)))
    return rows


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.where(column.notna(), None), errors="coerce")


def _delays(register: pd.DataFrame, restitution: dt.date | None, deadline: dt.date | None, as_of: dt.date) -> list[IndicatorResult]:
    n = len(register)
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
        share = float((decided <= pd.Timestamp(deadline)).sum()) / n
        within = _row("part_decidees_dans_le_delai", n, share, Unit.SHARE, note=Note.DEADLINE_AHEAD if as_of < deadline else "")
    return [median, within]
