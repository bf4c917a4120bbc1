"""Pictures of the window running natively on Wayland, into docs/screenshots/wayland-*.png.

    .venv/bin/python scripts/wayland_screenshots.py

Starts the tests' headless sway + portal desktop (tests/support/wayland_session.py) with a made-up chat
window of another process, runs the app in it (QT_QPA_PLATFORM=wayland) on a throwaway case with an
in-memory keyring, and takes each picture of the whole sway output with grim: the conversation page,
the countdown, and the region overlay on the frozen picture. Nothing of a real case is ever shown.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
MAX_BYTES = 150 * 1024
sys.path.insert(0, str(ROOT))


def outer() -> int:
    from evidencekit.capture import synthetic_desktop_png
    from tests.support.wayland_session import Output, start_wayland_session

    session = start_wayland_session((Output(1920, 1080),))
    try:
        with tempfile.TemporaryDirectory(prefix="ek-wayland-shots-") as folder:
            picture = Path(folder) / "chat.png"
            picture.write_bytes(synthetic_desktop_png(1920, 1080))
            session.client_window(picture)
            env = dict(session.env(), QT_QPA_PLATFORM="wayland", EVIDENCEKIT_HOME=str(Path(folder) / "home"),
                       PYTHONPATH=str(ROOT))
            return subprocess.call([sys.executable, __file__, "--inner"], env=env, cwd=ROOT)
    finally:
        session.stop()


def grim(name: str) -> None:
    from PIL import Image

    data = subprocess.run(["grim", "-"], capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(data)).convert("RGB")
    scale = 1.0
    while True:
        shown = image if scale == 1.0 else image.resize((round(image.width * scale), round(image.height * scale)),
                                                          Image.Resampling.LANCZOS)
        out = io.BytesIO()
        shown.save(out, format="PNG", optimize=True)
        if out.tell() <= MAX_BYTES or scale < 0.45:
            break
        scale -= 0.1
    (OUT / f"{name}.png").write_bytes(out.getvalue())
    print(f"wrote docs/screenshots/{name}.png ({shown.width}×{shown.height}, {out.tell() // 1024} KiB)", flush=True)


def inner() -> int:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from evidencekit.gui.app import finish, leave_app, make_application
    from evidencekit.gui.main_window import MainWindow
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore, KeyringAccess
    from tests.support.memory_keyring import MemoryKeyring

    home = Path(os.environ["EVIDENCEKIT_HOME"])
    home.mkdir(mode=0o700, exist_ok=True)
    app = make_application([sys.argv[0]], home=home)
    keyring = KeyringAccess(MemoryKeyring())
    session = CaseSession(home=home, keyring=keyring)
    session.attach(CaseStore.create("Wayland pictures", "screenshot passphrase", home=home, keyring=keyring).store)
    window = MainWindow(session)
    window.resize(1180, 820)
    window.show()
    window.show_page("conversation")
    page = window.current_page()

    def wait(condition, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("the window did not get there in time")
            QApplication.processEvents()
            time.sleep(0.01)

    wait(lambda: page.availability is not None)
    QTest.qWait(1200)
    grim("wayland-conversation")

    page.options_form.delay.setCurrentIndex(page.options_form.delay.findData(10))
    page.start_capture()
    wait(lambda: page.flow is not None and page.flow.countdown is not None and page.flow.countdown.isVisible())
    QTest.qWait(800)
    grim("wayland-countdown")
    page.flow.countdown.cancel()
    wait(lambda: page.flow is None)

    page.options_form.delay.setCurrentIndex(0)
    page.options_form.region.setChecked(True)
    page.start_capture()
    wait(lambda: page.flow is not None and page.flow.overlay is not None and page.flow.overlay.isVisible())
    overlay = page.flow.overlay
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(260, 150))
    QTest.mouseMove(overlay, QPoint(1200, 480))
    QTest.qWait(800)
    grim("wayland-region")
    QTest.keyClick(overlay, Qt.Key.Key_Escape)
    wait(lambda: page.flow is None)
    window.close()
    finish(app, _Controller(session))
    leave_app(0)


class _Controller:
    """What `finish` needs of an app controller: the session."""

    def __init__(self, session: object) -> None:
        self.session = session


if __name__ == "__main__":
    sys.exit(inner() if sys.argv[1:] == ["--inner"] else outer())
