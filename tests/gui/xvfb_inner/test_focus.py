"""Where the keyboard focus lands, on a real X server at 1366×768: a dialog opens on its own first control
(not on "Get help now", which stays one Tab away), a capture gives the focus back to "Take the picture",
the export page shows "Make the police bundle" without scrolling, and a bundle made moves the focus to
what was made."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from evidencekit.capture import CaptureRequest, FixtureBackend, capture_to_case
from evidencekit.gui.chat_import_dialog import ChatImportDialog
from evidencekit.gui.handover_dialogs import HandoverDialog, TrustedTimeDialog
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.pages.case_removal import CaseRemovalDialog
from evidencekit.gui.safeguarding_dialogs import NudeQuestion, RemovalDialog
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.store import Actor, CaseStore
from tests.gui.xvfb_inner.conftest import describe, focused


def _dialog(name: str, window: MainWindow, home, keyring) -> tuple[QWidget, str]:
    """The dialog `name` over the main window, and the attribute (or the words) of the control it should
    open on."""
    session = window.session
    if name in ("create", "recovery", "unlock"):
        created = CaseStore.create("Other", "other passphrase", home=home, keyring=keyring)
        created.store.close()
        if name == "recovery":
            return RecoveryKeyDialog(created.recovery_key, window), "save_button"
        if name == "unlock":
            return UnlockDialog(created.store.path, home=home, keyring=None, actor=Actor(), parent=window), \
                "passphrase"
        return CreateCaseDialog(home=home, keyring=None, actor=Actor(), parent=window), "title_edit"
    return {
        "remove_case": (lambda: (CaseRemovalDialog(session, window), "Keep the case")),
        "trusted_time": (lambda: (TrustedTimeDialog(session, window), "service")),
        "handover": (lambda: (HandoverDialog(session, window), "to")),
        "chat_import": (lambda: (ChatImportDialog(session, window), "file_button")),
        "remove_picture": (lambda: (RemovalDialog("EK-001", young=False, twins=[], on_remove=print, parent=window),
                                    "reason")),
        "nude_question": (lambda: (NudeQuestion(print, window), "yes_button")),
    }[name]()


def _is(widget: QWidget | None, expected: QWidget) -> bool:
    """The focus is on `expected` (or on the line edit a composite field passes it to)."""
    return widget is not None and (widget is expected or widget is expected.focusProxy())


@pytest.mark.parametrize("name", ["recovery", "create", "unlock", "remove_case", "trusted_time", "handover",
                                  "chat_import", "remove_picture", "nude_question"])
def test_a_dialog_opens_on_its_own_first_control_with_get_help_one_tab_away(qtbot, window, home, memory_keyring,
                                                                            name):
    dialog, attribute = _dialog(name, window, home, memory_keyring)
    expected = getattr(dialog, attribute, None) or next(  # a button known by its words
        button for button in dialog.findChildren(QPushButton) if button.text() == attribute)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    qtbot.waitUntil(lambda: focused() is not None, timeout=5000)
    first = focused()
    assert first is not dialog.help_button, f"{name} opens on Get help now"
    assert _is(first, expected), f"{name} opens on {describe(first)}"
    if name == "unlock":  # it opens on the passphrase, below the choice of passphrase or recovery key
        return
    # "Get help now" is one Tab (or Shift+Tab) away
    qtbot.keyClick(first, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    after_back = focused()
    qtbot.keyClick(after_back, Qt.Key.Key_Tab)
    assert focused() is first
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert dialog.help_button in (after_back, focused()), \
        f"{name}: Shift+Tab gives {describe(after_back)}, Tab {describe(focused())}"
    dialog.done(0)


def test_the_recovery_key_dialog_goes_on_by_keyboard_from_where_it_opens(qtbot, window, home, memory_keyring):
    dialog, _attribute = _dialog("recovery", window, home, memory_keyring)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and focused() is dialog.save_button, timeout=10000)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.confirm
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()


@pytest.mark.parametrize(("step", "series"), [("profile", "single"), ("conversation", "manual")])
def test_after_a_capture_the_focus_is_back_on_take_the_picture(qtbot, window, step, series):
    window.show_page(step)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=10000)
    if series != "single":
        page.options_form.series.setCurrentIndex(page.options_form.series.findData(series))
    page.capture_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.capture_button, Qt.Key.Key_Space)
    if series != "single":  # one picture, then Stop on the series control (by keyboard: its own window)
        qtbot.waitUntil(lambda: page.flow is not None and page.flow.control is not None
                        and page.flow.control.isVisible(), timeout=20000)
        control = page.flow.control
        qtbot.keyClick(control.stop_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.flow is None and page.status.text().startswith("Saved"), timeout=20000)
    qtbot.waitUntil(lambda: window.isActiveWindow() and focused() is not None, timeout=10000)
    qtbot.wait(200)  # anything queued after the window came back has happened
    assert focused() is page.capture_button, f"the focus is on {describe(focused())}"
    assert page.capture_button.visibleRegion().boundingRect() == page.capture_button.rect()


def _with_pictures(window: MainWindow, backend: FixtureBackend) -> None:
    """What the screenshots show: a profile picture, two of the conversation, steps 1 to 3 ticked."""
    session = window.session
    store = session.store
    assert store is not None
    store.append_event("profile.set", {"under_18": False, "country": "GB", "platforms": ["instagram"]})
    for category in ("profile", "conversation", "conversation"):
        capture_to_case(store, CaptureRequest(), {"category": category}, backend=backend)
    session.state = store.state()
    session.state_changed.emit(session.state)


def test_the_export_page_shows_make_the_bundle_without_scrolling(qtbot, window, fixture_backend):
    assert window.screen().availableGeometry().size().toTuple() == (1366, 768)
    _with_pictures(window, fixture_backend)
    window.show_page("export")
    page = window.current_page()
    qtbot.wait(200)
    assert page.scroll_area.verticalScrollBar().value() == 0
    button = page.export_button
    assert button.visibleRegion().boundingRect() == button.rect(), \
        f"'Make the police bundle' at y={button.mapTo(page.scroll_area.viewport(), button.rect().topLeft()).y()} " \
        f"of a {page.scroll_area.viewport().height()} px high page"


def test_after_the_bundle_is_made_the_focus_is_on_what_was_made(qtbot, window, fixture_backend, tmp_path):
    _with_pictures(window, fixture_backend)
    window.show_page("export")
    page = window.current_page()
    page.set_out_path(tmp_path / "bundle.pdf")
    page.export_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(page.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.last_result is not None or page.last_error != "", timeout=180000)
    assert page.last_result is not None, page.last_error
    qtbot.wait(200)
    focus = QApplication.focusWidget()
    assert focus is not None and page.result_panel.isAncestorOf(focus), f"the focus is on {describe(focus)}"
    assert focus.visibleRegion().boundingRect() == focus.rect()  # scrolled into view, whole
    assert str(tmp_path / "bundle.pdf") in focus.text()  # type: ignore[attr-defined]


def test_the_window_opens_on_the_first_control_of_the_current_step(qtbot, window):
    """Not on "Get help now" (first in the banner, one Shift+Tab away and F1): the person's task first."""
    qtbot.waitUntil(lambda: focused() is not None, timeout=5000)
    page = window.current_page()
    first = focused()
    assert first is not window.banner.help_button, f"the window opens on {describe(first)}"
    assert page.isAncestorOf(first), f"the window opens on {describe(first)}, outside the {page.title} page"
    assert first is not page.scroll_area, "the window opens on the page's scroll area, not on a control"
    assert describe(first) == "QPushButton 'No, I am 18 or older'"  # step 1's first question
    qtbot.keyClick(first, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # the page's first control:
    assert focused() is page.scroll_area, describe(focused())  # before it only the page itself


def _click(qtbot, button: QPushButton) -> None:
    """As a person does it: the button takes the keyboard, then it is pressed."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _to_page(qtbot, window: MainWindow, way: str) -> str:
    """Change the page the way `way` says, from a control of the page in view; the step id shown."""
    qtbot.waitUntil(lambda: focused() is not None, timeout=5000)
    if way == "show_page":  # code (screenshots, a page's own button) asks for a step
        window.show_page("profile")
        return "profile"
    if way == "ctrl_number":
        qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        return "conversation"
    if way == "police_bundle_button":  # the police step's "Make the police bundle" (show_page("export"))
        window.show_page("police")
        _click(qtbot, window.current_page().bundle_button)
        return "export"
    if way == "go_there":  # the export page's "Go there" beside a step not done yet
        window.show_page("export")
        page = window.current_page()
        qtbot.waitUntil(lambda: "details" in page.todo_rows, timeout=5000)
        _click(qtbot, next(button for button in page.todo_rows["details"].findChildren(QPushButton)))
        return "details"
    if way == "next_onto_the_last_page":  # Next hides itself there
        window.show_page(window.pages[-2].step_id)
        _click(qtbot, window.next_button)
        return window.pages[-1].step_id
    if way == "back_onto_the_first_page":  # Back greys itself out there
        window.show_page(window.pages[1].step_id)
        _click(qtbot, window.back_button)
        return window.pages[0].step_id
    raise AssertionError(way)


@pytest.mark.parametrize("way", ["show_page", "ctrl_number", "police_bundle_button", "go_there",
                                 "next_onto_the_last_page", "back_onto_the_first_page"])
def test_a_page_changed_from_a_control_opens_on_its_first_control(qtbot, window, way):
    """Not on the page's scroll area (a blue frame round the whole page, one Tab more), nor on "Get help
    now" where Qt passes the focus on from a Next that hides itself: as when the window opens."""
    step = _to_page(qtbot, window, way)
    page = window.current_page()
    assert page.step_id == step
    qtbot.wait(100)  # the page laid out and scrolled
    first = focused()
    assert first is page.first_control(), f"{way}: the {page.title} page opens on {describe(first)}, " \
                                          f"not on {describe(page.first_control())}"
    assert first is not None and first.visibleRegion().boundingRect() == first.rect(), "out of view"
    qtbot.keyClick(first, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is page.scroll_area, describe(focused())  # the page itself, for the arrow keys, before it


def test_next_pressed_keeps_the_keyboard_on_next_and_the_step_list_keeps_it(qtbot, window):
    """Pressing Next again and again, or walking the step list with the arrow keys, goes on from there."""
    _click(qtbot, window.next_button)
    assert window.current_page().step_id == "profile" and focused() is window.next_button, describe(focused())
    window.checklist.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(window.checklist, Qt.Key.Key_Down)
    assert window.current_page().step_id == "conversation" and focused() is window.checklist, describe(focused())
