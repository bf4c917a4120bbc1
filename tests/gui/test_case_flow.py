"""The whole first part of the flow through the real windows (offscreen): create a case, answer the age
question, take two pictures with the fixture backend, label one, restart the app, find everything again,
and have the command line's `case verify` accept the case.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt

from evidencekit.gui.pages.capture_page import CapturePage
from evidencekit.gui.pages.stop import StopPage

PASSPHRASE = "a quiet evening by the sea"


def _pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def _create_case(qtbot, controller) -> None:
    start = controller.start_window
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    dialog = start.create_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.title_edit, "Messages on FriendChat")
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start.recovery_dialog is not None and start.recovery_dialog.isVisible(), timeout=20000)
    recovery = start.recovery_dialog
    assert recovery.recovery_key.startswith("EKR1-")
    assert not recovery.continue_button.isEnabled()  # the key must be kept before going on
    recovery.confirm.setChecked(True)
    qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)


def _capture(qtbot, window, step: str) -> None:
    window.show_page(step)
    page = window.current_page()
    assert isinstance(page, CapturePage)
    before = len(window.session.state.exhibits)
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=20000)
    assert len(window.session.state.exhibits) == before + 1
    assert window.isVisible()  # the window came back after the picture


def test_create_capture_label_restart_and_verify(qtbot, make_controller, home: Path, desktop_frames, memory_keyring):
    controller = make_controller()
    controller.show()
    _create_case(qtbot, controller)
    window = controller.main_window
    session = controller.session

    stop = window.current_page()
    assert isinstance(stop, StopPage)
    qtbot.mouseClick(stop.age_question.young_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.state.profile.get("under_18") is True, timeout=5000)

    _capture(qtbot, window, "profile")
    profile_page = window.current_page()
    assert "nude" in profile_page.words.text()  # the safer route's words: never nude images
    _capture(qtbot, window, "conversation")
    conversation_page = window.current_page()

    state = session.state
    assert [e.fields["category"] for e in state.exhibits] == ["profile", "conversation"]
    for exhibit, frame in zip(state.exhibits, desktop_frames, strict=True):
        assert _pixels(session.store.read_object(exhibit.id)) == _pixels(frame)

    editor = conversation_page.gallery.editor
    assert editor.exhibit is not None and editor.exhibit.reference == "EK-002"
    editor.label.setFocus()
    qtbot.keyClicks(editor.label, "Their demand for money")
    qtbot.keyClick(editor.label, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.state.exhibits[1].fields["label"] == "Their demand for money", timeout=5000)
    edits = [e for e in session.store.events() if e.action == "exhibit.edited"]
    assert len(edits) == 1 and edits[0].data == {"changes": {"label": "Their demand for money"}}
    case_id = session.store.id

    window.close()  # closes the case: the key is forgotten, the folder lock released
    qtbot.waitUntil(lambda: session.store is None, timeout=5000)

    restarted = make_controller()
    restarted.show()
    start = restarted.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    assert start.entries[0].title == "Messages on FriendChat"  # the keyring opens it without a passphrase
    qtbot.mouseClick(start.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: restarted.main_window is not None, timeout=10000)
    state = restarted.session.state
    assert [e.reference for e in state.exhibits] == ["EK-001", "EK-002"]
    assert state.exhibits[1].fields["label"] == "Their demand for money"
    assert state.profile["under_18"] is True
    restarted.main_window.show_page("conversation")
    gallery = restarted.main_window.current_page().gallery
    assert "Their demand for money" in gallery.grid.text(0)
    restarted.main_window.close()
    qtbot.waitUntil(lambda: restarted.session.store is None, timeout=5000)

    env = dict(os.environ, EVIDENCEKIT_HOME=str(home), EVIDENCEKIT_PASSPHRASE=PASSPHRASE)
    result = subprocess.run([sys.executable, "-m", "evidencekit", "case", "verify", case_id], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
