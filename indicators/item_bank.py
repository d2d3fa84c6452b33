"""The standard item bank: participant (and staff) items with their scales, in ``item_bank.yaml``.

The YAML format is the shared item format of suivi (also usable for a démarche's codebook):
a ``scales`` block (scale id → :class:`surveys.exports.items.Scale` fields) and an ``items`` list
(:class:`surveys.exports.items.ItemSpec` fields, ``scale`` naming a scale id). Any other top-level key
only holds blocks reused through YAML anchors. See the header of ``item_bank.yaml``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails

from indicators.vocabulary import Dimension
from surveys.exports.items import ItemSpec, Scale
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, SuiviError, collects_problems
from surveys.text import label_key
from surveys.yamlfile import YamlDocument, load_yaml

ITEM_BANK_PATH = Path(__file__).with_name("item_bank.yaml")
T = TypeVar("T")
SOURCES = ("cevipof", "ccc", "ocde", "insee", "ncm", "suivi")
AUDIENCES = ("participants", "administration")
# The four CIPC dimensions measured by items; ``representativite`` items describe the panel.
ITEM_DIMENSIONS = (
    Dimension.PERTINENCE,
    Dimension.ORGANISATION,
    Dimension.IMPACT_INTERNE,
    Dimension.REPRESENTATIONS,
    Dimension.REPRESENTATIVITE,
)


class _ItemEntry(BaseModel):
    """An item as written in YAML: like :class:`ItemSpec`, with the scale given by its id."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    wording: str = Field(min_length=1)
    scale: str
    wording_en: str | None = None
    aliases: tuple[str, ...] = ()
    reverse: bool = False
    dimension: Dimension | None = None
    waves: tuple[str, ...] = ("pre", "post")
    source: str | None = None
    reference: str | None = None
    audience: str = "participants"


class _ItemFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    scales: dict[str, dict[str, Any]]
    items: list[dict[str, Any]] = Field(min_length=1)


def parse_items(document: YamlDocument, report: ProblemReport) -> list[ItemSpec]:
    """The items of an item file; every problem (located by line) goes to ``report``."""
    try:
        raw = _ItemFile.model_validate(document.data)
    except ValidationError as exc:
        report.extend(document.problems(exc))
        return []
    scales: dict[str, Scale] = {}
    invalid_scales: set[str] = set()
    for scale_id, fields in raw.scales.items():
        try:
            scales[scale_id] = Scale.model_validate({**(fields or {}), "id": scale_id})
        except ValidationError as exc:
            invalid_scales.add(scale_id)
            report.extend(_prefixed(document, exc, ("scales", scale_id)))
    items: list[ItemSpec] = []
    for position, fields in enumerate(raw.items):
        loc: tuple[int | str, ...] = ("items", position)
        try:
            entry = _ItemEntry.model_validate(fields)
        except ValidationError as exc:
            report.extend(_prefixed(document, exc, loc))
            continue
        scale = scales.get(entry.scale)
        if entry.scale in invalid_scales:
            continue
        if scale is None:
            report.add(_problem(document, (*loc, "scale"), "item_echelle_inconnue",
                                t("itembank.unknown_scale", scale=entry.scale, known=", ".join(sorted(scales))), entry.scale))
            continue
        if entry.source is not None and entry.source not in SOURCES:
            report.add(_problem(document, (*loc, "source"), "item_source_inconnue",
                                t("itembank.unknown_source", source=entry.source, known=", ".join(SOURCES)), entry.source))
        if entry.audience not in AUDIENCES:
            report.add(_problem(document, (*loc, "audience"), "item_public_inconnu",
                                t("itembank.unknown_audience", audience=entry.audience, known=", ".join(AUDIENCES)), entry.audience))
        try:
            items.append(ItemSpec.model_validate({**entry.model_dump(), "scale": scale}))
        except ValidationError as exc:
            report.extend(_prefixed(document, exc, loc))
    report.extend(_duplicates(document, items))
    return items


def _duplicates(document: YamlDocument, items: list[ItemSpec]) -> list[Problem]:
    """Item ids, and headings (wordings and aliases after label_key) must designate one item."""
    problems = []
    for item_id, count in Counter(item.id for item in items).items():
        if count > 1:
            problems.append(Problem(file=document.file, code="item_id_double", value=item_id,
                                    message=t("itembank.duplicate_id", id=item_id)))
    owners: dict[str, set[str]] = {}
    for item in items:
        for heading in (item.wording, *item.aliases):
            owners.setdefault(label_key(heading), set()).add(item.id)
    for heading, ids in owners.items():
        if len(ids) > 1:
            problems.append(Problem(file=document.file, code="item_intitule_double", value=heading,
                                    message=t("itembank.duplicate_heading", heading=heading, ids=", ".join(sorted(ids)))))
    return problems


def _prefixed(document: YamlDocument, exc: ValidationError, loc: tuple[int | str, ...]) -> list[Problem]:
    """Problems of a nested validation, located under ``loc`` in the file."""
    errors = exc.errors(include_url=False)
    shifted = [_shifted(e, loc) for e in errors]
    return document.problems(ValidationError.from_exception_data(exc.title, shifted))


def _shifted(error: ErrorDetails, loc: tuple[int | str, ...]) -> InitErrorDetails:
    """``error`` located under ``loc``."""
    shifted = InitErrorDetails(type=error["type"], loc=loc + tuple(error["loc"]), input=error["input"])
    if "ctx" in error:
        shifted["ctx"] = error["ctx"]
    return shifted


def _problem(document: YamlDocument, loc: tuple[int | str, ...], code: str, message: str, value: str) -> Problem:
    return Problem(file=document.file, row=document.line(loc), header=".".join(str(p) for p in loc),
                   code=code, message=message, value=value)


@collects_problems
def load_items(path: Path, report: ProblemReport) -> list[ItemSpec] | None:
    """Items of a YAML item file; problems go to ``report`` (with the valid items returned),
    ``None`` when the file cannot be read."""
    return parse_items(load_yaml(path), report)


def shipped(path: Path, loader: Callable[[Path, ProblemReport], T | None]) -> T:
    """A file shipped with suivi (the item bank) read by a user-file loader: a problem in it is
    suivi's own bug, raised with every problem listed rather than reported to the user."""
    report = ProblemReport()
    value = loader(path, report)
    if value is None or report.has_errors:
        lines = "\n".join(p.render() for p in report.errors)
        raise SuiviError(t("itembank.invalid", file=path.name, problems=lines), code="items_invalides", file=path.name)
    return value


@lru_cache(maxsize=1)
def _bank() -> tuple[ItemSpec, ...]:
    return tuple(shipped(ITEM_BANK_PATH, load_items))


def load_item_bank() -> list[ItemSpec]:
    """The standard items shipped with suivi (a fresh list; the items themselves are frozen)."""
    return list(_bank())


def item_index(items: list[ItemSpec] | None = None) -> dict[str, ItemSpec]:
    """Items by id (the standard bank when ``items`` is not given)."""
    return {item.id: item for item in (items if items is not None else _bank())}
