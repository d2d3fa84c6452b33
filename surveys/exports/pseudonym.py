"""Pseudonymous respondent keys: a keyed hash (AES-CMAC) of the token, code or e-mail.

The key is a random secret stored in the démarche folder (``.suivi-cle``), created at the first
import and never written to any output: the same person gets the same pseudonym in every wave
and every run, and nobody without the key can recompute it from a list of e-mails.

The keyed hash is AES-CMAC (NIST SP 800-38B, RFC 4493) with the 256-bit key, a message
authentication code and pseudo-random function like HMAC, approved by ANSSI's and NIST's
guides alike. Its cipher steps apply to many keys at once, one AES call per block position:
a million keys are hashed in a few hundredths of a second, where HMAC-SHA256 costs a Python
call per key.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Sequence
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
_BLOCK = 16  # AES's block size in bytes
_CHUNK_BYTES = 1 << 20  # keys' blocks laid out and ciphered at a time (bounded memory, whatever their length)
_SPELT_AT_ONCE = 1 << 16  # pseudonyms spelled in one call of spelled_array (the interpreter's lock is held during it)
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
    turned into Python texts, and are hashed as one block of bytes. "" is no key.
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

    def marked(self, pattern: str, starts: Sequence[str] = ()) -> np.ndarray:
        """Which entries match ``pattern`` at their start, case aside (test entries: « test », « essai1 »…).

        ``starts``: what every match begins with, in lower case (entries are case-folded).
        """
        if self.codes is None or len(self) >= _VECTOR_MIN:
            from surveys.columnar import match_start

            return match_start(self.entries if self.codes is None else self.entries.tolist(), pattern, starts)
        compiled = re.compile(pattern, re.IGNORECASE)
        return np.fromiter((bool(compiled.match(v)) for v in self.entries), dtype=bool, count=len(self))

    def listed(self, keys: set[str]) -> np.ndarray:
        """Which entries are among ``keys``."""
        if self.codes is None:
            return self.entries.is_in(sorted(keys)).to_numpy()
        return np.fromiter((v in keys for v in self.entries), dtype=bool, count=len(self))

    def encoded(self) -> tuple[bytes, np.ndarray]:
        """What :meth:`Pseudonymiser.packed_buffer` hashes: the entries' UTF-8 forms one after the other, and their lengths in bytes."""
        if self.codes is not None:
            return _joined([v.encode("utf-8") for v in self.entries])
        import polars as pl

        lengths = self.entries.str.len_bytes().fill_null(0).to_numpy()
        return (bytes(self.entries.str.join("").cast(pl.Binary).item()) if len(self) else b""), lengths


def folded_keys(texts: Any, blank: Iterable[str] = ()) -> Keys:
    """The normalised keys of a polars column of texts, one entry per row; missing cells and ``blank`` keys as ""."""
    import polars as pl

    from surveys.columnar import folded_column

    keys = folded_column(texts)
    return Keys(pl.select(pl.when(pl.lit(keys).is_in(sorted(blank))).then(pl.lit("")).otherwise(pl.lit(keys))).to_series())


def pseudonym(key: bytes, value: str) -> str:
    """``R-`` and 16 hexadecimal characters of AES-CMAC(key, value) (:class:`Pseudonymiser` of one value)."""
    return Pseudonymiser(key)(value)


class Pseudonymiser:
    """:func:`pseudonym` for many values at once: AES-CMAC (RFC 4493) computed block position by block position.

    For a message of n blocks M1…Mn, CMAC chains X = AES(X ⊕ Mi) from X = 0, the last block
    padded (« 0x80 » then zeros) and masked with the subkey K2, or masked with K1 when the message
    fills it. Messages of the same block count are laid out side by side and each step ciphers all
    of them in one AES call (ECB: each block on its own, which is what CMAC's step asks).
    """

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        # ECB ciphers each block on its own: the block steps of CMAC, not a way of encrypting data.
        self._aes = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        first = _doubled(self._cipher(np.zeros((1, _BLOCK), dtype=np.uint8))[0])
        second = _doubled(first)
        # What a last block holding 1 to 16 bytes of the message is masked with: 0x80 then zeros after them, ⊕ K2; K1 when full.
        self._last = np.zeros((_BLOCK + 1, _BLOCK), dtype=np.uint8)
        for held in range(1, _BLOCK):
            self._last[held, held] = 0x80
            self._last[held] ^= second
        self._last[_BLOCK] = first

    def __call__(self, value: str) -> str:
        return self.many([value])[0]

    def many(self, values: list[str]) -> list[str]:
        """The pseudonym of each value, "" for "" (no key)."""
        return [pseudonym if value else "" for pseudonym, value in zip(spelled(self.packed(values)), values)]

    def packed(self, values: Iterable[str]) -> bytes:
        """The first 8 bytes of each value's CMAC (what its pseudonym spells), one after the other; zeros for "" (no key)."""
        return self.packed_encoded([value.encode("utf-8") for value in values])

    def packed_encoded(self, values: Sequence[bytes]) -> bytes:
        """:meth:`packed` of values already encoded in UTF-8."""
        return self.packed_buffer(*_joined(values))

    def packed_buffer(self, buffer: bytes, lengths: np.ndarray) -> bytes:
        """:meth:`packed` of the messages written one after the other in ``buffer``, of these lengths in bytes."""
        lengths = np.asarray(lengths, dtype=np.int64)
        tags = np.zeros((len(lengths), _DIGEST_BYTES), dtype=np.uint8)
        blocks = lengths + (_BLOCK - 1)
        blocks >>= 4  # 0 for "" (no key: no tag)
        fewest, most = (int(blocks.min()), int(blocks.max())) if len(blocks) else (0, 0)
        counts = [most] if fewest == most else (np.flatnonzero(np.bincount(blocks)[1:]) + 1).tolist()
        if not most:
            return tags.tobytes()
        # Every message, then enough zeros that the longest one's last block can be read whole.
        data = np.zeros(len(buffer) + most * _BLOCK, dtype=np.uint8)
        data[: len(buffer)] = np.frombuffer(buffer, dtype=np.uint8)
        starts = np.cumsum(lengths)
        starts -= lengths
        for count in counts:
            # Messages of one block count, a chunk at a time: slices when they all have it (the usual codes and e-mails).
            equal = blocks == count
            same: np.ndarray | None = None if equal.all() else np.flatnonzero(equal)
            step = max(1, _CHUNK_BYTES // (count * _BLOCK))
            for first in range(0, len(lengths) if same is None else len(same), step):
                rows = slice(first, first + step) if same is None else same[first : first + step]
                tags[rows] = self._tags(data, starts[rows], lengths[rows], count)[:, :_DIGEST_BYTES]
        return tags.tobytes()

    def _tags(self, data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, count: int) -> np.ndarray:
        """The CMAC of messages of ``count`` blocks each, side by side (one row each)."""
        width = count * _BLOCK
        messages = np.lib.stride_tricks.sliding_window_view(data, width)[starts]
        # The last block: the bytes of the message kept, padded and masked with its subkey, by how many it holds.
        held = lengths - (width - _BLOCK)
        messages[:, -_BLOCK:] &= _KEPT[held]
        messages[:, -_BLOCK:] ^= self._last[held]
        state = self._cipher(messages[:, :_BLOCK])
        for block in range(1, count):
            state = self._cipher(state ^ messages[:, block * _BLOCK : (block + 1) * _BLOCK])
        return state

    def _cipher(self, blocks: np.ndarray) -> np.ndarray:
        """AES of each row of 16 bytes."""
        return np.frombuffer(self._aes.update(np.ascontiguousarray(blocks).data), dtype=np.uint8).reshape(-1, _BLOCK)


# Row n: 0xFF on the first n bytes of a block, 0 after them.
_KEPT = np.tril(np.full((_BLOCK + 1, _BLOCK), 0xFF, dtype=np.uint8), -1)


def _doubled(block: np.ndarray) -> np.ndarray:
    """A CMAC subkey from the previous one: the 128-bit block shifted left by one, ⊕ 0x87 if a bit fell off (RFC 4493, 2.3)."""
    number = int.from_bytes(block.tobytes(), "big") << 1
    if number >> 128:
        number = (number & ((1 << 128) - 1)) ^ 0x87
    return np.frombuffer(number.to_bytes(_BLOCK, "big"), dtype=np.uint8)


def _joined(values: Sequence[bytes]) -> tuple[bytes, np.ndarray]:
    """The values one after the other, and their lengths."""
    return b"".join(values), np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def spelled(packed: bytes) -> list[str]:
    """The pseudonym each packed digest spells: ``R-`` and its 16 hexadecimal characters."""
    if not packed:
        return []
    # One hexadecimal text with a separator between digests, split: no Python step per digest.
    return (_PREFIX + packed.hex("|", _DIGEST_BYTES)).replace("|", "|" + _PREFIX).split("|")


def spelled_array(packed: bytes) -> np.ndarray:
    """:func:`spelled` as an array of texts, made part by part: another thread may run Python code between two parts."""
    result = np.empty(len(packed) // _DIGEST_BYTES, dtype=object)
    for start in range(0, len(result), _SPELT_AT_ONCE):
        result[start : start + _SPELT_AT_ONCE] = spelled(packed[start * _DIGEST_BYTES : (start + _SPELT_AT_ONCE) * _DIGEST_BYTES])
    return result


def numbered(packed: bytes) -> np.ndarray:
    """Each packed digest as an unsigned 64-bit number: equal numbers, equal pseudonyms.

    Comparing, sorting or counting pseudonyms on these numbers is many times faster than on texts.
    """
    return np.frombuffer(packed, dtype=">u8").astype(np.uint64)
