"""Problems found in user files, as data: located, coded, explained in French.

Reading a file collects every problem into a :class:`ProblemReport`, so that a civil servant sees
all the cells to fix at once. Every loader has one signature, ``load_x(..., report) -> X | None``:
inside it, a file that cannot be read at all raises :class:`SuiviError` (whose message says what
to do); at its boundary (:func:`collects_problems`, :meth:`ProblemReport.attempt`) that error is
recorded in the report and the loader returns ``None``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator

from surveys.codes import is_registered
from surveys.i18n import t


class Severity(StrEnum):
    """How bad a problem is: errors block the command, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class SuiviError(Exception):
    """A fatal problem with user input (unreadable file, missing sheet…), carrying its :class:`Problem`.

    The message is French and actionable; the CLI prints it without a traceback.
    ``code`` is a stable identifier for tests and machine-readable output (see ``surveys.codes``).
    ``problems`` are the located problems an error that sums them up stands for (« demarche.yaml
    contient des erreurs : … »): a report records them instead of the summary.
    """

    def __init__(self, message: str, *, code: str = "erreur", file: str | None = None, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problem = Problem(file=file or "", code=code, message=message)
        self.problems = tuple(problems)

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def file(self) -> str | None:
        return self.problem.file or None


P = ParamSpec("P")
R = TypeVar("R")


def collects_problems(loader: Callable[P, R | None]) -> Callable[P, R | None]:
    """Make a loader ``load_x(..., report) -> X | None`` record a :class:`SuiviError` in ``report``.

    Every loader has that signature: a problem in a user's file is recorded (located in the file
    the error names, or the first path argument) and the loader returns ``None``; it never raises.
    """

    @functools.wraps(loader)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        report = kwargs["report"] if "report" in kwargs else next(a for a in args if isinstance(a, ProblemReport))
        assert isinstance(report, ProblemReport), "a loader takes the report it fills"
        path = next((a for a in args if isinstance(a, (Path, str))), "")
        return report.attempt(lambda: loader(*args, **kwargs), file=display_name(path) if path else "")

    return wrapper


def column_letter(index: int) -> str:
    """Excel column letter of a zero-based column index (0 → A, 26 → AA)."""
    if index < 0:
        raise ValueError("column index must be >= 0")
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Problem(BaseModel):
    """One problem, located as precisely as the source allows.

    ``row`` is the row number as the spreadsheet program shows it (header = row 1 when the header
    is on the first line); ``column`` is the column letter and ``header`` its heading.
    In a Word document, ``table`` names the table, ``row`` is its row (header row = 1) and
    ``header`` the column heading.
    """

    model_config = ConfigDict(frozen=True)

    file: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    value: str | None = None
    table: str | None = None

    @field_validator("code")
    @classmethod
    def _registered(cls, code: str) -> str:
        if not is_registered(code):
            raise ValueError(f"problem code not registered in surveys/codes.py: {code}")
        return code

    def location(self) -> str:
        """The place of the problem, in French: « propositions.xlsx, feuille X, cellule C12 (Statut) »."""
        parts = [self.file]
        if self.table:
            parts.append(t("location.table", table=self.table))
            if self.row is not None:
                parts.append(t("location.row", row=self.row))
            if self.header:
                parts.append(t("location.table_column", header=self.header))
            return ", ".join(parts)
        if self.sheet:
            parts.append(t("location.sheet", sheet=self.sheet))
        if self.row is not None and self.column:
            cell = t("location.cell", cell=f"{self.column}{self.row}")
            parts.append(f"{cell} ({self.header})" if self.header else cell)
        elif self.row is not None:
            parts.append(t("location.row", row=self.row))
        elif self.column:
            col = t("location.column", column=self.column)
            parts.append(f"{col} ({self.header})" if self.header else col)
        return ", ".join(parts)

    def render(self) -> str:
        """One line for the terminal: severity, place, message."""
        label = t(f"severity.{self.severity.value}")
        return f"{label} — {self.location()} : {self.message}"


class ProblemReport:
    """An ordered collection of problems from one or several files."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: list[Problem] = list(problems)
        self._fatal: SuiviError | None = None

    def add(self, problem: Problem) -> None:
        self._problems.append(problem)

    def record(self, error: SuiviError, *, file: str = "", **location: Any) -> None:
        """Add the problem a :class:`SuiviError` carries (or the located problems it sums up);
        ``file`` names it when the error did not."""
        self._fatal = error
        if error.problems:
            self._problems.extend(error.problems)
            return
        problem = error.problem
        updates = {"file": problem.file or file, **location}
        self._problems.append(problem.model_copy(update=updates))

    def attempt(self, call: Callable[[], R], *, file: str = "", **location: Any) -> R | None:
        """``call()``, or ``None`` once the :class:`SuiviError` it raised is recorded (located in ``file``).

        The one way for a step that goes on when one file fails (the other files, a fallback).
        """
        try:
            return call()
        except SuiviError as exc:
            self.record(exc, file=file, **location)
            return None

    def required(self, value: R | None) -> R:
        """What a loader returned, or, when it returned ``None``, the error it recorded, raised again.

        For a command that cannot go on without that file: its message is the one the loader
        recorded (« Le dossier … est introuvable », « demarche.yaml contient des erreurs : … »).
        """
        if value is not None:
            return value
        if self._fatal is not None:
            raise self._fatal
        first = self.errors[0]  # a loader returns None only after recording an error
        raise SuiviError(first.message, code=first.code, file=first.file)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._problems if p.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self._problems)

    def codes(self) -> list[str]:
        return [p.code for p in self._problems]

    def to_records(self) -> list[dict[str, Any]]:
        return [p.model_dump(mode="json") for p in self._problems]

    def to_json(self) -> str:
        return json.dumps(self.to_records(), ensure_ascii=False, indent=2)


def display_name(path: Path | str) -> str:
    """The name shown to users for a file: its name only, never a machine path."""
    return Path(path).name
