"""The start screen: opening without a keyring entry asks for the passphrase (and says so calmly when it
is wrong); support-worker mode puts the worker's name into every journal event."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.store import Actor, CaseStore

PASSPHRASE = "the kettle is always on"


def test_a_case_without_keyring_entry_opens_with_its_passphrase(qtbot, make_controller, home):
    created = CaseStore.create("Shared laptop case", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    controller = make_controller()
    controller.show()
    start = controller.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    assert start.entries[0].title is None  # nothing readable without the key
    from evidencekit.i18n import format_datetime

    entry = start.entries[0]
    assert entry.created is not None
    assert entry.display == (f"Locked case started {format_datetime(entry.created)} (id {created.store.id[:8]}…), "
                             f"last changed {format_datetime(entry.last_changed)}")
    qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start.unlock_dialog is not None and start.unlock_dialog.isVisible(), timeout=10000)
    dialog = start.unlock_dialog
    qtbot.keyClicks(dialog.passphrase.edit, "not the passphrase")
    dialog.try_open()
    qtbot.waitUntil(lambda: "does not open" in dialog.message.text(), timeout=20000)
    assert controller.main_window is None
    dialog.use_recovery.setChecked(True)  # the message was about the passphrase: it goes
    assert dialog.message.text() == ""
    dialog.use_passphrase.setChecked(True)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_open()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    assert controller.session.state.title == "Shared laptop case"
    assert controller.session.store.unlocked_by == "passphrase"


def test_recovery_key_opens_the_case_too(qtbot, make_controller, home):
    created = CaseStore.create("Recovered", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    controller = make_controller()
    start = controller.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    start.open_folder(start.entries[0].folder)
    qtbot.waitUntil(lambda: start.unlock_dialog is not None and start.unlock_dialog.isVisible(), timeout=10000)
    dialog = start.unlock_dialog
    dialog.use_recovery.setChecked(True)
    assert dialog.recovery.isVisible() and not dialog.passphrase.isVisible()
    dialog.recovery.setText(created.recovery_key)
    dialog.try_open()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    assert controller.session.store.unlocked_by == "recovery key"


def test_support_worker_name_goes_into_every_journal_event(qtbot, make_controller):
    controller = make_controller()
    controller.show()
    start = controller.start_window
    assert start.open_button.text() == "&Open my case"
    start.worker_box.setChecked(True)
    assert start.operator_name.isVisible()
    assert start.open_button.text() == "&Open the chosen case"  # the worker's cases are not "my case"
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    assert start.create_dialog is None  # a name is needed first
    assert "Type your name" in start.message.text()
    qtbot.keyClicks(start.operator_name, "Sam Patel, Helpline North")
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    dialog = start.create_dialog
    qtbot.keyClicks(dialog.title_edit, "Caller 14")
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.try_create()
    qtbot.waitUntil(lambda: start.recovery_dialog is not None, timeout=20000)
    start.recovery_dialog.confirm.setChecked(True)
    start.recovery_dialog.accept()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)
    controller.session.set_step_done("stop", True)
    qtbot.waitUntil(lambda: controller.session.state.steps.get("stop") is True, timeout=5000)
    worker = Actor("support worker", "Sam Patel, Helpline North").as_dict()
    assert [event.actor for event in controller.session.store.events()] == [worker, worker]


def test_create_dialog_refuses_short_or_different_passphrases(qtbot, make_controller):
    controller = make_controller()
    start = controller.start_window
    start.create_case()
    dialog = start.create_dialog
    dialog.title_edit.setText("A case")
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog.try_create()
    assert "at least 8 characters" in dialog.message.text()
    dialog.passphrase.setText("long enough one")
    dialog.repeat.setText("long enough two")
    dialog.try_create()
    assert "not the same" in dialog.message.text()
    assert dialog.created is None and dialog.buttons.isEnabled()


def test_the_recovery_key_dialog_cannot_be_skipped_by_escape(qtbot):
    from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog

    dialog = RecoveryKeyDialog("EKR1-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.confirm.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_in_the_new_case_form_starts_the_case_and_never_throws_it_away(qtbot, make_controller):
    """Enter after typing the second passphrase is what people do: it must press "Start the case"."""
    start, dialog = _new_case_form(qtbot, make_controller(), "Entered with Enter")
    qtbot.waitExposed(dialog)
    assert dialog.create_button.isDefault()
    dialog.repeat.edit.setFocus()
    qtbot.keyClick(dialog.repeat.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: start.recovery_dialog is not None, timeout=20000)


def test_without_a_usable_keyring_the_new_case_says_the_key_cannot_be_remembered(qtbot, home):
    from keyring.backends import fail

    from evidencekit.gui.app import AppController
    from evidencekit.store import KeyringAccess

    controller = AppController(home=home, keyring=KeyringAccess(fail.Keyring()))
    start, dialog = _new_case_form(qtbot, controller, "No keyring here")
    assert not dialog.shared.isChecked()  # the person asked this computer to remember the key
    dialog.try_create()
    qtbot.waitUntil(lambda: start.recovery_dialog is not None, timeout=20000)
    note = start.recovery_dialog.note
    assert note.isVisibleTo(start.recovery_dialog)
    assert "cannot remember the key" in note.text()
    start.recovery_dialog.confirm.setChecked(True)
    start.recovery_dialog.accept()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    controller.main_window.close()
    controller.start_window.close()


def test_with_a_keyring_there_is_no_such_note(qtbot, make_controller):
    start, dialog = _new_case_form(qtbot, make_controller(), "Keyring here")
    dialog.try_create()
    qtbot.waitUntil(lambda: start.recovery_dialog is not None, timeout=20000)
    assert not start.recovery_dialog.note.isVisibleTo(start.recovery_dialog)


def _new_case_form(qtbot, controller, title: str):
    """The start window and its "Start a new case" dialog, filled in but not yet sent."""
    controller.show()
    start = controller.start_window
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    dialog = start.create_dialog
    qtbot.keyClicks(dialog.title_edit, title)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    return start, dialog
