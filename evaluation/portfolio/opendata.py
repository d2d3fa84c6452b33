"""The portfolio's ``indicateurs.csv``: every démarche's long-format indicators, ``demarche_id`` first.

The columns after ``demarche_id`` are those of a single démarche's ``indicateurs.csv``, written by
the same code (:func:`evaluation.indicators_output.csv_rows`), and the Table Schema is the
single-démarche schema with the ``demarche_id`` field added in front.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import IO, Any

from evaluation.documents.outputs import safe_cell
from evaluation.report.indicators_output import csv_rows, table_schema
from indicators.models import CSV_COLUMNS, IndicatorResult

CSV_FILE = "indicateurs.csv"
SCHEMA_FILE = "indicateurs.schema.json"
ID_COLUMN = "demarche_id"
HEADER = (ID_COLUMN, *CSV_COLUMNS)

_ID_FIELD: dict[str, Any] = {
    "name": ID_COLUMN,
    "title": "Démarche",
    "description": "Identifiant de la démarche (clé id de son demarche.yaml), unique dans le portefeuille.",
    "type": "string",
    "format": "default",
    "example": "convention-mobilites",
    "constraints": {"required": True, "pattern": "^[a-z0-9][a-z0-9_-]*$"},
}


def csv_chunk(demarche_id: str, results: Sequence[IndicatorResult]) -> bytes:
    """The CSV lines (UTF-8, no header) of one démarche's indicators."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in csv_rows(results):
        writer.writerow([demarche_id, *("" if v is None else safe_cell(v) for v in row)])
    return buffer.getvalue().encode("utf-8")


def write_header(stream: IO[bytes]) -> None:
    stream.write((",".join(HEADER) + "\n").encode("utf-8"))


def portfolio_schema() -> dict[str, Any]:
    """The single-démarche Table Schema with ``demarche_id`` in front."""
    schema = table_schema()
    return {
        **schema,
        "name": "suivi-indicateurs-portefeuille",
        "title": "Indicateurs d'évaluation d'un portefeuille de démarches de participation citoyenne",
        "description": (
            "Indicateurs calculés par suivi pour chaque démarche du portefeuille, au format long : une ligne par chiffre et "
            "par démarche (colonne demarche_id), avec son effectif et son intervalle. Les chiffres portant sur un effectif "
            "inférieur au seuil du secret statistique (11 personnes par défaut) sont masqués, démarche par démarche."
        ),
        "fields": [_ID_FIELD, *schema["fields"]],
    }
