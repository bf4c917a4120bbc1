"""Every control of the shell has an accessible name, the checklist and pages work from the keyboard,
and no window repeats a mnemonic (Alt+letter) so each one reaches exactly one control."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLabel, QWidget

from evidencekit.gui.capture.countdown import Countdown
from evidencekit.gui.capture.series_control import SeriesControl
from evidencekit.gui.help_dialog import HelpDialog
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.page import Page
from evidencekit.gui.pages.capture_page import ConversationCapturePage, ProfileCapturePage
from evidencekit.gui.pages.stop import StopPage
from evidencekit.gui.session import CaseSession
from evidencekit.gui.start import StartWindow
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.store import Actor, CaseStore

GUI1_PAGES = (StopPage, ProfileCapturePage, ConversationCapturePage)


def _inside(widget: QWidget, root: QWidget, kinds: tuple[type, ...], names: set[str]) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, kinds) or type(parent).__name__ in names:
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable widgets without an accessible name (buttons may be named by their text).

    Parts of a composite control (a combo box's popup, a scroll area's viewport) are named by it; pages
    of GUI part 2 are checked by its own tests.
    """
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(widget, QLabel):
            continue
        if _inside(widget, root, (QComboBox, QAbstractSpinBox), {"QComboBoxPrivateContainer"}):
            continue
        if (isinstance(widget, Page) and not isinstance(widget, GUI1_PAGES)) or \
                (_inside(widget, root, (Page,), set()) and not _inside(widget, root, GUI1_PAGES, set())):
            continue
        name = widget.accessibleName()
        if not name and not (isinstance(widget, QAbstractButton) and widget.text()):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(root).__name__}")
    return missing


def mnemonics(root: QWidget) -> list[str]:
    letters = []
    for widget in [root, *root.findChildren(QWidget)]:
        text = widget.text() if isinstance(widget, QAbstractButton | QLabel) and hasattr(widget, "text") else ""
        if not isinstance(text, str) or (isinstance(widget, QLabel) and widget.buddy() is None):
            continue
        letters += [m.lower() for m in re.findall(r"(?<!&)&([A-Za-z0-9])", text)]
    return letters


@pytest.fixture
def session(qapp, home, memory_keyring, backend_factory):
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=backend_factory)
    session.attach(CaseStore.create("A11y", "a11y passphrase", home=home, keyring=memory_keyring).store)
    yield session
    session.lock()


def test_every_control_of_the_shell_has_an_accessible_name(qtbot, session, home, memory_keyring):
    windows: list[QWidget] = [
        StartWindow(session), CreateCaseDialog(home=home, keyring=memory_keyring, actor=Actor()),
        RecoveryKeyDialog("EKR1-AAAA-BBBB"), HelpDialog(session), Countdown(3), SeriesControl(interval_s=5),
        UnlockDialog(session.store.path, home=home, keyring=memory_keyring, actor=Actor()),
        *(page_class(session) for page_class in GUI1_PAGES),
    ]
    main = MainWindow(session)
    for widget in [*windows, main]:
        qtbot.addWidget(widget)
    missing = [item for widget in [*windows, main] for item in unnamed_controls(widget)]
    assert missing == []


def test_no_window_of_the_shell_repeats_a_mnemonic(qtbot, session, home, memory_keyring):
    for widget in (StartWindow(session), CreateCaseDialog(home=home, keyring=memory_keyring, actor=Actor()),
                   RecoveryKeyDialog("EKR1-AAAA"), UnlockDialog(session.store.path, home=home,
                                                                keyring=memory_keyring, actor=Actor()),
                   ConversationCapturePage(session), StopPage(session)):
        qtbot.addWidget(widget)
        letters = mnemonics(widget)
        if isinstance(widget, ConversationCapturePage | StopPage):
            # the banner's Get help / Quick exit and the frame's Back / Next share the main window with the page
            main_banner = {"h", "q", "b", "x"}
            letters += sorted(main_banner)
        repeated = [letter for letter, count in Counter(letters).items() if count > 1]
        assert repeated == [], f"{type(widget).__name__} repeats {repeated}"


def test_the_checklist_and_pages_work_from_the_keyboard(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window.checklist, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().step_id == "conversation"
    window.checklist.setFocus()
    qtbot.keyClick(window.checklist, Qt.Key.Key_Up)
    assert window.current_page().step_id == "profile"
    qtbot.keyClick(window.checklist, Qt.Key.Key_Space)  # ticks the step, stored in the journal
    qtbot.waitUntil(lambda: session.state.steps.get("profile") is True, timeout=5000)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    reached = set()
    window.checklist.setFocus()
    for _ in range(80):  # Tab walks from the checklist through the page, as a keyboard user would
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert page.capture_button in reached and page.import_button in reached
    assert page.options_form.region in reached or page.options_form.whole in reached
