"""Masking direct identifiers in free text before it is published (quotes, descriptions).

:func:`redact` replaces e-mail addresses, French telephone numbers, names preceded by a title
(« M. Dupont », « Mme Claire Martin », « Docteur Roy ») and the names it is given (for an
interview: the names listed in its metadata, each also masked part by part) with bracketed
markers. Names are matched whatever their case, accents or apostrophes. It errs towards masking
too much: a title followed by a capitalised word is masked even when the word is a function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from surveys.i18n import t

_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿ"
_UPPER = r"A-ZÀ-ÖØ-Þ"
# The look-behind makes a match start only where a run of address characters starts, so text
# without « @ » costs one pass (without it, every position of a long word was retried: quadratic).
EMAIL = re.compile(rf"(?<![{_LETTER}0-9._%+\-])[{_LETTER}0-9._%+\-]+@[{_LETTER}0-9\-]+(?:\.[{_LETTER}0-9\-]+)+")
# +33 6 12 34 56 78, +33 (0)6 12 34 56 78, 0033 6…, 06 12 34 56 78, 06.12.34.56.78, 0612345678
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)")
_NAME_TOKEN = rf"[{_UPPER}](?:[{_LETTER}'’\-]+|\.)"
_PARTICLE = r"(?:(?:de|du|des|d'|d’|le|la|van|von|di|da)\s*)"
_TITLE = (
    r"(?:\b(?i:monsieur|madame|mademoiselle|messieurs|mesdames|docteure?|professeure?|ma[iî]tre)\b"
    r"|\b(?:MM?\.|Mmes?\b\.?|Mlles?\b\.?|Me\b\.?|Dr\b\.?|Pr\b\.?))"
)
TITLED_NAME = re.compile(rf"{_TITLE}\s+{_PARTICLE}?{_NAME_TOKEN}(?:\s+{_PARTICLE}?{_NAME_TOKEN}){{0,2}}")
_PARTICLES = {"de", "du", "des", "d", "le", "la", "les", "van", "von", "di", "da", "del", "der", "el"}
_FOLD_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})


def redact(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with e-mails, telephone numbers, titled names and the given ``names`` masked."""
    text = TITLED_NAME.sub(t("redaction.name"), redact_contacts(text))
    return redact_names(text, names)


def redact_contacts(text: str) -> str:
    """``text`` with e-mail addresses and telephone numbers masked (names left as they are)."""
    if "@" in text:
        text = EMAIL.sub(t("redaction.email"), text)
    return PHONE.sub(t("redaction.phone"), text)


def redact_names(text: str, names: Iterable[str]) -> str:
    """Mask each full name, then each of its parts (« Claire », « Martin »), as whole words."""
    patterns = _name_patterns(names)
    if not patterns:
        return text
    folded = _fold(text)
    regex = re.compile(rf"(?<![{_LETTER}0-9])(?:{'|'.join(patterns)})(?![{_LETTER}0-9])")
    marker = t("redaction.name")
    pieces, last = [], 0
    for match in regex.finditer(folded):
        pieces.append(text[last : match.start()])
        pieces.append(marker)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _name_patterns(names: Iterable[str]) -> list[str]:
    """Folded, escaped names and name parts, longest first so full names win over parts."""
    forms: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        forms.add(_fold(name))
        words = name.split()
        for part in words + [piece for word in words if "-" in word for piece in word.split("-")]:
            folded = _fold(part).strip("'.-")
            if len(folded) >= 2 and folded not in _PARTICLES:
                forms.add(folded)
    ordered = sorted(forms, key=len, reverse=True)
    return [r"\s+".join(re.escape(word) for word in form.split()) for form in ordered]


def _fold(text: str) -> str:
    """Lower case without accents, apostrophes and dashes unified, one character per character."""
    text = text.translate(_FOLD_PUNCTUATION)
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    if ch.isalpha():
        base = unicodedata.normalize("NFKD", ch)[0]
        return base.lower() if len(base.lower()) == 1 else ch
    return ch
