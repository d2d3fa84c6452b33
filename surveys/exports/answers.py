"""Answers decoded column by column: one lookup per distinct cell value, codes for the rest.

Each mapped column becomes a :class:`Decoded`: the numeric value, canonical label and missing
reason of every row, held as small tables and integer codes so that the tidy table is built
without copying a string per cell. Unknown labels become located problems with a suggestion;
multiple-choice answers become one item per option (1 ticked, 0 not ticked).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from surveys.exports.codebook import Codebook
from surveys.exports.columns import ColumnPlan, ItemIndex, Kind
from surveys.exports.formats import Tool, split_choices
from surveys.exports.items import ItemSpec, MissingReason
from surveys.exports.labels import BLANK, Answer, ScaleDecoder, checkbox_state, is_blank
from surveys.i18n import t, tn
from surveys.problems import Problem, Severity
from surveys.spreadsheet import Table
from surveys.text import snake_ascii

MISSING = [m.value for m in MissingReason]
_MISSING_CODE = {m: i for i, m in enumerate(MISSING)}


@dataclass
class Decoded:
    """Decoded answers of one item for every row of a file, as codes into small tables.

    Row ``i`` has value ``values[i]``, label ``label_table[label_codes[i]]`` and missing reason
    ``MISSING[missing_codes[i]]``: the tidy table is then built from codes, never from strings.
    With ``entries`` (a column's distinct cells), the three are kept per entry and row ``i`` holds
    entry ``entries[i]``: they are spread over the rows only when asked for, and the tidy table
    takes the kept rows' entries once for the three.
    """

    item: str
    wording: str  # the question (and option) as the report shows it
    entry_values: np.ndarray  # float64, per row (or per entry)
    entry_label_codes: np.ndarray  # int, into label_table
    label_table: np.ndarray  # object (canonical labels, "" first)
    entry_missing_codes: np.ndarray  # int, into MISSING
    entries: np.ndarray | None = None  # each row's entry; None: the arrays above are per row

    def _per_row(self, table: np.ndarray) -> np.ndarray:
        return table if self.entries is None else table[self.entries]

    @property
    def values(self) -> np.ndarray:
        return self._per_row(self.entry_values)

    @property
    def label_codes(self) -> np.ndarray:
        return self._per_row(self.entry_label_codes)

    @property
    def missing_codes(self) -> np.ndarray:
        return self._per_row(self.entry_missing_codes)

    @property
    def labels(self) -> np.ndarray:
        return self.label_table[self.label_codes]

    def entries_of(self, positions: np.ndarray) -> np.ndarray:
        """The entry of each of these rows (distinct row positions, in order; the rows themselves without ``entries``)."""
        if self.entries is None or len(positions) == len(self.entries):  # every row, in order: nothing to take
            return positions if self.entries is None else self.entries
        return np.take(self.entries, positions, mode="clip")


def decode_items(
    table: Table,
    plans: Sequence[ColumnPlan],
    index: ItemIndex,
    tool: Tool,
    decoded: list[Decoded],
    profile: dict[str, np.ndarray],
    problems: list[Problem],
    codebook: Codebook,
    answer_codes: dict[str, dict[str, str]],
    counted: np.ndarray,
) -> None:
    """Decode every item column into ``decoded`` (profile questions into ``profile``).

    ``counted`` marks the rows still in play: a cell the import has already set aside (a row
    repeating the headings, a test or incomplete response) is decoded but never reported.
    """
    options: dict[str, list[ColumnPlan]] = {}
    for plan in plans:
        if plan.kind not in (Kind.ITEM, Kind.PROFILE) or plan.item is None:
            continue
        item = index.item(plan.item)
        if plan.option is not None:
            options.setdefault(plan.item, []).append(plan)
            continue
        if index.is_multiple(plan.item):
            decoded.extend(_decode_packed(table, plan, item, tool, problems, counted))
            continue
        codes = answer_codes.get(plan.name) or codebook.codes.get(item.id)
        result = _decode_column(table, plan, item, codes, problems, counted, syntax=answer_codes.get(plan.name))
        if plan.kind is Kind.PROFILE:
            profile[item.id] = result.labels
        else:
            decoded.append(result)
    for item_id, option_plans in options.items():
        decoded.extend(_decode_option_columns(table, option_plans, index.item(item_id), problems, counted))


def _in_play(positions: np.ndarray, counted: np.ndarray, distinct: int) -> np.ndarray:
    """How many rows in play hold each distinct value of a column."""
    return np.bincount(positions[counted], minlength=distinct)


def _first(positions: np.ndarray, counted: np.ndarray, position: int) -> int:
    """The first row in play holding the distinct value ``position``."""
    return int(np.argmax((positions == position) & counted))


def _decode_column(table: Table, plan: ColumnPlan, item: ItemSpec, codes: dict[str, str] | None, problems: list[Problem],
                   counted: np.ndarray, *, syntax: dict[str, str] | None = None) -> Decoded:
    """The answers of one column; ``syntax`` holds the answer labels an R syntax file gives its codes."""
    decoder = ScaleDecoder(item.scale, codes)
    positions, distinct = table.factorized(plan.name)
    decoded = [decoder.decode(raw) for raw in distinct]
    # Rows in play are counted only when an unknown label or a numeric code is to be reported.
    in_play = _in_play(positions, counted, len(distinct)) if any(a is None or a.numeric_code for a in decoded) else None
    answers: list[Answer] = []
    numeric_codes = False
    for position, (raw, answer) in enumerate(zip(distinct, decoded)):
        if answer is None:
            count = int(in_play[position]) if in_play is not None else 0
            if count:
                message = _unknown_label_message(raw, decoder.suggest(raw), count, decoder.labels, _syntax_label(raw, syntax))
                problems.append(table.problem("libelle_inconnu", message, index=_first(positions, counted, position), column=plan.name, value=raw))
            answer = BLANK
        numeric_codes |= answer.numeric_code and in_play is not None and bool(in_play[position])
        answers.append(answer)
    if numeric_codes:
        scale_text = ", ".join(t("survey.scale_code", code=_number(v), label=label) for label, v in item.scale.labels.items())
        problems.append(Problem(file=table.file, sheet=table.sheet, column=plan.letter, header=plan.header, code="codes_numeriques",
                                severity=Severity.WARNING, message=t("survey.numeric_codes", scale=scale_text)))
    value_table = np.array([a.value for a in answers], dtype=float)
    if item.reverse:
        value_table = item.scale.minimum + item.scale.maximum - value_table
    label_table, label_index = np.unique(np.array(["", *(a.label for a in answers)], dtype=object), return_inverse=True)
    missing_table = np.array([_MISSING_CODE[a.missing.value] for a in answers], dtype=np.int8)
    label_index = label_index.astype(np.int16 if len(label_table) < np.iinfo(np.int16).max else np.int64)
    return Decoded(item.id, item.wording, value_table, label_index[1:], label_table, missing_table, positions)


def _unknown_label_message(raw: Any, suggestion: str | None, count: int, labels: Sequence[str], named: str | None = None) -> str:
    known = ", ".join(f"« {label} »" for label in labels)
    if named is not None:  # « 3 » is « 21-30 » in the R syntax file: say so, not only « 3 »
        return tn("survey.unknown_r_code", count, value=raw, label=named, count=count, labels=known)
    if suggestion:
        return tn("survey.unknown_label_suggest", count, value=raw, suggestion=suggestion, count=count, labels=known)
    return tn("survey.unknown_label", count, value=raw, count=count, labels=known)


def _syntax_label(raw: Any, syntax: dict[str, str] | None) -> str | None:
    """The label the R syntax file gives the answer code ``raw``, if any."""
    if not syntax:
        return None
    number = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    return syntax.get(_number(number) if number is not None and math.isfinite(number) else str(raw).strip())


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _option_id(item: ItemSpec, option: str) -> str:
    return f"{item.id}.{snake_ascii(option) or 'option'}"


def _decode_packed(table: Table, plan: ColumnPlan, item: ItemSpec, tool: Tool, problems: list[Problem], counted: np.ndarray) -> list[Decoded]:
    """A multiple-choice answer packed in one cell, split per the tool's rule."""
    options = list(item.scale.labels)
    positions, distinct = table.factorized(plan.name)
    in_play = _in_play(positions, counted, len(distinct))
    chosen = np.zeros((len(distinct), len(options)), dtype=float)
    blank = np.zeros(len(distinct), dtype=bool)
    others = 0
    for position, raw in enumerate(distinct):
        if is_blank(raw):
            blank[position] = True
            continue
        found, unknown = split_choices(str(raw), options, tool)
        for option in found:
            chosen[position, options.index(option)] = 1.0
        if unknown:
            others += int(in_play[position])
    if others:
        problems.append(Problem(file=table.file, sheet=table.sheet, column=plan.letter, header=plan.header, code="choix_autre",
                                severity=Severity.WARNING, message=tn("survey.other_choices", others, count=others)))
    rows_blank = blank[positions]
    result = []
    for j, option in enumerate(options):
        value = chosen[positions, j]
        value[rows_blank] = math.nan
        result.append(_option_decoded(item, option, value, rows_blank))
    return result


def _decode_option_columns(table: Table, plans: Sequence[ColumnPlan], item: ItemSpec, problems: list[Problem],
                           counted: np.ndarray) -> list[Decoded]:
    """One column per option (LimeSurvey ``Q[SQ001]``, Framaforms « X », Kobo 1/0)."""
    states = []
    for plan in plans:
        positions, distinct = table.factorized(plan.name)
        in_play = _in_play(positions, counted, len(distinct))
        state_table = []
        for position, raw in enumerate(distinct):
            state = checkbox_state(raw)
            if state is None:
                if in_play[position]:
                    problems.append(table.problem("case_illisible", t("survey.unreadable_checkbox"), index=_first(positions, counted, position),
                                                  column=plan.name, value=raw))
                state = False
            state_table.append(1.0 if state else 0.0)
        states.append(np.array(state_table, dtype=float)[positions])
    ticked_any = np.any(np.vstack(states) > 0, axis=0) if states else np.zeros(len(table.frame), dtype=bool)
    result = []
    for plan, value in zip(plans, states):
        value = value.copy()
        value[~ticked_any] = math.nan
        result.append(_option_decoded(item, plan.option or plan.header, value, ~ticked_any))
    return result


def _option_decoded(item: ItemSpec, option: str, value: np.ndarray, blank: np.ndarray) -> Decoded:
    label_codes = (value == 1.0).astype(np.int64)
    label_table = np.array(["", option], dtype=object)
    missing = np.where(blank, _MISSING_CODE[MissingReason.BLANK.value], _MISSING_CODE[MissingReason.VALID.value]).astype(np.int8)
    return Decoded(_option_id(item, option), f"{item.wording} [{option}]", value, label_codes, label_table, missing)
