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
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.gui.app import AppController, finish, leave_app, make_application
from evidencekit.gui.pages.case_removal import CaseRemovalDialog
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.store import Actor, CaseStore


def on_screen(widget: QWidget) -> list[int]:
    """The widget's rectangle in global logical coordinates."""
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
    for step in ("stop", "details", "export"):
        window.show_page(step)
        QTest.qWait(100)
        result[f"main:{step}"] = {
            "window": on_screen(window), "help": on_screen(window.banner.help_button),
            "exit": on_screen(window.banner.exit_button), "next": on_screen(window.next_button),
            "back": on_screen(window.back_button), "status": on_screen(window.saved_label),
            "close_case": on_screen(window.close_case_button)}
    for name, dialog in dialogs.items():
        dialog.show()
        QTest.qWaitForWindowExposed(dialog, 10000)
        QTest.qWait(150)
        buttons = [b for b in dialog.findChildren(QWidget) if b.metaObject().className() == "QPushButton"
                   and b.isVisible()]
        result[f"dialog:{name}"] = {"dialog": on_screen(dialog), "help": on_screen(dialog.help_button),
                                    "buttons": [on_screen(b) for b in buttons]}
        dialog.hide()
    window.close()
    finish(app, controller)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    leave_app(main(sys.argv[1]))
