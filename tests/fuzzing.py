"""Seeded mutation fuzzing of every input kind people hand in.

Input number ``i`` of seed ``s`` is always the same file: a seed file of one kind (register
xlsx/CSV, demarche.yaml, survey CSV/xlsx/ods, codebook, margins, interview workbook, Word grid)
mutated by a few byte, text or zip-member mutations drawn from ``random.Random(f"{s}-{i}")``.
Each input is read by the library function for its kind and classified:

- ``clean``: read without an error;
- ``located``: read with errors, each naming its file;
- ``suivi_error``: refused with :class:`SuiviError` (a French message);
- anything else is a failure: ``traceback`` (another exception), ``unlocated`` (an error without
  a file), ``accounting`` (survey rows kept + excluded ≠ rows in), ``timeout`` (over the time
  limit) or ``abort`` (the process died).

``python tests/fuzzing.py --inputs 100000 --workers 2`` runs each worker in its own process, with
a per-input time limit; a worker that dies or hangs is replaced and the input recorded. The
test suite runs a small budget in-process (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "convention-mobilites"
DATA = ROOT / "tests" / "data"
TIME_LIMIT = 30
ALLOWED = ("clean", "located", "suivi_error")

SEEDS: dict[str, list[Path]] = {
    "register": [EXAMPLE / "propositions.xlsx", DATA / "propositions-valide.csv", DATA / "propositions-variantes.csv"],
    "demarche": [EXAMPLE / "demarche.yaml"],
    "survey": [EXAMPLE / "enquetes" / "questionnaire-avant.csv", EXAMPLE / "enquetes" / "questionnaire-apres.xlsx",
               DATA / "enquete-demarches-simplifiees.ods", DATA / "enquete-google-forms.csv", DATA / "enquete-limesurvey.xlsx"],
    "codebook": [EXAMPLE / "codebook.yaml"],
    "margins": [EXAMPLE / "marges.csv", DATA / "indicateurs-marges.csv"],
    "interviews": [EXAMPLE / "entretiens.xlsx"],
    "grid": sorted((EXAMPLE / "entretiens").glob("*.docx"))[:2],
}
KINDS = tuple(SEEDS)

HOSTILE = [
    "", "\x00", "\r", "\u2028", "=HYPERLINK(\"x\")", "@SUM(A1)", "<b>&amp;</b>", "&#0;", "\"", "'", ";", ",", "\t", "\n\n", "../../etc/passwd",
    "/dev/zero", "!!float abc", "!!bool x", "!!timestamp hier", "!!python/object:os.system", "&a [*a, *a]", "-1e308", "1e309", "NaN",
    "9" * 40, "2026-13-45", "Ne sait pas", "P01", "test", "a" * 32_767, "[" * 500, "é" * 1000, "\ufeff", "\udcff", "Nom / Name",
    "odile@exemple.fr", "06 12 34 56 78", "XFD100000", "{", "}", "- ", ": ", "%", "\\", "\x1a",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few mutations of ``data``; a zip (xlsx, ods, docx) has one of its members mutated instead."""
    if data[:2] == b"PK" and rng.random() < 0.85:
        mutated = _mutate_member(data, rng)
        if mutated is not None:
            return mutated
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(_MUTATIONS)(data, rng)
    return data


def _mutate_member(data: bytes, rng: random.Random) -> bytes | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(info, source.read(info)) for info in source.infolist()]
    except Exception:
        return None
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    if not xml:
        return None
    target = rng.choice(xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for position, (info, content) in enumerate(members):
            if position == target:
                for _ in range(rng.randint(1, 3)):
                    content = rng.choice(_MUTATIONS)(content, rng)
            out.writestr(info.filename, content)
    return buffer.getvalue()


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return b"x"
    position = rng.randrange(len(data))
    return data[:position] + bytes([rng.randrange(256)]) + data[position + 1 :]


def _insert(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    return data[:position] + rng.choice(HOSTILE).encode("utf-8", "surrogatepass") + data[position:]


def _replace_token(data: bytes, rng: random.Random) -> bytes:
    """Replace the text between two delimiters (a cell, a YAML value, an XML text node)."""
    if not data:
        return data
    start = rng.randrange(len(data))
    delimiters = b",;\n:<>\""
    while start < len(data) and data[start] not in delimiters:
        start += 1
    end = start + 1
    while end < len(data) and data[end] not in delimiters:
        end += 1
    return data[: start + 1] + rng.choice(HOSTILE).encode("utf-8", "surrogatepass") + data[end:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, min(200, len(data) - start)) :]


def _duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    position = rng.randrange(len(lines))
    return b"\n".join(lines[:position] + [lines[position]] * rng.randint(2, 50) + lines[position:])


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 3:
        return data
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [_flip, _insert, _replace_token, _replace_token, _delete, _duplicate_lines,
                                                             _swap_lines, _truncate, _insert]


# --- Reading each kind --------------------------------------------------------------------------------


def _problems_outcome(report: Any) -> str:
    errors = [p for p in report if p.severity == "error"]
    if any(not p.file for p in errors):
        return "unlocated"
    return "located" if errors else "clean"


def _read(kind: str, path: Path, folder: Path) -> str:
    from surveys.problems import ProblemReport

    report = ProblemReport()
    if kind == "register":
        from evaluation.followup.register import load_register

        load_register(path, report)
    elif kind == "demarche":
        from evaluation.demarche.model import load_demarche

        load_demarche(folder, report)
    elif kind == "survey":
        return _read_survey(path, report)
    elif kind == "codebook":
        from evaluation.fieldwork.survey_data import _item_bank_codebook
        from surveys.exports.codebook import load_codebook

        load_codebook(path, report, base=_item_bank_codebook())
    elif kind == "margins":
        from evaluation.fieldwork.reference_data import load_margins

        load_margins(path, report)
    elif kind == "interviews":
        from surveys.interviews import load_interviews

        load_interviews(path, report)
    elif kind == "grid":
        from surveys.interviews.word import read_interview_docx

        read_interview_docx(path, report)
    return _problems_outcome(report)


def _read_survey(path: Path, report: Any) -> str:
    from evaluation.fieldwork.survey_data import _item_bank_codebook
    from surveys.exports.importer import EXCLUDED, KEPT, SurveySource, import_surveys
    from surveys.exports.items import Wave

    data = import_surveys([SurveySource(path, Wave.PRE)], _item_bank_codebook(), key=b"\x01" * 32)
    report.extend(data.problems)
    for imported in data.files:
        table = imported.table
        rows_in = len(table.rows) + len(table.skipped_blank_rows) if table is not None else 0
        rows = imported.rows
        if len(rows) != rows_in or not set(rows["status"]) <= {KEPT, EXCLUDED} or (rows.loc[rows["status"] == EXCLUDED, "reason"] == "").any():
            return "accounting"
        if rows["row"].duplicated().any():
            return "accounting"
    return _problems_outcome(report)


def _file_name(kind: str, seed: Path) -> str:
    return "demarche.yaml" if kind == "demarche" else seed.name


def run_one(seed: int, index: int, workdir: Path) -> tuple[str, str, str]:
    """(kind, outcome, detail) of input ``index``: the detail names the exception of a failure."""
    from surveys.problems import SuiviError

    rng = random.Random(f"{seed}-{index}")
    kind = KINDS[index % len(KINDS)]
    source = rng.choice(SEEDS[kind])
    folder = workdir / f"i{index}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _file_name(kind, source)
    path.write_bytes(mutate(source.read_bytes(), rng))
    try:
        outcome = _read(kind, path, folder)
        detail = ""
    except SuiviError as exc:
        outcome, detail = ("suivi_error", "") if str(exc).strip() else ("traceback", "SuiviError sans message")
    except TimeoutError:
        outcome, detail = "timeout", f"plus de {TIME_LIMIT} s"
    except Exception as exc:
        outcome, detail = "traceback", f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return kind, outcome, detail


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TimeoutError in this (main) thread after ``seconds``."""

    def expired(*_: Any) -> None:
        raise TimeoutError(f"plus de {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- Many inputs in worker processes ------------------------------------------------------------------


def _worker(seed: int, start: int, step: int, stop: int) -> None:
    """Run inputs ``start, start + step… < stop``, printing one JSON line per input."""
    with tempfile.TemporaryDirectory(prefix="suivi-fuzz-") as tmp:
        for index in range(start, stop, step):
            began = time.perf_counter()
            try:
                with time_limit(TIME_LIMIT):
                    kind, outcome, detail = run_one(seed, index, Path(tmp))
            except TimeoutError:
                kind, outcome, detail = KINDS[index % len(KINDS)], "timeout", ""
            print(json.dumps({"index": index, "kind": kind, "outcome": outcome, "detail": detail,
                              "seconds": round(time.perf_counter() - began, 3)}), flush=True)


def _drive(seed: int, start: int, step: int, stop: int, results: list[dict[str, Any]], lock: threading.Lock, deadline: float) -> None:
    """Run one share of the inputs in a worker process, replacing it when it dies or hangs (until ``deadline``)."""
    while start < stop and time.monotonic() < deadline:
        process = subprocess.Popen([sys.executable, __file__, "--worker", str(seed), str(start), str(step), str(stop)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        assert process.stdout is not None
        hung = False
        while True:
            ready, _, _ = select.select([process.stdout], [], [], TIME_LIMIT + 30)
            if not ready:
                hung = True
                break
            line = process.stdout.readline()
            if not line:
                break
            record = json.loads(line)
            start = record["index"] + step
            with lock:
                results.append(record)
            if time.monotonic() >= deadline:
                stop = start  # out of time: what was run is reported
                hung = True
                break
        if hung:
            process.kill()
        process.wait()
        if start < stop and time.monotonic() < deadline:
            # The process ended (or hung) before finishing: the input it was reading is the culprit.
            with lock:
                results.append({"index": start, "kind": KINDS[start % len(KINDS)], "outcome": "timeout" if hung else "abort",
                                "detail": f"code de sortie {process.returncode}", "seconds": None})
            start += step


def run_many(count: int, workers: int, seed: int, budget: float = float("inf")) -> dict[str, Any]:
    """Run ``count`` inputs over ``workers`` processes (or as many as ``budget`` seconds allow); return the figures."""
    results: list[dict[str, Any]] = []
    lock = threading.Lock()
    started = time.perf_counter()
    threads = [threading.Thread(target=_drive, args=(seed, w, workers, count, results, lock, time.monotonic() + budget)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = collections.Counter(r["outcome"] for r in results)
    by_kind = collections.Counter((r["kind"], r["outcome"]) for r in results)
    slowest = sorted((r for r in results if r["seconds"] is not None), key=lambda r: -r["seconds"])[:5]
    failures = [r for r in results if r["outcome"] not in ALLOWED]
    return {"inputs": len(results), "seconds": round(time.perf_counter() - started, 1), "outcomes": dict(outcomes),
            "by_kind": {f"{k}/{o}": n for (k, o), n in sorted(by_kind.items())}, "slowest": slowest,
            "failures": failures[:50]}


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz every input kind of suivi.")
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--seconds", type=float, default=float("inf"), help="stop after this many seconds and report the inputs run")
    parser.add_argument("--worker", nargs=4, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    figures = run_many(args.inputs, args.workers, args.seed, args.seconds)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    sys.exit(0 if not figures["failures"] else 1)


if __name__ == "__main__":
    main()
