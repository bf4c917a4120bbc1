"""Fixtures of the GUI tests: Qt offscreen, an in-memory keyring, the fixture capture backend, and the
app controller on the test's own EVIDENCEKIT_HOME (set by tests/conftest.py).

QT_QPA_PLATFORM defaults to offscreen so the tests run without a display; the Xvfb tests start their
own X server in a subprocess.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evidencekit.capture import FixtureBackend, synthetic_desktop_png
from evidencekit.gui import capture as gui_capture
from evidencekit.gui import workers
from evidencekit.gui.app import AppController, make_application
from evidencekit.leave import leave
from evidencekit.store import KeyringAccess
from tests.support.memory_keyring import MemoryKeyring

# the window on Wayland: collected only in the pytest process test_wayland_window.py starts on a Wayland desktop
collect_ignore = [] if os.environ.get("EVIDENCEKIT_WAYLAND_INNER") else ["wayland_inner"]
# the window on Xvfb (QT_QPA_PLATFORM=xcb): collected only in the pytest process that
# tests/gui/xvfb/test_window_on_xvfb.py starts
if not os.environ.get("EVIDENCEKIT_XVFB_INNER"):
    collect_ignore.append("xvfb_inner")


@pytest.fixture
def memory_keyring() -> KeyringAccess:
    return KeyringAccess(MemoryKeyring())


@pytest.fixture
def desktop_frames() -> list[bytes]:
    """Two different desktops: the profile page, then the chat (the fixture backend uses them in turn)."""
    return [synthetic_desktop_png(variant="profile"), synthetic_desktop_png(variant="chat")]


@pytest.fixture
def fixture_backend(desktop_frames: list[bytes]) -> FixtureBackend:
    return FixtureBackend(desktop_frames)


@pytest.fixture
def backend_factory(fixture_backend: FixtureBackend) -> Callable[[], FixtureBackend]:
    """The same fixture backend for every capture, so its frames are used in turn."""
    return lambda: fixture_backend


@pytest.fixture
def fast_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """No repaint wait after hiding the windows (the fixture backend has no screen to repaint)."""
    monkeypatch.setattr(gui_capture.flow, "SETTLE_MS", 0)


@pytest.fixture
def make_controller(qapp: object, home: Path, memory_keyring: KeyringAccess,
                    backend_factory: Callable[[], FixtureBackend],
                    fast_settle: None) -> Iterator[Callable[[], AppController]]:
    """Builds app controllers on this test's data dir (several: a "restart" is a new controller)."""
    made: list[AppController] = []

    def make() -> AppController:
        make_application()
        controller = AppController(home=home, keyring=memory_keyring, backend_factory=backend_factory)
        made.append(controller)
        return controller

    yield make
    workers.wait_for_all()
    for controller in made:
        if controller.main_window is not None:
            controller.main_window.close()
        if controller.session.store is not None:
            controller.session.lock()
        controller.start_window.close()


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the test process as the app ends (ADR 052): with pytest's own exit status, after its report,
    but without PySide's exit-time teardown, which sometimes crashes (SIGSEGV) after every test has
    passed and would turn a green run red."""
    if _exit_status:
        workers.wait_for_all()
        leave(_exit_status[-1], run_atexit=False)
