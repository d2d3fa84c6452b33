"""``wide`` on the categorical tidy table equals the plain grouping it replaces, on awkward tables."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.survey.tidy import _wide_by_groups, normalise_tidy, respondents, wide

RESPONDENTS = ["R-a", "R-b", "R-c", "R-d", "R-e"]
ITEMS = ["q1", "q2", "q3", "q4"]
WAVES = ["pre", "post"]

row = st.tuples(st.sampled_from(RESPONDENTS), st.sampled_from(WAVES), st.sampled_from(ITEMS),
                st.one_of(st.just(float("nan")), st.integers(min_value=1, max_value=5).map(float)))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(row, max_size=40),
       asked=st.lists(st.sampled_from([*ITEMS, "absent"]), min_size=1, max_size=5, unique=True),
       wave=st.sampled_from([*WAVES, "follow_up"]),
       chosen=st.one_of(st.none(), st.lists(st.sampled_from([*RESPONDENTS, "R-z"]), unique=True)))
def test_wide_equals_grouping_with_duplicates_gaps_and_strangers(rows, asked, wave, chosen):
    # Duplicated cells (the first defined value counts), missing values, items and waves absent,
    # respondents of the index without rows and rows of respondents outside it.
    frame = normalise_tidy(pd.DataFrame(
        {"respondent": [r[0] for r in rows], "wave": [r[1] for r in rows], "item": [r[2] for r in rows],
         "value": [r[3] for r in rows], "label": [""] * len(rows), "missing": ["" for _ in rows]},
        columns=["respondent", "wave", "item", "value", "label", "missing"]))
    index = None if chosen is None else pd.Index(chosen, dtype=object)
    expected = _wide_by_groups(frame, wave, asked, respondents(frame, wave) if index is None else index)
    pd.testing.assert_frame_equal(wide(frame, wave, asked, index), expected, check_index_type=False, check_dtype=False)
    assert wide(frame, wave, asked, index).to_numpy().dtype == np.float64


def test_wide_by_hand():
    frame = normalise_tidy(pd.DataFrame({
        "respondent": ["R-b", "R-a", "R-a", "R-a", "R-b"], "wave": ["pre", "pre", "pre", "post", "pre"],
        "item": ["q1", "q2", "q2", "q2", "q1"], "value": [4.0, np.nan, 2.0, 5.0, 1.0],
        "label": [""] * 5, "missing": ["", "", "", "", ""]}))
    table = wide(frame, "pre", ["q1", "q2"])
    assert list(table.index) == ["R-a", "R-b"]
    # R-a's first q2 is blank: its next value counts; R-b's q1 is given twice: the first counts.
    np.testing.assert_array_equal(table.to_numpy(), [[np.nan, 2.0], [4.0, np.nan]])
