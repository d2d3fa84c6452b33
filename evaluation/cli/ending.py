"""The end of the ``suivi`` process: once the command is done, no teardown of the interpreter.

At exit, Python frees every module and object one by one (pandas, pydantic, matplotlib…): 0.1 to
0.2 s of CPU for a command that ran for one second, and nothing the user gets from it. What the
normal exit does that matters is done here, in its order: the exit handlers run (temporary
folders, process pools, logging), then the standard streams are flushed; the process then ends
with the command's exit code. A thread still running, an exit message instead of a code, or a
stream that cannot be flushed: the normal exit, which knows how to handle them.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def end_process(done: SystemExit) -> NoReturn:
    """End the process with the exit code of ``done`` (the command's ``SystemExit``)."""
    code = done.code
    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        raise done
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code or 0)
