"""The documents ``suivi demo`` writes, read as a statistician and a civil servant read them.

One statistical story (significance from the Holm-adjusted p-value only, « part favorable » defined
per scale, agreement with its interval and its caveats), numbers that add up, charts legible in
print, workbooks that print, a portfolio for lay readers. Everything is checked on the generated
files: docx XML and text, PNG pixels, workbook print settings.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import numpy as np
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from generated_documents import HAVE_LIBREOFFICE, NO_LIBREOFFICE, convert_to_pdf, pdf_text
from matplotlib import image as mpimg
from openpyxl import load_workbook

from evaluation.documents import charts
from evaluation.documents.printsetup import MAX_SHEET_NAME, PORTRAIT_WIDTH, printed_width, sheet_name
from evaluation.portfolio.metrics import DEMARCHE_METRICS, Kind
from evaluation.report.evaluate import evaluate
from evaluation.report.writer import write_evaluation_outputs
from evaluation.scaffold import write_register_workbook

DATA = Path(__file__).parent / "data"
NBSP = "\u00a0"
SIGNIFICANT = "significatif"


def _doc(root: Path, name: str) -> Document:
    found = next(root.rglob(name))
    return docx.Document(str(found))


def _text(document: Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _table(document: Document, first_header: str, contains: str = "") -> list[Table]:
    return [t for t in document.tables if t.rows[0].cells[0].text == first_header and contains in " ".join(c.text for c in t.rows[0].cells)]


def _spaces(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").replace("\u202f", " ").split())


def _p(text: str) -> float:
    value = text.split("\n")[0].replace(NBSP, " ").replace(",", ".").replace("<", "").strip()
    return float(value) if value not in ("–", "") else float("nan")


@pytest.fixture(scope="module")
def report(demo_outputs: Path) -> Document:
    return _doc(demo_outputs, "rapport-evaluation.docx")


@pytest.fixture(scope="module")
def portfolio(demo_outputs: Path) -> Document:
    return _doc(demo_outputs, "portefeuille.docx")


# --- one statistical story ----------------------------------------------------------------------


def test_significance_is_stated_once_and_read_from_the_holm_p_value_everywhere(report: Document) -> None:
    text = _text(report)
    assert text.count("Significativité, partout dans ce rapport") == 1
    assert "Un intervalle qui ne contient pas 0 indique" not in text
    changes = _table(report, "Item", "p (Holm)")
    assert changes
    seen = {True: 0, False: 0}
    for table in changes:
        header = [c.text for c in table.rows[0].cells]
        assert "non ajusté" in header[2] and "non ajusté" in header[5]  # intervals labelled unadjusted
        p_columns = [i for i, h in enumerate(header) if h.startswith("p ")]
        for row in table.rows[1:]:
            for i in p_columns:
                cell = row.cells[i].text
                p = _p(cell)
                if p == p:  # not missing
                    assert (SIGNIFICANT in cell) == (p < 0.05 or cell.startswith("<")), cell
                    seen[SIGNIFICANT in cell] += 1
    assert seen[True] and seen[False]  # the demo has both: the rule is exercised


def test_the_change_chart_marks_the_same_items_as_the_table(report: Document) -> None:
    alts = [shape._inline.docPr.get("descr") for shape in report.inline_shapes]
    chart = next(a for a in alts if "évolution de la part de réponses favorables" in a)
    table = _table(report, "Item", "p McNemar")[-1]
    chart = _spaces(chart)
    for row in table.rows[1:]:
        wording, p_cell = _spaces(row.cells[0].text), row.cells[6].text
        described = chart.split(wording, 1)[1].split(" ; «")[0] if wording in chart else ""
        assert described
        assert (SIGNIFICANT in described) == (SIGNIFICANT in p_cell), (wording, described, p_cell)


def test_favourable_answers_are_listed_per_scale_as_computed(report: Document) -> None:
    bullets = [p.text for p in report.paragraphs if p.style.name == "List Bullet"]
    scales = [" ".join(b.replace(NBSP, " ").split()) for b in bullets if b.startswith("échelle")]
    assert "échelle de 0 à 10 : de 6 à 10" in scales, scales
    assert "échelle en 4 points « Pas du tout d'accord » … « Tout à fait d'accord » : « Plutôt d'accord » et « Tout à fait d'accord »" in scales
    assert len(scales) == len(set(scales))  # one line per scale, each told apart
    assert "les deux plus hautes" not in _text(report)


def test_agreement_has_an_interval_a_reading_and_its_caveats(report: Document) -> None:
    table = _table(report, "Code de la grille", "Kappa")[0]
    assert "[IC 95" in table.rows[0].cells[1].text
    kappas = [row.cells[1].text for row in table.rows[1:]]
    assert any(re.search(r"\[.+;.+\]", k) for k in kappas)
    n = int(table.rows[1].cells[4].text)
    text = _text(report)
    assert "En clair" in text
    assert (f"Seuls {n} entretiens ont été codés deux fois" in text) == (n < 10)
    paradox = any(_p(row.cells[1].text) < 0.2 and _p(row.cells[2].text.replace("%", "")) >= 70 for row in table.rows[1:])
    assert ("Un kappa proche de 0 peut aller avec un accord observé élevé" in text) == paradox


def test_no_statistics_section_without_surveys(tmp_path: Path) -> None:
    folder = tmp_path / "atelier-b"
    shutil.copytree(DATA / "portefeuille-mini" / "atelier-b", folder)
    outputs = write_evaluation_outputs(evaluate(folder, resamples=50), folder / "out")
    headings = [p.text for p in docx.Document(str(outputs.report)).paragraphs if p.style.name.startswith("Heading")]
    assert "Méthodes statistiques" not in headings


# --- numbers that add up --------------------------------------------------------------------------


def test_zero_counts_are_phrased_naturally(demo_outputs: Path) -> None:
    for name in ("reponse-motivee.docx", "rapport-evaluation.docx"):
        text = _text(_doc(demo_outputs, name))
        assert not re.search(r"(?<![\d,])0 (proposition|décision)", text), name
        assert " et 0 après" not in text


def test_tables_with_a_total_are_kept_together(demo_outputs: Path) -> None:
    response = _doc(demo_outputs, "reponse-motivee.docx")
    for table in response.tables[:2]:  # by status (total row) and by theme (total column)
        assert table.rows[-1].cells[-1].text and "Total" in " ".join(c.text for c in table.rows[0].cells + table.rows[-1].cells)
        for row in table.rows[:-1]:
            paragraphs = list(row._tr.iter(qn("w:p")))
            assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs)


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason=NO_LIBREOFFICE)
def test_the_theme_table_prints_on_one_page(demo_outputs: Path, tmp_path: Path) -> None:
    path = next(demo_outputs.rglob("reponse-motivee.docx"))
    themes = [row.cells[0].text for row in docx.Document(str(path)).tables[1].rows[1:]]
    pages = pdf_text(convert_to_pdf([path], tmp_path)[path]).split("\f")
    holding = {i for i, page in enumerate(pages) for theme in themes if theme.split()[0] in page and theme.split()[-1] in page}
    on_one = [i for i in holding if all(theme.split()[-1] in pages[i] for theme in themes)]
    assert on_one


# --- charts legible in print ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rapport-evaluation.docx", "portefeuille.docx", "reponse-motivee.docx"])
def test_charts_print_at_their_own_size_so_labels_stay_at_least_8_pt(demo_outputs: Path, name: str) -> None:
    document = _doc(demo_outputs, name)
    assert charts.SMALLEST_FONT >= 8
    for shape in document.inline_shapes:
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        native = charts.printed_width_cm(blob)
        assert native <= charts.MAX_PRINT_CM + 0.02
        scale = shape.width.cm / native
        assert charts.SMALLEST_FONT * scale >= 7.95, (shape._inline.docPr.get("title"), scale)


def _pixels(png: bytes) -> np.ndarray:
    return mpimg.imread(io.BytesIO(png), format="png")[:, :, :3]


def _is(pixels: np.ndarray, colour: str) -> np.ndarray:
    target = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.all(np.abs(pixels - target) < 0.02, axis=2)


def test_the_centre_line_does_not_cross_the_item_titles() -> None:
    group = charts.LikertGroup("", [charts.LikertRow("Après", [0.2, 0.3, 0.3, 0.2])])
    pixels = _pixels(charts.diverging_likert([group], ["Pas du tout", "Peu", "Assez", "Beaucoup"], masked="masqué"))
    dark = np.all(pixels < 0.25, axis=2)
    bars = np.any(_is(pixels, charts.diverging_colours(4)[0]), axis=1)
    top = int(np.argmax(bars))  # first pixel row of the bar
    column = int(np.argmax(dark[top: top + 20].sum(axis=0)))  # the centre line: darkest column beside the bar
    above, run = top - 1, 0
    while above > 0 and dark[above, column - 1: column + 2].any():
        above, run = above - 1, run + 1
    assert run < 15  # at 200 dpi: the line stops just above the bar, it does not climb into the title's band


def test_representativeness_charts_share_one_scale_and_draw_no_bar_for_zero() -> None:
    blue = charts.OKABE_ITO[0]
    limit = charts.gap_limit([0.10, -0.30])
    alone = _pixels(charts.gap_bars(["A"], [0.10], ["+10 points"], masked="m", limit=limit))
    beside = _pixels(charts.gap_bars(["A", "B"], [0.10, -0.30], ["+10 points", "−30 points"], masked="m", limit=limit))
    width = [int(_is(p, blue).sum(axis=1).max()) for p in (alone, beside)]
    assert abs(width[0] - width[1]) <= 2  # the same gap, the same length, whatever the other variables
    zero = _pixels(charts.gap_bars(["A", "B"], [0.004, 0.10], ["0 point", "+10 points"], masked="m", limit=limit))
    rows = np.flatnonzero(_is(zero, blue).any(axis=1))
    assert rows.size and (rows.max() - rows.min()) < zero.shape[0] / 3  # one bar only: « 0 point » has none


def test_value_labels_lie_above_the_reference_lines() -> None:
    from evaluation.portfolio import charts as portfolio_charts
    from evaluation.portfolio.stats import Quartiles

    spread = Quartiles(n=3, minimum=0.49, q1=0.5, median=0.52, q3=0.55, maximum=0.56)
    png = portfolio_charts.benchmark_bars(["A", "B", "C"], [0.49, 0.5, 0.51], ["49 %", "50 %", "51 %"], spread,
                                          formatter=lambda v: f"{v:.0%}", limit=1.0, xlabel="part")
    pixels = _pixels(png)
    # the labels sit where the lines run: on a white ground drawn over the lines, so the
    # label rows are crossed by no more line ink than the rows between the bars
    dark = np.all(pixels < 0.3, axis=2)
    bar_rows = np.flatnonzero(_is(pixels, charts.OKABE_ITO[0]).any(axis=1))
    right = np.flatnonzero(_is(pixels, charts.OKABE_ITO[0]).any(axis=0)).max()
    band = dark[bar_rows.min(): bar_rows.max(), right + 2: right + 60]
    assert band.any()
    line_columns = np.flatnonzero(dark[bar_rows.max() + 3: bar_rows.max() + 6, right + 2: right + 60].any(axis=0))
    for column in line_columns:  # a quartile line is interrupted where a value label is written
        assert not band[:, column].all()


# --- workbooks print sensibly ---------------------------------------------------------------------


def _workbooks(root: Path, tmp_path: Path) -> list[Path]:
    register = write_register_workbook(tmp_path / "propositions.xlsx")
    found = [next(root.rglob(name)) for name in ("evaluation.xlsx", "portefeuille.xlsx", "import-enquetes.xlsx")]
    return [*found, register]


def test_every_sheet_prints_with_titles_width_fit_and_page_numbers(demo_outputs: Path, tmp_path: Path) -> None:
    for path in _workbooks(demo_outputs, tmp_path):
        for sheet in load_workbook(path).worksheets:
            if sheet.sheet_state != "visible":
                continue
            where = f"{path.name} / {sheet.title}"
            assert sheet.print_title_rows and sheet.print_title_rows.startswith("$1:"), where
            assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0, where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert "&P" in sheet.oddFooter.center.text, where
            wide = printed_width(sheet) > PORTRAIT_WIDTH
            assert sheet.page_setup.orientation == ("landscape" if wide else "portrait") or path.name == "propositions.xlsx", where
            assert len(sheet.title) <= MAX_SHEET_NAME


def test_sheet_names_are_shortened_by_rule_never_mid_word(demo_outputs: Path) -> None:
    assert sheet_name("Panel – Catégorie socioprofessionnelle") == "Panel Catégorie socioprof."
    assert sheet_name("Représentations des citoyens : réponses par item après") == "Représent. citoyens réponses…"
    assert sheet_name("Sommaire") == "Sommaire"
    names = load_workbook(next(demo_outputs.rglob("evaluation.xlsx"))).sheetnames
    assert "Panel – Catégorie socioprofessi" not in names
    for name in names:
        for word in name.replace("…", "").split():
            assert not re.fullmatch(r"\w*[bcdfghjklmnpqrstvwxz]{4}", word), name  # no word cut into a run of consonants


def test_register_instructions_match_the_rules(tmp_path: Path) -> None:
    sheet = load_workbook(write_register_workbook(tmp_path / "propositions.xlsx"))["Mode d'emploi"]
    required = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] and len(row) > 1}
    assert required["Code motif"] == "si « Non retenue »"
    assert required["Motivation"] == "si le statut n'est pas « Retenue »"
    assert required["Statut"] == "oui"


# --- the portfolio for lay readers ----------------------------------------------------------------


def test_portfolio_names_demarches_by_title_with_units_and_grammar(portfolio: Document) -> None:
    cells = [c.text for table in portfolio.tables for row in table.rows for c in row.cells]
    alts = [shape._inline.docPr.get("descr") for shape in portfolio.inline_shapes]
    assert not [c for c in cells + alts if re.search(r"\b(convention|atelier|prospective)-[a-z]+", c)]  # no folder ids
    text = " ".join(cells + [p.text for p in portfolio.paragraphs])
    assert "Part motivées" not in text and "Part retenues" not in text
    spreads = _table(portfolio, "Indicateur", "Médiane")[0]
    for row in spreads.rows[1:]:
        metric = next(m for m in DEMARCHE_METRICS if m.label == row.cells[0].text)
        for cell in row.cells[2:]:
            if cell.text == "–":
                continue
            if metric.kind in (Kind.SHARE, Kind.PERCENT):
                assert cell.text.endswith("%"), (metric.label, cell.text)
            elif metric.kind is Kind.DAYS:
                assert cell.text.endswith(" j"), (metric.label, cell.text)
            elif metric.kind is Kind.INDEX:
                assert "sur 100" in metric.label


def test_portfolio_has_no_row_of_dashes_only(portfolio: Document) -> None:
    for table in portfolio.tables:
        for row in table.rows[1:]:
            values = [c.text for c in row.cells[1:]]
            assert any(v not in ("–", "") for v in values), [c.text for c in row.cells]
