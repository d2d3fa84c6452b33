"""Nothing lost: every row and column of awkward real-world exports accounted for (tests/data/corpus-*)."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveys.exports.formats import Tool
from surveys.exports.importer import EXCLUDED, KEPT, SurveyData, SurveySource, import_surveys
from surveys.exports.items import ItemSpec, MissingReason, Scale, Wave
from surveys.problems import SuiviError
from surveys.spreadsheet import read_table

DATA = Path(__file__).parent / "data"
ACCORD = Scale(id="accord4", labels={"Pas du tout d'accord": 1, "Plutôt pas d'accord": 2, "Plutôt d'accord": 3, "Tout à fait d'accord": 4},
               nonanswers={"Ne sait pas": MissingReason.DONT_KNOW})
ITEMS = [
    ItemSpec(id="ecoute", wording="Les citoyens sont écoutés", scale=ACCORD, waves=(Wave.PRE, Wave.POST), aliases=("ECOUTE",)),
    ItemSpec(id="utile", wording="La démarche est utile", scale=ACCORD, waves=(Wave.PRE, Wave.POST), aliases=("UTILE",)),
]
KEY = b"\x05" * 32
VALUES = [3.0, 4.0, 2.0, 1.0, 3.0]  # the first five answers of the corpus; the sixth is « Ne sait pas »


def _import(name: str, sheet: str | None = None) -> SurveyData:
    return import_surveys([SurveySource(DATA / name, Wave.PRE, sheet=sheet)], ITEMS, key=KEY)


def _values(data: SurveyData, item: str) -> list[float]:
    answers = data.responses[data.responses["item"] == item]
    return answers["value"].dropna().tolist()


def _codes(data: SurveyData) -> set[str]:
    return {p.code for p in data.problems}


def _accounted(data: SurveyData, rows_in: int) -> None:
    assert len(data.rows) == rows_in
    assert set(data.rows["status"]) <= {KEPT, EXCLUDED}


def test_two_header_rows_are_combined_into_question_and_sub_question() -> None:
    data = _import("corpus-deux-lignes-entete.csv")
    table = data.files[0].table
    assert table is not None and table.header_row == 2
    assert table.headers[:3] == ["Code participant", "Votre avis [Les citoyens sont écoutés]", "Votre avis [La démarche est utile]"]
    assert _values(data, "ecoute") == VALUES and len(_values(data, "utile")) == 5
    assert "lignes 1 et 2" in table.header_reason
    _accounted(data, 6)
    assert (data.rows["status"] == KEPT).sum() == 6


def test_notes_sheet_first_reads_the_answers_sheet_and_names_the_other() -> None:
    data = _import("corpus-feuille-notes-dabord.xlsx")
    assert data.files[0].table is not None and data.files[0].table.sheet == "Data"
    assert _values(data, "ecoute") == VALUES
    (note,) = [p for p in data.problems if p.code == "autres_feuilles"]
    assert "« Notes »" in note.message and note.sheet == "Data"


def test_ambiguous_workbook_asks_for_feuille_and_a_declared_sheet_settles_it() -> None:
    with pytest.raises(SuiviError) as caught:
        read_table(DATA / "corpus-feuilles-ambigues.xlsx", choose_sheet=True)
    assert caught.value.code == "feuille_ambigue"
    assert str(caught.value) == (
        "Le classeur « corpus-feuilles-ambigues.xlsx » a plusieurs feuilles (« Janvier », « Février ») et aucune ne se distingue "
        "comme celle des réponses. Indiquez la feuille à lire avec « feuille: » pour ce fichier dans demarche.yaml.")
    assert read_table(DATA / "corpus-feuilles-ambigues.xlsx", sheet="Février", choose_sheet=True).sheet == "Février"


def test_blank_heading_with_data_is_kept_named_by_letter_and_reported() -> None:
    data = _import("corpus-entete-vide.csv")
    columns = data.columns.set_index("column")
    assert columns.loc["C", "header"] == "(colonne C sans en-tête)"
    (problem,) = [p for p in data.problems if p.code == "colonne_sans_entete"]
    assert problem.column == "C" and problem.severity == "warning"


def test_blank_heading_is_named_by_the_r_syntax_file() -> None:
    data = _import("corpus-entete-vide-r_R_data_file.csv")
    columns = data.columns.set_index("column")
    assert columns.loc["C", "header"] == "Vous êtes"
    assert [p.header for p in data.problems if p.code == "colonne_sans_entete"] == ["Vous êtes"]


def test_rows_repeating_the_headings_are_excluded_with_their_own_reason() -> None:
    data = _import("corpus-entetes-intercales.csv")
    _accounted(data, 9)
    assert (data.rows["reason"] == "heading").sum() == 3
    assert (data.rows["status"] == KEPT).sum() == 6
    assert [p.code for p in data.problems] == []  # the repeated headings are not « unknown answers »
    assert _values(data, "ecoute") == VALUES
    summary = data.wave_summary().iloc[0]
    assert summary["heading"] == 3 and summary["kept"] == 6


def test_a_data_row_never_wins_over_a_sparse_header() -> None:
    table = read_table(DATA / "corpus-entete-clairseme.csv")
    assert table.header_row == 1 and len(table.frame) == 6
    assert table.blank_headings == ["C", "D", "E", "F", "G"]
    assert table.header_reason.startswith("ligne 1 : ")


def test_limesurvey_without_metadata_is_recognised() -> None:
    data = _import("corpus-limesurvey-sans-metadonnees.csv")
    assert data.files[0].tool is Tool.LIMESURVEY
    assert _values(data, "ecoute") == VALUES


def test_bilingual_identifying_headings_and_contacts_in_free_text() -> None:
    data = _import("corpus-entetes-bilingues.csv")
    roles = data.columns.set_index("column")["role"].to_dict()
    assert roles["A"] == "name" and roles["B"] == "name" and roles["C"] == "participant_code"
    assert data.files[0].key_reason == "colonne C « Quel est votre code participant ? » (question du code participant)"
    (contact,) = [p for p in data.problems if p.code == "coordonnees_dans_texte"]
    assert contact.column == "E" and "adresses e-mail et des numéros de téléphone" in contact.message
    assert contact.value is None
    published = " ".join(str(v) for frame in (data.responses, data.respondents, data.rows) for v in frame.to_numpy().ravel())
    published += " ".join(p.model_dump_json() for p in data.problems)
    for secret in ("Lambert", "Odile", "odile.lambert@exemple.fr", "06 12 34 56 78", "P01"):
        assert secret not in published


def test_html_entities_in_headings_are_decoded() -> None:
    data = _import("corpus-entites-html.csv")
    headers = data.columns["header"].tolist()
    assert headers[1:] == ["Les citoyens sont écoutés", "Nom & Post-nom"]
    assert data.rows.loc[data.rows["reason"] == "heading", "row"].tolist() == [4]  # pasted as written, entities and all
    assert [p.code for p in data.problems] == []
    assert _values(data, "ecoute") == VALUES
    assert data.columns.set_index("column").loc["C", "role"] == "name"


def test_a_participant_code_question_is_recognised_by_its_answers_and_used_as_key() -> None:
    data = _import("corpus-code-par-contenu.csv")
    assert data.columns.set_index("column").loc["A", "role"] == "participant_code"
    assert data.files[0].key_reason == ("colonne A « Numéro inscrit sur votre badge » "
                                        "(ses réponses sont des codes de participant presque tous différents)")
    assert (data.rows["reason"] == "duplicate").tolist() == [True, False, False, False, False, False, False]
