"""Where the shipped templates and example live, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _root(name: str) -> Path:
    packaged = Path(str(resources.files("evaluation"))) / "_resources" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def templates_dir() -> Path:
    """The folder of Word and questionnaire templates shipped with suivi."""
    return _root("templates")


def examples_dir() -> Path:
    """The folder of bundled example démarches."""
    return _root("examples")


def template(name: str) -> Path:
    return templates_dir() / name
