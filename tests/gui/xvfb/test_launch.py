"""`python main.py` and the installed `evidencekit` with no arguments start the window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.xserver import running_xvfb, xvfb_available

ROOT = Path(__file__).resolve().parents[3]
EVIDENCEKIT = Path(sys.executable).with_name("evidencekit")


@pytest.mark.parametrize("command", [[sys.executable, str(ROOT / "main.py")], [str(EVIDENCEKIT)]],
                         ids=["python main.py", "evidencekit"])
def test_self_test_opens_and_closes_the_main_window_offscreen(command, home):
    if not Path(command[0]).exists():
        pytest.skip("the evidencekit command is not installed in this environment")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCEKIT_HOME=str(home))
    result = subprocess.run([*command, "--self-test"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "opened and closed cleanly" in result.stdout


@pytest.mark.xvfb
@pytest.mark.skipif(not xvfb_available() or shutil.which("xdotool") is None, reason="needs Xvfb and xdotool")
@pytest.mark.parametrize("command", [[sys.executable, str(ROOT / "main.py")], [str(EVIDENCEKIT)]],
                         ids=["python main.py", "evidencekit"])
def test_no_arguments_shows_the_start_window_on_a_display(command, home):
    if not Path(command[0]).exists():
        pytest.skip("the evidencekit command is not installed in this environment")
    with running_xvfb(width=1280, height=900) as server:
        env = dict(server.env, QT_QPA_PLATFORM="xcb", EVIDENCEKIT_HOME=str(home))
        app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        try:
            found = ""
            deadline = time.monotonic() + 60
            while not found and time.monotonic() < deadline and app.poll() is None:
                search = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^evidencekit$"],
                                        env=env, capture_output=True, text=True)
                found = search.stdout.strip()
                time.sleep(0.2)
            assert found, f"no evidencekit window appeared (exit {app.poll()})"
        finally:
            app.terminate()
            app.wait(timeout=20)
