"""Generate the feedback-export fixtures (synthetic answers to the feedback questionnaire on P-01 and P-02).

- ``retours-limesurvey-incomplet-doublon.csv``: LimeSurvey, array questions (``REPP01[CLAIRP01]``),
  no token: response 2 exported twice (same ``id``) and response 4 not submitted (``submitdate`` empty);
- ``retours-google-forms-horodateur.csv``: Google Forms, « Horodateur » first, code-and-text titles,
  one answer that is neither yes nor no;
- ``retours-microsoft-forms.xlsx``: Microsoft Forms (« ID », « Heure de début »…, anonymous e-mail);
- ``retours-entites-html.csv``, ``retours-entetes-intercales.csv``, ``retours-deux-lignes-entete.csv``:
  headings with HTML entities, the heading row pasted again between answers, two header rows;
- ``retours-feuille-notes-dabord.xlsx``: the Excel typing-in workbook with a notes sheet first and a
  participant code typed twice.

Run: ``.venv/bin/python tests/data/make_feedback_fixtures.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
CLEAR = "Cette réponse est-elle claire ?"
MOTIVATED = "Est-elle motivée ?"
COMMENT = "Un commentaire ? (facultatif)"


def _titles() -> list[str]:
    return [f"{prefix}{part}. {pid} : {text}" for pid, part in (("P-01", "P01"), ("P-02", "P02"))
            for prefix, text in (("CLAIR", CLEAR), ("MOTIV", MOTIVATED), ("COMM", COMMENT))]


def limesurvey() -> None:
    headers = ["id", "submitdate", "lastpage", "startlanguage", "REPP01[CLAIRP01]", "REPP01[MOTIVP01]", "COMMP01",
               "REPP02[CLAIRP02]", "REPP02[MOTIVP02]", "COMMP02"]
    rows = [
        ["1", "2026-12-03 10:00:00", "2", "fr", "Y", "Y", "", "Y", "N", "Les motifs sont trop vagues."],
        ["2", "2026-12-03 11:00:00", "2", "fr", "Y", "N", "", "", "", ""],
        ["3", "2026-12-04 09:30:00", "2", "fr", "N", "N", "On ne comprend pas qui décide.", "Y", "Y", ""],
        ["4", "", "1", "fr", "Y", "Y", "", "", "", ""],
        ["2", "2026-12-03 11:00:00", "2", "fr", "Y", "N", "", "", "", ""],
        ["5", "2026-12-05 18:45:00", "2", "fr", "N", "Y", "", "N", "N", ""],
    ]
    with (HERE / "retours-limesurvey-incomplet-doublon.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


def google_forms() -> None:
    rows = [
        ["2026/12/03 10:15:02 UTC+1", "Oui", "Oui", "Merci, c'est clair.", "Oui", "Non", ""],
        ["2026/12/03 12:40:51 UTC+1", "Non", "Peut-être", "", "Oui", "Oui", ""],
        ["2026/12/04 08:02:13 UTC+1", "Oui", "Non", "", "", "", ""],
    ]
    with (HERE / "retours-google-forms-horodateur.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(["Horodateur", *_titles()])
        writer.writerows(rows)


def reading_cases() -> None:
    """Headings with HTML entities; the heading row pasted again between answers; two header rows."""
    entities = ["id", "submitdate", "CLAIRP01. P-01 : Cette r&eacute;ponse est-elle claire&nbsp;?", "MOTIVP01. P-01 : Est-elle motiv&eacute;e&nbsp;?"]
    plain = ["Code participant", "CLAIRP01", "MOTIVP01", "COMMP01"]
    cases = {
        "retours-entites-html.csv": [entities, ["1", "2026-12-03 10:00:00", "Oui", "Oui"], ["2", "2026-12-03 11:00:00", "Non", "Oui"],
                                     ["3", "2026-12-03 12:00:00", "Oui", "Non"]],
        "retours-entetes-intercales.csv": [plain, ["MOB-001", "Oui", "Oui", ""], plain, ["MOB-002", "Non", "Oui", "Bien"], plain,
                                           ["MOB-003", "Oui", "Non", ""]],
        "retours-deux-lignes-entete.csv": [["Code participant", "P-01 : un billet unique", "", ""], ["", "CLAIRP01", "MOTIVP01", "COMMP01"],
                                           ["MOB-001", "Oui", "Oui", ""], ["MOB-002", "Non", "Oui", ""], ["MOB-003", "Oui", "Non", "Bien"]],
    }
    for name, rows in cases.items():
        with (HERE / name).open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, delimiter=";", lineterminator="\n").writerows(rows)


def ms_forms() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", *_titles()])
    start = dt.datetime(2026, 12, 3, 9, 0)
    answers = [("Oui", "Oui", "Oui", "Oui"), ("Oui", "Non", "Non", "Non"), ("Non", "Non", "Oui", "Oui"), ("Oui", "Oui", None, None)]
    for number, (c1, m1, c2, m2) in enumerate(answers, start=1):
        begin = start + dt.timedelta(hours=number)
        sheet.append([number, begin, begin + dt.timedelta(minutes=4), "anonymous", None, c1, m1, None, c2, m2, None])
    book.save(HERE / "retours-microsoft-forms.xlsx")


def notes_first() -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = "Saisie des questionnaires papier reçus en mairie"
    notes["A2"] = "Saisi par le service, relu le 5 décembre"
    answers = book.create_sheet("Réponses")
    answers.append(["Code participant", *_titles()])
    answers.append(["MOB-001", "Oui", "Oui", None, "Oui", "Oui", None])
    answers.append(["MOB-002", "Non", "Oui", "Trop court", None, None, None])
    answers.append([None, None, None, None, None, None, None])
    answers.append(["MOB-003", "Oui", "Non", None, "Non", "Non", None])
    answers.append(["MOB-002", "Non", "Non", None, "Oui", "Non", None])
    book.save(HERE / "retours-feuille-notes-dabord.xlsx")


if __name__ == "__main__":
    limesurvey()
    google_forms()
    reading_cases()
    ms_forms()
    notes_first()
