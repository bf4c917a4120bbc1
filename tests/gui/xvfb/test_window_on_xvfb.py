"""The real window on a real X server of 1366×768: where the keyboard focus lands, what stays put (the
series control above a full-screen window, the picture under the first box, a row of thumbnails). Runs
tests/gui/xvfb_inner in its own pytest process with QT_QPA_PLATFORM=xcb on a private Xvfb (a Qt
application picks its platform once, and this suite runs offscreen, where activating and stacking
windows are only imitated)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.xserver import running_xvfb, xvfb_available

pytestmark = [pytest.mark.xvfb, pytest.mark.slow,
              pytest.mark.skipif(not xvfb_available(), reason="Xvfb is not installed")]
ROOT = Path(__file__).resolve().parents[3]


def test_the_window_on_a_real_x_server(tmp_path: Path):
    with running_xvfb(width=1366, height=768) as server:
        env = dict(server.env, QT_QPA_PLATFORM="xcb", EVIDENCEKIT_XVFB_INNER="1", PYTHONPATH=str(ROOT))
        env.pop("QT_SCALE_FACTOR", None)
        inner = subprocess.run([sys.executable, "-m", "pytest", "tests/gui/xvfb_inner", "-q", "-p",
                                "no:cacheprovider", "-p", "no:xdist", "--basetemp", str(tmp_path / "inner")],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    print(inner.stdout[-6000:], inner.stderr[-3000:])
    assert inner.returncode == 0, inner.stdout[-6000:] + inner.stderr[-3000:]
    assert " passed" in inner.stdout.splitlines()[-1] and "skipped" not in inner.stdout.splitlines()[-1]
