"""A small seeded fuzzing budget for every run of the suite (``make fuzz`` runs 100,000 inputs).

Every mutated input must end clean, with located problems, or with a French :class:`SuiviError`;
survey rows kept + excluded must equal rows in. A failure names the seed and input number, so
``tests/fuzzing.py`` can replay it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import ALLOWED, KINDS, SEEDS, run_one, time_limit

BUDGET = 6 * len(KINDS)  # inputs per run: six per input kind, about 10 s
SEED = 2026


def test_every_input_kind_has_seed_files() -> None:
    for kind in KINDS:
        assert SEEDS[kind] and all(path.is_file() for path in SEEDS[kind]), kind


@pytest.mark.parametrize("share", range(len(KINDS)), ids=KINDS)
def test_mutated_inputs_end_clean_located_or_refused_in_french(tmp_path: Path, share: int) -> None:
    outcomes = []
    for index in range(share, BUDGET, len(KINDS)):
        with time_limit(30):
            kind, outcome, detail = run_one(SEED, index, tmp_path)
        outcomes.append(outcome)
        assert outcome in ALLOWED, f"input {SEED}-{index} ({kind}): {outcome} {detail}"
    assert outcomes
