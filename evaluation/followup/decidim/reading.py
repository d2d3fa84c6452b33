"""Reading a Decidim proposals export as a located table: CSV (``;`` or ``,``), JSON, XLSX, open-data ZIP.

CSV and Excel files go through :func:`surveys.spreadsheet.read_table` (encoding, separator, row
numbers). A JSON export is flattened the way Decidim flattens it for CSV (nested keys joined by
``/``, lists joined by ``, ``). The open-data ZIP is read in memory, never extracted: only its
proposals entry is read, within size and compression limits.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from surveys.guards import BROKEN_ARCHIVE, check_regular_file, read_regular_file
from surveys.i18n import t
from surveys.problems import SuiviError, display_name
from surveys.spreadsheet import RowNumbers, Table, detect_kind, read_table

MAX_FILE_BYTES = 200 * 1024 * 1024  # an export or archive larger than this is refused
MAX_ENTRY_BYTES = 100 * 1024 * 1024  # the proposals entry of an open-data archive, once decompressed
MAX_RATIO = 100  # decompressed / compressed size above which an entry is treated as a zip bomb
_KNOWN_HEADERS = frozenset({"id", "state", "reference", "url", "answer", "title", "body"})


def read_export(path: Path | str, *, entity: str = "proposals", _inside: str | None = None) -> Table:
    """A Decidim export (of ``entity``: proposals or results) as a :class:`Table`, or
    :class:`SuiviError` saying why not.

    A ZIP is either the open-data archive or the archive an admin export arrives in (one file).
    """
    path = Path(path)
    name = display_name(path)
    if check_regular_file(path, name) > MAX_FILE_BYTES:
        raise SuiviError(t("decidim.read.too_big", file=name, limit=MAX_FILE_BYTES // 2**20), code="fichier_trop_gros", file=name)
    data = read_regular_file(path, name)
    if data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return _read_json(data, name)
    if data and detect_kind(data) == "zip":
        if _inside is not None:  # an archive inside the archive: not something Decidim writes
            raise SuiviError(_no_entry(_inside, entity, name), code="archive_sans_propositions", file=_inside)
        return _read_zip(path, name, entity)
    return read_table(path, known_header=_known_header)


def _known_header(cell: str) -> bool:
    return cell.split("/", 1)[0] in _KNOWN_HEADERS


# --- JSON -----------------------------------------------------------------------------------
def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """Decidim's CSV flattening: ``{"title": {"fr": "…"}}`` → ``{"title/fr": "…"}``; lists joined."""
    if isinstance(record, dict):
        flat: dict[str, Any] = {}
        for key, value in record.items():
            flat.update(flatten(value, f"{prefix}/{key}" if prefix else str(key)))
        return flat
    if isinstance(record, list):
        return {prefix: ", ".join("" if v is None else str(v) for v in record)}
    if record is None:
        return {prefix: ""}
    if isinstance(record, bool):
        return {prefix: "true" if record else "false"}
    return {prefix: record}


def _read_json(data: bytes, name: str) -> Table:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SuiviError(t("decidim.read.bad_json", file=name, detail=str(exc)[:160]), code="json_illisible", file=name) from exc
    if isinstance(payload, dict):  # some exports wrap the list: {"proposals": [...]}
        lists = [v for v in payload.values() if isinstance(v, list)]
        payload = lists[0] if len(lists) == 1 else [payload]
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise SuiviError(t("decidim.read.bad_json", file=name, detail=t("decidim.read.json_not_list")), code="json_illisible", file=name)
    if not payload:
        raise SuiviError(t("read.empty_file", file=name), code="fichier_vide", file=name)
    records = [flatten(item) for item in payload]
    headers = list(dict.fromkeys(key for record in records for key in record))
    frame = pd.DataFrame([[_cell(r.get(h, "")) for h in headers] for r in records], columns=headers, dtype=object)
    return Table(
        file=name, kind="json", frame=frame, header_row=0, rows=RowNumbers(np.arange(1, len(records) + 1)),
        letters=[""] * len(headers), headers=headers,
    )


def _cell(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# --- open-data ZIP --------------------------------------------------------------------------
def _read_zip(path: Path, name: str, entity: str) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            entry = _entry(archive, name, entity)
            data = _read_entry(archive, entry, name)
    except BROKEN_ARCHIVE as exc:  # truncated, corrupt, or compressed in a way zipfile does not implement
        raise SuiviError(t("decidim.read.zip_corrupt", file=name), code="fichier_endommage", file=name) from exc
    label = f"{name} › {PurePosixPath(entry.filename).name}"
    suffix = PurePosixPath(entry.filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="suivi-decidim-") as tmp:
        member = Path(tmp) / f"proposals{suffix}"  # a fixed name: nothing from the archive names a path
        member.write_bytes(data)
        try:
            table = read_export(member, entity=entity, _inside=name)
        except SuiviError as exc:
            raise SuiviError(str(exc).replace(member.name, label), code=exc.code, file=label) from exc
    table.file = label
    return table


def _entry(archive: zipfile.ZipFile, name: str, entity: str) -> zipfile.ZipInfo:
    """The entry holding the ``entity``: ``…-open-data-<entity>.csv``, else the only data file
    (an admin export arrives as ``proposals-<date>.csv``, ``.json`` or ``.xlsx`` in a ZIP)."""
    entries = [e for e in archive.infolist() if not e.is_dir()]
    for entry in entries:
        parts = PurePosixPath(entry.filename.replace("\\", "/")).parts
        if entry.filename.startswith(("/", "\\")) or ".." in parts or ":" in entry.filename:
            raise SuiviError(t("decidim.read.zip_unsafe", file=name, entry=entry.filename[:120]), code="archive_dangereuse", file=name)
    csvs = [e for e in entries if e.filename.lower().endswith((".csv", ".json", ".xlsx"))]
    chosen = [e for e in csvs if PurePosixPath(e.filename).name.lower().endswith(f"-{entity}.csv")]
    if len(chosen) != 1:
        chosen = csvs if len(csvs) == 1 else []
    if not chosen:
        listed = ", ".join(f"« {PurePosixPath(e.filename).name} »" for e in csvs[:12]) or "—"
        raise SuiviError(_no_entry(name, entity, listed), code="archive_sans_propositions", file=name)
    return chosen[0]


def _no_entry(file: str, entity: str, entries: str) -> str:
    return t("decidim.read.zip_no_proposals", file=file, what=t(f"decidim.read.entity.{entity}"), entity=entity, entries=entries)


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bytes:
    too_big = SuiviError(t("decidim.read.zip_too_big", file=name, entry=entry.filename[:120], limit=MAX_ENTRY_BYTES // 2**20), code="archive_trop_grosse", file=name)
    if entry.file_size > MAX_ENTRY_BYTES or entry.file_size > max(entry.compress_size, 1) * MAX_RATIO + 1024 * 1024:
        raise too_big
    buffer = io.BytesIO()
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(1024 * 1024):
                buffer.write(chunk)
                if buffer.tell() > min(MAX_ENTRY_BYTES, entry.file_size):  # the declared size was a lie
                    raise too_big
    except BROKEN_ARCHIVE as exc:
        raise SuiviError(t("decidim.read.zip_corrupt", file=name), code="fichier_endommage", file=name) from exc
    return buffer.getvalue()
