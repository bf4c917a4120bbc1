"""A clear way through: Back and Next on every step, steps ticked when their work is in the case (and the
person can untick them), the export page listing what is not done yet with a way to go there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from evidencekit.capture import CaptureRequest, FixtureBackend, capture_to_case, synthetic_desktop_png
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.gui.steps import step_done
from evidencekit.store import CaseStore


@pytest.fixture
def session(qapp, home, memory_keyring):
    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(CaseStore.create("Way through", "way through passphrase", home=home,
                                    keyring=memory_keyring).store)
    yield session
    if session.store is not None:
        session.lock()


def _capture(session: CaseSession, category: str) -> None:
    backend = FixtureBackend([synthetic_desktop_png(variant="chat")])
    capture_to_case(session.store, CaptureRequest(), {"category": category}, backend=backend)
    session.state = session.store.state()
    session.state_changed.emit(session.state)


def _ticked(window: MainWindow, step: str) -> bool:
    row = window.rows.index(window.page(step))
    return window.checklist.item(row).checkState() == Qt.CheckState.Checked


def test_next_and_back_walk_every_page_in_order(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    order = [page.step_id for page in window.pages]
    seen = [window.current_page().step_id]
    assert not window.back_button.isEnabled()  # nothing before the first step
    while window.next_button.isVisible():
        following = order[order.index(seen[-1]) + 1]
        assert window.page(following).title in window.next_button.text()
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        seen.append(window.current_page().step_id)
        assert window.back_button.isEnabled()
    assert seen == order  # every page, in checklist order, the last one without Next
    assert window.checklist.currentRow() == window.rows.index(window.pages[-1])
    for expected in reversed(order[:-1]):
        qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
        assert window.current_page().step_id == expected
    assert not window.back_button.isEnabled()
    window.show_page("details")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # Alt+→ is Next, Alt+← Back
    assert window.current_page().step_id == "report"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page().step_id == "details"
    assert "Step 4 of 8" in window.position_label.text()


def test_steps_tick_themselves_when_their_work_is_saved_and_can_be_unticked(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert not any(_ticked(window, step) for step in ("profile", "conversation", "details"))
    _capture(session, "profile")
    assert _ticked(window, "profile") and not _ticked(window, "conversation")
    _capture(session, "payment demand")  # a demand is part of the conversation
    assert _ticked(window, "conversation")
    window.show_page("conversation")
    assert window.current_page().done_toggle.isChecked()
    window.show_page("details")
    details = window.current_page()
    username = details.suspect_accounts.editors[0].fields["username"].input
    username.setFocus()
    qtbot.keyClicks(username, "lena_2003")
    username.editingFinished.emit()
    qtbot.waitUntil(lambda: _ticked(window, "details"), timeout=10000)
    # the person unticks "Their profile" in the list: their choice stays, pictures or not
    row = window.rows.index(window.page("profile"))
    window.checklist.item(row).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: session.state.steps.get("profile") is False, timeout=10000)
    assert not _ticked(window, "profile") and not step_done(session.state, "profile")
    _capture(session, "profile")  # more pictures later do not overrule them
    assert not _ticked(window, "profile")
    window.checklist.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: session.state.steps.get("profile") is True, timeout=10000)
    assert _ticked(window, "profile")


def test_answering_the_age_question_ticks_stop_and_breathe(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert not _ticked(window, "stop")
    question = window.page("stop").age_question
    qtbot.mouseClick(question.adult_button, Qt.MouseButton.LeftButton)  # "No, I am 18 or older" counts too
    qtbot.waitUntil(lambda: _ticked(window, "stop"), timeout=10000)
    assert step_done(session.state, "stop") and "stop" not in session.state.steps  # the rule, not a tick


def test_the_export_page_lists_what_is_not_done_and_goes_there(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("export")
    export = window.current_page()
    assert list(export.todo_rows) == ["stop", "profile", "conversation", "details", "report", "deactivate",
                                      "police", "support"]
    _capture(session, "conversation")
    assert "conversation" not in export.todo_rows and "profile" in export.todo_rows
    go = next(b for b in export.todo_rows["profile"].findChildren(QPushButton))
    assert go.accessibleName() == "Go to the step Their profile"
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert window.current_page().step_id == "profile"
    for step in ("stop", "report", "deactivate", "police", "support"):
        session.set_step_done(step, True)
    _capture(session, "profile")
    qtbot.waitUntil(lambda: all(session.state.steps.get(s) for s in ("stop", "support")), timeout=10000)
    window.show_page("export")
    assert list(export.todo_rows) == ["details"]
    assert export.todo_box.isVisible()
