"""Reading reused within one run that reads the same files several times (``suivi demo``).

Each command reads a démarche's files once; the demo runs every command on the same démarche, so
the same unchanged register, workbooks and exports would be guarded, parsed, decoded and
pseudonymised again at each step. Inside :func:`reads_reused`, a reading of files that have not
changed since (same device, inode, size and modification times), asked the same way, gives the
result of the first one. Outside it, nothing is kept: a command's peak memory stays what it was.
A failed reading is never kept. What is reused is shared: callers read it and never modify it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_kept: dict[Hashable, Any] | None = None


@contextlib.contextmanager
def reads_reused() -> Iterator[None]:
    """Within the block, a reading of unchanged files asked the same way is made once."""
    global _kept
    outer, _kept = _kept, {} if _kept is None else _kept
    try:
        yield
    finally:
        _kept = outer


def remembered(identity: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``identity`` earlier within :func:`reads_reused`."""
    if _kept is None:
        return compute()
    if identity not in _kept:
        _kept[identity] = compute()
    return _kept[identity]


def file_state(path: Path | str | None) -> tuple[int, ...] | None:
    """A file as it is now: device, inode, size, modification and change times (None when absent)."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
