"""Coded interviews read from the workbook (sheets « Entretiens », « Angles morts », « Réconciliation »)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import python_calamine

from surveys.dates import parse_cell_date
from surveys.guards import check_regular_file
from surveys.i18n import t
from surveys.interviews.columns import META_FIELDS, REQUIRED_META, classify_header, column_label, field_label, meta_keys, sheet_name
from surveys.interviews.model import CODES, BlindSpot, CodedInterview, CodeScore, EvidenceLevel, Place, Reconciliation
from surveys.interviews.values import INVALID, REPORTED, compact_key, interview_key, parse_level, split_lines, split_list, split_proposals, text_of
from surveys.problems import Problem, ProblemReport, Severity, display_name
from surveys.spreadsheet import SPREADSHEET_KINDS, Table, detect_kind, read_table
from surveys.text import label_key


def sheet_names(path: Path) -> list[str]:
    """Sheet names of a workbook, or an empty list for a CSV file."""
    if ProblemReport().attempt(lambda: check_regular_file(path, display_name(path))) is None:
        return []  # read_table reports it
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if detect_kind(data) not in SPREADSHEET_KINDS:
        return []
    try:
        return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # python-calamine raises several error kinds; read_table reports them
        return []


def find_sheet(names: list[str], kind: str) -> str | None:
    wanted = compact_key(sheet_name(kind))
    return next((s for s in names if compact_key(s) == wanted), None)


def read_workbook(path: Path, report: ProblemReport) -> tuple[list[CodedInterview], list[Reconciliation]]:
    names = sheet_names(path)
    main = find_sheet(names, "main")
    if main is None and names:
        others = {find_sheet(names, k) for k in ("blind_spots", "reconciliation", "instructions")}
        main = next((s for s in names if s not in others), names[0])
    table = read_table(path, sheet=main, known_header=_coding_header)
    codings, rows_seen = _read_main_sheet(table, report)
    blind_sheet = find_sheet(names, "blind_spots")
    if blind_sheet and rows_seen is not None:
        _attach_blind_spots(read_table(path, sheet=blind_sheet, known_header=_blind_spot_header), codings, rows_seen, report)
    reconciliations: list[Reconciliation] = []
    reconciliation_sheet = find_sheet(names, "reconciliation")
    if reconciliation_sheet:
        reconciliations = read_reconciliation(read_table(path, sheet=reconciliation_sheet, known_header=reconciliation_header), report)
    return codings, reconciliations


def _column_map(table: Table, classify: Callable[[str], Any], report: ProblemReport) -> dict[Any, str]:
    """Which frame column holds what; unknown headings are reported (warning) once."""
    mapping: dict[Any, str] = {}
    for column, header in zip(table.frame.columns, table.headers):
        kind = classify(header)
        if kind is None:
            report.add(table.problem("colonne_inconnue", t("table.unknown_column", header=header), column=column, row=table.header_row, severity=Severity.WARNING))
            continue
        if kind in mapping:
            report.add(table.problem("colonne_en_double", t("table.duplicate_header", header=header), column=column, row=table.header_row))
            continue
        mapping[kind] = column
    return mapping


def _missing_columns(table: Table, mapping: dict[Any, str], required: Iterable[tuple[Any, str]], report: ProblemReport) -> bool:
    missing = False
    for kind, label in required:
        if kind not in mapping:
            missing = True
            report.add(
                Problem(
                    file=table.file,
                    sheet=table.sheet,
                    row=table.header_row,
                    code="colonne_absente",
                    message=t("table.missing_column", header=label, row=table.header_row),
                )
            )
    return missing


def _read_main_sheet(table: Table, report: ProblemReport) -> tuple[list[CodedInterview], set[tuple[str, str]] | None]:
    """The valid codings, and the (interview, coder) keys of every row, kept or not (None when
    the sheet cannot be read for want of a column)."""

    def classify(header: str) -> Any:
        kind = classify_header(header)
        if kind is None:
            return None
        if kind[0] == "unknown_code":
            return ("unknown_code", header)
        return kind

    mapping = _column_map(table, classify, report)
    for kind, column in list(mapping.items()):
        if kind[0] == "unknown_code":
            unknown = classify_header(kind[1])
            assert unknown is not None  # kind[1] is a heading classify recognised
            code = unknown[1]
            report.add(table.problem("code_inconnu", t("interview.unknown_code_column", code=code, codes=codes_text()), column=column, row=table.header_row))
            del mapping[kind]
    required = [(("meta", name, ""), field_label(name)) for name in REQUIRED_META]
    required += [(("code", code, part), column_label(code, part)) for code in CODES for part in ("level", "justification")]
    if _missing_columns(table, mapping, required, report):
        return [], None
    codings = []
    seen: set[tuple[str, str]] = set()
    kinds = list(mapping)
    positions = {kind: list(table.frame.columns).index(mapping[kind]) for kind in kinds}
    cells = table.frame[[mapping[kind] for kind in kinds]].to_numpy(dtype=object)
    for index, row_cells in enumerate(cells):
        values = dict(zip(kinds, row_cells))
        seen.add((interview_key(text_of(values[("meta", "interview_id", "")])), label_key(text_of(values[("meta", "coder", "")]))))

        def place(kind: Any, index: int = index) -> Place:
            position = positions[kind]
            return Place(table.file, table.sheet, table.rows[index], table.letters[position], table.headers[position])

        coding = build_coding(values, place, report, Place(table.file, table.sheet, table.rows[index]))
        if coding is not None:
            codings.append(coding)
    return codings, seen


def build_coding(
    values: dict[Any, Any],
    place: Callable[[Any], Place],
    report: ProblemReport,
    row_place: Place,
) -> CodedInterview | None:
    """One coding from the values of a row (workbook) or of a Word grid, checked."""
    found: list[Problem] = []
    failed = False
    meta: dict[str, Any] = {}
    reported = set()
    for name in META_FIELDS:
        meta[name] = values.get(("meta", name, ""))
        if meta[name] is REPORTED:
            failed, meta[name] = True, None
            reported.add(name)
    interview_id, coder = text_of(meta["interview_id"]), text_of(meta["coder"])
    if not interview_id and "interview_id" not in reported:
        found.append(place(("meta", "interview_id", "")).problem("entretien_manquant", t("interview.missing_id")))
    if not coder and "coder" not in reported:
        found.append(place(("meta", "coder", "")).problem("codeur_manquant", t("interview.missing_coder")))
    date = None
    if ("meta", "date", "") in values:
        parsed = parse_cell_date(meta["date"])
        if parsed.invalid:
            found.append(place(("meta", "date", "")).problem("date_invalide", t("interview.bad_date"), value=text_of(meta["date"])))
        elif parsed.value is None:
            found.append(place(("meta", "date", "")).problem("date_manquante", t("interview.missing_date"), severity=Severity.WARNING))
        else:
            date = parsed.value
    if ("meta", "service", "") in values and not text_of(meta["service"]):
        found.append(place(("meta", "service", "")).problem("service_manquant", t("interview.missing_service"), severity=Severity.WARNING))
    scores: dict[str, CodeScore] = {}
    for code in CODES:
        level_kind = ("code", code, "level")
        raw = values.get(level_kind)
        if raw is REPORTED:
            failed = True
            continue
        level = parse_level(raw)
        justification = text_of(values.get(("code", code, "justification")))
        if level is None:
            found.append(place(level_kind).problem("niveau_manquant", t("interview.missing_level", code=code)))
            continue
        if level is INVALID:
            found.append(place(level_kind).problem("niveau_invalide", t("interview.bad_level", code=code, value=text_of(raw)), value=text_of(raw)))
            continue
        assert isinstance(level, int)
        if level == EvidenceLevel.EVIDENCED and not justification:
            found.append(place(("code", code, "justification")).problem("justification_manquante", t("interview.missing_justification", code=code)))
            continue
        scores[code] = CodeScore(level, justification, split_lines(values.get(("code", code, "quotes"))))
    report.extend(found)
    if failed or any(p.severity is Severity.ERROR for p in found):
        return None
    return CodedInterview(
        interview_id=interview_id,
        coder=coder,
        scores=scores,
        date=date,
        role=text_of(meta["role"]),
        service=text_of(meta["service"]),
        names=split_list(meta["names"]),
        services_before=split_list(values.get(("services", "before", ""))),
        services_after=split_list(values.get(("services", "after", ""))),
        place=row_place,
    )


def codes_text() -> str:
    return ", ".join(CODES)


def _blind_spot_header(header: str) -> bool:
    return _blind_spot_kind(header) is not None


def _blind_spot_kind(header: str) -> str | None:
    key = compact_key(header)
    meta = meta_keys().get(key)
    if meta in ("interview_id", "coder"):
        return meta
    if key.startswith(("anglemort", "p3anglemort")):
        return "description"
    if "proposition" in key:
        return "proposals"
    return None


def _coding_header(heading: str) -> bool:
    """Whether a heading is one of the codings sheet's."""
    return classify_header(heading) is not None


def _attach_blind_spots(table: Table, codings: list[CodedInterview], rows_seen: set[tuple[str, str]], report: ProblemReport) -> None:
    """Add the rows of the « Angles morts » sheet to the codings they belong to.

    Rows of a coding left out for an error (already reported) are skipped silently."""
    mapping = _column_map(table, _blind_spot_kind, report)
    required = [("interview_id", field_label("interview_id")), ("coder", field_label("coder")),
                ("description", t("interview.field.blind_spot")), ("proposals", t("interview.field.proposals"))]  # fmt: skip
    if _missing_columns(table, mapping, required, report):
        return
    by_key: dict[tuple[str, str], int] = {}
    for position, item in enumerate(codings):
        by_key.setdefault((interview_key(item.interview_id), label_key(item.coder)), position)
    spots: dict[int, list[BlindSpot]] = {}
    for index, row in enumerate(table.frame.to_dict("records")):
        interview_id, coder = text_of(row[mapping["interview_id"]]), text_of(row[mapping["coder"]])
        description = text_of(row[mapping["description"]])
        target = by_key.get((interview_key(interview_id), label_key(coder)))
        if target is None and (interview_key(interview_id), label_key(coder)) in rows_seen:
            continue
        if target is None:
            report.add(
                table.problem(
                    "angle_mort_sans_codage",
                    t("interview.blind_spot_unknown_coding", interview=interview_id, coder=coder, sheet=sheet_name("main")),
                    index=index,
                    column=mapping["interview_id"],
                    value=interview_id,
                )
            )
            continue
        if not description:
            report.add(table.problem("angle_mort_vide", t("interview.blind_spot_empty"), index=index, column=mapping["description"]))
            continue
        column = mapping["proposals"]
        position = list(table.frame.columns).index(column)
        where = Place(table.file, table.sheet, table.rows[index], table.letters[position], table.headers[position])
        spots.setdefault(target, []).append(BlindSpot(description, split_proposals(row[column]), where))
    for target, found in spots.items():
        codings[target] = with_blind_spots(codings[target], found)


def with_blind_spots(coding: CodedInterview, spots: list[BlindSpot]) -> CodedInterview:
    return dataclasses.replace(coding, blind_spots=coding.blind_spots + tuple(spots))


def _reconciliation_kind(header: str) -> str | None:
    key = compact_key(header)
    if meta_keys().get(key) == "interview_id":
        return "interview_id"
    if key == "code":
        return "code"
    if key.startswith("niveau"):
        return "level"
    if key.startswith(("justif", "commentaire")):
        return "justification"
    return None


def reconciliation_header(header: str) -> bool:
    return _reconciliation_kind(header) is not None


def read_reconciliation(table: Table, report: ProblemReport) -> list[Reconciliation]:
    mapping = _column_map(table, _reconciliation_kind, report)
    required = [("interview_id", field_label("interview_id")), ("code", t("interview.field.code")), ("level", t("interview.field.agreed_level"))]
    if _missing_columns(table, mapping, required, report):
        return []
    result: list[Reconciliation] = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(table.frame.to_dict("records")):
        interview_id = text_of(row[mapping["interview_id"]])
        code = text_of(row[mapping["code"]]).upper().replace(" ", "")
        raw = row[mapping["level"]]
        level = parse_level(raw)
        problems = []
        if not interview_id:
            problems.append(table.problem("entretien_manquant", t("interview.missing_id"), index=index, column=mapping["interview_id"]))
        if code not in CODES:
            problems.append(table.problem("code_inconnu", t("interview.unknown_code", code=text_of(row[mapping["code"]]), codes=codes_text()), index=index,
                                          column=mapping["code"], value=row[mapping["code"]]))
        if level is None or level is INVALID:
            problems.append(table.problem("niveau_invalide", t("interview.bad_agreed_level", value=text_of(raw)), index=index, column=mapping["level"], value=raw))
        key = (interview_key(interview_id), code)
        if not problems and key in seen:
            problems.append(table.problem("reconciliation_en_double", t("interview.duplicate_reconciliation", interview=interview_id, code=code, row=seen[key]), index=index,
                                          column=mapping["code"], value=code))
        report.extend(problems)
        if problems:
            continue
        seen[key] = table.rows[index]
        justification = text_of(row[mapping["justification"]]) if "justification" in mapping else ""
        assert isinstance(level, int)
        result.append(Reconciliation(interview_id, code, level, justification, Place(table.file, table.sheet, table.rows[index])))
    return result
