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
    """The columns of the contract: texts as categoricals of ``str``, ``value`` as float.

    A survey of 100,000 respondents gives millions of rows: each text column holds one small
    integer code per row and each distinct string once. A missing column is a programming error
    (``ValueError``); a value present while ``missing`` says otherwise is trusted to ``missing``
    (the value is set to NaN) so counts stay coherent.
    """
    absent = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if absent:
        raise ValueError(f"tidy survey table lacks columns {absent}")
    value = pd.to_numeric(frame["value"], errors="coerce").astype(float).to_numpy(copy=True)
    missing = _texts(frame["missing"], blank="")
    invalid = np.asarray(missing != "", dtype=bool)
    value[invalid] = np.nan
    # A row said valid but without a value is a blank answer.
    blank = ~invalid & np.isnan(value)
    if blank.any():
        if "blank" not in missing.categories:
            missing = missing.add_categories(["blank"])
        missing[blank] = "blank"
    return pd.DataFrame({
        "respondent": _texts(frame["respondent"]),
        "wave": _texts(frame["wave"]),
        "item": _texts(frame["item"]),
        "value": value,
        "label": _texts(frame["label"], blank=""),
        "missing": missing,
    }, copy=False)


def _texts(column: pd.Series, blank: str | None = None) -> pd.Categorical:
    """A column as a categorical of ``str`` (missing cells as ``blank``, or "nan" as ``astype(str)`` writes them)."""
    filler = blank if blank is not None else "nan"
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = [str(c) for c in column.cat.categories]
        codes = column.cat.codes.to_numpy()
        if (codes < 0).any():
            if filler not in categories:
                categories.append(filler)
            codes = np.where(codes < 0, categories.index(filler), codes)
        if len(set(categories)) == len(categories):
            return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
        column = pd.Series(np.array(categories, dtype=object)[codes])
    values = column.astype(object).where(column.notna(), filler).astype(str).to_numpy(dtype=object)
    return pd.Categorical(values, categories=pd.Index(pd.unique(values), dtype=object))


def waves_present(frame: pd.DataFrame) -> list[Wave]:
    """Waves with at least one row, in chronological order."""
    present = set(frame["wave"].unique())
    return [w for w in WAVE_ORDER if w.value in present]


def respondents(frame: pd.DataFrame, wave: str) -> pd.Index:
    """Respondent keys of a wave, sorted."""
    return pd.Index(sorted(frame.loc[frame["wave"] == wave, "respondent"].unique()))


def wide(frame: pd.DataFrame, wave: str, items: Iterable[str], index: pd.Index | None = None) -> pd.DataFrame:
    """Values of one wave as respondents × items (NaN when missing or not asked).

    A respondent's first defined value of an item counts (as ``groupby().first()``); respondents
    outside ``index`` are left out. On the categorical table of :func:`normalise_tidy`, rows and
    columns are placed from the categories' codes in one numpy pass, without grouping millions of
    rows by text.
    """
    items = list(items)
    if index is None:
        index = respondents(frame, wave)
    columns = [frame[name] for name in ("respondent", "wave", "item")]
    if not (all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns) and index.is_unique and len(set(items)) == len(items)):
        return _wide_by_groups(frame, wave, items, index)
    respondent, wave_column, item = columns
    # Per category, its row (or column) in the result, -1 when left out; a missing code (-1) picks the appended -1.
    rows = np.append(index.get_indexer(respondent.cat.categories), -1)[respondent.cat.codes.to_numpy()]
    places = np.append(pd.Index(items).get_indexer(item.cat.categories), -1)[item.cat.codes.to_numpy()]
    values = frame["value"].to_numpy(dtype=float)
    wanted = wave_column.cat.categories.get_indexer(pd.Index([wave]))[0]
    kept = np.flatnonzero((wave_column.cat.codes.to_numpy() == wanted) & (rows >= 0) & (places >= 0) & ~np.isnan(values))
    cells = rows[kept].astype(np.int64) * len(items) + places[kept]
    cells, first = np.unique(cells, return_index=True)
    table = np.full(len(index) * len(items), np.nan)
    table[cells] = values[kept[first]]
    return pd.DataFrame(table.reshape(len(index), len(items)), index=index, columns=pd.Index(items, name="item"))


def _wide_by_groups(frame: pd.DataFrame, wave: str, items: list[str], index: pd.Index) -> pd.DataFrame:
    """:func:`wide` of any table, by grouping its rows."""
    part = frame.loc[(frame["wave"] == wave) & frame["item"].isin(items), ["respondent", "item", "value"]]
    table = part.groupby(["respondent", "item"], sort=False)["value"].first().unstack("item")
    return table.reindex(index=index, columns=items)


def items_in_data(frame: pd.DataFrame, specs: Iterable[ItemSpec], wave: str | None = None) -> list[ItemSpec]:
    """Item specs that have rows in the table (in one wave when given), in spec order."""
    part = frame if wave is None else frame.loc[frame["wave"] == wave]
    present = set(part["item"].unique())
    return [spec for spec in specs if spec.id in present]
