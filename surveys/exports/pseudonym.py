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
import mmap
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
_CHUNK = 8192  # keys hashed between two looks at what the other process has done
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


class Keys:
    """The normalised respondent key of every row: ``entries`` (distinct keys, or one per row) and each row's entry.

    ``entries`` is an object array of texts with ``codes`` giving each row's entry, or a polars
    column of texts with one entry per row (``codes`` None): a large file's keys are then never
    turned into Python texts, and go to the hashing process as one block of bytes. "" is no key.
    """

    def __init__(self, entries: Any, codes: np.ndarray | None = None) -> None:
        self.entries, self.codes = entries, codes

    def __len__(self) -> int:
        return len(self.entries)

    def per_row(self, flags: np.ndarray) -> np.ndarray:
        """A flag (or value) per entry, given to every row."""
        return flags if self.codes is None else flags[self.codes]

    def blank(self) -> np.ndarray:
        """Which entries are no key."""
        return np.asarray(self.entries == "", dtype=bool) if self.codes is not None else (self.entries == "").to_numpy()

    def marked(self, pattern: str) -> np.ndarray:
        """Which entries match ``pattern`` at their start, case aside (test entries: « test », « essai1 »…)."""
        if self.codes is None or len(self) >= _VECTOR_MIN:
            from surveys.columnar import match_start

            return match_start(self.entries if self.codes is None else self.entries.tolist(), pattern)
        compiled = re.compile(pattern, re.IGNORECASE)
        return np.fromiter((bool(compiled.match(v)) for v in self.entries), dtype=bool, count=len(self))

    def listed(self, keys: set[str]) -> np.ndarray:
        """Which entries are among ``keys``."""
        if self.codes is None:
            return self.entries.is_in(sorted(keys)).to_numpy()
        return np.fromiter((v in keys for v in self.entries), dtype=bool, count=len(self))

    def hashed(self) -> Sequence[str] | bytes:
        """What :class:`HashedAhead` hashes: the entries, or their UTF-8 forms joined by « \\n » (none holds one)."""
        if self.codes is not None:
            return self.entries.tolist()
        import polars as pl

        lines = bytes(self.entries.str.join("\n").cast(pl.Binary).item()) if len(self) else b""
        return lines if len(self) and lines.count(b"\n") == len(self) - 1 else self.entries.to_list()


def folded_keys(texts: Any, blank: Iterable[str] = ()) -> Keys:
    """The normalised keys of a polars column of texts, one entry per row; missing cells and ``blank`` keys as ""."""
    from surveys.columnar import folded_column

    return Keys(folded_column(texts).replace(sorted(blank), ""))


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

    def packed(self, values: Iterable[str]) -> bytes:
        """The first 8 bytes of each value's HMAC (what its pseudonym spells), one after the other; zeros for "" (no key)."""
        return self.packed_encoded(map(str.encode, values))

    def packed_encoded(self, values: Iterable[bytes]) -> bytes:
        """:meth:`packed` of values already encoded in UTF-8."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        nothing = bytes(_DIGEST_BYTES)

        def one(value: bytes) -> bytes:
            if not value:
                return nothing
            inner = inner_copy()
            inner.update(value)
            outer = outer_copy()
            outer.update(inner.digest())
            return outer.digest()[:_DIGEST_BYTES]

        return b"".join(map(one, values))


class HashedAhead:
    """:meth:`Pseudonymiser.packed` of many values, computed by a forked process while the caller goes on.

    ``values`` are texts, or their UTF-8 forms joined by « \\n » (texts without a line break), which a
    forked process splits without touching the caller's objects. With two cores or more, the child
    hashes the values in order, chunk by chunk, into memory shared with the caller, while the import
    decodes the answers. :meth:`result` hashes the chunks the child has not reached yet from the
    last one backwards, until the two meet: the caller never waits for the child, and if the child
    fails, the caller has hashed every chunk it did not finish. With few values, one core or no
    ``fork`` (Windows), the caller hashes them all in place: the digests are always the same.
    """

    def __init__(self, hasher: Pseudonymiser, values: Sequence[str] | bytes) -> None:
        self._hasher, self._values = hasher, values
        self._count = values.count(b"\n") + 1 if isinstance(values, bytes) else len(values)
        self._chunks = -(-self._count // _CHUNK)
        self._child: int | None = None
        # Digests, then one byte per chunk hashed by the child, then one per chunk the caller took over.
        self._shared = memoryview(bytearray(0))
        if self._count < _AHEAD_MIN or not hasattr(os, "fork") or cores() < 2:
            return
        try:
            self._shared = memoryview(mmap.mmap(-1, self._count * _DIGEST_BYTES + 2 * self._chunks))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # polars' threads: the child only hashes
                pid = os.fork()
        except OSError:  # no memory or no process allowed: hashed in place
            return
        if pid == 0:
            self._hash_ahead()
        self._child = pid
        self._reaper = weakref.finalize(self, _reap, pid)  # if the import stops before the result

    def result(self) -> bytes:
        """The packed digests of the values, in their order."""
        if self._child is None:
            return self._hasher.packed_encoded(self._encoded())
        size = self._count * _DIGEST_BYTES
        done, taken = self._shared[size : size + self._chunks], self._shared[size + self._chunks :]
        encoded: list[bytes] = []
        for chunk in reversed(range(self._chunks)):
            if done[chunk]:  # the child goes in order: every chunk before this one is hashed
                break
            taken[chunk] = 1  # the child stops before a chunk taken over (if it is on it, both write the same)
            encoded = encoded or self._encoded()
            self._hash_chunk(encoded, chunk)
        pid, self._child = self._child, None
        self._reaper.detach()
        _reap(pid)  # once the child is ended and waited for, what it wrote is all there
        return self._shared[:size].tobytes()

    def _encoded(self) -> list[bytes]:
        values = self._values
        return values.split(b"\n") if isinstance(values, bytes) else [v.encode("utf-8") for v in values]

    def _hash_chunk(self, encoded: list[bytes], chunk: int) -> None:
        start, end = chunk * _CHUNK, min((chunk + 1) * _CHUNK, self._count)
        self._shared[start * _DIGEST_BYTES : end * _DIGEST_BYTES] = self._hasher.packed_encoded(encoded[start:end])

    def _hash_ahead(self) -> NoReturn:
        """In the forked process: hash the chunks in order until the caller takes one over, then end."""
        code = 1
        try:
            size = self._count * _DIGEST_BYTES
            done, taken = self._shared[size : size + self._chunks], self._shared[size + self._chunks :]
            encoded = self._encoded()
            for chunk in range(self._chunks):
                if taken[chunk]:
                    break
                self._hash_chunk(encoded, chunk)
                done[chunk] = 1
            code = 0
        finally:
            os._exit(code)  # never back into the parent's code, nor its buffers flushed twice


def _reap(pid: int) -> None:
    """End the hashing child if it still runs, and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
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
