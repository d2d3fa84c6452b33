"""Word grids: the blank grid's structure, the round trip, and problems located by table and row."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from interview_helpers import coding, read, rendered, write_docx

from evaluation.fieldwork.interview_grid import docx_grid
from evaluation.resources import examples_dir
from surveys.interviews import CODES, docx_cell_text, docx_table_kind

EXAMPLE = examples_dir() / "convention-mobilites"


def _grid_document() -> docx.document.Document:
    buffer = io.BytesIO()
    docx_grid().save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _table(document: docx.document.Document, kind: str) -> docx.table.Table:
    return next(t for t in document.tables if docx_table_kind([docx_cell_text(c) for c in t.rows[0].cells]) == kind)


def _rich() -> object:
    return coding(
        "E07", "Hélène M.", (2, 2, 1, 0, 1, 2, 1),
        service="Mission de la participation et du suivi", role="cheffe de mission",
        names=("Hélène Marchal", "Karim Haddad"),
        before=("Service de la communication",), after=("Service de la communication", "Bureau de l'accessibilité", "Direction du budget"),
        spots=[("Les citoyens veulent suivre l'avancement", ("P-39", "P-36")), ("Aucun circuit vers les régions", ("P-26",))],
        quotes={"P5": ("On nous appelle d'autres directions.", "Karim anime l'atelier."), "P6": ("Chaque réponse dit pourquoi.",)},
    )  # fmt: skip


# --- the blank grid -------------------------------------------------------------------------------


def test_blank_grid_has_the_four_tables_with_marked_header_rows() -> None:
    document = _grid_document()
    kinds = [docx_table_kind([docx_cell_text(c) for c in t.rows[0].cells]) for t in document.tables]
    assert kinds == ["identification", "coding", "services", "blind_spots"]
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    coding_rows = [docx_cell_text(r.cells[0]) for r in _table(document, "coding").rows[1:]]
    assert [row.split()[0] for row in coding_rows] == list(CODES)
    assert coding_rows[0] == "P1 Changement de pratique"


def test_blank_grid_is_accessible_french_with_nested_headings() -> None:
    document = _grid_document()
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Grille de codage d'un entretien"),
        ("Heading 1", "Mode d'emploi"),
        ("Heading 1", "Identification"),
        ("Heading 1", "Codage"),
        ("Heading 1", "Services (P2)"),
        ("Heading 1", "Angles morts (P3)"),
    ]
    assert document.core_properties.title == "Grille de codage d'un entretien"
    assert document.core_properties.language == "fr-FR"
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "fr-FR"


def test_blank_grid_alone_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "grille-entretien.docx"
    docx_grid().save(path.open("wb"))
    interviews, report = read(path)
    assert interviews.codings == ()
    assert rendered(report) == [
        "Avertissement — grille-entretien.docx : Grille vierge (ni identifiant, ni codeur, ni niveau) : elle est ignorée.",
        "Avertissement — grille-entretien.docx : Aucun entretien codé : remplissez la grille (une ligne ou un document par entretien et par codeur ou codeuse).",
    ]


# --- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_paragraphs", [True, False], ids=["paragraphes", "sauts-de-ligne"])
def test_round_trip_gives_back_the_same_coding(tmp_path: Path, as_paragraphs: bool) -> None:
    original = _rich()
    path = write_docx(tmp_path / "E07.docx", original, as_paragraphs=as_paragraphs)
    interviews, report = read(path)
    assert rendered(report) == []
    assert interviews.codings == (original,)


def test_round_trip_with_more_rows_than_the_blank_tables(tmp_path: Path) -> None:
    many = coding(before=tuple(f"Service {i}" for i in range(9)), spots=[(f"Angle {i}", (f"P-{i:02d}",)) for i in range(1, 7)])
    interviews, report = read(write_docx(tmp_path / "E01.docx", many))
    assert rendered(report) == []
    assert interviews.codings[0].services_before == many.services_before
    assert len(interviews.codings[0].blind_spots) == 6


def test_folder_of_grids_with_a_reconciliation_workbook(tmp_path: Path) -> None:
    interviews, report = read(EXAMPLE / "entretiens")
    assert rendered(report) == []
    assert [c.coder for c in interviews.codings] == ["Claire Vasseur", "Malik Ferrand"]
    assert {(r.code, r.level) for r in interviews.reconciliations} == {("P3", 2), ("TM", 1)}
    workbook, _ = read(EXAMPLE / "entretiens.xlsx")
    assert list(interviews.codings) == workbook.codings_of("E04")


def test_text_typed_inside_a_content_control_and_a_tracked_insertion_is_read(tmp_path: Path) -> None:
    document = _grid_document()
    import make_interview_fixtures as fixtures

    fixtures.fill_docx(document, coding())
    level_cell = _table(document, "coding").rows[1].cells[1]
    level_cell.text = ""
    paragraph = level_cell.paragraphs[0]._p
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    content.append(run)
    sdt.append(content)
    paragraph.append(sdt)
    justification = _table(document, "coding").rows[1].cells[2]
    justification.text = ""
    insertion = OxmlElement("w:ins")
    inserted_run = OxmlElement("w:r")
    inserted_text = OxmlElement("w:t")
    inserted_text.text = "Note du 3 novembre"
    inserted_run.append(inserted_text)
    insertion.append(inserted_run)
    deletion = OxmlElement("w:del")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "ancien texte"
    deleted_run.append(deleted_text)
    deletion.append(deleted_run)
    justification.paragraphs[0]._p.append(deletion)
    justification.paragraphs[0]._p.append(insertion)
    path = tmp_path / "E01.docx"
    document.save(path)
    interviews, report = read(path)
    assert rendered(report) == []
    assert interviews.codings[0].scores["P1"].level == 2
    assert interviews.codings[0].scores["P1"].justification == "Note du 3 novembre"


# --- problems in a Word grid ------------------------------------------------------------------------


def _filled(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    import make_interview_fixtures as fixtures

    document = _grid_document()
    fixtures.fill_docx(document, coding())
    edit(document)
    path = tmp_path / "E01-cv.docx"
    document.save(path)
    return path


def test_level_outside_the_scale_is_located_by_table_row_and_column(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        _table(document, "coding").rows[3].cells[1].text = "3"

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx, tableau « Codage », ligne 4, colonne « Niveau (0, 1 ou 2) » : "
        "Niveau « 3 » du code P3 hors de l'échelle : indiquez 0 (absent), 1 (affirmé) ou 2 (attesté par une pièce)."
    ]


def test_level_two_without_justification_in_word(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        _table(document, "coding").rows[2].cells[1].text = "2"

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx, tableau « Codage », ligne 3, colonne « Justification » : Le code P2 est au niveau 2 sans justification : "
        "nommez la pièce qui atteste le changement (note, procédure, ligne budgétaire, document modifié)."
    ]


def test_unknown_and_duplicated_code_rows(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        table = _table(document, "coding")
        table.rows[5].cells[0].text = "P9 Autre"
        row = table.add_row()
        row.cells[0].text = "P1"
        row.cells[1].text = "1"

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx, tableau « Codage », ligne 6, colonne « Code » : Code « P9 Autre » inconnu : indiquez l'un des codes P1, P2, P3, P4, P5, P6, TM.",
        "Erreur — E01-cv.docx, tableau « Codage », ligne 9, colonne « Code » : Le code P1 figure déjà à la ligne 2 : gardez une seule ligne par code.",
        "Erreur — E01-cv.docx, tableau « Codage » : La ligne du code P5 est absente du tableau de codage : rétablissez-la et indiquez son niveau.",
    ]


def test_missing_identifier_in_word(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        _table(document, "identification").rows[1].cells[1].text = ""

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx, tableau « Identification », ligne 2, colonne « Réponse » : "
        "Identifiant d'entretien manquant : indiquez l'identifiant de l'entretien (par exemple E01)."
    ]


def test_missing_coding_table(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        table = _table(document, "coding")
        table._tbl.getparent().remove(table._tbl)

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx : Le tableau « Codage » de la grille est absent. Repartez d'une grille vierge créée avec « suivi interview-grid »."
    ]


def test_missing_level_column(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        _table(document, "coding").rows[0].cells[1].text = "Note"

    _, report = read(_filled(tmp_path, edit))
    assert rendered(report) == [
        "Erreur — E01-cv.docx, tableau « Codage », ligne 1 : Colonne « Niveau (0, 1 ou 2) » absente du tableau de codage : "
        "rétablissez-la (voir une grille vierge créée avec « suivi interview-grid »)."
    ]


def test_extra_table_is_ignored_with_a_warning(tmp_path: Path) -> None:
    def edit(document):  # type: ignore[no-untyped-def]
        extra = document.add_table(rows=1, cols=2)
        extra.rows[0].cells[0].text = "Notes libres"

    interviews, report = read(_filled(tmp_path, edit))
    assert rendered(report) == ["Avertissement — E01-cv.docx : Le tableau n° 5 n'appartient pas à la grille d'entretien : il est ignoré."]
    assert len(interviews.codings) == 1


def test_broken_docx_and_old_word_format_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "entretiens"
    folder.mkdir()
    write_docx(folder / "E01-cv.docx", coding())
    (folder / "E02-cv.docx").write_bytes(b"PK\x03\x04 pas un document")
    (folder / "E03-cv.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "~$E01-cv.docx").write_bytes(b"verrou")
    interviews, report = read(folder)
    assert rendered(report) == [
        "Erreur — E02-cv.docx : Ce document Word est endommagé ou n'est pas un .docx : ouvrez-le dans Word ou LibreOffice et enregistrez-le de nouveau au format .docx.",
        "Avertissement — E03-cv.doc : Document au format Word ancien ou OpenDocument : ouvrez-le et enregistrez-le au format .docx pour qu'il soit lu.",
    ]
    assert [c.interview_id for c in interviews.codings] == ["E01"]


def test_same_interview_and_coder_in_two_documents(tmp_path: Path) -> None:
    folder = tmp_path / "entretiens"
    folder.mkdir()
    write_docx(folder / "E01-a.docx", coding())
    write_docx(folder / "E01-b.docx", coding())
    interviews, report = read(folder)
    assert rendered(report) == [
        "Erreur — E01-b.docx : L'entretien « E01 » est déjà codé par « Claire Vasseur » (fichier E01-a.docx) : chaque codeur ou codeuse "
        "code un entretien une seule fois. Supprimez le doublon ou corrigez l'identifiant."
    ]
    assert len(interviews.codings) == 1


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "entretiens").mkdir()
    _, report = read(tmp_path / "entretiens")
    assert rendered(report)[0] == (
        "Erreur — entretiens : Ce dossier ne contient aucune grille d'entretien .docx. Créez une grille vierge avec « suivi interview-grid »."
    )


def test_grid_is_a_real_docx_package(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "E01.docx", coding())
    with zipfile.ZipFile(path) as archive:
        assert "word/document.xml" in archive.namelist()
