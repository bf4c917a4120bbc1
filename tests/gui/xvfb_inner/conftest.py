"""The window on a real X server (Xvfb, QT_QPA_PLATFORM=xcb): these tests run in their own pytest process,
started on a private Xvfb of 1366×768 by tests/gui/xvfb/test_window_on_xvfb.py (a Qt application picks
its platform once per process, and the rest of the GUI suite runs offscreen). They are collected only there.

Where the keyboard focus lands depends on the window system's activation of windows, which the offscreen
platform only imitates: on X11 a dialog or a window shown again really becomes the active window first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.capture import FixtureBackend
from evidencekit.gui.keyboard import install_keyboard_guards
from evidencekit.gui.main_window import PREFERRED_SIZE, MainWindow
from evidencekit.gui.screen_fit import show_fitted
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore, KeyringAccess


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def describe(widget: QWidget | None) -> str:
    """A focus widget for an assertion message: its class and accessible name or text."""
    if widget is None:
        return "nothing"
    name = widget.accessibleName() or (widget.text() if hasattr(widget, "text") else "")  # type: ignore[attr-defined]
    return f"{type(widget).__name__} {name!r}"


@pytest.fixture
def session(qapp, home: Path, memory_keyring: KeyringAccess,
            fixture_backend: FixtureBackend) -> Iterator[CaseSession]:
    assert QGuiApplication.platformName() == "xcb"
    install_keyboard_guards(qapp)
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: fixture_backend)
    session.attach(CaseStore.create("Focus", "focus passphrase", home=home, keyring=memory_keyring).store)
    yield session
    if session.store is not None:
        session.lock()


@pytest.fixture
def window(qtbot, session: CaseSession) -> MainWindow:
    """The main window as the app opens it on this 1366×768 screen (maximised), active."""
    main = MainWindow(session)
    qtbot.addWidget(main)
    show_fitted(main, PREFERRED_SIZE)
    main.activateWindow()
    qtbot.waitExposed(main, timeout=10000)
    qtbot.waitUntil(main.isActiveWindow, timeout=10000)
    return main
