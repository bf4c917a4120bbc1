"""Fixtures every test gets, so no test can touch the real user's data, temp dir or the network.

Always on (autouse): `home` (a fresh EVIDENCEKIT_HOME) and `temp_dir` (TMPDIR and `tempfile` pointed at
a per-test folder, so a test can scan it for plaintext canaries). Network sockets are disabled for every
test under tests/core/ and for any test marked `no_network`; AF_UNIX stays allowed (D-Bus, X11).
`secret_service` gives a throwaway gnome-keyring (see tests/support/secret_service.py).
This file must never import Qt: the core tests run with it in a venv without PySide6.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

from tests.support.offline import disable_network
from tests.support.secret_service import SecretServiceSandbox, require_secret_service

CORE_TESTS = Path(__file__).parent / "core"


def pytest_addoption(parser: pytest.Parser) -> None:
    if importlib.util.find_spec("pytestqt") is None:
        # The core venv has no Qt and so no pytest-qt; declare its ini key so pytest does not warn.
        parser.addini("qt_api", "pytest-qt's Qt binding (pytest-qt is not installed here)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "no_network: network sockets raise NetworkDisabled (implied for every test in tests/core)"
    )
    config.addinivalue_line(
        "markers", "bare_process: the test measures what a bare process imports, so the processes it starts "
        "are not measured by coverage (which imports modules of its own)"
    )


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty evidencekit data dir for this test (EVIDENCEKIT_HOME points at it).

    With $EVIDENCEKIT_TEST_HOME_ROOT set (tests/core/store/test_removable_media.py sets it to a mounted
    exFAT or FAT image), the data dir is made there instead, so the same tests run on that file system.
    """
    root = os.environ.get("EVIDENCEKIT_TEST_HOME_ROOT")
    folder = (Path(root) / f"{tmp_path.name}-{os.getpid()}") if root else tmp_path / "evidencekit-home"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("EVIDENCEKIT_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder TMPDIR points at during this test, for this process and its subprocesses."""
    folder = tmp_path / "TMPDIR"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # tempfile caches the dir it found first
    return folder


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every non-AF_UNIX connect, send and name lookup raises NetworkDisabled during this test."""
    disable_network(monkeypatch)


@pytest.fixture(autouse=True)
def _network_off_where_required(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("no_network") or CORE_TESTS in request.node.path.parents:
        request.getfixturevalue("no_network")


@pytest.fixture(autouse=True)
def _bare_processes_where_required(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # coverage's `patch = ["subprocess"]` (./dev.sh test) passes this variable to every child process.
    if request.node.get_closest_marker("bare_process"):
        monkeypatch.delenv("COVERAGE_PROCESS_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _secret_service_tools_for_marked_tests(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("secretservice"):
        require_secret_service()


@pytest.fixture
def secret_service(tmp_path: Path) -> SecretServiceSandbox:
    """A throwaway unlocked gnome-keyring; skipped if absent, but a failure under CI=true."""
    return SecretServiceSandbox(tmp_path / "secret-service")
