"""Writing outputs safely: atomically, with citizen text neutralised for spreadsheets and XML.

Citizen text is untrusted. In every CSV and XLSX written, a cell starting with ``=``, ``+``, ``-``,
``@`` (or a tab / carriage return) is prefixed with an apostrophe so no spreadsheet runs it as a
formula; characters XML cannot hold are removed everywhere. Files are written to a temporary
file in the same folder and renamed, so an interrupted run leaves the previous output intact.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from surveys.i18n import t
from surveys.problems import SuiviError
from surveys.text import strip_illegal_xml

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix text a spreadsheet would evaluate as a formula with an apostrophe (OWASP advice)."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_text(value: str) -> str:
    """Text fit for any XML-based document: illegal characters removed, nothing else changed."""
    return strip_illegal_xml(value)


def safe_cell(value: Any) -> Any:
    """A value fit for a spreadsheet cell or a CSV field: text cleaned and neutralised."""
    if isinstance(value, str):
        return neutralise_formula(strip_illegal_xml(value))
    return value


def check_output_folder(folder: Path, *, advice: str = "output.advice.out") -> None:
    """Refuse, in French, an output folder that is a file or lies under a file; nothing is created.

    ``advice`` is the catalogue key of the sentence that says how to choose another folder.
    """
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return
        if candidate.exists():
            key = "output.is_file" if candidate == folder else "output.under_file"
            raise SuiviError(t(key, folder=folder, file=candidate, advice=t(advice)), code="sortie_pas_un_dossier", file=candidate.name)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        check_output_folder(target.parent)
        raise
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _file_mode(target))
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files a killed run left beside ``target`` (their process is gone).

    Temporary names carry the writer's process id (``.NAME.PID.<random>.tmp``); one whose process
    still runs is left alone, so two runs at once never delete each other's files.
    """
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or not _running(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _file_mode(target: Path) -> int:
    """The mode a plain new file would get (mkstemp makes it owner-only), or the replaced file's."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def write_text(target: Path, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))


def write_json(target: Path, payload: Any) -> Path:
    return write_text(target, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def write_csv(target: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], *, bom: bool = False) -> Path:
    """Open-data CSV: UTF-8, comma, ``"`` quoting, text cells neutralised, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    data = buffer.getvalue().encode("utf-8")
    return write_bytes(target, (b"\xef\xbb\xbf" if bom else b"") + data)


def save_with(target: Path, save: Callable[[IO[bytes]], None]) -> Path:
    """Atomically write whatever ``save(stream)`` writes (python-docx, openpyxl, matplotlib…)."""
    with atomic_path(target) as tmp, tmp.open("wb") as stream:
        save(stream)
    return target
