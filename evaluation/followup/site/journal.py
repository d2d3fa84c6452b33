"""The publication journal: an append-only, hash-chained record of what was published, and when.

``DIR/journal/`` holds one file per publication, ``000001.jsonl``, ``000002.jsonl``… Each file has
two JSON lines: a header (``numero``, ``date`` of publication, ``precedent`` = the previous
entry's ``empreinte``, ``empreinte``) then the content (the démarche's id and title, and the
register's public fields as published, see :func:`evaluation.followup.opendata.records`). The
``empreinte`` is the SHA-256 of the header without it (canonical JSON) followed by a newline and
the content line's bytes, so verifying an entry never re-serialises its content. The decision
date of a proposal (decided) and the entry's date (published) are separate facts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.documents.outputs import atomic_path
from surveys.i18n import t
from surveys.problems import SuiviError

JOURNAL_FOLDER = "journal"
GENESIS = "0" * 64  # the « previous fingerprint » of the first entry
_NAME = re.compile(r"^(\d{6})\.jsonl$")


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that is hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(header: dict[str, Any], content: bytes) -> str:
    """SHA-256 of the header (without its own ``empreinte``) and the content line."""
    body = {k: v for k, v in header.items() if k != "empreinte"}
    return hashlib.sha256(canonical(body) + b"\n" + content).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One publication: its number, date, chain fingerprints and what was published.

    ``raw`` is the content line as stored; it is parsed only when the content is read, so
    verifying a long journal costs little more than hashing its files.
    """

    number: int
    date: dt.date
    previous: str
    fingerprint: str
    raw: bytes = field(repr=False)

    @functools.cached_property
    def content(self) -> dict[str, Any]:
        value = json.loads(self.raw)
        return value if isinstance(value, dict) else {}

    @property
    def records(self) -> list[dict[str, Any]]:
        """The register's public fields, one dict per proposal, as published."""
        return list(self.content.get("propositions", []))

    @property
    def file_name(self) -> str:
        return entry_name(self.number)


def entry_name(number: int) -> str:
    return f"{number:06d}.jsonl"


def new_entry(previous: Entry | None, date: dt.date, content: dict[str, Any]) -> tuple[Entry, bytes]:
    """The next entry after ``previous`` and the bytes of its file (nothing written)."""
    number = previous.number + 1 if previous else 1
    header: dict[str, Any] = {"numero": number, "date": date.isoformat(), "precedent": previous.fingerprint if previous else GENESIS}
    line = canonical(content)
    header["empreinte"] = fingerprint(header, line)
    entry = Entry(number, date, header["precedent"], header["empreinte"], line)
    return entry, canonical(header) + b"\n" + line + b"\n"


def append(folder: Path, entry_bytes: bytes, entry: Entry) -> Path:
    """Write one new entry file atomically; an existing entry is never replaced."""
    target = folder / JOURNAL_FOLDER / entry_name(entry.number)
    if target.exists():
        raise SuiviError(t("journal.exists", file=target.name), code="journal_entree_existante")
    with atomic_path(target) as tmp:
        tmp.write_bytes(entry_bytes)
    return target


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify`: the entries read, and the first problem (``None`` when intact)."""

    entries: list[Entry]
    problem: str | None = None
    number: int | None = None  # the first entry at fault

    @property
    def intact(self) -> bool:
        return self.problem is None


def _files(folder: Path) -> list[tuple[int, Path]]:
    journal = folder / JOURNAL_FOLDER
    if not journal.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in journal.iterdir() if (m := _NAME.match(p.name))]
    return sorted(found)


def _parse(path: Path) -> tuple[dict[str, Any], bytes] | None:
    data = path.read_bytes()
    head, sep, rest = data.partition(b"\n")
    if not sep or not rest.endswith(b"\n"):
        return None
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if not isinstance(header, dict) or not {"numero", "date", "precedent", "empreinte"} <= header.keys():
        return None
    return header, rest[:-1]


def _check(expected: int, number: int, path: Path, previous: str) -> tuple[str, Entry | None]:
    """The entry one file holds, or the French problem that stops the verification."""
    if number != expected:
        return t("journal.missing", number=expected, file=entry_name(expected)), None
    parsed = _parse(path)
    if parsed is None:
        return t("journal.unreadable", number=number, file=path.name), None
    header, content = parsed
    if fingerprint(header, content) != header["empreinte"]:
        return t("journal.altered", number=number, file=path.name), None
    if header["numero"] != number:
        return t("journal.moved", number=number, file=path.name, found=header["numero"]), None
    if header["precedent"] != previous:
        return t("journal.broken_chain", number=number, file=path.name, previous=number - 1), None
    try:
        date = dt.date.fromisoformat(str(header["date"]))
    except ValueError:
        return t("journal.unreadable", number=number, file=path.name), None
    return "", Entry(number, date, header["precedent"], header["empreinte"], content)


def verify(folder: Path | str) -> Verification:
    """Read and check every entry in order; stop at the first altered, removed or reordered one."""
    entries: list[Entry] = []
    previous = GENESIS
    for expected, (number, path) in enumerate(_files(Path(folder)), start=1):
        problem, entry = _check(expected, number, path, previous)
        if entry is None:
            return Verification(entries, problem, expected)
        entries.append(entry)
        previous = entry.fingerprint
    return Verification(entries)


def read_journal(folder: Path | str) -> list[Entry]:
    """The entries of an intact journal; :class:`SuiviError` naming the first bad entry otherwise."""
    result = verify(folder)
    if not result.intact:
        raise SuiviError(t("journal.refused", problem=result.problem), code="journal_altere", file=JOURNAL_FOLDER)
    return result.entries
