"""Survey import: exports as received → tidy, pseudonymised responses and an import report.

One file is read, its tool recognised, its columns planned (:mod:`surveys.exports.columns`), its rows
accounted for (kept, or excluded as empty, test, incomplete or duplicate), its answers decoded
against the items' scales (:mod:`surveys.exports.answers`), and the respondent key replaced by a keyed
hash (:mod:`surveys.exports.pseudonym`). Several files (waves) are then combined: duplicates resolved
within each wave, respondents matched across waves.

Every row of every file ends in ``SurveyData.rows`` with its status, so that kept + excluded =
rows read; every column in ``SurveyData.columns`` with what it became. No identifying value
(name, e-mail, phone, IP, token, participant code) leaves this module.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from surveys.exports.answers import MISSING, Decoded, decode_items
from surveys.exports.codebook import Codebook
from surveys.exports.columns import ColumnPlan, ItemIndex, Kind, plan_columns
from surveys.exports.formats import TOOL_NAMES, Role, Tool, detect_tool
from surveys.exports.import_notes import contact_problems, key_reason, reading_problems, with_code_column
from surveys.exports.items import ItemSpec, Wave
from surveys.exports.labels import checkbox_state
from surveys.exports.pseudonym import Keys, Pseudonymiser, folded_keys, normalise_key, normalise_keys, numbered, spelled, spelled_array
from surveys.exports.rsyntax import RColumn, read_syntax, syntax_path
from surveys.i18n import t, tn
from surveys.problems import Problem, ProblemReport, Severity
from surveys.reuse import file_state, remembered
from surveys.spreadsheet import Table, read_table

KEPT = "kept"
EXCLUDED = "excluded"


class Reason:
    """Why a row is excluded (stable codes; French labels in the catalogue, ``survey.reason.*``)."""

    EMPTY = "empty"
    HEADING = "heading"
    TEST = "test"
    INCOMPLETE = "incomplete"
    DUPLICATE = "duplicate"

    ALL = (EMPTY, HEADING, TEST, INCOMPLETE, DUPLICATE)
    CODES = ("", *ALL)  # a row's reason as a small integer: 0 (kept), then each reason in this order


_EMPTY, _HEADING, _TEST, _INCOMPLETE = (Reason.CODES.index(r) for r in (Reason.EMPTY, Reason.HEADING, Reason.TEST, Reason.INCOMPLETE))


RESPONSE_COLUMNS = ("respondent", "wave", "item", "value", "label", "missing")
ROW_COLUMNS = ("file", "sheet", "row", "wave", "respondent", "status", "reason", "detail")
COLUMN_COLUMNS = ("file", "sheet", "column", "header", "kind", "role", "item", "option")
_TEST_MARK = re.compile(r"^(test|essai)(\b|_|\d|$)", re.IGNORECASE)
_TEST_STARTS = ("test", "essai")  # what a case-folded test entry begins with
_ANONYMOUS = {"anonymous", "anonyme", ""}
_KEY_ROLES = (Role.PARTICIPANT_CODE, Role.TOKEN, Role.EMAIL)
_STATUSES = (KEPT, EXCLUDED)


@dataclass(frozen=True)
class SurveySource:
    """One export to import: its path, wave, and optionally the tool and sheet to use."""

    path: Path
    wave: Wave
    tool: Tool | None = None
    sheet: str | None = None


@dataclass
class FileImport:
    """What one file gave: its table facts, rows and columns accounted for, decoded answers."""

    source: SurveySource
    file: str
    tool: Tool
    table: Table | None
    rows: pd.DataFrame
    columns: pd.DataFrame
    problems: list[Problem]
    decoded: list[Decoded] = field(default_factory=list)
    profile: dict[str, np.ndarray] = field(default_factory=dict)
    respondents: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))  # each row's pseudonym, once spelled
    spelling: Future[np.ndarray] | None = None  # the pseudonyms being spelled (on a second thread, while the tidy table is built)
    respondent_numbers: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))  # what each pseudonym spells
    submitted_column: str | None = None  # the submission dates' column, read only if duplicates need it
    has_key: bool = False
    key_reason: str = ""  # which column matches respondents across waves, and why (French)


@dataclass
class SurveyData:
    """The import of every survey file of a démarche.

    ``responses``: the tidy long table (one row per respondent × wave × item, kept rows only).
    ``respondents``: one row per kept response: respondent, wave, file, and one column per
    panel-profile item (canonical label, "" when not given).
    ``rows`` and ``columns``: the import report (every input row and column accounted for). In
    ``rows``, the columns of a few values (file, sheet, wave, status, reason) are categorical, and
    so is ``detail`` while no row is a duplicate: ``value_counts`` also counts the absent values, at 0.
    """

    responses: pd.DataFrame
    respondents: pd.DataFrame
    rows: pd.DataFrame
    columns: pd.DataFrame
    files: list[FileImport]
    problems: ProblemReport
    wordings: dict[str, str] = field(default_factory=dict)  # item id of ``responses`` → its question

    def wave_summary(self) -> pd.DataFrame:
        """Per wave: files, rows read, kept, excluded by reason, respondents, matched pairs…"""
        return wave_summary(self)


# --- One file -------------------------------------------------------------------------------------


def import_file(
    path: Path | str,
    wave: Wave | str,
    items: Sequence[ItemSpec] | Codebook,
    *,
    key: bytes,
    tool: Tool | None = None,
    sheet: str | None = None,
) -> SurveyData:
    """Import one export (a convenience over :func:`import_surveys` for a single file)."""
    return import_surveys([SurveySource(Path(path), Wave(wave), tool, sheet)], items, key=key)


def import_surveys(sources: Sequence[SurveySource], items: Sequence[ItemSpec] | Codebook, *, key: bytes) -> SurveyData:
    """Import every export, resolve duplicates within each wave and build the tidy table.

    An unreadable file becomes a fatal problem in the report (its rows cannot be counted) and
    the other files are still imported.
    """
    codebook = items if isinstance(items, Codebook) else Codebook.from_items(items)
    # Within reads_reused (the demo), the same unchanged exports, codebook and key are imported once.
    files = tuple((str(s.path), s.wave, s.tool, s.sheet, file_state(s.path), file_state(syntax_path(s.path))) for s in sources)
    return remembered(("surveys", files, pickle.dumps(codebook), key), partial(_import_all, sources, codebook, key))


def _import_all(sources: Sequence[SurveySource], codebook: Codebook, key: bytes) -> SurveyData:
    """:func:`import_surveys` itself, each time."""
    index = ItemIndex(codebook)
    report = ProblemReport()
    files: list[FileImport] = []
    # Spelling a million pseudonyms holds the interpreter's lock; building the tidy table's columns
    # mostly does not: the pseudonyms are spelled on a second thread meanwhile.
    with ThreadPoolExecutor(1) as spelling:
        for source in sources:
            imported = report.attempt(partial(_import_one, source, codebook, index, key, spelling), file=source.path.name)
            if imported is None:
                continue
            if imported.table is not None:
                imported.table.drop_caches()  # the answers are decoded: the cells' codes can go
            files.append(imported)
        _resolve_duplicates(files)
        for imported in files:
            report.extend(imported.problems)
        return _assemble(files, index, report)


def _import_one(source: SurveySource, codebook: Codebook, index: ItemIndex, key: bytes, spelling: ThreadPoolExecutor) -> FileImport:
    table = read_table(source.path, sheet=source.sheet, known_header=index.known_header, choose_sheet=True, as_text=True)
    tool = source.tool or detect_tool(table.headers, table.preamble)
    groups = _framaforms_groups(table) if tool is Tool.FRAMAFORMS else None
    names = list(table.columns)
    r_columns = _r_columns(source.path, table)
    extra = [(c.code,) if c is not None and c.code else () for c in r_columns] if r_columns else None
    headers = _named_headers(table, r_columns)
    plans = plan_columns(names, headers, table.letters, index, tool, groups, codebook.respondent_key, codebook.ignored, extra)
    if not any(plan.role in _KEY_ROLES for plan in plans):
        plans = with_code_column(table, plans)
    answer_codes = {plan.name: column.codes for plan in plans if r_columns and (column := r_columns[plan.position]) is not None and column.codes}
    problems: list[Problem] = []
    n = len(table)
    wave = source.wave.value

    key_plan = _key_column(plans, table, (*_KEY_ROLES, Role.RESPONSE_ID) if codebook.response_id_as_key else _KEY_ROLES)
    hasher = Pseudonymiser(key)
    # The keys are normalised and hashed on a second thread while the answers are coded (polars,
    # numpy and AES let go of the interpreter's lock: the two share the cores).
    submitted_plan = next((p for p in plans if p.role is Role.SUBMITTED), None)
    with ThreadPoolExecutor(1) as pool:
        hashing = pool.submit(_key_facts, table, key_plan, n, hasher, codebook.test_entries)
        # A LimeSurvey response without submission date is incomplete: its column is read there too.
        submitted = pool.submit(table.filled, submitted_plan.name) if submitted_plan is not None and tool is Tool.LIMESURVEY else None
        # Decoded below; answered cells and headings repeated in answers are found on their codes.
        table.factorize_all([plan.name for plan in plans if plan.kind in (Kind.ITEM, Kind.PROFILE)])
        question_plans = [p for p in plans if p.kind in (Kind.ITEM, Kind.PROFILE, Kind.UNMAPPED)]
        answered = np.zeros(n, dtype=bool)
        for plan in question_plans:
            answered |= table.filled(plan.name)
        reasons = np.zeros(n, dtype=np.int8)  # Reason.CODES: 0 while the row is kept
        reasons[~answered] = _EMPTY
        reasons[(reasons == 0) & _repeats_headings(table)] = _HEADING
        facts = hashing.result()
    keys = facts.keys

    test = facts.test
    for plan in plans:
        if plan.role in (Role.EMAIL, Role.NAME) and plan is not key_plan:
            codes, distinct = table.factorized(plan.name)
            test |= np.fromiter((isinstance(v, str) and bool(_TEST_MARK.match(v.strip())) for v in distinct), dtype=bool, count=len(distinct))[codes]
    reasons[(reasons == 0) & test] = _TEST

    incomplete = np.zeros(n, dtype=bool) if submitted is None else ~submitted.result()
    for plan in plans:
        if plan.role is Role.DRAFT:
            codes, distinct = table.factorized(plan.name)
            incomplete |= np.fromiter((checkbox_state(v) is True for v in distinct), dtype=bool, count=len(distinct))[codes]
    reasons[(reasons == 0) & incomplete] = _INCOMPLETE

    has_key = key_plan is not None
    if key_plan is None:
        problems.append(Problem(file=table.file, sheet=table.sheet, code="enquete_sans_cle", severity=Severity.WARNING,
                                message=t("survey.no_key_column", wave=t(f"survey.wave.{wave}"))))
    else:
        missing_key = keys.per_row(keys.blank()) & (reasons == 0)
        if missing_key.any():
            first = int(np.flatnonzero(missing_key)[0])
            problems.append(table.problem("cle_vide", tn("survey.blank_key", int(missing_key.sum()), count=int(missing_key.sum())),
                                          index=first, column=key_plan.name, severity=Severity.WARNING))

    problems.extend(reading_problems(table, headers))
    problems.extend(contact_problems(table, plans))

    decoded: list[Decoded] = []
    profile: dict[str, np.ndarray] = {}
    decode_items(table, plans, index, tool, decoded, profile, problems, codebook, answer_codes, reasons == 0)
    own, own_packed, respondent_numbers = _pseudonymise(facts, hasher, f"\x00{table.file}\x00{wave}\x00", table.rows)
    for plan in plans:
        if plan.kind is Kind.UNMAPPED:
            problems.append(Problem(file=table.file, sheet=table.sheet, column=plan.letter, header=plan.header,
                                    code="colonne_non_reconnue", severity=Severity.WARNING, message=t("survey.unmapped_column")))
        elif plan.kind is Kind.IGNORED and plan.item is not None:
            problems.append(Problem(file=table.file, sheet=table.sheet, column=plan.letter, header=plan.header,
                                    code="item_en_double", severity=Severity.WARNING, message=t("survey.duplicate_item_column", item=plan.item)))

    rows = _row_frame(table, wave, reasons)
    columns = _column_frame(table, plans)
    pseudonyms = spelling.submit(_spelled, facts, own, own_packed)  # last: what follows needs the interpreter's lock little
    return FileImport(source=source, file=table.file, tool=tool, table=table, rows=rows, columns=columns,
                      problems=problems, decoded=decoded, profile=profile, spelling=pseudonyms, respondent_numbers=respondent_numbers,
                      submitted_column=submitted_plan.name if submitted_plan is not None else None, has_key=has_key, key_reason=key_reason(key_plan, codebook.respondent_key))


def _named_headers(table: Table, r_columns: list[RColumn | None] | None) -> list[str]:
    """Headings, a blank one named by the R syntax file when it names that column."""
    headers = list(table.headers)
    for position, letter in enumerate(table.letters):
        if letter in table.blank_headings and r_columns and r_columns[position] is not None:
            described = r_columns[position]
            name = described.label or described.code if described is not None else None
            if name:
                headers[position] = name
    return headers


def _repeats_headings(table: Table) -> np.ndarray:
    """Rows where most filled cells repeat their column's heading (headings pasted between answers)."""
    same, filled = table.heading_repeats()
    return (same >= 2) & (same * 2 >= filled)


def _r_columns(path: Path, table: Table) -> list[RColumn | None] | None:
    """For a LimeSurvey R data file with its syntax file beside it: what each column is."""
    syntax = syntax_path(path)
    if syntax is None:
        return None
    described = read_syntax(syntax)
    return [described.get(_letter_index(letter) + 1) for letter in table.letters]


def _framaforms_groups(table: Table) -> list[str | None] | None:
    """The group heading above each column (row 2 of a Framaforms export), carried rightwards."""
    if not table.preamble:
        return None
    above = table.preamble[-1]
    positions = [_letter_index(letter) for letter in table.letters]
    groups: list[str | None] = []
    current: str | None = None
    previous = -1
    for position in positions:
        for j in range(previous + 1, position + 1):
            value = above[j] if j < len(above) else ""
            if isinstance(value, str) and value.strip():
                current = value.strip()
        groups.append(current)
        previous = position
    return groups


def _letter_index(letter: str) -> int:
    number = 0
    for char in letter:
        number = number * 26 + ord(char) - 64
    return number - 1


def _blank(distinct: np.ndarray) -> np.ndarray:
    """Which distinct (already cleaned) values are empty: None, NaN or ""."""
    blank = pd.isna(distinct)
    blank |= np.array(distinct == "", dtype=bool)
    return blank


def _key_column(plans: Sequence[ColumnPlan], table: Table, roles: Sequence[Role]) -> ColumnPlan | None:
    """The respondent-key column: codebook's, then token, participant code, e-mail (if filled), in ``roles`` order."""
    for role in roles:
        for plan in plans:
            if plan.role is role:
                values = {normalise_key(v) for v in table.head(plan.name, 500)} - _ANONYMOUS
                if values or not len(table):
                    return plan
    return None


def _key_values(table: Table, plan: ColumnPlan | None, n: int) -> Keys:
    """The normalised key of every row; "" where there is no key."""
    if plan is None:
        return Keys(np.array([""], dtype=object), np.zeros(n, dtype=np.int64))
    texts = table.raw_texts(plan.name)
    if texts is not None:
        return folded_keys(texts, _ANONYMOUS)
    codes, distinct = table.factorized(plan.name)
    blank = _blank(distinct)
    normalised = normalise_keys(["" if b else v for v, b in zip(distinct, blank)])
    keys = np.empty(len(normalised), dtype=object)
    keys[:] = ["" if v in _ANONYMOUS else v for v in normalised]
    return Keys(keys, codes)


@dataclass
class _KeyFacts:
    """What the respondent keys of a file give: their normalised entries, test rows, and each entry's pseudonym."""

    keys: Keys
    test: np.ndarray  # rows whose key marks a test entry (« test », « essai1 »…) or is a listed one
    packed: bytes  # each entry's digest (Pseudonymiser.packed)


def _key_facts(table: Table, plan: ColumnPlan | None, n: int, hasher: Pseudonymiser, test_entries: Sequence[str]) -> _KeyFacts:
    """The keys of every row, normalised, checked for test entries and hashed."""
    keys = _key_values(table, plan, n)
    test = keys.per_row(keys.marked(_TEST_MARK.pattern, _TEST_STARTS))
    if test_entries:
        test = test | keys.per_row(keys.listed({normalise_key(v) for v in test_entries}))
    packed = hasher.packed_buffer(*keys.encoded())
    return _KeyFacts(keys, test, packed)


def _pseudonymise(facts: _KeyFacts, hasher: Pseudonymiser, place: str, rows: Sequence[int]) -> tuple[np.ndarray, bytes, np.ndarray]:
    """The rows without a key and the digests of their own places, and the number each row's pseudonym spells.

    A row without a key gets a pseudonym of its own place (file, wave, row): its response is kept
    but cannot be matched.
    """
    keys = facts.keys
    numbers = keys.per_row(numbered(facts.packed))
    own = np.flatnonzero(keys.per_row(keys.blank()))
    own_packed = hasher.packed([f"{place}{r}" for r in np.asarray(rows)[own]]) if len(own) else b""
    numbers[own] = numbered(own_packed)
    return own, own_packed, numbers


def _spelled(facts: _KeyFacts, own: np.ndarray, own_packed: bytes) -> np.ndarray:
    """The pseudonym of each row: its key's, or for a row without a key (``own``) its own place's."""
    result = facts.keys.per_row(spelled_array(facts.packed))
    result[own] = spelled(own_packed)
    return result


# --- Rows, duplicates, assembly -------------------------------------------------------------------


def _row_frame(table: Table, wave: str, reasons: np.ndarray) -> pd.DataFrame:
    """Every row of the file with its status and reason (``Reason.CODES``), the rows skipped as blank after them.

    Columns of a few values are categorical: a million rows cost a million small integers, not a
    million references to texts, and comparing them is immediate. The pseudonyms are added once
    spelled (:func:`_assemble`).
    """
    blank = np.asarray(table.skipped_blank_rows, dtype=np.int64)
    rows = table.row_numbers()
    if len(blank):
        reasons = np.concatenate([reasons, np.full(len(blank), _EMPTY, dtype=np.int8)])
        rows = np.concatenate([rows, blank])
    count = len(reasons)
    return pd.DataFrame(
        {
            "file": _same(table.file, count),
            "sheet": _same(table.sheet or "", count),
            "row": rows,
            "wave": _same(wave, count),
            "status": _coded((reasons != 0).astype(np.int8), _STATUSES),
            "reason": _coded(reasons, Reason.CODES),
            "detail": _same("", count),
        },
        copy=False,
    )


def _coded(codes: np.ndarray, categories: Sequence[str] | np.ndarray) -> Any:
    """A categorical column from its codes, which index their categories, all distinct, by construction: pandas need not check them."""
    index = pd.Index(categories, dtype=object, copy=False)
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    dtype = fast(index, False) if fast is not None else pd.CategoricalDtype(index)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _same(value: str, count: int) -> pd.Categorical:
    """A categorical column holding ``value`` on every row."""
    return _coded(np.zeros(count, dtype=np.int8), [value])


def _column_frame(table: Table, plans: Sequence[ColumnPlan]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": table.file,
                "sheet": table.sheet or "",
                "column": plan.letter,
                "header": plan.header,
                "kind": plan.kind.value,
                "role": plan.role.value if plan.role else "",
                "item": plan.item or "",
                "option": plan.option or "",
            }
            for plan in plans
        ],
        columns=list(COLUMN_COLUMNS),
    )


def _resolve_duplicates(files: Sequence[FileImport]) -> None:
    """Within a wave, one response per respondent: the last submitted one is kept.

    Ordering: submission date when the export has one (the latest wins), then file order and row
    (the lowest row of the last file wins ties). Each excluded duplicate names the kept row.
    """
    by_wave: dict[str, list[tuple[int, FileImport]]] = {}
    for order, imported in enumerate(files):
        by_wave.setdefault(imported.source.wave.value, []).append((order, imported))
    for entries in by_wave.values():
        masks = []  # the rows still in play of each keyed file
        for order, imported in entries:
            mask = _is(imported.rows["reason"], "")[: len(imported.respondent_numbers)]
            if imported.has_key and mask.any():
                masks.append((order, imported, mask))
        numbers = _taken([(imported.respondent_numbers, mask) for _, imported, mask in masks], np.uint64)
        if not _any_equal(numbers):
            continue
        repeated = pd.Series(numbers).duplicated(keep=False).to_numpy()  # equal numbers, equal pseudonyms
        dup = pd.DataFrame({
            "order": np.concatenate([np.full(np.count_nonzero(mask), order) for order, _, mask in masks])[repeated],
            "position": _taken([(np.arange(len(mask)), mask) for _, _, mask in masks], np.int64)[repeated],
            "respondent": numbers[repeated],
            "row": _taken([(imported.table.row_numbers() if imported.table else np.arange(len(mask)), mask) for _, imported, mask in masks],
                          np.int64)[repeated],
        })
        submitted = np.empty(len(dup), dtype=object)
        for order in dup["order"].unique():
            here = (dup["order"] == order).to_numpy()
            imported = next(f for o, f in entries if o == order)
            submitted[here] = _submitted(imported, dup.loc[here, "position"].to_numpy())
        dup["submitted"] = _parse_dates(submitted).to_numpy()
        dup = dup.sort_values(["respondent", "submitted", "order", "row"], na_position="first", kind="stable")
        winners = dup.drop_duplicates("respondent", keep="last").set_index("respondent")
        losers = dup[dup.duplicated("respondent", keep="last")].sort_values(["order", "position"])
        kept_rows = winners.loc[losers["respondent"], "row"].to_numpy()
        kept_orders = winners.loc[losers["respondent"], "order"].to_numpy()
        for order, imported in entries:
            mine = (losers["order"] == order).to_numpy()
            if not mine.any():
                continue
            positions = losers["position"].to_numpy()[mine]
            details = [t("survey.duplicate_detail", row=int(r), file=files[int(o)].file) for r, o in zip(kept_rows[mine], kept_orders[mine])]
            _exclude(imported.rows, positions, Reason.DUPLICATE, details)
            if imported.table is not None:
                for position, r, o in zip(positions, kept_rows[mine], kept_orders[mine]):
                    imported.problems.append(imported.table.problem("doublon", t("survey.duplicate", row=int(r), file=files[int(o)].file),
                                                                    index=int(position), severity=Severity.WARNING))


def _taken(parts: Sequence[tuple[np.ndarray, np.ndarray]], dtype: type[np.generic]) -> np.ndarray:
    """The values where each mask holds, one array after the other (an array taken whole is not copied)."""
    taken = [_kept(values, mask) for values, mask in parts]
    return taken[0] if len(taken) == 1 else np.concatenate(taken) if taken else np.empty(0, dtype=dtype)


def _is(column: pd.Series, value: str) -> np.ndarray:
    """Which rows of a categorical column hold ``value``, compared on the categories' codes (pandas compares texts)."""
    categories = column.cat.categories
    codes = column.cat.codes.to_numpy()
    return codes == categories.get_loc(value) if value in categories else np.zeros(len(codes), dtype=bool)


def _any_equal(numbers: np.ndarray) -> bool:
    """Whether two numbers are equal: sorted, then neighbours compared (several times faster than hashing them)."""
    ordered = np.sort(numbers)
    return bool((ordered[1:] == ordered[:-1]).any())


def _submitted(imported: FileImport, positions: np.ndarray) -> np.ndarray:
    """The submission dates of these rows of a file, as written (None without such a column)."""
    if imported.submitted_column is None or imported.table is None:
        return np.full(len(positions), None, dtype=object)
    return imported.table.values(imported.submitted_column)[positions]


def _exclude(rows: pd.DataFrame, positions: np.ndarray, reason: str, details: list[str]) -> None:
    """Mark rows excluded in one assignment per column (a per-row ``.loc`` copies the frame each time)."""
    status, reasons = rows["status"].to_numpy(dtype=object, copy=True), rows["reason"].to_numpy(dtype=object, copy=True)
    status[positions], reasons[positions] = EXCLUDED, reason
    rows["status"], rows["reason"] = pd.Categorical(status, categories=_STATUSES), pd.Categorical(reasons, categories=Reason.CODES)
    detail = rows["detail"].to_numpy(dtype=object, copy=True)
    detail[positions] = details
    rows["detail"] = pd.Series(detail, index=rows.index, dtype=object)


def _parse_dates(values: np.ndarray) -> pd.Series:
    series = pd.Series(values, dtype=object)
    parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
    retry = parsed.isna() & series.map(lambda v: isinstance(v, str) and bool(v.strip()))
    if retry.any():
        # Google Forms downloads end with « UTC+1 » or « GMT+1 »; French exports put the day first.
        text = series[retry].str.replace(r"\s*(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?\s*$", "", regex=True)
        parsed[retry] = pd.to_datetime(text, errors="coerce", dayfirst=True, format="mixed")
    return parsed


def _assemble(files: Sequence[FileImport], index: ItemIndex, report: ProblemReport) -> SurveyData:
    """The tidy table, built from integer codes (no string is copied per cell).

    Its columns are allocated once, at their final size and with the smallest integer codes, and
    filled file by file and item by item: no list of parts, no concatenated copy.
    """
    waves = [w.value for w in Wave]
    profile_ids = [i.id for i in index.codebook.items if index.is_profile(i.id)]
    kept_rows = [_is(imported.rows["status"], KEPT)[: len(imported.respondent_numbers)] for imported in files]
    sizes = [int(np.count_nonzero(kept)) for kept in kept_rows]
    numbers = None if len(files) == 1 else [imported.respondent_numbers[kept] for imported, kept in zip(files, kept_rows)]
    all_codes, first = _people(sizes, numbers)
    people_count = sum(sizes) if first is None else len(first)
    starts = np.cumsum([0, *sizes])
    item_categories = list(dict.fromkeys(d.item for f in files for d in f.decoded))
    label_categories = list(dict.fromkeys(["", *(v for f in files for d in f.decoded for v in d.label_table)]))
    label_position = {label: position for position, label in enumerate(label_categories)}
    total = sum(size * len(imported.decoded) for imported, size in zip(files, sizes))
    respondent_codes = np.empty(total, dtype=_code_dtype(people_count))
    wave_codes = np.empty(total, dtype=_code_dtype(len(waves)))
    item_codes = np.empty(total, dtype=_code_dtype(len(item_categories)))
    values = np.empty(total, dtype=float)
    label_codes = np.empty(total, dtype=_code_dtype(len(label_categories)))
    missing_codes = np.empty(total, dtype=_code_dtype(len(MISSING)))
    item_position = {item: position for position, item in enumerate(item_categories)}
    end = 0
    for number, (imported, kept) in enumerate(zip(files, kept_rows)):
        people_codes = all_codes[starts[number] : starts[number + 1]]
        positions = np.flatnonzero(kept)  # taken straight into the columns (mode="clip": no checked copy)
        for decoded in imported.decoded:
            start, end = end, end + sizes[number]
            respondent_codes[start:end] = people_codes
            wave_codes[start:end] = waves.index(imported.source.wave.value)
            item_codes[start:end] = item_position[decoded.item]
            entries = decoded.entries_of(positions)
            np.take(decoded.entry_values, entries, out=values[start:end], mode="clip")
            label_recode = np.array([label_position[v] for v in decoded.label_table], dtype=label_codes.dtype)
            np.take(label_recode[decoded.entry_label_codes], entries, out=label_codes[start:end], mode="clip")
            np.take(decoded.entry_missing_codes, entries, out=missing_codes[start:end], mode="clip")

    for imported in files:  # the pseudonyms, spelled meanwhile
        if imported.spelling is not None:
            imported.respondents, imported.spelling = imported.spelling.result(), None
    everyone = [_kept(imported.respondents, kept) for imported, kept in zip(files, kept_rows)]
    people = everyone[0] if len(everyone) == 1 else np.concatenate(everyone) if everyone else np.empty(0, dtype=object)
    respondent_frames = []
    for imported, kept, kept_people in zip(files, kept_rows, everyone):
        row_numbers = _kept(imported.table.row_numbers() if imported.table else np.empty(0, dtype=np.int64), kept)
        frame = pd.DataFrame({"respondent": pd.Series(kept_people, dtype=object, copy=False), "wave": _same(imported.source.wave.value, len(kept_people)),
                              "file": _same(imported.file, len(kept_people)), "row": row_numbers}, copy=False)
        for item_id in profile_ids:
            labels = imported.profile.get(item_id)
            frame[item_id] = labels[kept] if labels is not None else ""
        respondent_frames.append(frame)

    responses = pd.DataFrame(
        {
            "respondent": _coded(respondent_codes, people if first is None else people[first]),
            "wave": _coded(wave_codes, waves),
            "item": _coded(item_codes, item_categories),
            "value": values,
            "label": _coded(label_codes, label_categories),
            "missing": _coded(missing_codes, MISSING),
        },
        copy=False,
    )
    respondents = (pd.concat(respondent_frames, ignore_index=True) if respondent_frames
                   else pd.DataFrame(columns=["respondent", "wave", "file", "row", *profile_ids]))
    rows = pd.concat([f.rows for f in files], ignore_index=True) if files else pd.DataFrame(columns=list(ROW_COLUMNS))
    if files:
        rows.insert(ROW_COLUMNS.index("respondent"), "respondent", _row_pseudonyms(files))
    columns = pd.concat([f.columns for f in files], ignore_index=True) if files else pd.DataFrame(columns=list(COLUMN_COLUMNS))
    wordings = {d.item: d.wording for f in files for d in f.decoded}
    return SurveyData(responses=responses, respondents=respondents, rows=rows, columns=columns, files=list(files), problems=report,
                      wordings=wordings)


def _row_pseudonyms(files: Sequence[FileImport]) -> pd.Series:
    """The pseudonym of every row of the row report, file after file ("" for the rows skipped as blank after each file's rows)."""
    parts = []
    for imported in files:
        parts.append(imported.respondents)
        if len(imported.rows) > len(imported.respondents):
            parts.append(np.full(len(imported.rows) - len(imported.respondents), "", dtype=object))
    return pd.Series(parts[0] if len(parts) == 1 else np.concatenate(parts), dtype=object, copy=False)


def _people(sizes: list[int], numbers: list[np.ndarray] | None) -> tuple[np.ndarray, np.ndarray | None]:
    """(code of each kept row's respondent, each respondent's first kept row), found on their numbers.

    ``sizes``: the kept rows of each file. ``numbers`` None: one file, whose duplicates are resolved
    (and whose rows without key have a pseudonym of their own row): each kept row is a respondent
    of its own, and the second part is None, as when every number differs.
    """
    total = sum(sizes)
    if numbers is None:
        return np.arange(total, dtype=_code_dtype(total)), None
    codes, distinct = pd.factorize(np.concatenate(numbers)) if numbers else (np.empty(0, dtype=np.int64), np.empty(0))
    if len(distinct) == total:  # one row per respondent: in their order
        return codes, None
    return codes, pd.Series(codes).drop_duplicates().index.to_numpy()  # codes count up from 0 in order of appearance


def _kept(values: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """The values of the kept rows: the array itself when every row is kept (shared, never modified)."""
    return values if kept.all() else values[kept]


def _code_dtype(categories: int) -> type[np.signedinteger[Any]]:
    """The integer type pandas keeps the codes of so many categories in (so it copies nothing)."""
    for dtype in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


# --- Summary ----------------------------------------------------------------------------------------


def wave_summary(data: SurveyData) -> pd.DataFrame:
    """One row per wave present: counts the CLI prints and the report's first sheet shows."""
    records = []
    present = {f.source.wave.value for f in data.files} | (set(data.rows["wave"]) if len(data.rows) else set())
    waves = [w.value for w in Wave if w.value in present]
    kept_people = {w: set(data.respondents.loc[data.respondents["wave"] == w, "respondent"]) for w in waves}
    keyed = _matchable(data)
    for wave in waves:
        rows = data.rows[data.rows["wave"] == wave]
        files = [f for f in data.files if f.source.wave.value == wave]
        record: dict[str, Any] = {
            "wave": wave,
            "files": ", ".join(f.file for f in files),
            "tools": ", ".join(TOOL_NAMES[f.tool] for f in files),
            "rows": len(rows),
            "kept": int((rows["status"] == KEPT).sum()),
        }
        for reason in Reason.ALL:
            record[reason] = int((rows["reason"] == reason).sum())
        record["respondents"] = len(kept_people[wave])
        record["pairs"] = len(kept_people[wave] & kept_people["pre"] & keyed) if wave != "pre" and "pre" in kept_people else None
        wave_columns = data.columns[data.columns["file"].isin([f.file for f in files])]
        record["unmapped"] = int((wave_columns["kind"] == Kind.UNMAPPED.value).sum())
        record["items"] = int(wave_columns.loc[wave_columns["kind"] == Kind.ITEM.value, "item"].nunique())
        record["unknown_labels"] = sum(1 for p in data.problems if p.code == "libelle_inconnu" and p.file in {f.file for f in files})
        records.append(record)
    return pd.DataFrame.from_records(records)


def _matchable(data: SurveyData) -> set[str]:
    """Respondents whose pseudonym comes from a real key (not from a row without key)."""
    keyed: set[str] = set()
    for imported in data.files:
        if imported.has_key:
            n = len(imported.respondents)
            rows = imported.rows.iloc[:n]
            keyed.update(imported.respondents[(rows["status"] == KEPT).to_numpy()])
    return keyed

