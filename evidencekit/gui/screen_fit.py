"""Windows that fit the screen they open on, whatever its size and scale factor.

The main window opens inside the screen's available geometry (the part the task bar does not cover),
maximised where the screen is smaller than the size it would like; dialogs scroll their content instead
of growing past the screen (a 1920×1080 screen at scale factor 2 is 960×540 logical pixels).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFrame, QScrollArea, QVBoxLayout, QWidget

SCREEN_MARGIN = 24  # logical pixels kept free around a dialog (window frame, task bar)


def available_rect(widget: QWidget | None = None) -> QRect:
    """The screen's available geometry (logical pixels) where `widget` is, or the primary screen's."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def show_fitted(window: QWidget, preferred: QSize) -> None:
    """Show `window` at `preferred` size, centred, where that fits the screen; otherwise maximised over
    the whole available area (placed there too, for window systems without a window manager)."""
    area = available_rect(window)
    window.setMinimumSize(window.minimumWidth() if window.minimumWidth() <= area.width() else 0,
                          window.minimumHeight() if window.minimumHeight() <= area.height() else 0)
    # the frame the window manager adds (a title bar, borders) must fit as well
    fits = preferred.width() + SCREEN_MARGIN <= area.width() and preferred.height() + 2 * SCREEN_MARGIN <= area.height()
    if fits:
        rect = QRect(0, 0, preferred.width(), preferred.height())
        rect.moveCenter(area.center())
        window.setGeometry(rect)
        window.show()
    else:
        window.setGeometry(area)
        window.showMaximized()


class FitScrollArea(QScrollArea):
    """A frameless scroll area that asks for its content's whole size, up to what fits on the screen
    (Qt's own asks for at most 36×24 lines, which made short dialogs scroll on large screens)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        wanted = inner.sizeHint() + QSize(self.verticalScrollBar().sizeHint().width(), 0)
        area = available_rect(self)
        return wanted.boundedTo(QSize(area.width() - 2 * SCREEN_MARGIN, area.height() - 3 * SCREEN_MARGIN))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)


def scrolling_column(dialog: QWidget, margins: int) -> QVBoxLayout:
    """The dialog's content column, inside a scroll area: a dialog taller or wider than the screen
    scrolls instead of putting its buttons off screen. Returns the layout to add the content to."""
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = FitScrollArea(dialog)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the area follows the focus
    scroll.setAccessibleName(dialog.windowTitle() or dialog.accessibleName())
    inner = QWidget()
    scroll.setWidget(inner)
    outer.addWidget(scroll)
    column = QVBoxLayout(inner)
    column.setContentsMargins(margins, margins, margins, margins)
    dialog.setProperty("scrolling_column", True)
    if isinstance(dialog, QDialog):  # a main window is placed by show_fitted
        dialog.installEventFilter(_GrowOnShow(dialog))
    return column


class _GrowOnShow(QObject):
    """Qt opens a window at most 2/3 of the screen high (QWidget::adjustSize), so on a 960×540 screen a
    dialog scrolled in a third of the screen. Before the first show (and before QDialog centres itself
    over its parent) it gets the size its content asks for, up to what fits on the screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and not event.spontaneous():
            watched.removeEventFilter(self)
            area = available_rect(watched)
            wanted = watched.sizeHint().expandedTo(watched.size()).boundedTo(
                QSize(area.width() - 2 * SCREEN_MARGIN, area.height() - 2 * SCREEN_MARGIN))
            watched.resize(wanted)
        return False


def pinned_footer(dialog: QWidget, *widgets: QWidget, margins: int) -> QVBoxLayout:
    """Put `widgets` (a message, the dialog's buttons) below the scrolling part of a dialog made with
    `scrolling_column`: on a small screen (1920×1080 at scale factor 2 is 960×540) the content scrolls,
    never the way on or out, nor what a refused click says."""
    outer = dialog.layout()
    assert isinstance(outer, QVBoxLayout) and dialog.property("scrolling_column")
    footer = QVBoxLayout()
    footer.setContentsMargins(margins, margins // 3, margins, margins)
    for widget in widgets:
        footer.addWidget(widget)
    outer.addLayout(footer)
    return footer


def cap_minimum_width(widget: QWidget, wanted: int) -> None:
    """setMinimumWidth, but never wider than the screen allows."""
    area = available_rect(widget)
    widget.setMinimumWidth(min(wanted, area.width() - 2 * SCREEN_MARGIN))
