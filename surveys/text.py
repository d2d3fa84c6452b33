"""Text normalisation shared by every reader: cell cleaning and label matching keys."""

from __future__ import annotations

import functools
import re
import unicodedata

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LINE_BREAKS = re.compile(r"\r\n|\r|\x0b|\u2028|\u2029")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_QUOTES = str.maketrans({"\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"'})
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-"})
# Characters XML 1.0 forbids (they make Word refuse a document and openpyxl raise).
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _unescape(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def clean_cell(value: str) -> str:
    """A text cell as a person typed it: Excel escapes decoded, line breaks unified, NUL removed.

    ``_x000D_`` escapes (Windows line breaks stored by Excel) and ``\\x0b`` soft returns pasted from
    Word become ``\\n``; leading and trailing white space is stripped.
    """
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(_unescape, value)
    value = _LINE_BREAKS.sub("\n", value)
    if "\x00" in value:
        value = value.replace("\x00", "")
    return value.strip()


@functools.lru_cache(maxsize=8192)  # the same headings and labels are keyed over and over (start-up)
def label_key(value: str) -> str:
    """A matching key for labels and headings: the same for every spelling a person may type.

    Case, accents, curly or straight apostrophes, non-breaking spaces, repeated spaces, the final
    « : » of French headings and surrounding punctuation do not matter.
    """
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.translate(_APOSTROPHES).translate(_QUOTES).translate(_DASHES)
    value = value.replace("\u2026", "...").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    value = _SPACES.sub(" ", value).strip().casefold()
    value = re.sub(r"\s*[:?]+$", "", value).strip()
    value = re.sub(r"\s*'\s*", "'", value)
    return value


def snake_ascii(value: str) -> str:
    """``Statut de la proposition`` → ``statut_de_la_proposition`` (open-data column names)."""
    key = label_key(value)
    key = re.sub(r"[^a-z0-9]+", "_", key)
    return key.strip("_")


def strip_illegal_xml(value: str) -> str:
    """Remove the characters XML 1.0 cannot hold (control characters, NUL)."""
    return ILLEGAL_XML.sub("", value)
