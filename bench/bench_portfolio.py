"""Benchmark: ``suivi portfolio`` on a synthetic portfolio, against merely reading the same files, in one run.

Generates (in a subprocess, into a temporary folder) ``--count`` démarches with
``bench/make_portfolio.py``: registers of 20–200 proposals, surveys of 30–3,000 respondents.
Then times, in this process:

- **floor**: reading every file with bare readers, nothing else: ``yaml.safe_load`` of each
  ``demarche.yaml``, ``pandas.read_csv`` / ``pandas.read_excel(engine="calamine")`` of each
  register and survey export;
- **suivi read**: each démarche read as ``suivi evaluate`` reads it (``demarche.yaml`` validated,
  register checked, surveys imported: columns mapped, answers decoded, pseudonymised), nothing
  computed;
- **portfolio**: :func:`evaluation.portfolio.build_portfolio` (read, every indicator with its
  bootstrap intervals and disclosure control, aggregation, the xlsx, docx, csv and schema), with
  each ``--workers`` count;

and prints each time with its ratio to the floor and to the suivi read, plus the peak resident
memory of the main process during each portfolio run (Linux ``VmHWM``, reset before the run
through ``/proc/self/clear_refs``; ``tracemalloc`` is not used because forked workers would
inherit the tracing and run twice as slow) and the largest resident size of a worker process.

Usage: ``.venv/bin/python bench/bench_portfolio.py [--count 300] [--workers 1,2]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.demarche.folder import read_demarche  # noqa: E402
from evaluation.portfolio.build import build_portfolio  # noqa: E402
from evaluation.report.evaluate import read_inputs  # noqa: E402
from indicators.survey.change import BootstrapSettings  # noqa: E402
from surveys.problems import ProblemReport  # noqa: E402

AS_OF = dt.date(2026, 11, 22)


def bare_read(folders: list[Path]) -> int:
    """Read every file of every démarche with bare readers; return the number of rows read."""
    rows = 0
    for folder in folders:
        identity = yaml.safe_load((folder / "demarche.yaml").read_text(encoding="utf-8"))
        files = identity["fichiers"]
        paths = [folder / files["propositions"], *(folder / s["fichier"] for s in files.get("enquetes", []))]
        for path in paths:
            frame = pd.read_csv(path) if path.suffix == ".csv" else pd.read_excel(path, engine="calamine")
            rows += len(frame)
    return rows


def suivi_read(folders: list[Path]) -> int:
    """Read every démarche as ``suivi evaluate`` does, computing nothing; return the tidy rows."""
    rows = 0
    for folder in folders:
        report = ProblemReport()
        demarche = read_demarche(folder, report)
        assert demarche is not None
        inputs = read_inputs(demarche, report, BootstrapSettings(), AS_OF, write_key=False)
        rows += len(inputs.responses)
    return rows


def reset_peak() -> bool:
    """Reset this process's peak resident size (Linux); False when the system does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def status_mb(field: str) -> float:
    """A memory line of ``/proc/self/status`` (``VmHWM`` peak since the last reset, ``VmRSS`` now), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {label:<38} {seconds:8.1f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to time")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="suivi-bench-portfolio-") as tmp:
        root = Path(tmp) / "demarches"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_portfolio.py"), str(root), "--count", str(args.count),
                        "--seed", str(args.seed)], check=True)
        folders = sorted(p for p in root.iterdir() if p.is_dir())
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        print(f"{len(folders)} démarches, {size / 1e6:.0f} MB on disk")
        results: dict[str, float] = {}
        peaks: dict[int, tuple[float, float]] = {}
        for count in workers:
            before = status_mb("VmRSS")
            reset = reset_peak()
            results[f"portfolio, {count} worker(s)"] = timed(
                f"portfolio, {count} worker(s)",
                lambda count=count: build_portfolio([root], Path(tmp) / f"sortie-{count}", as_of=AS_OF, workers=count))
            if reset:
                peaks[count] = (before, status_mb("VmHWM"))
        floor = timed("floor: bare readers", lambda: bare_read(folders))
        read = timed("suivi read (read_inputs)", lambda: suivi_read(folders))
        print()
        for label, seconds in results.items():
            print(f"  {label:<38} {seconds / floor:6.1f}× the floor   {seconds / read:5.2f}× the suivi read")
        print(f"  {'suivi read':<38} {read / floor:6.1f}× the floor")
        for count, (before, peak) in peaks.items():
            print(f"  main-process peak resident size, {count} worker(s): {peak:.0f} MB ({before:.0f} MB before the run)")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  largest worker resident size: {children:.0f} MB; this process (all steps): {own:.0f} MB")


if __name__ == "__main__":
    main()
