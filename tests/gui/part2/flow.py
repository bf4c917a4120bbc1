"""Driving the real windows through the flow, for the part-2 tests: create a case, answer the age
question, capture, fill in details, draw a redaction box, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from evidencekit.gui.pages.capture_page import CapturePage

PASSPHRASE = "a quiet evening by the sea"
CASE_TITLE = "Messages on FriendChat"
IDENTIFIERS = {
    "username": "lena_2003",
    "account_id": "live:.cid.88123345",
    "profile_url": "https://friendchat.example/u/lena_2003",
}
DEMAND = {"amount": "500", "currency": "GBP", "method": "Western Union", "mtcn": "1234567890"}
CRIME_REFERENCE = "CR/4471/26"


def create_case(qtbot, controller) -> None:
    start = controller.start_window
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    dialog = start.create_dialog
    qtbot.keyClicks(dialog.title_edit, CASE_TITLE)
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start.recovery_dialog is not None and start.recovery_dialog.isVisible(), timeout=20000)
    recovery = start.recovery_dialog
    recovery.confirm.setChecked(True)
    qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5000)


def answer_adult(qtbot, window) -> None:
    window.show_page("stop")
    stop = window.current_page()
    qtbot.mouseClick(stop.age_question.adult_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.state.profile.get("under_18") is False, timeout=5000)


def capture(qtbot, window, step: str) -> None:
    window.show_page(step)
    page = window.current_page()
    assert isinstance(page, CapturePage)
    before = len(window.session.state.exhibits)
    qtbot.waitUntil(lambda: page.availability is not None, timeout=5000)
    qtbot.mouseClick(page.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.state.exhibits) == before + 1, timeout=20000)


def type_into(qtbot, field, text: str) -> None:
    edit = field.input if isinstance(field.input, QLineEdit) else field.input.lineEdit()
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # finishes the edit like leaving the box does


def fill_details(qtbot, window) -> None:
    window.show_page("details")
    page = window.current_page()
    account = page.suspect_accounts.editors[0]
    for name, value in IDENTIFIERS.items():
        type_into(qtbot, account.fields[name], value)
    demand = page.demands.editors[0]
    for name, value in DEMAND.items():
        type_into(qtbot, demand.fields[name], value)
    type_into(qtbot, page.police.fields["crime_reference"], CRIME_REFERENCE)

    def saved() -> bool:
        details = window.session.state.details
        accounts = details.get("suspect_accounts") or [{}]
        police = (details.get("reports") or {}).get("police") or {}
        return accounts[0].get("account_id") == IDENTIFIERS["account_id"] and \
            police.get("crime_reference") == CRIME_REFERENCE and bool((details.get("demands") or [{}])[0].get("mtcn"))

    qtbot.waitUntil(saved, timeout=10000)


def draw_box(qtbot, window, box: tuple[int, int, int, int]) -> None:
    """Open the review page, show EK-001 at 100 %, and drag a box over `box` with the mouse."""
    window.show_page("review")
    page = window.current_page()
    page.exhibit_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: page.canvas.has_image() and page._shown_id is not None, timeout=10000)
    page.canvas.actual_size()
    x, y, w, h = box
    page.canvas.centerOn(x + w / 2, y + h / 2)
    viewport = page.canvas.viewport()
    start, end = page.canvas.mapFromScene(x, y), page.canvas.mapFromScene(x + w, y + h)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        point = start + (end - start) * step / 5
        qtbot.mouseMove(viewport, QPoint(round(point.x()), round(point.y())))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: window.session.state.exhibits[0].redaction is not None, timeout=10000)


def export(qtbot, window, out_path: Path, timeout_ms: int = 120000):
    window.show_page("export")
    page = window.current_page()
    page.set_out_path(out_path)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=timeout_ms)
    assert page.last_result is not None, page.last_error
    return page
