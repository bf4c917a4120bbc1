"""The window on a real Wayland desktop (QT_QPA_PLATFORM=wayland): these tests run in their own pytest
process, started inside the test desktop by tests/gui/test_wayland_window.py (a Qt application picks its
platform once per process, and the rest of the GUI suite runs offscreen). They are collected only there.

The desktop shows a known picture in another process's window (EVIDENCEKIT_WAYLAND_PICTURE); every
picture the app takes must be exactly that picture, or the part of it that was chosen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication

from evidencekit.gui import capture as gui_capture
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore, KeyringAccess

PORTAL_FILE = Path("/tmp/out.png")


@pytest.fixture(scope="session")
def picture() -> Image.Image:
    return Image.open(os.environ["EVIDENCEKIT_WAYLAND_PICTURE"]).convert("RGB")


def open_main_window(qtbot, home: Path, keyring: KeyringAccess) -> MainWindow:
    """The main window on a new case, on the conversation page, with the real capture backend, probed."""
    assert QGuiApplication.platformName() == "wayland"
    session = CaseSession(home=home, keyring=keyring)  # no backend_factory: choose_backend()
    session.attach(CaseStore.create("Wayland", "wayland passphrase", home=home, keyring=keyring).store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window, timeout=20000)
    window.show_page("conversation")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=20000)
    return window


@pytest.fixture
def wayland_window(qtbot, home: Path, memory_keyring: KeyringAccess) -> Iterator[MainWindow]:
    window = open_main_window(qtbot, home, memory_keyring)
    page = window.current_page()
    assert page.availability.works, page.availability.why
    yield window
    if window.session.store is not None:
        window.session.lock()


@pytest.fixture(autouse=True)
def _real_settle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compositor needs its real time to take the hidden windows off the screen (no fast_settle)."""
    monkeypatch.setattr(gui_capture.flow, "SETTLE_MS", gui_capture.flow.SETTLE_MS)
