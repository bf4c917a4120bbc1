"""Quick exit (F12, or the banner's button) and the idle lock: hide every window at once, lock the case.

Someone may walk in. F12 is one key anywhere in the app (also inside dialogs and the capture overlay)
because the filter sits on the application, not on a window. Order matters: hide first (what the other
person sees), then save the box still being typed in, then forget the key, then quit.
After a quick exit nothing of the case is left on screen: windows are hidden (and stay hidden if a
dialog tries to reappear), the clipboard is emptied, window titles never held case data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui import autosave
from evidencekit.gui.session import CaseSession

log = logging.getLogger(__name__)
QUICK_EXIT_KEY = Qt.Key.Key_F12
QUICK_EXIT_KEY_TEXT = QKeySequence(QUICK_EXIT_KEY).toString(QKeySequence.SequenceFormat.NativeText)


def hide_every_window(app: QApplication) -> int:
    """Hide popups, dialogs and windows of the app; returns how many were visible."""
    hidden = 0
    popup = app.activePopupWidget()
    while popup is not None:
        popup.hide()
        hidden += 1
        popup = app.activePopupWidget()
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
            hidden += 1
    return hidden


def clear_clipboard(app: QApplication) -> None:
    """Empty the clipboard (and the X11 selection): it may hold a name or number copied from the case.

    Not only when we own it: the person may have pasted a case detail into another app and copied it
    there, and in a hurry an empty clipboard is the safe side.
    """
    clipboard = app.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


class QuickExit(QObject):
    """Installed once on the application; `trigger()` is what F12 and the button do."""

    triggered = Signal(float)  # milliseconds it took until no window was visible

    def __init__(self, app: QApplication, session: CaseSession, *,
                 after: Callable[[], None] | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._session = session
        # What happens once hidden and locked: the app quits (tests replace it, their app lives on).
        self.after: Callable[[], None] = after if after is not None else (lambda: QTimer.singleShot(0, app.quit))
        self.exited = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent) \
                and event.key() == QUICK_EXIT_KEY and not event.isAutoRepeat():
            if kind == QEvent.Type.KeyPress:
                self.trigger()
            event.accept()
            return True
        if self.exited and kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            # A dialog returning from exec() after the hide must not pop the case back on screen.
            QTimer.singleShot(0, watched.hide)
            watched.setWindowOpacity(0.0)
        return False

    def trigger(self) -> None:
        if self.exited and self._session.store is None:
            hide_every_window(self._app)  # pressed again: nothing left to lock
            return
        started = time.perf_counter()
        self.exited = True
        hide_every_window(self._app)
        elapsed_ms = (time.perf_counter() - started) * 1000
        clear_clipboard(self._app)
        autosave.flush_all()
        self._session.lock()
        hide_every_window(self._app)  # whatever the lock showed (a start or unlock window) goes too
        log.info("quick exit: windows hidden in %.1f ms, case locked", elapsed_ms)  # i18n: not shown
        self.triggered.emit(elapsed_ms)
        self.after()

    def reset(self) -> None:
        """After the person opens a case again, windows may show again."""
        self.exited = False

    def uninstall(self) -> None:
        """Stop listening (a test's app outlives its controller)."""
        self._app.removeEventFilter(self)
        self.exited = False
