"""The standard item bank: loads, covers the four dimensions, and reports a broken file by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.item_bank import SOURCES, item_index, load_item_bank, load_items, shipped
from indicators.vocabulary import Dimension
from surveys.exports.items import MissingReason, Wave
from surveys.problems import ProblemReport, SuiviError
from surveys.text import label_key


@pytest.fixture(scope="module")
def bank():
    return load_item_bank()


def test_every_dimension_has_items(bank):
    dimensions = {item.dimension for item in bank}
    assert {Dimension.PERTINENCE, Dimension.ORGANISATION, Dimension.IMPACT_INTERNE, Dimension.REPRESENTATIONS} <= dimensions
    assert all(item.dimension is not None for item in bank)


def test_stable_ids_and_exact_cevipof_wording(bank):
    items = item_index(bank)
    assert items["rep_efficacite_externe"].wording == (
        "À votre avis, est-ce que les responsables politiques, en général, se préoccupent de ce que pensent les gens comme vous ?"
    )
    assert items["rep_efficacite_externe"].source == "cevipof"
    assert "org_temps_suffisant" in items
    assert items["rep_confiance_deliberation"].reference == "tirage_sort_1e"


def test_representations_are_asked_before_and_after(bank):
    for item in bank:
        if item.dimension == Dimension.REPRESENTATIONS:
            assert {Wave.PRE, Wave.POST} <= set(item.waves), item.id


def test_every_item_is_documented(bank):
    for item in bank:
        assert item.wording_en, item.id
        assert item.source in SOURCES, item.id
        assert item.aliases and item.aliases[0].isalnum(), item.id  # first alias: a LimeSurvey code


def test_scales_of_indicator_items_define_a_top_box(bank):
    for item in bank:
        if item.dimension != Dimension.REPRESENTATIVITE:
            assert item.scale.top_box, item.id
            assert max(item.scale.top_box) == item.scale.maximum


def test_scales_share_the_explicit_non_answers(bank):
    accord4 = item_index(bank)["org_temps_suffisant"].scale
    assert accord4.nonanswers == {
        "Ne sait pas": MissingReason.DONT_KNOW,
        "Sans opinion": MissingReason.NO_OPINION,
        "Sans réponse": MissingReason.NO_ANSWER,
        "Non concerné": MissingReason.NOT_APPLICABLE,
    }
    accord5 = item_index(bank)["rep_competence_politique"].scale
    assert accord5.labels["Ni d'accord, ni pas d'accord"] == 3
    assert accord5.top_box == (4.0, 5.0)


def test_synonyms_never_clash_with_canonical_labels(bank):
    for scale in {item.scale.id: item.scale for item in bank}.values():
        canonical = {label_key(label) for label in [*scale.labels, *scale.nonanswers]}
        for variant, target in scale.synonyms.items():
            assert label_key(variant) not in canonical or label_key(variant) == label_key(target), (scale.id, variant)


def test_headings_designate_one_item(bank):
    seen: dict[str, str] = {}
    for item in bank:
        for heading in (item.wording, *item.aliases):
            key = label_key(heading)
            assert seen.setdefault(key, item.id) == item.id, heading


def test_a_fresh_list_each_time(bank):
    again = load_item_bank()
    again.clear()
    assert load_item_bank() == bank


BROKEN = """\
scales:
  accord4:
    labels: {Non: 0, Oui: 1}
    top_box: [1]
items:
  - id: a
    wording: Question A
    scale: accord4
  - id: a
    wording: Question B
    scale: accord9
  - id: c
    wording: Question C
    scale: accord4
    dimension: ailleurs
"""


def test_broken_file_is_reported_by_line(tmp_path: Path):
    path = tmp_path / "items.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    report = ProblemReport()
    items = load_items(path, report)
    assert [item.id for item in items] == ["a"]
    by_code = {p.code: p for p in report}
    assert by_code["item_echelle_inconnue"].row == 11
    assert by_code["item_echelle_inconnue"].message == (
        "échelle « accord9 » inconnue ; échelles définies dans le bloc scales : accord4."
    )
    assert by_code["yaml_enum"].row == 15
    with pytest.raises(SuiviError, match=r"Le fichier d'items « items\.yaml » contient des erreurs"):
        shipped(path, load_items)  # only a file shipped with suivi raises: its problems are suivi's bug


def test_duplicate_id_and_heading(tmp_path: Path):
    path = tmp_path / "items.yaml"
    path.write_text(
        "scales:\n  s: {labels: {Non: 0, Oui: 1}}\nitems:\n"
        "  - {id: a, wording: Même question, scale: s}\n"
        "  - {id: a, wording: Autre, scale: s}\n"
        "  - {id: b, wording: Autre, scale: s, aliases: ['MEME QUESTION ?']}\n",
        encoding="utf-8",
    )
    report = ProblemReport()
    load_items(path, report)
    messages = [p.message for p in report]
    assert "L'identifiant d'item « a » est utilisé plusieurs fois : chaque item doit avoir un identifiant unique." in messages
    assert any(m.startswith("L'intitulé « meme question » désigne plusieurs items (a, b)") for m in messages)
    assert any(m.startswith("L'intitulé « autre » désigne plusieurs items (a, b)") for m in messages)


def test_invalid_scale_does_not_cascade(tmp_path: Path):
    path = tmp_path / "items.yaml"
    path.write_text(
        "scales:\n  s: {labels: {Oui: 1, Non: 0}}\nitems:\n  - {id: a, wording: Q, scale: s}\n", encoding="utf-8"
    )
    report = ProblemReport()
    assert load_items(path, report) == []
    assert len(report) == 1
    assert report.codes() == ["yaml_value_error"]
    assert next(iter(report)).row == 2
