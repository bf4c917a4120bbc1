"""The window without a display, or with a broken Qt platform: one sentence naming what is missing and
what to install, exit 2; never Qt's abort (exit 134) with its misleading libxcb-cursor0 message.

Each case runs the real `evidencekit` command in a subprocess. The installed wheel is checked the same way
by scripts/wheel-smoke.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.gui.platform_check import display_problem
from tests.support.xserver import running_xvfb, xvfb_available

APP = [sys.executable, "-m", "evidencekit"]


def _env(**values: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"}}
    for key, value in values.items():
        if value is not None:
            env[key] = value
    return env


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(APP, env=env, capture_output=True, text=True, timeout=60, check=False)


def _one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "qt.qpa" not in stderr and "Aborted" not in stderr
    return lines[0]


def test_no_display_at_all_is_one_sentence_and_exit_2() -> None:
    result = _run(_env())
    assert result.returncode == 2, result
    line = _one_sentence(result.stderr)
    assert "no desktop display" in line and "DISPLAY and WAYLAND_DISPLAY" in line
    assert "libxcb-cursor" not in line  # Qt's misleading guess is not repeated
    assert result.stdout == ""


def test_an_x_display_that_is_gone_is_named() -> None:
    result = _run(_env(DISPLAY=":987"))
    assert result.returncode == 2
    line = _one_sentence(result.stderr)
    assert "no X display answers at DISPLAY=:987" in line


def test_a_wayland_display_that_is_gone_is_named(tmp_path: Path) -> None:
    result = _run(_env(WAYLAND_DISPLAY="wayland-gone", XDG_RUNTIME_DIR=str(tmp_path), XDG_SESSION_TYPE="wayland"))
    assert result.returncode == 2
    assert "no Wayland display answers at WAYLAND_DISPLAY=wayland-gone" in _one_sentence(result.stderr)


def test_a_broken_system_library_is_named_with_the_package_to_install(tmp_path: Path) -> None:
    """A damaged libxcb-cursor.so.0 found first on the library path: what Qt would abort on."""
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-cursor.so.0").write_bytes(b"")
    result = _run(_env(DISPLAY=":987", LD_LIBRARY_PATH=str(broken)))
    assert result.returncode == 2
    line = _one_sentence(result.stderr)
    assert "libxcb-cursor.so.0" in line and "sudo apt install libxcb-cursor0" in line


def test_qt_qpa_platform_xcb_without_display_is_one_sentence() -> None:
    result = _run(_env(QT_QPA_PLATFORM="xcb"))
    assert result.returncode == 2
    assert "DISPLAY" in _one_sentence(result.stderr)


def test_headless_platforms_are_not_refused() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "minimal;xcb"}) is None


def test_self_test_needs_no_display() -> None:
    result = subprocess.run([*APP, "--self-test"], env=_env(), capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.xvfb
@pytest.mark.skipif(not xvfb_available(), reason="needs Xvfb (Debian: xvfb)")
def test_a_running_x_server_passes_and_a_broken_default_falls_back_to_the_working_platform(tmp_path: Path) -> None:
    with running_xvfb(width=640, height=480) as server:
        assert display_problem({"DISPLAY": server.display}) is None
        # Qt would try X11 first (no Wayland session declared) and abort on it; the check picks Wayland,
        # whose socket is there, instead. (A file stands in for the socket: only its presence is checked.)
        (tmp_path / "wayland-1").touch()
        broken = tmp_path / "lib"
        broken.mkdir()
        (broken / "libxcb-cursor.so.0").write_bytes(b"")
        code = ("import os, sys\n"
                "from evidencekit.gui.platform_check import display_problem\n"
                "problem = display_problem()\n"
                "print(problem, os.environ.get('QT_QPA_PLATFORM'))\n")
        env = _env(DISPLAY=server.display, WAYLAND_DISPLAY="wayland-1", XDG_RUNTIME_DIR=str(tmp_path),
                   LD_LIBRARY_PATH=str(broken))
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                                check=True)
        assert result.stdout.split() == ["None", "wayland"], result.stdout
