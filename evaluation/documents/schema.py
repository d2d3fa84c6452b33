"""The metadata every Table Schema suivi writes shares (schema.data.gouv.fr shape), in the catalogue's words."""

from __future__ import annotations

from typing import Any

from surveys.i18n import t

LICENCE_PATH = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"


def schema_metadata(name: str) -> dict[str, Any]:
    """Title, description, keywords, country, contributors and licence of the schema ``name``."""
    return {
        "title": t(f"schema.{name}.title"),
        "description": t(f"schema.{name}.description"),
        "countryCode": "FR",
        "contributors": [{"title": t("schema.contributors"), "role": "author"}],
        "licenses": [{"name": "etalab-2.0", "title": t("schema.licence"), "path": LICENCE_PATH}],
        "keywords": t(f"schema.{name}.keywords").split(" ; "),
    }


def field_text(schema: str, name: str, **values: object) -> dict[str, str]:
    """The title, description and example of one field, from the catalogue."""
    key = f"schema.{schema}.{name}"
    return {"title": t(f"{key}.title"), "description": t(f"{key}.description", **values), "example": t(f"{key}.example")}
