"""`evidencekit open CASE --support-worker NAME`, the real command on a real X server driven by real X input
(xdotool): the unlock dialog comes first and nothing of the case is shown before the passphrase; typed
there, the window opens on that case, its title naming the case and the worker."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.store import CaseStore
from tests.support.xserver import running_xvfb, xvfb_available

pytestmark = [pytest.mark.xvfb,
              pytest.mark.skipif(not xvfb_available() or shutil.which("xdotool") is None,
                                 reason="needs Xvfb and xdotool")]

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "open command passphrase"


def visible_windows(env: dict[str, str], name: str) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], env=env, capture_output=True,
                           text=True)
    return found.stdout.split()


def wait_for_window(env: dict[str, str], name: str, app: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and app.poll() is None:
        found = visible_windows(env, name)
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no window named {name!r} appeared (exit {app.poll()})")


def test_open_command_asks_for_the_passphrase_then_shows_that_case(home: Path, tmp_path: Path):
    other = CaseStore.create("Another caller", PASSPHRASE, shared_computer=True, home=home)
    other.store.close()
    created = CaseStore.create("Caller 22 (helpline)", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    with running_xvfb(width=1366, height=768) as server:
        env = dict(server.env, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), EVIDENCEKIT_HOME=str(home),
                   HOME=str(tmp_path))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no keyring: the case's key is only behind its passphrase
        app = subprocess.Popen([sys.executable, "-m", "evidencekit", "open", created.store.id[:8],
                                "--support-worker", "Sam Patel"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
        try:
            dialog = wait_for_window(env, "^Open your case$", app)
            time.sleep(0.5)
            assert visible_windows(env, "Caller 22") == []  # nothing of the case before it is unlocked
            subprocess.run(["xdotool", "windowactivate", "--sync", dialog], env=env, check=False)
            subprocess.run(["xdotool", "windowfocus", "--sync", dialog], env=env, check=True)
            subprocess.run(["xdotool", "type", "--delay", "20", PASSPHRASE], env=env, check=True)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
            wait_for_window(env, "Caller 22 \\(helpline\\)", app)
            title = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Caller 22", "getwindowname"],
                                   env=env, capture_output=True, text=True).stdout
            assert "Sam Patel" in title and "Another caller" not in title
            assert visible_windows(env, "^Open your case$") == []
        finally:
            app.terminate()
            try:
                _out, err = app.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()
                _out, err = app.communicate()
    assert b"Traceback" not in err, err.decode(errors="replace")
