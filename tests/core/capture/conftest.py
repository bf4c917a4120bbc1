"""Fixtures for the capture tests: a fresh Xvfb per test, foreign windows, a case and a CLI runner.

Xvfb is started by tests/support/xserver.py on a display it picks itself; the test process and every
CLI subprocess get DISPLAY pointing at it. Cases are created with a recovery key file so the CLI opens
them without a keyring (shared-computer cases keep nothing in the keyring).
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.store import CaseStore
from tests.support.xserver import MonitorSpec, XServer, start_xvfb, xvfb_available

PASSPHRASE = "correct horse battery staple"
TWO_MONITORS = (MonitorSpec(0, 0, 1920, 1080, primary=True), MonitorSpec(1920, 0, 1280, 1024))


def _need_xvfb() -> None:
    if not xvfb_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb is required in CI for the capture tests")
        pytest.skip("Xvfb is not installed")


@pytest.fixture
def xserver(monkeypatch: pytest.MonkeyPatch) -> Iterator[XServer]:
    """A 1920x1080x24 Xvfb for this test; this process's DISPLAY points at it."""
    _need_xvfb()
    server = start_xvfb()
    monkeypatch.setenv("DISPLAY", server.display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    yield server
    server.stop()


@pytest.fixture
def two_monitor_xserver(monkeypatch: pytest.MonkeyPatch) -> Iterator[XServer]:
    """One 3200x1080 Xvfb screen split into RandR monitors 1920x1080 (primary) and 1280x1024 at 1920,0."""
    _need_xvfb()
    server = start_xvfb(width=3200, height=1080, monitors=TWO_MONITORS)
    monkeypatch.setenv("DISPLAY", server.display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    yield server
    server.stop()


@dataclass
class Case:
    """A closed case on disk and how the CLI opens it."""

    id: str
    home: Path
    recovery_key_file: Path

    def open(self) -> CaseStore:
        return CaseStore.open(self.id, recovery_key=self.recovery_key_file.read_text(encoding="utf-8"),
                              home=self.home)

    def unlock_args(self) -> list[str]:
        return ["--recovery-key-file", str(self.recovery_key_file)]

    @property
    def journal(self) -> Path:
        return self.home / "cases" / self.id / "journal.ekj"

    def nothing_stored(self) -> bool:
        """No picture and no event after case.created: what a refused request must leave."""
        with self.open() as store:
            actions = [event.action for event in store.events()]
            objects = store.state().objects
        return not objects and actions == ["case.created"] and b"O" not in self.frame_kinds()

    def frame_kinds(self) -> bytes:
        return _frame_kinds(self.journal)


def _frame_kinds(journal: Path) -> bytes:
    """The kind byte of every frame in the journal file (docs/store-format.md), read without the store."""
    raw = journal.read_bytes()
    pos, kinds = len(b"evidencekit journal v2\n"), bytearray()
    while pos + 13 <= len(raw):
        kinds.append(raw[pos])
        pos += 13 + int.from_bytes(raw[pos + 1:pos + 9], "big")
    return bytes(kinds)


@pytest.fixture
def case(home: Path, tmp_path: Path) -> Case:
    created = CaseStore.create("capture test", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    key_file = tmp_path / "recovery.txt"
    key_file.write_text(created.recovery_key + "\n", encoding="utf-8")
    return Case(created.store.id, home, key_file)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`evidencekit ARGS` in a fresh interpreter, as a person would run it."""
    return subprocess.run([sys.executable, "-m", "evidencekit", *args], capture_output=True, text=True,
                          env=env if env is not None else dict(os.environ), timeout=timeout)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
