"""Helpers for the evaluation report tests: the example evaluated once per threshold, docx reading."""

from __future__ import annotations

import atexit
import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from evaluation.report.evaluate import EvaluationResult, evaluate
from evaluation.report.writer import ReportOutputs, write_evaluation_outputs
from evaluation.resources import examples_dir

EXAMPLE = examples_dir() / "convention-mobilites"
WHEN = dt.date(2026, 11, 22)
AS_OF = dt.date(2026, 11, 22)
RESAMPLES = 200
NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


def _workspace() -> Path:
    root = Path(tempfile.mkdtemp(prefix="suivi-rapport-"))
    atexit.register(shutil.rmtree, root, True)
    return root


@cache
def example_report(threshold: int = 11) -> tuple[Path, EvaluationResult, ReportOutputs]:
    """The example démarche evaluated and reported (once per threshold and test session)."""
    folder = _workspace() / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    result = evaluate(folder, threshold=threshold, resamples=RESAMPLES, as_of=AS_OF)
    outputs = write_evaluation_outputs(result, folder / "out", when=WHEN)
    return folder, result, outputs


@cache
def unsuppressed_results() -> EvaluationResult:
    """The example's rows before any disclosure control (threshold 1: no cell is small)."""
    folder = _workspace() / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    return evaluate(folder, threshold=1, resamples=RESAMPLES, as_of=AS_OF)


@dataclass
class Block:
    """A paragraph (``style``, ``text``) or a table (``rows`` of cell texts, header first)."""

    kind: str
    style: str = ""
    text: str = ""
    rows: list[list[str]] | None = None


def blocks(path: Path) -> list[Block]:
    """The body of a Word document in reading order."""
    document = docx.Document(str(path))
    out: list[Block] = []
    for element in document.element.body:
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document._body)
            out.append(Block("p", paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif element.tag == qn("w:tbl"):
            table = Table(element, document._body)
            out.append(Block("tbl", rows=[[cell.text for cell in row.cells] for row in table.rows]))
    return out


def chapters(path: Path) -> dict[str, list[Block]]:
    """Blocks grouped under each level-1 heading."""
    result: dict[str, list[Block]] = {}
    current: list[Block] | None = None
    for block in blocks(path):
        if block.kind == "p" and block.style == "Heading 1":
            current = result.setdefault(block.text, [])
        elif current is not None:
            current.append(block)
    return result


def plain(text: str) -> str:
    """Text with no-break spaces as ordinary spaces (to compare with expectations typed by hand)."""
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def parse_number(text: str) -> float:
    """« 1 234,5 % », « −12 », « 108 jours », « +9,6 » → float (percent signs and units dropped)."""
    cleaned = text.replace(NNBSP, "").replace(NBSP, "").replace(MINUS, "-").replace(" ", "")
    match = re.match(r"^[+-]?\d+(?:,\d+)?", cleaned)
    if not match:
        raise ValueError(f"no number in {text!r}")
    return float(match.group(0).replace(",", "."))
