"""The window on a real Wayland desktop: runs tests/gui/wayland_inner in its own pytest process inside a
headless sway + portal desktop (QT_QPA_PLATFORM=wayland; a Qt application picks its platform once, and
this suite runs offscreen), beside another program's window showing a known picture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.capture import synthetic_desktop_png
from tests.support.wayland_fixture import wayland_desktop
from tests.support.wayland_session import Output

pytestmark = [pytest.mark.wayland, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_the_window_takes_pictures_on_wayland(tmp_path: Path):
    for session in wayland_desktop((Output(1920, 1080),)):
        picture = tmp_path / "chat.png"
        picture.write_bytes(synthetic_desktop_png(1920, 1080))
        session.client_window(picture)
        env = dict(session.env(), QT_QPA_PLATFORM="wayland", EVIDENCEKIT_WAYLAND_INNER="1",
                   EVIDENCEKIT_WAYLAND_PICTURE=str(picture), PYTHONPATH=str(ROOT))
        inner = subprocess.run([sys.executable, "-m", "pytest", "tests/gui/wayland_inner", "-q", "-p",
                                "no:cacheprovider", "--basetemp", str(tmp_path / "inner")],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        print(inner.stdout[-6000:], inner.stderr[-3000:])
        assert inner.returncode == 0, inner.stdout[-6000:] + inner.stderr[-3000:]
        assert " passed" in inner.stdout.splitlines()[-1]
