"""Pseudonymous respondent keys: a keyed hash (HMAC-SHA256) of the token, code or e-mail.

The key is a random secret stored in the démarche folder (``.suivi-cle``), created at the first
import and never written to any output: the same person gets the same pseudonym in every wave
and every run, and nobody without the key can recompute it from a list of e-mails.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

from surveys.i18n import t
from surveys.problems import SuiviError

KEY_FILE = ".suivi-cle"
PREFIX = "R"
_DIGEST_CHARS = 16


def load_or_create_key(folder: Path, *, create: bool = True) -> bytes:
    """The démarche's secret key, created (readable by its owner only) when missing.

    The key is written whole to a temporary file, then linked to its name in one step that fails
    if another run created it first: two first runs at once agree on the key already there, and
    nobody ever reads a half-written key.
    """
    path = Path(folder) / KEY_FILE
    if path.is_file():
        return _read_key(path)
    if not create:
        raise SuiviError(t("survey.no_key", file=KEY_FILE), code="cle_absente", file=KEY_FILE)
    key = secrets.token_bytes(32)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{KEY_FILE}.{os.getpid()}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            stream.write(key.hex() + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_key(path)
        finally:
            os.unlink(tmp)
    except OSError as exc:
        raise SuiviError(t("survey.key_not_written", file=KEY_FILE, folder=Path(folder).name), code="cle_non_ecrite", file=KEY_FILE) from exc
    return key


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii", errors="replace").strip()
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise SuiviError(t("survey.bad_key", file=KEY_FILE), code="cle_invalide", file=KEY_FILE)
    return bytes.fromhex(text)


def normalise_key(value: object) -> str:
    """The comparable form of a respondent key: trimmed, case-folded, inner spaces collapsed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def pseudonym(key: bytes, value: str) -> str:
    """``R-`` and 16 hexadecimal characters of HMAC-SHA256(key, value)."""
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PREFIX}-{digest[:_DIGEST_CHARS]}"


class Pseudonymiser:
    """:func:`pseudonym` for many values (the one-shot ``hmac.digest``, computed in C)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, value: str) -> str:
        return f"{PREFIX}-{hmac.digest(self._key, value.encode('utf-8'), 'sha256').hex()[:_DIGEST_CHARS]}"


def pseudonyms(key: bytes, values: Iterable[str]) -> dict[str, str]:
    """Pseudonyms of distinct normalised values (one hash per distinct value)."""
    return {value: pseudonym(key, value) for value in dict.fromkeys(values)}
