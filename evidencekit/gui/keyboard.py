"""Keyboard and pointer rules for every window of the app.

- **The wheel never changes a field that has no focus.** Over a drop-down, a spin box or a slider that
  the person has not chosen, the wheel scrolls the page instead (a page scrolled with the wheel once
  turned "Western Union" into "Other" while the status said "Everything is saved").
- **A focus ring everyone can see**: 3 px in the accent colour around the control that has the focus
  (WCAG 2.2 focus appearance: at least 2 px, at least 3:1 against the window; tests/gui/test_look.py).
- **F1 is "Get help now" everywhere**: in the main window, every dialog and the capture overlay.
- **Tab follows what the eye sees**: `apply_tab_order` walks the layouts top to bottom, left to right,
  and chains the controls in that order (widgets made later, such as a second account on Details, would
  otherwise come last).

`install_keyboard_guards(app)` puts the filters on the application once; every window calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLayout,
    QMainWindow,
    QScrollArea,
    QScrollBar,
    QStackedWidget,
    QWidget,
)

from evidencekit.gui import style

HELP_KEY = Qt.Key.Key_F1
_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class FocusRing(QWidget):
    """Drawn just outside the focused control, in the nearest ancestor with room for it: the page's
    scrolled content (so it scrolls and is clipped with the control) or the window. It follows the
    control when the control or one of its ancestors moves, resizes or hides."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []

    def track(self, target: QWidget | None) -> None:
        for watched in self._watched:
            if shiboken6.isValid(watched):
                watched.removeEventFilter(self)
        self._watched = []
        self.target = target
        if target is None:
            self.hide()
            return
        host = _ring_host(target)
        if self.parentWidget() is not host:
            self.setParent(host)
        widget: QWidget | None = target
        while widget is not None and widget is not host:
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        self.place()

    def place(self) -> None:
        target, host = self.target, self.parentWidget()
        if target is None or host is None or not shiboken6.isValid(target) or not target.isVisible():
            self.hide()
            return
        margin = style.FOCUS_RING_WIDTH + 1
        self.setGeometry(QRect(target.mapTo(host, QPoint(0, 0)), target.size()).adjusted(-margin, -margin,
                                                                                         margin, margin))
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PLACE_EVENTS:
            self.place()
        elif event.type() == QEvent.Type.Destroy and watched is self.target:
            self.target = None
            self.hide()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = style.FOCUS_RING_WIDTH
        painter.setPen(QPen(style.accent_colour(), width))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()


_PLACE_EVENTS = {QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide}


def _ring_host(target: QWidget) -> QWidget:
    """The scrolled content of the scroll area holding `target`, else its window."""
    widget = target.parentWidget()
    while widget is not None and not widget.isWindow():
        viewport = widget.parentWidget()
        if viewport is not None and isinstance(viewport.parentWidget(), QScrollArea) \
                and viewport.parentWidget().widget() is widget:  # type: ignore[union-attr]
            return widget
        widget = widget.parentWidget()
    return target.window()


def wants_ring(widget: QWidget | None) -> bool:
    if widget is None or widget.isWindow() or widget.parentWidget() is None:
        return False
    return not isinstance(widget, QScrollBar | FocusRing)


class KeyboardGuards(QObject):
    """The application-wide event filter and focus watcher (see the module's text)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.ring: FocusRing | None = None
        self.show_help: Callable[[QWidget | None], None] | None = None
        app.installEventFilter(self)
        app.focusChanged.connect(self._focus_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, _VALUE_WIDGETS) and not isinstance(watched, QScrollBar):
            if not _has_focus(watched):
                _scroll_page_instead(watched, event)  # type: ignore[arg-type]  # a Wheel event is a QWheelEvent
                return True
        elif kind == QEvent.Type.Polish and isinstance(watched, _VALUE_WIDGETS):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == HELP_KEY \
                and not event.isAutoRepeat() and isinstance(watched, QWidget) and watched.isWindow():
            self.help_for(watched)
            return True
        return False

    def help_for(self, window: QWidget | None) -> None:
        from evidencekit.gui.help_dialog import HelpDialog, show_help

        active = QApplication.activeModalWidget() or QApplication.activeWindow() or window
        if isinstance(active, HelpDialog):
            return
        (self.show_help or show_help)(active)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.ring is not None and not shiboken6.isValid(self.ring):
            self.ring = None  # deleted with the parent it was drawn in
        if not wants_ring(new):
            if self.ring is not None:
                self.ring.track(None)
            return
        if self.ring is None:
            self.ring = FocusRing()
        self.ring.track(new)


def _scroll_page_instead(widget: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the scroll area around `widget` (the page), as if the field were not there."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        event.ignore()
        return
    viewport = area.viewport()
    position = QPointF(widget.mapTo(viewport, event.position().toPoint()))
    forwarded = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                            event.buttons(), event.modifiers(), event.phase(), event.inverted(), event.source())
    QApplication.sendEvent(viewport, forwarded)
    event.accept()


def _has_focus(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus) or focus.focusProxy() is widget)


_guards: KeyboardGuards | None = None


def install_keyboard_guards(app: QApplication | None = None) -> KeyboardGuards | None:
    """Once per application: the wheel rule, the focus ring and the F1 key."""
    global _guards
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return None
    if _guards is None or not shiboken6.isValid(_guards) or _guards.app is not app:
        _guards = KeyboardGuards(app)
    return _guards


# ----- Tab order -----------------------------------------------------------------------------------


def focus_chain_by_layout(root: QWidget) -> list[QWidget]:
    """The controls under `root` that Tab can reach, in the order their layouts place them."""
    found: list[QWidget] = []

    def walk_widget(widget: QWidget) -> None:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            found.append(widget)
        if isinstance(widget, QComboBox | QAbstractSpinBox):
            return  # their parts are theirs
        if isinstance(widget, QStackedWidget):
            for index in range(widget.count()):
                if (page := widget.widget(index)) is not None:
                    walk_widget(page)
            return
        if isinstance(widget, QAbstractScrollArea):
            inner = widget.widget() if hasattr(widget, "widget") else None
            if isinstance(inner, QWidget):
                walk_widget(inner)
            return
        layout = widget.layout()
        if isinstance(layout, QLayout):
            walk_layout(layout)

    def walk_layout(layout: QLayout) -> None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            child = item.widget()
            if child is not None:
                walk_widget(child)
                continue
            inner = item.layout()
            if isinstance(inner, QLayout):  # (a spacer's layout() is itself, not a layout)
                walk_layout(inner)

    walk_widget(root)
    return found


def apply_tab_order(root: QWidget) -> list[QWidget]:
    """Chain Tab through `root`'s controls in visual (layout) order; returns that order."""
    chain = focus_chain_by_layout(root)
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
    return chain


def apply_window_tab_order(widget: QWidget) -> list[QWidget]:
    """Chain Tab again through the controls of `widget`'s window, after controls were added or removed.

    In a main window only its central widget is walked, not the status bar (labels only), whose own
    layouts Qt remakes: walking them again once the window has been shown can reach the wrapper of a
    deleted layout and crash."""
    window = widget.window()
    central = window.centralWidget() if isinstance(window, QMainWindow) else None
    return apply_tab_order(central or window)
