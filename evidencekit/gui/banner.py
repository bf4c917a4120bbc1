"""The reminder banner at the top of every screen: don't pay, don't reply, don't delete; help; quick exit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.i18n import _


class ReminderBanner(QFrame):
    """Always visible; the only coloured area of the window (colour for meaning)."""

    help_requested = Signal()
    quick_exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderBanner")
        self.setAccessibleName(_("Reminder: don't pay, don't reply, don't delete anything"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        background, foreground = style.banner_colours()
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        palette.setColor(QPalette.ColorRole.WindowText, foreground)
        self.setPalette(palette)

        row = QHBoxLayout(self)
        row.setContentsMargins(style.PAGE_MARGIN, 12, style.SPACING, 12)
        row.setSpacing(style.SPACING)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.reminder = QLabel(_(texts.BANNER))
        self.reminder.setFont(style.scaled_font(1.25, bold=True))
        self.reminder.setAccessibleName(_(texts.BANNER))
        self.detail = QLabel(_(texts.BANNER_DETAIL))
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(_(texts.BANNER_DETAIL))
        words.addWidget(self.reminder)
        words.addWidget(self.detail)
        row.addLayout(words, 1)

        self.help_button = QPushButton(_(texts.GET_HELP))
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setAccessibleDescription(_("Shows a helpline you can call right now"))
        self.help_button.setFont(style.scaled_font(1.05, bold=True))
        self.help_button.clicked.connect(self.help_requested)
        self.exit_button = QPushButton(_(texts.QUICK_EXIT))
        self.exit_button.setAccessibleName(_("Quick exit"))
        self.exit_button.setAccessibleDescription(_("Hides this app at once and locks the case"))
        self.exit_button.clicked.connect(self.quick_exit_requested)
        for button in (self.help_button, self.exit_button):
            button.setMinimumHeight(40)
            row.addWidget(button)
