"""Benchmark: the evaluation report of the example, against drawing its charts alone, in one run.

The example démarche is copied to a temporary folder and evaluated once. Then, in the same
process and ``--repeat`` times (median kept; suivi and the floor run one after the other in each
pass, so that the load of a shared machine weighs on both):

- ``evaluation.report.write_evaluation_outputs``: every table built from the published rows, the
  accessible Word report with its charts, the PNG files and the Excel workbook, written atomically;
- the floor: the same charts drawn and encoded as PNG by matplotlib, nothing else (what any report
  with these charts must pay).

It prints both times and their ratio, and how the report's time splits (charts, Word, workbook).

Usage: ``.venv/bin/python bench/bench_report.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.documents import charts  # noqa: E402
from evaluation.report import figures as report_figures  # noqa: E402
from evaluation.report import writer as report  # noqa: E402
from evaluation.report.evaluate import evaluate  # noqa: E402
from evaluation.report.tables import ITEM_DIMENSIONS, Results, change_comparisons, representativeness_variables  # noqa: E402
from evaluation.report.writer import write_evaluation_outputs  # noqa: E402
from evaluation.resources import examples_dir  # noqa: E402

WHEN = dt.date(2026, 11, 22)


def floor(res: Results) -> int:
    """Draw and encode every chart of the report; return how many."""
    figures = []
    for dimension in ITEM_DIMENSIONS:
        figures += report_figures.likert_figures(res, dimension)
        figures += [report_figures.change_figure(res, dimension, c) for c in change_comparisons(res, dimension)]
    figures += [report_figures.interview_figure(res), report_figures.status_figure(res), report_figures.theme_figure(res.result.register),
                report_figures.checklist_figure(res)]
    figures += [report_figures.gap_figure(res, v, n) for n, v in enumerate(representativeness_variables(res), start=1)]
    return sum(1 for f in figures if f is not None)


class Stopwatch:
    """Time spent inside a function, by wrapping it in its module for the duration of a run."""

    def __init__(self, module: object, name: str) -> None:
        self.module, self.name, self.seconds = module, name, 0.0
        self.original = getattr(module, name)

    def __enter__(self) -> Stopwatch:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *_: object) -> None:
        setattr(self.module, self.name, self.original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rapport-") as tmp:
        folder = Path(tmp) / "convention-mobilites"
        shutil.copytree(examples_dir() / "convention-mobilites", folder)
        result = evaluate(folder)
        res = Results(result)
        suivi_times, floor_times, chart_times, workbook_times = [], [], [], []
        count = 0
        for number in range(args.repeat):
            out = Path(tmp) / f"out-{number}"
            with Stopwatch(charts, "_png") as png, Stopwatch(report, "write_workbook") as book:
                start = time.perf_counter()
                outputs = write_evaluation_outputs(result, out, when=WHEN)
                suivi_times.append(time.perf_counter() - start)
            chart_times.append(png.seconds)
            workbook_times.append(book.seconds)
            start = time.perf_counter()
            count = floor(res)
            floor_times.append(time.perf_counter() - start)
            assert count == len(outputs.figures)
    suivi, base = statistics.median(suivi_times), statistics.median(floor_times)
    print(f"Rapport de l'exemple : {len(result.results)} lignes d'indicateurs, {count} graphiques")
    print(f"suivi (rapport Word, PNG, classeur) : {suivi:.2f} s")
    print(f"plancher (les mêmes graphiques seuls) : {base:.2f} s")
    print(f"rapport / plancher : {suivi / base:.2f}")
    print(f"dont encodage PNG des graphiques : {statistics.median(chart_times):.2f} s ; classeur : {statistics.median(workbook_times):.2f} s")


if __name__ == "__main__":
    main()
