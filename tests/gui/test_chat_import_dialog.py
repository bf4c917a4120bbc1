"""'Add the platform's own copy of the chat' in the window (offscreen): choose a download, pick the
conversation, save, and offer the names found; a date-order question; an unreadable file kept sealed."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from tests.gui.test_case_flow import _create_case
from tests.support.chat_archives import Chat, Msg, meta_download, picture, utc, whatsapp_export

SCREENSHOTS = os.environ.get("EVIDENCEKIT_SCREENSHOTS")  # set to a folder to keep the dialog's pictures


def _chats() -> list[Chat]:
    return [Chat("Sam Offender", ["Sam Offender", "Alex Victim"], [
        Msg(utc(2026, 3, 1, 20, 1, 5), "Sam Offender", "héllo"),
        Msg(utc(2026, 3, 13, 21, 3), "Sam Offender", "pay now", file="IMG-1.jpg")]),
        Chat("Mum", ["Mum", "Alex Victim"], [Msg(utc(2026, 2, 1, 9, 0), "Mum", "dinner?")])]


def _open_dialog(qtbot, make_controller):
    controller = make_controller()
    controller.show()
    _create_case(qtbot, controller)
    window = controller.main_window
    window.show_page("conversation")
    page = window.current_page()
    assert page.chat_button is not None and page.chat_button.isVisible()
    dialog = page.open_chat_import()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return controller, dialog


def _keep(dialog, name: str) -> None:
    if SCREENSHOTS:
        dialog.grab().save(str(Path(SCREENSHOTS) / name))


def test_choose_a_conversation_save_it_and_offer_the_names(qtbot, make_controller, tmp_path):
    controller, dialog = _open_dialog(qtbot, make_controller)
    session = controller.session
    path = tmp_path / "facebook-alex.zip"
    path.write_bytes(meta_download(_chats(), media={"IMG-1.jpg": picture()}))
    dialog.read_archive(path)
    qtbot.waitUntil(lambda: dialog.threads.count() == 2, timeout=20000)
    assert "Facebook messages" in dialog.status.text() and not dialog.add_button.isEnabled()
    assert session.state.exhibits == []  # reading stores nothing
    _keep(dialog, "chat-import-threads.png")
    dialog.threads.setCurrentRow(0)
    assert dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved."), timeout=20000)
    assert "EK-001" in dialog.status.text() and "EK-002" in dialog.status.text()
    assert [e.kind for e in session.state.exhibits] == ["chat archive", "chat transcript", "picture"]
    assert [box.text() for box, _name in dialog.suspect_boxes] == ["Sam Offender", "Alex Victim"]
    assert not dialog.suspect_button.isEnabled()  # nothing ticked: nothing offered is added
    assert not (session.state.details.get("suspect_accounts") or [])
    dialog.suspect_boxes[0][0].setChecked(True)
    _keep(dialog, "chat-import-saved.png")
    qtbot.mouseClick(dialog.suspect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(session.state.details.get("suspect_accounts")), timeout=20000)
    (row,) = session.state.details["suspect_accounts"]
    assert row["display_name"] == "Sam Offender" and row["platform"] == "Facebook"
    gallery = controller.main_window.current_page().gallery
    assert [e.kind for e in gallery.exhibits] == ["picture"]  # the gallery shows pictures only


def test_the_date_order_is_asked_and_an_unknown_file_can_be_kept(qtbot, make_controller, tmp_path):
    controller, dialog = _open_dialog(qtbot, make_controller)
    ambiguous = tmp_path / "WhatsApp Chat - Sam.zip"
    ambiguous.write_bytes(whatsapp_export(Chat("Sam", ["Sam"], [Msg(utc(2026, 3, 1, 20, 0), "Sam", "hi"),
                                                                Msg(utc(2026, 4, 2, 20, 0), "Sam", "pay")])))
    dialog.read_archive(ambiguous)
    qtbot.waitUntil(dialog.order_box.isVisible, timeout=20000)
    _keep(dialog, "chat-import-date-order.png")
    dialog.day_first.setChecked(True)
    qtbot.mouseClick(dialog.order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.threads.count() == 1, timeout=20000)
    assert dialog.add_button.isEnabled()

    unknown = tmp_path / "notes.zip"
    unknown.write_bytes(meta_download([])[:0] + b"PK\x05\x06" + bytes(18))  # an empty ZIP
    dialog.read_archive(unknown)
    qtbot.waitUntil(dialog.keep_button.isVisible, timeout=20000)
    assert "You can still keep the file sealed" in dialog.status.text()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved."), timeout=20000)
    (kept,) = controller.session.state.exhibits
    assert kept.kind == "chat archive" and controller.session.store.read_object(kept.id) == unknown.read_bytes()
