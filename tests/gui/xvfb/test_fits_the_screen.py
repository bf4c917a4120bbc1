"""On a real X server, at 1366×768 and at 1920×1080 with QT_SCALE_FACTOR=2 (960×540 logical pixels):
the main window, the start window and every dialog open inside the screen, and the banner's "Get help
now" and "Quick exit (F12)", Back and Next, the save status, "Close this case" and every dialog's
buttons (their "Get help now" too) are on the screen and not scrolled out of sight, without scrolling
the frame. The pictures of the same: `python scripts/screenshots.py --screen 1366x768 --screen 1920x1080@2`
(docs/screenshots/screen-*/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.xserver import running_xvfb, xvfb_available

pytestmark = [pytest.mark.xvfb, pytest.mark.skipif(not xvfb_available(), reason="Xvfb is not installed")]

PROBE = Path(__file__).with_name("fit_probe.py")
ROOT = Path(__file__).resolve().parents[3]


def inside(rect: list[int], screen: list[int]) -> bool:
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    return w > 0 and h > 0 and x >= sx and y >= sy and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize(("width", "height", "scale"), [(1366, 768, "1"), (1920, 1080, "2"), (1280, 720, "1.5")])
def test_every_window_and_the_banner_buttons_lie_inside_the_screen(home: Path, width: int, height: int,
                                                                   scale: str):
    with running_xvfb(width=width, height=height) as server:
        env = dict(server.env, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), EVIDENCEKIT_HOME=str(home),
                   QT_SCALE_FACTOR=scale)
        probe = subprocess.run([sys.executable, str(PROBE), str(home)], env=env, capture_output=True, text=True,
                               timeout=180, cwd=ROOT)
    lines = [line for line in probe.stdout.splitlines() if line.startswith("RESULT ")]
    assert probe.returncode == 0 and lines, probe.stdout + probe.stderr
    result = json.loads(lines[0][len("RESULT "):])
    screen = result["screen"]
    assert result["ratio"] == pytest.approx(float(scale))
    assert screen[2] == round(width / float(scale)) and screen[3] == round(height / float(scale))
    outside = []
    for name, parts in result.items():
        if name.startswith(("main:", "dialog:")):
            for part, rect in parts.items():
                rects = rect if part == "buttons" else [rect]
                assert rects, f"{name} has no {part}"
                outside += [f"{name} {part} {r}" for r in rects if not inside(r, screen)]
    outside += [f"{name} {result[name]}" for name in ("start", "start_help") if not inside(result[name], screen)]
    assert outside == [], f"off the {screen} screen: {outside}"
    # "Make the police bundle" without scrolling at 1366×768 and 960×540; at 853×480 (1280×720 at 1.5) the
    # heading, intro, summary and options already fill most of the page's height: not fixed
    if screen[3] >= 540:
        assert result["export_button_whole"], "'Make the police bundle' needs a scroll on the export page"
    # Known, not fixed yet: below 1366 px these three pages are still wider than the window (the
    # conversation's button row, the review page's three columns, the export page's long check boxes)
    known = set() if width / float(scale) >= 1280 else {"conversation", "review", "export"}
    too_wide = {step: widths for step, widths in result["page_widths"].items()
                if widths[0] > widths[1] and step not in known}
    assert len(result["page_widths"]) >= 10 and too_wide == {}, f"wider than the window (needs, has): {too_wide}"
