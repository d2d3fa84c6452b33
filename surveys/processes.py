"""Working in several processes: how many cores this process may use, and how workers start."""

from __future__ import annotations

import multiprocessing
import os
import sys
from multiprocessing.context import BaseContext


def cores() -> int:
    """Cores this process may run on (its CPU affinity where the system has one)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def pool_context() -> BaseContext:
    """How workers that may read surveys start: the platform's way, except ``fork`` once polars is loaded.

    polars runs a pool of threads; a process forked after they started inherits their locks held,
    and hangs at its first polars operation (reading a large survey). Forked from a clean server
    process instead (``forkserver``), each worker imports what it needs, about a second more.
    Workers that never use polars (chart drawing) may still be forked.
    """
    default = multiprocessing.get_context()
    if default.get_start_method() == "fork" and "polars" in sys.modules and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return default
