"""Panel representativeness against reference margins supplied by the user.

Inputs (formats in ``docs/formats.md``; the files are read by
``evaluation.fieldwork.reference_data``):

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

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from indicators.definitions import Base, Unit
from indicators.models import IndicatorResult, SharedItem
from indicators.notes import Note
from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec
from surveys.i18n import t, tn
from surveys.problems import Problem, ProblemReport, Severity
from surveys.text import label_key


@dataclass(frozen=True)
class Margins:
    """Reference shares: variable → category → share, in file order."""

    file: str
    shares: dict[str, dict[str, float]]


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
