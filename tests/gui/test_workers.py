"""Background jobs: results and errors come back on the GUI thread; a deleted owner's callbacks never run."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from evidencekit.gui import workers


def test_results_and_errors_arrive_on_the_gui_thread(qtbot):
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def job(progress):
        seen["worker"] = threading.get_ident()
        progress(50)
        return 42

    workers.run_in_background(job, on_done=lambda r: seen.update(result=r, done_on=threading.get_ident()),
                              on_error=lambda e: seen.update(error=e),
                              on_progress=lambda p: seen.update(progress=p, progress_on=threading.get_ident()))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["worker"] != gui_thread
    assert seen["done_on"] == gui_thread and seen["progress_on"] == gui_thread and seen["progress"] == 50

    def failing():
        raise ValueError("boom")

    workers.run_in_background(failing, on_done=lambda r: seen.update(wrong=r), on_error=lambda e: seen.update(error=e))
    qtbot.waitUntil(lambda: "error" in seen, timeout=5000)
    assert isinstance(seen["error"], ValueError) and "wrong" not in seen


def test_a_deleted_owner_does_not_get_its_callbacks(qtbot):
    owner = QObject()
    gate = threading.Event()
    called = []
    task = workers.run_in_background(lambda: gate.wait(5), on_done=called.append, on_error=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not task.owner_alive(), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    assert called == []
    assert workers.wait_for_all(5000)


def test_case_writes_land_in_the_journal_in_the_order_they_were_asked(qtbot, home, memory_keyring):
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore

    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(CaseStore.create("Order", "order passphrase", home=home, keyring=memory_keyring).store)
    for number in range(12):
        session.set_profile(platforms=[f"p{number}"])
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    asked = [e.data["platforms"][0] for e in session.store.events() if e.action == "profile.set"]
    assert asked == [f"p{number}" for number in range(12)]
    assert session.platforms == ["p11"]
    session.lock()
