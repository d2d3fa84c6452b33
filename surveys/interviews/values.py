"""Reading one cell's value: levels, lists, proposal identifiers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any

from surveys.interviews.model import LEVELS
from surveys.text import clean_cell, label_key

_LEVEL_WORDS = {"absent": 0, "absente": 0, "affirme": 1, "affirmee": 1, "declare": 1, "atteste": 2, "attestee": 2}


class _Invalid:
    """Marker for a value that is present but cannot be read."""


class _Reported:
    """Marker for a value whose absence was already reported (a missing row of a Word table)."""


INVALID = _Invalid()
REPORTED = _Reported()


def compact_key(value: str) -> str:
    """Matching key without spaces or punctuation: « P1 – niveau » → ``p1niveau``."""
    return re.sub(r"[^a-z0-9]", "", label_key(value))


def interview_key(interview_id: str) -> str:
    """Matching key of an interview identifier: case and repeated spaces ignored."""
    return " ".join(interview_id.split()).casefold()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates in ISO form."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()  # cells are cleaned when read (read_table, docx_cell_text)
    return clean_cell(str(value))


def parse_level(value: Any) -> int | _Invalid | None:
    """An evidence level from a cell: 0, 1, 2, « 2 – attesté », « affirmé »…; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        key = label_key(str(value))
        match = re.match(r"^(\d+(?:[.,]\d+)?)(?!\d)", key)
        if match:
            number = float(match.group(1).replace(",", "."))
        else:
            first = re.split(r"[^a-z]+", key, maxsplit=1)[0]
            return _LEVEL_WORDS.get(first, INVALID)
    if number.is_integer() and int(number) in LEVELS:
        return int(number)
    return INVALID


def split_lines(value: Any) -> tuple[str, ...]:
    """Quotes, one per line, without surrounding quotation marks."""
    lines = []
    for line in text_of(value).split("\n"):
        line = line.strip().strip("«»\"“”").strip()
        if line:
            lines.append(line)
    return tuple(lines)


def split_list(value: Any) -> tuple[str, ...]:
    """Services or names separated by « ; » or line breaks (or by commas when there is neither)."""
    text = text_of(value)
    separators = r"[;\n]" if re.search(r"[;\n]", text) else r","
    items: dict[str, str] = {}
    for piece in re.split(separators, text):
        piece = piece.strip().strip("•-–").strip()
        if piece:
            items.setdefault(label_key(piece), piece)
    return tuple(items.values())


def split_proposals(value: Any) -> tuple[str, ...]:
    """Proposal identifiers: « P03, P07 », « P03 ; P07 », « P03 P07 » → (``P03``, ``P07``)."""
    pieces = re.split(r"[\s,;/]+", text_of(value))
    return tuple(dict.fromkeys(p.strip(".").upper() for p in pieces if p.strip(".")))


def proposal_lookup(proposal_ids: Collection[str]) -> dict[str, str]:
    """Register identifiers by their matching key (case ignored)."""
    return {str(p).strip().upper(): str(p).strip() for p in proposal_ids}


def suggest_proposal(wanted: str, known: dict[str, str]) -> str | None:
    """The register identifier meant by ``P3`` or ``P03`` when the register says ``P-03``."""

    def loose(key: str) -> str:
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", re.sub(r"[^A-Z0-9]", "", key))

    matches = [original for key, original in known.items() if loose(key) == loose(wanted)]
    return matches[0] if len(matches) == 1 else None
