"""One fixture per survey tool and per quirk (tests/data/enquete-*): what is read, row by row."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indicators.item_bank import load_item_bank
from surveys.exports.codebook import Codebook
from surveys.exports.formats import Tool
from surveys.exports.importer import import_file
from surveys.exports.items import ItemSpec, Scale
from surveys.exports.pseudonym import normalise_key, pseudonym

DATA = Path(__file__).parent / "data"
KEY = bytes(range(32))
NAN = math.nan

# The four respondents of tests/data/make_survey_fixtures.py, as values after decoding.
EXPECTED = {
    "MOB-001": {"rep_confiance_etat": 3, "rep_prise_en_compte": 3, "rep_competence_politique": 3, "rep_influence_personnelle": 7,
                "org_satisfaction_globale": 4, "modes.voiture": 1, "modes.bus_tramway": 1, "modes.velo": 0, "modes.marche": 0},
    "MOB-002": {"rep_confiance_etat": 1, "rep_prise_en_compte": 4, "rep_competence_politique": 2, "rep_influence_personnelle": 2,
                "org_satisfaction_globale": 2, "modes.voiture": 0, "modes.bus_tramway": 0, "modes.velo": 1, "modes.marche": 0},
    "MOB-003": {"rep_confiance_etat": NAN, "rep_prise_en_compte": 1, "rep_competence_politique": 5, "rep_influence_personnelle": 10,
                "org_satisfaction_globale": NAN, "modes.voiture": NAN, "modes.bus_tramway": NAN, "modes.velo": NAN, "modes.marche": NAN},
    "MOB-004": {"rep_confiance_etat": 4, "rep_prise_en_compte": 2, "rep_competence_politique": 1, "rep_influence_personnelle": 0,
                "org_satisfaction_globale": 1, "modes.voiture": 0, "modes.bus_tramway": 0, "modes.velo": 1, "modes.marche": 1},
}
EMAILS = {"MOB-001": "camille.martin@exemple.fr", "MOB-002": "dominique.petit@exemple.fr", "MOB-003": "claude.durand@exemple.fr",
          "MOB-004": "sacha.leroy@exemple.fr"}
ALL = ("MOB-001", "MOB-002", "MOB-003", "MOB-004")
# Where a fixture deliberately differs: « 7,5 » typed with a decimal comma in the Excel CSV.
OVERRIDES = {("enquete-excel-fr.csv", "MOB-001", "rep_influence_personnelle"): 7.5}


def codebook() -> Codebook:
    modes = ItemSpec(id="modes", wording="Quels modes de déplacement utilisez-vous chaque semaine ?", aliases=("MODES", "modes"),
                     scale=Scale(id="modes", labels={"Voiture": 1, "Bus, tramway": 2, "Vélo": 3, "Marche": 4}))
    codes = {"modes": {"SQ001": "Voiture", "SQ002": "Bus, tramway", "SQ003": "Vélo", "SQ004": "Marche"}}
    return Codebook(items=[*load_item_bank(), modes], multiple={"modes"}, codes=codes, own_items={"modes"})


def wide(data) -> dict[str, dict[str, float]]:
    table = data.responses.pivot_table(index="respondent", columns="item", values="value", aggfunc="first", observed=True, dropna=False)
    return {str(r): {str(k): float(v) for k, v in row.items()} for r, row in table.iterrows()}


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


CASES = [
    # file, tool, rows, kept, excluded reasons, people kept (by key), key field, multiple choice read, sheet
    ("enquete-limesurvey-codes.csv", Tool.LIMESURVEY, 4, 3, {"incomplete": 1}, ALL[:3], "code", True),
    ("enquete-limesurvey-texte-complet-fr.csv", Tool.LIMESURVEY, 4, 4, {}, ALL, "code", True),
    ("enquete-limesurvey-code-et-texte.csv", Tool.LIMESURVEY, 4, 4, {}, ALL, "code", True),
    ("enquete-limesurvey.xlsx", Tool.LIMESURVEY, 4, 4, {}, ALL, "code", True),
    ("enquete-limesurvey-r_R_data_file.csv", Tool.LIMESURVEY, 4, 4, {}, ALL, "code", False),
    ("enquete-google-forms.csv", Tool.GOOGLE_FORMS, 4, 4, {}, ALL, "email", True),
    ("enquete-microsoft-forms.xlsx", Tool.MS_FORMS, 4, 4, {}, ALL, "email", True),
    ("enquete-microsoft-forms-en.xlsx", Tool.MS_FORMS, 4, 4, {}, ALL, "code", False),
    ("enquete-framaforms.csv", Tool.FRAMAFORMS, 4, 3, {"incomplete": 1}, ALL[:3], "code", True),
    ("enquete-framaforms.xls", Tool.FRAMAFORMS, 4, 3, {"incomplete": 1}, ALL[:3], "code", True),
    ("enquete-kobo.csv", Tool.KOBO, 4, 4, {}, ALL, "code", True),
    ("enquete-tableur-titre.xlsx", Tool.SPREADSHEET, 5, 4, {"empty": 1}, ALL, "code", False),
    ("enquete-excel-fr.csv", Tool.SPREADSHEET, 4, 4, {}, ALL, "code", False),
    ("enquete-demarches-simplifiees.ods", Tool.SPREADSHEET, 4, 4, {}, ALL, "code", False),
]


@pytest.mark.parametrize(("name", "tool", "rows", "kept", "reasons", "people", "key_field", "multiple"), CASES, ids=[c[0] for c in CASES])
def test_each_format_gives_back_the_same_answers(name, tool, rows, kept, reasons, people, key_field, multiple) -> None:
    data = import_file(DATA / name, "pre", codebook(), key=KEY)
    imported = data.files[0]
    assert imported.tool is tool
    assert len(data.rows) == rows
    assert (data.rows["status"] == "kept").sum() == kept
    counts = data.rows.loc[data.rows["status"] == "excluded", "reason"].value_counts()
    assert counts[counts > 0].to_dict() == reasons  # a categorical column counts its absent reasons too
    values = wide(data)
    expected_people = {pseudonym(KEY, normalise_key(EMAILS[c] if key_field == "email" else c)): c for c in people}
    assert set(values) == set(expected_people)
    available = set(data.responses["item"].astype(str))
    for person, code in expected_people.items():
        for item, value in EXPECTED[code].items():
            if item not in available:
                continue
            got = values[person][item]
            value = OVERRIDES.get((name, code, item), value)
            assert same(got, float(value)), (code, item, got, value)
    assert ("modes.velo" in available) is multiple
    assert {"rep_confiance_etat", "rep_influence_personnelle"} <= available
    assert not data.problems.has_errors, [p.render() for p in data.problems]


def test_every_row_and_column_is_accounted_for() -> None:
    for name, *_ in CASES:
        data = import_file(DATA / name, "pre", codebook(), key=KEY)
        table = data.files[0].table
        assert len(data.rows) == len(table.frame) + len(table.skipped_blank_rows)
        assert len(data.columns) == len(table.headers)
        assert set(data.columns["kind"]) <= {"item", "profile", "metadata", "identifier", "ignored", "unmapped"}


def test_profile_answers_go_to_the_respondents_frame() -> None:
    data = import_file(DATA / "enquete-limesurvey-texte-complet-fr.csv", "pre", codebook(), key=KEY)
    assert data.respondents["socio_sexe"].tolist() == ["Femme", "Homme", "Femme", "Homme"]
    assert "socio_sexe" not in set(data.responses["item"].astype(str))
    assert data.respondents["row"].tolist() == [2, 3, 4, 5]


def test_nonanswers_are_kept_apart_from_blanks() -> None:
    data = import_file(DATA / "enquete-limesurvey-texte-complet-fr.csv", "pre", codebook(), key=KEY)
    claude = pseudonym(KEY, normalise_key("MOB-003"))
    rows = data.responses[data.responses["respondent"] == claude].set_index("item")
    assert rows.loc["rep_confiance_etat", "missing"] == "dont_know"
    assert rows.loc["rep_confiance_etat", "label"] == "Ne sait pas"
    assert rows.loc["org_satisfaction_globale", "missing"] == "no_opinion"
    assert rows.loc["modes.voiture", "missing"] == "blank"
    assert rows.loc["rep_competence_politique", "label"] == "Tout à fait d'accord"
    assert rows.loc["rep_competence_politique", "missing"] == ""


def test_comma_in_a_likert_label_and_in_an_option_is_not_split() -> None:
    data = import_file(DATA / "enquete-google-forms.csv", "pre", codebook(), key=KEY)
    camille = pseudonym(KEY, normalise_key(EMAILS["MOB-001"]))
    rows = data.responses[data.responses["respondent"] == camille].set_index("item")
    assert rows.loc["rep_competence_politique", "label"] == "Ni d'accord, ni pas d'accord"
    assert rows.loc["modes.bus_tramway", "value"] == 1.0
    assert rows.loc["modes.bus_tramway", "label"] == "Bus, tramway"
    assert [p.code for p in data.problems] == ["choix_autre"]
    assert data.problems.warnings[0].column == "I"


def test_framaforms_three_header_rows_and_draft() -> None:
    data = import_file(DATA / "enquete-framaforms.xls", "pre", codebook(), key=KEY)
    table = data.files[0].table
    assert (table.kind, table.encoding, table.delimiter, table.header_row) == ("csv", "utf-16", "\t", 3)
    assert table.preamble[0][0] == "Questionnaire de fin de convention"
    kinds = dict(zip(data.columns["header"], data.columns["role"]))
    assert kinds["Draft"] == "draft" and kinds["IP Address"] == "ip" and kinds["Code participant"] == "participant_code"
    excluded = data.rows[data.rows["status"] == "excluded"]
    assert excluded["row"].tolist() == [7] and excluded["reason"].tolist() == ["incomplete"]


def test_r_export_uses_codes_and_answer_labels_of_the_syntax_file() -> None:
    data = import_file(DATA / "enquete-limesurvey-r_R_data_file.csv", "pre", codebook(), key=KEY)
    mapped = dict(zip(data.columns["header"], data.columns["item"]))
    assert mapped["How much do you trust the State?"] == "rep_confiance_etat"
    assert mapped["You are"] == "socio_sexe"
    assert data.respondents["socio_sexe"].tolist() == ["Femme", "Homme", "Femme", "Homme"]
    assert dict(zip(data.columns["header"], data.columns["kind"]))["Group time: Avis"] == "metadata"


def test_excel_fr_decimal_comma_and_cp1252() -> None:
    data = import_file(DATA / "enquete-excel-fr.csv", "pre", codebook(), key=KEY)
    table = data.files[0].table
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    camille = pseudonym(KEY, normalise_key("MOB-001"))
    rows = data.responses[data.responses["respondent"] == camille].set_index("item")
    assert rows.loc["rep_influence_personnelle", "value"] == 7.5
    assert rows.loc["rep_prise_en_compte", "label"] == "Plutôt d'accord"


def test_hand_made_spreadsheet_title_blank_rows_and_unmapped_column() -> None:
    data = import_file(DATA / "enquete-tableur-titre.xlsx", "pre", codebook(), key=KEY)
    table = data.files[0].table
    assert table.header_row == 3
    assert data.rows.sort_values("row")["row"].tolist() == [4, 5, 6, 7, 8]
    assert data.rows.set_index("row").loc[6, "reason"] == "empty"
    unmapped = data.problems.warnings
    assert [(p.code, p.column, p.header) for p in unmapped] == [("colonne_non_reconnue", "I", "Remarques de l'animateur")]


def test_unknown_labels_name_the_cell_and_suggest_the_closest_label() -> None:
    data = import_file(DATA / "enquete-libelles-inconnus.csv", "pre", codebook(), key=KEY)
    errors = {(p.row, p.column): p for p in data.problems.errors}
    assert set(errors) == {(3, "B"), (2, "C")}
    typo = errors[(2, "C")]
    assert typo.code == "libelle_inconnu" and typo.value == "Plutôt pas d'acoord"
    assert typo.message.startswith("Réponse « Plutôt pas d'acoord » inconnue pour cette question (2 cellules, première : celle-ci). Vouliez-vous dire « Plutôt pas d'accord » ?")
    assert "Vouliez-vous dire" not in errors[(3, "B")].message
    assert [p.code for p in data.problems.warnings] == ["codes_numeriques"]
    # « plutot satisfaite » (no accent, feminine, trailing space) is a known variant.
    dominique = pseudonym(KEY, normalise_key("MOB-002"))
    rows = data.responses[data.responses["respondent"] == dominique].set_index("item")
    assert rows.loc["org_satisfaction_globale", "label"] == "Plutôt satisfait"
    assert rows.loc["rep_confiance_etat", "missing"] == "blank"


def test_duplicates_tests_and_empty_rows() -> None:
    data = import_file(DATA / "enquete-doublons.csv", "pre", codebook(), key=KEY)
    reasons = data.rows.set_index("row")["reason"].to_dict()
    assert reasons == {2: "duplicate", 3: "test", 4: "", 5: "", 6: "empty", 7: ""}
    detail = data.rows.set_index("row").loc[2, "detail"]
    assert detail == "doublon de la ligne 5 de enquete-doublons.csv, conservée"
    camille = pseudonym(KEY, normalise_key("camille.martin@exemple.fr"))
    kept = data.responses[data.responses["respondent"] == camille].set_index("item")
    assert kept.loc["rep_confiance_etat", "value"] == 4.0  # the later answer (row 5) wins
    codes = sorted(p.code for p in data.problems)
    assert codes == ["cle_vide", "doublon"]


def test_no_key_column_is_a_warning_and_rows_are_kept() -> None:
    data = import_file(DATA / "enquete-sans-cle.csv", "pre", codebook(), key=KEY)
    assert [p.code for p in data.problems] == ["enquete_sans_cle"]
    assert data.responses["respondent"].nunique() == 3


def test_an_unknown_r_answer_code_is_quoted_with_the_label_of_the_syntax_file() -> None:
    data = import_file(DATA / "r-syntaxe-code-inconnu_R_data_file.csv", "pre", codebook(), key=KEY)
    assert data.respondents["socio_age"].tolist()[:2] == ["18-24 ans", "25-34 ans"]
    (problem,) = [p for p in data.problems if p.code == "libelle_inconnu"]
    assert (problem.row, problem.column, problem.value) == (4, "C", "3")
    assert problem.message == (
        "Réponse « 3 » (« 21-30 » selon le fichier de syntaxe R) inconnue pour cette question (2 cellules, première : celle-ci). "
        "Réponses possibles : « 18-24 ans », « 25-34 ans », « 35-49 ans », « 50-64 ans », « 65 ans et plus ». "
        "Corrigez les cellules ou ajoutez « 21-30 » dans codebook.yaml (synonyms de l'échelle)."
    )
