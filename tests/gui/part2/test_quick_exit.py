"""Quick exit (F12) hides every window within 200 ms and locks the case; the idle lock locks it too."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from evidencekit.errors import CaseLocked, KeyUnavailable
from evidencekit.gui import idle_lock
from evidencekit.gui.idle_lock import IdleLock
from evidencekit.gui.quick_exit import QUICK_EXIT_KEY
from evidencekit.store import CaseStore, KeyringAccess
from tests.gui.part2 import flow
from tests.support.memory_keyring import MemoryKeyring

MAX_HIDE_MS = 200


def _visible_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def installed():
    """QuickExit / IdleLock objects made by a test, removed from the shared QApplication afterwards."""
    made: list = []
    yield made.append
    for item in made:
        item.uninstall()


@pytest.fixture
def open_app(qtbot, make_controller):
    """The app with a case open on the details page, one picture captured, a name being typed."""
    controller = make_controller()
    controller.show()
    flow.create_case(qtbot, controller)
    window = controller.main_window
    flow.capture(qtbot, window, "profile")
    return controller


def test_f12_hides_every_window_within_200_ms_and_locks_the_case(qtbot, open_app, home, installed) -> None:
    controller = open_app
    session, window = controller.session, controller.main_window
    controller.install_guards(QApplication.instance())  # F12 as the real app wires it
    quick = controller.quick
    quick.after = lambda: None  # the app would quit here; the test's app lives on
    installed(quick)
    installed(controller.idle)
    store = session.store
    exhibit = session.state.exhibits[0]
    case_id = store.id
    window.show_page("details")
    page = window.current_page()
    username = page.suspect_accounts.editors[0].fields["username"].input
    username.setFocus()
    qtbot.keyClicks(username, "half-typed_name")  # not finished: quick exit must still save it
    QApplication.clipboard().setText("lena_2003")
    assert window.isVisible()

    started = time.perf_counter()
    QTest.keyClick(window, QUICK_EXIT_KEY)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"\nquick exit: no window visible after {elapsed_ms:.1f} ms (limit {MAX_HIDE_MS} ms)")
    assert _visible_windows() == []
    assert elapsed_ms <= MAX_HIDE_MS
    assert quick.exited
    assert session.store is None and not store.is_open
    with pytest.raises(CaseLocked):
        store.read_object(exhibit.id)
    with pytest.raises(KeyUnavailable):  # nothing left in this process opens it without a key source
        CaseStore.open(case_id, home=home, keyring=KeyringAccess(MemoryKeyring()))
    assert QApplication.clipboard().text() == ""
    assert window.windowTitle() == "evidencekit"
    reopened = CaseStore.open(case_id, home=home, passphrase=flow.PASSPHRASE)
    saved = reopened.state().details["suspect_accounts"][0]["username"]
    reopened.close()
    assert saved == "half-typed_name"


def test_f12_works_inside_a_modal_dialog_and_it_does_not_come_back(qtbot, open_app, installed) -> None:
    controller = open_app
    session, window = controller.session, controller.main_window
    controller.install_guards(QApplication.instance())
    controller.quick.after = lambda: None
    installed(controller.quick)
    installed(controller.idle)
    box = QMessageBox(QMessageBox.Icon.Information, "evidencekit", "A question", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)  # a window of its own (a child of the main window goes when the case locks)
    window.activateWindow()
    seen: list[list] = []

    def press_in_dialog() -> None:
        assert box.isVisible()
        QTest.keyClick(box, QUICK_EXIT_KEY)
        seen.append(_visible_windows())

    QTimer.singleShot(100, press_in_dialog)
    box.exec()  # returns because the quick exit hid it
    assert seen == [[]]
    box.show()  # code after exec() that shows a window again is hidden at once
    qtbot.wait(20)
    assert not box.isVisible() or box.windowOpacity() == 0.0
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=1000)
    assert session.store is None


def test_the_case_locks_after_the_idle_time_and_activity_postpones_it(qtbot, open_app, installed) -> None:
    controller = open_app
    session, window = controller.session, controller.main_window
    lock = IdleLock(QApplication.instance(), session, minutes=0.5 / 60)  # half a second
    installed(lock)
    for _ in range(4):  # keep using the app for longer than the idle time
        qtbot.wait(200)
        QTest.mouseMove(window.checklist.viewport())
        qtbot.keyClick(window.checklist, Qt.Key.Key_Down)
    assert session.store is not None
    qtbot.waitUntil(lambda: session.store is None, timeout=3000)
    assert lock.remaining_ms() == -1 or session.store is None


def test_the_idle_time_is_the_persons_choice_and_0_means_never(qtbot, home, session, installed) -> None:
    assert idle_lock.read_idle_minutes(home) == idle_lock.DEFAULT_IDLE_MINUTES
    idle_lock.write_idle_minutes(25, home)
    assert idle_lock.read_idle_minutes(home) == 25
    lock = IdleLock(QApplication.instance(), session)
    installed(lock)
    assert lock.minutes == 25
    idle_lock.apply_idle_minutes(0, home)
    assert lock.minutes == 0 and lock.remaining_ms() == -1
    assert idle_lock.read_idle_minutes(home) == 0
