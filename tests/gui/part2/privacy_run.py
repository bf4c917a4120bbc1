"""A scripted GUI session in its own process, for the privacy test (run under strace by the test).

    python privacy_run.py OUTSIDE_FOLDER IMPORT_FILE

Creates a case through the start window, answers the age question, captures two canary-marked pictures
(fixture backend), imports IMPORT_FILE through the app's own file dialog, fills in the details, blacks
out part of a picture, chooses the bundle's place through the save dialog, exports the bundle into
OUTSIDE_FOLDER, and ends with the quick-exit key. Exit code 0 when every step worked.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from evidencekit.capture import FixtureBackend
from evidencekit.gui.app import AppController, finish, leave_app, make_application
from evidencekit.gui.quick_exit import QUICK_EXIT_KEY
from tests.gui.part2 import flow
from tests.gui.part2.canary import CANARY_BOX, canary_desktop_png

CANARIES = ("CANARY-P1", "CANARY-P2")
WATCHDOG_S = 240


class Bot:
    """The few qtbot calls the flow helpers use, with QTest, outside pytest."""

    def mouseClick(self, widget, button, pos=None) -> None:
        QTest.mouseClick(widget, button, Qt.KeyboardModifier.NoModifier, pos or widget.rect().center())

    def mousePress(self, widget, button, pos) -> None:
        QTest.mousePress(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def mouseMove(self, widget, pos: QPoint) -> None:
        QTest.mouseMove(widget, pos)

    def mouseRelease(self, widget, button, pos) -> None:
        QTest.mouseRelease(widget, button, Qt.KeyboardModifier.NoModifier, pos)

    def keyClicks(self, widget, text: str) -> None:
        QTest.keyClicks(widget, text)

    def keyClick(self, widget, key) -> None:
        QTest.keyClick(widget, key)

    def waitUntil(self, check: Callable[[], bool], timeout: int = 5000) -> None:
        deadline = time.monotonic() + timeout / 1000
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {check}")
            QApplication.processEvents()
            time.sleep(0.005)


def accept_file_dialog_with(path: Path) -> None:
    """When the app's file dialog is open, type `path` into it and accept (as a person would)."""
    def act() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, act)
            return
        name_box = dialogs[0].findChild(QLineEdit, "fileNameEdit")
        name_box.setText(str(path))  # typed at once: typing key by key opens the completer's popup
        dialogs[0].accept()
    QTimer.singleShot(50, act)


def main(outside: Path, import_file: Path) -> int:
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)  # a hang ends the run (exit 1), with a traceback
    app = make_application()
    backend = FixtureBackend([canary_desktop_png(canary) for canary in CANARIES])
    controller = AppController(backend_factory=lambda: backend)
    controller.install_guards(app)  # quick exit (F12) and the idle lock, as `evidencekit` runs them
    bot = Bot()
    controller.show()
    flow.create_case(bot, controller)
    window = controller.main_window
    session = controller.session
    flow.answer_adult(bot, window)
    flow.capture(bot, window, "profile")
    flow.capture(bot, window, "conversation")
    page = window.current_page()
    accept_file_dialog_with(import_file)
    page.import_pictures()
    bot.waitUntil(lambda: len(session.state.exhibits) == 3, timeout=20000)
    flow.fill_details(bot, window)
    flow.draw_box(bot, window, CANARY_BOX)
    window.show_page("export")
    export_page = window.current_page()
    target = outside / "bundle.pdf"
    accept_file_dialog_with(target)
    export_page.choose_location()
    assert export_page.out_path() == target, export_page.out_path()
    QTest.mouseClick(export_page.export_button, Qt.MouseButton.LeftButton)
    bot.waitUntil(lambda: not export_page.is_running(), timeout=180000)
    if export_page.last_result is None:
        print(f"export failed: {export_page.last_error}", file=sys.stderr)
        return 1
    QTimer.singleShot(0, lambda: QTest.keyClick(window, QUICK_EXIT_KEY))
    app.exec()
    if session.store is not None or any(w.isVisible() for w in QApplication.topLevelWidgets()):
        print("quick exit did not hide and lock", file=sys.stderr)
        return 1
    finish(app, controller)
    print(f"exported {export_page.last_result.exhibits} exhibits to {target.name}")
    return 0


if __name__ == "__main__":
    leave_app(main(Path(sys.argv[1]), Path(sys.argv[2])))  # as the app ends (ADR 052)
