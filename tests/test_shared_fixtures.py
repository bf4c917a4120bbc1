"""The root conftest's promises: per-test EVIDENCEKIT_HOME and TMPDIR, the no_network marker, and a
real throwaway Secret Service that keeps secrets between processes but never touches the real keyring.

These live outside tests/core so that the network is allowed by default here and the marker matters.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support import secret_service as secret_service_module
from tests.support.offline import NetworkDisabled
from tests.support.secret_service import KEYRING_DAEMON_FAILED, SecretServiceSandbox

SEEN_HOMES: list[Path] = []


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_its_own_empty_evidencekit_home(home: Path, tmp_path: Path, round_: int) -> None:
    assert os.environ["EVIDENCEKIT_HOME"] == str(home)
    assert home.is_dir() and list(home.iterdir()) == [] and tmp_path in home.parents
    assert home.stat().st_mode & 0o077 == 0
    assert home not in SEEN_HOMES
    SEEN_HOMES.append(home)


def test_temp_files_of_this_process_and_its_children_land_in_the_per_test_tmpdir(temp_dir: Path) -> None:
    with tempfile.NamedTemporaryFile() as handle:
        assert Path(handle.name).parent == temp_dir
    child = subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == str(temp_dir)


@pytest.fixture
def tcp_listener():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()
    server.close()


def test_tests_outside_core_may_use_local_network_by_default(tcp_listener) -> None:
    socket.create_connection(tcp_listener, timeout=2).close()


@pytest.mark.no_network
def test_no_network_marker_refuses_connections(tcp_listener) -> None:
    with pytest.raises(NetworkDisabled):
        socket.create_connection(tcp_listener, timeout=2)


def test_missing_gnome_keyring_skips_locally_but_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secret_service_module.shutil, "which", lambda tool: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="gnome-keyring-daemon"):
        secret_service_module.require_secret_service()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the Secret Service tests"):
        secret_service_module.require_secret_service()


STORE_AND_READ = """
import sys, keyring
from keyring.backends import SecretService
backend = keyring.get_keyring()
backends = getattr(backend, "backends", [backend])
assert any(isinstance(b, SecretService.Keyring) for b in backends), backends
if sys.argv[1] == "store":
    keyring.set_password("evidencekit-test", "case", "wrapped-key-123")
print(keyring.get_password("evidencekit-test", "case"))
"""


@pytest.mark.secretservice
def test_secret_service_keeps_a_secret_for_a_later_process(secret_service: SecretServiceSandbox,
                                                           tmp_path: Path) -> None:
    stored = secret_service.run([sys.executable, "-c", STORE_AND_READ, "store"])
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout.strip() == "wrapped-key-123"
    assert secret_service.keyring_files, "gnome-keyring wrote no keyring file in the sandbox HOME"
    again = secret_service.run([sys.executable, "-c", STORE_AND_READ, "read"])
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "wrapped-key-123"
    elsewhere = SecretServiceSandbox(tmp_path / "another-sandbox").run([sys.executable, "-c", STORE_AND_READ, "read"])
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert elsewhere.stdout.strip() == "None"


@pytest.mark.secretservice
def test_secret_service_sandbox_reports_command_exit_status(secret_service: SecretServiceSandbox) -> None:
    result = secret_service.run("echo \"$HOME\"; exit 3")
    assert result.returncode == 3
    assert result.stdout.strip() == str(secret_service.home)
    assert result.returncode != KEYRING_DAEMON_FAILED


@pytest.mark.secretservice
def test_no_keyring_daemon_outlives_its_run_even_after_an_instant_command(
        secret_service: SecretServiceSandbox) -> None:
    # An instant command used to end the bus before the forked daemon had joined it: it ran for ever.
    for command in ("exit 0", "exit 5", "true"):
        secret_service.run(command)
    deadline = time.monotonic() + 5
    while secret_service.leftover_processes() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert secret_service.leftover_processes() == []
