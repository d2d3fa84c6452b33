"""Items and scales files: a démarche's ``codebook.yaml`` and the standard item bank share one format.

The file has a ``scales`` block (scale id → :class:`surveys.exports.items.Scale` fields) and an ``items``
list (:class:`surveys.exports.items.ItemSpec` fields, with ``scale`` naming a scale id). A codebook may
also say which column holds the respondent key, list test entries, give answer codes, declare
multiple-choice items, and refine an item of the item bank by naming its id only (for example to
add the column codes of the démarche's questionnaire as ``aliases``). See ``docs/formats.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from surveys.exports.items import ItemSpec, Scale, TypedWave
from surveys.i18n import t
from surveys.problems import Problem, ProblemReport, collects_problems
from surveys.yamlfile import YamlDocument, load_yaml

PROFILE_DIMENSION = "representativite"


class _ItemEntry(BaseModel):
    """One entry of ``items``: a full item, or a refinement of a known item (id plus new fields)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    wording: str | None = None
    wording_en: str | None = None
    scale: str | None = None
    aliases: list[str] = Field(default_factory=list)
    reverse: bool | None = None
    dimension: str | None = None
    waves: list[TypedWave] | None = None
    source: str | None = None
    reference: str | None = None
    audience: str | None = None
    codes: dict[str, str] = Field(default_factory=dict)
    multiple: bool = False


class _ItemsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scales: dict[str, dict[str, Any]] = Field(default_factory=dict)
    items: list[_ItemEntry] = Field(default_factory=list)
    respondent_key: str | None = None
    test_entries: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    # Anchors shared by several scales (as in the item bank) may sit at the top level.
    nonanswers: dict[str, Any] | None = None
    nonanswer_synonyms: dict[str, Any] | None = None


@dataclass
class Codebook:
    """Items to match survey columns against, with what the codebook adds to them.

    ``codes`` maps an item id to its answer codes (code → canonical label); ``multiple`` lists the
    multiple-choice items, whose scale labels are the options.
    """

    items: list[ItemSpec]
    scales: dict[str, Scale] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    multiple: set[str] = field(default_factory=set)
    respondent_key: str | None = None
    # a single questionnaire (citizens' feedback): without token or participant code, the response
    # id is the key, so that a response exported twice is a duplicate (never for matching waves)
    response_id_as_key: bool = False
    test_entries: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headings of columns not to analyse (free text)
    own_items: set[str] = field(default_factory=set)  # ids defined or refined by the file itself

    @classmethod
    def from_items(cls, items: Sequence[ItemSpec]) -> Codebook:
        """A codebook made of known items only (e.g. the item bank)."""
        return cls(items=list(items), scales={i.scale.id: i.scale for i in items})

    def item(self, item_id: str) -> ItemSpec | None:
        return next((i for i in self.items if i.id == item_id), None)


@collects_problems
def load_codebook(path: Path, report: ProblemReport, *, base: Codebook | None = None) -> Codebook | None:
    """Read an items file; items and scales of ``base`` (e.g. the item bank) can be referred to.

    Problems go to ``report`` and the valid part is returned; ``None`` when the file cannot be read.
    """
    document = load_yaml(Path(path))
    data = document.data if isinstance(document.data, dict) else {}
    if not isinstance(document.data, dict):
        report.add(Problem(file=document.file, code="codebook_racine", message=t("codebook.not_mapping")))
    problems: list[Problem] = []
    try:
        parsed = _ItemsFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(document.problems(exc))
        parsed = _ItemsFile()
    codebook = _build(parsed, document, base, problems)
    report.extend(problems)
    return codebook


def _build(parsed: _ItemsFile, document: YamlDocument, base: Codebook | None, problems: list[Problem]) -> Codebook:
    scales = dict(base.scales) if base else {}
    scale_id: str | None  # a scale of the file here, the scale of an item below
    for scale_id, fields in parsed.scales.items():
        try:
            scales[scale_id] = Scale.model_validate({**(fields or {}), "id": scale_id})
        except ValidationError as exc:
            for problem in document.problems(exc):
                located = document.line(("scales", scale_id))
                problems.append(problem.model_copy(update={"row": problem.row or located, "header": f"scales.{scale_id}.{problem.header}"}))
    known = {item.id: item for item in (base.items if base else [])}
    codes = dict(base.codes) if base else {}
    multiple = set(base.multiple) if base else set()
    own: set[str] = set()
    for position, entry in enumerate(parsed.items):
        line = document.line(("items", position))
        where = f"items {t('yaml.item', position=position + 1)}"
        previous = known.get(entry.id)
        scale_id = entry.scale or (previous.scale.id if previous else None)
        if scale_id is None or scale_id not in scales:
            code = "codebook_echelle_absente" if scale_id is None else "codebook_echelle_inconnue"
            message = t(f"codebook.{'no_scale' if scale_id is None else 'unknown_scale'}", item=entry.id, scale=scale_id or "", scales=", ".join(sorted(scales)))
            problems.append(Problem(file=document.file, row=line, header=where, code=code, message=message, value=scale_id))
            continue
        wording = entry.wording or (previous.wording if previous else None)
        if not wording:
            problems.append(Problem(file=document.file, row=line, header=where, code="codebook_libelle_absent", message=t("codebook.no_wording", item=entry.id)))
            continue
        fields = previous.model_dump() if previous else {}
        fields.update({k: v for k, v in entry.model_dump(exclude={"codes", "multiple", "aliases", "scale"}).items() if v is not None})
        fields["wording"] = wording
        fields["scale"] = scales[scale_id]
        fields["aliases"] = tuple(dict.fromkeys([*entry.aliases, *(previous.aliases if previous else ())]))
        try:
            known[entry.id] = ItemSpec.model_validate(fields)
        except ValidationError as exc:
            for problem in document.problems(exc):
                problems.append(problem.model_copy(update={"row": line, "header": f"{where}.{problem.header}"}))
            continue
        own.add(entry.id)
        if entry.codes:
            codes[entry.id] = {str(k): str(v) for k, v in entry.codes.items()}
        if entry.multiple:
            multiple.add(entry.id)
    return Codebook(
        items=list(known.values()),
        scales=scales,
        codes=codes,
        multiple=multiple,
        respondent_key=parsed.respondent_key or (base.respondent_key if base else None),
        test_entries=[str(v) for v in parsed.test_entries] or (list(base.test_entries) if base else []),
        ignored=[str(v) for v in parsed.ignore] + (list(base.ignored) if base else []),
        own_items=own,
    )
