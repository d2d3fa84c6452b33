"""The synthetic démarches of the demo and the benchmark: seeded, valid, varied, within their sizes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from devoir_de_suite_helpers import tree_digest

from evaluation.check import check_folder
from evaluation.demarche.model import load_demarche
from evaluation.demo.synthetic import DEMO_SEED, DEMO_SIZE, PortfolioSize, write_portfolio
from surveys.problems import ProblemReport

SIZE = PortfolioSize(proposals=(20, 40), respondents=(30, 90), years=(2023, 2025))
COUNT = 12


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_portfolio(tmp_path_factory.mktemp("synthetique"), COUNT, seed=3, size=SIZE)  # seed 3: every case below


def _register(folder: Path) -> pd.DataFrame:
    path = next(folder.glob("propositions.*"))
    return pd.read_csv(path) if path.suffix == ".csv" else pd.read_excel(path, engine="calamine", sheet_name="Propositions")


def test_every_generated_demarche_passes_suivi_check(generated: list[Path]) -> None:
    for folder in generated:
        report = check_folder(folder)
        assert not report.has_errors, [p.render() for p in report.errors]


def test_sizes_stay_within_their_ranges(generated: list[Path]) -> None:
    for folder in generated:
        demarche = load_demarche(folder, ProblemReport())
        assert demarche is not None and SIZE.years[0] <= demarche.year <= SIZE.years[1]
        assert demarche.id == folder.name
        assert SIZE.proposals[0] <= len(_register(folder)) <= SIZE.proposals[1]
        for survey in demarche.files.surveys:
            path = demarche.path(survey.path)
            answers = pd.read_csv(path) if path.suffix == ".csv" else pd.read_excel(path, engine="calamine")
            assert 1 <= len(answers) <= SIZE.respondents[1]
            assert answers["Code participant"].is_unique


def test_the_portfolio_is_varied_so_that_some_figures_are_missing(generated: list[Path]) -> None:
    demarches = [load_demarche(folder, ProblemReport()) for folder in generated]
    waves = [tuple(s.wave.value for s in d.files.surveys) for d in demarches if d is not None]
    assert {("pre", "post"), ("pre",), ()} == set(waves)  # both waves, no survey after, no survey at all
    assert {p.suffix for f in generated for p in f.glob("propositions.*")} == {".csv", ".xlsx"}
    assert any(d is not None and d.response_deadline is None for d in demarches)
    assert len({d.title for d in demarches if d is not None}) > 1


def test_the_same_seed_writes_the_same_demarches(tmp_path: Path) -> None:
    first = write_portfolio(tmp_path / "a", 3, seed=DEMO_SEED, size=DEMO_SIZE)
    second = write_portfolio(tmp_path / "b", 3, seed=DEMO_SEED, size=DEMO_SIZE)
    assert [p.name for p in first] == [p.name for p in second]
    text = {k: v for k, v in tree_digest(tmp_path / "a").items() if not k.endswith(".xlsx")}  # xlsx hold their save time
    assert text == {k: v for k, v in tree_digest(tmp_path / "b").items() if not k.endswith(".xlsx")}
    for one, two in zip(first, second):
        assert _register(one).equals(_register(two))
    other = write_portfolio(tmp_path / "c", 3, seed=DEMO_SEED + 1, size=DEMO_SIZE)
    assert [p.name for p in other] != [p.name for p in first]


def test_a_folder_is_never_overwritten(tmp_path: Path) -> None:
    write_portfolio(tmp_path, 1, seed=DEMO_SEED, size=DEMO_SIZE)
    with pytest.raises(FileExistsError):
        write_portfolio(tmp_path, 1, seed=DEMO_SEED, size=DEMO_SIZE)
