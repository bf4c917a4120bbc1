"""The app controller: an idle lock brings back the start screen (the case opens again), the banner's
quick exit hides everything and locks, closing the window closes the case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from evidencekit.store import CaseStore


def _open(controller, home):
    store = CaseStore.create("Controller case", "controller passphrase", home=home,
                             keyring=controller.session.keyring).store
    controller.session.attach(store)
    return controller.show_main_window()


def test_an_idle_lock_returns_to_the_start_screen_and_the_case_opens_again(qtbot, make_controller, home):
    controller = make_controller()
    window = _open(controller, home)
    assert window.isVisible() and not controller.start_window.isVisible()
    controller.session.lock()  # what the idle lock does
    start = controller.start_window
    assert controller.main_window is None and not window.isVisible()
    assert start.isVisible() and "locked" in start.message.text()
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    assert controller.session.state.title == "Controller case"


def test_the_banner_quick_exit_hides_every_window_and_locks(qtbot, make_controller, home):
    controller = make_controller()
    controller.install_guards(QApplication.instance())
    try:
        window = _open(controller, home)
        controller.quick._after = lambda: None  # the real app quits here
        qtbot.mouseClick(window.banner.exit_button, Qt.MouseButton.LeftButton)
        assert not any(w.isVisible() for w in QApplication.topLevelWidgets())
        assert controller.session.store is None
        assert not controller.start_window.isVisible()
    finally:
        controller.quick.uninstall()
        controller.idle.uninstall()


def test_closing_the_main_window_closes_the_case_without_showing_the_start_screen(qtbot, make_controller, home):
    controller = make_controller()
    window = _open(controller, home)
    store = controller.session.store
    window.close()
    assert controller.session.store is None and not store.is_open
    assert not controller.start_window.isVisible()


def test_close_this_case_locks_it_and_shows_the_list_of_cases(qtbot, make_controller, home) -> None:
    from PySide6.QtCore import Qt

    from evidencekit.store import CaseStore

    created = CaseStore.create("First of two", "first case passphrase", shared_computer=True, home=home)
    CaseStore.create("Second of two", "second case passphrase", shared_computer=True, home=home).store.close()
    controller = make_controller()
    controller.session.attach(created.store)
    window = controller.show_main_window()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.close_case_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is None and controller.start_window.isVisible(), timeout=10000)
    assert controller.session.store is None and not created.store.is_open
    assert controller.start_window.message.text() == "The case is closed and locked. Everything saved is still there."
    qtbot.waitUntil(lambda: len(controller.start_window.entries) == 2, timeout=10000)
