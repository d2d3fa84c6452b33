"""Open data of the register: ``propositions.csv``, ``propositions.json`` and their Table Schema.

Etalab conventions: UTF-8, comma, snake_case ASCII headers, ISO dates, ``.`` decimals; the
schema has the shape schema.data.gouv.fr accepts. Only published fields are written: columns
the register does not know (names, e-mails…) are never read, and e-mail addresses or phone
numbers typed in free text were masked when the register was read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.demarche.model import Demarche
from evaluation.documents.outputs import safe_text, write_csv, write_json
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
    title: str
    description: str
    type: str
    example: str
    required: bool = False
    enum: tuple[str, ...] = ()
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None

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
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "type": self.type,
            "format": "%Y-%m-%d" if self.type == "date" else "default",
            "example": self.example,
            "constraints": constraints,
        }


def _codes(enum: type) -> tuple[str, ...]:
    return tuple(str(member) for member in enum)


def _legend(enum: type) -> str:
    return " ; ".join(f"{member} ({LABELS[member]})" for member in enum)


FIELDS: tuple[Field, ...] = (
    Field("identifiant", "Identifiant de la proposition", "Identifiant unique et stable de la proposition dans la démarche.", "string", "P-01", required=True, unique=True),
    Field("demarche", "Identifiant de la démarche", "Identifiant court de la démarche de participation dont la proposition est issue.", "string", "convention-mobilites", required=True),
    Field("titre", "Titre", "Titre court de la proposition.", "string", "Un billet unique pour tous les transports d'une région", required=True),
    Field("texte", "Texte de la proposition", "Texte intégral de la proposition, tel que rédigé par les citoyens.", "string", "Créer un titre de transport unique, valable dans les trains régionaux, les cars et les transports urbains."),
    Field("theme", "Thème", "Thème sous lequel la proposition est regroupée.", "string", "Transports collectifs", required=True),
    Field("modalite_origine", "Modalité d'origine", "Modalité de participation dont la proposition est issue.", "string", "Conférence de citoyens"),
    Field("statut", "Statut", "Décision du commanditaire sur la proposition. Codes : " + _legend(Status) + ".", "string", "retenue", required=True, enum=_codes(Status)),
    Field("statut_libelle", "Libellé du statut", "Statut en toutes lettres.", "string", "Retenue", required=True, enum=tuple(LABELS[s] for s in Status)),
    Field("motivation", "Motivation", "Raisons de la décision, en mots simples. Renseignée pour tout statut autre que « retenue ».", "string", "L'exploitation des lignes relève des régions, qui en décideront au cas par cas."),
    Field("code_motif", "Code motif", "Catégorie du motif de la décision, obligatoire pour une proposition non retenue. Codes : " + _legend(ReasonCode) + ".", "string", "cout", enum=_codes(ReasonCode)),
    Field("code_motif_libelle", "Libellé du code motif", "Code motif en toutes lettres.", "string", "Coût", enum=tuple(LABELS[r] for r in ReasonCode)),
    Field("mesures", "Mesures ou actions", "Mesures ou actions qui traduisent la décision.", "string", "Appel à projets doté de 30 millions d'euros."),
    Field("service_responsable", "Service responsable", "Service chargé de la mise en œuvre.", "string", "Sous-direction des transports collectifs"),
    Field("echeance", "Échéance", "Échéance prévue de la mise en œuvre (AAAA-MM-JJ).", "date", "2027-12-31"),
    Field("etat_mise_en_oeuvre", "État de mise en œuvre", "Avancement de la mise en œuvre, distinct de la décision. Codes : " + _legend(Implementation) + ".", "string", "en_cours", enum=_codes(Implementation)),
    Field("etat_mise_en_oeuvre_libelle", "Libellé de l'état de mise en œuvre", "État de mise en œuvre en toutes lettres.", "string", "En cours", enum=tuple(LABELS[i] for i in Implementation)),
    Field("avancement", "Avancement (%)", "Part réalisée de la mise en œuvre, de 0 à 100.", "number", "40", minimum=0, maximum=100),
    Field("date_decision", "Date de la décision", "Date à laquelle la décision a été prise (AAAA-MM-JJ) ; vide si aucune décision n'a encore été prise.", "date", "2026-10-14"),
    Field("decide_par", "Décidé par", "Instance ou autorité qui a pris la décision.", "string", "Comité de pilotage"),
)
HEADER = tuple(f.name for f in FIELDS)


def table_schema() -> dict[str, Any]:
    """The Table Schema of ``propositions.csv`` (schema.data.gouv.fr shape)."""
    return schema_document(
        "suivi-propositions", "Suivi des propositions citoyennes",
        "Registre des propositions issues d'une démarche de participation citoyenne et des suites "
        "que leur donne le commanditaire : décision (statut, motivation, code motif), mesures, service "
        "responsable, échéance et mise en œuvre. Une ligne par proposition.",
        ["participation citoyenne", "devoir de suite", "propositions", "réponse motivée"], ["identifiant"], FIELDS,
    )


def schema_document(name: str, title: str, description: str, keywords: list[str], primary_key: list[str], fields: Sequence[Field]) -> dict[str, Any]:
    """A Table Schema in the shape schema.data.gouv.fr accepts (Etalab licence, French, suivi as author)."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": name,
        "title": title,
        "description": description,
        "countryCode": "FR",
        "version": SCHEMA_VERSION,
        "contributors": [{"title": "Les contributeurs de suivi", "role": "author"}],
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0", "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"}],
        "keywords": keywords,
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
    rows = records(demarche, register)
    csv_rows: Sequence[Sequence[Any]] = [[row[name] for name in HEADER] for row in rows]
    json_rows = [{key: (None if value == "" else value) for key, value in row.items()} for row in rows]
    from evaluation.voice.opendata import write_readings_open_data  # other bodies' readings, when the register has some

    return [
        write_csv(out_dir / CSV_FILE, HEADER, csv_rows),
        write_json(out_dir / JSON_FILE, json_rows),
        write_json(out_dir / SCHEMA_FILE, table_schema()),
        *write_readings_open_data(demarche, register, out_dir),
    ]
