"""Property-based tests: whatever people hand in, the import ends in data or located problems.

Random bytes, random text with control characters, random tables and truncated workbooks are
thrown at the readers: every failure is a :class:`SuiviError` turned into a located problem,
never a traceback, and kept + excluded rows always equal the rows read.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.exports.importer import SurveySource, import_surveys
from surveys.exports.items import ItemSpec, MissingReason, Scale, Wave
from surveys.problems import SuiviError
from surveys.spreadsheet import read_table
from surveys.text import strip_illegal_xml

DATA = Path(__file__).parent / "data"
ACCORD = Scale(id="accord4", labels={"Pas du tout d'accord": 1, "Plutôt pas d'accord": 2, "Plutôt d'accord": 3, "Tout à fait d'accord": 4},
               nonanswers={"Ne sait pas": MissingReason.DONT_KNOW})
ITEMS = [ItemSpec(id="ecoute", wording="Les citoyens sont écoutés", scale=ACCORD),
         ItemSpec(id="utile", wording="La démarche est utile", scale=ACCORD)]
KEY = b"\x01" * 32
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.sampled_from(["", "Plutôt d'accord", "plutot d’accord ", "Ne sait pas", "NSP", "Tout à fait d'accord", "=1+1", "@x", "3",
                     "Ni d'accord, ni pas d'accord", "test", "a;b", 'guillemet "x"', "ligne\nsuivante", "_x000D_"]),
    st.text(max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
)


def _check_accounting(data) -> None:
    for imported in data.files:
        table = imported.table
        assert len(imported.rows) == len(table.frame) + len(table.skipped_blank_rows)
        assert set(imported.rows["status"]) <= {"kept", "excluded"}
        assert ((imported.rows["status"] == "excluded") == (imported.rows["reason"] != "")).all()
    kept = int((data.rows["status"] == "kept").sum())
    assert data.respondents.shape[0] == kept
    for problem in data.problems:
        assert problem.file and problem.message


def _import(path: Path):
    return import_surveys([SurveySource(path, Wave.PRE)], ITEMS, key=KEY)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        path.write_bytes(data)
        result = _import(path)
        if not result.files:
            assert result.problems.has_errors and len(result.problems) == 1
        _check_accounting(result)


@SETTINGS
@given(st.text(max_size=600), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_random_text_never_crashes(text: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        try:
            table = read_table(path)
        except SuiviError as exc:
            assert str(exc)
        else:
            assert len(table.rows) == len(table.frame)
        _check_accounting(_import(path))


@SETTINGS
@given(st.lists(st.lists(cells, min_size=4, max_size=4), max_size=25), st.sampled_from([",", ";", "\t"]))
def test_random_csv_tables_account_for_every_row(rows: list[list[str]], delimiter: str) -> None:
    header = ["Code participant", "Les citoyens sont écoutés", "La démarche est utile", "Commentaire"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        result = _import(path)
        _check_accounting(result)
        if result.files:
            last = max((i for i, r in enumerate(rows) if any(_filled(c) for c in r)), default=-1)
            assert len(result.rows) == last + 1
            assert result.files[0].table.header_row == 1


@SETTINGS
@given(st.lists(st.lists(cells, min_size=3, max_size=3), max_size=20))
def test_random_xlsx_tables_account_for_every_row(rows: list[list[str]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Adresse e-mail", "Les citoyens sont écoutés", "La démarche est utile"])
    for row in rows:
        sheet.append([strip_illegal_xml(c) or None for c in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed with a leading "=", as exports store it (not a formula without a cached value)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        workbook.save(path)
        result = _import(path)
        _check_accounting(result)
        last = max((i for i, r in enumerate(rows) if any(_filled(strip_illegal_xml(c)) for c in r)), default=-1)
        assert len(result.rows) == last + 1


@SETTINGS
@given(st.floats(min_value=0.02, max_value=0.98))
def test_truncated_workbooks_are_reported_not_raised(fraction: float) -> None:
    source = (DATA / "enquete-microsoft-forms.xlsx").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tronque.xlsx"
        path.write_bytes(source[: int(len(source) * fraction)])
        result = _import(path)
        assert not result.files
        assert [p.code for p in result.problems] in (["fichier_endommage"], ["pas_un_tableur"])


@SETTINGS
@given(st.floats(min_value=0.05, max_value=0.95))
def test_truncated_csv_keeps_accounting(fraction: float) -> None:
    source = (DATA / "enquete-limesurvey-texte-complet-fr.csv").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tronque.csv"
        path.write_bytes(source[: int(len(source) * fraction)])
        _check_accounting(_import(path))


def _filled(value: str) -> bool:
    from surveys.text import clean_cell

    return bool(clean_cell(value))


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none()))
def test_label_decoding_is_total(raw: object) -> None:
    from surveys.exports.labels import ScaleDecoder

    for scale in (ACCORD, Scale(id="n", labels={str(i): i for i in range(11)}, numeric=True),
                  Scale(id="age", labels={"18-24 ans": 1, "25-64 ans": 2, "65 ans et plus": 3})):
        answer = ScaleDecoder(scale, {"A1": "Pas du tout d'accord"}).decode(raw)
        if answer is not None:
            assert answer.label == "" or answer.label in scale.labels or answer.missing.value or scale.numeric
            assert (answer.value != answer.value) == (answer.missing.value != "")
        ScaleDecoder(scale).suggest(raw)


@SETTINGS
@given(st.text(max_size=60))
def test_headings_and_choices_never_fail(text: str) -> None:
    from surveys.exports.formats import Tool, detect_tool, heading, metadata_role, split_choices

    parsed = heading(text)
    assert parsed.header == text
    metadata_role(text)
    detect_tool([text, "Horodateur"])
    for tool in Tool:
        found, _unknown = split_choices(text, ["Voiture", "Bus, tramway", "Vélo"], tool)
        assert set(found) <= {"Voiture", "Bus, tramway", "Vélo"}
