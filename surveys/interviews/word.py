"""Coded interviews read from filled Word grids, one document per interview and coder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from surveys.guards import check_regular_file, check_zip
from surveys.i18n import t
from surveys.interviews.columns import META_FIELDS, PARTS, REQUIRED_META, field_label, meta_keys
from surveys.interviews.model import CODES, DOCX_SUFFIX, RECONCILIATION_FILE_STEM, BlindSpot, CodedInterview, Place, Reconciliation
from surveys.interviews.values import REPORTED, compact_key, split_list, split_proposals
from surveys.interviews.workbook import build_coding, codes_text, find_sheet, read_reconciliation, reconciliation_header, sheet_names, with_blind_spots
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, display_name
from surveys.spreadsheet import read_table
from surveys.text import clean_cell


def read_folder(folder: Path, report: ProblemReport) -> tuple[list[CodedInterview], list[Reconciliation]]:
    codings: list[CodedInterview] = []
    reconciliations: list[Reconciliation] = []
    found = False
    for path in sorted(folder.iterdir(), key=lambda p: p.name.casefold()):
        name = path.name
        if name.startswith((".", "~$")) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix == DOCX_SUFFIX:
            found = True
            coding = read_interview_docx(path, report)
            if coding is not None:
                codings.append(coding)
        elif suffix in (".doc", ".odt", ".rtf"):
            report.add(Problem(file=name, code="format_word", severity=Severity.WARNING, message=t("interview.not_docx")))
        elif compact_key(path.stem) == RECONCILIATION_FILE_STEM:
            sheets = sheet_names(path)
            sheet = find_sheet(sheets, "reconciliation")
            reconciliations.extend(read_reconciliation(read_table(path, sheet=sheet, known_header=reconciliation_header), report))
    if not found:
        report.add(Problem(file=folder.name, code="aucune_grille", message=t("interview.empty_folder")))
    return codings, reconciliations


def docx_cell_text(cell: Any) -> str:
    """All the text of a Word table cell, whatever wraps it (content controls, tracked insertions).

    Paragraphs become lines; deleted text (tracked changes) is left out.
    """
    from docx.oxml.ns import qn

    lines = []
    for paragraph in cell._tc.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
            if node.tag == qn("w:t"):
                pieces.append(node.text or "")
            elif node.tag == qn("w:tab"):
                pieces.append(" ")
            else:
                pieces.append("\n")
        lines.append("".join(pieces))
    return clean_cell("\n".join(lines))




def docx_table_name(kind: str) -> str:
    """French name of a table of the Word grid (used in problem locations)."""
    return t(f"interview.table.{kind}")


def docx_table_kind(header_cells: list[str]) -> str | None:
    """Which table of the Word grid a header row announces."""
    first = compact_key(header_cells[0]) if header_cells else ""
    if first.startswith("information"):
        return "identification"
    if first.startswith("code"):
        return "coding"
    if first.startswith(("servicesavant", "avant")):
        return "services"
    if first.startswith("anglemort"):
        return "blind_spots"
    return None


def _docx_rows(table: Any) -> list[list[str]]:
    return [[docx_cell_text(cell) for cell in row.cells] for row in table.rows]


def _open_docx(path: Path, name: str) -> Any:
    """The python-docx document, or the :class:`SuiviError` saying why not (a broken file: « docx_illisible »)."""
    import docx
    from docx.oxml.document import CT_Document

    check_regular_file(path, name)
    try:
        check_zip(path, name)
        document = docx.Document(str(path))
        if not isinstance(document.element, CT_Document):  # a main part whose root is not <w:document>
            raise ValueError("not a Word document body")
        return document
    except Exception as exc:  # a broken zip, or python-docx's zip, XML and value errors for a broken file
        if isinstance(exc, SuiviError) and exc.code != "fichier_endommage":
            raise  # too large to unpack: its own message
        raise SuiviError(t("interview.docx_unreadable"), code="docx_illisible", file=name) from exc


def read_interview_docx(path: Path, report: ProblemReport) -> CodedInterview | None:
    """One coding from a filled Word grid (written by ``suivi interview-grid``)."""
    name = display_name(path)
    document = report.attempt(lambda: _open_docx(path, name), file=name)
    if document is None:
        return None
    tables: dict[str, list[list[str]]] = {}
    for position, table in enumerate(document.tables, start=1):
        rows = _docx_rows(table)
        kind = docx_table_kind(rows[0]) if rows else None
        if kind is None:
            report.add(Problem(file=name, code="tableau_inconnu", severity=Severity.WARNING, message=t("interview.unknown_table", position=position)))
        elif kind in tables:
            report.add(Problem(file=name, code="tableau_en_double", table=docx_table_name(kind), message=t("interview.duplicate_table")))
        else:
            tables[kind] = rows
    missing = [kind for kind in ("identification", "coding") if kind not in tables]
    for kind in missing:
        report.add(Problem(file=name, code="tableau_absent", message=t("interview.missing_table", table=docx_table_name(kind))))
    if missing:
        return None
    values: dict[Any, Any] = {}
    places: dict[Any, Place] = {}
    _read_identification(name, tables["identification"], values, places, report)
    _read_coding_table(name, tables["coding"], values, places, report)
    if "services" in tables:
        before, after = _read_services_table(tables["services"])
        values[("services", "before", "")] = "\n".join(before)
        values[("services", "after", "")] = "\n".join(after)

    def place(kind: Any) -> Place:
        return places.get(kind, Place(name, table=docx_table_name("coding" if kind[0] == "code" else "identification")))

    if _is_blank_grid(values):
        report.add(Problem(file=name, code="grille_vierge", severity=Severity.WARNING, message=t("interview.blank_grid")))
        return None
    coding = build_coding(values, place, report, Place(name))
    if coding is None:
        return None
    spots = _read_blind_spot_table(name, tables.get("blind_spots", []))
    return with_blind_spots(coding, spots) if spots else coding


def _is_blank_grid(values: dict[Any, Any]) -> bool:
    """A grid nobody filled in: no identifier, no coder, no level."""
    keys = [("meta", "interview_id", ""), ("meta", "coder", "")] + [("code", code, "level") for code in CODES]
    return all(isinstance(values.get(key), str) and not values[key].strip() for key in keys)


def _read_identification(name: str, rows: list[list[str]], values: dict[Any, Any], places: dict[Any, Place], report: ProblemReport) -> None:
    table = docx_table_name("identification")
    keys = meta_keys()
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) < 2:
            continue
        label = cells[0].split("\n")[0]
        field_name = keys.get(compact_key(label))
        if field_name is None:
            field_name = next((f for f in META_FIELDS if compact_key(label).startswith(compact_key(field_label(f)))), None)
        if field_name is None:
            continue
        values[("meta", field_name, "")] = cells[1]
        places[("meta", field_name, "")] = Place(name, row=number, header=rows[0][1] if len(rows[0]) > 1 else None, table=table)
    for field_name in REQUIRED_META:
        if ("meta", field_name, "") not in values:
            report.add(Problem(file=name, table=table, code="ligne_absente", message=t("interview.missing_field_row", field=field_label(field_name))))
            values[("meta", field_name, "")] = REPORTED


def _read_coding_table(name: str, rows: list[list[str]], values: dict[Any, Any], places: dict[Any, Place], report: ProblemReport) -> None:
    table = docx_table_name("coding")
    header = rows[0]
    columns: dict[str, int] = {}
    for position, text in enumerate(header):
        key = compact_key(text)
        for part, prefix in (("code", "code"), ("level", "niveau"), ("justification", "justification"), ("quotes", "citation")):
            if key.startswith(prefix) and part not in columns:
                columns[part] = position
    for part in ("code", "level", "justification"):
        if part not in columns:
            label = t(f"interview.docx.column.{part}")
            report.add(Problem(file=name, table=table, row=1, code="colonne_absente", message=t("interview.missing_docx_column", header=label)))
    if any(part not in columns for part in ("code", "level", "justification")):
        for code in CODES:
            values[("code", code, "level")] = REPORTED
        return
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        cell = cells[columns["code"]] if columns["code"] < len(cells) else ""
        if not "".join(cells).strip():
            continue
        match = re.match(r"^\s*(P\s*\d+|TM)\b", cell, flags=re.IGNORECASE)
        code = match.group(1).upper().replace(" ", "") if match else ""
        if code not in CODES:
            report.add(Problem(file=name, table=table, row=number, header=header[columns["code"]], code="code_inconnu", value=cell or None,
                               message=t("interview.unknown_code", code=cell, codes=codes_text())))
            continue
        if code in seen:
            report.add(Problem(file=name, table=table, row=number, header=header[columns["code"]], code="code_en_double", value=code,
                               message=t("interview.duplicate_code", code=code, row=seen[code])))
            continue
        seen[code] = number
        for part in PARTS:
            if part in columns:
                position = columns[part]
                values[("code", code, part)] = cells[position] if position < len(cells) else ""
                places[("code", code, part)] = Place(name, row=number, header=header[position], table=table)
    for code in CODES:
        if code not in seen:
            report.add(Problem(file=name, table=table, code="code_absent", message=t("interview.missing_code_row", code=code)))
            values[("code", code, "level")] = REPORTED


def _read_services_table(rows: list[list[str]]) -> tuple[list[str], list[str]]:
    before: list[str] = []
    after: list[str] = []
    for cells in rows[1:]:
        if cells:
            before.extend(split_list(cells[0]))
        if len(cells) > 1:
            after.extend(split_list(cells[1]))
    return before, after


def _read_blind_spot_table(name: str, rows: list[list[str]]) -> list[BlindSpot]:
    table = docx_table_name("blind_spots")
    spots = []
    for number, cells in enumerate(rows[1:], start=2):
        description = cells[0].strip() if cells else ""
        proposals = cells[1] if len(cells) > 1 else ""
        if not description and not proposals.strip():
            continue
        header = rows[0][1] if len(rows[0]) > 1 else None
        spots.append(BlindSpot(description, split_proposals(proposals), Place(name, row=number, header=header, table=table)))
    return spots
