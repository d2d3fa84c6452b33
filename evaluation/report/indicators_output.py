"""``indicateurs.csv`` and its Table Schema: every indicator, one row per figure, values not localised.

UTF-8, comma, ``.`` as the decimal mark, empty cells for missing values; numbers keep 10
significant digits; booleans are ``true`` / ``false``. Text cells are neutralised against
formula injection (a category name typed by a person may start with ``=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluation.documents.outputs import write_csv, write_json
from evaluation.documents.schema import field_text, schema_metadata
from indicators.definitions import Base, Unit
from indicators.models import CSV_COLUMNS, IndicatorResult
from indicators.vocabulary import Dimension

CSV_FILE = "indicateurs.csv"
SCHEMA_FILE = "indicateurs.schema.json"
SCHEMA_VERSION = "0.1.0"
SIGNIFICANT_DIGITS = 10
WAVES = ("pre", "post", "follow_up", "post-pre", "follow_up-pre")

_FIELDS: dict[str, dict[str, Any]] = {
    "dimension": {"type": "string",
                  "constraints": {"required": True, "enum": [d.value for d in Dimension]}},
    "indicator": {"type": "string",
                  "constraints": {"required": True}},
    "item": {"type": "string"},
    "wave": {"type": "string",
             "constraints": {"enum": list(WAVES)}},
    "group": {"type": "string"},
    "n": {"type": "integer",
          "constraints": {"minimum": 0}},
    "base": {"type": "string",
             "constraints": {"enum": [b.value for b in Base]}},
    "value": {"type": "number"},
    "unit": {"type": "string",
             "constraints": {"enum": [u.value for u in Unit]}},
    "ci_low": {"type": "number"},
    "ci_high": {"type": "number"},
    "p_value": {"type": "number",
                "constraints": {"minimum": 0, "maximum": 1}},
    "p_adjusted": {"type": "number",
                   "constraints": {"minimum": 0, "maximum": 1}},
    "effect_size": {"type": "number",
                    "constraints": {"minimum": -1, "maximum": 1}},
    "suppressed": {"type": "boolean",
                   "constraints": {"required": True}},
    "note": {"type": "string"},
}


def table_schema() -> dict[str, Any]:
    """Table Schema of ``indicateurs.csv`` (frictionless / schema.data.gouv.fr shape)."""
    fields = []
    for name in CSV_COLUMNS:
        spec = _FIELDS[name]
        text = field_text("indicateurs", name)
        fields.append({"name": name, "title": text["title"], "description": text["description"], "type": spec["type"],
                       "format": "default", "example": text["example"], "constraints": spec.get("constraints", {"required": False})})
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "suivi-indicateurs",
        **schema_metadata("indicateurs"),
        "version": SCHEMA_VERSION,
        "missingValues": [""],
        "fields": fields,
    }


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
        return int(rounded) if rounded.is_integer() else rounded
    return str(value)


def csv_rows(results: Sequence[IndicatorResult]) -> list[list[Any]]:
    rows = []
    for result in results:
        record = result.model_dump(mode="json")
        rows.append([_cell(record[column]) for column in CSV_COLUMNS])
    return rows


def write_indicators(results: Sequence[IndicatorResult], out_dir: Path) -> list[Path]:
    """Write ``indicateurs.csv`` and ``indicateurs.schema.json`` atomically; return their paths."""
    out_dir = Path(out_dir)
    return [
        write_csv(out_dir / CSV_FILE, CSV_COLUMNS, csv_rows(results)),
        write_json(out_dir / SCHEMA_FILE, table_schema()),
    ]
