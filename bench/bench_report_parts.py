"""Benchmark: the report's Word tables, its workbook and its French numbers, each against its baseline.

The example démarche is copied to a temporary folder, evaluated and its report written once, to
collect the 39 tables the report writes. Then, ``--repeat`` times in the same process (the
best pass kept: on a shared machine, other work only adds CPU time; each part and its baseline
one after the other in each pass):

- Word tables: ``AccessibleDocument.table`` (each table's XML written in one string) against the
  same tables built cell by cell with python-docx's API (``tests/docx_reference.py``, the former
  way, checked to give the same XML by ``tests/test_docx_tables.py``);
- workbook: ``write_workbook`` (each data-cell style set once, then copied) against the same
  workbook with every style set through openpyxl at every cell;
- French numbers: ``frformat.number`` and ``plural_category`` on 2,000 shares and measures
  against Babel's ``format_decimal`` and plural rule (Babel's import and locale data excluded).

Usage: ``.venv/bin/python bench/bench_report_parts.py [--repeat 10]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from docx_reference import per_cell_table  # noqa: E402
from openpyxl.cell.cell import Cell  # noqa: E402

from evaluation.documents import frformat  # noqa: E402
from evaluation.documents.docx_accessible import AccessibleDocument, open_template  # noqa: E402
from evaluation.report import workbook  # noqa: E402
from evaluation.report import writer as report  # noqa: E402
from evaluation.report.evaluate import evaluate  # noqa: E402
from evaluation.resources import examples_dir  # noqa: E402
from surveys.i18n import plural_category  # noqa: E402

WHEN = dt.date(2026, 11, 22)


class _StylesEveryTime(workbook._Styles):
    """The former way: every style set through openpyxl, which files it again at each cell."""

    def number(self, cell: Cell, number_format: str) -> None:
        cell.number_format = number_format

    def wrapped(self, cell: Cell) -> None:
        cell.alignment = workbook._WRAP


def _seconds(call: Callable[[], object]) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def _collect(folder: Path, out: Path) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The arguments of every ``table`` call and of ``write_workbook`` while the report is written."""
    tables: list[tuple[Any, ...]] = []
    books: list[tuple[Any, ...]] = []
    table, write_workbook = AccessibleDocument.table, report.write_workbook

    def spy_table(doc: AccessibleDocument, header: Any, rows: Any, **options: Any) -> Any:
        tables.append((list(header), [list(row) for row in rows], options))
        return table(doc, header, rows, **options)

    def spy_workbook(*args: Any) -> Path:
        books.append(args)
        return write_workbook(*args)

    AccessibleDocument.table, report.write_workbook = spy_table, spy_workbook  # type: ignore[method-assign]
    try:
        report.write_evaluation_outputs(evaluate(folder), out, when=WHEN)
    finally:
        AccessibleDocument.table, report.write_workbook = table, write_workbook  # type: ignore[method-assign]
    return tables, books[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-parties-") as tmp:
        folder = Path(tmp) / "convention-mobilites"
        shutil.copytree(examples_dir() / "convention-mobilites", folder)
        tables, (res, report_tables, _) = _collect(folder, Path(tmp) / "out")
        rng = random.Random(1)
        shares = [rng.random() for _ in range(1000)] + [rng.uniform(-30, 30) for _ in range(1000)]
        from babel import Locale
        from babel.numbers import format_decimal

        french = Locale.parse("fr_FR")

        def one_string() -> None:
            doc = AccessibleDocument(open_template())
            for header, rows, options in tables:
                doc.table(header, rows, **options)

        def per_cell() -> None:
            doc = AccessibleDocument(open_template())
            for header, rows, options in tables:
                per_cell_table(doc, header, rows, options.get("widths_cm"), options.get("numeric", ()),
                               options.get("keep_rows", False), options.get("keep_together", False))

        def copied_styles() -> None:
            workbook.write_workbook(res, report_tables, Path(tmp) / "copied.xlsx")

        def styles_every_time() -> None:
            kept, workbook._Styles = workbook._Styles, _StylesEveryTime  # type: ignore[misc]
            try:
                workbook.write_workbook(res, report_tables, Path(tmp) / "every-time.xlsx")
            finally:
                workbook._Styles = kept  # type: ignore[misc]

        def direct_numbers() -> None:
            for value in shares:
                frformat.number(value, 1)
                plural_category(abs(value))

        def babel_numbers() -> None:
            for value in shares:
                format_decimal(value, format="#,##0.0", locale=french)
                french.plural_form(abs(value))

        parts = {"tableaux Word": (one_string, per_cell), "classeur": (copied_styles, styles_every_time),
                 "nombres français": (direct_numbers, babel_numbers)}
        for _ in range(args.repeat):
            for name, (current, baseline) in parts.items():
                times.setdefault(name, []).append(_seconds(current))
                times.setdefault(name + " (référence)", []).append(_seconds(baseline))
    print(f"{len(tables)} tableaux Word, {len(report_tables) + 1} feuilles, {len(shares)} nombres ; CPU, meilleur de {args.repeat} passages")
    for name in parts:
        now, before = min(times[name]), min(times[name + " (référence)"])
        print(f"{name:18} {before:6.3f} s → {now:6.3f} s   rapport {now / before:.2f}")


if __name__ == "__main__":
    main()
