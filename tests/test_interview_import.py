"""Importing coded interviews from a workbook: the example, other layouts, and each problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_helpers import DATA, coding, column_of, read, rendered, save, workbook

from evaluation.resources import examples_dir
from surveys.interviews import (
    CODES,
    INVALID,
    CodedInterview,
    Reconciliation,
    classify_header,
    column_label,
    field_label,
    load_interviews,
    parse_level,
    sheet_name,
    split_list,
    split_proposals,
)
from surveys.problems import ProblemReport, Severity, SuiviError

EXAMPLE = examples_dir() / "convention-mobilites"
REGISTER_IDS = [f"P-{i:02d}" for i in range(1, 43)]


# --- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), (2, 2), (1.0, 1), ("2", 2), (" 1 ", 1), ("2 – attesté par une pièce", 2), ("Affirmé", 1), ("absent", 0),
     ("2.", 2), ("", None), (None, None), (3, INVALID), (1.5, INVALID), ("1,5", INVALID), ("-1", INVALID), ("beaucoup", INVALID), (True, INVALID)],
)  # fmt: skip
def test_parse_level(value: object, expected: object) -> None:
    assert parse_level(value) is expected if expected is INVALID or expected is None else parse_level(value) == expected


def test_lists_are_split_on_semicolons_lines_or_commas() -> None:
    assert split_list("DGITM ; Direction du budget\nDGITM") == ("DGITM", "Direction du budget")
    assert split_list("DGITM, DGEC") == ("DGITM", "DGEC")
    assert split_list("Service de l'eau, de la biodiversité ; DGEC") == ("Service de l'eau, de la biodiversité", "DGEC")
    assert split_proposals("p-03, P-07 ;P-03 / P-12.") == ("P-03", "P-07", "P-12")


def test_headers_are_matched_whatever_their_spelling() -> None:
    assert classify_header("P1 – Niveau") == ("code", "P1", "level")
    assert classify_header("p4 justification :") == ("code", "P4", "justification")
    assert classify_header("TM citations") == ("code", "TM", "quotes")
    assert classify_header("P2 services après") == ("services", "after", "")
    assert classify_header("codeuse") == ("meta", "coder", "")
    assert classify_header("P9 niveau") == ("unknown_code", "P9", "")
    assert classify_header("Remarques") is None


# --- whole files ------------------------------------------------------------------------------------


def test_example_workbook_reads_without_problem() -> None:
    interviews, report = read(EXAMPLE / "entretiens.xlsx", REGISTER_IDS)
    assert rendered(report) == []
    assert len(interviews.interview_ids()) == 12
    assert len(interviews.codings) == 16
    assert [i for i in interviews.interview_ids() if len(interviews.codings_of(i)) == 2] == ["E01", "E04", "E07", "E10"]
    assert len(interviews.reconciliations) == 6
    e04 = interviews.codings_of("E04")
    assert [c.coder for c in e04] == ["Claire Vasseur", "Malik Ferrand"]
    assert [c.level("P3") for c in e04] == [2, 1]
    assert e04[0].blind_spots[1].proposals == ("P-10",)
    assert e04[0].services_after == ("Délégation à la sécurité routière", "Direction générale de l'aménagement", "Sous-direction des transports collectifs")
    assert e04[0].names == ("Julien Moreau-Laval", "Camille Roussel")
    assert e04[0].scores["P1"].quotes == ("Le guide des aménagements cyclables a été réécrit après la convention.",)


def test_example_matches_its_generator() -> None:
    import make_interview_fixtures as fixtures

    expected, reconciliations = fixtures.example()
    interviews, _ = read(EXAMPLE / "entretiens.xlsx", REGISTER_IDS)
    assert list(interviews.codings) == expected
    assert [(r.interview_id, r.code, r.level) for r in interviews.reconciliations] == [(r.interview_id, r.code, r.level) for r in reconciliations]


def test_semicolon_csv_in_windows_1252() -> None:
    interviews, report = read(DATA / "entretiens-point-virgule.csv")
    assert [c.interview_id for c in interviews.codings] == ["E02", "E03", "E05"]
    assert interviews.codings[0].scores["P1"].quotes[0].startswith("Le formulaire de remboursement")
    import make_interview_fixtures as fixtures

    expected = {c.interview_id: c for c in fixtures.example()[0]}
    assert [c.date for c in interviews.codings] == [expected[i].date for i in ("E02", "E03", "E05")]
    assert interviews.codings[2].services_after == expected["E05"].services_after
    # A CSV has no « Angles morts » sheet: P3 at level ≥ 1 is flagged, nothing else.
    assert {p.code for p in report} == {"angles_morts_absents"}
    assert not report.has_errors


def test_header_below_a_title_and_instructions_sheet_first() -> None:
    interviews, report = read(DATA / "entretiens-titre-au-dessus.xlsx")
    assert [c.interview_id for c in interviews.codings] == ["E02", "E03", "E05"]
    first = next(p for p in report if p.code == "angles_morts_absents")
    assert (first.sheet, first.row) == ("Entretiens", 4)


def test_blank_workbook_is_a_warning_not_an_error(tmp_path: Path) -> None:
    interviews, report = read(save(workbook([]), tmp_path / "entretiens.xlsx"))
    assert interviews.codings == ()
    assert rendered(report) == [
        "Avertissement — entretiens.xlsx : Aucun entretien codé : remplissez la grille (une ligne ou un document par entretien et par codeur ou codeuse)."
    ]


def test_missing_file_is_fatal_and_load_interviews_records_it(tmp_path: Path) -> None:
    with pytest.raises(SuiviError, match=r"Le fichier « absent\.xlsx » est introuvable"):
        read(tmp_path / "absent.xlsx")
    report = ProblemReport()
    assert load_interviews(tmp_path / "absent.xlsx", report) is None
    assert report.codes() == ["fichier_absent"]


# --- problems, one by one -------------------------------------------------------------------------


def _book_with(tmp_path: Path, codings: list[CodedInterview], edit=None, reconciliations=()) -> Path:  # type: ignore[no-untyped-def]
    book = workbook(codings, reconciliations)
    if edit:
        edit(book)
    return save(book, tmp_path / "entretiens.xlsx")


def _main(book):  # type: ignore[no-untyped-def]
    return book[sheet_name("main")]


def _only(report: ProblemReport) -> str:
    assert len(report) == 1, rendered(report)
    return rendered(report)[0]


def test_unknown_code_column(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=1, column=len(_main(book)[1]) + 1).value = "P7 niveau"

    interviews, report = read(_book_with(tmp_path, [coding()], edit))
    letter = _main(workbook([])).cell(row=1, column=len(_main(workbook([]))[1]) + 1).column_letter
    assert _only(report) == (
        f"Erreur — entretiens.xlsx, feuille « Entretiens », cellule {letter}1 (P7 niveau) : "
        "Code « P7 » inconnu : la grille ne comporte que les codes P1, P2, P3, P4, P5, P6, TM. Renommez ou supprimez cette colonne."
    )
    assert len(interviews.codings) == 1


def test_level_outside_the_scale(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=2, column=column_of(column_label("P4", "level"))).value = 3

    interviews, report = read(_book_with(tmp_path, [coding()], edit))
    problem = report.errors[0]
    assert (problem.code, problem.sheet, problem.row, problem.header, problem.value) == ("niveau_invalide", "Entretiens", 2, "P4 niveau", "3")
    assert problem.message == "Niveau « 3 » du code P4 hors de l'échelle : indiquez 0 (absent), 1 (affirmé) ou 2 (attesté par une pièce)."
    assert interviews.codings == ()  # a coding with an error is left out; the report says why


def test_missing_level(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=2, column=column_of(column_label("TM", "level"))).value = None

    _, report = read(_book_with(tmp_path, [coding()], edit))
    assert report.codes() == ["niveau_manquant"]
    assert report.errors[0].header == "TM niveau"
    assert "Mettez 0 si le sujet n'a pas été abordé." in report.errors[0].message


def test_level_two_without_justification(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=2, column=column_of(column_label("P1", "justification"))).value = None

    _, report = read(_book_with(tmp_path, [coding(levels=(2, 1, 1, 1, 1, 1, 1))], edit))
    problem = report.errors[0]
    assert (problem.code, problem.header) == ("justification_manquante", "P1 justification")
    assert problem.message == (
        "Le code P1 est au niveau 2 sans justification : nommez la pièce qui atteste le changement "
        "(note, procédure, ligne budgétaire, document modifié)."
    )


def test_level_one_without_justification_is_accepted(tmp_path: Path) -> None:
    interviews, report = read(_book_with(tmp_path, [coding(levels=(1, 0, 0, 1, 1, 0, 1), spots=[])]))
    assert rendered(report) == []
    assert interviews.codings[0].scores["P1"].justification == ""


def test_missing_identifier_and_coder(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=2, column=1).value = None
        _main(book).cell(row=2, column=2).value = "  "

    _, report = read(_book_with(tmp_path, [coding(spots=[], levels=(0,) * 7)], edit))
    assert rendered(report) == [
        "Erreur — entretiens.xlsx, feuille « Entretiens », cellule A2 (Entretien) : Identifiant d'entretien manquant : indiquez l'identifiant de l'entretien (par exemple E01).",
        "Erreur — entretiens.xlsx, feuille « Entretiens », cellule B2 (Codeur ou codeuse) : Codeur ou codeuse manquant : indiquez qui a codé cet entretien (nom ou initiales).",
    ]


def test_bad_date_is_an_error_and_missing_date_a_warning(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=2, column=3).value = "30/02/2026"

    _, report = read(_book_with(tmp_path, [coding(), coding("E02", date=None)], edit))
    assert [(p.code, p.severity, p.row) for p in report] == [("date_invalide", Severity.ERROR, 2), ("date_manquante", Severity.WARNING, 3)]
    assert report.errors[0].message == "Date non reconnue : écrivez-la au format JJ/MM/AAAA ou AAAA-MM-JJ (par exemple 12/03/2026)."


def test_missing_service_is_a_warning(tmp_path: Path) -> None:
    interviews, report = read(_book_with(tmp_path, [coding(service="")]))
    assert report.codes() == ["service_manquant"] and not report.has_errors
    assert len(interviews.codings) == 1


def test_duplicated_interview_and_coder(tmp_path: Path) -> None:
    interviews, report = read(_book_with(tmp_path, [coding(), coding("E02"), coding(coder="claire vasseur")]))
    assert _only(report) == (
        "Erreur — entretiens.xlsx, feuille « Entretiens », ligne 4 : L'entretien « E01 » est déjà codé par « claire vasseur » (ligne 2) : "
        "chaque codeur ou codeuse code un entretien une seule fois. Supprimez le doublon ou corrigez l'identifiant."
    )
    assert [c.interview_id for c in interviews.codings] == ["E01", "E02"]


def test_missing_required_column(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).delete_cols(column_of(column_label("P5", "justification")))

    interviews, report = read(_book_with(tmp_path, [coding()], edit))
    assert _only(report) == (
        "Erreur — entretiens.xlsx, feuille « Entretiens », ligne 1 : Colonne obligatoire « P5 justification » absente. Ajoutez-la à la ligne d'en-tête (ligne 1)."
    )
    assert interviews.codings == ()


def test_unknown_column_is_ignored_with_a_warning(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=1, column=len(_main(book)[1]) + 1).value = "Remarques"

    interviews, report = read(_book_with(tmp_path, [coding()], edit))
    assert report.codes() == ["colonne_inconnue"] and not report.has_errors
    assert len(interviews.codings) == 1


def test_metadata_differing_between_coders(tmp_path: Path) -> None:
    _, report = read(_book_with(tmp_path, [coding(), coding(coder="Malik Ferrand", service="Bureau B")]))
    assert _only(report) == (
        "Avertissement — entretiens.xlsx, feuille « Entretiens », ligne 3 : Service « Bureau B » différent de celui indiqué par "
        "« Claire Vasseur » pour l'entretien « E01 » (« Bureau A ») : c'est ce dernier qui est retenu."
    )


def test_disagreement_without_reconciliation_is_listed(tmp_path: Path) -> None:
    first = coding(levels=(1, 1, 1, 1, 1, 1, 1))
    second = coding(coder="Malik Ferrand", levels=(2, 1, 1, 1, 1, 1, 0))
    _, report = read(_book_with(tmp_path, [first, second], reconciliations=[Reconciliation("E01", "P1", 2)]))
    assert _only(report) == (
        "Avertissement — entretiens.xlsx, feuille « Entretiens », ligne 3 : Désaccord sur TM pour l'entretien « E01 » "
        "(Claire Vasseur : 1, Malik Ferrand : 0) : indiquez le niveau retenu après discussion dans la feuille « Réconciliation ». "
        "En attendant, le niveau le plus bas (0) est utilisé."
    )


def test_unknown_proposal_with_and_without_suggestion(tmp_path: Path) -> None:
    item = coding(spots=[("Les gares rurales", ("P-03", "P3", "P-99"))])
    interviews, report = read(_book_with(tmp_path, [item]), REGISTER_IDS)
    assert rendered(report) == [
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule D2 (Propositions liées) : Proposition « P3 » absente du registre : vouliez-vous dire « P-03 » ?",
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule D2 (Propositions liées) : Proposition « P-99 » absente du registre : vérifiez l'identifiant dans propositions.xlsx.",
    ]
    assert interviews.codings[0].blind_spots[0].proposals == ("P-03",)


def test_proposals_are_not_checked_without_a_register(tmp_path: Path) -> None:
    interviews, report = read(_book_with(tmp_path, [coding(spots=[("x", ("P-99",))])]))
    assert rendered(report) == []
    assert interviews.codings[0].blind_spots[0].proposals == ("P-99",)


def test_blind_spot_problems(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        spots = book[sheet_name("blind_spots")]
        spots.append(["E09", "Claire Vasseur", "Orphelin", "P-01"])
        spots.append(["E01", "Claire Vasseur", None, "P-01"])

    item = coding(spots=[("Sans lien", ())])
    _, report = read(_book_with(tmp_path, [item], edit))
    assert rendered(report) == [
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule A3 (Entretien) : L'entretien « E09 » codé par « Claire Vasseur » n'existe pas dans la feuille « Entretiens » : vérifiez l'identifiant et le nom du codeur ou de la codeuse.",
        "Erreur — entretiens.xlsx, feuille « Angles morts », cellule C4 (Angle mort) : Angle mort non décrit : décrivez l'enjeu, le public ou l'obstacle révélé.",
        "Avertissement — entretiens.xlsx, feuille « Angles morts », cellule D2 (Propositions liées) : Angle mort relié à aucune proposition : indiquez les identifiants des propositions du registre concernées (par exemple P03, P12).",
    ]


def test_p3_level_and_blind_spots_must_agree(tmp_path: Path) -> None:
    _, report = read(_book_with(tmp_path, [coding(levels=(1, 1, 2, 1, 1, 1, 1), spots=[]), coding("E02", levels=(1, 1, 0, 1, 1, 1, 1), spots=[("x", ("P-01",))])]))
    assert [(p.code, p.row) for p in report] == [("angles_morts_absents", 2), ("angles_morts_niveau_zero", 3)]
    assert all(p.severity is Severity.WARNING for p in report)


def test_reconciliation_sheet_problems(tmp_path: Path) -> None:
    def edit(book):  # type: ignore[no-untyped-def]
        sheet = book[sheet_name("reconciliation")]
        sheet.append(["E01", "P9", 1, None])
        sheet.append(["E01", "P1", "3", None])
        sheet.append(["E77", "P1", 1, None])
        sheet.append(["E01", "p2", 2, "accord"])
        sheet.append(["E01", "P2", 1, None])

    interviews, report = read(_book_with(tmp_path, [coding(), coding(coder="Malik Ferrand")], edit))
    assert rendered(report) == [
        "Erreur — entretiens.xlsx, feuille « Réconciliation », cellule B2 (Code) : Code « P9 » inconnu : indiquez l'un des codes P1, P2, P3, P4, P5, P6, TM.",
        "Erreur — entretiens.xlsx, feuille « Réconciliation », cellule C3 (Niveau retenu) : Niveau retenu « 3 » invalide : indiquez 0 (absent), 1 (affirmé) ou 2 (attesté par une pièce).",
        "Erreur — entretiens.xlsx, feuille « Réconciliation », cellule B6 (Code) : Le code P2 de l'entretien « E01 » est déjà réconcilié à la ligne 5 : gardez une seule ligne.",
        "Erreur — entretiens.xlsx, feuille « Réconciliation », ligne 4 : L'entretien « E77 » n'est codé nulle part : vérifiez l'identifiant.",
    ]
    assert [(r.interview_id, r.code, r.level, r.justification) for r in interviews.reconciliations] == [("E01", "P2", 2, "accord")]


def test_every_input_row_is_kept_or_reported(tmp_path: Path) -> None:
    """Nothing lost: each data row is a coding, or an error names its row."""
    def edit(book):  # type: ignore[no-untyped-def]
        _main(book).cell(row=3, column=column_of(column_label("P2", "level"))).value = "deux"
        _main(book).cell(row=5, column=1).value = None

    items = [coding(f"E0{i}") for i in range(1, 6)]
    interviews, report = read(_book_with(tmp_path, items, edit))
    kept = {c.place.row for c in interviews.codings}
    reported = {p.row for p in report.errors}
    assert kept | reported == {2, 3, 4, 5, 6} and not kept & reported


def test_field_labels_cover_every_code() -> None:
    assert field_label("interview_id") == "Entretien"
    assert [column_label(code, "level") for code in CODES][-1] == "TM niveau"


def test_identifiers_differing_only_by_case_are_one_interview(tmp_path: Path) -> None:
    first = coding("E01", levels=(1, 1, 1, 1, 1, 1, 1))
    second = coding(" e01 ", coder="Malik Ferrand", levels=(1, 1, 1, 1, 1, 1, 1))
    book = workbook([first, second], [Reconciliation("e01", "P1", 1)])
    interviews, report = read(save(book, tmp_path / "entretiens.xlsx"))
    assert rendered(report) == []
    assert interviews.interview_ids() == ["E01"]
    assert [c.interview_id for c in interviews.codings] == ["E01", "E01"]
    assert len(interviews.codings[1].blind_spots) == 1
    assert interviews.reconciliations[0].interview_id == "E01"
