"""The idle lock: after N minutes without keyboard or mouse use, save what is typed and lock the case.

N is the person's choice (0 = never), kept in evidencekit's own settings file (settings_dir()/gui.json),
not in Qt's settings: that file holds no case data, only this number.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from evidencekit.fsio import atomic_write
from evidencekit.gui import autosave
from evidencekit.gui.session import CaseSession
from evidencekit.paths import settings_dir

log = logging.getLogger(__name__)
DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 240
SETTINGS_FILE = "gui.json"
_current: IdleLock | None = None  # the app's one idle lock, so the privacy page can change its minutes
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


def _settings_path(home: Path | None = None) -> Path:
    return settings_dir(home) / SETTINGS_FILE


def read_idle_minutes(home: Path | None = None) -> int:
    try:
        value = json.loads(_settings_path(home).read_text(encoding="utf-8")).get("idle_lock_minutes")
    except (OSError, ValueError, AttributeError):
        return DEFAULT_IDLE_MINUTES
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_IDLE_MINUTES:
        return value
    return DEFAULT_IDLE_MINUTES


def write_idle_minutes(minutes: int, home: Path | None = None) -> None:
    path = _settings_path(home)
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(current, dict):
            current = {}
    except (OSError, ValueError):
        current = {}
    current["idle_lock_minutes"] = max(0, min(MAX_IDLE_MINUTES, int(minutes)))
    atomic_write(path, (json.dumps(current, indent=2, sort_keys=True) + "\n").encode(), overwrite=True)


class IdleLock(QObject):
    """Watches input to the whole app; locks the open case when the timer runs out."""

    locked_for_idle = Signal()

    def __init__(self, app: QApplication, session: CaseSession, *, minutes: int | None = None) -> None:
        super().__init__(app)
        self._session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self.set_minutes(read_idle_minutes(session.home) if minutes is None else minutes)
        app.installEventFilter(self)
        session.opened.connect(self.restart)
        global _current
        _current = self

    @property
    def minutes(self) -> float:
        return self._minutes

    def set_minutes(self, minutes: float) -> None:
        """0 turns the lock off; the change applies from now."""
        self._minutes = max(0.0, float(minutes))
        self.restart()

    def restart(self) -> None:
        if self._minutes > 0:
            self._timer.start(max(1, round(self._minutes * 60_000)))
        else:
            self._timer.stop()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self.restart()
        return False

    def uninstall(self) -> None:
        """Stop watching and timing (a test's app outlives its controller)."""
        global _current
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        if _current is self:
            _current = None

    def _expired(self) -> None:
        if self._session.store is None:
            return
        if self._session.busy:  # an export or capture is running: lock as soon as it is done
            self._timer.start(5_000)
            return
        autosave.flush_all()
        self._session.lock()
        log.info("case locked after %s idle minutes", self._minutes)  # i18n: not shown
        self.locked_for_idle.emit()


def apply_idle_minutes(minutes: int, home: Path | None = None) -> None:
    """Save the person's choice and apply it to the running idle lock at once."""
    write_idle_minutes(minutes, home)
    if _current is not None:
        _current.set_minutes(minutes)
