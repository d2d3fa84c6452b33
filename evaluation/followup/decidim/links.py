"""``decidim-liens.csv``: the link from each register row back to its Decidim proposal.

One row per imported proposal: the Decidim id, URL and reference, the counts kept as information
(votes, comments, likes), the raw Decidim state, and the values suivi last imported into the
register, so that a later import can tell a value the sponsor changed from one it may refresh.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.documents.outputs import FORMULA_PREFIXES, write_csv
from surveys.i18n import t
from surveys.problems import SuiviError, display_name
from surveys.spreadsheet import decode_text

LINKS_FILE = "decidim-liens.csv"
MERGED = ("title", "text", "theme", "source", "status", "motivation", "decision_date")
INFO = ("decidim_id", "url", "reference", "locale", "locales", "votes", "comments", "likes", "state", "imported_on")
HEADERS = {
    "id": "identifiant", "decidim_id": "id_decidim", "url": "url", "reference": "reference", "locale": "langue",
    "locales": "langues", "votes": "votes", "comments": "commentaires", "likes": "soutiens", "state": "etat_decidim",
    "imported_on": "importe_le", "title": "titre_importe", "text": "texte_importe", "theme": "theme_importe",
    "source": "modalite_importee", "status": "statut_importe", "motivation": "motivation_importee",
    "decision_date": "date_decision_importee",
}


@dataclass
class Link:
    """One imported proposal: register id, Decidim facts, last imported values."""

    id: str
    info: dict[str, str] = field(default_factory=dict)
    imported: dict[str, str] = field(default_factory=dict)


def read_links(folder: Path) -> dict[str, Link]:
    """The links of ``folder`` by register id (empty when no import was made yet)."""
    path = folder / LINKS_FILE
    if not path.exists():
        return {}
    name = display_name(path)
    text, _ = decode_text(path.read_bytes(), name)
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or HEADERS["id"] not in reader.fieldnames:
        raise SuiviError(t("decidim.links.unreadable", file=name), code="liens_illisibles", file=name)
    links: dict[str, Link] = {}
    for record in reader:
        values = {key: _unneutralise(record.get(heading) or "") for key, heading in HEADERS.items()}
        if values["id"]:
            links[values["id"]] = Link(values["id"], {k: values[k] for k in INFO}, {k: values[k] for k in MERGED})
    return links


def write_links(folder: Path, links: dict[str, Link]) -> Path:
    keys = ["id", *INFO, *MERGED]
    rows = [[link.id, *(link.info.get(k, "") for k in INFO), *(link.imported.get(k, "") for k in MERGED)] for link in links.values()]
    return write_csv(folder / LINKS_FILE, [HEADERS[k] for k in keys], rows, bom=True)


def _unneutralise(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] and text[1] in FORMULA_PREFIXES else text
