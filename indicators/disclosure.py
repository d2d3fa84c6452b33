"""Disclosure control: no published figure about fewer than 11 people (threshold configurable).

Rules (documented in ``docs/formats.md``, section « indicateurs.csv »):

* only figures whose ``base`` counts people are concerned (respondents, pairs, participants,
  drop-outs); figures about proposals or quality criteria are not personal data, and interview
  figures follow their own rule (issue 5: breakdowns by service need 3 interviewees);
* **primary suppression**: a figure computed on 1 to ``threshold − 1`` people is hidden (its
  value, n, interval, p-values and effect size). Zero is published: there is nobody to protect;
* a *cell* is what one group of people is: (dimension, item, wave, group). All figures of a
  suppressed cell are hidden together (a gap to a public reference would reveal a share).
  Answer categories (``reponse=…``, ``motif=…``) describe answers, not groups of people: they
  belong to the cell of their item and wave, whose base is the number of respondents;
* **secondary suppression**: in a breakdown (same dimension, indicator, item, wave and grouping
  variable) the cells add up to a known total, so a single hidden cell could be recovered by
  subtraction. Whenever a breakdown has exactly one hidden non-empty cell, its smallest visible
  non-empty cell is hidden too; this repeats until no breakdown has a lone hidden cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indicators.definitions import PEOPLE_BASES
from indicators.models import IndicatorResult
from indicators.notes import Note

DEFAULT_THRESHOLD = 11
ANSWER_GROUPS = ("reponse=", "motif=")

Cell = tuple[str, str, str, str]  # dimension, item, wave, group


@dataclass(frozen=True)
class SuppressedCell:
    """A hidden cell, for the report (« 3 cases masquées »); its n is not kept."""

    dimension: str
    item: str
    wave: str
    group: str
    secondary: bool


def _is_person_row(row: IndicatorResult) -> bool:
    return row.base in PEOPLE_BASES


def cell_of(row: IndicatorResult) -> Cell:
    group = "" if row.group.startswith(ANSWER_GROUPS) else row.group
    return (str(row.dimension), row.item, row.wave, group)


def _variable(group: str) -> str:
    return group.split("=", 1)[0]


def apply_disclosure(results: Sequence[IndicatorResult], threshold: int = DEFAULT_THRESHOLD) -> tuple[list[IndicatorResult], list[SuppressedCell]]:
    """The results with small cells hidden, and the list of hidden cells (primary first)."""
    primary: dict[Cell, None] = {}
    for row in results:
        if _is_person_row(row) and row.n is not None and 0 < row.n < threshold:
            primary[cell_of(row)] = None
    secondary = _secondary(results, set(primary))
    hidden = set(primary) | set(secondary)
    out = []
    for row in results:
        cell = cell_of(row)
        if _is_person_row(row) and cell in hidden:
            note = Note.SECONDARY if cell in secondary else Note.SUPPRESSED
            out.append(row.model_copy(update={
                "n": None, "value": None, "ci_low": None, "ci_high": None, "p_value": None, "p_adjusted": None,
                "effect_size": None, "suppressed": True, "note": note,
            }))
        else:
            out.append(row)
    cells = [SuppressedCell(*c, secondary=False) for c in primary] + [SuppressedCell(*c, secondary=True) for c in secondary]
    return out, cells


def _secondary(results: Sequence[IndicatorResult], hidden: set[Cell]) -> dict[Cell, None]:
    """Cells to hide so that no breakdown has a lone hidden non-empty cell."""
    tables: dict[tuple[str, str, str, str, str], dict[Cell, int]] = {}
    for row in results:
        cell = cell_of(row)
        if not _is_person_row(row) or not cell[3] or row.n is None:
            continue
        key = (str(row.dimension), row.indicator, row.item, row.wave, _variable(cell[3]))
        sizes = tables.setdefault(key, {})
        sizes[cell] = max(sizes.get(cell, 0), row.n)
    added: dict[Cell, None] = {}
    changed = True
    while changed:
        changed = False
        for sizes in tables.values():
            lone = [c for c, n in sizes.items() if n > 0 and (c in hidden or c in added)]
            if len(lone) != 1:
                continue
            visible = sorted((n, c) for c, n in sizes.items() if n > 0 and c not in hidden and c not in added)
            if visible:
                added[visible[0][1]] = None
                changed = True
    return added
