"""A 1080p capture (grab, PNG encode, encryption, fsync) never stalls the event loop by more than 50 ms.

A shared 2-core machine adds scheduling gaps that are not ours, so a round of three captures is tried up to
three times: code that really holds the event loop (a GIL-holding conversion, a decode on the GUI thread)
fails every round, while one noisy round does not fail the suite. Every figure is printed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.capture import FixtureBackend, synthetic_desktop_png
from evidencekit.gui.app import make_application
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore
from tests.gui.heartbeat import Heartbeat

MAX_STALL_MS = 50


def test_a_1080p_capture_keeps_the_event_loop_responsive(qtbot, home, memory_keyring, fast_settle, capsys):
    make_application()  # start-up as the app does it (warm-up included)
    backend = FixtureBackend([synthetic_desktop_png(1920, 1080, variant="chat")])
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: backend)
    session.attach(CaseStore.create("Heartbeat", "heartbeat passphrase", home=home, keyring=memory_keyring).store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("conversation")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    rounds: list[list[float]] = []
    while len(rounds) < 3 and (not rounds or max(rounds[-1]) > MAX_STALL_MS):
        rounds.append(_capture_round(qtbot, page))
    assert backend.grabs == 3 * len(rounds)
    assert session.state.exhibits[0].recorded["pixels"] == {"width": 1920, "height": 1080}
    best = min(max(stalls) for stalls in rounds)
    with capsys.disabled():  # the figure is wanted in the CI log, not only on failure
        print(f"\nlongest event-loop stall during a 1080p capture: {best:.1f} ms (rounds of three captures: "
              f"{'; '.join(', '.join(f'{s:.1f}' for s in stalls) for stalls in rounds)} ms; limit {MAX_STALL_MS} ms)")
    assert best <= MAX_STALL_MS
    window.close()
    session.lock()


def _capture_round(qtbot, page) -> list[float]:
    stalls = []
    for _ in range(3):
        heartbeat = Heartbeat()
        heartbeat.start()
        qtbot.wait(50)
        qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=20000)
        qtbot.wait(30)
        heartbeat.stop()
        stalls.append(heartbeat.longest_stall_ms)
        page.status.setText("")
    return stalls
