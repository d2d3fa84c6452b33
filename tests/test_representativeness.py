"""Panel representativeness: margins file, panel file or survey profile, gaps and dissimilarity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaluation.fieldwork.reference_data import load_margins, load_panel, parse_share
from indicators.disclosure import apply_disclosure
from indicators.item_bank import load_item_bank
from indicators.representativeness import panel_from_profiles, representativeness
from surveys.problems import ProblemReport

DATA = Path(__file__).parent / "data"
BANK = load_item_bank()


def pick(rows, indicator, item, group=""):
    found = [r for r in rows if r.indicator == indicator and r.item == item and r.group == group]
    assert len(found) == 1, (indicator, item, group)
    return found[0]


@pytest.mark.parametrize(("text", "share"), [("0,52", 0.52), ("52 %", 0.52), ("52\u00a0%", 0.52), (0.5, 0.5), ("1", 1.0), ("abc", None), ("", None)])
def test_parse_share(text, share):
    assert parse_share(text) == (pytest.approx(share) if share is not None else None)


def test_french_csv_margins():
    report = ProblemReport()
    margins = load_margins(DATA / "indicateurs-marges.csv", report)
    assert not report.has_errors
    assert margins.shares["sexe"] == {"Femme": 0.52, "Homme": 0.48}
    assert list(margins.shares["age"]) == ["18-24 ans", "25-34 ans", "35-49 ans", "50-64 ans", "65 ans et plus"]
    assert margins.shares["age"]["18-24 ans"] == pytest.approx(0.10)


def test_margins_problems_are_located():
    report = ProblemReport()
    assert load_margins(DATA / "indicateurs-marges-erreurs.csv", report) is None
    by_code = {}
    for problem in report:
        by_code.setdefault(problem.code, []).append(problem)
    bad = by_code["marges_part_invalide"][0]
    assert (bad.row, bad.column, bad.value) == (2, "C", "52")
    assert bad.message == ("La part doit être un nombre entre 0 et 1 (par exemple 0,52 ou 52 %). "
                           "Si vous avez saisi des pourcentages, ajoutez le signe % ou divisez par 100.")
    duplicate = by_code["marges_doublon"][0]
    assert duplicate.row == 5
    assert duplicate.message == "La catégorie « 18-24 ans » de la variable « age » figure déjà ligne 4 : gardez une seule ligne."
    assert by_code["marges_vide"][0].row == 6
    sums = {p.header: p.message for p in by_code["marges_somme"]}
    assert sums["sexe"] == "Les parts de la variable « sexe » totalisent 0.4 au lieu de 1 : corrigez-les pour que leur somme fasse 1 (100 %)."


def test_missing_column(tmp_path):
    path = tmp_path / "marges.csv"
    path.write_text("variable,part\nsexe,1\n", encoding="utf-8")
    report = ProblemReport()
    assert load_margins(path, report) is None
    assert report.codes() == ["marges_colonne_absente"]
    assert "« categorie »" in next(iter(report)).message


def test_panel_file_against_margins():
    report = ProblemReport()
    margins = load_margins(DATA / "indicateurs-marges.csv", report)
    panel = load_panel(DATA / "indicateurs-panel.csv", report)
    rows = representativeness(panel, margins, BANK, report)
    # Sex: 40 « Une femme » (synonym of Femme), 35 Homme, 3 blank and 2 unknown labels.
    assert pick(rows, "non_renseignes", "sexe").value == 5
    women = pick(rows, "part_panel", "sexe", "categorie=Femme")
    assert (women.value, women.n) == (pytest.approx(40 / 75), 40)
    assert pick(rows, "ecart", "sexe", "categorie=Femme").value == pytest.approx(40 / 75 - 0.52)
    assert pick(rows, "indice_dissimilarite", "sexe").value == pytest.approx(abs(40 / 75 - 0.52))
    # Age: 4/80 aged 18-24 against 10 %: the largest gap.
    largest = pick(rows, "ecart_maximal", "age", "categorie=18-24 ans")
    assert largest.value == pytest.approx(-0.05)
    gaps = np.array([4 / 80 - 0.10, 16 / 80 - 0.15, 0, 0, 0])
    assert pick(rows, "indice_dissimilarite", "age").value == pytest.approx(np.abs(gaps).sum() / 2)
    warning = [p for p in report if p.code == "panel_categorie_inconnue"]
    assert len(warning) == 1 and warning[0].value == "Autre réponse"
    assert warning[0].message.startswith("La valeur « Autre réponse » de la variable « sexe » (2 participants)")


def test_small_categories_are_hidden_with_a_partner():
    report = ProblemReport()
    margins = load_margins(DATA / "indicateurs-marges.csv", report)
    rows = representativeness(load_panel(DATA / "indicateurs-panel.csv", report), margins, BANK, report)
    out, _ = apply_disclosure(rows)
    young = pick(out, "part_panel", "age", "categorie=18-24 ans")
    assert young.suppressed and young.note == "secret_statistique"
    assert pick(out, "ecart_maximal", "age", "categorie=18-24 ans").suppressed
    partner = pick(out, "part_panel", "age", "categorie=25-34 ans")
    assert partner.suppressed and partner.note == "secret_secondaire"
    assert not pick(out, "part_panel", "age", "categorie=35-49 ans").suppressed


def test_panel_from_the_survey_profile_items():
    profiles = pd.DataFrame([
        ("a", "post", "Homme"),  # the pre answer comes first whatever the row order
        ("a", "pre", "Femme"),
        ("b", "pre", ""),
        ("b", "post", "Homme"),
        ("c", "pre", ""),
    ], columns=["respondent", "wave", "socio_sexe"])
    panel = panel_from_profiles(profiles, BANK)
    assert panel.loc["a", "socio_sexe"] == "Femme"
    assert panel.loc["b", "socio_sexe"] == "Homme"
    assert panel.loc["c", "socio_sexe"] == ""
    assert list(panel.columns) == ["socio_sexe"]
    report = ProblemReport()
    from indicators.representativeness import Margins

    rows = representativeness(panel, Margins("marges.csv", {"Sexe": {"Femme": 0.5, "Homme": 0.5}}), BANK, report)
    assert pick(rows, "part_panel", "Sexe", "categorie=Femme").value == 0.5
    assert pick(rows, "non_renseignes", "Sexe").value == 1
    assert not report


def test_variable_absent_from_the_panel():
    from indicators.representativeness import Margins

    report = ProblemReport()
    panel = pd.DataFrame({"Sexe": ["Femme"]})
    rows = representativeness(panel, Margins("marges.csv", {"diplome_inconnu": {"A": 1.0}}), BANK, report)
    assert rows == []
    assert report.codes() == ["marges_variable_absente"]


def test_nobody_with_a_known_category():
    from indicators.representativeness import Margins

    report = ProblemReport()
    rows = representativeness(pd.DataFrame({"Sexe": ["", ""]}), Margins("m.csv", {"Sexe": {"Femme": 0.5, "Homme": 0.5}}), BANK, report)
    index = pick(rows, "indice_dissimilarite", "Sexe")
    assert index.value is None and index.note == "aucun_participant"
