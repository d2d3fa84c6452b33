"""Panel representativeness against reference margins supplied by the user.

Inputs (formats in ``docs/formats.md``):

* the **margins** file (``fichiers: marges:``), CSV or spreadsheet with columns ``variable``,
  ``categorie``, ``part``: one row per category, shares between 0 and 1 (``52 %`` is read as
  0.52) summing to 1 per variable;
* the **panel**: a ``panel:`` file with one row per participant and one column per variable
  (headers named like the margins' variables), or else the survey's profile items (sex, age…)
  answered by the respondents (the importer's ``respondents`` table).

A margins variable matches a panel column when their names are equal after
:func:`surveys.text.label_key`, or when both designate the same item (id, wording or alias);
categories match the same way, through the item's scale synonyms when there is one.
Per category: panel share, reference share and gap; per variable: largest gap and the
dissimilarity index ½ Σ |gap|. Participants without a known category are left out of the
shares and counted in ``non_renseignes``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult, SharedItem
from indicators.notes import Note
from indicators.vocabulary import Dimension
from surveys.i18n import t, tn
from surveys.items import ItemSpec
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, display_name
from surveys.spreadsheet import Table, read_table
from surveys.text import label_key

SUM_TOLERANCE = 0.01
_MARGIN_COLUMNS = {
    "variable": ("variable", "variables", "critere"),
    "categorie": ("categorie", "category", "modalite", "classe"),
    "part": ("part", "proportion", "share", "part de la population"),
}


@dataclass(frozen=True)
class Margins:
    """Reference shares: variable → category → share, in file order."""

    file: str
    shares: dict[str, dict[str, float]]


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


def load_margins(path: Path, report: ProblemReport) -> Margins | None:
    """Read the margins file; every problem (located by cell) goes to ``report``."""
    try:
        table = read_table(path, known_header=lambda h: label_key(h) in _MARGIN_COLUMNS["variable"])
    except SuiviError as exc:
        report.add(Problem(file=exc.file or display_name(path), code=exc.code, message=str(exc)))
        return None
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


def load_panel(path: Path, report: ProblemReport) -> pd.DataFrame | None:
    """The ``panel:`` file: one row per participant, one column per variable (labels as text)."""
    try:
        table = read_table(path)
    except SuiviError as exc:
        report.add(Problem(file=exc.file or display_name(path), code=exc.code, message=str(exc)))
        return None
    frame = table.frame.astype(str).apply(lambda c: c.str.strip())
    frame = frame.loc[(frame != "").any(axis=1)]
    frame.attrs["file"] = table.file
    return frame.reset_index(drop=True)


def panel_from_profiles(profiles: pd.DataFrame, specs: Sequence[ItemSpec]) -> pd.DataFrame:
    """The survey respondents' profile answers: one row per respondent, one column per profile item.

    ``profiles`` is the importer's ``respondents`` table (``respondent``, ``wave`` and one column per
    profile item, "" when not given). A respondent's category is their first answer given, in
    chronological wave order.
    """
    columns = [s.id for s in specs if s.dimension == Dimension.REPRESENTATIVITE and s.id in profiles.columns]
    everyone = pd.Index(sorted(profiles["respondent"].astype(str).unique()), name="respondent")
    order = {"pre": 0, "post": 1, "follow_up": 2}
    ranked = profiles.assign(_order=profiles["wave"].astype(str).map(order), respondent=profiles["respondent"].astype(str))
    ranked = ranked.sort_values(["respondent", "_order"], kind="stable")
    panel = pd.DataFrame(index=everyone)
    for column in columns:
        given = ranked.loc[ranked[column].astype(str).str.strip() != "", ["respondent", column]]
        panel[column] = given.groupby("respondent", sort=True)[column].first().astype(str).reindex(everyone).fillna("")
    panel.attrs["file"] = ""
    return panel


def _item_keys(spec: ItemSpec) -> set[str]:
    return {label_key(spec.id), label_key(spec.wording), *(label_key(a) for a in spec.aliases)}


def _variable_item(name: str, specs: Sequence[ItemSpec]) -> ItemSpec | None:
    key = label_key(name)
    return next((s for s in specs if s.dimension == Dimension.REPRESENTATIVITE and key in _item_keys(s)), None)


def _matching_column(variable: str, panel: pd.DataFrame, spec: ItemSpec | None) -> str | None:
    keys = {label_key(variable)} | (_item_keys(spec) if spec else set())
    return next((c for c in panel.columns if label_key(str(c)) in keys), None)


def _canonical(value: str, spec: ItemSpec | None) -> str:
    key = label_key(value)
    if spec is not None:
        synonyms = {label_key(k): v for k, v in spec.scale.synonyms.items()}
        key = label_key(synonyms.get(key, value))
    return key


def _is_nonanswer(value: str, spec: ItemSpec | None) -> bool:
    if not value:
        return True
    if spec is None:
        return False
    nonanswers = {label_key(k) for k in spec.scale.nonanswers}
    return _canonical(value, spec) in nonanswers


@dataclass(frozen=True)
class _Composition:
    counts: dict[str, int]  # margin category → participants
    unknown: int
    total: int


def _composition(values: pd.Series, categories: Sequence[str], spec: ItemSpec | None, variable: str,
                 file: str, report: ProblemReport) -> _Composition:
    lookup = {_canonical(c, spec): c for c in categories}
    counts = dict.fromkeys(categories, 0)
    unknown = 0
    unmatched: dict[str, int] = {}
    for value, count in values.astype(str).str.strip().value_counts(sort=False).items():
        value = str(value)  # already text: typed as such for the lookups below
        category = lookup.get(_canonical(value, spec))
        if category is not None:
            counts[category] += int(count)
        else:
            unknown += int(count)
            if not _is_nonanswer(value, spec):
                unmatched[value] = int(count)
    for value, count in unmatched.items():
        report.add(Problem(file=file or "", code="panel_categorie_inconnue", severity=Severity.WARNING, header=variable,
                           value=value, message=tn("margins.unknown_category", count, value=value, variable=variable,
                                                   expected=", ".join(categories))))
    return _Composition(counts, unknown, int(values.size))


def representativeness(panel: pd.DataFrame, margins: Margins, specs: Sequence[ItemSpec], report: ProblemReport) -> list[IndicatorResult]:
    """Rows of the ``representativite`` dimension, one block per margins variable found in the panel."""
    results: list[IndicatorResult] = []
    for variable, reference in margins.shares.items():
        spec = _variable_item(variable, specs)
        column = _matching_column(variable, panel, spec)
        if column is None:
            report.add(Problem(file=margins.file, code="marges_variable_absente", severity=Severity.WARNING, header=variable,
                               message=t("margins.variable_absent", variable=variable,
                                         columns=", ".join(map(str, panel.columns)) or "—")))
            continue
        composition = _composition(panel[column], list(reference), spec, variable, panel.attrs.get("file", ""), report)
        results += _variable_rows(variable, reference, composition)
    return results


def _variable_rows(variable: str, reference: dict[str, float], composition: _Composition) -> list[IndicatorResult]:
    common: SharedItem = {"dimension": Dimension.REPRESENTATIVITE, "item": variable, "base": Base.PARTICIPANTS}
    known = composition.total - composition.unknown
    rows = [IndicatorResult(indicator="non_renseignes", n=composition.total, value=composition.unknown, unit=Unit.COUNT, **common)]
    if known == 0:
        return [*rows, IndicatorResult(indicator="indice_dissimilarite", n=0, unit=Unit.SHARE, note=Note.NO_PANEL, **common)]
    gaps: dict[str, float] = {}
    for category, share in reference.items():
        count = composition.counts[category]
        panel_share = count / known
        gaps[category] = panel_share - share
        group = f"categorie={category}"
        rows += [
            IndicatorResult(indicator="part_panel", group=group, n=count, value=panel_share, unit=Unit.SHARE, **common),
            IndicatorResult(indicator="part_reference", group=group, value=share, unit=Unit.SHARE,
                            **(common | {"base": Base.REFERENCE})),
            IndicatorResult(indicator="ecart", group=group, n=count, value=gaps[category], unit=Unit.SHARE_DIFFERENCE, **common),
        ]
    largest = max(gaps, key=lambda c: round(abs(gaps[c]), 12))  # first in file order among equal gaps
    rows += [
        IndicatorResult(indicator="ecart_maximal", group=f"categorie={largest}", n=composition.counts[largest],
                        value=gaps[largest], unit=Unit.SHARE_DIFFERENCE, **common),
        IndicatorResult(indicator="indice_dissimilarite", n=known, value=sum(abs(g) for g in gaps.values()) / 2,
                        unit=Unit.SHARE, **common),
    ]
    return rows
