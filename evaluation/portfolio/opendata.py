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
from evaluation.documents.schema import field_text
from evaluation.report.indicators_output import csv_rows, table_schema
from indicators.models import CSV_COLUMNS, IndicatorResult
from surveys.i18n import t

CSV_FILE = "indicateurs.csv"
SCHEMA_FILE = "indicateurs.schema.json"
ID_COLUMN = "demarche_id"
HEADER = (ID_COLUMN, *CSV_COLUMNS)

ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"


def _id_field() -> dict[str, Any]:
    text = field_text("portefeuille", ID_COLUMN)
    return {"name": ID_COLUMN, "title": text["title"], "description": text["description"], "type": "string", "format": "default",
            "example": text["example"], "constraints": {"required": True, "pattern": ID_PATTERN}}


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
        "title": t("schema.portefeuille.title"),
        "description": t("schema.portefeuille.description"),
        "fields": [_id_field(), *schema["fields"]],
    }
