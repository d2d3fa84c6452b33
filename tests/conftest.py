"""Shared fixtures: the data folder and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def demo_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``suivi demo`` run once per session, plus two questionnaires: the generated files to test."""
    from generated_documents import generate

    return generate(tmp_path_factory.mktemp("demo"))
