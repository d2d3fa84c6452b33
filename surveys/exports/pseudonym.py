"""Pseudonymous respondent keys: a keyed hash (HMAC-SHA256) of the token, code or e-mail.

The key is a random secret stored in the démarche folder (``.suivi-cle``), created at the first
import and never written to any output: the same person gets the same pseudonym in every wave
and every run, and nobody without the key can recompute it from a list of e-mails.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from surveys.i18n import t
from surveys.problems import SuiviError

KEY_FILE = ".suivi-cle"
PREFIX = "R"
_DIGEST_CHARS = 16
_DIGEST_BYTES = _DIGEST_CHARS // 2
_PREFIX = f"{PREFIX}-"
_BLOCK = 64  # SHA-256's block size in bytes
_VECTOR_MIN = 5000  # from this many keys on, polars normalises them faster than a Python loop


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


def normalise_keys(values: Sequence[object]) -> list[str]:
    """:func:`normalise_key` of each value; a long list of texts is normalised column-wise."""
    if len(values) >= _VECTOR_MIN and all(isinstance(v, str) for v in values):
        from surveys.columnar import folded

        return folded(list(values))  # type: ignore[arg-type]
    return [normalise_key(v) for v in values]


def folded_keys(texts: Any) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct normalised keys) of a polars column of texts, missing cells as ""."""
    from surveys.columnar import factorize, folded_column

    return factorize(folded_column(texts), plain=True)


def marked(values: np.ndarray, pattern: str) -> np.ndarray:
    """Which keys match ``pattern`` at their start, case aside (test entries: « test », « essai1 »…)."""
    if len(values) >= _VECTOR_MIN:
        from surveys.columnar import match_start

        return match_start(values.tolist(), pattern)
    compiled = re.compile(pattern, re.IGNORECASE)
    return np.fromiter((bool(compiled.match(v)) for v in values), dtype=bool, count=len(values))


def pseudonym(key: bytes, value: str) -> str:
    """``R-`` and 16 hexadecimal characters of HMAC-SHA256(key, value)."""
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PREFIX}-{digest[:_DIGEST_CHARS]}"


class Pseudonymiser:
    """:func:`pseudonym` for many values: HMAC's two padded-key states are hashed once, then copied.

    HMAC-SHA256(k, m) = SHA256((k ⊕ opad) ‖ SHA256((k ⊕ ipad) ‖ m)) (RFC 2104); each value then
    costs two state copies and two short hashes, without setting the key up again. CPython's own
    SHA-256 is used when present: copying its state is a plain memory copy, cheaper than OpenSSL's.
    """

    def __init__(self, key: bytes) -> None:
        block = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
        sha256 = _plain_sha256()
        self._inner = sha256(bytes(b ^ 0x36 for b in block))
        self._outer = sha256(bytes(b ^ 0x5C for b in block))

    def __call__(self, value: str) -> str:
        return self.many([value])[0]

    def many(self, values: list[str]) -> list[str]:
        """The pseudonym of each value, "" for "" (no key)."""
        return spelled(self.digests(values))

    def digests(self, values: list[str]) -> list[bytes]:
        """The first 8 bytes of each value's HMAC (what its pseudonym spells), b"" for "" (no key)."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy

        def one(value: str) -> bytes:
            if not value:
                return b""
            inner = inner_copy()
            inner.update(value.encode("utf-8"))
            outer = outer_copy()
            outer.update(inner.digest())
            return outer.digest()[:_DIGEST_BYTES]

        return list(map(one, values))


def spelled(digests: list[bytes]) -> list[str]:
    """The pseudonym each digest spells: ``R-`` and its 16 hexadecimal characters ("" for b"")."""
    return [_PREFIX + digest.hex() if digest else "" for digest in digests]


def numbered(digests: list[bytes]) -> np.ndarray:
    """Each digest as an unsigned 64-bit number (0 for b""): equal numbers, equal pseudonyms.

    Comparing, sorting or counting pseudonyms on these numbers is many times faster than on texts.
    """
    joined = b"".join(digests)
    if len(joined) != _DIGEST_BYTES * len(digests):
        joined = b"".join(digest or bytes(_DIGEST_BYTES) for digest in digests)
    return np.frombuffer(joined, dtype=">u8").astype(np.uint64)


def _plain_sha256() -> Callable[[bytes], Any]:
    """CPython's built-in SHA-256 constructor (``_sha256``, ``_sha2`` from 3.12), else hashlib's."""
    for module in ("_sha2", "_sha256"):
        try:
            return getattr(importlib.import_module(module), "sha256")  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return hashlib.sha256


def pseudonyms(key: bytes, values: Iterable[str]) -> dict[str, str]:
    """Pseudonyms of distinct normalised values (one hash per distinct value)."""
    return {value: pseudonym(key, value) for value in dict.fromkeys(values)}
