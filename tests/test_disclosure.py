"""Disclosure control: primary suppression under the threshold, secondary suppression by subtraction."""

from __future__ import annotations

from indicators.disclosure import apply_disclosure
from indicators.models import IndicatorResult


def row(indicator, n, value=1.0, group="", item="x", wave="pre", base="participants", dimension="representativite"):
    return IndicatorResult(dimension=dimension, indicator=indicator, item=item, wave=wave, group=group, n=n,
                           value=value, base=base, ci_low=0.0, ci_high=2.0, p_value=0.5)


def by_group(rows, indicator):
    return {r.group: r for r in rows if r.indicator == indicator}


def test_small_figure_is_hidden_with_its_n():
    rows, cells = apply_disclosure([row("indice", 10, base="repondants", dimension="representations")])
    hidden = rows[0]
    assert hidden.suppressed and hidden.note == "secret_statistique"
    assert (hidden.n, hidden.value, hidden.ci_low, hidden.ci_high, hidden.p_value) == (None, None, None, None, None)
    assert len(cells) == 1 and not cells[0].secondary


def test_threshold_is_configurable_and_zero_is_published():
    kept, _ = apply_disclosure([row("indice", 10, base="repondants")], threshold=5)
    assert not kept[0].suppressed
    zero, cells = apply_disclosure([row("paires", 0, value=0, base="paires")])
    assert not zero[0].suppressed and cells == []


def test_non_personal_figures_are_never_hidden():
    rows, _ = apply_disclosure([row("part_statut", 2, base="propositions", dimension="devoir_de_suite"),
                                row("critere_qualite", None, base="criteres", dimension="qualite")])
    assert not any(r.suppressed for r in rows)


def test_secondary_suppression_in_a_breakdown():
    # Panel by category: 5 / 30 / 65 with a published total of 100 → hiding 5 alone lets it be
    # recovered (100 − 30 − 65); the smallest visible cell (30) is hidden too.
    rows = [row("part_panel", n, value=n / 100, group=f"categorie={c}") for c, n in (("a", 5), ("b", 30), ("c", 65))]
    rows += [row("ecart", n, value=0.01, group=f"categorie={c}") for c, n in (("a", 5), ("b", 30), ("c", 65))]
    rows.append(row("indice_dissimilarite", 100, value=0.1))
    out, cells = apply_disclosure(rows)
    panel = by_group(out, "part_panel")
    assert panel["categorie=a"].note == "secret_statistique"
    assert panel["categorie=b"].note == "secret_secondaire"
    assert not panel["categorie=c"].suppressed
    gaps = by_group(out, "ecart")  # same cells: a gap to a public reference would reveal the share
    assert gaps["categorie=a"].suppressed and gaps["categorie=b"].suppressed and not gaps["categorie=c"].suppressed
    assert not by_group(out, "indice_dissimilarite")[""].suppressed
    assert [(c.group, c.secondary) for c in cells] == [("categorie=a", False), ("categorie=b", True)]


def test_two_small_cells_need_no_secondary():
    rows = [row("part_panel", n, group=f"categorie={c}") for c, n in (("a", 4), ("b", 6), ("c", 90))]
    out, cells = apply_disclosure(rows)
    assert [r.suppressed for r in out] == [True, True, False]
    assert not any(c.secondary for c in cells)


def test_empty_cells_do_not_protect():
    # 0 / 7 / 50: the empty cell is public, so the 7 must be paired with the 50.
    rows = [row("part_panel", n, group=f"categorie={c}") for c, n in (("a", 0), ("b", 7), ("c", 50))]
    out, _ = apply_disclosure(rows)
    assert [r.suppressed for r in out] == [False, True, True]


def test_answer_categories_follow_their_item():
    # A distribution over 8 respondents is hidden as a whole; over 40, every category is shown
    # even when few people chose it (answers are not groups of people).
    small = [row("repartition", 8, group=f"reponse={c}", base="repondants", item="q") for c in ("Oui", "Non")]
    small.append(row("moyenne", 8, base="repondants", item="q"))
    large = [row("repartition", 40, value=0.05, group="reponse=Non", base="repondants", item="r"),
             row("non_reponses", 40, value=2, group="motif=dont_know", base="repondants", item="r")]
    out, cells = apply_disclosure(small + large)
    assert all(r.suppressed for r in out[:3])
    assert not any(r.suppressed for r in out[3:])
    assert len(cells) == 1 and cells[0].item == "q"


def test_pairs_and_dropouts_share_a_cell():
    rows = [row("paires", 7, value=7, base="paires", dimension="participation", wave="follow_up-pre", item=""),
            row("abandons", 150, value=143, base="repondants", dimension="participation", wave="follow_up-pre", item="")]
    out, _ = apply_disclosure(rows)
    assert out[0].suppressed and out[1].suppressed  # 150 − 143 would give the 7 pairs back


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6), min_size=1, max_size=4),
       st.integers(min_value=1, max_value=15))
def test_no_small_cell_and_no_lone_hidden_cell(tables, threshold):
    rows = [row("part_panel", n, group=f"categorie={c}", item=f"v{t}")
            for t, sizes in enumerate(tables) for c, n in enumerate(sizes)]
    out, _ = apply_disclosure(rows, threshold)
    for original, published in zip(rows, out, strict=True):
        if 0 < original.n < threshold:
            assert published.suppressed  # primary rule
        if published.suppressed:
            assert published.value is None and published.n is None
    for t in range(len(tables)):
        cells = [(o.n, p.suppressed) for o, p in zip(rows, out, strict=True) if o.item == f"v{t}"]
        hidden = [n for n, s in cells if s and n > 0]
        visible_nonzero = [n for n, s in cells if not s and n > 0]
        assert len(hidden) != 1 or not visible_nonzero  # never a lone hidden cell that subtraction reveals
