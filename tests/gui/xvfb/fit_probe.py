"""Opens the real app's windows on the X display in $DISPLAY (at the $QT_SCALE_FACTOR it was started
with) and prints, as one JSON line, where the screen is and where the banner's buttons, Back/Next and
each dialog's buttons lie on it, in logical pixels. Started by test_fits_the_screen.py.

    python fit_probe.py HOME
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from evidencekit.gui.app import AppController, finish, leave_app, make_application
from evidencekit.gui.chat_import_dialog import ChatImportDialog
from evidencekit.gui.handover_dialogs import HandoverDialog, TrustedTimeDialog
from evidencekit.gui.help_dialog import HelpDialog
from evidencekit.gui.pages.case_removal import CaseRemovalDialog
from evidencekit.gui.safeguarding_dialogs import NudeQuestion, RemovalDialog
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.store import Actor, CaseStore


def on_screen(widget: QWidget) -> list[int]:
    """The part of the widget one can see, in global logical coordinates: its rectangle less what its
    parents clip (a button scrolled out of a dialog's scroll area is not on the screen, wherever it is)."""
    if not widget.isWindow() and widget.visibleRegion().boundingRect() != widget.rect():
        return [0, 0, 0, 0]  # hidden or cut: never counts as inside the screen
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def main(home_text: str) -> int:
    home = Path(home_text)
    app = make_application([sys.argv[0]], home=home)
    controller = AppController(home=home)
    created = CaseStore.create("Fit probe", "fit probe passphrase", shared_computer=True, home=home)
    screen = QApplication.primaryScreen()
    result: dict[str, object] = {"screen": [*screen.availableGeometry().getRect()],
                                 "ratio": screen.devicePixelRatio()}
    controller.show()
    QTest.qWaitForWindowExposed(controller.start_window, 10000)
    QTest.qWait(200)
    result["start"] = on_screen(controller.start_window)
    result["start_help"] = on_screen(controller.start_window.help_button)
    dialogs: dict[str, QWidget] = {
        "create": CreateCaseDialog(home=home, keyring=None, actor=Actor(), parent=controller.start_window),
        "recovery": RecoveryKeyDialog(created.recovery_key, controller.start_window),
        "unlock": UnlockDialog(created.store.path, home=home, keyring=None, actor=Actor(),
                               parent=controller.start_window),
    }
    controller.session.attach(created.store)
    window = controller.show_main_window()
    QTest.qWaitForWindowExposed(window, 10000)
    QTest.qWait(300)
    dialogs["remove"] = CaseRemovalDialog(controller.session, window)
    dialogs["help"] = HelpDialog(controller.session, window)
    dialogs["trusted_time"] = TrustedTimeDialog(controller.session, window)
    dialogs["handover"] = HandoverDialog(controller.session, window)
    dialogs["chat_import"] = ChatImportDialog(controller.session, window)
    dialogs["remove_picture"] = RemovalDialog("EK-0001", young=False, twins=[], on_remove=print, parent=window)
    dialogs["nude_question"] = NudeQuestion(print, window)
    for step in ("stop", "details", "export"):
        window.show_page(step)
        QTest.qWait(100)
        result[f"main:{step}"] = {
            "window": on_screen(window), "help": on_screen(window.banner.help_button),
            "exit": on_screen(window.banner.exit_button), "next": on_screen(window.next_button),
            "back": on_screen(window.back_button), "status": on_screen(window.saved_label),
            "close_case": on_screen(window.close_case_button)}
        if step == "export":  # its own action on the page as first shown, without scrolling (issue 16)
            page = window.current_page()
            button = page.export_button  # type: ignore[attr-defined]
            result["export_button_whole"] = page.scroll_area.verticalScrollBar().value() == 0 \
                and button.visibleRegion().boundingRect() == button.rect()
    # every page's content at most as wide as the part of the window that shows it: a page scrolls up and
    # down, never sideways (its horizontal scroll bar is off, so anything wider would be cut off)
    widths = {}
    for page in window.pages:
        window.show_page(page.step_id)
        QTest.qWait(50)
        content = page.scroll_area.widget()
        widths[page.step_id] = [content.minimumSizeHint().width(), page.scroll_area.viewport().width()]
    result["page_widths"] = widths
    for name, dialog in dialogs.items():
        dialog.show()
        QTest.qWaitForWindowExposed(dialog, 10000)
        QTest.qWait(150)
        # the way on and out (the dialog's button box); buttons in the content may scroll with it
        buttons = [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons() if b.isVisible()] \
            or [b for b in dialog.findChildren(QPushButton) if b.isVisible()]  # a dialog without a box, no scrolling
        parts = {"dialog": on_screen(dialog), "buttons": [on_screen(b) for b in buttons]}
        if not isinstance(dialog, HelpDialog):  # "Get help now" itself needs no button to itself
            parts["help"] = on_screen(dialog.help_button)  # type: ignore[attr-defined]
        result[f"dialog:{name}"] = parts
        dialog.hide()
    window.close()
    finish(app, controller)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    leave_app(main(sys.argv[1]))
