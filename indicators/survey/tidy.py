"""The tidy survey table the importer produces, checked and reshaped for the statistics.

Contract: one row per respondent × wave × item with columns ``respondent`` (str), ``wave``
(``pre`` | ``post`` | ``follow_up``), ``item`` (item id), ``value`` (float, NaN when missing,
reverse coding already applied), ``label`` (canonical label, "" when blank) and ``missing``
(a :class:`surveys.exports.items.MissingReason` value, "" for a valid answer).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from surveys.exports.items import ItemSpec, Wave

TIDY_COLUMNS = ("respondent", "wave", "item", "value", "label", "missing")
WAVE_ORDER = (Wave.PRE, Wave.POST, Wave.FOLLOW_UP)


def empty_tidy() -> pd.DataFrame:
    """A tidy table without rows (no survey in the démarche)."""
    return pd.DataFrame({
        "respondent": pd.Series(dtype=str), "wave": pd.Series(dtype=str), "item": pd.Series(dtype=str),
        "value": pd.Series(dtype=float), "label": pd.Series(dtype=str), "missing": pd.Series(dtype=str),
    })


def normalise_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of the contract with plain dtypes (categoricals become strings).

    A missing column is a programming error (``ValueError``); a value present while ``missing``
    says otherwise is trusted to ``missing`` (the value is set to NaN) so counts stay coherent.
    """
    absent = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if absent:
        raise ValueError(f"tidy survey table lacks columns {absent}")
    out = pd.DataFrame({
        "respondent": frame["respondent"].astype(str).to_numpy(),
        "wave": frame["wave"].astype(str).to_numpy(),
        "item": frame["item"].astype(str).to_numpy(),
        "value": pd.to_numeric(frame["value"], errors="coerce").astype(float).to_numpy(),
        "label": frame["label"].astype(object).where(frame["label"].notna(), "").astype(str).to_numpy(),
        "missing": frame["missing"].astype(object).where(frame["missing"].notna(), "").astype(str).to_numpy(),
    })
    invalid = out["missing"] != ""
    out.loc[invalid, "value"] = np.nan
    # A row said valid but without a value is a blank answer.
    blank = (~invalid) & out["value"].isna()
    out.loc[blank, "missing"] = "blank"
    return out


def waves_present(frame: pd.DataFrame) -> list[Wave]:
    """Waves with at least one row, in chronological order."""
    present = set(frame["wave"].unique())
    return [w for w in WAVE_ORDER if w.value in present]


def respondents(frame: pd.DataFrame, wave: str) -> pd.Index:
    """Respondent keys of a wave, sorted."""
    return pd.Index(sorted(frame.loc[frame["wave"] == wave, "respondent"].unique()))


def wide(frame: pd.DataFrame, wave: str, items: Iterable[str], index: pd.Index | None = None) -> pd.DataFrame:
    """Values of one wave as respondents × items (NaN when missing or not asked)."""
    items = list(items)
    part = frame.loc[(frame["wave"] == wave) & frame["item"].isin(items), ["respondent", "item", "value"]]
    table = part.groupby(["respondent", "item"], sort=False)["value"].first().unstack("item")
    if index is None:
        index = respondents(frame, wave)
    return table.reindex(index=index, columns=items)


def items_in_data(frame: pd.DataFrame, specs: Iterable[ItemSpec], wave: str | None = None) -> list[ItemSpec]:
    """Item specs that have rows in the table (in one wave when given), in spec order."""
    part = frame if wave is None else frame.loc[frame["wave"] == wave]
    present = set(part["item"].unique())
    return [spec for spec in specs if spec.id in present]
