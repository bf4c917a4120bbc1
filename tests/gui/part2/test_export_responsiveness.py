"""Making the bundle of 50 pictures from the export page never stalls the event loop by more than 50 ms.

The export (decrypt, redact, lay out, attach, sign) runs on a worker thread; a 2 ms heartbeat QTimer on the
GUI thread measures the longest gap, including the page refreshes when the export is recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from evidencekit.capture import FixtureBackend, synthetic_desktop_png
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui.app import make_application
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.pages.export import bundle_code_ready
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore
from tests.gui.heartbeat import Heartbeat

MAX_STALL_MS = 50
EXHIBITS = 50


@pytest.mark.slow
def test_exporting_50_exhibits_keeps_the_event_loop_responsive(qtbot, home: Path, memory_keyring,
                                                               tmp_path: Path, capsys) -> None:
    make_application()
    store = CaseStore.create("Fifty pictures", "fifty pictures passphrase", home=home, keyring=memory_keyring).store
    frames = [synthetic_desktop_png(1280, 720, variant="chat" if n % 3 else "profile") for n in range(3)]
    backend = FixtureBackend(frames * (EXHIBITS // 3 + 1))
    for _ in range(EXHIBITS):
        capture_to_case(store, CaptureRequest(), {"category": "conversation"}, backend=backend)
    store.append_event("exhibit.redaction_set", {"boxes": [[100, 100, 300, 80]], "include_original": False},
                       object_id=store.state().exhibits[0].id)
    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("export")
    page = window.current_page()
    page.set_out_path(tmp_path / "fifty.pdf")
    # Showing the page loads the PDF and signing code in the background, while the person reads it.
    qtbot.waitUntil(bundle_code_ready, timeout=60000)
    idle = Heartbeat()  # the same machine with nothing running: how much of a stall is just load
    idle.start()
    qtbot.wait(1000)
    idle.stop()
    # Up to three exports: a real stall (GIL held by signing, a decode on the GUI thread) fails every one,
    # while a scheduling gap from another process on this shared 2-core machine fails at most one.
    stalls: list[float] = []
    while len(stalls) < 3 and (not stalls or stalls[-1] > MAX_STALL_MS):
        heartbeat = Heartbeat()
        heartbeat.start()
        qtbot.wait(50)
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.is_running(), timeout=300000)
        qtbot.wait(100)  # the refresh of every page after `bundle.exported` is measured too
        heartbeat.stop()
        assert page.last_result is not None, page.last_error
        assert page.last_result.exhibits == EXHIBITS
        stalls.append(heartbeat.longest_stall_ms)
    with capsys.disabled():  # the figure is wanted in the CI log, not only on failure
        print(f"\nlongest event-loop stall while exporting {EXHIBITS} exhibits: {min(stalls):.1f} ms "
              f"(attempts: {', '.join(f'{s:.1f}' for s in stalls)} ms; idle baseline {idle.longest_stall_ms:.1f} ms; "
              f"limit {MAX_STALL_MS} ms; PDF {page.last_result.size / 1e6:.1f} MB, {page.last_result.pages} pages)")
    assert min(stalls) <= MAX_STALL_MS
    window.close()
    session.lock()
