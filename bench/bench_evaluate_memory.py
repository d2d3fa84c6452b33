"""Benchmark: peak memory (VmHWM) of ``suivi evaluate`` on a démarche of 100,000 respondents, against a baseline.

Writes, into a temporary folder, one synthetic démarche (the demo's generator,
:mod:`evaluation.demo.synthetic`) with a survey before and after, ``--respondents`` each (CSV
exports keyed by a participant code). Then runs ``suivi evaluate DOSSIER --out …`` in a child
interpreter for this tree and, with ``--baseline DIR``, for another source tree (for instance an
export of an older commit: ``git archive COMMIT | tar -x -C DIR``), alternately, ``--repeat`` times
each. The peak resident set size of each child (its VmHWM) comes from ``os.wait4``; the ratio is
this tree's median over the baseline's.

Usage: ``.venv/bin/python bench/bench_evaluate_memory.py [--respondents 100000] [--baseline DIR] [--repeat 1]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.demo.synthetic import PortfolioSize, write_demarche  # noqa: E402

ENTRY = "import sys; from evaluation.cli import main; sys.exit(main())"


def make_demarche(root: Path, respondents: int) -> Path:
    """The first seeded démarche with CSV surveys before and after (the generator draws which it writes)."""
    size = PortfolioSize(respondents=(respondents, respondents))
    for seed in range(200):
        folder = write_demarche(root / f"graine-{seed}", 1, np.random.default_rng(seed), size)
        if (folder / "enquetes" / "avant.csv").exists() and (folder / "enquetes" / "apres.csv").exists():
            return folder
    raise SystemExit("no seed gave a démarche with both surveys")


def generate(root: Path, respondents: int) -> Path:
    """:func:`make_demarche` in a child interpreter, so that this process stays small.

    A child started by ``subprocess`` on Linux begins as a ``vfork`` of this process, and the
    kernel folds this process's own peak into the child's ``ru_maxrss`` when it execs: generating
    100,000 respondents here (about 600 MB) would be counted as the peak of every command run after.
    """
    code = "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import bench_evaluate_memory as b; " \
           "print(b.make_demarche(Path(sys.argv[2]), int(sys.argv[3])))"
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(root), str(respondents)],
                          capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return Path(done.stdout.strip())


def peak_memory(source: Path, folder: Path, out: Path) -> tuple[float, float]:
    """(VmHWM in MB, wall seconds) of ``suivi evaluate`` run from ``source`` (``os.wait4`` gives that child's peak)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen([sys.executable, "-c", ENTRY, "evaluate", str(folder), "--out", str(out)], env=env,
                                 stdout=log, stderr=log, cwd=folder.parent)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if child.returncode != 0:
            log.seek(0)
            raise SystemExit(f"suivi evaluate ({source}) failed ({child.returncode}):\n{log.read().decode(errors='replace')}")
    return usage.ru_maxrss / 1024, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="write the démarche here instead (kept for later runs)")
    args = parser.parse_args()
    sources = {"ce dépôt": ROOT} | ({"référence": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory(prefix="bench-memoire-") as tmp:
        scratch = Path(tmp)
        root = args.keep or scratch
        existing = sorted(root.glob("graine-*/*/enquetes/apres.csv")) if args.keep else []
        folder = existing[0].parent.parent if existing else generate(root, args.respondents)
        print(f"démarche : {folder.name}, {args.respondents} répondants avant et après")
        peaks: dict[str, list[float]] = {name: [] for name in sources}
        walls: dict[str, list[float]] = {name: [] for name in sources}
        for number in range(args.repeat):
            for name, source in sources.items():
                peak, wall = peak_memory(source, folder, scratch / f"sortie-{number}-{len(peaks[name])}-{name.replace(' ', '-')}")
                peaks[name].append(peak)
                walls[name].append(wall)
    for name in sources:
        print(f"  {name} : pic mémoire (VmHWM) {statistics.median(peaks[name]):.0f} Mo, {statistics.median(walls[name]):.1f} s")
    if args.baseline:
        ratio = statistics.median(peaks["ce dépôt"]) / statistics.median(peaks["référence"])
        print(f"  rapport ce dépôt / référence : {ratio:.2f} (objectif : au plus 0,5)")


if __name__ == "__main__":
    main()
