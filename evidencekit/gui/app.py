"""Starting the window: QApplication, privacy settings, crash dialog, start window, then the main window.

`run_gui()` is what `evidencekit` (no arguments) and `python main.py` run. `AppController` wires the
start window, the session and the main window, and is what the tests drive (with a test keyring and a
fixture capture backend).
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from evidencekit import __version__
from evidencekit.gui import autosave, language, looks, style, workers
from evidencekit.gui.capture.flow import warm_up
from evidencekit.gui.crash_dialog import install_crash_handler
from evidencekit.gui.file_dialogs import disable_qt_settings
from evidencekit.gui.help_dialog import set_app_session
from evidencekit.gui.idle_lock import IdleLock
from evidencekit.gui.keyboard import install_keyboard_guards
from evidencekit.gui.main_window import PREFERRED_SIZE, MainWindow
from evidencekit.gui.quick_exit import QuickExit
from evidencekit.gui.screen_fit import show_fitted
from evidencekit.gui.session import CaseSession
from evidencekit.gui.start import StartWindow
from evidencekit.gui.start.start_window import PREFERRED_SIZE as START_SIZE
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.leave import leave
from evidencekit.pending_exports import sweep_leftovers
from evidencekit.store import KeyringAccess


class AppController(QObject):
    """Owns the session and the two top-level windows; closing the main window closes the case.

    In the real app `install_guards` adds quick exit (F12 and the banner's button: hide, lock, quit) and
    the idle lock (lock, back to the start screen). Tests build controllers without them.
    """

    def __init__(self, *, home: Path | None = None, keyring: KeyringAccess | None = None,
                 backend_factory: Callable[[], Any] | None = None) -> None:
        super().__init__()
        self.session = CaseSession(home=home, keyring=keyring, backend_factory=backend_factory)
        set_app_session(self.session)
        self.start_window = self._new_start_window()
        self.main_window: MainWindow | None = None
        self.quick: QuickExit | None = None
        self.idle: IdleLock | None = None
        self._closing = False
        self.session.locked.connect(self._after_lock)

    def _new_start_window(self) -> StartWindow:
        window = StartWindow(self.session)
        window.case_ready.connect(self.show_main_window)
        window.language_changed.connect(self._language_changed)
        return window

    def _language_changed(self, _language: str) -> None:
        """The first screen is built again in the chosen language, where the old one was (the main window
        is always built after this screen, so it speaks the new language from the start)."""
        old = self.start_window
        self.start_window = self._new_start_window()
        self.start_window.setGeometry(old.geometry())
        self.start_window.show()
        self.start_window.language_chooser.combo.setFocus()
        old.hide()
        old.deleteLater()

    def open_case(self, folder: Path, support_worker: str = "") -> None:
        """Open `folder` as if chosen on the start screen (the unlock dialog comes first if needed)."""
        window = self.start_window
        if support_worker:
            window.worker_box.setChecked(True)
            window.operator_name.setText(support_worker)
        window.open_folder(folder)

    def install_guards(self, app: QApplication) -> None:
        self.quick = QuickExit(app, self.session)
        self.idle = IdleLock(app, self.session)

    def show(self) -> None:
        show_fitted(self.start_window, START_SIZE)
        home = self.session.home  # an export cut short last time may have left a temp file: remove it now
        run_in_background(lambda: sweep_leftovers(home), on_done=lambda _count: None, on_error=lambda _exc: None,
                          owner=self)

    def show_main_window(self) -> MainWindow:
        self._closing = False
        self.main_window = MainWindow(self.session)
        self.main_window.quick_exit_requested.connect(self.quick_exit)
        self.main_window.close_case_requested.connect(self.close_case)
        self.main_window.switch_case_requested.connect(self.switch_case)
        show_fitted(self.main_window, PREFERRED_SIZE)
        self.start_window.hide()
        return self.main_window

    def close_case(self) -> None:
        """The main window was closed: wait for pending saves, then forget the key (and the app ends)."""
        self._closing = True
        workers.wait_for_all()
        if self.session.store is not None:
            self.session.lock()

    def switch_case(self) -> None:
        """"Close this case": save what is typed, wait for pending saves, lock the case, and show the list
        of cases again (a support worker moving to the next case)."""
        autosave.flush_all()
        workers.wait_for_all()
        if self.session.store is not None:
            self.session.lock(reason="closed")

    def quick_exit(self) -> None:
        """Hide every window at once, then lock the case and leave (saved work is already durable)."""
        if self.quick is not None:
            self.quick.trigger()
            return
        for widget in QApplication.topLevelWidgets():
            widget.hide()
        QApplication.processEvents()
        workers.wait_for_all()
        self.session.lock()
        QApplication.quit()

    def _after_lock(self) -> None:
        """Locked by closing, quick exit or the idle lock: the main window goes; after an idle lock the
        start screen comes back so the person can open the case again."""
        window, self.main_window = self.main_window, None
        quick_exited = self.quick is not None and self.quick.exited
        if window is not None and not self._closing and not quick_exited:
            if self.session.lock_reason == "removed":
                self.start_window.show_message(_("The case was removed from this computer."))
            elif self.session.lock_reason == "closed":
                self.start_window.show_message(_("The case is closed and locked. Everything saved is still there."))
            else:
                self.start_window.show_message(_("The case was locked because the app was not used for a while. "
                                               "Open it again to go on: everything saved is still there."))
            self.start_window.reload_cases()
            show_fitted(self.start_window, START_SIZE)
        if window is not None:
            window.close_case_requested.disconnect(self.close_case)
            window.close()
            window.deleteLater()


def make_application(argv: list[str] | None = None, *, home: Path | None = None) -> QApplication:
    """The QApplication with our privacy and look settings (idempotent in tests)."""
    os.umask(0o077)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    looks.use_home(home)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
        style.apply_app_style(app)
    looks.apply_app_look(app)  # "evidencekit", or "Documents" with the neutral look (before any window)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(looks.DESKTOP_ID)
    install_keyboard_guards(app)
    disable_qt_settings(home)
    language.apply_to_application(app)
    install_crash_handler()
    warm_up()
    gc.freeze()  # what exists after start-up is never scanned again: full GC passes stay short on the GUI thread
    return app


def run_gui(self_test: bool = False, *, open_case: Path | None = None, support_worker: str = "") -> NoReturn:
    """Start the window; when it has closed, finish the work and end the process (see `leave_app`).

    `open_case` (from `evidencekit open CASE`): that case is opened at once, through the unlock dialog
    where the keyring does not hold its key; `support_worker` names the worker opening it."""
    if self_test:
        leave_app(_self_test())
    app = make_application()
    controller = AppController()
    controller.install_guards(app)
    controller.show()
    if open_case is not None:
        controller.open_case(open_case, support_worker)
    code = app.exec()
    finish(app, controller)
    leave_app(code)


def finish(app: QApplication, controller: AppController) -> None:
    """What must happen before the process ends, in order, while Python and Qt are still whole:
    every background save finished, the case locked (its key forgotten, its files closed), every window
    closed and deleted."""
    workers.wait_for_all()
    if controller.session.store is not None:
        controller.session.lock()
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    workers.wait_for_all()


def leave_app(code: int) -> NoReturn:
    """End the process without PySide's exit-time teardown, which sometimes crashes after a clean close
    (PYSIDE-2254; ADR 052). Call `finish` first: nothing is left for a teardown to do."""
    leave(code, run_atexit=False)


def _self_test() -> int:
    """Open the main window offscreen on a temporary case (shared computer: nothing in the keyring), close.

    Each step is printed (and flushed) as it passes, so a failure says how far it got."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from evidencekit.store import CaseStore

    def step(text: str) -> None:
        print(f"evidencekit self-test: {text}", flush=True)

    def quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if "does not support propagateSizeHints" not in message:  # i18n: not shown (the offscreen plugin's note)
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(quiet_offscreen)

    with tempfile.TemporaryDirectory(prefix="evidencekit-self-test-") as folder:
        home = Path(folder)
        app = make_application(home=home)
        controller = AppController(home=home)
        created = CaseStore.create("Self-test case", "self-test passphrase",  # i18n: not shown
                                   shared_computer=True, home=home)
        controller.session.attach(created.store)
        window = controller.show_main_window()
        step(_("the main window opened on a new case"))
        for row in range(window.checklist.count()):
            window.checklist.setCurrentRow(row)
            app.processEvents()
        step(_("all {count} steps of the checklist shown").format(count=window.checklist.count()))
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(50, app.quit)
        app.exec()
        ok = controller.session.store is None
        finish(app, controller)
        del window, controller
    step(_("the window opened and closed cleanly") if ok else _("FAILED (the case was still open after closing)"))
    return 0 if ok else 1
