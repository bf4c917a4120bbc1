"""A full-screen overlay on the frozen picture of the screen: drag a box around what to keep.

The overlay only chooses a rectangle; it emits it in the frozen picture's pixel coordinates and the core
cuts those exact pixels from the frozen grab. Mouse: drag, release to keep. Keyboard: arrows place and
move a box (Shift+arrows resize it), Enter keeps it, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QWidget

from evidencekit.capture.request import Rect
from evidencekit.gui import style, texts
from evidencekit.i18n import N_, _

HINT = N_("Drag a box around what you want to keep.   Esc: cancel.   Arrows and Enter also work.")
MIN_SIZE = 4  # pixels; smaller drags are treated as clicks


class RegionOverlay(QWidget):
    chosen = Signal(object)  # Rect in frozen-picture pixels
    cancelled = Signal()

    def __init__(self, frozen: QImage, source: QRect | None = None) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.Tool)
        self.setWindowTitle(texts.APP_TITLE)
        self.setAccessibleName(_("Choose the part of the screen to keep"))
        self.setAccessibleDescription(_(HINT))
        self.frozen = frozen
        # the part of the frozen picture shown (its pixels): all of it, or on Wayland the screen it covers
        self.source = source if source is not None and not source.isEmpty() else frozen.rect()
        self.selection = QRect()
        self._anchor: QPoint | None = None
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # "Get help now" here too (F1 as well): the overlay covers the whole screen and the banner
        from evidencekit.gui.help_dialog import help_button

        self.help_button = help_button(self)
        self.help_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows and Enter stay the overlay's

    def start(self, screen: QScreen | None = None) -> None:
        screen = screen or QGuiApplication.primaryScreen()
        if QGuiApplication.platformName().startswith("wayland"):
            # Wayland: no program places its windows; a full-screen window covers one screen, `screen`
            if screen is not None:
                self.setScreen(screen)
            self.showFullScreen()
        else:
            geometry = screen.virtualGeometry() if screen is not None else QRect(0, 0, 1920, 1080)
            self.setGeometry(geometry)
            self.show()
        self.raise_()
        self.activateWindow()
        self.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.help_button.adjustSize()
        margin = style.SPACING * 2
        self.help_button.move(self.width() - self.help_button.width() - margin, margin)
        super().resizeEvent(event)

    # ----- coordinates ----------------------------------------------------------------------------

    def to_pixels(self, area: QRect) -> Rect:
        """Widget rectangle → frozen-picture pixels (the shown part is drawn stretched over the widget)."""
        source = self.source
        sx = source.width() / max(1, self.width())
        sy = source.height() / max(1, self.height())
        left = max(0, min(source.width() - 1, round(area.left() * sx)))
        top = max(0, min(source.height() - 1, round(area.top() * sy)))
        right = max(left + 1, min(source.width(), round((area.left() + area.width()) * sx)))
        bottom = max(top + 1, min(source.height(), round((area.top() + area.height()) * sy)))
        return Rect(source.left() + left, source.top() + top, right - left, bottom - top)

    # ----- drawing --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(QRectF(self.rect()), self.frozen, QRectF(self.source))
        shade = QColor(0, 0, 0, 110)
        if self.selection.isNull():
            painter.fillRect(self.rect(), shade)
        else:
            outside = [QRect(0, 0, self.width(), self.selection.top()),
                       QRect(0, self.selection.bottom() + 1, self.width(), self.height()),
                       QRect(0, self.selection.top(), self.selection.left(), self.selection.height()),
                       QRect(self.selection.right() + 1, self.selection.top(), self.width(),
                             self.selection.height())]
            for part in outside:
                painter.fillRect(part, shade)
            painter.setPen(QPen(QColor("#ffffff"), 2, Qt.PenStyle.DashLine))
            painter.drawRect(self.selection)
        self._draw_hint(painter)
        painter.end()

    def _draw_hint(self, painter: QPainter) -> None:
        font = style.scaled_font(1.2, bold=True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        box = metrics.boundingRect(_(HINT)).adjusted(-20, -12, 20, 12)
        box.moveCenter(QPoint(self.width() // 2, 40 + box.height() // 2))
        if box.intersects(self.help_button.geometry()):  # a narrow screen: below "Get help now"
            box.moveTop(self.help_button.geometry().bottom() + 12)
        if not self.selection.isNull() and box.intersects(self.selection):
            box.moveBottom(self.height() - 40)
        painter.fillRect(box, QColor(20, 20, 20, 220))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _(HINT))

    # ----- mouse ----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = event.position().toPoint()
            self.selection = QRect()
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._anchor is not None:
            self.selection = QRect(self._anchor, event.position().toPoint()).normalized()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            return
        self.selection = QRect(self._anchor, event.position().toPoint()).normalized()
        self._anchor = None
        if self.selection.width() >= MIN_SIZE and self.selection.height() >= MIN_SIZE:
            self.accept_selection()
        else:
            self.selection = QRect()
            self.update()

    # ----- keyboard -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_and(self.cancelled.emit)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.selection.isNull():
            self.accept_selection()
            return
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in moves:
            if self.selection.isNull():
                self.selection = QRect(self.width() // 4, self.height() // 4, self.width() // 2, self.height() // 2)
            dx, dy = moves[Qt.Key(key)]  # a member: `key in moves` just matched
            step = 2 if event.modifiers() & Qt.KeyboardModifier.AltModifier else 20
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.selection.setWidth(max(MIN_SIZE, self.selection.width() + dx * step))
                self.selection.setHeight(max(MIN_SIZE, self.selection.height() + dy * step))
            else:
                self.selection.translate(dx * step, dy * step)
            self.selection = self.selection.intersected(self.rect())
            self.update()
            return
        super().keyPressEvent(event)

    def accept_selection(self) -> None:
        pixels = self.to_pixels(self.selection)
        self.close_and(lambda: self.chosen.emit(pixels))

    def close_and(self, then: object) -> None:
        self.hide()
        self.close()
        then()  # type: ignore[operator]
