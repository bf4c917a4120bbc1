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
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QLayout,
    QProxyStyle,
    QScrollBar,
    QStackedWidget,
    QStyle,
    QStyleOption,
    QWidget,
)

from evidencekit.gui import style

HELP_KEY = Qt.Key.Key_F1
_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


class _RingMargins(QProxyStyle):
    """Room around the control for a ring thicker than the style's own focus frame."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        if metric in (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin):
            return style.FOCUS_RING_WIDTH + 1
        return super().pixelMetric(metric, option, widget)


class FocusRing(QFocusFrame):
    """Drawn just outside the focused control (Qt moves and clips it with the control)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = _RingMargins()
        self.setStyle(self._style)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = style.FOCUS_RING_WIDTH
        painter.setPen(QPen(style.accent_colour(), width))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()


def wants_ring(widget: QWidget | None) -> bool:
    if widget is None or widget.isWindow() or widget.parentWidget() is None:
        return False
    return not isinstance(widget, QScrollBar | QFocusFrame)


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
            if not _has_focus(watched):  # type: ignore[arg-type]
                event.ignore()  # handed on to the parent: the page scrolls
                return True
        elif kind == QEvent.Type.Polish and isinstance(watched, _VALUE_WIDGETS):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:  # type: ignore[attr-defined]
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # type: ignore[attr-defined]
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
                self.ring.setWidget(None)
                self.ring.hide()
            return
        if self.ring is None:
            self.ring = FocusRing()
        self.ring.setWidget(new)
        self.ring.show()
        self.ring.raise_()


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
                walk_widget(widget.widget(index))
            return
        if isinstance(widget, QAbstractScrollArea):
            inner = widget.widget() if hasattr(widget, "widget") else None
            if isinstance(inner, QWidget):
                walk_widget(inner)
            return
        layout = widget.layout()
        if layout is not None:
            walk_layout(layout)

    def walk_layout(layout: QLayout) -> None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            child = item.widget()
            if child is not None:
                walk_widget(child)
            elif item.layout() is not None:
                walk_layout(item.layout())

    walk_widget(root)
    return found


def apply_tab_order(root: QWidget) -> list[QWidget]:
    """Chain Tab through `root`'s controls in visual (layout) order; returns that order."""
    chain = focus_chain_by_layout(root)
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
    return chain
