"""Benchmark: the start-up cost of each ``suivi`` command, in a fresh interpreter, against a floor.

Copies the bundled example démarche of each source tree to a temporary folder (the example is
never written; an older tree runs on its own example, which its code can read), then
runs, each in its own interpreter (``python -c``, as the ``suivi`` entry point does):

- the floor: ``import pandas, openpyxl`` (the least any command reading a spreadsheet pays);
- ``suivi check``, ``suivi respond``, ``suivi evaluate`` (which writes its report, workbook and
  charts) and ``suivi demo``, each writing into a fresh output folder.

CPU time is the user + system time of the child (and of the processes it waited for), read from
``resource.getrusage(RUSAGE_CHILDREN)``; wall time is measured around the child. Within a pass the
floor and the commands run one after the other, so the load of a shared machine weighs on all;
the figures are medians over ``--repeat`` passes, the ratios medians of per-pass ratios.

Each source tree is byte-compiled first (``compileall``) and the children may write their
``__pycache__``, as an installed ``suivi`` does: a ``PYTHONDONTWRITEBYTECODE`` set in the caller's
environment would otherwise make every run recompile the project's sources (about 0.2 s).

``--baseline DIR`` also runs every command from another source tree (for instance an export of
an older commit: ``git archive COMMIT | tar -x -C DIR``) in the same passes, and prints the
ratio of this tree's CPU time to that one's.

Usage: ``.venv/bin/python bench/bench_startup.py [--repeat 3] [--only check,respond] [--baseline DIR]``
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "convention-mobilites"
FLOOR = "import pandas, openpyxl"
ENTRY = "import sys; from evaluation.cli import main; sys.exit(main())"
COMMANDS = ("check", "respond", "evaluate", "demo")


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float


def run(code: str, args: list[str], source: Path, cwd: Path) -> Timing:
    """Run ``python -c code args`` with ``source`` first on the path; its CPU and wall time."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args) or code} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return Timing(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall)


def command_args(command: str, folder: Path, out: Path) -> list[str]:
    """The arguments of one command on the working copy, writing into ``out``."""
    if command == "check":
        return ["check", str(folder)]
    if command == "demo":
        return ["demo", str(out)]
    return [command, str(folder), "--out", str(out)]


def one_pass(commands: list[str], sources: dict[str, Path], scratch: Path) -> dict[tuple[str, str], Timing]:
    """The floor, then each command from each source tree, in a fresh output folder each."""
    timings = {("floor", "floor"): run(FLOOR, [], ROOT, scratch)}
    for command in commands:
        for name, source in sources.items():
            out = Path(tempfile.mkdtemp(dir=scratch))
            folder = scratch / name / EXAMPLE
            timings[(command, name)] = run(ENTRY, command_args(command, folder, out / "out"), source, scratch)
            shutil.rmtree(out)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=",".join(COMMANDS), help="commands to run, comma-separated")
    parser.add_argument("--baseline", type=Path, default=None, help="another source tree to run in the same passes")
    args = parser.parse_args()
    commands = [c for c in args.only.split(",") if c]
    sources = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    for source in sources.values():
        for package in ("surveys", "indicators", "evaluation"):
            compileall.compile_dir(source / package, quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        scratch = Path(tmp)
        for name, source in sources.items():
            shutil.copytree(source / "examples" / EXAMPLE, scratch / name / EXAMPLE)
        passes = [one_pass(commands, sources, scratch) for _ in range(args.repeat)]

    def median(key: tuple[str, str], field: str) -> float:
        return statistics.median(getattr(p[key], field) for p in passes)

    floor = ("floor", "floor")
    print(f"{args.repeat} passes, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; CPU = user + system of the child and its workers")
    print(f"floor: python -c \"{FLOOR}\"")
    header = f"{'':<16}{'CPU s':>8}{'wall s':>8}{'CPU / floor':>13}"
    print(header + (f"{'baseline CPU s':>16}{'baseline wall s':>17}{'CPU / baseline':>16}" if args.baseline else ""))
    print(f"{'floor':<16}{median(floor, 'cpu'):8.2f}{median(floor, 'wall'):8.2f}{1:13.2f}")
    for command in commands:
        key = (command, "this")
        ratio = statistics.median(p[key].cpu / p[floor].cpu for p in passes)
        line = f"{'suivi ' + command:<16}{median(key, 'cpu'):8.2f}{median(key, 'wall'):8.2f}{ratio:13.2f}"
        if args.baseline:
            base = (command, "baseline")
            line += (f"{median(base, 'cpu'):16.2f}{median(base, 'wall'):17.2f}"
                     f"{statistics.median(p[key].cpu / p[base].cpu for p in passes):16.2f}")
        print(line)

if __name__ == "__main__":
    main()
