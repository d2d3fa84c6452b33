"""Benchmark: interview import and inter-coder agreement, each against a baseline, in one run.

Times, in the same process (median of ``--repeat`` runs):

1. ``surveys.interviews.read_interviews`` on a generated workbook of ``--codings`` codings (every
   cell located and checked, blind spots and reconciliation sheets included), against the floor:
   reading the same three sheets with ``pandas.read_excel(engine="calamine")`` and nothing else;
2. ``read_interviews`` on a folder of ``--grids`` filled Word grids, against opening each document
   with bare python-docx and reading every cell's ``.text``;
3. ``indicators.agreement.weighted_kappa`` against ``sklearn.metrics.cohen_kappa_score`` (linear
   weights) on ``--ratings`` pairs of ratings;
4. ``indicators.agreement.krippendorff_alpha`` against ``krippendorff.alpha`` (ordinal) on a
   2 × ``--ratings`` reliability matrix with 5 % missing values.

Usage: ``.venv/bin/python bench/bench_interviews.py [--codings 2000] [--grids 40] [--ratings 200000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data"))

import make_interview_fixtures as fixtures  # noqa: E402

from evaluation.fieldwork.interview_grid import xlsx_grid  # noqa: E402
from indicators.agreement import krippendorff_alpha, weighted_kappa  # noqa: E402
from surveys.interviews import CODES, BlindSpot, CodedInterview, CodeScore, read_interviews  # noqa: E402
from surveys.problems import ProblemReport  # noqa: E402


def median_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def codings(count: int, rng: random.Random) -> list[CodedInterview]:
    result = []
    for number in range(count // 2):
        for coder in ("Claire Vasseur", "Malik Ferrand"):
            levels = [rng.choice((0, 1, 1, 2)) for _ in CODES]
            scores = {c: CodeScore(level, f"Note de service n° {number}" if level == 2 else "Dit l'avoir fait.",
                                   ("Une citation assez longue pour ressembler à ce que disent les agents.",) * rng.randint(0, 2))
                      for c, level in zip(CODES, levels)}  # fmt: skip
            spots = (BlindSpot("Un public oublié par le service", (f"P-{rng.randint(1, 42):02d}",)),) if levels[2] else ()
            result.append(CodedInterview(
                interview_id=f"E{number:04d}", coder=coder, scores=scores, role="chargée de mission",
                service=f"Bureau {number % 9}", names=("Prénom Nom",), services_before=("DGITM",),
                services_after=("DGITM", "Direction du budget"), blind_spots=spots))  # fmt: skip
    return result


def report_line(label: str, ours: float, baseline: float, unit: str) -> None:
    print(f"{label:<48} suivi {ours * 1000:9.1f} ms   {unit:<28} {baseline * 1000:9.1f} ms   ratio {ours / baseline:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=2000)
    parser.add_argument("--grids", type=int, default=40)
    parser.add_argument("--ratings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        items = codings(args.codings, rng)
        workbook_path = folder / "entretiens.xlsx"
        fixtures.fill_workbook(xlsx_grid(), items).save(workbook_path)

        def ours_xlsx() -> None:
            report = ProblemReport()
            read_interviews(workbook_path, report)
            assert not report.has_errors

        def floor_xlsx() -> None:
            for sheet in ("Entretiens", "Angles morts", "Réconciliation"):
                pd.read_excel(workbook_path, sheet_name=sheet, engine="calamine")

        report_line(f"import classeur ({len(items)} codages)", median_time(ours_xlsx, args.repeat),
                    median_time(floor_xlsx, args.repeat), "pandas.read_excel (calamine)")  # fmt: skip

        grids = folder / "grilles"
        grids.mkdir()
        for position, item in enumerate(items[: args.grids]):
            (grids / f"{position:03d}.docx").write_bytes(fixtures.docx_bytes(item))

        def ours_docx() -> None:
            report = ProblemReport()
            read_interviews(grids, report)
            assert not report.has_errors

        def floor_docx() -> None:
            for path in sorted(grids.glob("*.docx")):
                document = docx.Document(str(path))
                for table in document.tables:
                    for row in table.rows:
                        [cell.text for cell in row.cells]

        report_line(f"import grilles Word ({args.grids} documents)", median_time(ours_docx, args.repeat),
                    median_time(floor_docx, args.repeat), "python-docx, cell.text")  # fmt: skip

    generator = np.random.default_rng(2026)
    first = generator.integers(0, 3, args.ratings)
    second = np.where(generator.random(args.ratings) < 0.7, first, generator.integers(0, 3, args.ratings))
    report_line(f"kappa pondéré ({args.ratings} paires)", median_time(lambda: weighted_kappa(first, second), args.repeat),
                median_time(lambda: cohen_kappa_score(first, second, weights="linear", labels=[0, 1, 2]), args.repeat),
                "sklearn cohen_kappa_score")  # fmt: skip
    matrix = np.vstack([first, second]).astype(float)
    matrix[generator.random(matrix.shape) < 0.05] = np.nan
    rows = matrix.tolist()
    assert abs(krippendorff_alpha(rows) - krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal", value_domain=[0, 1, 2])) < 1e-9
    report_line(f"alpha de Krippendorff ({args.ratings} unités)", median_time(lambda: krippendorff_alpha(rows), args.repeat),
                median_time(lambda: krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal", value_domain=[0, 1, 2]), args.repeat),
                "krippendorff.alpha")  # fmt: skip


if __name__ == "__main__":
    main()
