"""Answer labels, headings, multiple choices, tool detection and the codebook format."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indicators.item_bank import ITEM_BANK_PATH, load_item_bank, shipped
from surveys.exports.codebook import load_codebook
from surveys.exports.formats import Role, Tool, detect_tool, heading, metadata_role, parse_tool, split_choices
from surveys.exports.items import MissingReason
from surveys.exports.labels import ScaleDecoder, answer_key, checkbox_state
from surveys.problems import ProblemReport

BANK = shipped(ITEM_BANK_PATH, load_codebook)
BANK.own_items = set()


def decoder(scale_id: str) -> ScaleDecoder:
    return ScaleDecoder(BANK.scales[scale_id])


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        ("Plutôt d'accord", 4, "Plutôt d'accord"),
        ("plutot d\u2019accord ", 4, "Plutôt d'accord"),
        ("PLUTÔT D'ACCORD", 4, "Plutôt d'accord"),
        ("Ni d'accord, ni pas d'accord", 3, "Ni d'accord, ni pas d'accord"),
        ("Ni d'accord ni pas d'accord", 3, "Ni d'accord, ni pas d'accord"),
        ("Ni d\u2019accord ni en désaccord", 3, "Ni d'accord, ni pas d'accord"),
        ("Neutre", 3, "Ni d'accord, ni pas d'accord"),
        ("4 - Plutôt d'accord", 4, "Plutôt d'accord"),
        ("5) Tout à fait d'accord", 5, "Tout à fait d'accord"),
        ("Totalement d'accord", 5, "Tout à fait d'accord"),
        ("Pas\u00a0du tout d'accord", 1, "Pas du tout d'accord"),
    ],
)
def test_agreement_variants(raw: str, value: float, label: str) -> None:
    answer = decoder("accord5").decode(raw)
    assert answer is not None
    assert (answer.value, answer.label, answer.missing) == (value, label, MissingReason.VALID)


@pytest.mark.parametrize(
    ("scale", "raw", "value", "label"),
    [
        ("oui_non4", "Oui, plutôt", 3, "Oui, plutôt"),
        ("oui_non4", "oui plutot", 3, "Oui, plutôt"),
        ("oui_non4", "Non, pas vraiment", 2, "Non, plutôt pas"),
        ("satisfaction4", "Très satisfait(e)", 4, "Très satisfait"),
        ("satisfaction4", "Très satisfait·e", 4, "Très satisfait"),
        ("satisfaction4", "très satisfait.e", 4, "Très satisfait"),
        ("satisfaction4", "Assez satisfaite", 3, "Plutôt satisfait"),
        ("confiance4", "Tout à fait confiance", 4, "Très confiance"),
        ("echelle_0_10", "7", 7, "7"),
        ("echelle_0_10", 7.0, 7, "7"),
        ("echelle_0_10", "10 - Tout à fait d'accord", 10, "10"),
        ("echelle_0_10", "6,5", 6.5, "6.5"),
        ("sexe", "Une femme", 1, "Femme"),
    ],
)
def test_other_scales(scale: str, raw: object, value: float, label: str) -> None:
    answer = decoder(scale).decode(raw)
    assert answer is not None and (answer.value, answer.label) == (value, label)


@pytest.mark.parametrize(
    ("raw", "reason", "label"),
    [
        ("Ne sait pas", MissingReason.DONT_KNOW, "Ne sait pas"),
        ("NSP", MissingReason.DONT_KNOW, "Ne sait pas"),
        ("Je ne sais pas", MissingReason.DONT_KNOW, "Ne sait pas"),
        ("Sans opinion", MissingReason.NO_OPINION, "Sans opinion"),
        ("Sans réponse", MissingReason.NO_ANSWER, "Sans réponse"),
        ("Refus", MissingReason.NO_ANSWER, "Sans réponse"),
        ("Non concerné(e)", MissingReason.NOT_APPLICABLE, "Non concerné"),
        ("Non concernée", MissingReason.NOT_APPLICABLE, "Non concerné"),
        ("S.O.", MissingReason.NOT_APPLICABLE, "Non concerné"),
        ("N/A", MissingReason.NOT_APPLICABLE, "Non concerné"),
        ("", MissingReason.BLANK, ""),
        (None, MissingReason.BLANK, ""),
        (math.nan, MissingReason.BLANK, ""),
    ],
)
def test_nonanswers_are_reasons_not_values(raw: object, reason: MissingReason, label: str) -> None:
    answer = decoder("accord4").decode(raw)
    assert answer is not None
    assert math.isnan(answer.value)
    assert (answer.missing, answer.label) == (reason, label)


def test_unknown_labels_get_a_suggestion_only_when_close() -> None:
    accord = decoder("accord4")
    assert accord.decode("Plutôt pas d'acoord") is None
    assert accord.suggest("Plutôt pas d'acoord") == "Plutôt pas d'accord"
    assert accord.decode("Peut-être") is None
    assert accord.suggest("Peut-être") is None
    assert decoder("echelle_0_10").decode("11") is None


def test_numbers_on_a_labelled_scale_are_positions_flagged_as_codes() -> None:
    answer = decoder("accord4").decode("3")
    assert answer is not None and (answer.value, answer.label, answer.numeric_code) == (3, "Plutôt d'accord", True)
    assert decoder("accord4").decode("9") is None
    lime = decoder("accord4").decode("A2")
    assert lime is not None and (lime.value, lime.label, lime.numeric_code) == (2, "Plutôt pas d'accord", True)


def test_answer_codes_win_over_positions() -> None:
    scale = BANK.scales["accord4"]
    reversed_codes = {"1": "Tout à fait d'accord", "4": "Pas du tout d'accord", "A2": "Plutôt pas d'accord"}
    coded = ScaleDecoder(scale, reversed_codes)
    assert coded.decode("1").value == 4
    assert coded.decode(4).value == 1
    assert coded.decode("A2").value == 2


def test_a_code_whose_label_is_off_the_scale_is_unknown_not_a_position() -> None:
    # The R syntax file says 3 is « Neutre »: reading it as the third value (« Plutôt d'accord ») would be silently wrong.
    coded = ScaleDecoder(BANK.scales["accord4"], {"1": "Pas du tout d'accord", "2": "Plutôt pas d'accord", "3": "Neutre"})
    assert coded.decode("3") is None and coded.decode(3) is None
    assert coded.decode("2").value == 2
    assert ScaleDecoder(BANK.scales["accord4"]).decode("3").value == 3


def test_answer_key() -> None:
    assert answer_key("  Ni d\u2019accord,  ni pas d'accord ") == "ni d'accord ni pas d'accord"
    assert answer_key("3 - Plutôt d'accord") == "plutot d'accord"
    assert answer_key("18-24 ans") == "18-24 ans"
    assert answer_key("Satisfait(e)") == answer_key("satisfait·e") == "satisfait"


@pytest.mark.parametrize(
    ("raw", "state"),
    [("Y", True), ("Oui", True), ("X", True), (1, True), ("1", True), ("", False), ("N", False), ("Non", False),
     (0, False), ("Not selected", False), ("peut-être", None)],
)
def test_checkbox_state(raw: object, state: bool | None) -> None:
    assert checkbox_state(raw) is state


@pytest.mark.parametrize(
    ("cell", "tool", "found", "unknown"),
    [
        ("Voiture, Bus, tramway", Tool.GOOGLE_FORMS, ["Voiture", "Bus, tramway"], []),
        ("Bus, tramway, Trottinette", Tool.GOOGLE_FORMS, ["Bus, tramway"], ["Trottinette"]),
        ("Voiture;Bus, tramway;", Tool.MS_FORMS, ["Voiture", "Bus, tramway"], []),
        ("Voiture,Bus, tramway", Tool.FRAMAFORMS, ["Voiture", "Bus, tramway"], []),
        ("Marche Vélo", Tool.KOBO, ["Marche", "Vélo"], []),
        ("voiture ; velo", Tool.SPREADSHEET, ["Voiture", "Vélo"], []),
    ],
)
def test_multiple_choices_are_split_on_known_options(cell: str, tool: Tool, found: list[str], unknown: list[str]) -> None:
    assert split_choices(cell, ["Voiture", "Bus, tramway", "Vélo", "Marche"], tool) == (found, unknown)


def test_headings() -> None:
    grid = heading("Q1[SQ001]. Diriez-vous… [La première affirmation]")
    assert grid.candidates[:2] == ("Q1[SQ001]. Diriez-vous… [La première affirmation]", "Q1[SQ001]")
    assert "Q1_SQ001" in grid.candidates and "La première affirmation" in grid.candidates
    assert (grid.question, grid.option) == ("Q1", "SQ001")
    full = heading("Quels modes ? [Vélo]")
    assert (full.question, full.option) == ("Quels modes ?", "Vélo")
    kobo = heading("avis/confiance_etat")
    assert "confiance_etat" in kobo.candidates
    framaforms = heading("Marche", group="Quels modes ?")
    assert framaforms.candidates[0] == "Quels modes ? [Marche]"


@pytest.mark.parametrize(
    ("header", "role"),
    [("ID de la réponse", Role.RESPONSE_ID), ("Date de soumission", Role.SUBMITTED), ("Code d'accès", Role.TOKEN),
     ("Adresse e-mail", Role.EMAIL), ("Adresse de messagerie", Role.EMAIL), ("Nom", Role.NAME), ("IP Address", Role.IP),
     ("Numéro de téléphone ", Role.PHONE), ("Horodateur", Role.SUBMITTED), ("Group time: Avis", Role.METADATA),
     ("_submission_time", Role.SUBMITTED), ("identification/code_participant", Role.PARTICIPANT_CODE),
     ("Dernière page", Role.METADATA), ("Faites-vous confiance ?", None)],
)
def test_metadata_roles(header: str, role: Role | None) -> None:
    assert metadata_role(header) is role


@pytest.mark.parametrize(
    ("headers", "tool"),
    [
        (["ID de la réponse", "Date de soumission", "Dernière page", "Q1"], Tool.LIMESURVEY),
        (["id", "submitdate", "lastpage", "startlanguage", "Q1"], Tool.LIMESURVEY),
        (["Horodateur", "Q1"], Tool.GOOGLE_FORMS),
        (["Timestamp", "Email Address", "Q1"], Tool.GOOGLE_FORMS),
        (["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Q1"], Tool.MS_FORMS),
        (["Id", "Start time", "Completion time", "Email", "Name", "Q1"], Tool.MS_FORMS),
        (["Serial", "SID", "Time", "Draft", "Q1"], Tool.FRAMAFORMS),
        (["start", "end", "Q1", "_id", "_uuid", "_submission_time"], Tool.KOBO),
        (["Code participant", "Q1"], Tool.SPREADSHEET),
    ],
)
def test_tool_is_detected_from_columns(headers: list[str], tool: Tool) -> None:
    assert detect_tool(headers) is tool


def test_format_names_in_demarche_yaml() -> None:
    assert parse_tool("LimeSurvey") is Tool.LIMESURVEY
    assert parse_tool("Microsoft Forms") is Tool.MS_FORMS
    assert parse_tool("google-forms") is Tool.GOOGLE_FORMS
    assert parse_tool("Kobo") is Tool.KOBO
    assert parse_tool("SurveyMonkey") is None


def test_the_item_bank_loads_with_the_codebook_loader() -> None:
    loaded = shipped(ITEM_BANK_PATH, load_codebook)
    assert [i.id for i in loaded.items] == [i.id for i in load_item_bank()]


def test_codebook_refines_bank_items_and_adds_its_own(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "respondent_key: Mon code\n"
        "test_entries: [ORGA-1]\n"
        "ignore: [Commentaires]\n"
        "scales:\n  oui_non_fr:\n    labels: {Non: 0, Oui: 1}\n"
        "items:\n"
        "  - id: rep_confiance_etat\n    aliases: [Q7]\n"
        "  - id: connu_avant\n    wording: Connaissiez-vous la démarche ?\n    scale: oui_non_fr\n    codes: {Y: Oui, N: Non}\n"
        "  - id: reverse_item\n    wording: Les décisions sont prises sans nous\n    scale: accord4\n    reverse: true\n",
        encoding="utf-8",
    )
    codebook = load_codebook(path, ProblemReport(), base=BANK)
    refined = codebook.item("rep_confiance_etat")
    assert refined is not None and "Q7" in refined.aliases and "REP04" in refined.aliases
    assert refined.scale.id == "confiance4"
    assert codebook.codes["connu_avant"] == {"Y": "Oui", "N": "Non"}
    assert codebook.item("reverse_item").reverse is True
    assert (codebook.respondent_key, codebook.test_entries, codebook.ignored) == ("Mon code", ["ORGA-1"], ["Commentaires"])
    assert codebook.own_items == {"rep_confiance_etat", "connu_avant", "reverse_item"}


def test_codebook_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(
        "items:\n"
        "  - id: sans_echelle\n    wording: Une question\n"
        "  - id: echelle_inconnue\n    wording: Une autre\n    scale: accord7\n"
        "  - id: nouveau\n    scale: accord4\n"
        "  - id: cle_inconnue\n    wording: Encore\n    scale: accord4\n    echelle: accord4\n",
        encoding="utf-8",
    )
    report = ProblemReport()
    load_codebook(path, report, base=BANK)
    assert [(p.code, p.row) for p in report] == [("yaml_extra_forbidden", 12)]
    report = ProblemReport()
    path.write_text(path.read_text(encoding="utf-8").replace("    echelle: accord4\n", ""), encoding="utf-8")
    load_codebook(path, report, base=BANK)
    assert [(p.code, p.row) for p in report] == [
        ("codebook_echelle_absente", 2), ("codebook_echelle_inconnue", 4), ("codebook_libelle_absent", 7)]
    assert report.errors[1].message.startswith("L'item « echelle_inconnue » utilise l'échelle « accord7 », qui n'existe pas. Échelles connues : accord4, accord5,")
    assert load_codebook(tmp_path / "absent.yaml", report, base=BANK) is None  # a file that cannot be read: recorded, not raised
    assert report.codes()[-1] == "fichier_absent"


def test_reverse_items_are_recoded_at_import(tmp_path: Path) -> None:
    from surveys.exports.importer import import_file

    path = tmp_path / "codebook.yaml"
    path.write_text("items:\n  - id: sans_nous\n    wording: Les décisions sont prises sans nous\n    scale: accord4\n    reverse: true\n", encoding="utf-8")
    export = tmp_path / "e.csv"
    export.write_text("Code participant,Les décisions sont prises sans nous\nA,Tout à fait d'accord\nB,Plutôt pas d'accord\n", encoding="utf-8")
    data = import_file(export, "pre", load_codebook(path, ProblemReport(), base=BANK), key=b"k" * 32)
    assert data.responses["value"].tolist() == [1.0, 3.0]
    assert data.responses["label"].tolist() == ["Tout à fait d'accord", "Plutôt pas d'accord"]


def test_ages_typed_as_numbers_fall_in_their_band() -> None:
    ages = decoder("tranche_age")
    assert ages.decode("66").label == "65 ans et plus"
    assert ages.decode(44).label == "35-49 ans"
    assert ages.decode(24.5).label == "18-24 ans"
    assert ages.decode("4") is None  # not an adult age: reported, never read as a position
    assert ages.decode("25 à 34 ans").label == "25-34 ans"


def test_limesurvey_default_codes_on_a_banded_scale_are_scale_values() -> None:
    ages = decoder("tranche_age")
    assert ages.decode("A2").label == "25-34 ans"
    assert ages.decode("A5").label == "65 ans et plus"
    assert ages.decode("A9") is None
