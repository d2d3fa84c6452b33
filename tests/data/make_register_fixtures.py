"""Rebuild the register fixtures ``tests/data/propositions-*.{csv,xlsx}``, each named after its case.

Run from the repository root: ``.venv/bin/python tests/data/make_register_fixtures.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from evaluation.scaffold import write_register_workbook  # noqa: E402

HEADER = ["Identifiant", "Titre", "Texte intégral", "Thème", "Modalité d'origine", "Statut", "Motivation", "Code motif",
          "Mesures / actions", "Service responsable", "Échéance", "État de mise en œuvre", "Avancement (%)",
          "Date de décision", "Décidé par"]


def _csv(name: str, rows: list[list[object]], *, delimiter: str = ";", encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    (HERE / name).write_bytes(buffer.getvalue().encode(encoding))


def valid() -> None:
    """One proposal per status, clean; French Excel CSV (semicolon, Windows-1252)."""
    _csv("propositions-valide.csv", [
        HEADER,
        ["P-1", "Billet unique", "Un seul billet pour tous les transports.", "Transports", "Conférence de citoyens", "Retenue", "", "",
         "Appel à projets billettique", "Sous-direction des transports", "31/12/2027", "En cours", "40", "15/09/2026", "Comité de pilotage"],
        ["P-2", "Cars express", "Des cars express entre villes.", "Transports", "Atelier citoyen", "Retenue partiellement",
         "Les régions exploitent les lignes.", "Hors compétence", "Études de lignes", "Sous-direction des transports", "30/06/2028",
         "Non engagée", "0", "15/09/2026", "Comité de pilotage"],
        ["P-3", "Gratuité", "Transports gratuits.", "Tarifs", "Consultation en ligne", "Non retenue", "Les tarifs relèvent des régions.",
         "Hors compétence", "", "", "", "", "", "14/10/2026", "Ministre"],
        ["P-4", "Trains toutes les 30 minutes", "Plus de trains.", "Transports", "Conférence de citoyens", "À l'étude",
         "Étude de capacité en cours.", "Étude complémentaire nécessaire", "Étude", "Sous-direction des transports", "31/03/2027", "", "", "", ""],
        ["P-5", "Prime covoiturage", "Une prime.", "Voiture", "Conférence de citoyens", "Déjà en vigueur", "La prime existe depuis 2023.",
         "Déjà couvert", "", "", "", "", "", "06/10/2026", "Direction"],
        ["P-6", "Rues scolaires", "Fermer les rues des écoles.", "Vélo", "Atelier citoyen", "Hors champ", "Pouvoir de police du maire.",
         "Hors compétence", "", "", "", "", "", "06/10/2026", "Direction"],
    ], encoding="cp1252")


def variants() -> None:
    """Labels and headings typed the way people type them: each read, each reported."""
    header = ["N°", "Intitulé", "Texte", "Thématique", "Modalité", "Décision", "Motifs", "Motif", "Actions",
              "Service", "Date prévue", "Mise en oeuvre", "Avancement", "Date de la décision", "Décideur"]
    _csv("propositions-variantes.csv", [
        header,
        ["V-1", "Casse", "", "Thème A", "", "retenue", "", "", "", "", "", "en cours", "10", "", ""],
        ["V-2", "Accents", "", "Thème A", "", "A l'etude", "Étude en cours.", "", "", "", "", "", "", "", ""],
        ["V-3", "Apostrophe courbe", "", "Thème A", "", "À l’étude", "Étude en cours.", "", "", "", "", "", "", "", ""],
        ["V-4", "Espaces", "", "Thème B", "", "  Non   retenue ", "Trop cher.", "cout", "", "", "", "", "", "", ""],
        ["V-5", "Faute de frappe", "", "Thème B", "", "retenue partielement", "En partie.", "", "", "", "", "realisee", "100", "", ""],
        ["V-6", "Code", "", "Thème B", "", "hors_champ", "Autre autorité.", "HORS COMPETENCE", "", "", "", "", "", "", ""],
    ], delimiter=",")


def rules() -> None:
    """Every rule of the register broken once (see tests/test_register.py for the cells)."""
    _csv("propositions-regles.csv", [
        HEADER,
        ["R-1", "Doublon 1", "", "T", "", "Retenue", "", "", "", "", "", "", "", "", ""],
        ["R-1", "Doublon 2", "", "T", "", "Retenue", "", "", "", "", "", "", "", "", ""],
        ["R-3", "Sans statut", "", "T", "", "", "", "", "", "", "", "", "", "", ""],
        ["R-4", "Statut inconnu", "", "T", "", "hors du sujet", "Pas pour nous.", "", "", "", "", "", "", "", ""],
        ["R-5", "Sans motivation", "", "T", "", "Retenue partiellement", "", "", "", "", "", "", "", "", ""],
        ["R-6", "Sans code motif", "", "T", "", "Non retenue", "Trop cher.", "", "", "", "", "", "", "", ""],
        ["R-7", "Date invalide", "", "T", "", "Retenue", "", "", "", "", "bientôt", "", "", "31/02/2026", ""],
        ["R-8", "Avancement hors limites", "", "T", "", "Retenue", "", "", "", "", "", "En cours", "150", "", ""],
        ["R-9", "Avancement illisible", "", "T", "", "Retenue", "", "", "", "", "", "En cours", "beaucoup", "", ""],
        ["", "Sans identifiant", "", "T", "", "Retenue", "", "", "", "", "", "", "", "", ""],
        ["R-11", "Code motif inconnu", "", "T", "", "Non retenue", "Non.", "flemme", "", "", "", "", "", "", ""],
        ["R-12", "État inconnu", "", "T", "", "Retenue", "", "", "", "", "", "presque fini", "", "", ""],
    ], delimiter=",")


def missing_columns() -> None:
    _csv("propositions-colonne-manquante.csv", [
        ["Identifiant", "Titre", "Thème", "Statut"],
        ["M-1", "Une proposition", "T", "Retenue"],
    ], delimiter=",")


def personal_data() -> None:
    _csv("propositions-donnees-personnelles.csv", [
        [*HEADER, "Courriel", "Auteur"],
        ["D-1", "Contact", "Écrivez-moi à jeanne.martin@example.org ou au 06 12 34 56 78.", "T", "", "Retenue", "", "", "", "", "", "", "", "", "",
         "jeanne.martin@example.org", "Jeanne Martin"],
    ], delimiter=",")


HOSTILE_TEXTS = [
    "=HYPERLINK(\"http://exemple.invalid\",\"Cliquez\")",
    "+33 rien",
    "-2+3",
    "@SUM(A1:A2)",
    "Texte avec\x0bretour Excel et\x00NUL et \x07cloche",
    "<script>alert('x')</script> & « guillemets » & <b>gras</b>",
    "Émojis 🚲🚆 et caractères ‘spéciaux’ — ça marche ?",
    "Très long " + "mobilité durable " * 800,
]


def hostile() -> None:
    """Citizen text at its worst, in every text column (written with openpyxl as typed, unneutralised)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Propositions"
    sheet.append(HEADER)
    for number, text in enumerate(HOSTILE_TEXTS, start=1):
        clean = text.replace("\x00", "").replace("\x07", "").replace("\x0b", "_x000B_")
        status = "Retenue" if number % 2 else "Non retenue"
        row = [f"H-{number}", clean[:200], clean, "Thème <&>", clean[:50], status, clean, "Autre" if number % 2 == 0 else "",
               clean, clean[:100], dt.date(2027, 1, number), "En cours" if number % 2 else "", 50 if number % 2 else None,
               dt.date(2026, 10, number), clean[:80]]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # as typed: a text cell, not a formula
    workbook.save(HERE / "propositions-hostile.xlsx")


def empty() -> None:
    write_register_workbook(HERE / "propositions-vide.xlsx")


def wrong_sheet() -> None:
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Compte rendu", "Date"])
    workbook.active.append(["Séance 1", "2026-01-17"])
    budget = workbook.create_sheet("Budget")
    budget.append(["Poste", "Montant"])
    budget.append(["Salles", 1200])
    workbook.save(HERE / "propositions-mauvaise-feuille.xlsx")


def other_sheet() -> None:
    workbook = Workbook()
    workbook.active.title = "Lisez-moi"
    workbook.active.append(["Ce classeur contient le registre dans la deuxième feuille."])
    register = workbook.create_sheet("Registre 2026")
    register.append(HEADER)
    register.append(["O-1", "Titre", "", "T", "", "Retenue", "", "", "", "", None, "", None, None, ""])
    workbook.save(HERE / "propositions-autre-feuille.xlsx")


def percentages() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Propositions"
    sheet.append(HEADER)
    for number, share in enumerate([0.45, 1, 0, 0.125], start=1):
        sheet.append([f"X-{number}", "Titre", "", "T", "", "Retenue", "", "", "", "", None, "En cours" if share < 1 else "Réalisée", share, None, ""])
        sheet.cell(row=sheet.max_row, column=13).number_format = "0%"
    workbook.save(HERE / "propositions-pourcentages.xlsx")


def not_a_spreadsheet() -> None:
    (HERE / "propositions-pas-un-tableur.xlsx").write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")


def corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook>" + "x" * 5000 + "</workbook>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    data = buffer.getvalue()
    (HERE / "propositions-corrompu.xlsx").write_bytes(data[: len(data) // 2])


def main() -> None:
    for build in (valid, variants, rules, missing_columns, personal_data, hostile, empty, wrong_sheet, other_sheet, percentages,
                  not_a_spreadsheet, corrupt):
        build()
    print("\n".join(sorted(p.name for p in HERE.glob("propositions-*"))))


if __name__ == "__main__":
    main()
