"""What each column of a survey export is: an item, a profile question, metadata, an identifier…

Columns are matched to items by question code or question text (after
:func:`surveys.text.label_key`), trying each way the heading may name a question
(:func:`surveys.exports.formats.heading`). Items the codebook defines win over those of the item bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from surveys.exports.codebook import PROFILE_DIMENSION, Codebook
from surveys.exports.formats import IDENTIFYING, Heading, Role, Tool, heading, is_free_text_part, metadata_role
from surveys.exports.items import ItemSpec
from surveys.exports.labels import answer_key
from surveys.text import label_key


class Kind(StrEnum):
    """The place of a column in the import report."""

    ITEM = "item"  # mapped to an item (or to one option of a multiple-choice item)
    PROFILE = "profile"  # panel profile question (sex, age band…), for representativeness
    METADATA = "metadata"  # dates, response number, language…
    IDENTIFIER = "identifier"  # name, e-mail, phone, IP, token: used for matching, then dropped
    IGNORED = "ignored"  # free-text « other » or comment parts, second column of the same item
    UNMAPPED = "unmapped"  # a question no item matches


@dataclass(frozen=True)
class ColumnPlan:
    """The decision about one column: its kind, role or item, and the option it stands for."""

    position: int
    name: str  # frame column name
    header: str
    letter: str
    kind: Kind
    role: Role | None = None
    item: str | None = None
    option: str | None = None  # canonical option label for one-column-per-option answers
    heading: Heading | None = None


class _Place(TypedDict):
    """Where a column is: the first four fields of its :class:`ColumnPlan`."""

    position: int
    name: str
    header: str
    letter: str


class ItemIndex:
    """Matching keys of items: wording, English wording and aliases (codes, other texts)."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.items = {item.id: item for item in codebook.items}
        self._keys: dict[str, str] = {}
        ordered = [i for i in codebook.items if i.id not in codebook.own_items] + [
            i for i in codebook.items if i.id in codebook.own_items
        ]
        for item in ordered:
            for text in (item.wording_en, item.wording, *item.aliases):
                if text:
                    self._keys[label_key(text)] = item.id
        self._options: dict[str, dict[str, str]] = {}
        for item_id in codebook.multiple:
            spec = self.items.get(item_id)
            if spec is None:
                continue
            table = {answer_key(label): label for label in spec.scale.labels}
            table.update({answer_key(code): label for code, label in codebook.codes.get(item_id, {}).items()})
            table.update({label_key(code): label for code, label in codebook.codes.get(item_id, {}).items()})
            self._options[item_id] = table

    def match(self, candidates: Sequence[str]) -> str | None:
        for candidate in candidates:
            found = self._keys.get(label_key(candidate))
            if found is not None:
                return found
        return None

    def option(self, item_id: str, text: str) -> str | None:
        table = self._options.get(item_id, {})
        return table.get(answer_key(text)) or table.get(label_key(text))

    def is_multiple(self, item_id: str) -> bool:
        return item_id in self._options

    def is_profile(self, item_id: str) -> bool:
        return self.items[item_id].dimension == PROFILE_DIMENSION

    def item(self, item_id: str) -> ItemSpec:
        return self.items[item_id]

    def known_header(self, text: str) -> bool:
        """Whether a heading is metadata or an item heading (helps to find the header row)."""
        return metadata_role(text) is not None or self.match(heading(text).candidates) is not None


def plan_columns(
    names: Sequence[str],
    headers: Sequence[str],
    letters: Sequence[str],
    index: ItemIndex,
    tool: Tool,
    groups: Sequence[str | None] | None = None,
    respondent_key: str | None = None,
    ignored: Sequence[str] = (),
    extra: Sequence[Sequence[str]] | None = None,
) -> list[ColumnPlan]:
    """Decide what each column is.

    ``groups`` gives the heading above each column (Framaforms); ``extra`` more names of each
    column, tried first (question codes from a LimeSurvey R syntax file).
    """
    plans: list[ColumnPlan] = []
    taken: set[tuple[str, str | None]] = set()
    key_header = label_key(respondent_key) if respondent_key else None
    ignored_keys = {label_key(h) for h in ignored}
    for position, (name, header, letter) in enumerate(zip(names, headers, letters)):
        group = groups[position] if groups else None
        base: _Place = {"position": position, "name": name, "header": header, "letter": letter}
        if key_header is not None and label_key(header) == key_header:
            plans.append(ColumnPlan(**base, kind=Kind.IDENTIFIER, role=Role.PARTICIPANT_CODE))
            continue
        if label_key(header) in ignored_keys:
            plans.append(ColumnPlan(**base, kind=Kind.IGNORED))
            continue
        role = metadata_role(header) if group is None or tool is not Tool.FRAMAFORMS or _is_meta_group(group) else None
        if role is not None:
            kind = Kind.IDENTIFIER if role in IDENTIFYING else Kind.METADATA
            plans.append(ColumnPlan(**base, kind=kind, role=role))
            continue
        parsed = heading(header, group if group and not _is_meta_group(group) else None)
        if extra and extra[position]:
            parsed = Heading(header, tuple(dict.fromkeys([*extra[position], *parsed.candidates])), parsed.question, parsed.option)
        item_id, option = _match(parsed, index)
        if item_id is not None:
            if (item_id, option) in taken:
                plans.append(ColumnPlan(**base, kind=Kind.IGNORED, item=item_id, option=option, heading=parsed))
                continue
            taken.add((item_id, option))
            kind = Kind.PROFILE if index.is_profile(item_id) else Kind.ITEM
            plans.append(ColumnPlan(**base, kind=kind, item=item_id, option=option, heading=parsed))
            continue
        kind = Kind.IGNORED if is_free_text_part(header) else Kind.UNMAPPED
        plans.append(ColumnPlan(**base, kind=kind, heading=parsed))
    return plans


def _match(parsed: Heading, index: ItemIndex) -> tuple[str | None, str | None]:
    """(item, option): a whole item, or one option column of a multiple-choice item."""
    if parsed.question and parsed.option:
        question_item = index.match(_question_candidates(parsed))
        if question_item is not None and index.is_multiple(question_item):
            option = index.option(question_item, parsed.option)
            if option is not None:
                return question_item, option
    item_id = index.match(parsed.candidates)
    return item_id, None


def _question_candidates(parsed: Heading) -> list[str]:
    question = parsed.question or ""
    candidates = [question]
    if "/" in question:
        candidates.append(question.split("/")[-1])
    return candidates


_META_GROUPS = {"submission details", "details de la soumission", "informations sur la soumission"}


def _is_meta_group(group: str | None) -> bool:
    return group is not None and label_key(group) in _META_GROUPS

