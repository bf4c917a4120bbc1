"""The capture page's ways of taking pictures: region on the frozen screen, delay, series, import; the
app's windows are hidden at every grab and come back after "Saved"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from evidencekit.capture import synthetic_desktop_png
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.pages import capture_page as capture_page_module
from evidencekit.gui.session import CaseSession
from evidencekit.store import CaseStore
from tests.gui.capture_support import WatchingBackend


@pytest.fixture
def backend() -> WatchingBackend:
    return WatchingBackend([synthetic_desktop_png(1280, 720, variant="chat")])


@pytest.fixture
def window(qtbot, home, memory_keyring, backend, fast_settle):
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: backend)
    session.attach(CaseStore.create("Modes", "modes passphrase", home=home, keyring=memory_keyring).store)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    main.show_page("conversation")
    page = main.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    yield main
    if session.store is not None:
        session.lock()


def _pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_region_drag_stores_exactly_those_pixels_of_the_frozen_screen(qtbot, window, backend):
    page = window.current_page()
    page.options_form.region.setChecked(True)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None and page.flow.overlay is not None, timeout=5000)
    overlay = page.flow.overlay
    assert not window.isVisible()  # the app hid before the screen was frozen
    assert backend.visible_at_grab == [[]]
    chosen = overlay.to_pixels(QRect(QPoint(40, 30), QPoint(300, 210)))  # frozen-picture pixels of the drag
    assert chosen.width > 200 and chosen.height > 150
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=QPoint(40, 30))
    qtbot.mouseMove(overlay, QPoint(200, 150))
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=QPoint(300, 210))
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    assert window.isVisible()
    exhibit = window.session.state.exhibits[0]
    assert exhibit.recorded["frozen"]["region_pixels"] == chosen.as_dict()
    assert exhibit.recorded["request"]["area"] == "region"
    expected = _pixels(synthetic_desktop_png(1280, 720, variant="chat")).crop(
        (chosen.left, chosen.top, chosen.right, chosen.bottom))
    stored = _pixels(window.session.store.read_object(exhibit.id))
    assert stored.size == (chosen.width, chosen.height)
    assert stored.tobytes() == expected.tobytes()
    assert backend.grabs == 1  # cut from the frozen grab, never grabbed again


def test_region_by_keyboard_and_escape_cancels(qtbot, window, backend):
    page = window.current_page()
    page.options_form.region.setChecked(True)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None and page.flow.overlay is not None, timeout=5000)
    qtbot.keyClick(page.flow.overlay, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.flow is None, timeout=5000)
    assert window.isVisible() and window.session.state.exhibits == []
    assert page.status.text() == "No picture was taken."

    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is not None and page.flow.overlay is not None, timeout=5000)
    overlay = page.flow.overlay
    qtbot.keyClick(overlay, Qt.Key.Key_Right)  # places a box in the middle, moved right
    qtbot.keyClick(overlay, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # taller
    box = overlay.to_pixels(overlay.selection)
    qtbot.keyClick(overlay, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    exhibit = window.session.state.exhibits[0]
    assert exhibit.recorded["frozen"]["region_pixels"] == box.as_dict()


def test_delay_counts_down_and_the_countdown_is_hidden_at_the_grab(qtbot, window, backend):
    page = window.current_page()
    page.options_form.delay.setCurrentIndex(page.options_form.delay.findData(3))
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    countdown = page.flow.countdown
    assert countdown.isVisible() and countdown.number.text() == "3"
    assert not window.isVisible()
    qtbot.wait(1100)
    assert countdown.number.text() == "2" and backend.grabs == 0
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    assert backend.visible_at_grab == [[]]  # neither the countdown nor any other app window
    assert window.isVisible()


def test_timed_series_saves_pictures_until_stop(qtbot, window, backend):
    page = window.current_page()
    form = page.options_form
    form.series.setCurrentIndex(form.series.findData("timed"))
    form.interval.setValue(2)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.state.exhibits) == 2, timeout=15000)
    control = page.flow.control
    qtbot.waitUntil(control.isVisible, timeout=5000)
    qtbot.mouseClick(control.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is None, timeout=5000)
    exhibits = window.session.state.exhibits
    assert len(exhibits) == 2 and window.isVisible()
    series = [e.recorded["series"] for e in exhibits]
    assert series[0]["id"] == series[1]["id"] and [s["index"] for s in series] == [1, 2]
    assert series[0]["interval_ms"] == 2000
    assert backend.visible_at_grab == [[], []]  # the series control hides for every picture
    assert page.status.text().startswith("Saved. 2 pictures")


def test_capture_next_series_takes_one_picture_per_press(qtbot, window, backend):
    page = window.current_page()
    form = page.options_form
    form.series.setCurrentIndex(form.series.findData("manual"))
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow.control is not None and page.flow.control.isVisible(), timeout=5000)
    for expected in (2, 3):
        qtbot.mouseClick(page.flow.control.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda n=expected: len(window.session.state.exhibits) == n, timeout=5000)
        qtbot.waitUntil(lambda: page.flow.control.isVisible(), timeout=5000)
    qtbot.mouseClick(page.flow.control.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.flow is None, timeout=5000)
    assert [e.recorded["series"]["index"] for e in window.session.state.exhibits] == [1, 2, 3]
    assert backend.visible_at_grab == [[], [], []]


def test_import_keeps_the_file_byte_exact_and_marks_it_imported(qtbot, window, tmp_path: Path, monkeypatch):
    picture = tmp_path / "phone-screenshot.png"
    picture.write_bytes(synthetic_desktop_png(400, 300, variant="profile"))
    monkeypatch.setattr(capture_page_module.file_dialogs, "choose_files_to_import", lambda parent: [picture])
    page = window.current_page()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    exhibit = window.session.state.exhibits[0]
    assert exhibit.origin == "imported" and exhibit.fields["category"] == "conversation"
    assert window.session.store.read_object(exhibit.id) == picture.read_bytes()


def test_a_backend_that_cannot_capture_here_says_why_and_import_still_works(qtbot, home, memory_keyring):
    backend = WatchingBackend(unavailable_why="This is a Wayland session, where programs cannot read the screen.")
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: backend)
    session.attach(CaseStore.create("No screen", "modes passphrase", home=home, keyring=memory_keyring).store)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show_page("profile")
    page = main.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    assert not page.capture_button.isEnabled() and page.import_button.isEnabled()
    assert "Wayland session" in page.status.text()
    session.lock()
    assert QApplication.instance() is not None


def test_choosing_the_second_screen_stores_only_that_screen(qtbot, home, memory_keyring, fast_settle):
    from evidencekit.capture.request import Rect

    desktop = synthetic_desktop_png(1600, 600, variant="chat")
    two = WatchingBackend([desktop], monitors=[Rect(0, 0, 800, 600), Rect(800, 0, 800, 600)])
    session = CaseSession(home=home, keyring=memory_keyring, backend_factory=lambda: two)
    session.attach(CaseStore.create("Two screens", "modes passphrase", home=home, keyring=memory_keyring).store)
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    main.show_page("profile")
    page = main.current_page()
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    combo = page.options_form.monitor
    assert not combo.isHidden() and combo.count() == 2
    combo.setCurrentIndex(combo.findData(2))
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    exhibit = session.state.exhibits[0]
    assert exhibit.recorded["monitor"]["number"] == 2
    stored = _pixels(session.store.read_object(exhibit.id))
    assert stored.tobytes() == _pixels(desktop).crop((800, 0, 1600, 600)).tobytes()
    session.lock()


def test_each_note_edit_is_one_journal_event_with_only_what_changed(qtbot, window):
    page = window.current_page()
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved."), timeout=10000)
    editor = page.gallery.editor
    session = window.session
    editor.category.setCurrentIndex(editor.category.findData("payment demand"))
    editor.category.activated.emit(editor.category.currentIndex())
    qtbot.keyClicks(editor.url, "friendchat.example/u/lena_2003")
    qtbot.keyClick(editor.url, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.notes, "They said the deadline is midnight.")
    # leaving the notes saves them (sent directly: offscreen, a window shown again is not made active)
    QApplication.sendEvent(editor.notes, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    qtbot.waitUntil(lambda: session.state.exhibits[0].fields["notes"] == "They said the deadline is midnight.",
                    timeout=5000)
    edits = [e.data["changes"] for e in session.store.events() if e.action == "exhibit.edited"]
    assert edits == [{"category": "payment demand"}, {"url": "friendchat.example/u/lena_2003"},
                     {"notes": "They said the deadline is midnight."}]
    fields = session.state.exhibits[0].fields
    assert fields["category"] == "payment demand" and fields["url"] == "friendchat.example/u/lena_2003"
