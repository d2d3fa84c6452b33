"""The demo's public site: two publications of the example, with a few decisions taken in between.

The second publication applies :data:`CHANGES` to the working copy of the register (never to the
bundled example), so the site's history page and feed show real changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from evaluation.followup.register import REGISTER_SHEET
from evaluation.followup.site.journal import JOURNAL_FOLDER
from evaluation.followup.site.publish import publish

SITE_FOLDER = "site"
# Dates that leave one engagement of the example overdue and others upcoming.
FIRST_PUBLICATION = dt.date(2026, 11, 15)
SECOND_PUBLICATION = dt.date(2026, 12, 15)
CHANGES: dict[str, dict[str, Any]] = {
    "P-04": {"Statut": "Retenue", "Motivation": "L'étude de capacité conclut qu'un train toutes les demi-heures est possible autour de six agglomérations dès 2028.",
             "Code motif": None, "État de mise en œuvre": "En cours", "Avancement (%)": 10, "Date de décision": dt.datetime(2026, 12, 10), "Décidé par": "Comité de pilotage"},
    "P-20": {"Statut": "Non retenue", "Motivation": "Le coût du permis relève du ministère de l'intérieur, qui a étendu l'aide au permis aux apprentis.",
             "Code motif": "Hors compétence", "Date de décision": dt.datetime(2026, 12, 10), "Décidé par": "Comité de pilotage"},
    "P-01": {"Avancement (%)": 90},
    "P-08": {"Avancement (%)": 40},
}


def apply_changes(register: Path, changes: Mapping[str, Mapping[str, Any]]) -> None:
    """Set cells of ``register`` (an xlsx with the template's headings), found by proposal id and heading."""
    book = openpyxl.load_workbook(register)
    sheet = book[REGISTER_SHEET]
    headings = {cell.value: position for position, cell in enumerate(sheet[1], start=1)}
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        for heading, value in changes.get(str(row[0].value), {}).items():
            sheet.cell(row=number, column=headings[heading]).value = value
    book.save(register)


def publish_twice(folder: Path, out: Path) -> list[Path]:
    """Publish ``folder`` (a working copy), apply :data:`CHANGES`, publish again; keep the journal in ``out``."""
    site = out / SITE_FOLDER
    publish(folder, out=site, date=FIRST_PUBLICATION)
    apply_changes(folder / "propositions.xlsx", CHANGES)
    publish(folder, out=site, date=SECOND_PUBLICATION)
    journal = out / JOURNAL_FOLDER
    shutil.rmtree(journal, ignore_errors=True)
    shutil.copytree(folder / JOURNAL_FOLDER, journal)
    return [site / "index.html", site / "historique.html", site / "flux.atom", site / "recherche.json",
            site / "export-participation-citoyenne", journal]
