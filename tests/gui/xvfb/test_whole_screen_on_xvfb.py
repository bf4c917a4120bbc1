"""On a real X server: "whole screen" with the app's window in front of a chat window owned by another
process stores the chat window's pixels and nothing of the app's own window (it hides while capturing)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.store import CaseStore
from tests.gui.heartbeat import MAX_STALL_MS, allowed_stall_ms
from tests.support import foreign_window as chat
from tests.support.xserver import independent_grab, running_xvfb, xvfb_available

pytestmark = [pytest.mark.xvfb, pytest.mark.stall,
              pytest.mark.skipif(not xvfb_available(), reason="Xvfb is not installed")]

PROBE = Path(__file__).with_name("app_probe.py")
ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "xvfb probe passphrase"


def _rgb(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_whole_screen_holds_the_foreign_window_and_none_of_the_app(home: Path):
    with running_xvfb(width=1920, height=1080) as server:
        foreign = server.foreign_window(x=200, y=150, width=800, height=600)
        env = dict(server.env, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), EVIDENCEKIT_HOME=str(home))
        # The app's window covers most of the chat window. Up to three runs of the app, as in the other
        # responsiveness tests: a real stall (a capture on the GUI thread) fails every one; a busy shared
        # machine may spoil one. Each run must save, come back and hold one exhibit.
        stalls: list[float] = []
        noises: list[float] = []
        while len(stalls) < 3 and (not stalls or stalls[-1] > allowed_stall_ms(noises[-1])):
            probe = subprocess.run([sys.executable, str(PROBE), str(home), PASSPHRASE, "100,100,1100,760"],
                                   env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
            lines = [line for line in probe.stdout.splitlines() if line.startswith("RESULT ")]
            assert probe.returncode == 0 and lines, probe.stdout + probe.stderr
            result = json.loads(lines[0][len("RESULT "):])
            assert result["status"].startswith("Saved."), result
            assert result["visible_again"]
            assert len(result["exhibits"]) == 1
            stalls.append(result["stall_ms"])
            noises.append(result["idle_noise_ms"])
        print(f"\nlongest event-loop stall during the 1080p capture on Xvfb: {min(stalls)} ms "
              f"(runs: {', '.join(map(str, stalls))} ms; idle loop around each: {', '.join(map(str, noises))} ms; "
              f"limit {MAX_STALL_MS} ms above that)")
        assert any(stall <= allowed_stall_ms(noise) for stall, noise in zip(stalls, noises, strict=True)), \
            (stalls, noises)
        # What the screen shows without the app (the probe has exited; the chat window is still there).
        screen = _rgb(independent_grab(server.display))
        foreign.stop()

    with CaseStore.open(result["case"], passphrase=PASSPHRASE, home=home) as store:
        stored = _rgb(store.read_object(result["exhibits"][0]))
    assert stored.size == (1920, 1080)
    # The chat window, drawn by another process, is in the picture where it was on screen...
    left, top, _width, _height = chat.demand_rect(800)
    assert stored.getpixel((200 + left + 4, 150 + top + 4)) == ((chat.DEMAND >> 16) & 255, (chat.DEMAND >> 8) & 255,
                                                                chat.DEMAND & 255)
    # ...and the picture is exactly the screen without the app: no pixel of the app's window in it.
    x, y, w, h = result["window"]
    assert stored.crop((x, y, x + w, y + h)).tobytes() == screen.crop((x, y, x + w, y + h)).tobytes()
    assert stored.tobytes() == screen.tobytes()
