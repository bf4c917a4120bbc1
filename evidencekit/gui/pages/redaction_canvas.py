"""The redaction canvas: one exhibit at full size with zoom, and solid black boxes drawn over it.

Scene coordinates are the picture's pixels (as displayed, EXIF orientation applied, like the core's
`redaction.open_displayed`), so the boxes saved are exactly the rectangles the bundle blacks out.
Boxes are always opaque black, never blur: what the person sees is what the police bundle shows.
Mouse: drag on the picture draws a box, drag a box moves it, its corner handle resizes it.
Keyboard: N adds a box in the middle of the view, arrows move the selected box (Shift: resize),
Delete removes it, Tab moves between boxes, Ctrl+plus/minus zoom, Ctrl+0 fits.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from evidencekit.i18n import _

Box = tuple[int, int, int, int]
MIN_BOX = 4  # pixels; a smaller drag is treated as a click, not a box
HANDLE = 10.0  # on-screen size of the resize handle, in device pixels
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0


def image_from_bytes(data: bytes) -> QImage:
    """Decode in memory (never a temp file), applying EXIF orientation like the core does."""
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    reader.setAllocationLimit(1024)  # MB; large phone screenshots are fine, decompression bombs are not
    image = reader.read()
    buffer.close()
    return image


BOX_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
             | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)


def covered(image: QImage, boxes: list[Box]) -> QImage:
    """A copy of `image` with every box painted solid black into its pixels."""
    result = image.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(result)
    for x, y, w, h in boxes:
        painter.fillRect(x, y, w, h, QColor(0, 0, 0))
    painter.end()
    return result


class RedactionBox(QGraphicsRectItem):
    """A solid black box; its position is kept on whole pixels inside the picture."""

    def __init__(self, rect: QRectF, bounds: QRectF) -> None:
        super().__init__(QRectF(0, 0, rect.width(), rect.height()))
        self._bounds = bounds
        self.setPos(rect.topLeft())
        self.setBrush(QBrush(QColor(0, 0, 0)))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setFlags(BOX_FLAGS)
        self.setZValue(1)

    def box(self) -> Box:
        scene_rect = self.mapRectToScene(self.rect()).toRect()
        return (scene_rect.x(), scene_rect.y(), scene_rect.width(), scene_rect.height())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF):
            size = self.rect().size()
            x = min(max(round(value.x()), self._bounds.left()), self._bounds.right() - size.width())
            y = min(max(round(value.y()), self._bounds.top()), self._bounds.bottom() - size.height())
            return QPointF(x, y)
        return super().itemChange(change, value)

    def resize_to(self, width: float, height: float) -> None:
        pos = self.pos()
        width = max(MIN_BOX, min(round(width), self._bounds.right() - pos.x()))
        height = max(MIN_BOX, min(round(height), self._bounds.bottom() - pos.y()))
        self.prepareGeometryChange()
        self.setRect(QRectF(0, 0, width, height))

    def handle_rect(self, scale: float) -> QRectF:
        size = HANDLE / max(scale, 1e-6)
        rect = self.rect()
        return QRectF(rect.right() - size, rect.bottom() - size, size, size)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if self.isSelected():
            # A visible outline and resize handle for the chosen box; the box itself stays solid black.
            scale = painter.worldTransform().m11()
            pen = QPen(QColor(255, 200, 0), 0)
            pen.setWidthF(2.0 / max(scale, 1e-6))
            painter.setPen(pen)
            painter.drawRect(self.rect())
            painter.fillRect(self.handle_rect(scale), QColor(255, 200, 0))


class RedactionCanvas(QGraphicsView):
    """Shows one picture and edits its boxes; `boxes_changed` fires once per finished edit."""

    boxes_changed = Signal(list)  # list[Box], in picture pixels
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setAccessibleName(_("Picture with the parts you chose to hide"))
        self.setAccessibleDescription(
            _("Drag on the picture to draw a black box. N adds a box, arrows move it, Shift and arrows resize "
            "it, Delete removes it."))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._bounds = QRectF()
        self._drawing: RedactionBox | None = None
        self._pressed_at = QPointF()
        self._draw_origin = QPointF()
        self._resizing: RedactionBox | None = None
        self._moving = False
        self._fit = True
        self.locked = False

    # ----- content ------------------------------------------------------------------------------------

    def set_image(self, image: QImage, boxes: list[Box], *, locked: bool = False) -> None:
        """Show `image` and its saved boxes; nothing is emitted (this is loading, not editing).

        `locked`: the covered picture is shown (the boxes painted into the picture itself, so nothing of
        the original under them is in this widget) and the saved boxes cannot be moved or removed until
        `show_original` is called with the original picture."""
        self.scene().clear()
        self._drawing = self._resizing = None
        self.locked = locked and bool(boxes)
        self._pixmap_item = self.scene().addPixmap(QPixmap.fromImage(covered(image, boxes) if self.locked else image))
        self._bounds = QRectF(0, 0, image.width(), image.height())
        self.scene().setSceneRect(self._bounds)
        for x, y, w, h in boxes:
            item = self._add_box(QRectF(x, y, w, h))
            if self.locked:
                item.setFlags(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self._fit = True
        self.fit_to_window()

    def show_original(self, image: QImage) -> None:
        """The person asked to see the original under the boxes: show it, and let them change the boxes."""
        if self._pixmap_item is None:
            return
        self._pixmap_item.setPixmap(QPixmap.fromImage(image))
        for item in self.box_items():
            item.setFlags(BOX_FLAGS)
        self.locked = False

    def clear_image(self) -> None:
        self.scene().clear()
        self._pixmap_item = None
        self._bounds = QRectF()

    def has_image(self) -> bool:
        return self._pixmap_item is not None

    def image_size(self) -> tuple[int, int]:
        return int(self._bounds.width()), int(self._bounds.height())

    def boxes(self) -> list[Box]:
        items = [item for item in self.scene().items() if isinstance(item, RedactionBox)]
        return sorted(item.box() for item in items)

    def box_items(self) -> list[RedactionBox]:
        return [item for item in self.scene().items() if isinstance(item, RedactionBox)]

    def _add_box(self, rect: QRectF) -> RedactionBox:
        rect = rect.intersected(self._bounds)
        item = RedactionBox(QRectF(rect.topLeft(), rect.size()), self._bounds)
        self.scene().addItem(item)
        item.resize_to(rect.width(), rect.height())
        return item

    def add_box(self, box: Box) -> None:
        """Add a box in picture pixels (used by the keyboard command and by tests)."""
        if not self.has_image():
            return
        item = self._add_box(QRectF(*box))
        self.scene().clearSelection()
        item.setSelected(True)
        item.setFocus()
        self._emit()

    def add_box_in_view(self) -> None:
        """N: a box a fifth of the visible part, in its middle; the person then moves and resizes it."""
        if not self.has_image():
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect().intersected(self._bounds)
        width, height = max(MIN_BOX, visible.width() / 5), max(MIN_BOX, visible.height() / 10)
        centre = visible.center()
        self.add_box((round(centre.x() - width / 2), round(centre.y() - height / 2), round(width), round(height)))

    def delete_selected(self) -> bool:
        chosen = [item for item in self.scene().selectedItems() if isinstance(item, RedactionBox)]
        for item in chosen:
            self.scene().removeItem(item)
        if chosen:
            self._emit()
        return bool(chosen)

    def delete_all(self) -> None:
        if self.locked:
            return  # the saved boxes stay until the person chose to see the original
        items = self.box_items()
        for item in items:
            self.scene().removeItem(item)
        if items:
            self._emit()

    def _emit(self) -> None:
        self.boxes_changed.emit(self.boxes())

    # ----- zoom ---------------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self._fit = False
        self.resetTransform()
        self.scale(factor, factor)
        self.zoom_changed.emit(factor)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        self._fit = True
        if self._bounds.isEmpty():
            return
        self.resetTransform()
        self.fitInView(self._bounds, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:  # small pictures: show them at their real size, not blown up
            self.resetTransform()
        self.zoom_changed.emit(self.zoom())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._fit:
            self.fit_to_window()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    # ----- mouse --------------------------------------------------------------------------------------

    def _box_at(self, pos: QPointF) -> RedactionBox | None:
        for item in self.items(pos.toPoint()):
            if isinstance(item, RedactionBox):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.has_image():
            super().mousePressEvent(event)
            return
        self.setFocus()
        scene_pos = self.mapToScene(event.position().toPoint())
        box = self._box_at(event.position())
        if box is not None:
            if box.isSelected() and box.handle_rect(self.zoom()).contains(box.mapFromScene(scene_pos)):
                self._resizing = box
                event.accept()
                return
            self._moving = True
            super().mousePressEvent(event)
            return
        self.scene().clearSelection()
        # a drag that starts beside the picture (aiming at its edge) starts at the nearest edge; a plain
        # click there only clears the selection (its box is below MIN_BOX and dropped on release)
        scene_pos = QPointF(min(max(scene_pos.x(), 0), self._bounds.right()),
                            min(max(scene_pos.y(), 0), self._bounds.bottom()))
        self._draw_origin = QPointF(round(scene_pos.x()), round(scene_pos.y()))
        self._pressed_at = event.position()
        self._drawing = self._add_box(QRectF(self._draw_origin, self._draw_origin + QPointF(1, 1)))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        scene_pos = QPointF(min(max(scene_pos.x(), 0), self._bounds.right()),
                            min(max(scene_pos.y(), 0), self._bounds.bottom()))
        if self._drawing is not None:
            rect = QRectF(self._draw_origin, scene_pos).normalized()
            self._drawing.setPos(round(rect.left()), round(rect.top()))
            self._drawing.prepareGeometryChange()
            self._drawing.setRect(QRectF(0, 0, max(1, round(rect.width())), max(1, round(rect.height()))))
            event.accept()
            return
        if self._resizing is not None:
            local = self._resizing.mapFromScene(scene_pos)
            self._resizing.resize_to(local.x(), local.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing is not None:
            item, self._drawing = self._drawing, None
            moved = (event.position() - self._pressed_at).manhattanLength()
            if item.rect().width() < MIN_BOX or item.rect().height() < MIN_BOX \
                    or moved < QApplication.startDragDistance():  # a click, not a drag
                self.scene().removeItem(item)
            else:
                item.setSelected(True)
                self._emit()
            event.accept()
            return
        if self._resizing is not None:
            self._resizing = None
            self._emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self._moving:
            self._moving = False
            self._emit()

    # ----- keyboard -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit_to_window()
        elif key == Qt.Key.Key_N and not ctrl:
            self.add_box_in_view()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down) and self._nudge(event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _nudge(self, event: QKeyEvent) -> bool:
        chosen = [item for item in self.scene().selectedItems() if isinstance(item, RedactionBox)]
        if not chosen:
            return False
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ControlModifier else 1
        dx = {Qt.Key.Key_Left: -step, Qt.Key.Key_Right: step}.get(Qt.Key(event.key()), 0)
        dy = {Qt.Key.Key_Up: -step, Qt.Key.Key_Down: step}.get(Qt.Key(event.key()), 0)
        for item in chosen:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                item.resize_to(item.rect().width() + dx, item.rect().height() + dy)
            else:
                item.setPos(item.pos() + QPointF(dx, dy))
        self._emit()
        return True

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab walks through the boxes first, then leaves the canvas."""
        items = sorted(self.box_items(), key=lambda item: item.box())
        if items:
            selected = [i for i, item in enumerate(items) if item.isSelected()]
            index = (selected[0] + (1 if forward else -1)) if selected else (0 if forward else len(items) - 1)
            if 0 <= index < len(items):
                self.scene().clearSelection()
                items[index].setSelected(True)
                self.ensureVisible(items[index])
                return True
            self.scene().clearSelection()
        return super().focusNextPrevChild(forward)
