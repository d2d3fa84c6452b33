"""Answer labels as people export them, decoded against an item's scale.

A cell such as « plutot d’accord  », « 3 - Plutôt d'accord », « Très satisfait(e) » or « NSP » is
reduced to a matching key (:func:`answer_key`) and looked up in a table built from the scale: its
canonical labels, its synonyms, its explicit non-answers, the usual French variants
(:data:`SYNONYM_GROUPS`) and answer codes (LimeSurvey « A1 »…). An unknown label is not guessed:
it is reported with the closest known label as a suggestion.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.exports.items import MissingReason, Scale
from surveys.text import label_key

_NUMBERING = re.compile(r"^\(?\d{1,2}\)?\s*[-=.):]\s*(?=[^\d\s])")
_GENDER = re.compile(r"\((?:e|es|s)\)|[·.](?:e|es)\b")
_PUNCT = re.compile(r"[,;.!()\[\]/]+")
_SPACES = re.compile(r"\s+")
_LIME_CODE = re.compile(r"^A(\d{1,2})$")
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)(?:\s*$|\s*[-=.):(]|\s+\D)")

# Explicit non-answers recognised on every scale (matching keys of :func:`answer_key`).
NONANSWERS: dict[str, MissingReason] = {
    "ne sait pas": MissingReason.DONT_KNOW,
    "ne sais pas": MissingReason.DONT_KNOW,
    "je ne sais pas": MissingReason.DONT_KNOW,
    "nsp": MissingReason.DONT_KNOW,
    "don't know": MissingReason.DONT_KNOW,
    "sans opinion": MissingReason.NO_OPINION,
    "pas d'opinion": MissingReason.NO_OPINION,
    "ne se prononce pas": MissingReason.NO_OPINION,
    "nspp": MissingReason.NO_OPINION,
    "no opinion": MissingReason.NO_OPINION,
    "sans reponse": MissingReason.NO_ANSWER,
    "pas de reponse": MissingReason.NO_ANSWER,
    "refus": MissingReason.NO_ANSWER,
    "ne souhaite pas repondre": MissingReason.NO_ANSWER,
    "je ne souhaite pas repondre": MissingReason.NO_ANSWER,
    "prefere ne pas repondre": MissingReason.NO_ANSWER,
    "no answer": MissingReason.NO_ANSWER,
    "non concerne": MissingReason.NOT_APPLICABLE,
    "non concernee": MissingReason.NOT_APPLICABLE,
    "non applicable": MissingReason.NOT_APPLICABLE,
    "sans objet": MissingReason.NOT_APPLICABLE,
    "s o": MissingReason.NOT_APPLICABLE,
    "so": MissingReason.NOT_APPLICABLE,
    "n a": MissingReason.NOT_APPLICABLE,
    "na": MissingReason.NOT_APPLICABLE,
    "nc": MissingReason.NOT_APPLICABLE,
    "not applicable": MissingReason.NOT_APPLICABLE,
}

# Canonical French label of each non-answer, used when the scale names none.
NONANSWER_LABELS: dict[MissingReason, str] = {
    MissingReason.DONT_KNOW: "Ne sait pas",
    MissingReason.NO_OPINION: "Sans opinion",
    MissingReason.NO_ANSWER: "Sans réponse",
    MissingReason.NOT_APPLICABLE: "Non concerné",
}

# Spellings of the same answer seen in real French questionnaires: when one member of a group is
# a label of the scale, the other members are read as that label.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("ni d'accord ni pas d'accord", "ni d'accord ni en desaccord", "ni en accord ni en desaccord",
     "neutre", "ni l'un ni l'autre", "indifferent"),
    ("tout a fait d'accord", "totalement d'accord", "completement d'accord", "entierement d'accord",
     "fortement d'accord"),
    ("pas du tout d'accord", "totalement en desaccord", "fortement en desaccord",
     "tout a fait en desaccord", "pas du tout d'accord du tout"),
    ("plutot pas d'accord", "plutot en desaccord"),
    ("plutot satisfait", "assez satisfait"),
    ("plutot pas satisfait", "peu satisfait"),
    ("non plutot pas", "non pas vraiment"),
    ("tres confiance", "tout a fait confiance"),
    ("plutot confiance", "assez confiance"),
    ("plutot pas confiance", "pas tres confiance"),
    ("pas du tout confiance", "pas confiance du tout"),
    ("oui", "yes", "vrai"),
    ("non", "no", "faux"),
)


@functools.lru_cache(maxsize=8192)  # every column of a scale keys the same labels again
def answer_key(text: str) -> str:
    """The matching key of an answer label.

    On top of :func:`surveys.text.label_key` (case, accents, apostrophes, spaces), a leading
    numbering (« 3 - », « 2) »), inclusive-writing endings (« (e) », « ·e », « .e ») and
    punctuation (« Ni d'accord, ni pas d'accord ») do not matter.
    """
    key = label_key(text)
    key = _NUMBERING.sub("", key)
    key = _GENDER.sub("", key)
    key = _PUNCT.sub(" ", key)
    return _SPACES.sub(" ", key).strip()


@dataclass(frozen=True)
class Answer:
    """A decoded cell: numeric value (NaN when missing), canonical label, missing reason."""

    value: float
    label: str
    missing: MissingReason
    numeric_code: bool = False  # read from a bare number on a labelled scale


BLANK = Answer(math.nan, "", MissingReason.BLANK)


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def _as_number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        match = _NUMBER.match(raw)
        if match:
            return float(match.group(1).replace(",", "."))
    return None


class ScaleDecoder:
    """Decodes the cells of one item against its scale (and optional answer codes)."""

    def __init__(self, scale: Scale, codes: Mapping[str, str] | None = None) -> None:
        self.scale = scale
        self._by_value = {value: label for label, value in scale.labels.items()}
        self._table: dict[str, Answer] = {}
        for label, value in scale.labels.items():
            self._table[answer_key(label)] = Answer(float(value), label, MissingReason.VALID)
        scale_nonanswers = {reason: label for label, reason in scale.nonanswers.items()}
        for label, reason in scale.nonanswers.items():
            self._table.setdefault(answer_key(label), Answer(math.nan, label, MissingReason(reason)))
        for variant, target in scale.synonyms.items():
            found = self._table.get(answer_key(target))
            if found is not None:
                self._table.setdefault(answer_key(variant), found)
        for key, reason in NONANSWERS.items():
            label = scale_nonanswers.get(reason, NONANSWER_LABELS[reason])
            self._table.setdefault(key, Answer(math.nan, label, reason))
        for group in SYNONYM_GROUPS:
            present = [self._table[k] for k in group if k in self._table and self._table[k].missing is MissingReason.VALID]
            if present:
                for key in group:
                    self._table.setdefault(key, present[0])
        self._bands = _bands(scale)
        self._codes: dict[str, Answer] = {}
        self._foreign_codes: set[str] = set()  # codes whose label is not on the scale: never read as a position
        for code, label in (codes or {}).items():
            found = self._table.get(answer_key(label))
            if found is not None:
                self._codes[str(code).strip()] = found
            else:
                self._foreign_codes.add(str(code).strip())

    def decode(self, raw: Any) -> Answer | None:
        """The answer a cell holds, :data:`BLANK` for an empty cell, ``None`` when unknown."""
        if is_blank(raw):
            return BLANK
        if isinstance(raw, str):
            text = raw.strip()
            coded = self._codes.get(text)
            if coded is not None:
                return coded
            if text in self._foreign_codes:
                return None
            if self.scale.numeric:
                number = _as_number(text)
                if number is not None:
                    return self._number(number, coded_label=False)
            found = self._table.get(answer_key(text))
            if found is not None:
                return found
            number = _as_number(text)
            if number is not None and _NUMBER.fullmatch(text):
                return self._number(number, coded_label=True)
            lime = _LIME_CODE.match(text)
            if lime:  # LimeSurvey label-set codes « A1 », « A2 »… in scale order
                return self._position(int(lime.group(1)))
            return None
        if isinstance(raw, bool):
            return self._table.get("oui" if raw else "non")
        number = _as_number(raw)
        if number is not None:
            code = str(int(number)) if number.is_integer() else str(number)
            coded = self._codes.get(code)
            if coded is not None:
                return coded
            if code in self._foreign_codes:
                return None
            return self._number(number, coded_label=not self.scale.numeric)
        return None

    def _number(self, number: float, *, coded_label: bool) -> Answer | None:
        if self.scale.numeric:
            if self.scale.minimum <= number <= self.scale.maximum:
                label = self._by_value.get(number, _format_number(number))
                return Answer(number, label, MissingReason.VALID)
            return None
        if self._bands:
            # « 18-24 ans », « 65 ans et plus »: a number is an age (or size) to put in its band.
            band = next((label for low, high, label in self._bands if low <= number <= high), None)
            return None if band is None else Answer(float(self.scale.labels[band]), band, MissingReason.VALID)
        if number in self._by_value:
            return Answer(number, self._by_value[number], MissingReason.VALID, numeric_code=coded_label)
        return None

    def _position(self, code: int) -> Answer | None:
        """The answer of a LimeSurvey default code « An »: the scale value n, even on banded
        scales where a bare number would be an age."""
        if self._bands and not self.scale.numeric:
            label = self._by_value.get(float(code))
            return None if label is None else Answer(float(code), label, MissingReason.VALID, numeric_code=True)
        return self._number(float(code), coded_label=True)

    def suggest(self, raw: Any) -> str | None:
        """The known label closest to an unknown cell, if any is reasonably close."""
        key = answer_key(str(raw))
        close = difflib.get_close_matches(key, list(self._table), n=1, cutoff=0.6)
        return self._table[close[0]].label if close else None

    @property
    def labels(self) -> list[str]:
        return list(self.scale.labels)


_RANGE = re.compile(r"^(?:de )?(\d[\d ]*)\s*(?:-|a)\s*(\d[\d ]*)\b")
_AT_LEAST = re.compile(r"^(\d[\d ]*)\b.*\b(?:et plus|ou plus)$|^plus de (\d[\d ]*)\b")
_BELOW = re.compile(r"^moins de (\d[\d ]*)\b")


def _bands(scale: Scale) -> list[tuple[float, float, str]]:
    """Numeric bands of a scale whose every label is one (« 18-24 ans », « 65 ans et plus »)."""
    bands = []
    for label in scale.labels:
        key = label_key(label)
        if match := _RANGE.match(key):
            low, high = float(match.group(1).replace(" ", "")), float(match.group(2).replace(" ", ""))
        elif match := _AT_LEAST.match(key):
            low, high = float((match.group(1) or match.group(2)).replace(" ", "")), math.inf
        elif match := _BELOW.match(key):
            low, high = -math.inf, float(match.group(1).replace(" ", "")) - 1
        else:
            return []
        bands.append((low, high + 0.999 if math.isfinite(high) else high, label))
    return bands


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


TRUE_MARKS = frozenset({"y", "yes", "oui", "1", "x", "true", "vrai", "selected", "coche", "selectionne"})
FALSE_MARKS = frozenset({"n", "no", "non", "0", "false", "faux", "not selected", "non selectionne", "non coche"})


def checkbox_state(raw: Any) -> bool | None:
    """Whether a one-column-per-option cell is ticked: True, False, or None when unreadable."""
    if is_blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return {1.0: True, 0.0: False}.get(float(raw))
    key = answer_key(str(raw))
    if key in TRUE_MARKS:
        return True
    if key in FALSE_MARKS:
        return False
    return None
