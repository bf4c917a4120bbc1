"""The reminder banner at the top of every screen: the five reminders, "Get help now" and "Quick exit (F12)".

Its words live in gui/texts.py only (BANNER_REMINDERS, and the under-18 set). The reminders wrap between
one reminder and the next, never inside one, so the banner fits a small screen at any scale factor and
the two buttons always stay in view at its right.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.i18n import _

NBSP = "\u00a0"
SEPARATOR = "  ·  "


def reminder_line(reminders: tuple[str, ...]) -> str:
    """The reminders in one line that may wrap only between two of them."""
    return SEPARATOR.join(_(reminder).replace(" ", NBSP) for reminder in reminders)


class ReminderBanner(QFrame):
    """Always visible; the one warm-coloured area of the window (colour for meaning)."""

    help_requested = Signal()
    quick_exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        background, foreground = style.banner_colours()
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        palette.setColor(QPalette.ColorRole.WindowText, foreground)
        self.setPalette(palette)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        row = QHBoxLayout(self)
        row.setContentsMargins(style.SPACING + style.SPACING // 2, style.SPACING // 2, style.SPACING,
                               style.SPACING // 2)
        row.setSpacing(style.SPACING)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.reminder = QLabel()
        self.reminder.setWordWrap(True)
        self.reminder.setFont(style.scaled_font(style.BANNER_SCALE, bold=True))
        self.reminder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail = QLabel(_(texts.BANNER_DETAIL))
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail.setAccessibleName(_(texts.BANNER_DETAIL))
        words.addWidget(self.reminder)
        words.addWidget(self.detail)
        row.addLayout(words, 1)

        self.help_button = QPushButton(_(texts.GET_HELP))
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setAccessibleDescription(_("Shows a helpline you can call right now (F1)"))
        self.help_button.setFont(style.scaled_font(1.0, bold=True))
        self.help_button.clicked.connect(self.help_requested)
        from evidencekit.gui.quick_exit import QUICK_EXIT_KEY_TEXT

        self.exit_button = QPushButton(_(texts.QUICK_EXIT).format(key=QUICK_EXIT_KEY_TEXT))
        self.exit_button.setAccessibleName(_("Quick exit"))
        self.exit_button.setAccessibleDescription(
            _("Hides this app at once and locks the case. The key {key} does the same anywhere.").format(
                key=QUICK_EXIT_KEY_TEXT))
        self.exit_button.clicked.connect(self.quick_exit_requested)
        for button in (self.help_button, self.exit_button):
            button.setMinimumHeight(style.CONTROL_HEIGHT)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.under_18: bool | None = None
        self.set_under_18(False)

    def set_under_18(self, under_18: bool) -> None:
        """The under-18 reminders (never keep nude pictures) or the adults' ones."""
        if under_18 == self.under_18:
            return
        self.under_18 = under_18
        reminders = texts.BANNER_REMINDERS_UNDER_18 if under_18 else texts.BANNER_REMINDERS
        self.reminder.setText(reminder_line(reminders))
        spoken = ". ".join(_(reminder) for reminder in reminders) + "."
        self.reminder.setAccessibleName(spoken)
        self.setAccessibleName(_("Reminder: {reminders}").format(reminders=spoken))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.heightForWidth(width) if layout is not None else super().heightForWidth(width)
