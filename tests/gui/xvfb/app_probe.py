"""Runs the real app on the X display in $DISPLAY, takes one "whole screen" picture from the conversation
page with its window in view, and prints a JSON line about it. Started by test_whole_screen_on_xvfb.py.

    python app_probe.py HOME PASSPHRASE X,Y,W,H
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evidencekit.gui.app import AppController, finish, leave_app, make_application
from evidencekit.store import CaseStore
from tests.gui.heartbeat import Heartbeat, idle_noise_ms


def wait_until(app: QApplication, condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.002)


def main(home_text: str, passphrase: str, geometry: str) -> int:
    home = Path(home_text)
    x, y, width, height = (int(part) for part in geometry.split(","))
    app = make_application([sys.argv[0]])
    controller = AppController(home=home)  # the real capture backend (mss) on this display
    created = CaseStore.create("Xvfb probe", passphrase, shared_computer=True, home=home)
    controller.session.attach(created.store)
    window = controller.show_main_window()
    window.setGeometry(x, y, width, height)
    window.show_page("conversation")
    QTest.qWaitForWindowExposed(window, 10000)
    page = window.current_page()
    wait_until(app, lambda: page.availability is not None)
    QTest.qWait(500)  # let the window system finish drawing the app over the foreign window
    noise = idle_noise_ms(QTest.qWait)  # what this machine does to the idle loop, just before
    heartbeat = Heartbeat()
    heartbeat.start()
    QTest.qWait(50)
    page.start_capture()
    wait_until(app, lambda: page.flow is None)  # finished (saved) or failed; the status says which
    QTest.qWait(30)
    heartbeat.stop()
    noise = max(noise, idle_noise_ms(QTest.qWait))  # ...and just after
    state = controller.session.state
    frame = window.frameGeometry()
    result = {"status": page.status.text(), "case": created.store.id,
              "exhibits": [e.id for e in state.exhibits], "visible_again": window.isVisible(),
              "window": [frame.x(), frame.y(), frame.width(), frame.height()],
              "stall_ms": round(heartbeat.longest_stall_ms, 1), "idle_noise_ms": round(noise, 1),
              "availability": page.availability.why if page.availability else None}
    window.close()
    finish(app, controller)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    leave_app(main(*sys.argv[1:4]))  # as the app ends (ADR 052)
