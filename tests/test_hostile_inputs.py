"""Hostile and broken files end quickly with a located French message, never a traceback or a hang.

Each slow case runs under an alarm (a hang guard, not a timing assertion): before the fixes, the
long-cell cases took seconds to minutes and the far cell made calamine allocate 52 GB.
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from fuzzing import time_limit

from evaluation.demarche.model import load_demarche
from evaluation.fieldwork.interview_grid import docx_grid
from evaluation.resources import examples_dir
from surveys import guards
from surveys.exports.formats import Tool, detect_tool, heading, is_free_text_part, metadata_role, split_choices
from surveys.exports.importer import SurveySource, import_surveys
from surveys.exports.items import ItemSpec, Scale, Wave
from surveys.interviews.word import read_interview_docx
from surveys.problems import ProblemReport, SuiviError
from surveys.redaction import EMAIL, redact
from surveys.spreadsheet import read_table
from surveys.yamlfile import load_yaml

DATA = Path(__file__).parent / "data"
LONGEST_CELL = 32_767  # the most characters an Excel cell holds


LONG_CELLS = {
    "one word": "a" * LONGEST_CELL,
    "spaces inside": "a" + " " * (LONGEST_CELL - 2) + "b",
    "dotted": "a." * (LONGEST_CELL // 2),
    "at signs": "a@" * (LONGEST_CELL // 2),
    "brackets": "[" * LONGEST_CELL,
    "separators": "a;" * (LONGEST_CELL // 2),
    "commas": "Vélo, " * (LONGEST_CELL // 6),
    "titles": "M. " * (LONGEST_CELL // 3),
    "digits": "0" * LONGEST_CELL,
}
TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "redact": lambda v: redact(v, ["Odile Lambert"]),
    "email pattern": EMAIL.search,
    "heading": heading,
    "metadata_role": metadata_role,
    "is_free_text_part": is_free_text_part,
    "split_choices": lambda v: split_choices(v, ["Voiture", "Bus, tramway", "Vélo", "Marche"], Tool.SPREADSHEET),
    "detect_tool": lambda v: detect_tool([v, v, v]),
}


@pytest.mark.parametrize("function", TEXT_FUNCTIONS)
def test_text_functions_are_linear_on_the_longest_cells(function: str) -> None:
    with time_limit(5):
        for text in LONG_CELLS.values():
            TEXT_FUNCTIONS[function](text)


def test_email_pattern_still_finds_addresses() -> None:
    assert redact("écrire à odile.lambert@exemple.fr ou au 06 12 34 56 78") == "écrire à [courriel masqué] ou au [téléphone masqué]"


def _refused(path: Path, code: str) -> SuiviError:
    with time_limit(10), pytest.raises(SuiviError) as caught:
        read_table(path)
    assert caught.value.code == code, str(caught.value)
    return caught.value


def test_a_far_away_cell_is_refused_before_calamine_allocates_it(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Code participant", "Avis"])
    workbook.active["XFD100000"] = "x"
    workbook.save(tmp_path / "loin.xlsx")
    error = _refused(tmp_path / "loin.xlsx", "feuille_trop_grande")
    assert "1\u202f638\u202f400\u202f000 cellules" in str(error)


@pytest.mark.parametrize(("cell", "code"), [
    ('<c s="0" r="XFD1000" t="inlineStr"><is><t>x</t></is></c>', "feuille_trop_grande"),
    ('<c r="A9000000" t="inlineStr"><is><t>x</t></is></c>', "feuille_trop_grande"),
    ('<c r="Htest5" t="inlineStr"><is><t>x</t></is></c>', "fichier_endommage"),  # found by the fuzzer: column 4 million for calamine
])
def test_a_far_cell_hidden_in_an_early_row_is_refused(tmp_path: Path, cell: str, code: str) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Code participant", "Avis"])
    workbook.active.append(["P01", "Oui"])
    workbook.save(tmp_path / "cache.xlsx")
    with zipfile.ZipFile(tmp_path / "cache.xlsx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    members["xl/worksheets/sheet1.xml"] = sheet.replace("</row></sheetData>", cell + "</row></sheetData>", 1).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "cache.xlsx", "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    _refused(tmp_path / "cache.xlsx", code)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_sheet_written_in_utf16_is_refused_not_read_as_empty(tmp_path: Path, encoding: str) -> None:
    """calamine reads a UTF-16 worksheet as empty (« no heading row »), and its references would escape the size scan."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Code participant", "Avis"])
    workbook.active.append(["P01", "Oui"])
    workbook.active["XFD100000"] = "x"
    workbook.save(tmp_path / "large.xlsx")
    with zipfile.ZipFile(tmp_path / "large.xlsx") as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    members["xl/worksheets/sheet1.xml"] = sheet.replace("encoding='UTF-8'", "encoding='UTF-16'").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(encoding)
    with zipfile.ZipFile(tmp_path / "large.xlsx", "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    error = _refused(tmp_path / "large.xlsx", "encodage")
    assert str(error) == ("Une feuille du classeur « large.xlsx » est enregistrée en UTF-16, un encodage que suivi ne lit pas (ses cellules "
                          "paraîtraient vides). Ouvrez le classeur dans Excel ou LibreOffice, puis enregistrez-le de nouveau au format .xlsx.")


def test_a_workbook_unpacking_beyond_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a" * 1000])
    workbook.save(tmp_path / "bombe.xlsx")
    monkeypatch.setattr(guards, "MAX_UNPACKED_BYTES", 2000)
    assert "décompressé" in str(_refused(tmp_path / "bombe.xlsx", "fichier_trop_grand"))


def test_a_date_cell_out_of_range_is_a_located_problem_not_a_panic(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Code participant", "Date"])
    workbook.active.append(["P01", -1e308])
    workbook.active["B2"].number_format = "yyyy-mm-dd"
    workbook.save(tmp_path / "date.xlsx")
    assert "feuille « Sheet »" in str(_refused(tmp_path / "date.xlsx", "fichier_endommage"))


def test_a_zip_with_an_odd_version_is_a_located_problem(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a"])
    workbook.save(tmp_path / "v.xlsx")
    data = bytearray((tmp_path / "v.xlsx").read_bytes())
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        struct.pack_into("<H", data, central + 6, 99)  # « version needed to extract »: none we know
        struct.pack_into("<H", data, central + 10, 99)  # compression method 99: not implemented
        central = data.find(b"PK\x01\x02", central + 4)
    (tmp_path / "v.xlsx").write_bytes(bytes(data))
    _refused(tmp_path / "v.xlsx", "fichier_endommage")


def _rezip(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of the zip ``source`` in which ``part`` is edited."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(info, edit(data) if info.filename == part else data)
    return target


def test_an_ods_declaring_an_unknown_encoding_is_a_located_problem(tmp_path: Path) -> None:
    path = _rezip(DATA / "enquete-demarches-simplifiees.ods", tmp_path / "encodage.ods", "content.xml",
                  lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="U1e309TF-8"', 1))
    assert b"U1e309TF-8" in zipfile.ZipFile(path).read("content.xml")
    _refused(path, "fichier_endommage")


def test_a_word_grid_whose_main_part_is_not_a_document_is_a_located_problem(tmp_path: Path) -> None:
    docx_grid().save(tmp_path / "grille.docx")
    path = _rezip(tmp_path / "grille.docx", tmp_path / "E04.docx", "word/document.xml",
                  lambda xml: xml.replace(b"<w:document ", b"<w:documents ", 1).replace(b"</w:document>", b"</w:documents>"))
    report = ProblemReport()
    assert read_interview_docx(path, report) is None
    assert [(p.code, p.file) for p in report.errors] == [("docx_illisible", "E04.docx")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tube.csv")
    assert "pas un fichier ordinaire" in str(_refused(tmp_path / "tube.csv", "fichier_special"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused() -> None:
    _refused(Path("/dev/zero"), "fichier_special")


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "vrai.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "lien.csv").symlink_to(tmp_path / "vrai.csv")
    assert "lien symbolique" in str(_refused(tmp_path / "lien.csv", "lien_symbolique"))


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW") or not hasattr(os, "mkfifo"), reason="needs a POSIX system")
@pytest.mark.parametrize(("swapped", "code"), [("link", "lien_symbolique"), ("pipe", "fichier_special")])
def test_a_file_swapped_for_a_link_or_a_pipe_after_its_check_is_refused_when_opened(
    swapped: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vrai.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    path = tmp_path / "enquete.csv"
    if swapped == "link":
        path.symlink_to(tmp_path / "vrai.csv")
    else:
        os.mkfifo(path)
    monkeypatch.setattr(guards, "check_regular_file", lambda _path, _name: 0)  # as if it had been a regular file when checked
    _refused(path, code)  # opened without following the link nor waiting for a writer, then checked again


def test_a_300_character_file_name_is_a_located_problem(tmp_path: Path) -> None:
    error = _refused(tmp_path / ("n" * 300 + ".csv"), "chemin_illisible")
    assert str(error).startswith("Le fichier « nnn")


def test_repeated_access_codes_are_handled_in_one_pass(tmp_path: Path) -> None:
    path = tmp_path / "doublons.csv"
    lines = ["Code participant,Les citoyens sont écoutés"] + [f"P{i % 50},Plutôt d'accord" for i in range(30_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scale = Scale(id="accord", labels={"Plutôt d'accord": 3})
    items = [ItemSpec(id="ecoute", wording="Les citoyens sont écoutés", scale=scale, waves=(Wave.PRE,))]
    with time_limit(30):
        data = import_surveys([_source(path)], items, key=b"\x01" * 32)
    assert (data.rows["status"] == "kept").sum() == 50
    assert (data.rows["reason"] == "duplicate").sum() == 30_000 - 50


def _source(path: Path) -> SurveySource:
    return SurveySource(path, Wave.PRE)


@pytest.mark.parametrize("value", ["!!float abc", "!!bool x", "!!timestamp hier", "!!int 0x"])
def test_explicit_yaml_tags_with_bad_values_are_read_as_text(tmp_path: Path, value: str) -> None:
    path = tmp_path / "demarche.yaml"
    path.write_text(f"titre: {value}\n", encoding="utf-8")
    assert isinstance(load_yaml(path).data["titre"], str)


def test_python_yaml_tags_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "demarche.yaml"
    path.write_text('id: x\ntitre: !!python/object/apply:os.system ["echo"]\n', encoding="utf-8")
    with pytest.raises(SuiviError) as caught:
        load_yaml(path)
    assert caught.value.code == "yaml_syntaxe" and "à la ligne 2" in str(caught.value)


@pytest.mark.parametrize("declared", ["../../etc/passwd", "/etc/passwd", "C:\\\\Windows\\\\system.ini", "enquetes/../../x.csv"])
def test_declared_paths_outside_the_folder_are_located_errors(tmp_path: Path, declared: str) -> None:
    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    text = (folder / "demarche.yaml").read_text(encoding="utf-8")
    (folder / "demarche.yaml").write_text(text.replace("fichier: enquetes/questionnaire-avant.csv", f'fichier: "{declared}"'), encoding="utf-8")
    report = ProblemReport()
    assert load_demarche(folder, report) is None
    (problem,) = list(report)
    assert problem.header == "fichiers.enquetes (élément 1).fichier" and problem.row is not None
    assert "sort du dossier de la démarche" in problem.message


def test_a_symlinked_folder_inside_the_demarche_is_not_followed(tmp_path: Path) -> None:
    from evaluation.fieldwork.survey_data import load_survey_data

    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    shutil.move(str(folder / "enquetes"), str(outside / "enquetes"))
    (folder / "enquetes").symlink_to(outside / "enquetes")
    demarche = load_demarche(folder, ProblemReport())
    assert demarche is not None
    report = ProblemReport()
    data = load_survey_data(demarche, report, write_key=False)
    assert data.files == []
    assert {p.code for p in report} == {"chemin_hors_dossier"}


def test_a_missing_declared_survey_is_located_in_demarche_yaml(tmp_path: Path) -> None:
    from evaluation.fieldwork.survey_data import load_survey_data

    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    (folder / "enquetes" / "questionnaire-avant.csv").unlink()
    demarche = load_demarche(folder, ProblemReport())
    assert demarche is not None
    report = ProblemReport()
    load_survey_data(demarche, report, write_key=False)
    (problem,) = [p for p in report if p.code == "fichier_absent"]
    assert (problem.file, problem.header, problem.value) == ("demarche.yaml", "fichiers.enquetes (élément 1).fichier", "enquetes/questionnaire-avant.csv")
    assert problem.row == 94
    assert problem.message.startswith("Clé « fichiers.enquetes (élément 1).fichier » : le fichier d'enquête « enquetes/questionnaire-avant.csv » est introuvable")


def test_zip_entries_are_not_trusted_for_their_declared_size(tmp_path: Path) -> None:
    path = tmp_path / "petit.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    guards.check_zip(path, "petit.xlsx")  # a small archive passes


def test_the_portfolio_excludes_a_folder_whose_register_is_a_symbolic_link(tmp_path: Path) -> None:
    import datetime as dt

    from evaluation.portfolio.build import summarise
    from evaluation.portfolio.model import Excluded, Exclusion, Settings

    folder = tmp_path / "equipe"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    outside = tmp_path / "secret.xlsx"
    (folder / "propositions.xlsx").rename(outside)
    (folder / "propositions.xlsx").symlink_to(outside)
    outcome = summarise(folder, Settings(as_of=dt.date(2026, 11, 22), resamples=20))
    assert isinstance(outcome, Excluded) and outcome.reason is Exclusion.ERRORS
    assert "lien_symbolique" in {p.code for p in outcome.problems}


def test_a_register_heading_of_32767_characters_is_not_compared_in_full(tmp_path: Path) -> None:
    from evaluation.followup.register import load_register

    path = tmp_path / "propositions.csv"
    path.write_text("Identifiant,Statut," + "Motif" * 6553 + "\nP1,retenue,x\n", encoding="utf-8")
    with time_limit(10):
        load_register(path, ProblemReport())


@pytest.mark.parametrize("edit", [b"</table:table-row>../../etc/passwd<table:table-row>", b"</table:table-row></tab"])
def test_an_ods_that_would_make_calamine_loop_is_refused(tmp_path: Path, edit: bytes) -> None:
    source = Path(__file__).parent / "data" / "enquete-demarches-simplifiees.ods"
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["content.xml"] = members["content.xml"].replace(b"</table:table-row>", edit, 1)  # found by the fuzzer
    with zipfile.ZipFile(tmp_path / "boucle.ods", "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    _refused(tmp_path / "boucle.ods", "fichier_endommage")
