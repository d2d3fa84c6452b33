"""Open data of the register: ``propositions.csv``, ``propositions.json`` and their Table Schema.

Etalab conventions: UTF-8, comma, snake_case ASCII headers, ISO dates, ``.`` decimals; the
schema has the shape schema.data.gouv.fr accepts. Only published fields are written: columns
the register does not know (names, e-mails…) are never read, and e-mail addresses or phone
numbers typed in free text were masked when the register was read.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from evaluation.demarche.model import Demarche
from evaluation.documents.outputs import safe_text, write_csv, write_json
from evaluation.documents.schema import field_text, schema_metadata
from evaluation.followup.register import Proposal, Register
from indicators.vocabulary import LABELS, Implementation, ReasonCode, Status

CSV_FILE = "propositions.csv"
JSON_FILE = "propositions.json"
SCHEMA_FILE = "propositions.schema.json"
SCHEMA_VERSION = "0.1.0"


@dataclass(frozen=True)
class Field:
    """One published column: Table Schema metadata and how to get its value from a proposal."""

    name: str
    type: str
    required: bool = False
    enum: tuple[str, ...] = ()
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    legend: builtins.type[StrEnum] | None = None  # a vocabulary whose codes the description lists
    table: str = "propositions"  # the schema whose catalogue texts describe the field

    def schema(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {"required": self.required}
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        text = field_text(self.table, self.name, **({"codes": _legend(self.legend)} if self.legend else {}))
        return {
            "name": self.name,
            "title": text["title"],
            "description": text["description"],
            "type": self.type,
            "format": "%Y-%m-%d" if self.type == "date" else "default",
            "example": text["example"],
            "constraints": constraints,
        }


def _codes(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(str(member) for member in enum)


def _legend(enum: type[StrEnum]) -> str:
    return " ; ".join(f"{member} ({LABELS[member]})" for member in enum)


FIELDS: tuple[Field, ...] = (
    Field("identifiant", "string", required=True, unique=True),
    Field("demarche", "string", required=True),
    Field("titre", "string", required=True),
    Field("texte", "string"),
    Field("theme", "string", required=True),
    Field("modalite_origine", "string"),
    Field("statut", "string", legend=Status, required=True, enum=_codes(Status)),
    Field("statut_libelle", "string", required=True, enum=tuple(LABELS[s] for s in Status)),
    Field("motivation", "string"),
    Field("code_motif", "string", legend=ReasonCode, enum=_codes(ReasonCode)),
    Field("code_motif_libelle", "string", enum=tuple(LABELS[r] for r in ReasonCode)),
    Field("mesures", "string"),
    Field("service_responsable", "string"),
    Field("echeance", "date"),
    Field("etat_mise_en_oeuvre", "string", legend=Implementation, enum=_codes(Implementation)),
    Field("etat_mise_en_oeuvre_libelle", "string", enum=tuple(LABELS[i] for i in Implementation)),
    Field("avancement", "number", minimum=0, maximum=100),
    Field("date_decision", "date"),
    Field("decide_par", "string"),
)
HEADER = tuple(f.name for f in FIELDS)


def table_schema() -> dict[str, Any]:
    """The Table Schema of ``propositions.csv`` (schema.data.gouv.fr shape)."""
    return schema_document("propositions", ["identifiant"], FIELDS)


def schema_document(schema: str, primary_key: list[str], fields: Sequence[Field]) -> dict[str, Any]:
    """A Table Schema in the shape schema.data.gouv.fr accepts; its texts are the catalogue's ``schema.<schema>.*``."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": f"suivi-{schema}",
        **schema_metadata(schema),
        "version": SCHEMA_VERSION,
        "missingValues": [""],
        "primaryKey": primary_key,
        "fields": [f.schema() for f in fields],
    }


def _number(value: float | None) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value).is_integer() else float(value)


def record(demarche: Demarche, p: Proposal) -> dict[str, Any]:
    """One proposal as published: codes, labels, ISO dates, numbers; text cleaned for XML."""
    values: dict[str, Any] = {
        "identifiant": p.id,
        "demarche": demarche.id,
        "titre": p.title,
        "texte": p.text,
        "theme": p.theme,
        "modalite_origine": p.source,
        "statut": str(p.status) if p.status else "",
        "statut_libelle": LABELS[p.status] if p.status else "",
        "motivation": p.motivation,
        "code_motif": str(p.reason_code) if p.reason_code else "",
        "code_motif_libelle": LABELS[p.reason_code] if p.reason_code else "",
        "mesures": p.measures,
        "service_responsable": p.service,
        "echeance": p.due_date.isoformat() if p.due_date else None,
        "etat_mise_en_oeuvre": str(p.implementation) if p.implementation else "",
        "etat_mise_en_oeuvre_libelle": LABELS[p.implementation] if p.implementation else "",
        "avancement": _number(p.progress),
        "date_decision": p.decision_date.isoformat() if p.decision_date else None,
        "decide_par": p.decided_by,
    }
    return {key: safe_text(value) if isinstance(value, str) else value for key, value in values.items()}


def records(demarche: Demarche, register: Register) -> list[dict[str, Any]]:
    return [record(demarche, p) for p in register.proposals]


def write_open_data(demarche: Demarche, register: Register, out_dir: Path) -> list[Path]:
    """Write the CSV (formula-neutralised), the JSON and the schema; return their paths."""
    return write_records(records(demarche, register), out_dir)


def write_records(rows: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """The open data of published records (as :func:`records` makes them): CSV, JSON, schema."""
    csv_rows: Sequence[Sequence[Any]] = [[row[name] for name in HEADER] for row in rows]
    json_rows = [{key: (None if value == "" else value) for key, value in row.items()} for row in rows]
    return [
        write_csv(out_dir / CSV_FILE, HEADER, csv_rows),
        write_json(out_dir / JSON_FILE, json_rows),
        write_json(out_dir / SCHEMA_FILE, table_schema()),
    ]
