"""A 1080p capture (grab, PNG encode, encryption, fsync) never stalls the event loop by more than 25 ms
(MAX_STALL_MS) above what the machine itself does to an idle loop just before and just after
(tests/gui/heartbeat.py).

A shared 2-core machine adds scheduling gaps that are not ours, so a round of three captures is tried up to
three times: code that really holds the event loop (a GIL-holding conversion, a decode on the GUI thread)
fails every round, while one noisy round does not fail the suite. Every figure is printed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from evidencekit.capture import FixtureBackend, synthetic_desktop_png
from evidencekit.gui.app import make_application
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore
from tests.gui.heartbeat import MAX_STALL_MS, Heartbeat, ThreadSpy, allowed_stall_ms, idle_noise_ms


@pytest.mark.stall
def test_a_1080p_capture_keeps_the_event_loop_responsive(qtbot, home, memory_keyring, fast_settle, capsys,
                                                         monkeypatch):
    make_application()  # start-up as the app does it (warm-up included)
    backend = FixtureBackend([synthetic_desktop_png(1920, 1080, variant="chat")])
    spy = ThreadSpy()  # the grab and the encrypted, fsynced save must run off the GUI thread
    monkeypatch.setattr(backend, "grab", spy.wrap("grab", backend.grab))
    monkeypatch.setattr(CaseStore, "add_object", spy.wrap("add_object", CaseStore.add_object))
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: backend)
    session.attach(CaseStore.create("Heartbeat", "heartbeat passphrase", home=home, keyring=memory_keyring).store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("conversation")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    rounds: list[list[float]] = []
    noises: list[float] = []
    while len(rounds) < 3 and (not rounds or max(rounds[-1]) > allowed_stall_ms(noises[-1], MAX_STALL_MS)):
        noises.append(idle_noise_ms(qtbot.wait))
        rounds.append(_capture_round(qtbot, page))
        noises[-1] = max(noises[-1], idle_noise_ms(qtbot.wait))  # the machine's noise just after, as well
    assert backend.grabs == 3 * len(rounds)
    assert [name for name, _ in spy.calls].count("grab") == backend.grabs and not spy.on_gui_thread(), spy.calls
    assert [name for name, _ in spy.calls].count("add_object") >= backend.grabs
    assert session.state.exhibits[0].recorded["pixels"] == {"width": 1920, "height": 1080}
    best = min(max(stalls) for stalls in rounds)
    with capsys.disabled():  # the figure is wanted in the CI log, not only on failure
        print(f"\nlongest event-loop stall during a 1080p capture: {best:.1f} ms (rounds of three captures: "
              f"{'; '.join(', '.join(f'{s:.1f}' for s in stalls) for stalls in rounds)} ms; idle loop around each "
              f"round: {', '.join(f'{n:.1f}' for n in noises)} ms; limit {MAX_STALL_MS} ms above that)")
    assert any(max(stalls) <= allowed_stall_ms(noise, MAX_STALL_MS)
               for stalls, noise in zip(rounds, noises, strict=True)), (rounds, noises)
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
