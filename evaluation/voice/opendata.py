"""Open data of the other readings: ``lectures.csv``, ``lectures.json`` and their Table Schema.

One row per proposal and body, beside the sponsor's status (repeated so that each row reads on
its own), keyed to ``propositions.csv`` by ``identifiant``. Written only when the register has
readings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evaluation.demarche.model import Demarche
from evaluation.documents.outputs import safe_text, write_csv, write_json
from evaluation.followup.opendata import Field, _codes, schema_document
from evaluation.followup.register import Register
from indicators.vocabulary import LABELS, Assessment, Status

CSV_FILE = "lectures.csv"
JSON_FILE = "lectures.json"
SCHEMA_FILE = "lectures.schema.json"

FIELDS: tuple[Field, ...] = (
    Field("identifiant", "string", table="lectures", required=True),
    Field("demarche", "string", table="lectures", required=True),
    Field("instance", "string", table="lectures", required=True),
    Field("statut_commanditaire", "string", legend=Status, table="lectures", enum=_codes(Status)),
    Field("statut_instance", "string", legend=Status, table="lectures", required=True, enum=_codes(Status)),
    Field("statut_instance_libelle", "string", table="lectures", required=True, enum=tuple(LABELS[s] for s in Status)),
    Field("meme_statut", "boolean", table="lectures"),
    Field("appreciation", "string", legend=Assessment, table="lectures", enum=_codes(Assessment)),
    Field("appreciation_libelle", "string", table="lectures", enum=tuple(LABELS[a] for a in Assessment)),
    Field("commentaire", "string", table="lectures"),
)
HEADER = tuple(f.name for f in FIELDS)


def table_schema() -> dict[str, Any]:
    """The Table Schema of ``lectures.csv``."""
    return schema_document("lectures", ["identifiant", "instance"], FIELDS)


def records(demarche: Demarche, register: Register) -> list[dict[str, Any]]:
    statuses = {p.id: p.status for p in register.proposals}
    rows = []
    for r in register.readings:
        sponsor = statuses.get(r.proposal_id)
        values: dict[str, Any] = {
            "identifiant": r.proposal_id, "demarche": demarche.id, "instance": r.body,
            "statut_commanditaire": str(sponsor) if sponsor else "",
            "statut_instance": str(r.status) if r.status else "", "statut_instance_libelle": LABELS[r.status] if r.status else "",
            "meme_statut": None if r.status is None or sponsor is None else r.status is sponsor,
            "appreciation": str(r.assessment) if r.assessment else "", "appreciation_libelle": LABELS[r.assessment] if r.assessment else "",
            "commentaire": r.comment,
        }
        rows.append({key: safe_text(value) if isinstance(value, str) else value for key, value in values.items()})
    return rows


def write_readings_open_data(demarche: Demarche, register: Register, out_dir: Path) -> list[Path]:
    """Write ``lectures.csv`` (formula-neutralised), ``lectures.json`` and the schema; nothing without readings."""
    if not register.readings:
        return []
    rows = records(demarche, register)
    csv_rows = [[_csv_value(row[name]) for name in HEADER] for row in rows]
    json_rows = [{key: (None if value == "" else value) for key, value in row.items()} for row in rows]
    return [write_csv(out_dir / CSV_FILE, HEADER, csv_rows), write_json(out_dir / JSON_FILE, json_rows), write_json(out_dir / SCHEMA_FILE, table_schema())]


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
