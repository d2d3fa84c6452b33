"""What every command's library function returns: the lines to print and the exit status.

The CLI prints :meth:`CommandResult.lines` (notes on standard error) and exits with
:attr:`CommandResult.exit_code`; it adds nothing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Line:
    """One line for the user; ``err`` sends it to standard error (warnings, notes)."""

    text: str
    err: bool = False


def lines_of(texts: Sequence[str]) -> list[Line]:
    """Lines for standard output."""
    return [Line(text) for text in texts]


def note(text: str) -> Line:
    """A line for standard error."""
    return Line(text, err=True)


class CommandResult(Protocol):
    """The result of a command's library function."""

    @property
    def exit_code(self) -> int: ...

    def lines(self) -> Sequence[Line]: ...
