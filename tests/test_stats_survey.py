"""Survey statistics on tidy tables: descriptives, change on matched pairs, indices, attrition.

Small tables are computed by hand; the fixture ``indicateurs-enquete.csv`` is checked against
independent computations with pandas, scipy and statsmodels.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from indicators.item_bank import item_index
from indicators.survey.attrition import participation, participation_summary
from indicators.survey.change import BootstrapSettings, paired_change
from indicators.survey.descriptive import item_descriptives
from indicators.survey.indices import dimension_indices
from indicators.survey.tidy import normalise_tidy

DATA = Path(__file__).parent / "data"
BANK = item_index()
FAST = BootstrapSettings(resamples=200, seed=3)


def tidy(records):
    """(respondent, wave, item, value) with value None = « Ne sait pas », "" = blank."""
    rows = []
    for respondent, wave, item, value in records:
        if value is None:
            rows.append((respondent, wave, item, np.nan, "Ne sait pas", "dont_know"))
        elif value == "":
            rows.append((respondent, wave, item, np.nan, "", "blank"))
        else:
            rows.append((respondent, wave, item, float(value), str(value), ""))
    return normalise_tidy(pd.DataFrame(rows, columns=["respondent", "wave", "item", "value", "label", "missing"]))


def pick(rows, indicator, item="", wave=None, group=""):
    found = [r for r in rows if r.indicator == indicator and r.item == item and (wave is None or r.wave == wave) and r.group == group]
    assert len(found) == 1, (indicator, item, wave, group, found)
    return found[0]


ITEM = "org_temps_suffisant"  # accord4, organisation


def test_descriptives_by_hand():
    frame = tidy([("a", "post", ITEM, 4), ("b", "post", ITEM, 3), ("c", "post", ITEM, 3), ("d", "post", ITEM, 1),
                  ("e", "post", ITEM, None), ("f", "post", ITEM, "")])
    rows = item_descriptives(frame, [BANK[ITEM]])
    assert pick(rows, "reponses_valides", ITEM).value == 4
    assert pick(rows, "reponses_valides", ITEM).n == 6
    assert pick(rows, "non_reponses", ITEM, group="motif=dont_know").value == 1
    assert pick(rows, "non_reponses", ITEM, group="motif=blank").value == 1
    assert pick(rows, "non_reponses", ITEM, group="motif=not_applicable").value == 0
    assert pick(rows, "repartition", ITEM, group="reponse=Pas du tout d'accord").value == 0.25
    assert pick(rows, "repartition", ITEM, group="reponse=Plutôt pas d'accord").value == 0.0
    assert pick(rows, "repartition", ITEM, group="reponse=Plutôt d'accord").value == 0.5
    mean = pick(rows, "moyenne", ITEM)
    assert mean.value == 2.75 and mean.n == 4
    assert (mean.ci_low, mean.ci_high) == pytest.approx(stats.t.interval(0.95, 3, loc=2.75, scale=stats.sem([4, 3, 3, 1])))
    top = pick(rows, "part_favorable", ITEM)
    assert top.value == 0.75
    assert (top.ci_low, top.ci_high) == pytest.approx(proportion_confint(3, 4, method="wilson"))


def test_reversed_item_names_the_label_people_chose():
    reversed_item = BANK[ITEM].model_copy(update={"reverse": True})
    frame = tidy([("a", "post", ITEM, 4)])  # coded 4 after reversal = « Pas du tout d'accord » answered
    rows = item_descriptives(frame, [reversed_item])
    assert pick(rows, "repartition", ITEM, group="reponse=Pas du tout d'accord").value == 1.0


def test_item_nobody_answered():
    frame = tidy([("a", "post", ITEM, None), ("b", "post", ITEM, "")])
    rows = item_descriptives(frame, [BANK[ITEM]])
    assert pick(rows, "reponses_valides", ITEM).value == 0
    for indicator in ("moyenne", "part_favorable"):
        row = pick(rows, indicator, ITEM)
        assert row.value is None and row.n == 0 and row.note == "aucune_reponse"
    assert all(r.value is None and r.note == "aucune_reponse" for r in rows if r.indicator == "repartition")


def test_single_answer():
    rows = item_descriptives(tidy([("a", "post", ITEM, 3)]), [BANK[ITEM]])
    mean = pick(rows, "moyenne", ITEM)
    assert mean.value == 3 and mean.ci_low is None and mean.note == "une_seule_reponse"
    assert pick(rows, "part_favorable", ITEM).ci_low == pytest.approx(proportion_confint(1, 1, method="wilson")[0])


def test_profile_items_are_not_described():
    frame = tidy([("a", "pre", "socio_sexe", 1)])
    assert item_descriptives(frame, [BANK["socio_sexe"]]) == []


REP = "rep_confiance_etat"  # confiance4, representations, pre/post/follow_up
REP2 = "rep_efficacite_externe"


def test_change_uses_matched_pairs_only():
    records = [
        ("a", "pre", REP, 1), ("a", "post", REP, 3),
        ("b", "pre", REP, 2), ("b", "post", REP, 3),
        ("c", "pre", REP, 2), ("c", "post", REP, 2),
        ("d", "pre", REP, 3), ("d", "post", REP, 2),
        ("e", "pre", REP, 1), ("e", "post", REP, None),  # a pair without a valid answer after
        ("f", "pre", REP, 4),  # left after the pre wave
        ("g", "post", REP, 1),  # arrived after
    ]
    rows = paired_change(tidy(records), [BANK[REP]], FAST)
    assert pick(rows, "paires", REP, "post-pre").value == 4
    diff = pick(rows, "difference_moyenne", REP, "post-pre")
    assert diff.value == pytest.approx((2 + 1 + 0 - 1) / 4)
    post, pre = np.array([3, 3, 2, 2.0]), np.array([1, 2, 2, 3.0])
    assert diff.p_value == stats.wilcoxon(post, pre, zero_method="pratt").pvalue
    # d = 2, 1, 0, −1 → non-zero |d| = 2, 1, 1 → ranks 3, 1.5, 1.5; R+ = 4.5, R− = 1.5 → r = 0.5
    assert diff.effect_size == pytest.approx(0.5)
    assert pick(rows, "correlation_rang_biseriale", REP, "post-pre").value == pytest.approx(0.5)
    top = pick(rows, "evolution_part_favorable", REP, "post-pre")
    # favourable = 3 or 4: pre a0 b0 c0 d1, post a1 b1 c0 d0 → gained 2, lost 1
    assert top.value == pytest.approx(0.25)
    assert top.p_value == pytest.approx(mcnemar([[0, 2], [1, 1]], exact=True).pvalue)
    assert diff.ci_low <= diff.value <= diff.ci_high


def test_all_zero_differences_and_single_pair():
    same = [(r, w, REP, 3) for r in "abc" for w in ("pre", "post")]
    rows = paired_change(tidy(same), [BANK[REP]], FAST)
    diff = pick(rows, "difference_moyenne", REP, "post-pre")
    assert diff.note == "differences_toutes_nulles"
    assert (diff.value, diff.p_value, diff.effect_size) == (0.0, 1.0, 0.0)
    assert pick(rows, "evolution_part_favorable", REP, "post-pre").p_value == 1.0

    one = paired_change(tidy([("a", "pre", REP, 1), ("a", "post", REP, 4)]), [BANK[REP]], FAST)
    diff = pick(one, "difference_moyenne", REP, "post-pre")
    assert diff.note == "une_seule_paire" and diff.value == 3 and diff.n == 1
    assert diff.p_value == stats.wilcoxon([4.0], [1.0], zero_method="pratt").pvalue
    assert (diff.ci_low, diff.ci_high) == (3.0, 3.0)


def test_wave_without_matches():
    records = [("a", "pre", REP, 1), ("b", "pre", REP, 2), ("c", "post", REP, 3), ("d", "post", REP, 4)]
    frame = tidy(records)
    rows = paired_change(frame, [BANK[REP]], FAST)
    assert pick(rows, "paires", REP, "post-pre").value == 0
    for indicator in ("difference_moyenne", "correlation_rang_biseriale", "evolution_part_favorable"):
        row = pick(rows, indicator, REP, "post-pre")
        assert row.value is None and row.note == "aucune_paire" and row.p_value is None
    counts = participation(frame, [BANK[REP]])
    assert pick(counts, "paires", wave="post-pre").note == "aucune_paire"
    assert pick(counts, "taux_de_retention", wave="post-pre").value == 0.0


def test_no_change_rows_without_a_pre_wave():
    frame = tidy([("a", "post", REP, 1), ("a", "follow_up", REP, 2)])
    assert paired_change(frame, [BANK[REP]], FAST) == []
    assert participation_summary(frame).pairs == {}


def test_holm_within_dimension():
    fixture = normalise_tidy(pd.read_csv(DATA / "indicateurs-enquete.csv"))
    specs = [BANK[i] for i in ("rep_efficacite_externe", "rep_confiance_etat", "rep_influence_personnelle", "rep_competence_politique")]
    rows = [r for r in paired_change(fixture, specs, FAST) if r.wave == "post-pre"]
    for indicator in ("difference_moyenne", "evolution_part_favorable"):
        family = [r for r in rows if r.indicator == indicator]
        assert len(family) == 4
        expected = multipletests([r.p_value for r in family], method="holm")[1]
        assert [r.p_adjusted for r in family] == pytest.approx(list(expected))


def _independent_pairs(frame, item, later):
    """Pairs by a plain pandas merge, independently of the library's reshaping."""
    valid = frame[frame["missing"] == ""]
    pre = valid[(valid["wave"] == "pre") & (valid["item"] == item)][["respondent", "value"]]
    post = valid[(valid["wave"] == later) & (valid["item"] == item)][["respondent", "value"]]
    merged = pre.merge(post, on="respondent", suffixes=("_pre", "_post"))
    return merged["value_pre"].to_numpy(), merged["value_post"].to_numpy()


@pytest.mark.parametrize("later", ["post", "follow_up"])
def test_fixture_against_independent_computation(later):
    raw = pd.read_csv(DATA / "indicateurs-enquete.csv", keep_default_na=False, na_values=[""])
    frame = normalise_tidy(raw)
    specs = [BANK[i] for i in ("rep_efficacite_externe", "rep_confiance_etat", "rep_influence_personnelle", "rep_competence_politique")]
    rows = paired_change(frame, specs, FAST)
    for spec in specs:
        pre, post = _independent_pairs(frame, spec.id, later)
        wave = f"{later}-pre"
        assert pick(rows, "paires", spec.id, wave).value == len(pre)
        diff = pick(rows, "difference_moyenne", spec.id, wave)
        assert diff.value == pytest.approx(float(np.mean(post - pre)))
        assert diff.p_value == pytest.approx(stats.wilcoxon(post, pre, zero_method="pratt").pvalue, rel=1e-12)
        d = post - pre
        nz = d[d != 0]
        ranks = stats.rankdata(np.abs(nz))
        assert diff.effect_size == pytest.approx((ranks[nz > 0].sum() - ranks[nz < 0].sum()) / ranks.sum())
        top = set(spec.scale.top_box)
        tp, tq = np.isin(pre, list(top)), np.isin(post, list(top))
        table = [[int((tp & tq).sum()), int((tp & ~tq).sum())], [int((~tp & tq).sum()), int((~tp & ~tq).sum())]]
        change = pick(rows, "evolution_part_favorable", spec.id, wave)
        assert change.value == pytest.approx(tq.mean() - tp.mean())
        assert change.p_value == pytest.approx(mcnemar(table, exact=True).pvalue)


def test_fixture_descriptives_against_pandas():
    frame = normalise_tidy(pd.read_csv(DATA / "indicateurs-enquete.csv"))
    spec = BANK["rep_influence_personnelle"]
    rows = item_descriptives(frame, [spec])
    for wave in ("pre", "post", "follow_up"):
        part = frame[(frame["item"] == spec.id) & (frame["wave"] == wave)]
        valid = part["value"].dropna()
        assert pick(rows, "moyenne", spec.id, wave).value == pytest.approx(valid.mean())
        assert pick(rows, "reponses_valides", spec.id, wave).value == len(valid)
        assert pick(rows, "non_reponses", spec.id, wave, "motif=dont_know").value == (part["missing"] == "dont_know").sum()
        assert pick(rows, "part_favorable", spec.id, wave).value == pytest.approx((valid >= 6).mean())


def test_index_two_thirds_rule_and_alpha_by_hand():
    items = ["rep_confiance_etat", "rep_efficacite_externe", "rep_influence_personnelle"]
    specs = [BANK[i] for i in items]
    records = [
        # a: 4/4, 1/4, 10/10 → 100, 0, 100 → 66.67
        ("a", "pre", items[0], 4), ("a", "pre", items[1], 1), ("a", "pre", items[2], 10),
        # b: two of three answered (2/3 → counted): 2 → 33.3, 5 → 50 → 41.67
        ("b", "pre", items[0], 2), ("b", "pre", items[1], None), ("b", "pre", items[2], 5),
        # c: one of three answered → not counted
        ("c", "pre", items[0], 3), ("c", "pre", items[1], ""), ("c", "pre", items[2], None),
        # d: complete: 3 → 66.7, 3 → 66.7, 0 → 0 → 44.44
        ("d", "pre", items[0], 3), ("d", "pre", items[1], 3), ("d", "pre", items[2], 0),
    ]
    rows = dimension_indices(tidy(records), specs, FAST)
    index = pick(rows, "indice", wave="pre")
    expected = [200 / 3, (100 / 3 + 50) / 2, (200 / 3 + 200 / 3 + 0) / 3]
    assert index.n == 3
    assert index.value == pytest.approx(np.mean(expected))
    alpha = pick(rows, "alpha_cronbach", wave="pre")
    complete = np.array([[100, 0, 100], [200 / 3, 200 / 3, 0]])
    assert alpha.n == 2
    k = 3
    expected_alpha = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / complete.sum(axis=1).var(ddof=1))
    assert alpha.value == pytest.approx(expected_alpha)


def test_index_change_on_pairs():
    items = ["rep_confiance_etat", "rep_efficacite_externe"]
    specs = [BANK[i] for i in items]
    records = []
    for person, (before, after) in {"a": (1, 2), "b": (2, 4), "c": (3, 3), "d": (1, 4)}.items():
        for item in items:
            records += [(person, "pre", item, before), (person, "post", item, after)]
    records.append(("e", "pre", items[0], 4))  # answered one item of two: not counted, and no pair
    rows = dimension_indices(tidy(records), specs, FAST)
    change = pick(rows, "evolution_indice", wave="post-pre")
    d = np.array([1, 2, 0, 3]) * 100 / 3
    assert change.n == 4
    assert change.value == pytest.approx(d.mean())
    assert change.p_value == stats.wilcoxon(np.array([2, 4, 3, 4]) * 100 / 3, np.array([1, 2, 3, 1]) * 100 / 3, zero_method="pratt").pvalue
    assert change.effect_size == pytest.approx(1.0)


def test_index_without_enough_answers():
    specs = [BANK["rep_confiance_etat"], BANK["rep_efficacite_externe"], BANK["rep_influence_personnelle"]]
    rows = dimension_indices(tidy([("a", "pre", "rep_confiance_etat", 2), ("a", "pre", "rep_efficacite_externe", None),
                                   ("a", "pre", "rep_influence_personnelle", "")]), specs, FAST)
    index = pick(rows, "indice", wave="pre")
    assert index.value is None and index.n == 0 and index.note == "aucun_repondant_suffisant"
    assert pick(rows, "alpha_cronbach", wave="pre").note == "alpha_non_calculable"


def test_attrition_by_hand():
    records = [("a", "pre", REP, 4), ("b", "pre", REP, 3), ("c", "pre", REP, 1), ("d", "pre", REP, 2),
               ("a", "post", REP, 4), ("b", "post", REP, 4)]
    rows = participation(tidy(records), [BANK[REP]])
    assert pick(rows, "repondants", wave="pre").value == 4
    assert pick(rows, "paires", wave="post-pre").value == 2
    assert pick(rows, "abandons", wave="post-pre").value == 2
    retention = pick(rows, "taux_de_retention", wave="post-pre")
    assert retention.value == 0.5
    assert (retention.ci_low, retention.ci_high) == pytest.approx(proportion_confint(2, 4, method="wilson"))
    smd = pick(rows, "difference_standardisee_abandons", REP, "post-pre")
    # completers 4, 3 (mean 3.5, var 0.5); drop-outs 1, 2 (mean 1.5, var 0.5) → 2 / sqrt(0.5)
    assert smd.value == pytest.approx(2 / math.sqrt(0.5))
    assert smd.n == 2


def test_attrition_without_dropouts():
    records = [(r, w, REP, v) for r, v in (("a", 1), ("b", 2)) for w in ("pre", "post")]
    rows = participation(tidy(records), [BANK[REP]])
    assert pick(rows, "difference_standardisee_abandons", REP, "post-pre").note == "aucun_abandon"
    assert pick(rows, "abandons", wave="post-pre").value == 0


def test_attrition_notes_for_small_or_constant_groups():
    few = [("a", "pre", REP, 4), ("b", "pre", REP, 3), ("c", "pre", REP, 1), ("a", "post", REP, 4), ("b", "post", REP, 4)]
    assert pick(participation(tidy(few), [BANK[REP]]), "difference_standardisee_abandons", REP, "post-pre").note == "effectif_insuffisant"
    flat = [(r, "pre", REP, 2) for r in "abcd"] + [("a", "post", REP, 3), ("b", "post", REP, 3)]
    row = pick(participation(tidy(flat), [BANK[REP]]), "difference_standardisee_abandons", REP, "post-pre")
    assert row.note == "sans_variation" and row.value is None
