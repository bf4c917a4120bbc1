"""Fixtures of the GUI part-2 tests: an open case in a session (in-memory keyring), exhibits captured
through the fixture capture backend, and canary-marked desktop pictures.

QT_QPA_PLATFORM defaults to offscreen so the tests run without a display.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.capture.fixture_backend import FixtureBackend
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore, KeyringAccess
from tests.gui.part2.canary import canary_desktop_png
from tests.support.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the QApplication is made, not at import
PASSPHRASE = "correct horse battery staple"
TITLE = "My case"


@pytest.fixture
def keyring() -> KeyringAccess:
    return KeyringAccess(MemoryKeyring())


@pytest.fixture
def session(qapp: object, home: Path, keyring: KeyringAccess) -> Iterator[CaseSession]:
    """A session holding a freshly created, open case with no exhibits."""
    created = CaseStore.create(TITLE, PASSPHRASE, home=home, keyring=keyring)
    case_session = CaseSession(home=home, keyring=keyring)
    case_session.attach(created.store)
    yield case_session
    if case_session.store is not None:
        case_session.lock()


def capture_exhibits(session: CaseSession, frames: list[bytes]) -> None:
    """Capture each frame as a whole-screen exhibit through the real capture service (fixture backend)."""
    assert session.store is not None
    backend = FixtureBackend(frames)
    for _ in frames:
        capture_to_case(session.store, CaptureRequest(), {"category": "conversation"}, backend=backend)
    session.state = session.store.state()
    session.state_changed.emit(session.state)


@pytest.fixture
def session_with_exhibits(session: CaseSession) -> CaseSession:
    """The case with two canary-marked captures (EK-001, EK-002)."""
    capture_exhibits(session, [canary_desktop_png("CANARY-A1"), canary_desktop_png("CANARY-B2")])
    return session


@pytest.fixture
def desktop_frames() -> list[bytes]:
    """Canary-marked desktops for the app-level tests (overrides tests/gui/conftest.py's frames)."""
    return [canary_desktop_png("CANARY-A1"), canary_desktop_png("CANARY-B2")]
