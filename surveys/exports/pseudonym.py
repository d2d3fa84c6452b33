"""Pseudonymous respondent keys: a keyed hash (HMAC-SHA256) of the token, code or e-mail.

The key is a random secret stored in the démarche folder (``.suivi-cle``), created at the first
import and never written to any output: the same person gets the same pseudonym in every wave
and every run, and nobody without the key can recompute it from a list of e-mails.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib
import os
import re
import secrets
import signal
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from surveys.i18n import t
from surveys.problems import SuiviError
from surveys.processes import cores

KEY_FILE = ".suivi-cle"
PREFIX = "R"
_DIGEST_CHARS = 16
_DIGEST_BYTES = _DIGEST_CHARS // 2
_PREFIX = f"{PREFIX}-"
_BLOCK = 64  # SHA-256's block size in bytes
_AHEAD_MIN = 50_000  # from this many keys on, they are hashed in a forked process meanwhile
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


def folded_keys(texts: Any, blank: Iterable[str] = ()) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct normalised keys) of a polars column of texts; missing cells and ``blank`` keys as ""."""
    from surveys.columnar import factorize, folded_column

    folded = folded_column(texts).replace(sorted(blank), "")
    if folded.n_unique() < len(folded):
        return factorize(folded, plain=True)
    keys = np.empty(len(folded), dtype=object)  # every key distinct (one per respondent): nothing to factorise
    keys[:] = folded.to_list()
    return np.arange(len(folded)), keys


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
        return [pseudonym if value else "" for pseudonym, value in zip(spelled(self.packed(values)), values)]

    def packed(self, values: list[str]) -> bytes:
        """The first 8 bytes of each value's HMAC (what its pseudonym spells), one after the other; zeros for "" (no key)."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        nothing = bytes(_DIGEST_BYTES)

        def one(value: str) -> bytes:
            if not value:
                return nothing
            inner = inner_copy()
            inner.update(value.encode("utf-8"))
            outer = outer_copy()
            outer.update(inner.digest())
            return outer.digest()[:_DIGEST_BYTES]

        return b"".join(map(one, values))


class HashedAhead:
    """:meth:`Pseudonymiser.packed` of many values, computed by a forked process while the caller goes on.

    With two cores or more, the child hashes while the import decodes the answers; :meth:`result`
    then reads its digests from a pipe. With few values, one core or no ``fork`` (Windows), or if
    the child fails, :meth:`result` hashes in place: the digests are always the same.
    """

    def __init__(self, hasher: Pseudonymiser, values: list[str]) -> None:
        self._hasher, self._values = hasher, values
        self._child: tuple[int, int] | None = None
        if len(values) < _AHEAD_MIN or not hasattr(os, "fork") or cores() < 2:
            return
        try:
            reading, writing = os.pipe()
        except OSError:  # no descriptor left: hashed in place
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # polars' threads: the child only hashes
                pid = os.fork()
        except OSError:  # no process allowed: hashed in place
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:
            _send_packed(hasher, values, reading, writing)
        os.close(writing)
        self._child = (pid, reading)
        self._reaper = weakref.finalize(self, _reap, pid, reading)  # if the import stops before the result

    def result(self) -> bytes:
        """The packed digests of the values, in their order."""
        if self._child is None:
            return self._hasher.packed(self._values)
        pid, reading = self._child
        self._child = None
        self._reaper.detach()
        try:
            with os.fdopen(reading, "rb") as stream:
                packed = stream.read()
        finally:
            status = os.waitpid(pid, 0)[1]
        if status != 0 or len(packed) != _DIGEST_BYTES * len(self._values):
            return self._hasher.packed(self._values)
        return packed


def _send_packed(hasher: Pseudonymiser, values: list[str], reading: int, writing: int) -> NoReturn:
    """In the forked process: write the packed digests of ``values`` to the pipe, then end."""
    code = 1
    try:
        os.close(reading)
        with os.fdopen(writing, "wb") as stream:
            stream.write(hasher.packed(values))
        code = 0
    finally:
        os._exit(code)  # never back into the parent's code, nor its buffers flushed twice


def _reap(pid: int, reading: int) -> None:
    """End a child whose digests were not asked for, and wait for it."""
    os.close(reading)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def spelled(packed: bytes) -> list[str]:
    """The pseudonym each packed digest spells: ``R-`` and its 16 hexadecimal characters."""
    if not packed:
        return []
    # One hexadecimal text with a separator between digests, split: no Python step per digest.
    return (_PREFIX + packed.hex("|", _DIGEST_BYTES)).replace("|", "|" + _PREFIX).split("|")


def numbered(packed: bytes) -> np.ndarray:
    """Each packed digest as an unsigned 64-bit number: equal numbers, equal pseudonyms.

    Comparing, sorting or counting pseudonyms on these numbers is many times faster than on texts.
    """
    return np.frombuffer(packed, dtype=">u8").astype(np.uint64)


def _plain_sha256() -> Callable[[bytes], Any]:
    """CPython's built-in SHA-256 constructor (``_sha256``, ``_sha2`` from 3.12), else hashlib's."""
    for module in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
    return hashlib.sha256


def pseudonyms(key: bytes, values: Iterable[str]) -> dict[str, str]:
    """Pseudonyms of distinct normalised values (one hash per distinct value)."""
    return {value: pseudonym(key, value) for value in dict.fromkeys(values)}
