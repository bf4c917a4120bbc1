"""Removing a case after hand-over: refused before any export, and only with the exact title typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from evidencekit.bundle.export import export_case
from evidencekit.gui.pages.case_removal import CaseRemovalDialog
from evidencekit.gui.pages.privacy import PrivacyPage
from evidencekit.store.keyring_access import SERVICE
from tests.gui.part2.conftest import TITLE


def test_removal_is_not_offered_before_a_bundle_was_made(qtbot, session_with_exhibits) -> None:
    session = session_with_exhibits
    page = PrivacyPage(session)
    qtbot.addWidget(page)
    page.refresh(session.state)
    assert not page.remove_button.isEnabled()
    dialog = CaseRemovalDialog(session)
    qtbot.addWidget(dialog)
    assert not dialog.confirm_edit.isEnabled() and not dialog.remove_button.isEnabled()
    assert "has not been exported" in dialog.message.text()


def test_typing_the_exact_title_removes_the_folder_and_the_keyring_entry(qtbot, session_with_exhibits, keyring,
                                                                        tmp_path: Path) -> None:
    session = session_with_exhibits
    export_case(session.store, tmp_path / "handed-over.pdf")
    session.state = session.store.state()
    folder, case_id = session.store.path, session.store.id
    assert keyring.backend.get_password(SERVICE, f"case:{case_id}")
    dialog = CaseRemovalDialog(session)
    qtbot.addWidget(dialog)
    assert "Wait until the police confirm" in "".join(
        label.text() for label in dialog.findChildren(type(dialog.message)))
    qtbot.keyClicks(dialog.confirm_edit, TITLE.lower())
    assert not dialog.remove_button.isEnabled()  # not the exact title
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, TITLE)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.removed, timeout=10000)
    assert not folder.exists()
    assert keyring.backend.get_password(SERVICE, f"case:{case_id}") is None
    assert session.store is None
    assert (tmp_path / "handed-over.pdf").is_file()  # the bundle handed over is not touched


def test_after_removal_the_start_screen_says_the_case_was_removed(qtbot, make_controller, home,
                                                                   tmp_path: Path) -> None:
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore
    from tests.gui.part2.canary import canary_desktop_png
    from tests.gui.part2.conftest import capture_exhibits

    created = CaseStore.create(TITLE, "removal passphrase here", shared_computer=True, home=home)
    session = CaseSession(home=home)
    session.attach(created.store)
    capture_exhibits(session, [canary_desktop_png("CANARY-R1")])
    export_case(created.store, tmp_path / "handed-over.pdf")
    controller = make_controller()
    controller.session.attach(created.store)
    controller.show_main_window()
    dialog = CaseRemovalDialog(controller.session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.confirm_edit, TITLE)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.removed and controller.main_window is None, timeout=10000)
    message = controller.start_window.message.text()
    assert message == "The case was removed from this computer."
    assert "not used for a while" not in message
