"""The evaluation report: accessible structure, summary figures equal to indicateurs.csv, nothing suppressed shown."""

from __future__ import annotations

import itertools
import re
import shutil
import sys
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from report_helpers import EXAMPLE, WHEN, blocks, chapters, example_report, parse_number, plain, unsuppressed_results

from evaluation.cli import base as cli_module
from evaluation.cli import cli
from evaluation.documents import valueformat as report_format
from evaluation.report.evaluate import evaluate
from evaluation.report.indicators_output import CSV_FILE
from evaluation.report.tables import MASKED, Column, Kind, ReportTable, Results, key_figures, key_figures_table
from evaluation.report.workbook import WORKBOOK_FILE
from evaluation.report.writer import FIGURES_FOLDER, REPORT_FILE, column_widths, png_width_cm, write_evaluation_outputs
from indicators.vocabulary import Dimension

NBSP, NNBSP = "\u00a0", "\u202f"
CHAPTERS = ["Synthèse", "Méthode", "Pertinence et plus-value", "Qualité de l'organisation", "Impact sur l'administration",
            "Représentations des citoyens", "Devoir de suite", "Qualité du dispositif", "Représentativité du panel",
            "Entretiens avec les agents", "Limites", "Annexes"]


@pytest.fixture(scope="module")
def report():
    return example_report()


@pytest.fixture(scope="module")
def small_cells():
    """The example with a threshold of 110 people: the « après » wave (102) and every pair are hidden."""
    return example_report(110)


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


# --- structure -------------------------------------------------------------------------------------


def test_outputs_written(report):
    folder, _, outputs = report
    out = folder / "out"
    assert outputs.report == out / REPORT_FILE and outputs.workbook == out / WORKBOOK_FILE
    assert outputs.figures and all(p.parent == out / FIGURES_FOLDER and p.suffix == ".png" for p in outputs.figures)
    assert sorted(outputs.figures) == sorted((out / FIGURES_FOLDER).glob("*.png"))
    assert (out / CSV_FILE).is_file()


def test_chapters_in_order(report):
    _, _, outputs = report
    assert list(chapters(outputs.report)) == CHAPTERS


def test_headings_never_skip_a_level(report):
    _, _, outputs = report
    levels = [int(b.style.split()[-1]) for b in blocks(outputs.report) if b.kind == "p" and b.style.startswith("Heading")]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert 2 in levels
    body = blocks(outputs.report)
    assert body[0].style == "Title" and body[0].text == "Rapport d'évaluation"
    assert body[1].style == "Subtitle" and body[1].text == "Convention citoyenne sur les mobilités du quotidien"


def test_tables_have_a_header_row_a_caption_and_no_merged_cells(report):
    _, _, outputs = report
    document = docx.Document(str(outputs.report))
    assert len(document.tables) > 20
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert not table._tbl.xpath(".//w:gridSpan | .//w:vMerge")
        # which rows may split: tests/test_libreoffice_fidelity.py::test_long_rows_may_split_short_rows_may_not
    body = blocks(outputs.report)
    for position, block in enumerate(body):
        if block.kind == "tbl":
            assert body[position - 1].style == "Caption", body[position - 1].text


def test_every_chart_has_alt_text_written_from_the_data(report):
    _, _, outputs = report
    document_xml = _xml(outputs.report, "word/document.xml")
    described = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"[^>]*title="([^"]*)"', document_xml)
    assert len(described) == len(outputs.figures)
    for alt, title in described:
        assert len(alt) > 40 and title
        assert re.search(r"\d", alt), alt  # figures, not a generic « graphique »
    status_alt = next(alt for alt, title in described if title.startswith("Propositions par statut"))
    assert f"Retenue{NBSP}: 12 (29{NBSP}%)" in status_alt


def test_chart_files_are_the_embedded_images(report):
    _, _, outputs = report
    with zipfile.ZipFile(outputs.report) as archive:
        media = {archive.read(name) for name in archive.namelist() if name.startswith("word/media/")}
    assert {path.read_bytes() for path in outputs.figures} == media


def test_language_and_core_properties(report):
    _, result, outputs = report
    styles = _xml(outputs.report, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    assert defaults and 'w:lang w:val="fr-FR"' in defaults.group(0)
    props = docx.Document(str(outputs.report)).core_properties
    assert props.language == "fr-FR"
    assert props.title == "Rapport d'évaluation : Convention citoyenne sur les mobilités du quotidien"
    assert props.author == result.demarche.sponsor
    assert props.subject.startswith("Évaluation de la démarche « Convention citoyenne")
    assert props.created.date() == WHEN
    assert "python-docx" not in _xml(outputs.report, "docProps/core.xml")


def test_french_typography_in_the_report(report):
    _, _, outputs = report
    text = "\n".join(b.text for b in blocks(outputs.report) if b.kind == "p")
    assert "22 novembre 2026" in text
    cells = [cell for b in blocks(outputs.report) if b.kind == "tbl" for row in b.rows for cell in row]
    assert f"86{NBSP}%" in cells
    assert not any(re.search(r"\d %|\d\.\d", cell) for cell in cells)  # no ordinary space before %, no decimal point


# --- summary ---------------------------------------------------------------------------------------


TOLERANCE = {Kind.COUNT: 0, Kind.SHARE: 0.5, Kind.SHARE_POINTS: 0.5, Kind.INDEX: 0.05, Kind.SIGNED_INDEX: 0.05, Kind.DAYS: 0.5}
SCALE = {Kind.SHARE: 100, Kind.SHARE_POINTS: 100}


def test_every_summary_figure_equals_indicateurs_csv(report):
    folder, result, outputs = report
    csv_rows = pd.read_csv(folder / "out" / CSV_FILE, keep_default_na=False, dtype=str)
    summary = chapters(outputs.report)["Synthèse"]
    tables = [b for b in summary if b.kind == "tbl"]
    assert len(tables) == 1
    header, *lines = tables[0].rows
    assert header == ["Chiffre clé", "Valeur", "n", "Base"]
    figures = {f.label: f for f in key_figures(Results(result))}
    assert len(lines) == len(figures) >= 15
    for label, value_text, n_text, base in lines:
        figure = figures[label]
        row = figure.row
        match = csv_rows[(csv_rows.dimension == str(row.dimension)) & (csv_rows.indicator == row.indicator) & (csv_rows["item"] == row.item)
                         & (csv_rows.wave == row.wave) & (csv_rows.group == row.group)]
        assert len(match) == 1, label
        published = match.iloc[0]
        assert published.suppressed == "false"
        expected = float(published.value) * SCALE.get(figure.kind, 1)
        assert abs(parse_number(value_text) - expected) <= TOLERANCE[figure.kind], (label, value_text, published.value)
        assert int(n_text.replace(NNBSP, "")) == int(published.n), label
        assert base == {"repondants": "répondants", "paires": "paires", "propositions": "propositions", "criteres": "critères",
                        "participants": "participants", "entretiens": "entretiens"}[published.base]
    # No other number is quoted in the summary: its paragraphs are words only.
    for block in summary:
        if block.kind == "p" and block.style != "Caption":
            assert not re.search(r"\d", block.text), block.text


def test_summary_quotes_the_figures_a_sponsor_needs(report):
    _, _, outputs = report
    labels = [plain(row[0]) for b in chapters(outputs.report)["Synthèse"] if b.kind == "tbl" for row in b.rows[1:]]
    for expected in ("Répondants au questionnaire, vague « Avant »", "Paires appariées (Après − Avant)", "Taux de rétention (Après − Avant)",
                     "Propositions dont la réponse est motivée", "Délai médian entre la restitution et la décision",
                     "Critères de qualité du guide du CIPC remplis", "Entretiens codés avec des agents"):
        assert expected in labels


def test_summary_leaves_out_hidden_figures(small_cells):
    _, result, outputs = small_cells
    labels = [plain(row[0]) for b in chapters(outputs.report)["Synthèse"] if b.kind == "tbl" for row in b.rows[1:]]
    assert "Répondants au questionnaire, vague « Avant »" in labels
    assert not any("Après" in label for label in labels)  # the « après » wave and the pairs are hidden
    assert all(not f.row.suppressed for f in key_figures(Results(result)))


# --- disclosure control --------------------------------------------------------------------------------


def _category_rows(path: Path, category: str) -> list[list[str]]:
    return [row for b in blocks(path) if b.kind == "tbl" for row in b.rows[1:] if row[0] == category]


def test_suppressed_categories_are_masked_everywhere_in_the_report(report):
    _, result, outputs = report
    raw = unsuppressed_results()
    hidden = [c for c in result.suppressed if c.dimension == Dimension.REPRESENTATIVITE]
    assert hidden, "the example has small socio-professional categories"
    for cell in hidden:
        category = cell.group.split("=", 1)[1]
        rows = _category_rows(outputs.report, category)
        assert rows, category
        secret = [r for r in raw.results if r.item == cell.item and r.group == cell.group and r.indicator in ("part_panel", "ecart")]
        for row in rows:
            assert row[1] == "masqué" and row[3] == "masqué" and row[4] == "masqué"
            for value in secret:
                text = report_format.share(value.value) if value.indicator == "part_panel" else report_format.share_points(value.value, unit=False)
                assert text not in row[1:4] or text == row[2]
            assert str(secret[0].n) not in row
    document_xml = _xml(outputs.report, "word/document.xml")
    for cell in hidden:
        category = cell.group.split("=", 1)[1]
        assert f"{category}{NBSP}: masqué (secret statistique)" in document_xml.replace("&apos;", "'")


def test_hidden_wave_never_appears_in_the_report(small_cells):
    _, result, outputs = small_cells
    raw = unsuppressed_results()
    post_tables = [b for name, chapter in chapters(outputs.report).items() if name in CHAPTERS[2:6]
                   for position, b in enumerate(chapter) if b.kind == "tbl" and chapter[position - 1].text.endswith(f"vague «{NBSP}Après{NBSP}»")]
    assert post_tables
    for table in post_tables:
        for row in table.rows[1:]:
            assert row[2:] == ["masqué"] * 4, row
    favourable = {r.item: r for r in raw.results if r.indicator == "part_favorable" and r.wave == "post"}
    for table in post_tables:
        for row in table.rows[1:]:
            wording = row[0]
            item = next(i for i in result.items if i.wording == wording)
            assert report_format.share(favourable[item.id].value) not in " ".join(row)
    # The charts say the « après » bars are hidden instead of drawing them.
    xml = _xml(outputs.report, "word/document.xml")
    assert f", après{NBSP}: masqué (secret statistique)" in xml
    assert not any(r.wave in ("post", "post-pre") and not r.suppressed and r.base in ("repondants", "paires")
                   for r in result.results if r.n)


# --- other parts ---------------------------------------------------------------------------------------


def test_limits_name_what_the_data_show(report):
    _, _, outputs = report
    limits = [b.text for b in chapters(outputs.report)["Limites"] if b.kind == "p"]
    assert any(text.startswith(f"Taux de réponse, vague avant{NBSP}: 115 répondants pour un panel de 120 personnes") for text in limits)
    # 2 cells of the panel, and the citizens' feedback on 4 answers that got fewer than 11 opinions
    assert any("6 cases masquées au titre du secret statistique" in text for text in limits)
    assert any(text.startswith("Sans groupe témoin") for text in limits)


def test_annex_lists_every_item_used_with_its_wording_and_source(report):
    _, result, outputs = report
    annex = chapters(outputs.report)["Annexes"]
    items_table = next(b for b in annex if b.kind == "tbl")
    used = {r.item for r in result.results if r.item}
    listed = {re.search(r"\[(\w+)\]$", row[1]).group(1) for row in items_table.rows[1:]}
    assert listed == {i.id for i in result.items if i.id in used}
    row = next(r for r in items_table.rows if r[0] == "REP04")
    assert row[1].startswith("Faites-vous confiance à l'État pour résoudre les problèmes que connaît notre pays ?")
    assert row[2] == "Pas du tout confiance / Plutôt pas confiance / Plutôt confiance / Très confiance"
    assert row[4].startswith("Convention citoyenne pour le climat")


def test_stale_charts_are_removed(report, tmp_path):
    _, result, _ = report
    out = tmp_path / "out"
    (out / FIGURES_FOLDER).mkdir(parents=True)
    stale = out / FIGURES_FOLDER / "99-ancien.png"
    stale.write_bytes(b"old")
    outputs = write_evaluation_outputs(result, out, when=WHEN)
    assert not stale.exists()
    assert len(outputs.figures) == len(list((out / FIGURES_FOLDER).glob("*.png")))


def test_demarche_without_surveys_interviews_or_margins(tmp_path):
    folder = tmp_path / "registre-seul"
    folder.mkdir()
    text = (EXAMPLE / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text[: text.index("\nfichiers:")] + "\nfichiers:\n  propositions: propositions.xlsx\n", encoding="utf-8")
    shutil.copy(EXAMPLE / "propositions.xlsx", folder / "propositions.xlsx")
    result = evaluate(folder, resamples=50)
    outputs = write_evaluation_outputs(result, folder / "out", when=WHEN)
    parts = chapters(outputs.report)
    assert list(parts) == CHAPTERS
    texts = {name: " ".join(b.text for b in chapter if b.kind == "p") for name, chapter in parts.items()}
    assert "Aucune enquête auprès des participants" in texts["Méthode"]
    assert "Aucun item de cette dimension" in texts["Pertinence et plus-value"]
    assert "Aucune marge de référence" in texts["Représentativité du panel"]
    assert "Aucun entretien codé" in texts["Entretiens avec les agents"]
    assert any(b.kind == "tbl" for b in parts["Devoir de suite"])


# --- CLI -------------------------------------------------------------------------------------------------


def test_cli_evaluate_writes_the_report_without_progress_when_not_a_terminal(tmp_path):
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--graine", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    out = folder / "out"
    figures = len(list((out / FIGURES_FOLDER).glob("*.png")))
    assert f"Écrit : {out / REPORT_FILE}" in lines
    assert f"Écrit : {out / WORKBOOK_FILE}" in lines
    assert f"Écrit : {out / FIGURES_FOLDER} ({figures} graphiques en PNG)" in lines
    assert lines.index(f"Écrit : {out / FIGURES_FOLDER} ({figures} graphiques en PNG)") == lines.index(f"Écrit : {out / WORKBOOK_FILE}") + 1
    assert not any(line.startswith("…") for line in lines)


def test_cli_refuses_a_bad_template_before_writing(tmp_path):
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    result = CliRunner().invoke(cli, ["evaluate", str(folder), "--template", str(tmp_path / "absent.docx")])
    assert result.exit_code == 1
    assert result.output == f"Erreur : Le modèle Word « {tmp_path / 'absent.docx'} » est introuvable.\n"
    assert not (folder / "out").exists()


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_shown_only_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(cli_module.sys, "stdout", _Terminal(False))
    assert cli_module.progress_printer() is None
    monkeypatch.setattr(cli_module.sys, "stdout", _Terminal(True))
    printer = cli_module.progress_printer()
    assert printer is not None
    monkeypatch.setattr(cli_module.sys, "stdout", sys.__stdout__)
    printer("Rapport Word…")
    assert capsys.readouterr().err == "… Rapport Word…\n"


def test_write_reports_progress_for_each_step(report, tmp_path):
    _, result, _ = report
    steps: list[str] = []
    outputs = write_evaluation_outputs(result, tmp_path, when=WHEN, progress=steps.append)
    assert steps[0] == "Rapport Word…" and steps[-1] == "Classeur Excel…"
    assert [s for s in steps if s.startswith("Graphique ")] == [f"Graphique {p.name}" for p in outputs.figures]


# --- layout helpers and French number formats ------------------------------------------------------------


def test_french_formats_of_the_report():
    assert report_format.share(0.634) == f"63{NBSP}%"
    assert report_format.share_points(0.1234) == "+12 points"
    assert report_format.share_points(-0.012) == "\u22121 point"
    assert report_format.share_points(0.004, unit=False) == "0"
    assert report_format.signed(0.3333, 2) == "+0,33"
    assert report_format.p_value(0.0004) == f"<{NBSP}0,001"
    assert report_format.p_value(0.0312) == "0,031"
    assert report_format.days(108) == "108 jours" and report_format.days(1) == "1 jour"
    assert report_format.index(47.8235) == "47,8"
    assert report_format.interval("53 %", "72 %") == f"[53 %{NNBSP}; 72 %]"


def test_column_widths_fit_the_page_and_keep_heading_words_whole():
    columns = [Column("Item", width=6), Column("Réponses valides", Kind.COUNT), Column("Moyenne [IC 95 %]", Kind.SCALE, interval=True),
               Column("Part favorable [IC 95 %]", Kind.SHARE, interval=True), Column("Sans réponse valide", Kind.COUNT)]
    rows = [["Un item au libellé assez long pour devoir passer à la ligne", "100", "2,80\n[2,58 ; 3,02]", "63 %\n[53 % ; 72 %]", "2"]]
    widths = column_widths(ReportTable("t", "t", columns), rows)
    assert sum(widths) <= 16.5 + 1e-9
    assert widths[0] >= 0.7 * 6
    small = column_widths(ReportTable("t", "t", [Column("Vague", width=3), Column("Répondants", Kind.COUNT)]), [["Avant", "115"]])
    assert small[0] == 3 and 1.5 < small[1] < 3


def test_png_width_is_read_from_the_file(report):
    _, _, outputs = report
    width = png_width_cm(outputs.figures[0].read_bytes())
    assert 10 < width < 20


def test_key_figures_table_keeps_numbers_for_the_workbook(report):
    _, result, _ = report
    figures = key_figures(Results(result))
    table = key_figures_table(figures)
    assert [row[2] for row in table.rows] == [f.row.n for f in figures]
    assert all(row[1].value == f.row.value for row, f in zip(table.rows, figures))
    assert MASKED not in [cell for row in table.rows for cell in row]


def test_interview_quotes_and_blind_spots_are_published_redacted(report):
    _, _, outputs = report
    interviews = chapters(outputs.report)["Entretiens avec les agents"]
    quotes = [b.text for b in interviews if b.kind == "p" and b.style == "Intense Quote"]
    assert quotes and all(q.startswith(f"«{NBSP}") and q.endswith(f"{NBSP}»") for q in quotes)
    assert any("[nom masqué]" in q for q in quotes) and any("[téléphone masqué]" in q for q in quotes)
    text = "\n".join(b.text for b in blocks(outputs.report) if b.kind == "p")
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text)
    assert not re.search(r"(?:\+33\s?|0)[1-9](?:[\s.]?\d{2}){4}", text)
    impact = chapters(outputs.report)["Impact sur l'administration"]
    spots = [b.text for b in impact if b.kind == "p" and b.style == "List Bullet"]
    assert any(s.endswith("(P-06, P-34)") for s in spots)
