"""A published copy of the example démarche, shared by the site tests (two publications)."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaluation.demo.publication import CHANGES, FIRST_PUBLICATION, SECOND_PUBLICATION, apply_changes
from evaluation.followup.site.publish import PublishResult, publish
from evaluation.resources import examples_dir


def published_example(tmp: Path, *, changes: dict | None = None) -> tuple[Path, PublishResult]:
    """Copy the example into ``tmp``, publish it, apply the demo's changes, publish again."""
    folder = tmp / "demarche"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    publish(folder, date=FIRST_PUBLICATION)
    apply_changes(folder / "propositions.xlsx", CHANGES if changes is None else changes)
    return folder, publish(folder, date=SECOND_PUBLICATION)
