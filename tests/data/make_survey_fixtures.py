"""Generate the survey-import fixtures ``tests/data/enquete-*`` (one per format and per quirk).

The same four respondents (:data:`PEOPLE`) answer in every fixture, written the way each tool
exports them; the tests check that every fixture gives back the same answers. Run:
``.venv/bin/python tests/data/make_survey_fixtures.py``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent

# Bank wordings used by the fixtures (indicators/item_bank.yaml).
CONFIANCE = "Faites-vous confiance à l'État pour résoudre les problèmes que connaît notre pays ?"
PRISE = "Les propositions des citoyens seront prises en compte par l'administration"
COMPETENCE = "Je me considère suffisamment qualifié·e pour participer à la vie politique"
INFLUENCE = "Un·e citoyen·ne comme moi a une vraie influence sur la politique et sur l'action des autorités"
SATISFACTION = "Dans l'ensemble, êtes-vous satisfait·e de votre participation à cette démarche ?"
SEXE = "Vous êtes"
GRID = "Dans quelle mesure êtes-vous d'accord avec les affirmations suivantes ?"
MODES_Q = "Quels modes de déplacement utilisez-vous chaque semaine ?"
MODES = ["Voiture", "Bus, tramway", "Vélo", "Marche"]

PEOPLE = [
    {"code": "MOB-001", "email": "camille.martin@exemple.fr", "name": "Camille Martin", "confiance": "Plutôt confiance",
     "prise": "Plutôt d'accord", "competence": "Ni d'accord, ni pas d'accord", "influence": 7,
     "satisfaction": "Très satisfait(e)", "sexe": "Femme", "modes": ["Voiture", "Bus, tramway"]},
    {"code": "MOB-002", "email": "dominique.petit@exemple.fr", "name": "Dominique Petit", "confiance": "Pas du tout confiance",
     "prise": "Tout à fait d'accord", "competence": "Plutôt pas d'accord", "influence": 2,
     "satisfaction": "Plutôt pas satisfait", "sexe": "Homme", "modes": ["Vélo"]},
    {"code": "MOB-003", "email": "claude.durand@exemple.fr", "name": "Claude Durand", "confiance": "Ne sait pas",
     "prise": "Pas du tout d'accord", "competence": "Tout à fait d'accord", "influence": 10,
     "satisfaction": "Sans opinion", "sexe": "Femme", "modes": []},
    {"code": "MOB-004", "email": "sacha.leroy@exemple.fr", "name": "Sacha Leroy", "confiance": "Très confiance",
     "prise": "Plutôt pas d'accord", "competence": "Pas du tout d'accord", "influence": 0,
     "satisfaction": "Pas du tout satisfait", "sexe": "Homme", "modes": ["Marche", "Vélo"]},
]
ANSWER_KEYS = ("confiance", "prise", "competence", "influence", "satisfaction", "sexe")
WORDINGS = (CONFIANCE, PRISE, COMPETENCE, INFLUENCE, SATISFACTION, SEXE)
CODES = ("REP04", "REP07", "REP09", "REP02", "ORG09", "SOC01")
START = dt.datetime(2026, 3, 2, 9, 15)


def when(i: int, minutes: int = 0) -> dt.datetime:
    return START + dt.timedelta(hours=5 * i, minutes=minutes)


def answers(person: dict, transform: Callable[[object], object] = lambda v: v) -> list[object]:
    return [transform(person[k]) for k in ANSWER_KEYS]


def quoted_csv(rows: list[list[object]], sep: str = ",", eol: str = "\r\n", quote_empty: bool = False) -> str:
    def cell(v: object) -> str:
        text = v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, dt.datetime) else ("" if v is None else str(v))
        return '"' + text.replace('"', '""') + '"' if text or quote_empty else ""

    return eol.join(sep.join(cell(v) for v in row) for row in rows) + eol


def xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


# --- LimeSurvey -------------------------------------------------------------------------------------

def limesurvey_codes() -> None:
    """Question-code headings, English metadata, « Y »/empty multiple choice, one incomplete."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", *CODES,
              *[f"MODES[SQ00{k}]" for k in range(1, 5)], "MODES[other]"]
    rows = [header]
    for i, p in enumerate(PEOPLE):
        incomplete = i == 3
        rows.append([i + 1, "" if incomplete else when(i, 12), 2 if incomplete else 3, "fr", 1000 + i, p["code"],
                     *answers(p), *["Y" if m in p["modes"] else "" for m in MODES], "Trottinette" if i == 0 else ""])
    (DATA / "enquete-limesurvey-codes.csv").write_bytes(b"\xef\xbb\xbf" + quoted_csv(rows).encode("utf-8"))


def _limesurvey_full_rows() -> list[list[object]]:
    header = ["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série", "Code d'accès",
              CONFIANCE, f"{GRID} [{PRISE}]", f"{GRID} [{COMPETENCE}]", INFLUENCE, SATISFACTION, SEXE,
              *[f"{MODES_Q} [{m}]" for m in MODES], f"{MODES_Q} [Autre]"]
    rows = [header]
    for i, p in enumerate(PEOPLE):
        rows.append([i + 1, when(i, 9), 3, "fr", 2000 + i, p["code"], *answers(p),
                     *["Oui" if m in p["modes"] else "Non" for m in MODES], ""])
    return rows


def limesurvey_full_text_fr() -> None:
    """Full question text, French metadata, « Oui »/« Non », semicolons."""
    text = quoted_csv(_limesurvey_full_rows(), sep=";")
    (DATA / "enquete-limesurvey-texte-complet-fr.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def limesurvey_code_and_text() -> None:
    """« Question code & question text » headings: ``REP04. Faites-vous… ?``."""
    rows = _limesurvey_full_rows()
    codes = ["REP04", "REP07", "REP09", "REP02", "ORG09", "SOC01"]
    for position, code in zip(range(6, 12), codes):
        rows[0][position] = f"{code}. {rows[0][position]}"
    for k in range(4):
        rows[0][12 + k] = f"MODES[SQ00{k + 1}]. {rows[0][12 + k]}"
    rows[0][16] = f"MODES[other]. {rows[0][16]}"
    (DATA / "enquete-limesurvey-code-et-texte.csv").write_bytes(b"\xef\xbb\xbf" + quoted_csv(rows).encode("utf-8"))


def limesurvey_xlsx() -> None:
    """LimeSurvey's xlsx export, with Excel escapes (``_x000D_``) and a non-breaking space in labels."""
    rows = _limesurvey_full_rows()
    rows[1][7] = "Plutôt d'accord_x000D_\n"
    rows[2][10] = "Plutôt pas satisfait\u00a0"
    rows[3][6] = "Ne sait pas_x000B_"
    xlsx(DATA / "enquete-limesurvey.xlsx", rows, title="Résultats")


def limesurvey_r() -> None:
    """The R export: full-text English metadata, answer codes, and the syntax file beside it."""
    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Token",
              "How much do you trust the State?", "Statements [Proposals]", "Statements [Competence]",
              "Influence", "Satisfaction", "You are", "Group time: Avis"]
    confiance = {"Pas du tout confiance": "A1", "Plutôt pas confiance": "A2", "Plutôt confiance": "A3", "Très confiance": "A4", "Ne sait pas": "-oth-"}
    sexe = {"Femme": "F", "Homme": "M"}
    rows = [header]
    for i, p in enumerate(PEOPLE):
        rows.append([i + 1, when(i, 3), 3, "fr", 3000 + i, p["code"], confiance[p["confiance"]], p["prise"], p["competence"],
                     p["influence"], p["satisfaction"], sexe[p["sexe"]], 33.5])
    (DATA / "enquete-limesurvey-r_R_data_file.csv").write_bytes(b"\xef\xbb\xbf" + quoted_csv(rows).replace("\r\n", "\n").encode("utf-8"))
    names = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "REP04", "REP07", "REP09", "REP02", "ORG09", "SOC01"]
    lines = ['data <- read.csv("enquete-limesurvey-r_R_data_file.csv", quote = "\'\\"", na.strings=c("", "\\"\\""), '
             'stringsAsFactors=FALSE, fileEncoding="UTF-8-BOM")', ""]
    for position, name in enumerate(names, start=1):
        lines.append("# LimeSurvey Field type: A")
        lines.append(f"data[, {position}] <- as.character(data[, {position}])")
        lines.append(f'attributes(data)$variable.labels[{position}] <- "{header[position - 1]}"')
        if name == "REP04":
            lines.append(f'data[, {position}] <- factor(data[, {position}], levels=c("A1","A2","A3","A4","-oth-"),'
                         'labels=c("Pas du tout confiance", "Plutôt pas confiance", "Plutôt confiance", "Très confiance", "Ne sait pas"))')
        if name == "SOC01":
            lines.append(f'data[, {position}] <- factor(data[, {position}], levels=c("F","M"),labels=c("Femme", "Homme"))')
        lines.append(f'names(data)[{position}] <- "{name}"')
    (DATA / "enquete-limesurvey-r_R_syntax_file.R").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Google Forms, Microsoft Forms -----------------------------------------------------------------

def google_forms() -> None:
    """Horodateur, e-mail, grid ``Question [Row]``, checkboxes joined by ", " (a label holds a comma)."""
    header = ["Horodateur", "Adresse e-mail", SEXE, CONFIANCE + " ", f"{GRID} [{PRISE}]", f"{GRID} [{COMPETENCE}]",
              INFLUENCE, SATISFACTION, MODES_Q]
    rows = [header]
    for i, p in enumerate(PEOPLE):
        modes = ", ".join(p["modes"] + (["Trottinette"] if i == 1 else []))
        rows.append([when(i).strftime("%d/%m/%Y %H:%M:%S"), p["email"], p["sexe"], p["confiance"], p["prise"], p["competence"],
                     p["influence"], p["satisfaction"], modes])
    (DATA / "enquete-google-forms.csv").write_text(quoted_csv(rows, eol="\n"), encoding="utf-8")


def _curly(value: object) -> object:
    return value.replace("'", "\u2019") if isinstance(value, str) else value


def microsoft_forms() -> None:
    """French fixed columns, typed dates, curly apostrophes, multiple choice ``A;B;``."""
    header = ["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Heure de la dernière modification",
              _curly(CONFIANCE), _curly(PRISE), _curly(COMPETENCE), _curly(INFLUENCE), _curly(SATISFACTION), SEXE, MODES_Q]
    rows: list[list[object]] = [header]
    for i, p in enumerate(PEOPLE):
        modes = "".join(f"{m};" for m in p["modes"])
        rows.append([i + 1, when(i), when(i, 8), p["email"], p["name"], None, *answers(p, _curly)[:5], p["sexe"], modes])
    xlsx(DATA / "enquete-microsoft-forms.xlsx", rows)


def microsoft_forms_en() -> None:
    """English fixed columns, anonymous form: the key is a « Participant code » question."""
    header = ["Id", "Start time", "Completion time", "Email", "Name", "Participant code", CONFIANCE, PRISE, COMPETENCE,
              INFLUENCE, SATISFACTION, SEXE]
    rows: list[list[object]] = [header]
    for i, p in enumerate(PEOPLE):
        rows.append([i + 1, when(i), when(i, 8), "anonymous", None, p["code"], *answers(p)])
    xlsx(DATA / "enquete-microsoft-forms-en.xlsx", rows, title="Form1")


# --- Framaforms ------------------------------------------------------------------------------------

def _framaforms_rows() -> list[list[object]]:
    meta = ["Serial", "SID", "Time", "Draft", "IP Address", "UID", "Username"]
    components = ["Code participant", CONFIANCE, PRISE, COMPETENCE, INFLUENCE, SATISFACTION, SEXE, MODES_Q]
    row0 = ["Questionnaire de fin de convention"] + [""] * (len(meta) + len(components) - 1)
    row1 = ["Submission Details"] + [""] * (len(meta) - 1) + ["", "", GRID, "", "", "", "", ""]
    rows = [row0, row1, meta + components]
    for i, p in enumerate(PEOPLE):
        draft = 1 if i == 3 else 0
        rows.append([i + 1, 100 + i, when(i).strftime("%d/%m/%Y - %H:%M"), draft, f"192.0.2.{i + 10}", 0, "",
                     p["code"], p["confiance"], p["prise"], p["competence"], p["influence"], p["satisfaction"], p["sexe"],
                     ",".join(p["modes"])])
    return rows


def framaforms_csv() -> None:
    """Delimited export: three header rows, every field quoted, LF, compact multiple choice « A,B »."""
    (DATA / "enquete-framaforms.csv").write_text(quoted_csv(_framaforms_rows(), eol="\n", quote_empty=True), encoding="utf-8")


def framaforms_xls() -> None:
    """The « Excel » download: really UTF-16LE text with a BOM, tab-separated, named .xls."""
    text = quoted_csv(_framaforms_rows(), sep="\t", eol="\r\n", quote_empty=True)
    (DATA / "enquete-framaforms.xls").write_bytes(text.encode("utf-16"))


# --- KoboToolbox -----------------------------------------------------------------------------------

def kobo() -> None:
    """``group/question`` headings (XML names matched by alias), ``;``, space-separated choices."""
    header = ["start", "end", "identification/code_participant", "avis/confiance_etat", f"avis/{CODES[1]}", f"avis/{CODES[2]}",
              "avis/j_influence", "avis/ORG09", "profil/SOC01", "profil/modes", "_id", "_uuid", "_submission_time",
              "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"]
    rows = [header]
    for i, p in enumerate(PEOPLE):
        iso = when(i).strftime("%Y-%m-%dT%H:%M:%S.000+01:00")
        rows.append([iso, iso, p["code"], *answers(p), " ".join(p["modes"]), float(60 + i), f"uuid-{i}",
                     when(i).strftime("%Y-%m-%dT%H:%M:%S"), "", "", "submitted_via_web", "", "vJ2", "", float(i + 1)])
    (DATA / "enquete-kobo.csv").write_text(quoted_csv(rows, sep=";", eol="\n"), encoding="utf-8")


# --- Spreadsheets made by hand, French Excel CSV -----------------------------------------------------

def spreadsheet_with_title() -> None:
    """A title row, a blank row, then the header; a blank row between answers; an unmapped column."""
    rows: list[list[object]] = [["Enquête de fin d'atelier — saisie manuelle"], [],
                                ["N°", "Code participant", CONFIANCE, PRISE, COMPETENCE, INFLUENCE, SATISFACTION, SEXE,
                                 "Remarques de l'animateur"]]
    for i, p in enumerate(PEOPLE):
        rows.append([i + 1, p["code"], *answers(p), "RAS" if i else "Très investi"])
        if i == 1:
            rows.append([])
    xlsx(DATA / "enquete-tableur-titre.xlsx", rows, title="Saisie")


def excel_fr_csv() -> None:
    """Excel « CSV (séparateur: point-virgule) »: cp1252, curly apostrophes, decimal comma."""
    header = ["Code participant", "Date", _curly(CONFIANCE), _curly(PRISE), _curly(COMPETENCE), _curly(INFLUENCE),
              _curly(SATISFACTION), SEXE]
    lines = [";".join(header)]
    for i, p in enumerate(PEOPLE):
        influence = "7,5" if i == 0 else str(p["influence"])
        values = [p["code"], when(i).strftime("%d/%m/%Y %H:%M"), *[str(_curly(v)) for v in answers(p)]]
        values[5] = influence
        lines.append(";".join(values))
    (DATA / "enquete-excel-fr.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# --- Quirks -----------------------------------------------------------------------------------------

def unknown_labels() -> None:
    """Labels nobody can read: a typo (a suggestion is given) and an answer of another scale."""
    rows = [["Code participant", CONFIANCE, PRISE, SATISFACTION]]
    rows.append(["MOB-001", "Plutôt confiance", "Plutôt pas d'acoord", "Très satisfait"])
    rows.append(["MOB-002", "Peut-être", "Plutôt pas d'acoord", "plutot satisfaite "])
    rows.append(["MOB-003", "3", "Tout à fait d’accord", "Très satisfait"])
    (DATA / "enquete-libelles-inconnus.csv").write_text(quoted_csv(rows, eol="\n"), encoding="utf-8")


def duplicates() -> None:
    """Same e-mail twice (the later one wins), a test entry, a row with no answer, a row with no key."""
    rows = [["Horodateur", "Adresse e-mail", CONFIANCE, PRISE]]
    rows.append(["02/03/2026 10:00:00", "camille.martin@exemple.fr", "Plutôt confiance", "Plutôt d'accord"])
    rows.append(["01/03/2026 09:00:00", "test@exemple.fr", "Très confiance", "Tout à fait d'accord"])
    rows.append(["03/03/2026 11:00:00", "dominique.petit@exemple.fr", "Pas du tout confiance", "Plutôt pas d'accord"])
    rows.append(["04/03/2026 08:00:00", "Camille.Martin@exemple.fr ", "Très confiance", "Tout à fait d'accord"])
    rows.append(["04/03/2026 09:00:00", "claude.durand@exemple.fr", "", ""])
    rows.append(["05/03/2026 09:30:00", "", "Plutôt pas confiance", "Plutôt d'accord"])
    (DATA / "enquete-doublons.csv").write_text(quoted_csv(rows, eol="\n"), encoding="utf-8")


def no_key() -> None:
    """No token, code or e-mail: answers are kept but cannot be matched across waves."""
    rows = [["Horodateur", CONFIANCE, PRISE]]
    for i, p in enumerate(PEOPLE[:3]):
        rows.append([when(i).strftime("%d/%m/%Y %H:%M:%S"), p["confiance"], p["prise"]])
    (DATA / "enquete-sans-cle.csv").write_text(quoted_csv(rows, eol="\n"), encoding="utf-8")


def ods() -> None:
    """An OpenDocument spreadsheet (as Démarches simplifiées or LibreOffice save them)."""
    rows = [["Code participant", CONFIANCE, INFLUENCE]] + [[p["code"], p["confiance"], p["influence"]] for p in PEOPLE]
    cells = []
    for row in rows:
        xml_cells = []
        for value in row:
            if isinstance(value, (int, float)):
                xml_cells.append(f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>')
            else:
                text = str(value).replace("&", "&amp;").replace("<", "&lt;")
                xml_cells.append(f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>')
        cells.append("<table:table-row>" + "".join(xml_cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Dossiers">'
        + "".join(cells) + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(DATA / "enquete-demarches-simplifiees.ods", "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


FIXTURES = [limesurvey_codes, limesurvey_full_text_fr, limesurvey_code_and_text, limesurvey_xlsx, limesurvey_r, google_forms,
            microsoft_forms, microsoft_forms_en, framaforms_csv, framaforms_xls, kobo, spreadsheet_with_title, excel_fr_csv,
            unknown_labels, duplicates, no_key, ods]


def main() -> None:
    for make in FIXTURES:
        make()


if __name__ == "__main__":
    main()
