"""The proposal register: every rule, every message, located to the cell."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from evaluation.demarche.model import load_demarche
from evaluation.followup.register import FRAME_COLUMNS, Register, load_register
from evaluation.resources import examples_dir
from evaluation.scaffold import write_register_workbook
from indicators.vocabulary import Implementation, ReasonCode, Status
from surveys.problems import ProblemReport, Severity

EXAMPLE = examples_dir() / "convention-mobilites"


def _load(path: Path) -> tuple[Register | None, ProblemReport]:
    report = ProblemReport()
    return load_register(path, report), report


def _only(report: ProblemReport, code: str):  # type: ignore[no-untyped-def]
    found = [p for p in report if p.code == code]
    assert len(found) == 1, [p.code for p in report]
    return found[0]


def test_valid_register_in_french_excel_csv(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-valide.csv")
    assert not report, [p.render() for p in report]
    assert register is not None and len(register) == 6
    assert [p.status for p in register.proposals] == list(Status)
    first = register.proposals[0]
    assert first.due_date == dt.date(2027, 12, 31)
    assert first.decision_date == dt.date(2026, 9, 15)
    assert first.implementation is Implementation.EN_COURS and first.progress == 40
    assert register.proposals[1].reason_code is ReasonCode.HORS_COMPETENCE
    assert register.proposals[0].row == 2 and register.proposals[-1].row == 7
    assert register.themes() == ["Transports", "Tarifs", "Voiture", "Vélo"]


def test_frame_interface_for_the_indicators(data_dir: Path) -> None:
    register, _ = _load(data_dir / "propositions-valide.csv")
    assert register is not None
    frame = register.to_frame()
    assert tuple(frame.columns) == FRAME_COLUMNS == (
        "id", "title", "text", "theme", "source", "status", "motivation", "reason_code", "measures", "service",
        "due_date", "implementation", "progress", "decision_date", "decided_by",
    )
    assert frame["status"].tolist() == ["retenue", "retenue_partiellement", "non_retenue", "a_l_etude", "deja_en_vigueur", "hors_champ"]
    assert frame.loc[0, "motivation"] == "" and frame.loc[0, "reason_code"] == ""
    assert frame.loc[2, "implementation"] == ""
    assert frame["progress"].dtype == float and math.isnan(frame.loc[2, "progress"]) and frame.loc[0, "progress"] == 40.0
    assert frame.loc[0, "due_date"] == dt.date(2027, 12, 31) and isinstance(frame.loc[0, "due_date"], dt.date)
    assert frame.loc[3, "decision_date"] is None
    assert isinstance(frame.loc[0, "id"], str)


@pytest.mark.parametrize(
    ("row", "column", "value", "canonical"),
    [
        (2, "F", "retenue", "Retenue"),
        (3, "F", "A l'etude", "À l'étude"),
        (4, "F", "À l’étude", "À l'étude"),
        (5, "F", "Non   retenue", "Non retenue"),
        (5, "H", "cout", "Coût"),
        (6, "F", "retenue partielement", "Retenue partiellement"),
        (6, "L", "realisee", "Réalisée"),
        (7, "F", "hors_champ", "Hors champ"),
        (7, "H", "HORS COMPETENCE", "Hors compétence"),
        (2, "L", "en cours", "En cours"),
    ],
)
def test_label_variants_are_read_and_reported(data_dir: Path, row: int, column: str, value: str, canonical: str) -> None:
    register, report = _load(data_dir / "propositions-variantes.csv")
    assert register is not None and not report.has_errors
    [problem] = [p for p in report if p.row == row and p.column == column]
    assert problem.code == "libelle_normalise" and problem.severity is Severity.WARNING
    assert problem.value == value
    assert problem.message == f"« {value} » lu comme « {canonical} ». Écrivez « {canonical} » pour faire disparaître cet avertissement."


def test_variant_headers_are_mapped(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-variantes.csv")
    assert register is not None
    by_id = {p.id: p for p in register.proposals}
    assert by_id["V-5"].status is Status.RETENUE_PARTIELLEMENT and by_id["V-5"].motivation == "En partie."
    assert by_id["V-4"].reason_code is ReasonCode.COUT
    assert by_id["V-6"].reason_code is ReasonCode.HORS_COMPETENCE
    assert not [p for p in report if p.code in ("colonne_inconnue", "colonne_absente")]


def test_misspelt_header_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_text("Identifiant,Titre,Thème,Statu,Motivation,Code motif,Remarques,Texte initial\nA,Titre,T,Retenue,,\n", encoding="utf-8")
    register, report = _load(path)
    assert register is not None and register.proposals[0].status is Status.RETENUE
    header = _only(report, "entete_corrige")
    assert (header.column, header.row, header.message) == ("D", 1, "En-tête « Statu » lu comme « Statut ». Corrigez l'en-tête pour faire disparaître cet avertissement.")
    unknown = [p for p in report if p.code == "colonne_inconnue"]
    assert [(p.column, p.message) for p in unknown] == [
        ("G", "Colonne « Remarques » non reconnue : elle est ignorée."),
        ("H", "Colonne « Texte initial » non reconnue : elle est ignorée. Vouliez-vous dire « Texte intégral » ?"),
    ]


EXPECTED_RULES = [
    ("statut_manquant", "F", 4, None, "Statut manquant. Chaque proposition doit avoir un statut parmi : « Retenue », « Retenue partiellement », « Non retenue », « À l'étude », « Déjà en vigueur », « Hors champ »."),
    ("statut_inconnu", "F", 5, "hors du sujet", "Statut « hors du sujet » non reconnu. Vouliez-vous dire « Hors champ » ? Valeurs possibles : « Retenue », « Retenue partiellement », « Non retenue », « À l'étude », « Déjà en vigueur », « Hors champ »."),
    ("motivation_manquante", "G", 6, None, "Motivation manquante pour la proposition « R-5 » (statut « Retenue partiellement »). Tout statut autre que « Retenue » doit être motivé : expliquez en quelques phrases ce qui a été décidé et pourquoi."),
    ("code_motif_manquant", "H", 7, None, "Code motif manquant pour la proposition « R-6 », non retenue. Choisissez parmi : « Hors compétence », « Coût », « Cadre juridique », « Déjà couvert », « Engagement européen ou international », « Étude complémentaire nécessaire », « Autre »."),
    ("avancement_hors_limites", "M", 9, "150", "Avancement 150 hors limites. Indiquez un nombre entre 0 et 100."),
    ("avancement_invalide", "M", 10, "beaucoup", "Avancement « beaucoup » illisible. Indiquez un nombre entre 0 et 100 (pourcentage réalisé), ou laissez la cellule vide."),
    ("identifiant_manquant", "A", 11, None, "Identifiant manquant. Donnez à chaque proposition un identifiant unique (par exemple P-001)."),
    ("code_motif_inconnu", "H", 12, "flemme", "Code motif « flemme » non reconnu. Valeurs possibles : « Hors compétence », « Coût », « Cadre juridique », « Déjà couvert », « Engagement européen ou international », « Étude complémentaire nécessaire », « Autre »."),
    ("etat_mise_en_oeuvre_inconnu", "L", 13, "presque fini", "État de mise en œuvre « presque fini » non reconnu. Valeurs possibles : « Non engagée », « En cours », « Réalisée », « Abandonnée »."),
    ("identifiant_duplique", "A", 3, "R-1", "L'identifiant « R-1 » est déjà utilisé à la ligne 2. Chaque proposition doit avoir un identifiant unique."),
]


@pytest.mark.parametrize(("code", "column", "row", "value", "message"), EXPECTED_RULES, ids=[e[0] for e in EXPECTED_RULES])
def test_each_rule_names_its_cell(data_dir: Path, code: str, column: str, row: int, value: str | None, message: str) -> None:
    register, report = _load(data_dir / "propositions-regles.csv")
    assert register is not None and len(register) == 12  # nothing lost: faulty rows are kept
    [problem] = [p for p in report if p.code == code and p.row == row]
    assert (problem.file, problem.sheet, problem.column, problem.value) == ("propositions-regles.csv", None, column, value)
    assert problem.severity is Severity.ERROR
    assert problem.message == message


def test_every_problem_of_the_rules_file_is_listed(data_dir: Path) -> None:
    _, report = _load(data_dir / "propositions-regles.csv")
    assert sorted(report.codes()) == sorted([e[0] for e in EXPECTED_RULES] + ["date_invalide", "date_invalide"])
    dates = [p for p in report if p.code == "date_invalide"]
    assert {(p.column, p.value) for p in dates} == {("K", "bientôt"), ("N", "31/02/2026")}
    assert dates[0].message == "« bientôt » n'est pas une date. Saisissez une date (par exemple 22/11/2026) ou laissez la cellule vide."
    assert dates[0].header == "Échéance"


def test_retenue_needs_no_motivation_and_faulty_cells_are_none(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-regles.csv")
    assert register is not None
    by_title = {p.title: p for p in register.proposals}
    assert by_title["Doublon 1"].motivation == "" and not [p for p in report if p.row == 2]
    assert by_title["Statut inconnu"].status is None
    assert by_title["Avancement hors limites"].progress is None
    assert by_title["Date invalide"].due_date is None


def test_missing_columns_each_reported(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-colonne-manquante.csv")
    assert register is not None
    missing = [p for p in report if p.code == "colonne_absente"]
    assert [(p.header, p.row) for p in missing] == [("Motivation", 1), ("Code motif", 1)]
    assert missing[0].message == "Colonne obligatoire « Motivation » absente. Ajoutez-la à la ligne d'en-tête (ligne 1)."


def test_without_status_column_no_register(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("Identifiant,Titre,Thème,Motivation,Code motif\nA,B,C,,\n", encoding="utf-8")
    register, report = _load(path)
    assert register is None
    assert _only(report, "colonne_absente").header == "Statut"


@pytest.mark.parametrize(
    ("fixture", "code", "message"),
    [
        ("propositions-vide.xlsx", "registre_vide", "Le registre « propositions-vide.xlsx » ne contient aucune proposition sous sa ligne d'en-tête. Ajoutez une ligne par proposition citoyenne."),
        ("propositions-pas-un-tableur.xlsx", "pas_un_tableur", "Le fichier « propositions-pas-un-tableur.xlsx » n'est pas un classeur ni un fichier CSV lisible (contenu reconnu : document PDF). Enregistrez-le au format .xlsx ou .csv depuis votre tableur."),
        ("propositions-corrompu.xlsx", "fichier_endommage", "Le fichier « propositions-corrompu.xlsx » est endommagé ou incomplet et ne peut pas être ouvert (archive illisible). Ouvrez-le dans votre tableur, puis enregistrez-le de nouveau au format .xlsx."),
        ("propositions-mauvaise-feuille.xlsx", "feuille_registre_absente", "Aucune feuille de « propositions-mauvaise-feuille.xlsx » ne contient les colonnes du registre (au moins « Identifiant » et « Statut »). Feuilles présentes : « Notes », « Budget ». Renommez la feuille du registre « Propositions » ou ajoutez-y la ligne d'en-tête du modèle (suivi init)."),
        ("absent.xlsx", "fichier_absent", "Le fichier « absent.xlsx » est introuvable. Vérifiez son nom et son emplacement dans le dossier de la démarche."),
    ],
)
def test_unusable_files_have_their_own_message(data_dir: Path, fixture: str, code: str, message: str) -> None:
    register, report = _load(data_dir / fixture)
    assert register is None
    problem = _only(report, code)
    assert problem.severity is Severity.ERROR and problem.message == message and problem.file == fixture


def test_lock_file_and_password_protected_file(tmp_path: Path) -> None:
    lock = tmp_path / "~$propositions.xlsx"
    lock.write_bytes(b"\x00verrou")
    _, report = _load(lock)
    assert _only(report, "fichier_verrou").message.startswith("« ~$propositions.xlsx » est un fichier de verrouillage créé par un tableur ouvert")
    protected = tmp_path / "protege.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100)
    _, report = _load(protected)
    assert _only(report, "fichier_protege").message.startswith("Le fichier « protege.xlsx » est protégé par un mot de passe.")


def test_register_found_on_another_sheet(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-autre-feuille.xlsx")
    assert register is not None and register.sheet == "Registre 2026"
    warning = _only(report, "feuille_registre")
    assert warning.severity is Severity.WARNING
    assert warning.message == "Le registre a été lu dans la feuille « Registre 2026 » : la feuille « Lisez-moi » ne contient pas les colonnes du registre."


def test_excel_percentages_are_rescaled_once(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-pourcentages.xlsx")
    assert register is not None
    assert [p.progress for p in register.proposals] == [45.0, 100.0, 0.0, 12.5]
    assert report.codes() == ["avancement_en_fraction"]


def test_personal_data_never_read(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-donnees-personnelles.csv")
    assert register is not None
    columns = [p for p in report if p.code == "colonne_donnees_personnelles"]
    assert [(p.column, p.header) for p in columns] == [("P", "Courriel"), ("Q", "Auteur")]
    text = register.proposals[0].text
    assert "jeanne" not in text and "06 12" not in text
    assert text == "Écrivez-moi à [courriel masqué] ou au [téléphone masqué]."
    assert _only(report, "donnees_personnelles").column == "C"
    assert not report.has_errors


def test_consistency_warnings(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Identifiant,Titre,Thème,Statut,Motivation,Code motif,État de mise en œuvre,Avancement (%),Date de décision\n"
        "A,T,T,Non retenue,Non.,Coût,En cours,,\n"
        "B,T,T,Retenue,,,En cours,100,\n"
        "C,T,T,Retenue,,,Réalisée,80,2020-01-01\n",
        encoding="utf-8",
    )
    demarche = load_demarche(EXAMPLE, ProblemReport())
    shutil.copy(path, tmp_path / "propositions.csv")
    register, report = _load(path)
    assert register is not None and not report.has_errors
    assert [p.code for p in report] == ["mise_en_oeuvre_incoherente", "avancement_incoherent", "avancement_incoherent"]
    assert report.warnings[0].message == "La proposition est « Non retenue » mais sa mise en œuvre est « En cours ». Vérifiez le statut ou l'état de mise en œuvre."
    assert report.warnings[1].message == "Avancement de 100 % mais état « En cours ». Indiquez « Réalisée » si la mesure est achevée."
    # With the démarche, a decision before its start is flagged too.
    assert demarche is not None
    folder_report = ProblemReport()
    load_register(demarche.model_copy(update={"folder": tmp_path, "files": demarche.files.model_copy(update={"proposals": "propositions.csv"})}), folder_report)
    before = _only(folder_report, "decision_avant_demarche")
    assert before.row == 4 and before.column == "I" and before.message == "Date de décision antérieure au début de la démarche (2026-01-17). Vérifiez l'année."


def test_hostile_text_is_read_without_loss(data_dir: Path) -> None:
    register, report = _load(data_dir / "propositions-hostile.xlsx")
    assert register is not None and not report.has_errors
    texts = [p.text for p in register.proposals]
    assert texts[0].startswith("=HYPERLINK(")
    assert texts[4] == "Texte avec\nretour Excel etNUL et cloche"
    assert "🚲" in texts[6] and len(texts[7]) > 10_000
    assert register.proposals[0].theme == "Thème <&>"


def test_formula_neutralised_by_suivi_is_read_back_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "propositions.xlsx"
    write_register_workbook(path, [["=1+1", "-titre", "", "T", "", "Retenue", "", "", "@moi", "", None, "", None, None, ""]])
    register, _ = _load(path)
    assert register is not None
    assert (register.proposals[0].id, register.proposals[0].title, register.proposals[0].measures) == ("=1+1", "-titre", "@moi")


def test_inputs_are_never_modified(data_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "propositions-regles.csv"
    shutil.copy(data_dir / "propositions-regles.csv", copy)
    before = copy.read_bytes()
    _load(copy)
    assert copy.read_bytes() == before


def test_the_example_register_is_complete_and_clean() -> None:
    register, report = _load(EXAMPLE / "propositions.xlsx")
    assert register is not None and not report, [p.render() for p in report]
    frame = register.to_frame()
    assert len(frame) >= 40 and frame["theme"].nunique() >= 5
    assert set(frame["status"]) == {str(s) for s in Status}
    assert set(frame["reason_code"]) - {""} == {str(r) for r in ReasonCode}
    demarche = load_demarche(EXAMPLE, ProblemReport())
    assert demarche is not None and demarche.response_deadline and demarche.dates.restitution
    decided = frame["decision_date"].dropna()
    assert all(d > demarche.dates.restitution for d in decided)
    assert any(d > demarche.response_deadline for d in decided)
    studied = frame[frame["status"] == "a_l_etude"]
    assert studied["decision_date"].isna().any() and studied["decision_date"].notna().any()


def test_serial_date_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    workbook = Workbook()  # a number typed in a General cell, as when a date column lost its format
    workbook.active.append(["Identifiant", "Titre", "Thème", "Statut", "Motivation", "Code motif", "Échéance"])
    workbook.active.append(["A", "T", "T", "Retenue", "", "", 46348])
    workbook.save(path)
    register, report = _load(path)
    assert register is not None and register.proposals[0].due_date == dt.date(2026, 11, 22)
    assert _only(report, "date_numerique").message == "Le nombre 46348 a été lu comme la date du 2026-11-22. Mettez la cellule au format Date pour le vérifier."


def test_to_frame_of_an_empty_register_has_the_columns() -> None:
    frame = Register(file="x.xlsx", proposals=[]).to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS) and isinstance(frame, pd.DataFrame) and frame.empty
