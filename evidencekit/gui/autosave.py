"""Pages holding typed-but-unsaved text register a flush here; locking and closing call `flush_all` first.

Every finished edit is saved at once; this catches the one box still being typed in when the person
closes the window, presses quick exit or the case locks after idle time, so closing never loses anything.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject

log = logging.getLogger(__name__)
_flushers: list[weakref.WeakMethod[Any] | Callable[[], Any]] = []


def register(flush: Callable[[], None]) -> None:
    """Remember a bound method (weakly, so a closed window's page can go) or a plain function."""
    try:
        _flushers.append(weakref.WeakMethod(flush))
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
            log.warning("a page could not save its last edit: %s", type(exc).__name__)  # i18n: not shown
    return ran


class _CloseWatcher(QObject):
    """Flushes before a watched window handles its Close event (which may close the case)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            flush_all()
        return False


_watcher: _CloseWatcher | None = None
_watched: weakref.WeakSet[QObject] = weakref.WeakSet()


def flush_before_closing(window: QObject) -> None:
    """Make closing `window` save every registered page's typed text first (idempotent per window)."""
    global _watcher
    if window in _watched:
        return
    if _watcher is None:
        _watcher = _CloseWatcher()
    window.installEventFilter(_watcher)
    _watched.add(window)
