"""Pages holding typed-but-unsaved text register a flush here; locking and closing call `flush_all` first.

Every finished edit is saved at once; this catches the one box still being typed in when the person
closes the window, presses quick exit or the case locks after idle time, so closing never loses anything.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
_flushers: list[weakref.WeakMethod[Any] | Callable[[], Any]] = []


def register(flush: Callable[[], None]) -> None:
    """Remember a bound method (weakly, so a closed window's page can go) or a plain function."""
    try:
        _flushers.append(weakref.WeakMethod(flush))  # type: ignore[arg-type]
    except TypeError:
        _flushers.append(flush)


def flush_all() -> int:
    """Run every live flush now, on the GUI thread; a failing one is logged (by type only) and skipped."""
    ran = 0
    for entry in list(_flushers):
        flush = entry() if isinstance(entry, weakref.WeakMethod) else entry
        if flush is None:
            _flushers.remove(entry)
            continue
        try:
            flush()
            ran += 1
        except Exception as exc:  # never block locking: the saved journal is intact either way
            log.warning("a page could not save its last edit: %s", type(exc).__name__)
    return ran
