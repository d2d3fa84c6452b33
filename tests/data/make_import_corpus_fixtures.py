"""Generate the « nothing lost » corpus ``tests/data/corpus-*``: survey exports as people hand them in.

Two header rows (question + sub-question), a notes sheet before the answers, a column with
answers but no heading (with and without an R syntax file naming it), headings pasted again
between answers, a sparse header above full answer rows, LimeSurvey codes without metadata
columns, bilingual identifying headings with contacts in free text, a participant-code question known by
its answers, HTML entities in headings.
Every person is invented. Run: ``.venv/bin/python tests/data/make_import_corpus_fixtures.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent
ECOUTE = "Les citoyens sont écoutés"
UTILE = "La démarche est utile"
ANSWERS = ["Plutôt d'accord", "Tout à fait d'accord", "Plutôt pas d'accord", "Pas du tout d'accord", "Plutôt d'accord", "Ne sait pas"]
CODES = [f"P{n:02d}" for n in range(1, 7)]


def _csv(name: str, rows: list[list[str]]) -> None:
    with (DATA / name).open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def two_header_rows() -> None:
    rows = [["Code participant", "Votre avis", "", "Commune"], ["", ECOUTE, UTILE, ""]]
    rows += [[c, a, ANSWERS[-1 - i], "Lyon"] for i, (c, a) in enumerate(zip(CODES, ANSWERS))]
    _csv("corpus-deux-lignes-entete.csv", rows)


def notes_sheet_first() -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    for line in (["Enquête avant la convention"], ["Saisie par", "le secrétariat"], ["Période", "mars 2026"], ["Contact", "secrétariat"]):
        notes.append(line)
    data = workbook.create_sheet("Data")
    data.append(["Code participant", ECOUTE, UTILE])
    for i, (code, answer) in enumerate(zip(CODES, ANSWERS)):
        data.append([code, answer, ANSWERS[-1 - i]])
    workbook.save(DATA / "corpus-feuille-notes-dabord.xlsx")
    other = openpyxl.Workbook()
    first = other.active
    first.title = "Janvier"
    second = other.create_sheet("Février")
    for sheet in (first, second):
        sheet.append(["Colonne 1", "Colonne 2"])
        sheet.append(["a", "b"])
        sheet.append(["c", "d"])
    other.save(DATA / "corpus-feuilles-ambigues.xlsx")


def blank_heading() -> None:
    rows = [["Code participant", ECOUTE, ""]]
    rows += [[c, a, "F" if i % 2 else "M"] for i, (c, a) in enumerate(zip(CODES, ANSWERS))]
    _csv("corpus-entete-vide.csv", rows)
    _csv("corpus-entete-vide-r_R_data_file.csv", rows)
    lines = ['data <- read.csv("corpus-entete-vide-r_R_data_file.csv", quote = "\'\\"", stringsAsFactors=FALSE, fileEncoding="UTF-8")', ""]
    for number, (code, label) in enumerate((("code", "Code participant"), ("ecoute", ECOUTE), ("genre", "Vous êtes")), start=1):
        lines += [f'attributes(data)$variable.labels[{number}] <- "{label}"', f'names(data)[{number}] <- "{code}"']
    lines.append('data[, 3] <- factor(data[, 3], levels=c("F","M"),labels=c("Femme", "Homme"))')
    (DATA / "corpus-entete-vide-r_R_syntax_file.R").write_text("\n".join(lines) + "\n", encoding="utf-8")


def interleaved_headings() -> None:
    header = ["Code participant", ECOUTE, UTILE]
    rows = [header]
    for i, (code, answer) in enumerate(zip(CODES, ANSWERS)):
        rows.append([code, answer, ANSWERS[-1 - i]])
        if i % 2 == 0:
            rows.append(list(header))
    _csv("corpus-entetes-intercales.csv", rows)


def sparse_header() -> None:
    """Half the headings are blank, every answer row is full: the header must still be row 1."""
    rows = [["Code participant", ECOUTE, "", "", "", "", "", UTILE]]
    for i, (code, answer) in enumerate(zip(CODES, ANSWERS)):
        rows.append([code, answer, "Oui", "Non", "Oui", "Non", "Oui", ANSWERS[-1 - i]])
    _csv("corpus-entete-clairseme.csv", rows)


def limesurvey_without_metadata() -> None:
    rows = [["ECOUTE", "UTILE", "MODES[SQ001]", "MODES[SQ002]", "MODES[other]"]]
    for i, answer in enumerate(ANSWERS):
        rows.append([answer, ANSWERS[-1 - i], "Y" if i % 2 else "", "Y", ""])
    _csv("corpus-limesurvey-sans-metadonnees.csv", rows)


def bilingual_identifying() -> None:
    rows = [["Nom / Name", "Prénom (First name)", "Quel est votre code participant ?", ECOUTE, "Commentaires / Comments"]]
    people = [("Lambert", "Odile"), ("Ferrand", "Yves"), ("Nakache", "Samia"), ("Briand", "Loïc"), ("Vidal", "Inès"), ("Carrel", "Marc")]
    notes = ["Écrivez-moi : odile.lambert@exemple.fr", "RAS", "Rappelez-moi au 06 12 34 56 78", "", "Très bien", "Merci"]
    for (last, first), code, answer, note in zip(people, CODES, ANSWERS, notes):
        rows.append([last, first, code, answer, note])
    _csv("corpus-entetes-bilingues.csv", rows)


def code_by_content() -> None:
    """A participant-code question whose wording says nothing of codes: its answers do."""
    rows = [["Numéro inscrit sur votre badge", ECOUTE]] + [[c, a] for c, a in zip(CODES, ANSWERS)] + [[CODES[0], ANSWERS[1]]]
    _csv("corpus-code-par-contenu.csv", rows)


def html_entities() -> None:
    """Headings with HTML entities, repeated as written between two answers."""
    heading = ["Code participant", "Les citoyens sont &eacute;cout&eacute;s", "Nom &amp; Post-nom"]
    rows = [heading] + [[c, a, "X"] for c, a in zip(CODES, ANSWERS)]
    rows.insert(3, heading)
    _csv("corpus-entites-html.csv", rows)


if __name__ == "__main__":
    two_header_rows()
    notes_sheet_first()
    blank_heading()
    interleaved_headings()
    sparse_header()
    limesurvey_without_metadata()
    bilingual_identifying()
    code_by_content()
    html_entities()
