"""evaluation.xlsx: one sheet per report table, styled frozen headers, real numbers, nothing suppressed, no formula."""

from __future__ import annotations

import shutil

import openpyxl
import openpyxl.styles
import pandas as pd
import pytest
from report_helpers import EXAMPLE, WHEN, example_report, plain, unsuppressed_results

from evaluation.documents.printsetup import LINE_HEIGHT, fit_row_heights, wrapped_lines
from evaluation.report.evaluate import evaluate
from evaluation.report.indicators_output import CSV_FILE
from evaluation.report.writer import write_evaluation_outputs
from indicators.vocabulary import Dimension


@pytest.fixture(scope="module")
def book():
    folder, result, outputs = example_report()
    return folder, result, openpyxl.load_workbook(outputs.workbook)


@pytest.fixture(scope="module")
def small_cells_book():
    _, result, outputs = example_report(110)
    return result, openpyxl.load_workbook(outputs.workbook)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_contents_sheet_lists_every_sheet_with_a_link(book):
    _, _, workbook = book
    assert workbook.sheetnames[0] == "Sommaire"
    contents = workbook["Sommaire"]
    listed = [row[0] for row in _rows(contents)[1:] if row[0] and row[1]]
    assert listed == workbook.sheetnames[1:]
    assert contents["A2"].hyperlink.location == "'Synthèse'!A1" or contents["A2"].hyperlink.target == "#'Synthèse'!A1"
    for name in ("Synthèse", "Participation", "Représentations – avant", "Représentations – évol. après", "Statuts", "Thèmes",
                 "Critères qualité", "Représentativité", "Cases masquées", "Items", "Définitions", "Indicateurs"):
        assert name in workbook.sheetnames
    assert workbook.properties.language == "fr-FR"


def test_headers_are_styled_frozen_and_sized(book):
    _, _, workbook = book
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        assert sheet.freeze_panes in ("A2", "B2"), sheet.title
        header = sheet[1]
        assert all(cell.font.bold for cell in header if cell.value), sheet.title
        assert header[0].fill.fgColor.rgb.endswith("1F3864")
        assert all(sheet.column_dimensions[cell.column_letter].width >= 8 for cell in header if cell.value)
        if sheet.title != "Sommaire":
            assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")


def test_numbers_are_numbers_with_a_format(book):
    folder, _, workbook = book
    summary = workbook["Synthèse"]
    assert _rows(summary)[0] == ("Chiffre clé", "Valeur", "n", "Base")
    first = _rows(summary)[1]
    assert (plain(first[0]), *first[1:]) == ("Répondants au questionnaire, vague « Avant »", 115, 115, "répondants")
    retention = next(row for row in summary.iter_rows(min_row=2) if row[0].value.startswith("Taux de rétention"))
    csv = pd.read_csv(folder / "out" / CSV_FILE, keep_default_na=False, dtype=str)
    expected = float(csv[(csv.indicator == "taux_de_retention")].value.iloc[0])
    assert retention[1].value == pytest.approx(expected) and retention[1].number_format == "0.0%"
    items = workbook["Représentations – avant"]
    header = [c.value for c in items[1]]
    assert header[4:7] == ["Moyenne [IC 95\u00a0%]", "Moyenne [IC 95\u00a0%] – borne basse", "Moyenne [IC 95\u00a0%] – borne haute"]
    assert isinstance(items["E2"].value, float) and items["E2"].number_format == "0.00"
    assert items["F2"].value < items["E2"].value < items["G2"].value


def test_every_published_row_is_in_the_indicators_sheet(book):
    folder, result, workbook = book
    rows = _rows(workbook["Indicateurs"])[1:]
    assert len(rows) == len(result.results)
    csv = pd.read_csv(folder / "out" / CSV_FILE, keep_default_na=False, dtype=str)
    for row, (_, published) in zip(rows, csv.iterrows()):
        assert row[0] == published.dimension and row[1] == published.indicator
        if published.suppressed == "true":
            assert row[5] == "masqué" and row[7] == "masqué"
        elif published.value:
            assert row[7] == pytest.approx(float(published.value))


def test_suppressed_cells_never_appear_in_the_workbook(book):
    _, result, workbook = book
    raw = unsuppressed_results()
    hidden = [c for c in result.suppressed if c.dimension == Dimension.REPRESENTATIVITE]
    assert hidden
    for cell in hidden:
        category = cell.group.split("=", 1)[1]
        secret = [r for r in raw.results if r.item == cell.item and r.group == cell.group and r.indicator in ("part_panel", "ecart")]
        found = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                if category in row:
                    numbers = [v for v in row if isinstance(v, (int, float))]
                    for value in secret:
                        assert value.value not in numbers and value.n not in numbers, (sheet.title, row)
                    found += 1
        assert found >= 2  # the variable's table and the list of hidden cells


def test_hidden_wave_sheets_hold_no_number(small_cells_book):
    _result, workbook = small_cells_book
    raw = unsuppressed_results()
    sheet = workbook["Représentations – après"]
    secret = {r.value for r in raw.results if r.wave == "post" and r.dimension == Dimension.REPRESENTATIONS and r.value is not None}
    for row in _rows(sheet)[1:]:
        assert row[2:] == ("masqué",) * (len(row) - 2)
        assert not secret & set(row)
    indicators = _rows(workbook["Indicateurs"])[1:]
    assert all(row[7] == "masqué" for row in indicators if row[3] == "post" and row[6] in ("repondants", "paires"))


def test_citizen_text_is_neutralised_against_formula_injection(tmp_path):
    folder = tmp_path / "convention-mobilites"
    shutil.copytree(EXAMPLE, folder)
    register = openpyxl.load_workbook(folder / "propositions.xlsx")
    sheet = register.worksheets[0]
    header = [c.value for c in sheet[1]]
    theme_column = header.index("Thème") + 1
    hostile = "@SOMME(1+1) mobilités"
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=theme_column).value == "Vélo et marche":
            sheet.cell(row=row, column=theme_column).value = hostile
    register.save(folder / "propositions.xlsx")
    result = evaluate(folder, resamples=50)
    outputs = write_evaluation_outputs(result, folder / "out", when=WHEN)
    workbook = openpyxl.load_workbook(outputs.workbook)
    themes = [row[0] for row in _rows(workbook["Thèmes"])[1:]]
    assert "'" + hostile in themes
    assert not any(isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")) for sheet in workbook.worksheets
                   for row in sheet.iter_rows(values_only=True) for cell in row)


def test_every_data_cell_has_its_style_in_every_sheet(book):
    """Styles are set once and copied from cell to cell and sheet to sheet: each cell still has its own."""
    _, _, workbook = book
    checked = set()
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.alignment.wrap_text and cell.alignment.vertical == "top", (sheet.title, cell.coordinate)
                    checked.add("text")
                elif isinstance(cell.value, (int, float)):
                    assert cell.number_format != "General" and not cell.alignment.wrap_text, (sheet.title, cell.coordinate)
                    checked.add(cell.number_format)
                assert not cell.font.bold and cell.fill.fill_type is None, (sheet.title, cell.coordinate)
    assert {"text", "0.0%", "0.00", "#,##0"} <= checked


def test_rows_are_tall_enough_for_their_wrapped_texts(book):
    # A wrapped text longer than its column would otherwise run over the rows below (LibreOffice
    # and Excel keep a row written without a height at one line).
    sheet = book[2]["Synthèse"]
    column_a = sheet.column_dimensions["A"].width
    long_rows = [row for row in range(2, sheet.max_row + 1) if len(str(sheet.cell(row=row, column=1).value)) > column_a * 1.3]
    short_rows = [row for row in range(2, sheet.max_row + 1) if len(str(sheet.cell(row=row, column=1).value)) < column_a * 0.8
                  and len(str(sheet.cell(row=row, column=4).value or "")) < sheet.column_dimensions["D"].width * 0.8]
    assert long_rows and short_rows
    assert all((sheet.row_dimensions[row].height or 0) >= 2 * LINE_HEIGHT for row in long_rows)
    assert all(sheet.row_dimensions[row].height is None for row in short_rows)
    fresh = openpyxl.Workbook().active
    fresh.column_dimensions["A"].width = 20
    fresh["A2"] = "un texte qui ne tient pas sur une seule ligne de vingt unités"
    fresh["A2"].alignment = openpyxl.styles.Alignment(wrap_text=True)
    fresh["A3"] = "un texte qui ne tient pas sur une seule ligne de vingt unités"  # not wrapped: left alone
    fit_row_heights(fresh)
    assert (fresh.row_dimensions[2].height, fresh.row_dimensions[3].height) == (3 * LINE_HEIGHT, None)


def test_wrapped_lines_fill_the_room_word_by_word():
    assert wrapped_lines("deux mots", 9) == 1
    assert wrapped_lines("deux mots", 8) == 2
    assert wrapped_lines("un\ndeux", 20) == 2  # a line break starts a line
    assert wrapped_lines("x" * 25, 10) == 3  # a word longer than the room is cut
    assert wrapped_lines("", 10) == 1
