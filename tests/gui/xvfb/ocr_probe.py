"""Runs the real app on the X display in $DISPLAY: one picture of a chat (the fixture capture backend
serves a chat picture made by tests/support/ocr_chats.py), then waits for its transcript beside the
picture, searches a word, and confirms the IBAN found into the demand; prints one JSON line. Started by
test_ocr_on_xvfb.py. The event loop's longest stall is measured throughout.

    python ocr_probe.py HOME PASSPHRASE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evidencekit.capture import FixtureBackend
from evidencekit.gui.app import AppController, finish, leave_app, make_application
from evidencekit.store import CaseStore
from tests.gui.heartbeat import Heartbeat, idle_noise_ms
from tests.support.ocr_chats import GOOD_IBAN, chat_png


def wait_until(app: QApplication, condition, timeout_s: float = 120.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout_s:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.002)
    return time.monotonic() - started


def main(home_text: str, passphrase: str) -> int:
    home = Path(home_text)
    app = make_application([sys.argv[0]])
    backend = FixtureBackend([chat_png("payments")])
    controller = AppController(home=home, backend_factory=lambda: backend)
    created = CaseStore.create("OCR probe", passphrase, shared_computer=True, home=home)
    created.store.append_event("profile.set", {"country": "GB"})
    controller.session.attach(created.store)
    window = controller.show_main_window()
    window.setGeometry(40, 40, 1400, 900)
    window.show_page("conversation")
    QTest.qWaitForWindowExposed(window, 10000)
    page = window.current_page()
    wait_until(app, lambda: page.availability is not None)
    noise = idle_noise_ms(QTest.qWait)  # what this machine does to the idle loop, before any work starts
    heartbeat = Heartbeat()
    heartbeat.start()
    QTest.qWait(50)
    page.start_capture()
    saved_after = wait_until(app, lambda: page.flow is None)
    status = page.status.text()
    stalls = {"capture": heartbeat.longest_stall_ms}
    window.show_page("review")
    review = window.current_page()
    review.on_shown()
    panel = review.transcript_panel
    QTest.qWait(50)
    heartbeat = Heartbeat()  # from here on OCR runs in the background: the window must stay responsive
    heartbeat.start()
    transcript_after = wait_until(app, lambda: "Western Union" in panel.text.toPlainText())
    QTest.qWait(100)
    stalls["ocr"] = heartbeat.longest_stall_ms
    transcript = panel.text.toPlainText()
    QTest.keyClicks(panel.search_box, "western union")
    wait_until(app, lambda: panel.hits.count() > 0, 10)
    hits = [panel.hits.item(i).text() for i in range(panel.hits.count())]
    window.show_page("details")
    details = window.current_page()
    suggestions = details.suggestions
    wait_until(app, lambda: any(f.kind == "iban" and f.valid for f, _b in suggestions.rows), 30)
    offered = [(f.kind, f.value, f.valid) for f, _b in suggestions.rows]
    bad_text = [label.text() for label in suggestions.findChildren(type(details.status))
                if "check it against the picture" in label.text()]
    button = next(b for f, b in suggestions.rows if f.kind == "iban" and f.valid)
    events_before = len(controller.session.store.events())
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def in_demand() -> bool:
        state = controller.session.state
        demands = state.details.get("demands") or [] if state else []
        return any(GOOD_IBAN in (d.get("bank_details") or "") for d in demands)

    wait_until(app, in_demand, 20)
    wait_until(app, lambda: any(GOOD_IBAN in row.get("bank_details", "") for row in details.demands.value()), 10)
    QTest.qWait(100)
    heartbeat.stop()
    stalls["search_and_confirm"] = heartbeat.longest_stall_ms
    noise = max(noise, idle_noise_ms(QTest.qWait))  # ...and after it all
    store = controller.session.store
    actions = [e.action for e in store.events()[events_before:]]
    ocr_events = [e for e in store.events() if e.action == "object.added"]
    still_offered = [(f.kind, f.value) for f, _b in suggestions.rows]
    result = {"status": status, "case": created.store.id, "saved_s": round(saved_after, 2),
              "transcript_s": round(transcript_after, 2), "transcript": transcript, "hits": hits,
              "offered": offered, "bad_text": bad_text, "after_click": actions, "ocr_events": len(ocr_events),
              "still_offered": still_offered, "demands": controller.session.state.details.get("demands"),
              "form_demands": details.demands.value(),
              # the capture's own stall is tested by test_whole_screen_on_xvfb
              "stall_ms": round(stalls["ocr"], 1), "idle_noise_ms": round(noise, 1),
              "stalls": {name: round(value, 1) for name, value in stalls.items()}}
    window.close()
    finish(app, controller)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    leave_app(main(*sys.argv[1:3]))  # as the app ends (ADR 052)
