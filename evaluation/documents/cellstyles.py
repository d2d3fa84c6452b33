"""Workbook cell styles set once through openpyxl, then copied to every cell sharing them.

openpyxl files a style by hashing its parts at every assignment (a font, a fill, a number format:
19,000 hashes for the evaluation workbook's 11,500 cells). A copied style array holds the same
indexes into the workbook's style lists, so the cell is styled the same, without the hashing.
"""

from __future__ import annotations

from copy import copy
from typing import Any, cast

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray

WRAP = Alignment(wrap_text=True, vertical="top")


class CellStyles:
    """The styles of one workbook's cells, each filed once by openpyxl and reused by key."""

    def __init__(self) -> None:
        # (attribute, the value's text or identity) → (the value, kept alive while its identity is a key; its style array)
        self._arrays: dict[tuple[str, object], tuple[object, StyleArray]] = {}

    def number(self, cell: Cell | MergedCell, number_format: str) -> None:
        """A number format (« 0.0% », « DD/MM/YYYY »)."""
        self.set(cell, "number_format", number_format)

    def wrapped(self, cell: Cell | MergedCell) -> None:
        """Text wrapped in its cell, from its top."""
        self.set(cell, "alignment", WRAP)

    def set(self, cell: Cell | MergedCell, attribute: str, value: object) -> None:
        """``cell.<attribute> = value`` (one style attribute on an unstyled cell), the second time on by copy.

        A style object is looked up by identity: hashing an openpyxl style is what costs.
        """
        styled = cast(Any, cell)  # openpyxl's stubs do not declare the style array (``_style``)
        key = (attribute, value if isinstance(value, str) else id(value))
        if (kept := self._arrays.get(key)) is not None:
            styled._style = copy(kept[1])
        else:
            setattr(cell, attribute, value)
            self._arrays[key] = (value, copy(styled._style))
