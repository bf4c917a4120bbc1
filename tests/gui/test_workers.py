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
