"""The delay countdown: a small window in a corner, hidden before the picture is taken."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.i18n import _


class Countdown(QWidget):
    """Counts down whole seconds; emits `elapsed` at zero (already hidden) or `cancelled` (Esc / Cancel)."""

    elapsed = Signal()
    cancelled = Signal()

    def __init__(self, seconds: int) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(texts.APP_TITLE)
        self.setAccessibleName(_("Countdown before the picture"))
        self.remaining = seconds
        column = QVBoxLayout(self)
        column.setContentsMargins(style.SPACING * 2, style.SPACING, style.SPACING * 2, style.SPACING)
        self.words = QLabel(_("Switch to the window you want to keep.\nThe picture is taken in"))
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel()
        self.number.setFont(style.scaled_font(3.0, bold=True))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = QPushButton(_("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(_("Cancel the picture"))
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.words, self.number, self.cancel_button):
            column.addWidget(widget)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._show_number()

    def start(self) -> None:
        screen = QGuiApplication.primaryScreen()
        self.adjustSize()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 24, area.bottom() - self.height() - 24)
        self.show()
        self._timer.start()

    def _show_number(self) -> None:
        self.number.setText(str(self.remaining))
        self.number.setAccessibleName(f"{self.remaining} seconds")

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self._show_number()
            return
        self._timer.stop()
        self.hide()  # never in the picture
        self.elapsed.emit()

    def cancel(self) -> None:
        self._timer.stop()
        self.hide()
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)
