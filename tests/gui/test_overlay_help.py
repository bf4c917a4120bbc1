"""'Get help now' from the capture overlay: a button in its corner and the F1 key open the helpline above
the overlay (which stays on top of everything), and the overlay still takes the box afterwards."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from evidencekit.capture import synthetic_desktop_png
from evidencekit.gui.capture.region_overlay import RegionOverlay
from evidencekit.gui.help_dialog import HelpDialog
from evidencekit.gui.keyboard import install_keyboard_guards


def _answer_help(seen: list[tuple[str, bool]]) -> None:
    """When the help dialog is up: note what it is and whether it stays on top, then close it."""
    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        seen.append((type(dialog).__name__, bool(dialog.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)))
        dialog.reject()
    QTimer.singleShot(20, check)


def test_the_overlay_offers_help_by_button_and_f1_above_itself(qtbot):
    install_keyboard_guards()
    overlay = RegionOverlay(QImage.fromData(synthetic_desktop_png(800, 500, variant="chat")))
    qtbot.addWidget(overlay)
    chosen: list[object] = []
    overlay.chosen.connect(chosen.append)
    overlay.start()
    qtbot.waitExposed(overlay)
    button = overlay.help_button
    assert button.isVisible() and "help" in button.accessibleName().lower()
    assert overlay.rect().contains(QRect(button.pos(), button.size()))
    seen: list[tuple[str, bool]] = []
    _answer_help(seen)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == [(HelpDialog.__name__, True)]
    _answer_help(seen)
    qtbot.keyClick(overlay, Qt.Key.Key_F1)
    assert seen[1:] == [(HelpDialog.__name__, True)]
    assert overlay.isVisible() and chosen == []  # help chose nothing and closed nothing
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    qtbot.mouseMove(overlay, QPoint(200, 150))
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=QPoint(300, 210))
    assert len(chosen) == 1
