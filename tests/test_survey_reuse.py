"""Readings reused within ``reads_reused`` (the demo): the same unchanged files, asked the same way, only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indicators.item_bank import load_item_bank
from surveys.exports.importer import import_file
from surveys.guards import check_xlsx_cells
from surveys.problems import SuiviError
from surveys.reuse import reads_reused
from surveys.spreadsheet import read_table

DATA = Path(__file__).parent / "data"
KEY = bytes(range(32))


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(DATA / name, target)
    return target


def test_an_unchanged_file_is_imported_once_within_the_block_only(tmp_path: Path) -> None:
    export = _copy(tmp_path, "enquete-google-forms.csv")
    items = load_item_bank()
    outside = [import_file(export, "pre", items, key=KEY) for _ in range(2)]
    assert outside[0] is not outside[1]  # no block: every import reads the file
    with reads_reused():
        first = import_file(export, "pre", items, key=KEY)
        assert import_file(export, "pre", items, key=KEY) is first
        assert import_file(export, "pre", items, key=bytes(32)) is not first  # another key, other pseudonyms
        assert import_file(export, "post", items, key=KEY) is not first  # another wave
        assert import_file(export, "pre", items[:5], key=KEY) is not first  # another codebook
    assert first.responses.equals(outside[0].responses)
    with reads_reused():  # a new block starts empty
        assert import_file(export, "pre", items, key=KEY) is not first


def test_a_file_changed_within_the_block_is_read_again(tmp_path: Path) -> None:
    export = _copy(tmp_path, "enquete-google-forms.csv")
    items = load_item_bank()
    with reads_reused():
        first = import_file(export, "pre", items, key=KEY)
        lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
        export.write_text("".join(lines[:-1]), encoding="utf-8")  # the last respondent removed
        again = import_file(export, "pre", items, key=KEY)
    assert again is not first
    assert again.respondents.shape[0] == first.respondents.shape[0] - 1


def test_a_table_is_read_once_per_way_of_asking_and_a_failure_is_not_kept(tmp_path: Path) -> None:
    workbook = tmp_path / "enquete.xlsx"
    with reads_reused():
        with pytest.raises(SuiviError):
            read_table(workbook)  # missing: the error is not remembered
        shutil.copyfile(DATA / "enquete-limesurvey.xlsx", workbook)
        first = read_table(workbook)
        assert read_table(workbook) is first
        assert read_table(workbook, as_text=True) is not first  # asked otherwise
        assert check_xlsx_cells(workbook, workbook.name) == check_xlsx_cells(workbook, workbook.name)
    assert read_table(workbook) is not first  # outside the block, every reading reads
