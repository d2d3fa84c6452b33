"""Benchmark: survey export → tidy table, against bare Arrow readers (and pandas), all in one run.

Generates into a temporary folder (nothing committed):
- a LimeSurvey-like xlsx export, 100,000 respondents × 40 items (French full-text headings,
  French answer labels, some « Ne sait pas » and blanks), shared strings as Excel writes them;
- a 1,000,000-row CSV export (``;``, UTF-8 with BOM), same metadata, 10 items by default.

Then times, in the same process, passes interleaved:
- ``surveys.exports.importer.import_file`` (read, detect, header, clean, map, decode labels,
  pseudonymise → tidy table),
- the floors: bare ``fastexcel.read_excel(path).load_sheet(0)`` (calamine straight to Arrow) and
  the same with ``.to_polars()`` for the xlsx, bare ``polars.read_csv`` for the CSV;
- as secondary references, bare ``pandas.read_excel(engine="calamine")`` and ``pandas.read_csv``
  (and ``engine="openpyxl"`` once with ``--openpyxl``: it takes minutes),
and prints the ratios (median of ``--repeat`` runs, and the best per-pass ratio).

Usage: ``.venv/bin/python bench/bench_survey_import.py [--rows 100000] [--csv-rows 1000000] [--only xlsx|csv]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import fastexcel
import numpy as np
import pandas as pd
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from surveys.exports.importer import import_file  # noqa: E402
from surveys.exports.items import ItemSpec, MissingReason, Scale, Wave  # noqa: E402
from surveys.exports.pseudonym import Pseudonymiser  # noqa: E402
from surveys.problems import column_letter  # noqa: E402

N_ITEMS = 40
AGREEMENT = ["Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord"]
ANSWERS = [*AGREEMENT, "Ne sait pas", ""]
WEIGHTS = [0.12, 0.23, 0.36, 0.2, 0.05, 0.04]
METADATA = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série", "Code d'accès"]


def bench_items() -> list[ItemSpec]:
    scale = Scale(
        id="accord4",
        labels={label: i + 1 for i, label in enumerate(AGREEMENT)},
        top_box=(3, 4),
        nonanswers={"Ne sait pas": MissingReason.DONT_KNOW},
    )
    return [
        ItemSpec(id=f"item_{k:02d}", wording=f"Énoncé numéro {k} : les citoyens sont écoutés sur le sujet {k}", scale=scale, waves=(Wave.PRE, Wave.POST))
        for k in range(1, N_ITEMS + 1)
    ]


def survey_frame(rows: int, seed: int = 7, items: int = N_ITEMS) -> pd.DataFrame:
    """Answers as an export holds them: metadata then one text column per item."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-03-01T09:00:00")
    dates = (start + rng.integers(0, 86400 * 20, rows).astype("timedelta64[s]")).astype(str)
    dates = np.char.replace(dates, "T", " ")
    submitted = np.where(rng.random(rows) < 0.03, "", dates)
    columns: dict[str, object] = {
        METADATA[0]: np.arange(1, rows + 1),
        METADATA[1]: submitted,
        METADATA[2]: rng.integers(1, 5, rows),
        METADATA[3]: np.full(rows, "fr"),
        METADATA[4]: rng.integers(10**8, 10**9, rows),
        METADATA[5]: np.char.add("tok", np.arange(rows).astype(str)),
    }
    answers = np.array(ANSWERS, dtype=object)
    for item in bench_items()[:items]:
        columns[item.wording] = answers[rng.choice(len(ANSWERS), size=rows, p=WEIGHTS)]
    return pd.DataFrame(columns)


def write_xlsx(frame: pd.DataFrame, path: Path) -> Path:
    """A minimal xlsx with a shared-strings table, as Excel and LibreOffice write them."""
    strings: dict[str, int] = {}

    def sid(text: str) -> int:
        return strings.setdefault(text, len(strings))

    letters = [column_letter(j) for j in range(frame.shape[1])]
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    header = "".join(f'<c r="{letters[j]}1" t="s"><v>{sid(str(h))}</v></c>' for j, h in enumerate(frame.columns))
    lines.append(f'<row r="1">{header}</row>')
    kinds = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    for i in range(len(frame)):
        r = i + 2
        cells = []
        for j, column in enumerate(values):
            value = column[i]
            if kinds[j]:
                cells.append(f'<c r="{letters[j]}{r}"><v>{value}</v></c>')
            elif value != "":
                cells.append(f'<c r="{letters[j]}{r}" t="s"><v>{sid(value)}</v></c>')
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    lines.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", "".join(lines))
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Réponses" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


def interleaved(functions: dict[str, Callable[[], object]], repeat: int) -> tuple[dict[str, list[float]], dict[str, object]]:
    """Run each function once per round, ``repeat`` rounds: load drift hits every one alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, object] = {}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - start)
    return times, results


def report(label: str, ours: list[float], theirs: list[float], goal: float | None = None) -> str:
    """Median times and the median and best of the per-round ratios."""
    ratios = sorted(o / t for o, t in zip(ours, theirs))
    target = f" (objectif : au plus {goal:g}×)" if goal else ""
    return (f"{label} : {statistics.median(theirs):.2f} s (suivi {statistics.median(ours):.2f} s) → "
            f"rapport suivi/référence médian {statistics.median(ratios):.2f}×, meilleur {ratios[0]:.2f}×{target}")


def bench_xlsx(folder: Path, rows: int, repeat: int, openpyxl: bool, items: list[ItemSpec], key: bytes) -> None:
    xlsx = write_xlsx(survey_frame(rows), folder / "export-limesurvey.xlsx")
    print(f"xlsx : {rows} répondants × {N_ITEMS} items, {xlsx.stat().st_size / 1e6:.1f} Mo")
    times, results = interleaved(
        {
            "suivi": lambda: import_file(xlsx, Wave.PRE, items, key=key),
            "fastexcel": lambda: fastexcel.read_excel(xlsx).load_sheet(0),
            "fastexcel+polars": lambda: fastexcel.read_excel(xlsx).load_sheet(0).to_polars(),
            "calamine": lambda: pd.read_excel(xlsx, engine="calamine"),
        },
        repeat,
    )
    tidy = results["suivi"].responses  # type: ignore[attr-defined]
    print(f"  import suivi → table longue ({len(tidy):,} lignes) : médiane {statistics.median(times['suivi']):.2f} s")
    print("  " + report("fastexcel load_sheet(0)", times["suivi"], times["fastexcel"], 1.5))
    print("  " + report("fastexcel load_sheet(0).to_polars()", times["suivi"], times["fastexcel+polars"], 1.5))
    print("  " + report("pandas.read_excel(engine='calamine')", times["suivi"], times["calamine"]))
    if openpyxl:
        t_openpyxl, _ = interleaved({"openpyxl": lambda: pd.read_excel(xlsx, engine="openpyxl")}, 1)
        openpyxl_time = t_openpyxl["openpyxl"][0]
        print(f"  pandas.read_excel(engine='openpyxl') : {openpyxl_time:.2f} s → suivi {openpyxl_time / statistics.median(times['suivi']):.2f}× plus rapide")


def bench_csv(folder: Path, rows: int, columns: int, repeat: int, items: list[ItemSpec], key: bytes) -> None:
    big = survey_frame(rows, seed=11, items=columns)
    csv_path = write_csv(big, folder / "export.csv")
    print(f"csv : {rows} lignes × {big.shape[1]} colonnes, {csv_path.stat().st_size / 1e6:.1f} Mo")
    del big
    times, results = interleaved(
        {
            "suivi": lambda: import_file(csv_path, Wave.PRE, items, key=key),
            "polars": lambda: pl.read_csv(csv_path, separator=";"),
            "pandas": lambda: pd.read_csv(csv_path, sep=";", encoding="utf-8-sig"),
        },
        repeat,
    )
    print(f"  import suivi → table longue ({len(results['suivi'].responses):,} lignes) : médiane {statistics.median(times['suivi']):.2f} s")  # type: ignore[attr-defined]
    print("  " + report("polars.read_csv", times["suivi"], times["polars"], 3))
    print("  " + report("pandas.read_csv", times["suivi"], times["pandas"]))
    hashing_floor(csv_path, key, statistics.median(times["polars"]), repeat)


def hashing_floor(csv_path: Path, key: bytes, polars_read: float, repeat: int) -> None:
    """What the keyed pseudonyms alone cost: AES-CMAC of every distinct respondent key, on one core.

    The import cannot do with less (one keyed hash per distinct key, never stored): added to the
    polars read (the keys come from it), this is the lowest time an import of this file could take,
    whatever else it skipped.
    """
    codes = pl.read_csv(csv_path, separator=";", columns=[METADATA[5]]).to_series().unique()
    encoded = [code.encode() for code in codes.to_list()]
    hasher = Pseudonymiser(key)
    cpu = []
    for _ in range(repeat):
        start = time.process_time()
        hasher.packed_encoded(encoded)
        cpu.append(time.process_time() - start)
    one_core = statistics.median(cpu)
    floor = polars_read + one_core
    print(f"  plancher du hachage : AES-CMAC des {len(encoded):,} clés distinctes, un cœur : {one_core:.2f} s "
          f"({one_core / polars_read:.2f}× la lecture polars) ; ajouté à la lecture : "
          f"{floor:.2f} s, soit {floor / polars_read:.2f}× la lecture (objectif 3× : {3 * polars_read - floor:.2f} s pour tout le reste)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--csv-items", type=int, default=10, help="item columns of the CSV (default 10)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("xlsx", "csv"))
    parser.add_argument("--openpyxl", action="store_true", help="also time pandas.read_excel(engine='openpyxl') once (minutes)")
    args = parser.parse_args()
    items = bench_items()
    key = b"\x01" * 32
    print(f"polars {pl.__version__}, fastexcel {fastexcel.__version__}, pandas {pd.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only != "csv":
            bench_xlsx(folder, args.rows, args.repeat, args.openpyxl, items, key)
        if args.only != "xlsx":
            bench_csv(folder, args.csv_rows, args.csv_items, args.repeat, items, key)


if __name__ == "__main__":
    main()
