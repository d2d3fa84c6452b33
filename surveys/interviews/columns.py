"""The columns of the interview workbook and of the Word grid's tables, as people head them."""

from __future__ import annotations

import functools
import re

from surveys.i18n import current_language, t
from surveys.interviews.model import CODES, COLLABORATION_CODE
from surveys.interviews.values import compact_key

META_FIELDS = ("interview_id", "coder", "date", "role", "service", "names")
REQUIRED_META = ("interview_id", "coder")
PARTS = ("level", "justification", "quotes")
_META_ALIASES = {
    "interview_id": ("identifiant", "identifiant de l'entretien", "id entretien", "n° entretien", "entretien n°", "code entretien"),
    "coder": ("codeur", "codeuse", "codeur·se", "codeur.se", "codeur/codeuse"),
    "date": ("date",),
    "role": ("fonction", "role", "poste", "fonction de l'interviewe"),
    "service": ("service de la personne interrogee", "direction", "service ou direction"),
    "names": ("noms a masquer dans les citations", "personnes a anonymiser", "noms"),
}


def field_label(name: str) -> str:
    """The heading of a metadata field (« Codeur ou codeuse »)."""
    return t(f"interview.field.{name}")


def column_label(code: str, part: str) -> str:
    """The heading of a code column (« P1 niveau »)."""
    return t(f"interview.column.{part}", code=code)


def meta_keys() -> dict[str, str]:
    """Matching keys of the metadata headings and their aliases, for the current language."""
    return _meta_keys_for(current_language())


@functools.lru_cache(maxsize=4)
def _meta_keys_for(language: str) -> dict[str, str]:
    keys = {}
    for name in META_FIELDS:
        keys[compact_key(field_label(name))] = name
        for alias in _META_ALIASES[name]:
            keys[compact_key(alias)] = name
    return keys


_CODE_COLUMN = re.compile(r"^(p\d+|tm)(.*)$")


def classify_header(header: str) -> tuple[str, str, str] | None:
    """What a heading of the « Entretiens » sheet holds.

    Returns ``("meta", field, "")``, ``("code", code, part)`` with part ``level``,
    ``justification`` or ``quotes``, ``("services", "before"|"after", "")``,
    ``("unknown_code", code, "")`` for a code that is not on the grid, or None.
    """
    key = compact_key(header)
    meta = meta_keys().get(key)
    if meta:
        return ("meta", meta, "")
    match = _CODE_COLUMN.match(key)
    if not match:
        return None
    code, rest = match.group(1).upper(), match.group(2)
    if code == COLLABORATION_CODE and "service" in rest:
        if "avant" in rest:
            return ("services", "before", "")
        if "apres" in rest:
            return ("services", "after", "")
    if rest in ("", "niveau") or rest.startswith("niveau"):
        part = "level"
    elif rest.startswith("justif"):
        part = "justification"
    elif rest.startswith("citation"):
        part = "quotes"
    else:
        return None
    if code not in CODES:
        return ("unknown_code", code, "")
    return ("code", code, part)


def sheet_name(kind: str) -> str:
    """French name of a sheet of the workbook: ``main``, ``blind_spots``, ``reconciliation``…"""
    return t(f"interview.sheet.{kind}")
