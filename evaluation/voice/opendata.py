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
from evaluation.followup.opendata import CSV_FILE as PROPOSALS_CSV
from evaluation.followup.opendata import Field, _codes, _legend, schema_document
from evaluation.followup.register import Register
from indicators.vocabulary import LABELS, Assessment, Status

CSV_FILE = "lectures.csv"
JSON_FILE = "lectures.json"
SCHEMA_FILE = "lectures.schema.json"

FIELDS: tuple[Field, ...] = (
    Field("identifiant", "Identifiant de la proposition", "Identifiant de la proposition lue, tel qu'il figure dans propositions.csv.", "string", "P-01", required=True),
    Field("demarche", "Identifiant de la démarche", "Identifiant court de la démarche de participation.", "string", "convention-mobilites", required=True),
    Field("instance", "Instance", "Instance qui fait cette lecture (comité de suivi citoyen, comité de garants…).", "string", "Comité de suivi citoyen", required=True),
    Field("statut_commanditaire", "Statut selon le commanditaire", "Décision du commanditaire. Codes : " + _legend(Status) + ".", "string", "retenue", enum=_codes(Status)),
    Field("statut_instance", "Statut selon l'instance", "Statut de la proposition tel que l'instance le lit. Codes : " + _legend(Status) + ".", "string", "retenue_partiellement", required=True, enum=_codes(Status)),
    Field("statut_instance_libelle", "Libellé du statut selon l'instance", "Statut selon l'instance en toutes lettres.", "string", "Retenue partiellement", required=True, enum=tuple(LABELS[s] for s in Status)),
    Field("meme_statut", "Même statut", "Vrai quand l'instance lit le même statut que le commanditaire.", "boolean", "false"),
    Field("appreciation", "Appréciation de la réponse", "Appréciation de la réponse du commanditaire par l'instance. Codes : " + _legend(Assessment) + ".", "string", "partielle", enum=_codes(Assessment)),
    Field("appreciation_libelle", "Libellé de l'appréciation", "Appréciation en toutes lettres.", "string", "Partielle", enum=tuple(LABELS[a] for a in Assessment)),
    Field("commentaire", "Commentaire", "Commentaire de l'instance sur la réponse.", "string", "Seule la partie billettique est financée."),
)
HEADER = tuple(f.name for f in FIELDS)


def table_schema() -> dict[str, Any]:
    """The Table Schema of ``lectures.csv``."""
    return schema_document(
        "suivi-lectures", "Lectures des propositions citoyennes par d'autres instances",
        "Lecture, par le comité de suivi citoyen ou une autre instance, de la suite donnée à chaque proposition : "
        "statut tel que l'instance le lit, à côté de celui du commanditaire, appréciation de la réponse et commentaire. "
        f"Une ligne par proposition et par instance ; identifiant renvoie à {PROPOSALS_CSV}.",
        ["participation citoyenne", "devoir de suite", "comité de suivi citoyen"], ["identifiant", "instance"], FIELDS,
    )


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
