"""Fast start: commands import only the heavy libraries they use (checked in a fresh interpreter).

``suivi check`` reads and checks a folder: no statistics (scipy), charts (matplotlib) nor
documents (python-docx, openpyxl). ``suivi respond`` writes a Word document with two charts, but
computes no statistics, and leaves the evaluation report's modules (and the survey indicators they
bring) alone. Start-up times themselves are measured by ``bench/bench_startup.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from evaluation.resources import examples_dir

HEAVY = ("scipy", "matplotlib", "docx", "openpyxl", "statsmodels")


def _modules_after(tmp_path: Path, *args: str) -> set[str]:
    """The modules in ``sys.modules`` after ``suivi ARGS`` ran on a copy of the example."""
    folder = tmp_path / "exemple"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    code = ("import json, sys\nfrom evaluation.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, args[0], str(folder), *args[1:]], capture_output=True, text=True,
                          cwd=tmp_path, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _imported_by(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after ``suivi ARGS`` ran on a copy of the example."""
    return {module.split(".")[0] for module in _modules_after(tmp_path, *args)}


def test_check_imports_no_statistics_charts_or_documents(tmp_path):
    imported = _imported_by(tmp_path, "check")
    assert "pandas" in imported  # the surveys were read: the check did run
    assert imported.isdisjoint(HEAVY)


def test_respond_imports_no_statistics_nor_the_report(tmp_path):
    modules = _modules_after(tmp_path, "respond", "--out", str(tmp_path / "out"))
    imported = {module.split(".")[0] for module in modules}
    assert (tmp_path / "out" / "reponse-motivee.docx").is_file()
    assert {"docx", "matplotlib"} <= imported
    assert "evaluation.voice.feedback_outputs" in modules  # the citizens' feedback was written
    assert imported.isdisjoint({"scipy", "statsmodels"})
    assert not {m for m in modules if m.startswith(("evaluation.report", "indicators.survey.bootstrap", "surveys.interviews"))}
