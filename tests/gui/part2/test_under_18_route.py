"""The under-18 route is consistent: its banner never says "don't delete anything"; adding pictures asks first
whether any is nude and then adds nothing; the review page offers removal first, and removal destroys the
picture in the case (the journal and `case verify` still hold)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidencekit.capture.fixture_backend import FixtureBackend
from evidencekit.capture.request import CaptureRequest
from evidencekit.capture.service import capture_to_case
from evidencekit.gui import file_dialogs
from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.safeguarding_dialogs import NUDE_REFUSED
from evidencekit.gui.session import CaseSession
from evidencekit.store.destroy import is_destroyed
from tests.gui.part2.canary import canary_desktop_png


def _window(qtbot, session: CaseSession) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    return window


def test_the_banner_import_and_review_follow_the_under_18_route(qtbot, session: CaseSession, monkeypatch) -> None:
    store = session.store
    assert store is not None
    capture_to_case(store, CaptureRequest(), {"category": "conversation"},
                    backend=FixtureBackend([canary_desktop_png("CANARY-U18")]))
    session.state = store.state()
    window = _window(qtbot, session)
    def banner() -> str:
        return (window.banner.reminder.text() + " " + window.banner.detail.text()).replace("\u00a0", " ")

    assert "Don't delete" in banner()  # the adults' words until the age is answered
    session.set_profile(under_18=True)
    qtbot.waitUntil(lambda: bool(session.under_18), timeout=5000)
    window.refresh(session.state)
    for words in ("Don't pay", "Don't reply", "Don't send anything",
                  "Keep the chat and your account — but never keep nude pictures"):
        assert words in banner()
    assert "delete" not in banner().lower() and "keeping everything" not in banner().lower()

    opened: list[object] = []
    monkeypatch.setattr(file_dialogs, "choose_files_to_import", lambda parent: opened.append(parent) or [])
    window.show_page("conversation")
    page = window.current_page()
    page.import_pictures()
    question = page.nude_question
    qtbot.waitUntil(question.isVisible, timeout=5000)
    qtbot.mouseClick(question.yes_button, Qt.MouseButton.LeftButton)
    assert not opened and page.status.text() == NUDE_REFUSED  # no file chooser, nothing added
    assert "Take It Down works on your phone" in page.status.text()
    assert len(session.state.pictures) == 1
    page.import_pictures()
    qtbot.mouseClick(page.nude_question.no_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1  # "no": the person chooses files as before

    window.show_page("review")
    review = window.current_page()
    review.refresh(session.state)
    review.exhibit_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: review._shown_id is not None, timeout=10000)
    assert review.nude_button.isVisible()
    exhibit = session.state.pictures[0]
    where = store._objects_at[exhibit.id]
    qtbot.mouseClick(review.nude_button, Qt.MouseButton.LeftButton)
    dialog = review.removal_dialog
    assert dialog.reason.isReadOnly() and dialog.reason.text() == "a nude picture of someone under 18"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.state.pictures, timeout=10000)
    assert "EK-001 removed" in review.status.text() and "Report Remove" in review.status.text()
    assert [entry["reference"] for entry in session.state.removed] == ["EK-001"]
    assert is_destroyed(store.path / "journal.ekj", where)
    assert store.verify().ok
    removal = [e for e in store.events() if e.action == "exhibit.removed"]
    assert removal[0].data["reason"] == "a nude picture of someone under 18"
