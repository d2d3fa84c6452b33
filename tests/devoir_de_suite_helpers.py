"""Helpers for the devoir-de-suite tests: démarche folders built from the example and a fixture."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from evaluation.resources import examples_dir

EXAMPLE = examples_dir() / "convention-mobilites"
DATA = Path(__file__).parent / "data"


def example_copy(tmp_path: Path, name: str = "exemple") -> Path:
    """A working copy of the bundled example démarche."""
    target = tmp_path / name
    shutil.copytree(EXAMPLE, target)
    return target


def folder_with(tmp_path: Path, register: str | Path, name: str = "demarche") -> Path:
    """The example's demarche.yaml with another register (a fixture name or a path) as its only data file."""
    source = register if isinstance(register, Path) else DATA / register
    target = tmp_path / name
    target.mkdir()
    file_name = "propositions" + source.suffix
    text = (EXAMPLE / "demarche.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nfichiers:")] + f"\nfichiers:\n  propositions: {file_name}\n"  # the register only
    (target / "demarche.yaml").write_text(text, encoding="utf-8")
    shutil.copyfile(source, target / file_name)
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    """Content hash of every file under ``folder`` (to prove nothing was modified)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}
