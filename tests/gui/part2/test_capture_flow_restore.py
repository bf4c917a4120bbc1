"""After a capture the app's windows come back, but not after quick exit locked the case meanwhile, and a
window deleted in between is skipped instead of crashing (F12 during a timed series)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget

from evidencekit.gui.capture.flow import CaptureFlow, CaptureOptions
from evidencekit.gui.session import CaseSession


def _hidden_windows(qtbot, flow: CaptureFlow, count: int) -> list[QWidget]:
    windows = []
    for _ in range(count):
        window = QWidget()
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
    flow.hidden = list(windows)
    for window in windows:
        window.hide()
    return windows


def test_the_windows_come_back_after_a_capture(qtbot, session: CaseSession) -> None:
    flow = CaptureFlow(session, CaptureOptions())
    windows = _hidden_windows(qtbot, flow, 2)
    flow.restore_app()
    assert all(window.isVisible() for window in windows)
    assert flow.hidden == []


def test_a_window_deleted_meanwhile_is_skipped(qtbot, session: CaseSession) -> None:
    flow = CaptureFlow(session, CaptureOptions())
    kept, gone = _hidden_windows(qtbot, flow, 2)
    shiboken6.delete(gone)
    flow.restore_app()  # used to raise RuntimeError: the C++ object was already deleted
    assert kept.isVisible()


def test_nothing_comes_back_once_the_case_was_locked(qtbot, session: CaseSession) -> None:
    flow = CaptureFlow(session, CaptureOptions())
    windows = _hidden_windows(qtbot, flow, 1)
    session.lock()  # quick exit (F12) or the idle lock, while a series was running
    flow.restore_app()
    assert not windows[0].isVisible()
