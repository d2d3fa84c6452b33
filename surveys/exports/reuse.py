"""Survey imports reused within one run that imports the same files several times (``suivi demo``).

Each command imports a démarche's surveys once; the demo runs every command on the same démarche,
so the same unchanged exports would be read, decoded and pseudonymised again at each step. Inside
:func:`imports_reused`, an import whose files (and R syntax files) have not changed since, with the
same codebook and key, gives the result of the first one. Outside it, nothing is kept: a command's
peak memory stays what it was. What is reused is shared: callers read it and never modify it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from surveys.exports.rsyntax import syntax_path

if TYPE_CHECKING:
    from surveys.exports.codebook import Codebook


class Source(Protocol):
    """What an import reads (:class:`surveys.exports.importer.SurveySource`)."""

    @property
    def path(self) -> Path: ...

    @property
    def wave(self) -> object: ...

    @property
    def tool(self) -> object: ...

    @property
    def sheet(self) -> str | None: ...

T = TypeVar("T")
_kept: dict[tuple[Any, ...], Any] | None = None


@contextlib.contextmanager
def imports_reused() -> Iterator[None]:
    """Within the block, an import of unchanged files with the same codebook and key is made once."""
    global _kept
    outer, _kept = _kept, {} if _kept is None else _kept
    try:
        yield
    finally:
        _kept = outer


def reused(sources: Sequence[Source], codebook: Codebook, key: bytes, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same files, codebook and key earlier in :func:`imports_reused`."""
    if _kept is None:
        return compute()
    identity = (tuple(_source_identity(source) for source in sources), pickle.dumps(codebook), key)
    if identity not in _kept:
        _kept[identity] = compute()
    return _kept[identity]


def _source_identity(source: Source) -> tuple[Any, ...]:
    """The source as asked, and the files it reads as they are now (a changed file is another file)."""
    syntax = syntax_path(source.path)
    return (str(source.path), source.wave, source.tool, source.sheet, _file_state(str(source.path)),
            _file_state(str(syntax)) if syntax is not None else None)


def _file_state(path: str) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
