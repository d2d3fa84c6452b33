"""LimeSurvey's R export: the syntax file that goes with ``survey_<id>_R_data_file.csv``.

The data file has full-text headings; the syntax file (``survey_<id>_R_syntax_file.R``) names
each column by its question code (``names(data)[12] <- "age"``) and gives the labels of answer
codes (``factor(data[, 9], levels=c("no","yes"), labels=c("Non", "Oui"))``). Both help to map
columns: the code is matched like an alias, the factor labels decode the answer codes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_SUFFIX = "_R_data_file.csv"
SYNTAX_SUFFIX = "_R_syntax_file.R"
_NAME = re.compile(r'^names\(data\)\[(\d+)\]\s*<-\s*"(.*)"\s*$')
_LABEL = re.compile(r'^attributes\(data\)\$variable\.labels\[(\d+)\]\s*<-\s*"(.*)"\s*$')
_FACTOR = re.compile(r"^data\[,\s*(\d+)\]\s*<-\s*factor\(data\[,\s*\d+\],\s*levels=c\((.*?)\),\s*labels=c\((.*)\)\)\s*$")


@dataclass
class RColumn:
    """What the syntax file says about one data column (1-based ``position``)."""

    position: int
    code: str | None = None
    label: str | None = None
    codes: dict[str, str] = field(default_factory=dict)  # answer code → answer label


def syntax_path(data_path: Path) -> Path | None:
    """The syntax file beside an R data file, if there is one."""
    name = data_path.name
    if not name.endswith(DATA_SUFFIX):
        return None
    candidate = data_path.with_name(name[: -len(DATA_SUFFIX)] + SYNTAX_SUFFIX)
    return candidate if candidate.is_file() else None


def _values(text: str) -> list[str]:
    reader = csv.reader([text], skipinitialspace=True, quotechar='"', escapechar="\\")
    return [v.strip() for v in next(reader, [])]


def parse_syntax(text: str) -> dict[int, RColumn]:
    """Columns described by an R syntax file, by 1-based position."""
    columns: dict[int, RColumn] = {}
    for line in text.splitlines():
        line = line.strip()
        if match := _NAME.match(line):
            columns.setdefault(int(match.group(1)), RColumn(int(match.group(1)))).code = match.group(2)
        elif match := _LABEL.match(line):
            columns.setdefault(int(match.group(1)), RColumn(int(match.group(1)))).label = match.group(2).replace("\\'", "'")
        elif match := _FACTOR.match(line):
            levels, labels = _values(match.group(2)), _values(match.group(3))
            if len(levels) == len(labels):
                columns.setdefault(int(match.group(1)), RColumn(int(match.group(1)))).codes = dict(zip(levels, labels))
    return columns


def read_syntax(path: Path) -> dict[int, RColumn]:
    return parse_syntax(path.read_text(encoding="utf-8-sig", errors="replace"))
