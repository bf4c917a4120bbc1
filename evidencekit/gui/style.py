"""The look, one visual system for every page and dialog: the system palette (dark mode, high contrast)
with one calm accent, type sizes relative to the system size, one spacing scale, a focus ring.

Colour is for meaning only: the accent (the way on: Next, the main action of a page, the focus ring, the
chosen step), the warm reminder banner and destructive buttons. Everything else follows the system theme,
so a high-contrast or dark desktop gives a high-contrast or dark app. Every colour pair used here is
checked against WCAG 2.2 (4.5:1 for text, 3:1 for the focus ring and controls; tests/gui/test_look.py).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

SPACING = 16  # between controls (the scale: 4, 8, 16, 24, 32)
PAGE_MARGIN = 32  # around a page
SECTION_GAP = 24  # between blocks of a page
BODY_SCALE = 1.15  # body text a little larger than the system default: easier to read when upset
HEADING_SCALE = 1.7
SUBHEADING_SCALE = 1.25
MAX_TEXT_WIDTH = 760  # a comfortable line length for reading, in pixels at 1x
BANNER_SCALE = 1.1
CONTROL_HEIGHT = 36  # buttons of the frame (banner, Back/Next)
FOCUS_RING_WIDTH = 3  # WCAG 2.2 focus appearance: at least 2 px, 3:1 against what surrounds it
RADIUS = 6


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


KEY_FONT_FILE = "Hack-Bold.ttf"  # tells O from 0 and I from 1 from l (resources/fonts/README.md)
_key_family: list[str] = []


def key_font(scale: float = 1.5) -> QFont:
    """The recovery key's font: monospaced, its zero dotted, I, 1 and l unlike each other (bundled)."""
    if not _key_family:
        from PySide6.QtGui import QFontDatabase

        from evidencekit.paths import resources_dir

        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / KEY_FONT_FILE))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _key_family.append(families[0] if families else "DejaVu Sans Mono")
    font = scaled_font(scale, bold=True)
    font.setFamily(_key_family[0])
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    return font


def is_dark() -> bool:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def banner_colours() -> tuple[QColor, QColor]:
    """Background and text of the always-visible reminder: warm and calm, readable in light and dark."""
    if is_dark():
        return QColor("#4a3b12"), QColor("#fff4d6")
    return QColor("#fff3cd"), QColor("#3d2e00")


def accent_colour() -> QColor:
    """The one accent: the way on and the focus ring (6.9:1 on white; 5.8:1 on a dark window in dark mode)."""
    return QColor("#8ab4f8") if is_dark() else QColor("#2b5d8c")


def on_accent_colour() -> QColor:
    """Text on the accent."""
    return QColor("#10243a") if is_dark() else QColor("#ffffff")


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2.2 contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def destructive_colour() -> QColor:
    return QColor("#ff8a80") if is_dark() else QColor("#b3261e")


def success_colour() -> QColor:
    return QColor("#81c995") if is_dark() else QColor("#1e6b34")


def apply_app_style(app: QApplication) -> None:
    """Enlarge the body font a little (relative to the system size); the system palette, with the accent
    for the chosen item (white on the accent: 6.9:1) unless the desktop asks for high contrast."""
    font = QFont(app.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * BODY_SCALE)
    app.setFont(font)
    palette = app.palette()
    highlight = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    if contrast_ratio(highlight, text) < 4.5:  # Fusion's #308cc6 with white is 3.6:1: too faint for text
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, accent_colour())
            palette.setColor(group, QPalette.ColorRole.HighlightedText, on_accent_colour())
        app.setPalette(palette)


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
    """Red text for buttons that delete or remove (colour for meaning only); a disabled one keeps the
    system's disabled grey, so it never looks live."""
    palette = widget.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.ButtonText, destructive_colour())
    widget.setPalette(palette)


def mark_primary(button: QWidget) -> None:
    """The way on (Next, the main action of a page): the accent, white text; grey when disabled."""
    accent, on_accent = accent_colour().name(), on_accent_colour().name()
    palette = QApplication.palette()
    disabled_bg = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button).name()
    disabled_fg = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name()
    button.setStyleSheet(
        f"QPushButton {{ background-color: {accent}; color: {on_accent}; border: 1px solid {accent}; "
        f"border-radius: {RADIUS}px; padding: 6px 18px; font-weight: bold; }}"
        f"QPushButton:pressed {{ background-color: {accent_colour().darker(120).name()}; }}"
        f"QPushButton:disabled {{ background-color: {disabled_bg}; color: {disabled_fg}; "
        f"border: 1px solid {disabled_bg}; }}")
