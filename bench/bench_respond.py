"""Benchmark: ``suivi respond`` on a 2,000-proposal register, against bare python-docx, in one run.

Generates into a temporary folder (nothing committed) a register of ``--proposals`` proposals
(seeded: 8 themes, every status, realistic text lengths) beside the example's ``demarche.yaml``.

Then times, in the same process:
- ``evaluation.response.respond`` (read and check the register, build the accessible Word
  document with its two charts, write it atomically, write the open data CSV/JSON/schema);
- the floor: the *same* paragraphs (same styles, same bold label runs) and tables, read back from
  the generated document, written on the same template with python-docx's XML layer in linear time
  (style ids resolved once, paragraphs put straight before the section properties), and saved;
- the same blocks through python-docx's public ``Document.add_paragraph`` (quadratic: it searches
  the body at every call), once.

and prints the ratios (median of ``--repeat`` passes; within a pass, suivi and the floor run one
after the other so that the load of a shared machine weighs on both).

Usage: ``.venv/bin/python bench/bench_respond.py [--proposals 2000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.documents.docx_accessible import DEFAULT_TEMPLATE  # noqa: E402
from evaluation.followup.response import respond  # noqa: E402
from evaluation.resources import examples_dir, template  # noqa: E402
from evaluation.scaffold import write_register_workbook  # noqa: E402
from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status  # noqa: E402

THEMES = ["Transports collectifs", "Vélo et marche", "Covoiturage", "Territoires ruraux", "Accessibilité", "Financement",
          "Logistique urbaine", "Gouvernance"]
WORDS = ["mobilité", "transport", "voyageurs", "région", "commune", "service", "ligne", "gare", "vélo", "car", "train", "tarif", "accès", "habitants", "quotidien", "financement",
         "étude", "contrat", "horaire", "sécurité", "réseau", "territoire", "usager", "voirie"]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def register_rows(n: int, seed: int = 7) -> list[list[object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        status = rng.choice(list(Status))
        retained = status in (Status.RETENUE, Status.RETENUE_PARTIELLEMENT)
        reason = rng.choice(list(ReasonCode)) if status is not Status.RETENUE else None
        state = rng.choice(list(Implementation)[:3]) if retained else None
        progress = 100 if state is Implementation.REALISEE else 0 if state is Implementation.NON_ENGAGEE else rng.randrange(5, 95, 5) if state else None
        rows.append([
            f"P-{i:04d}", _sentence(rng, 8), " ".join(_sentence(rng, 14) for _ in range(3)), rng.choice(THEMES), "Conférence de citoyens",
            LABELS[status], "" if status is Status.RETENUE else " ".join(_sentence(rng, 16) for _ in range(2)),
            LABELS[reason] if reason else "", _sentence(rng, 12) if retained else "", "Sous-direction des mobilités" if retained else "",
            dt.date(2027, rng.randint(1, 12), rng.randint(1, 28)) if retained else None, LABELS[state] if state else "", progress,
            dt.date(2026, 10, rng.randint(1, 30)), "Comité de pilotage",
        ])
    return rows


def make_folder(root: Path, n: int) -> Path:
    folder = root / "demarche"
    folder.mkdir()
    text = (examples_dir() / "convention-mobilites" / "demarche.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nfichiers:")] + "\nfichiers:\n  propositions: propositions.xlsx\n"
    (folder / "demarche.yaml").write_text(text, encoding="utf-8")
    write_register_workbook(folder / "propositions.xlsx", register_rows(n))
    return folder


def blocks_of(path: Path) -> list[tuple[str, object]]:
    """The body of a generated document as plain data: paragraphs (style, runs) and tables."""
    document = docx.Document(str(path))
    blocks: list[tuple[str, object]] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(child, document)
            runs = [(run.text, bool(run.bold)) for run in paragraph.runs]
            blocks.append(("p", (paragraph.style.name if paragraph.style is not None else None, runs)))
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            blocks.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return blocks


def _empty_template() -> docx.document.Document:
    document = docx.Document(str(template(DEFAULT_TEMPLATE)))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _add_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, rows[0]):
        cell.text = text
    for values in rows[1:]:
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text


def bare_python_docx(blocks: list[tuple[str, object]], target: Path) -> None:
    """Baseline: the same paragraphs and tables through python-docx's public API, one save.

    ``Document.add_paragraph(style=name)`` looks the style up by name and searches the body for
    its end at every call: quadratic in the length of the document.
    """
    document = _empty_template()
    for kind, content in blocks:
        if kind == "p":
            style, runs = content  # type: ignore[misc]
            paragraph = document.add_paragraph(style=style)
            for text, bold in runs:
                paragraph.add_run(text).bold = bold or None
        else:
            _add_table(document, content)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(buffer.getvalue())


def floor_python_docx(blocks: list[tuple[str, object]], target: Path) -> None:
    """The floor: the same paragraphs and tables with python-docx's XML layer, in linear time.

    Style ids resolved once, each paragraph put straight before the section properties: the least
    python-docx work that produces the same document body (no checks, typography, charts, data).
    """
    document = _empty_template()
    end = document.element.body.find(qn("w:sectPr"))
    style_ids: dict[str, str] = {}
    for kind, content in blocks:
        if kind == "p":
            style, runs = content  # type: ignore[misc]
            p = OxmlElement("w:p")
            if style and style != "Normal":
                if style not in style_ids:
                    style_ids[style] = document.styles[style].style_id
                p.get_or_add_pPr().style = style_ids[style]
            end.addprevious(p)
            paragraph = Paragraph(p, document._body)
            for text, bold in runs:
                paragraph.add_run(text).bold = bold or None
        else:
            _add_table(document, content)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(buffer.getvalue())


def _seconds(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def interleaved(ours: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Medians of both timings and of their per-pass ratio; the two alternate within each pass,
    so the load of a shared machine weighs on both alike."""
    pairs = [(_seconds(ours), _seconds(floor)) for _ in range(repeat)]
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(a / b for a, b in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = make_folder(root, args.proposals)
        result = respond(folder)  # warm-up (imports, fonts) and the blocks for the floor
        blocks = blocks_of(result.paths[0])
        paragraphs = sum(1 for kind, _ in blocks if kind == "p")
        tables = sum(1 for kind, _ in blocks if kind == "t")
        ours, floor, ratio = interleaved(lambda: respond(folder), lambda: floor_python_docx(blocks, root / "floor.docx"), args.repeat)
        bare = _seconds(lambda: bare_python_docx(blocks, root / "bare.docx"))  # slow: once
    print(f"register: {args.proposals} proposals; document: {paragraphs} paragraphs, {tables} tables, 2 charts")
    print(f"suivi respond (library):                      {ours:7.2f} s  (check + docx + charts + open data)")
    print(f"floor: python-docx XML layer, same blocks:    {floor:7.2f} s")
    print(f"python-docx Document.add_paragraph, same blocks: {bare:7.2f} s (once)")
    print(f"ratio to the floor: {ratio:.2f}x (median of per-pass ratios); to Document.add_paragraph: {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
