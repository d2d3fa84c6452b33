"""Coded interviews of the bundled example, and helpers that fill the blank grids like a coder.

Run from the repository root: ``.venv/bin/python tests/data/make_interview_fixtures.py``. It
rewrites:

- ``examples/convention-mobilites/entretiens.xlsx``: 12 coded interviews, four of them coded
  twice, with their blind spots and the reconciliation of the coders' disagreements;
- ``examples/convention-mobilites/entretiens/``: the Word grids of interview E04 (one per coder)
  and its ``reconciliation.xlsx``;
- ``tests/data/entretiens-point-virgule.csv`` and ``tests/data/entretiens-titre-au-dessus.xlsx``.

The people, services and statements are fictional. Interview dates come from a seeded generator,
so every run writes the same content (only the files' timestamps differ); a test checks that the
example still matches :func:`example`. The tests import :func:`fill_docx` and :func:`fill_workbook`
to fill blank grids programmatically.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from evaluation.fieldwork.interview_grid import docx_grid, main_headers, xlsx_grid  # noqa: E402
from surveys.i18n import t  # noqa: E402
from surveys.interviews import (  # noqa: E402
    CODES,
    META_FIELDS,
    BlindSpot,
    CodedInterview,
    CodeScore,
    Reconciliation,
    column_label,
    docx_cell_text,
    docx_table_kind,
    field_label,
    sheet_name,
)

EXAMPLE = ROOT / "examples" / "convention-mobilites"
DATA = Path(__file__).resolve().parent
SEED = 2026

# --- filling the blank grids ----------------------------------------------------------------------


def _tables(document: docx.document.Document) -> dict[str, docx.table.Table]:
    found = {}
    for table in document.tables:
        kind = docx_table_kind([docx_cell_text(c) for c in table.rows[0].cells])
        if kind:
            found.setdefault(kind, table)
    return found


def _set(cell: docx.table._Cell, lines: Sequence[str], as_paragraphs: bool) -> None:
    """Write lines in a cell, as separate paragraphs (Enter in Word) or line breaks (Shift+Enter)."""
    if as_paragraphs and lines:
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    else:
        cell.text = "\n".join(lines)


def meta_values(coding: CodedInterview) -> dict[str, str]:
    return {
        "interview_id": coding.interview_id,
        "coder": coding.coder,
        "date": coding.date.strftime("%d/%m/%Y") if coding.date else "",
        "role": coding.role,
        "service": coding.service,
        "names": "\n".join(coding.names),
    }


def fill_docx(document: docx.document.Document, coding: CodedInterview, *, as_paragraphs: bool = True) -> None:
    """Fill a blank Word grid (as written by ``suivi interview-grid``) with one coding."""
    tables = _tables(document)
    values = meta_values(coding)
    for row in tables["identification"].rows[1:]:
        label = docx_cell_text(row.cells[0])
        name = next(n for n in META_FIELDS if label.startswith(field_label(n)))
        _set(row.cells[1], values[name].split("\n") if values[name] else [], as_paragraphs)
    for row in tables["coding"].rows[1:]:
        code = docx_cell_text(row.cells[0]).split()[0]
        score = coding.scores[code]
        row.cells[1].text = str(score.level)
        _set(row.cells[2], [score.justification] if score.justification else [], as_paragraphs)
        _set(row.cells[3], list(score.quotes), as_paragraphs)
    _fill_rows(tables["services"], [coding.services_before, coding.services_after])
    _fill_rows(tables["blind_spots"], [[s.description for s in coding.blind_spots], [", ".join(s.proposals) for s in coding.blind_spots]])


def _fill_rows(table: docx.table.Table, columns: Sequence[Sequence[str]]) -> None:
    height = max(len(c) for c in columns)
    while len(table.rows) - 1 < height:
        table.add_row()
    for position in range(height):
        cells = table.rows[position + 1].cells
        for column, values in enumerate(columns):
            cells[column].text = values[position] if position < len(values) else ""


def docx_bytes(coding: CodedInterview, *, as_paragraphs: bool = True) -> bytes:
    grid = docx_grid()
    fill_docx(grid.document, coding, as_paragraphs=as_paragraphs)
    buffer = io.BytesIO()
    grid.save(buffer)
    return buffer.getvalue()


def main_row(coding: CodedInterview) -> dict[str, object]:
    """The cells of one coding in the « Entretiens » sheet, by heading."""
    row: dict[str, object] = {field_label(n): v for n, v in meta_values(coding).items()}
    row[field_label("date")] = coding.date
    row[field_label("names")] = "; ".join(coding.names)
    for code, score in coding.scores.items():
        row[column_label(code, "level")] = score.level
        row[column_label(code, "justification")] = score.justification
        row[column_label(code, "quotes")] = "\n".join(score.quotes)
    row[t("interview.column.services_before")] = "; ".join(coding.services_before)
    row[t("interview.column.services_after")] = "; ".join(coding.services_after)
    return row


def fill_workbook(workbook: Workbook, codings: Iterable[CodedInterview], reconciliations: Iterable[Reconciliation] = ()) -> Workbook:
    """Fill the blank workbook's « Entretiens », « Angles morts » and « Réconciliation » sheets."""
    main = workbook[sheet_name("main")]
    headers = main_headers()
    spots = workbook[sheet_name("blind_spots")]
    for number, coding in enumerate(codings, start=2):
        values = main_row(coding)
        for column, header in enumerate(headers, start=1):
            value = values.get(header)
            main.cell(row=number, column=column, value=value if value != "" else None)
        for spot in coding.blind_spots:
            spots.append([coding.interview_id, coding.coder, spot.description, ", ".join(spot.proposals)])
    reconciliation = workbook[sheet_name("reconciliation")]
    for r in reconciliations:
        reconciliation.append([r.interview_id, r.code, r.level, r.justification or None])
    return workbook


# --- the example --------------------------------------------------------------------------------

CODER_A, CODER_B = "Claire Vasseur", "Malik Ferrand"
TC = "Sous-direction des transports collectifs"
VELO = "Mission vélo et marche"
SUIVI = "Mission de la participation et du suivi"
ACCESS = "Bureau de l'accessibilité"
RURAL = "Mission mobilités rurales"
PARTAGE = "Sous-direction de la mobilité partagée"
BUDGET = "Direction du budget"
JURIDIQUE = "Service des affaires juridiques"
COM = "Service de la communication"
SECURITE = "Délégation à la sécurité routière"
AMENAGEMENT = "Direction générale de l'aménagement"
REGIONS = "Mission des relations avec les régions"

# Justifications by code and level: what a coder writes (level 2 names the artefact).
JUSTIFICATIONS = {
    "P1": {0: "Aucun changement de pratique décrit.",
           1: "Dit avoir changé sa façon d'instruire les dossiers, sans document à l'appui.",
           2: "Note de service du 14 septembre 2026 : chaque projet de texte comporte désormais une fiche « apports de la convention »."},
    "P2": {0: "Travaille seul sur le sujet, avant comme après.",
           1: "Décrit des échanges plus fréquents avec d'autres services, sans trace écrite.",
           2: "Groupe de travail inter-services créé par lettre de mission ; comptes rendus mensuels fournis."},
    "P3": {0: "Aucun enjeu nouveau identifié.",
           1: "Cite un enjeu découvert grâce aux citoyens, sans suite formalisée.",
           2: "Enjeu ajouté à la feuille de route du service (version d'octobre 2026 fournie)."},
    "P4": {0: "Cadrage inchangé.",
           1: "Dit « voir autrement » les usagers concernés.",
           2: "Le cahier des charges de l'étude d'impact intègre désormais des entretiens d'usagers."},
    "P5": {0: "Pas de nouvelle compétence ni de réemploi de la méthode.",
           1: "Souhaite refaire une démarche participative sur un autre sujet.",
           2: "Demande écrite d'un atelier citoyen pour 2027 ; deux agents formés à l'animation (attestations)."},
    "P6": {0: "N'a pas participé à la réponse.",
           1: "A relu la réponse, sans la rédiger.",
           2: "A rédigé les réponses motivées de son thème, proposition par proposition (tableau de suivi fourni)."},
    "TM": {0: "Aucun temps dégagé : contributions traitées en plus du reste.",
           1: "Un peu de temps dégagé, selon la personne.",
           2: "Une demi-journée par semaine inscrite au plan de charge du bureau pendant quatre mois."},
}  # fmt: skip

# id, service, role, names to mask, levels (P1 P2 P3 P4 P5 P6 TM), second coder's levels or None,
# services before, services after, blind spots, quotes by code
INTERVIEWS: list[tuple] = [
    ("E01", TC, "sous-directrice adjointe", ("Sophie Garnier", "Thomas Lebreton"),
     (2, 2, 1, 1, 1, 2, 1), (2, 1, 1, 1, 1, 2, 1),
     (BUDGET,), (BUDGET, RURAL, PARTAGE),
     [("Les voyageurs occasionnels ne comprennent pas les zones tarifaires régionales.", ("P-01",))],
     {"P6": ("J'ai demandé à Thomas de reprendre la fiche billettique proposition par proposition.",),
      "P2": ("On n'avait jamais travaillé avec la mission rurale sur la tarification.",)}),
    ("E02", TC, "chargé de mission billettique", ("Thomas Lebreton",),
     (1, 1, 2, 0, 1, 1, 0), None,
     (BUDGET,), (BUDGET, ACCESS),
     [("Le remboursement des retards suppose un compte en ligne que beaucoup d'usagers n'ont pas.", ("P-06", "P-34"))],
     {"P1": ("Le formulaire de remboursement a été simplifié : voyez avec M. Lebreton ou écrivez à billettique.dmq@example.org.",)}),
    ("E03", TC, "cheffe du bureau des services ferroviaires", ("Nadia Benali",),
     (0, 1, 1, 1, 0, 1, 0), None,
     (REGIONS,), (REGIONS, RURAL),
     [("Les correspondances entre trains et cars ne sont pas assurées le dimanche dans les vallées.", ("P-05", "P-26"))],
     {"TM": ("Honnêtement, on a traité les propositions le soir, en plus du reste.",)}),
    ("E04", VELO, "responsable de la mission", ("Julien Moreau-Laval", "Camille Roussel"),
     (2, 2, 2, 1, 2, 1, 1), (2, 2, 1, 1, 2, 1, 0),
     (SECURITE,), (SECURITE, AMENAGEMENT, TC),
     [("Les discontinuités cyclables se situent aux limites communales, là où aucune collectivité ne se sent responsable.", ("P-08",)),
      ("Le stationnement vélo en gare est jugé dangereux le soir, surtout par les femmes.", ("P-10",))],
     {"P1": ("Le guide des aménagements cyclables a été réécrit après la convention.",),
      "P5": ("Camille Roussel anime maintenant nos ateliers avec les associations.",)}),
    ("E05", VELO, "chargée d'études aménagements cyclables", ("Camille Roussel",),
     (1, 2, 2, 1, 1, 0, 1), None,
     (), (AMENAGEMENT, SECURITE),
     [("Les enfants des communes rurales n'apprennent pas le vélo faute de pistes sûres près des écoles.", ("P-12", "P-11"))],
     {"P3": ("Personne chez nous n'avait pensé aux trajets vers l'école en zone rurale.",)}),
    ("E06", VELO, "juriste", ("Antoine Delmas",),
     (0, 1, 1, 0, 0, 1, 0), None,
     (JURIDIQUE,), (JURIDIQUE, BUDGET),
     [("Les ateliers associatifs de réparation ne sont couverts par aucune aide existante.", ("P-09",))],
     {}),
    ("E07", SUIVI, "cheffe de mission", ("Hélène Marchal",),
     (2, 2, 1, 2, 2, 2, 2), (2, 2, 1, 1, 2, 2, 2),
     (COM,), (COM, TC, VELO, PARTAGE, RURAL, ACCESS),
     [("Les citoyens veulent suivre l'avancement des mesures, pas seulement la décision.", ("P-39", "P-36"))],
     {"P5": ("On nous appelle déjà d'autres directions ; mon numéro, le 01 99 00 12 34, circule partout.",),
      "P4": ("Les citoyens ne sont plus « le public » : ce sont des gens qui ont lu les mêmes dossiers que nous.",)}),
    ("E08", SUIVI, "chargé de la réponse aux propositions", ("Karim Haddad",),
     (2, 1, 1, 1, 2, 2, 1), None,
     (COM,), (COM, REGIONS, JURIDIQUE),
     [("Les propositions hors compétence de l'État n'avaient aucun circuit de transmission aux régions.", ("P-26", "P-35"))],
     {"P6": ("Chaque réponse dit pourquoi, même quand c'est non.",)}),
    ("E09", SUIVI, "chargée de communication", ("Léa Fontaine",),
     (1, 1, 0, 1, 1, 0, 1), None,
     (COM,), (COM,),
     [],
     {}),
    ("E10", ACCESS, "chef de bureau", ("Olivier Pasquier", "Inès Carvalho"),
     (1, 2, 2, 1, 1, 1, 0), (1, 2, 2, 2, 0, 1, 0),
     (TC,), (TC, RURAL, SUIVI),
     [("Les automates des petites gares sont inutilisables en fauteuil roulant.", ("P-29", "P-25"))],
     {"P3": ("Mme Carvalho avait signalé les automates, mais c'est la convention qui l'a rendu visible.",)}),
    ("E11", ACCESS, "référente accessibilité des gares", ("Inès Carvalho",),
     (1, 1, 2, 2, 0, 0, 0), None,
     (TC,), (TC,),
     [("Les personnes qui lisent difficilement ne trouvent pas l'information en cas de perturbation.", ("P-30",)),
      ("Les applications de mobilité excluent les personnes sans smartphone.", ("P-34",))],
     {"P4": ("J'ai compris que « l'usager » type n'existe pas.",)}),
    ("E12", RURAL, "chargé de mission transport à la demande", ("Romain Giraud",),
     (2, 2, 2, 1, 1, 1, 1), None,
     (), (PARTAGE, REGIONS),
     [("Le transport à la demande ne fonctionne pas pour les horaires décalés des salariés de l'industrie.", ("P-22", "P-27"))],
     {"P1": ("Le cahier des charges type du transport à la demande prévoit maintenant des départs à 5 heures.",)}),
]  # fmt: skip

# The levels the two coders agreed on after discussion, for each disagreement.
RECONCILED = {("E01", "P2"): 2, ("E04", "P3"): 2, ("E04", "TM"): 1, ("E07", "P4"): 1, ("E10", "P4"): 1, ("E10", "P5"): 1}


def example() -> tuple[list[CodedInterview], list[Reconciliation]]:
    """The example's codings (first coder first) and reconciliations."""
    rng = random.Random(SEED)
    codings: list[CodedInterview] = []
    for number, (interview_id, service, role, names, levels, second, before, after, spots, quotes) in enumerate(INTERVIEWS):
        date = dt.date(2026, 11, 2) + dt.timedelta(days=rng.randrange(0, 14))
        first_coder = CODER_A if number % 2 == 0 or second else CODER_B
        coders = [(first_coder, levels)] + ([(CODER_B, second)] if second else [])
        for position, (coder, coder_levels) in enumerate(coders):
            scores = {
                code: CodeScore(level, JUSTIFICATIONS[code][level], tuple(quotes.get(code, ())) if position == 0 else ())
                for code, level in zip(CODES, coder_levels)
            }
            kept = spots if coder_levels[2] > 0 else []
            if position == 1 and coder_levels[2] == 1:
                kept = spots[:1]  # the second coder saw fewer blind spots
            codings.append(
                CodedInterview(
                    interview_id=interview_id, coder=coder, scores=scores, date=date, role=role, service=service,
                    names=names, services_before=before, services_after=after,
                    blind_spots=tuple(BlindSpot(text, proposals) for text, proposals in kept),
                )
            )  # fmt: skip
    reconciliations = [
        Reconciliation(i, code, level, "Niveau retenu après discussion entre les deux codeurs.") for (i, code), level in RECONCILED.items()
    ]
    return codings, reconciliations


def _save(workbook: Workbook, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


def write_example() -> list[Path]:
    codings, reconciliations = example()
    written = []
    target = EXAMPLE / "entretiens.xlsx"
    _save(fill_workbook(xlsx_grid(), codings, reconciliations), target)
    written.append(target)
    folder = EXAMPLE / "entretiens"
    folder.mkdir(parents=True, exist_ok=True)
    for coding in (c for c in codings if c.interview_id == "E04"):
        initials = "".join(word[0] for word in coding.coder.split()).lower()
        target = folder / f"E04-{initials}.docx"
        target.write_bytes(docx_bytes(coding))
        written.append(target)
    only_e04 = xlsx_grid()
    for name in (sheet_name("main"), sheet_name("blind_spots")):
        del only_e04[name]
    fill_reconciliation = [r for r in reconciliations if r.interview_id == "E04"]
    sheet = only_e04[sheet_name("reconciliation")]
    for r in fill_reconciliation:
        sheet.append([r.interview_id, r.code, r.level, r.justification])
    target = folder / "reconciliation.xlsx"
    _save(only_e04, target)
    written.append(target)
    return written


def write_fixtures() -> list[Path]:
    codings, _ = example()
    subset = [c for c in codings if c.interview_id in ("E02", "E03", "E05")]
    headers = main_headers()
    # A CSV export in Windows-1252 with semicolons, as Excel writes « CSV (séparateur : point-virgule) ».
    lines = [";".join(headers)]
    for coding in subset:
        values = main_row(coding)
        cells = []
        for header in headers:
            value = values.get(header)
            text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ("" if value is None else str(value))
            cells.append('"' + text.replace('"', '""') + '"' if any(ch in text for ch in ';"\n') else text)
        lines.append(";".join(cells))
    csv_target = DATA / "entretiens-point-virgule.csv"
    csv_target.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    # A workbook whose instructions sheet comes first and whose header sits below a title line.
    workbook = Workbook()
    notes = workbook.active
    notes.title = sheet_name("instructions")
    notes["A1"] = "Lisez-moi"
    main = workbook.create_sheet(sheet_name("main"))
    main["A1"] = "Entretiens de la convention, codage de novembre 2026"
    main.append([])
    main.append(headers)
    for coding in subset:
        values = main_row(coding)
        main.append([values.get(h) if values.get(h) != "" else None for h in headers])
    xlsx_target = DATA / "entretiens-titre-au-dessus.xlsx"
    _save(workbook, xlsx_target)
    return [csv_target, xlsx_target]


if __name__ == "__main__":
    for path in write_example() + write_fixtures():
        print(path.relative_to(ROOT))
