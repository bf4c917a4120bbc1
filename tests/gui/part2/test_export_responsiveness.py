"""Making the bundle of 50 pictures from the export page never stalls the event loop by more than 25 ms
(MAX_STALL_MS, above what the machine itself does to an idle loop in the same run).

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
from tests.gui.heartbeat import MAX_STALL_MS, Heartbeat, ThreadSpy, allowed_stall_ms, idle_noise_ms

EXHIBITS = 50


@pytest.mark.slow
@pytest.mark.stall
def test_exporting_50_exhibits_keeps_the_event_loop_responsive(qtbot, home: Path, memory_keyring,
                                                               tmp_path: Path, capsys, monkeypatch) -> None:
    import evidencekit.bundle.export as export_module

    spy = ThreadSpy()
    monkeypatch.setattr(export_module, "export_case", spy.wrap("export_case", export_module.export_case))
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
    # Up to three exports: a real stall (GIL held by signing, a decode on the GUI thread) fails every one,
    # while a scheduling gap from another process on this shared 2-core machine fails at most one. Each is
    # held to MAX_STALL_MS (25 ms) above what the machine does to the idle loop just before and just
    # after it (tests/gui/heartbeat.py), and the export itself must have run on a worker thread.
    stalls: list[float] = []
    noises: list[float] = []
    while len(stalls) < 3 and (not stalls or stalls[-1] > allowed_stall_ms(noises[-1], MAX_STALL_MS)):
        noises.append(idle_noise_ms(qtbot.wait))
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
        noises[-1] = max(noises[-1], idle_noise_ms(qtbot.wait))
    assert len(spy.calls) == len(stalls) and not spy.on_gui_thread(), spy.calls
    with capsys.disabled():  # the figure is wanted in the CI log, not only on failure
        print(f"\nlongest event-loop stall while exporting {EXHIBITS} exhibits: {min(stalls):.1f} ms "
              f"(attempts: {', '.join(f'{s:.1f}' for s in stalls)} ms; idle loop around each: "
              f"{', '.join(f'{n:.1f}' for n in noises)} ms; limit {MAX_STALL_MS} ms above that; "
              f"PDF {page.last_result.size / 1e6:.1f} MB, {page.last_result.pages} pages)")
    assert any(stall <= allowed_stall_ms(noise, MAX_STALL_MS)
               for stall, noise in zip(stalls, noises, strict=True)), (stalls, noises)
    window.close()
    session.lock()
