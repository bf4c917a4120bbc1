"""The small window that drives a series of pictures while the person scrolls a long chat.

Two ways: "every N seconds until Stop" (a countdown to the next picture), or "Capture next" each time
the person has scrolled. The window is hidden for every picture, so it is never in one.

It stays on top of the other windows: a full-screen chat the person clicks into to scroll it comes to the
front (a window manager puts a focused full-screen window above "always on top" windows, and without one
any window raised covers it), so while it is shown it raises itself again twice a second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.i18n import _, ngettext

KEEP_ON_TOP_MS = 500


class SeriesControl(QWidget):
    """`next_requested` when a picture is due (timer or button); `stop_requested` when the person is done."""

    next_requested = Signal()
    stop_requested = Signal()

    def __init__(self, *, interval_s: int | None) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(texts.APP_TITLE)
        self.setAccessibleName(_("Series of pictures"))
        self.interval_s = interval_s  # None: manual ("Capture next")
        self.saved = 0
        self.remaining = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(style.SPACING * 2, style.SPACING, style.SPACING * 2, style.SPACING)
        column.setSpacing(style.SPACING // 2)
        self.count_label = QLabel()
        self.count_label.setFont(style.scaled_font(1.2, bold=True))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        column.addWidget(self.count_label)
        column.addWidget(self.hint)
        row = QHBoxLayout()
        self.next_button = QPushButton(_("Capture &next"))
        self.next_button.setAccessibleName(_("Capture next"))
        self.next_button.clicked.connect(self.next_requested)
        self.stop_button = QPushButton(_("&Stop") if interval_s else _("I have &finished"))
        self.stop_button.setAccessibleName(_("Stop the series"))
        self.stop_button.clicked.connect(self.stop_requested)
        row.addWidget(self.next_button)
        row.addWidget(self.stop_button)
        column.addLayout(row)
        self.next_button.setVisible(interval_s is None)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._on_top = QTimer(self)
        self._on_top.setInterval(KEEP_ON_TOP_MS)
        self._on_top.timeout.connect(self._keep_on_top)
        self._update_words()

    def place(self) -> None:
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 24, area.bottom() - self.height() - 24)

    def picture_saved(self, total: int) -> None:
        """Show again after a saved picture; a timed series starts counting to the next one."""
        self.saved = total
        self.place()
        self.show()
        self.raise_()
        self._on_top.start()
        if self.interval_s:
            self.remaining = self.interval_s
            self._timer.start()
        else:
            self.next_button.setFocus()
        self._update_words()

    def pause(self) -> None:
        self._timer.stop()

    def _keep_on_top(self) -> None:
        self.raise_()
        QGuiApplication.sync()  # send it now: X11 requests wait in Qt's buffer until it is next flushed

    def hideEvent(self, event: QHideEvent) -> None:
        self._on_top.stop()  # hidden for a picture, or done
        super().hideEvent(event)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._timer.stop()
            self.next_requested.emit()
        self._update_words()

    def _update_words(self) -> None:
        self.count_label.setText(ngettext("{count} picture saved", "{count} pictures saved",
                                          self.saved).format(count=self.saved))
        if self.interval_s:
            self.hint.setText(_("Scroll the conversation now. Next picture in {seconds} s.").format(
                seconds=max(0, self.remaining)))
        else:
            self.hint.setText(_("Scroll the conversation to the next part, then press Capture next."))
        self.count_label.setAccessibleName(self.count_label.text())
        self.hint.setAccessibleName(self.hint.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.stop_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self.stop_requested.emit()
        super().closeEvent(event)
