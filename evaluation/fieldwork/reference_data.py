"""Reference files of the representativeness step: population margins and the recruited panel."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

from evaluation.demarche.model import Demarche
from indicators.representativeness import Margins
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, collects_problems
from surveys.spreadsheet import Table, read_table
from surveys.text import label_key

T = TypeVar("T")


def read_reference(demarche: Demarche, relative: str, report: ProblemReport, loader: Callable[[Path, ProblemReport], T | None]) -> T | None:
    """The file ``relative`` read by ``loader``; a missing file is a located problem."""
    path = demarche.path(relative)
    if not path.is_file():
        report.add(Problem(file=relative, code="fichier_absent", message=t("read.missing_file", file=relative)))
        return None
    return loader(path, report)


def check_reference_files(demarche: Demarche, report: ProblemReport) -> None:
    """The representativeness step of ``suivi check``: the margins and panel files, if declared."""
    if demarche.files.margins:
        read_reference(demarche, demarche.files.margins, report, load_margins)
    if demarche.files.panel:
        read_reference(demarche, demarche.files.panel, report, load_panel)


SUM_TOLERANCE = 0.01
_MARGIN_COLUMNS = {
    "variable": ("variable", "variables", "critere"),
    "categorie": ("categorie", "category", "modalite", "classe"),
    "part": ("part", "proportion", "share", "part de la population"),
}


def _find_columns(table: Table) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in table.frame.columns:
        key = label_key(str(header))
        for name, spellings in _MARGIN_COLUMNS.items():
            if key in spellings and name not in found:
                found[name] = header
    return found


def parse_share(value: object) -> float | None:
    """``0.52``, ``0,52``, ``52 %`` → 0.52; ``None`` when not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if math.isnan(value) else float(value)
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        return None
    number = float(text)
    return number / 100 if percent else number


@collects_problems
def load_margins(path: Path, report: ProblemReport) -> Margins | None:
    """Read the margins file; every problem (located by cell) goes to ``report``."""
    table = read_table(path, known_header=lambda h: label_key(h) in _MARGIN_COLUMNS["variable"])
    columns = _find_columns(table)
    missing = [name for name in _MARGIN_COLUMNS if name not in columns]
    if missing:
        for name in missing:
            report.add(table.problem("marges_colonne_absente", t("table.missing_column", header=name, row=table.header_row),
                                     row=table.header_row))
        return None
    shares: dict[str, dict[str, float]] = {}
    seen: dict[tuple[str, str], int] = {}
    ok = True
    for index in range(len(table.frame)):
        variable = str(table.frame.iloc[index][columns["variable"]]).strip()
        category = str(table.frame.iloc[index][columns["categorie"]]).strip()
        raw = table.frame.iloc[index][columns["part"]]
        if not variable and not category and raw == "":
            continue
        for name, text in (("variable", variable), ("categorie", category)):
            if not text:
                report.add(table.problem("marges_vide", t("margins.empty", column=name), index=index, column=columns[name]))
                ok = False
        share = parse_share(raw)
        if share is None or not 0 <= share <= 1:
            hint = t("margins.percent_hint") if share is not None and 1 < share <= 100 else ""
            report.add(table.problem("marges_part_invalide", t("margins.bad_share", hint=hint), index=index,
                                     column=columns["part"], value=raw))
            ok = False
            continue
        if not variable or not category:
            continue
        key = (label_key(variable), label_key(category))
        if key in seen:
            report.add(table.problem("marges_doublon", t("margins.duplicate", variable=variable, category=category,
                                                         row=seen[key]), index=index, column=columns["categorie"], value=category))
            ok = False
            continue
        seen[key] = table.rows[index]
        name = next((v for v in shares if label_key(v) == key[0]), variable)
        shares.setdefault(name, {})[category] = share
    for variable, categories in shares.items():
        total = sum(categories.values())
        if abs(total - 1) > SUM_TOLERANCE:
            report.add(Problem(file=table.file, sheet=table.sheet, code="marges_somme", header=variable,
                               value=f"{total:.4g}", message=t("margins.sum", variable=variable, total=f"{total:.4g}")))
            ok = False
    if not shares and ok:
        report.add(Problem(file=table.file, sheet=table.sheet, code="marges_vides", message=t("margins.no_rows")))
        return None
    return Margins(file=table.file, shares=shares) if ok else None


@collects_problems
def load_panel(path: Path, report: ProblemReport) -> pd.DataFrame | None:
    """The ``panel:`` file: one row per participant, one column per variable (labels as text)."""
    table = read_table(path)
    frame = table.frame.astype(str).apply(lambda c: c.str.strip())
    frame = frame.loc[(frame != "").any(axis=1)]
    frame.attrs["file"] = table.file
    return frame.reset_index(drop=True)
