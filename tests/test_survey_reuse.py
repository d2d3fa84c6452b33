"""Imports reused within ``imports_reused`` (the demo): the same unchanged files, codebook and key only."""

from __future__ import annotations

import shutil
from pathlib import Path

from indicators.item_bank import load_item_bank
from surveys.exports.importer import import_file
from surveys.exports.reuse import imports_reused

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
    with imports_reused():
        first = import_file(export, "pre", items, key=KEY)
        assert import_file(export, "pre", items, key=KEY) is first
        assert import_file(export, "pre", items, key=bytes(32)) is not first  # another key, other pseudonyms
        assert import_file(export, "post", items, key=KEY) is not first  # another wave
        assert import_file(export, "pre", items[:5], key=KEY) is not first  # another codebook
    assert first.responses.equals(outside[0].responses)
    with imports_reused():  # a new block starts empty
        assert import_file(export, "pre", items, key=KEY) is not first


def test_a_file_changed_within_the_block_is_read_again(tmp_path: Path) -> None:
    export = _copy(tmp_path, "enquete-google-forms.csv")
    items = load_item_bank()
    with imports_reused():
        first = import_file(export, "pre", items, key=KEY)
        lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
        export.write_text("".join(lines[:-1]), encoding="utf-8")  # the last respondent removed
        again = import_file(export, "pre", items, key=KEY)
    assert again is not first
    assert again.respondents.shape[0] == first.respondents.shape[0] - 1
