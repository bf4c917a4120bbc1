"""The look: the system palette (dark mode, high contrast), fonts relative to the system size, spacing.

Colour is for meaning only: the reminder banner and destructive buttons. Everything else follows the
system theme, so a high-contrast or dark desktop gives a high-contrast or dark app.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SPACING = 16  # between controls
PAGE_MARGIN = 32  # around a page
SECTION_GAP = 24  # between blocks of a page
BODY_SCALE = 1.15  # body text a little larger than the system default: easier to read when upset
HEADING_SCALE = 1.7
SUBHEADING_SCALE = 1.25
MAX_TEXT_WIDTH = 760  # a comfortable line length for reading, in pixels at 1x


def base_point_size() -> float:
    """The system font's size; every size here is relative to it, so system scaling is respected."""
    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else QFont()
    size = font.pointSizeF()
    return size if size > 0 else 10.0


def scaled_font(scale: float, *, bold: bool = False) -> QFont:
    app = QApplication.instance()
    font = QFont(app.font()) if isinstance(app, QApplication) else QFont()
    font.setPointSizeF(base_point_size() * scale)
    font.setBold(bold)
    return font


def is_dark() -> bool:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def banner_colours() -> tuple[QColor, QColor]:
    """Background and text of the always-visible reminder: warm and calm, readable in light and dark."""
    if is_dark():
        return QColor("#4a3b12"), QColor("#fff4d6")
    return QColor("#fff3cd"), QColor("#3d2e00")


def destructive_colour() -> QColor:
    return QColor("#ff8a80") if is_dark() else QColor("#b3261e")


def success_colour() -> QColor:
    return QColor("#81c995") if is_dark() else QColor("#1e6b34")


def apply_app_style(app: QApplication) -> None:
    """Enlarge the body font a little (relative to the system size) and leave the palette to the system."""
    font = QFont(app.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * BODY_SCALE)
    app.setFont(font)


def heading(text: str, *, scale: float = HEADING_SCALE) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(scale, bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str, *, rich: bool = False) -> QLabel:
    """Body text that wraps, can be selected with the keyboard, and is read by screen readers."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setMaximumWidth(MAX_TEXT_WIDTH * 2)
    label.setAccessibleName(_plain(text)[:200])
    return label


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def mark_destructive(widget: QWidget) -> None:
    """Red text for buttons that delete or remove (colour for meaning only)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.ButtonText, destructive_colour())
    widget.setPalette(palette)
