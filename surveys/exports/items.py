"""Items and answer scales: what a survey column means once mapped.

Shared by the codebook (``codebook.yaml`` of a démarche) and the standard item bank of
``indicators``: both are lists of :class:`ItemSpec` with named :class:`Scale` objects.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


class MissingReason(StrEnum):
    """Why an answer has no value. Explicit non-answers are kept apart from blanks."""

    VALID = ""
    BLANK = "blank"  # the cell is empty
    DONT_KNOW = "dont_know"  # « Ne sait pas », « NSP »
    NO_OPINION = "no_opinion"  # « Sans opinion »
    NO_ANSWER = "no_answer"  # « Sans réponse », « Ne souhaite pas répondre »
    NOT_APPLICABLE = "not_applicable"  # « Non concerné »


class Wave(StrEnum):
    PRE = "pre"
    POST = "post"
    FOLLOW_UP = "follow_up"


# What people type for each wave besides its value; the first is the French name shown to them.
WAVE_NAMES: dict[Wave, tuple[str, ...]] = {Wave.PRE: ("avant",), Wave.POST: ("après", "apres"), Wave.FOLLOW_UP: ("suivi", "follow-up")}


def plain(text: str) -> str:
    """Case, accents, spaces and hyphens ignored: « Après », « apres », « APRES » are one word."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", "_").replace(" ", "_")


_WAVES_TYPED = {plain(name): wave for wave, names in WAVE_NAMES.items() for name in (wave.value, *names)}


def typed_wave(value: object) -> object:
    """A wave as typed (« avant », « Après », « post »…) as its :class:`Wave`; anything else unchanged."""
    return _WAVES_TYPED.get(plain(value), value) if isinstance(value, str) else value


# A wave in a file people edit: « avant », « après », « suivi » as well as the values.
TypedWave = Annotated[Wave, BeforeValidator(typed_wave)]


class Scale(BaseModel):
    """An ordered answer scale: canonical labels with their numeric values, lowest first.

    ``top_box`` lists the values that count as agreement (top-2-box); ``nonanswers`` maps the
    explicit non-answer labels of this scale to a :class:`MissingReason`.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    labels: dict[str, float]
    top_box: tuple[float, ...] = ()
    nonanswers: dict[str, MissingReason] = Field(default_factory=dict)
    numeric: bool = False  # a 0–10 style scale where the number itself may be typed
    synonyms: dict[str, str] = Field(default_factory=dict)  # variant label → canonical label

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        values = list(self.labels.values())
        if values != sorted(values):
            raise ValueError(f"scale {self.id}: labels must be listed from the lowest value to the highest")
        if not set(self.top_box) <= set(values):
            raise ValueError(f"scale {self.id}: top_box values must be values of the scale")
        if not set(self.synonyms.values()) <= set(self.labels) | set(self.nonanswers):
            raise ValueError(f"scale {self.id}: synonyms must point to labels or non-answers of the scale")
        return self

    @property
    def minimum(self) -> float:
        return min(self.labels.values())

    @property
    def maximum(self) -> float:
        return max(self.labels.values())


class ItemSpec(BaseModel):
    """One question (or one row of a grid question), as the analysis knows it.

    ``wording`` is the French question text; ``aliases`` are other texts or column codes that
    designate the same item (matched after :func:`surveys.text.label_key`).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    wording: str
    scale: Scale
    wording_en: str | None = None
    aliases: tuple[str, ...] = ()
    reverse: bool = False
    dimension: str | None = None
    waves: tuple[Wave, ...] = (Wave.PRE, Wave.POST)
    source: str | None = None
    reference: str | None = None  # where the wording comes from (variable name, annex…)
    audience: str = "participants"  # who is asked: ``participants`` or ``administration``
