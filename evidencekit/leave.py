"""Ending the process on purpose, once everything that matters is finished (ADR 052).

Both ways out flush standard output and standard error and wait for every non-daemon thread, then end the
process with `os._exit`, skipping the interpreter's teardown:

- a command (`leave(code)`) still runs the `atexit` handlers; freeing every loaded module at exit took
  ~10 ms of a ~130 ms capture and did nothing useful;
- the window (`leave(code, run_atexit=False)`) skips them too. The handlers there are PySide's: they
  delete the QApplication and visit every remaining Qt wrapper at interpreter exit, which sometimes
  crashes (SIGSEGV) after the app had closed cleanly, a known PySide 6 problem (PYSIDE-2254). The window
  code has by then waited for its background jobs and locked the case, and every save was durable the
  moment it said "Saved", so nothing is left for a teardown to do.

Qt-free: the command line uses it too.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import NoReturn


def flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: the reader went away, as in run_handler
            pass


def leave(code: int, *, run_atexit: bool = True) -> NoReturn:
    """Flush output, join non-daemon threads, run the atexit handlers if asked, then end with `code`."""
    flush_output()
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    if run_atexit:
        import atexit

        atexit._run_exitfuncs()
        flush_output()  # a handler may have printed
    os._exit(code)
