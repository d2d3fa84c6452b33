"""Administration interviews coded on the suivi grid, read back from Excel or from Word grids.

The grid (see ``docs/formats.md``) codes one interview with a member of staff on six codes,
P1–P6, and on the time and resources they had (``TM``), each on an evidence scale: 0 absent,
1 asserted, 2 evidenced by an artefact (a note, a procedure, a budget line, a changed document),
with a justification and optional quotes. P2 also lists the services worked with before and
after the démarche; P3 lists the blind spots revealed, each linked to proposal identifiers of the
register.

Two sources are read into the same :class:`InterviewSet`:

- a workbook (``entretiens.xlsx``): sheet « Entretiens », one row per interview and coder;
  sheet « Angles morts », one row per blind spot; optional sheet « Réconciliation », one row per
  interview and code whose agreed level replaces the coders' levels;
- a folder of filled Word grids (one ``.docx`` per interview and coder), with an optional
  ``reconciliation.xlsx`` beside them holding the « Réconciliation » sheet.

Every problem is located (file, sheet/row/column or table/row/column) and explained in French.
A coding with an error is left out of the set; the report says why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

import python_calamine

from surveys.dates import parse_cell_date
from surveys.guards import check_regular_file, check_zip
from surveys.i18n import current_language, t
from surveys.problems import Problem, ProblemReport, Severity, SuiviError, display_name
from surveys.spreadsheet import SPREADSHEET_KINDS, Table, detect_kind, read_table
from surveys.text import clean_cell, label_key

CODES: tuple[str, ...] = ("P1", "P2", "P3", "P4", "P5", "P6", "TM")
COLLABORATION_CODE = "P2"
BLIND_SPOT_CODE = "P3"
RECONCILIATION_FILE_STEM = "reconciliation"
DOCX_SUFFIX = ".docx"


class EvidenceLevel(IntEnum):
    """How strongly an interview shows a code: absent, asserted, evidenced by an artefact."""

    ABSENT = 0
    ASSERTED = 1
    EVIDENCED = 2


LEVELS: tuple[int, ...] = tuple(int(level) for level in EvidenceLevel)


def code_label(code: str) -> str:
    """Short French name of a code (« Changement de pratique »)."""
    return t(f"interview.code.{code}.label")


def code_question(code: str) -> str:
    """The question the coder answers for a code."""
    return t(f"interview.code.{code}.question")


def level_label(level: int) -> str:
    """French name of an evidence level (« attesté par une pièce »)."""
    return t(f"interview.level.{level}")


# --- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a value was read: a cell of a sheet, or a row of a Word table."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    table: str | None = None

    def problem(self, code: str, message: str, value: Any = None, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(
            file=self.file,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            header=self.header,
            table=self.table,
            value=None if value is None or value == "" else str(value),
            code=code,
            severity=severity,
            message=message,
        )


@dataclass(frozen=True)
class CodeScore:
    """One code of one coding: the level, why, and what the interviewee said."""

    level: int
    justification: str = ""
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlindSpot:
    """A blind spot the démarche revealed, linked to proposal identifiers of the register."""

    description: str
    proposals: tuple[str, ...] = ()
    place: Place | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CodedInterview:
    """One interview as coded by one coder.

    ``names`` lists the people to mask in quotes (the interviewee, colleagues named); it is read
    to redact, never published.
    """

    interview_id: str
    coder: str
    scores: dict[str, CodeScore]
    date: dt.date | None = None
    role: str = ""
    service: str = ""
    names: tuple[str, ...] = ()
    services_before: tuple[str, ...] = ()
    services_after: tuple[str, ...] = ()
    blind_spots: tuple[BlindSpot, ...] = ()
    place: Place | None = field(default=None, compare=False, repr=False)

    def level(self, code: str) -> int:
        return self.scores[code].level


@dataclass(frozen=True)
class Reconciliation:
    """The level the coders agreed on for one code of one interview; it replaces theirs."""

    interview_id: str
    code: str
    level: int
    justification: str = ""
    place: Place | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class InterviewSet:
    """Every valid coding and reconciliation read from one source."""

    codings: tuple[CodedInterview, ...] = ()
    reconciliations: tuple[Reconciliation, ...] = ()
    source: str = ""

    def interview_ids(self) -> list[str]:
        """Interview identifiers in the order they first appear."""
        return list(dict.fromkeys(c.interview_id for c in self.codings))

    def codings_of(self, interview_id: str) -> list[CodedInterview]:
        """The codings of one interview, in the order they were read (first coder first)."""
        return [c for c in self.codings if c.interview_id == interview_id]

    def reconciled(self) -> dict[tuple[str, str], Reconciliation]:
        return {(r.interview_id, r.code): r for r in self.reconciliations}


# --- value parsing -------------------------------------------------------------------------------

_LEVEL_WORDS = {"absent": 0, "absente": 0, "affirme": 1, "affirmee": 1, "declare": 1, "atteste": 2, "attestee": 2}


class _Invalid:
    """Marker for a value that is present but cannot be read."""


class _Reported:
    """Marker for a value whose absence was already reported (a missing row of a Word table)."""


INVALID = _Invalid()
_REPORTED = _Reported()


def compact_key(value: str) -> str:
    """Matching key without spaces or punctuation: « P1 – niveau » → ``p1niveau``."""
    return re.sub(r"[^a-z0-9]", "", label_key(value))


def interview_key(interview_id: str) -> str:
    """Matching key of an interview identifier: case and repeated spaces ignored."""
    return " ".join(interview_id.split()).casefold()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates in ISO form."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()  # cells are cleaned when read (read_table, docx_cell_text)
    return clean_cell(str(value))


def parse_level(value: Any) -> int | _Invalid | None:
    """An evidence level from a cell: 0, 1, 2, « 2 – attesté », « affirmé »…; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return INVALID
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        key = label_key(str(value))
        match = re.match(r"^(\d+(?:[.,]\d+)?)(?!\d)", key)
        if match:
            number = float(match.group(1).replace(",", "."))
        else:
            first = re.split(r"[^a-z]+", key, maxsplit=1)[0]
            return _LEVEL_WORDS.get(first, INVALID)
    if number.is_integer() and int(number) in LEVELS:
        return int(number)
    return INVALID


def split_lines(value: Any) -> tuple[str, ...]:
    """Quotes, one per line, without surrounding quotation marks."""
    lines = []
    for line in text_of(value).split("\n"):
        line = line.strip().strip("«»\"“”").strip()
        if line:
            lines.append(line)
    return tuple(lines)


def split_list(value: Any) -> tuple[str, ...]:
    """Services or names separated by « ; » or line breaks (or by commas when there is neither)."""
    text = text_of(value)
    separators = r"[;\n]" if re.search(r"[;\n]", text) else r","
    items: dict[str, str] = {}
    for piece in re.split(separators, text):
        piece = piece.strip().strip("•-–").strip()
        if piece:
            items.setdefault(label_key(piece), piece)
    return tuple(items.values())


def split_proposals(value: Any) -> tuple[str, ...]:
    """Proposal identifiers: « P03, P07 », « P03 ; P07 », « P03 P07 » → (``P03``, ``P07``)."""
    pieces = re.split(r"[\s,;/]+", text_of(value))
    return tuple(dict.fromkeys(p.strip(".").upper() for p in pieces if p.strip(".")))


def proposal_lookup(proposal_ids: Collection[str]) -> dict[str, str]:
    """Register identifiers by their matching key (case ignored)."""
    return {str(p).strip().upper(): str(p).strip() for p in proposal_ids}


def _suggest_proposal(wanted: str, known: dict[str, str]) -> str | None:
    """The register identifier meant by ``P3`` or ``P03`` when the register says ``P-03``."""

    def loose(key: str) -> str:
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", re.sub(r"[^A-Z0-9]", "", key))

    matches = [original for key, original in known.items() if loose(key) == loose(wanted)]
    return matches[0] if len(matches) == 1 else None


# --- columns of the workbook ---------------------------------------------------------------------

META_FIELDS = ("interview_id", "coder", "date", "role", "service", "names")
REQUIRED_META = ("interview_id", "coder")
PARTS = ("level", "justification", "quotes")
_META_ALIASES = {
    "interview_id": ("identifiant", "identifiant de l'entretien", "id entretien", "n° entretien", "entretien n°", "code entretien"),
    "coder": ("codeur", "codeuse", "codeur·se", "codeur.se", "codeur/codeuse"),
    "date": ("date",),
    "role": ("fonction", "role", "poste", "fonction de l'interviewe"),
    "service": ("service de la personne interrogee", "direction", "service ou direction"),
    "names": ("noms a masquer dans les citations", "personnes a anonymiser", "noms"),
}


def field_label(name: str) -> str:
    """The heading of a metadata field (« Codeur ou codeuse »)."""
    return t(f"interview.field.{name}")


def column_label(code: str, part: str) -> str:
    """The heading of a code column (« P1 niveau »)."""
    return t(f"interview.column.{part}", code=code)


def _meta_keys() -> dict[str, str]:
    """Matching keys of the metadata headings and their aliases, for the current language."""
    return _meta_keys_for(current_language())


@functools.lru_cache(maxsize=4)
def _meta_keys_for(language: str) -> dict[str, str]:
    keys = {}
    for name in META_FIELDS:
        keys[compact_key(field_label(name))] = name
        for alias in _META_ALIASES[name]:
            keys[compact_key(alias)] = name
    return keys


_CODE_COLUMN = re.compile(r"^(p\d+|tm)(.*)$")


def classify_header(header: str) -> tuple[str, str, str] | None:
    """What a heading of the « Entretiens » sheet holds.

    Returns ``("meta", field, "")``, ``("code", code, part)`` with part ``level``,
    ``justification`` or ``quotes``, ``("services", "before"|"after", "")``,
    ``("unknown_code", code, "")`` for a code that is not on the grid, or None.
    """
    key = compact_key(header)
    meta = _meta_keys().get(key)
    if meta:
        return ("meta", meta, "")
    match = _CODE_COLUMN.match(key)
    if not match:
        return None
    code, rest = match.group(1).upper(), match.group(2)
    if code == COLLABORATION_CODE and "service" in rest:
        if "avant" in rest:
            return ("services", "before", "")
        if "apres" in rest:
            return ("services", "after", "")
    if rest in ("", "niveau") or rest.startswith("niveau"):
        part = "level"
    elif rest.startswith("justif"):
        part = "justification"
    elif rest.startswith("citation"):
        part = "quotes"
    else:
        return None
    if code not in CODES:
        return ("unknown_code", code, "")
    return ("code", code, part)


def sheet_name(kind: str) -> str:
    """French name of a sheet of the workbook: ``main``, ``blind_spots``, ``reconciliation``…"""
    return t(f"interview.sheet.{kind}")


# --- reading ------------------------------------------------------------------------------------


def read_interviews(
    path: Path | str,
    report: ProblemReport,
    *,
    proposal_ids: Collection[str] | None = None,
) -> InterviewSet:
    """Read coded interviews from a workbook, a Word grid or a folder of Word grids.

    Problems go to ``report``; an unreadable workbook raises :class:`SuiviError`. With
    ``proposal_ids`` (the register's identifiers), blind spots linked to an unknown proposal are
    errors.
    """
    path = Path(path)
    if path.is_dir():
        codings, reconciliations = _read_folder(path, report)
    elif path.suffix.lower() == DOCX_SUFFIX:
        coding = read_interview_docx(path, report)
        codings, reconciliations = ([coding] if coding else []), []
    else:
        codings, reconciliations = _read_workbook(path, report)
    return _validate(codings, reconciliations, report, proposal_ids, display_name(path))


def load_interviews(
    path: Path | str,
    report: ProblemReport,
    *,
    proposal_ids: Collection[str] | None = None,
) -> InterviewSet | None:
    """Like :func:`read_interviews`, but a file that cannot be read at all becomes a problem in
    ``report`` (and ``None``) instead of an exception, so a folder check can go on."""
    try:
        return read_interviews(path, report, proposal_ids=proposal_ids)
    except SuiviError as exc:
        report.add(Problem(file=exc.file or display_name(path), code=exc.code, message=str(exc)))
        return None


def _sheet_names(path: Path) -> list[str]:
    """Sheet names of a workbook, or an empty list for a CSV file."""
    try:
        check_regular_file(path, display_name(path))
        data = path.read_bytes()
    except (OSError, SuiviError):
        return []  # read_table reports it
    if detect_kind(data) not in SPREADSHEET_KINDS:
        return []
    try:
        return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # python-calamine raises several error kinds; read_table reports them
        return []


def _find_sheet(names: list[str], kind: str) -> str | None:
    wanted = compact_key(sheet_name(kind))
    return next((s for s in names if compact_key(s) == wanted), None)


def _read_workbook(path: Path, report: ProblemReport) -> tuple[list[CodedInterview], list[Reconciliation]]:
    names = _sheet_names(path)
    main = _find_sheet(names, "main")
    if main is None and names:
        others = {_find_sheet(names, k) for k in ("blind_spots", "reconciliation", "instructions")}
        main = next((s for s in names if s not in others), names[0])
    table = read_table(path, sheet=main, known_header=lambda h: classify_header(h) is not None)
    codings, rows_seen = _read_main_sheet(table, report)
    blind_sheet = _find_sheet(names, "blind_spots")
    if blind_sheet and rows_seen is not None:
        _attach_blind_spots(read_table(path, sheet=blind_sheet, known_header=_blind_spot_header), codings, rows_seen, report)
    reconciliations: list[Reconciliation] = []
    reconciliation_sheet = _find_sheet(names, "reconciliation")
    if reconciliation_sheet:
        reconciliations = _read_reconciliation(read_table(path, sheet=reconciliation_sheet, known_header=_reconciliation_header), report)
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
            code = classify_header(kind[1])[1]  # type: ignore[index]
            report.add(table.problem("code_inconnu", t("interview.unknown_code_column", code=code, codes=_codes_text()), column=column, row=table.header_row))
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

        coding = _build_coding(values, place, report, Place(table.file, table.sheet, table.rows[index]))
        if coding is not None:
            codings.append(coding)
    return codings, seen


def _build_coding(
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
        if meta[name] is _REPORTED:
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
        if raw is _REPORTED:
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


def _codes_text() -> str:
    return ", ".join(CODES)


def _blind_spot_header(header: str) -> bool:
    return _blind_spot_kind(header) is not None


def _blind_spot_kind(header: str) -> str | None:
    key = compact_key(header)
    meta = _meta_keys().get(key)
    if meta in ("interview_id", "coder"):
        return meta
    if key.startswith(("anglemort", "p3anglemort")):
        return "description"
    if "proposition" in key:
        return "proposals"
    return None


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
        codings[target] = _with_blind_spots(codings[target], found)


def _with_blind_spots(coding: CodedInterview, spots: list[BlindSpot]) -> CodedInterview:
    return dataclasses.replace(coding, blind_spots=coding.blind_spots + tuple(spots))


def _reconciliation_kind(header: str) -> str | None:
    key = compact_key(header)
    if _meta_keys().get(key) == "interview_id":
        return "interview_id"
    if key == "code":
        return "code"
    if key.startswith("niveau"):
        return "level"
    if key.startswith(("justif", "commentaire")):
        return "justification"
    return None


def _reconciliation_header(header: str) -> bool:
    return _reconciliation_kind(header) is not None


def _read_reconciliation(table: Table, report: ProblemReport) -> list[Reconciliation]:
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
            problems.append(table.problem("code_inconnu", t("interview.unknown_code", code=text_of(row[mapping["code"]]), codes=_codes_text()), index=index, column=mapping["code"], value=row[mapping["code"]]))
        if level is None or level is INVALID:
            problems.append(table.problem("niveau_invalide", t("interview.bad_agreed_level", value=text_of(raw)), index=index, column=mapping["level"], value=raw))
        key = (interview_key(interview_id), code)
        if not problems and key in seen:
            problems.append(table.problem("reconciliation_en_double", t("interview.duplicate_reconciliation", interview=interview_id, code=code, row=seen[key]), index=index, column=mapping["code"], value=code))
        report.extend(problems)
        if problems:
            continue
        seen[key] = table.rows[index]
        justification = text_of(row[mapping["justification"]]) if "justification" in mapping else ""
        assert isinstance(level, int)
        result.append(Reconciliation(interview_id, code, level, justification, Place(table.file, table.sheet, table.rows[index])))
    return result


# --- Word grids ---------------------------------------------------------------------------------


def _read_folder(folder: Path, report: ProblemReport) -> tuple[list[CodedInterview], list[Reconciliation]]:
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
            sheets = _sheet_names(path)
            sheet = _find_sheet(sheets, "reconciliation")
            reconciliations.extend(_read_reconciliation(read_table(path, sheet=sheet, known_header=_reconciliation_header), report))
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


def read_interview_docx(path: Path, report: ProblemReport) -> CodedInterview | None:
    """One coding from a filled Word grid (written by ``suivi interview-grid``)."""
    import docx

    name = display_name(path)
    try:
        check_regular_file(path, name)
        check_zip(path, name)
    except SuiviError as exc:
        broken = exc.code == "fichier_endommage"
        report.add(Problem(file=name, code="docx_illisible" if broken else exc.code, message=t("interview.docx_unreadable") if broken else str(exc)))
        return None
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises zip, XML and value errors for broken files
        report.add(Problem(file=name, code="docx_illisible", message=t("interview.docx_unreadable")))
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
    coding = _build_coding(values, place, report, Place(name))
    if coding is None:
        return None
    spots = _read_blind_spot_table(name, tables.get("blind_spots", []))
    return _with_blind_spots(coding, spots) if spots else coding


def _is_blank_grid(values: dict[Any, Any]) -> bool:
    """A grid nobody filled in: no identifier, no coder, no level."""
    keys = [("meta", "interview_id", ""), ("meta", "coder", "")] + [("code", code, "level") for code in CODES]
    return all(isinstance(values.get(key), str) and not values[key].strip() for key in keys)


def _read_identification(name: str, rows: list[list[str]], values: dict[Any, Any], places: dict[Any, Place], report: ProblemReport) -> None:
    table = docx_table_name("identification")
    keys = _meta_keys()
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
            values[("meta", field_name, "")] = _REPORTED


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
            values[("code", code, "level")] = _REPORTED
        return
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        cell = cells[columns["code"]] if columns["code"] < len(cells) else ""
        if not "".join(cells).strip():
            continue
        match = re.match(r"^\s*(P\s*\d+|TM)\b", cell, flags=re.IGNORECASE)
        code = match.group(1).upper().replace(" ", "") if match else ""
        if code not in CODES:
            report.add(Problem(file=name, table=table, row=number, header=header[columns["code"]], code="code_inconnu", value=cell or None, message=t("interview.unknown_code", code=cell, codes=_codes_text())))
            continue
        if code in seen:
            report.add(Problem(file=name, table=table, row=number, header=header[columns["code"]], code="code_en_double", value=code, message=t("interview.duplicate_code", code=code, row=seen[code])))
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
            values[("code", code, "level")] = _REPORTED


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


# --- checks across codings -------------------------------------------------------------------------


def _validate(
    codings: list[CodedInterview],
    reconciliations: list[Reconciliation],
    report: ProblemReport,
    proposal_ids: Collection[str] | None,
    source: str,
) -> InterviewSet:
    """Checks that need every coding: duplicates, metadata, blind spots, reconciliations."""
    kept: list[CodedInterview] = []
    first: dict[tuple[str, str], CodedInterview] = {}
    by_interview: dict[str, list[CodedInterview]] = {}
    spelling: dict[str, str] = {}  # « e01 » and « E01 » are one interview, spelt as first read
    for coding in codings:
        canonical = spelling.setdefault(interview_key(coding.interview_id), coding.interview_id)
        if canonical != coding.interview_id:
            coding = dataclasses.replace(coding, interview_id=canonical)
        key = (coding.interview_id, label_key(coding.coder))
        where = coding.place or Place(source)
        if key in first:
            report.add(where.problem("codage_en_double", t("interview.duplicate_coding", interview=coding.interview_id, coder=coding.coder, where=_where(first[key].place))))
            continue
        first[key] = coding
        by_interview.setdefault(coding.interview_id, []).append(coding)
        kept.append(coding)
    for interview_id, group in by_interview.items():
        head = group[0]
        for other in group[1:]:
            for attribute in ("service", "role", "date"):
                mine, theirs = getattr(head, attribute), getattr(other, attribute)
                if mine and theirs and (label_key(str(mine)) != label_key(str(theirs))):
                    report.add((other.place or Place(source)).problem(
                        "metadonnees_divergentes",
                        t("interview.metadata_differs", interview=interview_id, field=field_label(attribute), value=str(theirs), first=str(mine), coder=head.coder),
                        value=str(theirs), severity=Severity.WARNING))  # fmt: skip
        if len(group) > 2:
            report.add((group[2].place or Place(source)).problem("plus_de_deux_codeurs", t("interview.more_than_two_coders", interview=interview_id, n=len(group)), severity=Severity.WARNING))
    known = proposal_lookup(proposal_ids) if proposal_ids is not None else None
    checked: list[CodedInterview] = []
    for coding in kept:
        spots = []
        for spot in coding.blind_spots:
            spots.append(_check_blind_spot(spot, coding, known, report, source))
        level = coding.scores[BLIND_SPOT_CODE].level
        where = coding.place or Place(source)
        if level >= EvidenceLevel.ASSERTED and not coding.blind_spots:
            report.add(where.problem("angles_morts_absents", t("interview.blind_spots_missing", interview=coding.interview_id, coder=coding.coder, level=level), severity=Severity.WARNING))
        if level == EvidenceLevel.ABSENT and coding.blind_spots:
            report.add(where.problem("angles_morts_niveau_zero", t("interview.blind_spots_at_zero", interview=coding.interview_id, coder=coding.coder), severity=Severity.WARNING))
        checked.append(dataclasses.replace(coding, blind_spots=tuple(spots)))
    valid_reconciliations = []
    for reconciliation in reconciliations:
        canonical = spelling.get(interview_key(reconciliation.interview_id), reconciliation.interview_id)
        reconciliation = dataclasses.replace(reconciliation, interview_id=canonical)
        if reconciliation.interview_id not in by_interview:
            where = reconciliation.place or Place(source)
            report.add(where.problem("reconciliation_sans_entretien", t("interview.reconciliation_unknown_interview", interview=reconciliation.interview_id), value=reconciliation.interview_id))
            continue
        valid_reconciliations.append(reconciliation)
    _report_disagreements(by_interview, {(r.interview_id, r.code) for r in valid_reconciliations}, report, source)
    if not checked and not report.has_errors:
        report.add(Problem(file=source, code="aucun_entretien", severity=Severity.WARNING, message=t("interview.none")))
    return InterviewSet(tuple(checked), tuple(valid_reconciliations), source)


def _report_disagreements(
    by_interview: dict[str, list[CodedInterview]], reconciled: set[tuple[str, str]], report: ProblemReport, source: str
) -> None:
    """One warning per interview × code on which the coders differ and no agreed level is given."""
    for interview_id, group in by_interview.items():
        if len(group) < 2:
            continue
        for code in CODES:
            levels = [c.scores[code].level for c in group]
            if len(set(levels)) == 1 or (interview_id, code) in reconciled:
                continue
            listed = ", ".join(f"{c.coder} : {level}" for c, level in zip(group, levels))
            where = group[1].place or Place(source)
            report.add(where.problem(
                "desaccord_a_reconcilier",
                t("interview.disagreement", code=code, interview=interview_id, levels=listed, lowest=min(levels), sheet=sheet_name("reconciliation")),
                severity=Severity.WARNING))  # fmt: skip


def _check_blind_spot(spot: BlindSpot, coding: CodedInterview, known: dict[str, str] | None, report: ProblemReport, source: str) -> BlindSpot:
    where = spot.place or coding.place or Place(source)
    if not spot.proposals:
        report.add(where.problem("angle_mort_sans_proposition", t("interview.blind_spot_unlinked"), severity=Severity.WARNING))
        return spot
    if known is None:
        return spot
    linked = []
    for proposal in spot.proposals:
        if proposal.upper() in known:
            linked.append(known[proposal.upper()])
            continue
        suggestion = _suggest_proposal(proposal.upper(), known)
        if suggestion:
            message = t("interview.unknown_proposal_suggest", proposal=proposal, suggestion=suggestion)
        else:
            message = t("interview.unknown_proposal", proposal=proposal)
        report.add(where.problem("proposition_inconnue", message, value=proposal))
    return BlindSpot(spot.description, tuple(linked), spot.place)


def _where(place: Place | None) -> str:
    """A short French reference to where a coding was read (« ligne 4 », « E03-b.docx »)."""
    if place is None:
        return ""
    if place.row is not None and place.table is None:
        return t("interview.where_row", row=place.row)
    return t("interview.where_file", file=place.file)
