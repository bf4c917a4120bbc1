""""Get help now": the crisis line for the chosen country, large and plain, with a country chooser.

Reachable from everywhere: the banner of the main window, the start screen, a button at the top of every
dialog (`help_button`), and the F1 key in every window and the capture overlay (gui/keyboard.py).

The button at the top of a dialog is first in its Tab order (it is first on the screen), but a dialog
does not open on it: it opens on the dialog's own first control (the person's task), and "Get help now"
is one Shift+Tab away (and F1).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from evidencekit.gui import guidance_view, style, texts
from evidencekit.gui.screen_fit import cap_minimum_width, pinned_footer, scrolling_column
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _

_app_session: CaseSession | None = None  # the app's session, for help asked from a dialog or the overlay


def set_app_session(session: CaseSession | None) -> None:
    global _app_session
    _app_session = session


def show_help(parent: QWidget | None = None, session: CaseSession | None = None) -> None:
    """Open "Get help now" over `parent` (kept above a window that stays on top, like the capture overlay)."""
    dialog = HelpDialog(session or _app_session, parent)
    if parent is not None and parent.windowFlags() & Qt.WindowType.WindowStaysOnTopHint:
        dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    dialog.exec()


def help_button(parent: QWidget, session: CaseSession | None = None) -> QPushButton:
    """The "Get help now" button every dialog carries (F1 does the same)."""
    button = QPushButton(_(texts.GET_HELP), parent)
    button.setAccessibleName(_("Get help now"))
    button.setAccessibleDescription(_("Shows a helpline you can call right now (F1)"))
    button.setAutoDefault(False)
    button.clicked.connect(lambda: show_help(parent.window(), session))
    return button


def help_row(parent: QWidget, session: CaseSession | None = None) -> QHBoxLayout:
    """A row with the help button at its right, for the top of a dialog (which opens past it)."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(0)  # a heading put in front with stretch 1 takes the width (it wrapped at half in Spanish)
    button = parent.help_button = help_button(parent, session)  # type: ignore[attr-defined]
    row.addWidget(button)
    parent.installEventFilter(_OpensPastHelp(parent, button))
    return row


class _OpensPastHelp(QObject):
    """When the dialog is shown with no focus of its own chosen (or on "Get help now", first in the Tab
    order), the focus goes to the next control that takes it: the dialog's own first input or button.
    A dialog that chose its focus (a name to type, a safe default button) keeps its choice."""

    def __init__(self, dialog: QWidget, button: QPushButton) -> None:
        super().__init__(dialog)
        self.dialog, self.button = dialog, button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dialog and event.type() == QEvent.Type.Show and not event.spontaneous():
            focus = self.dialog.focusWidget()
            if focus is None or focus is self.button:
                target = first_control_after(self.button, self.dialog)
                if target is not None:
                    target.setFocus(Qt.FocusReason.TabFocusReason)
        return False


def first_control_after(widget: QWidget, window: QWidget) -> QWidget | None:
    """The next widget after `widget` in `window`'s Tab order that Tab would stop at, or None."""
    candidate = widget.nextInFocusChain()
    while candidate is not widget and candidate is not None:
        if (window.isAncestorOf(candidate) and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
                and candidate.isEnabled() and candidate.isVisibleTo(window) and candidate.focusProxy() is None):
            return candidate
        candidate = candidate.nextInFocusChain()
    return None


def country_combo(selected: str | None) -> QComboBox:
    """A chooser of the countries the guidance knows, with `selected` chosen (or a prompt)."""
    combo = QComboBox()
    combo.setAccessibleName(_("Country you live in"))
    combo.addItem(_("Choose your country…"), "")
    for code, name in guidance_view.countries():
        combo.addItem(name, code)
    index = combo.findData(selected or "")
    combo.setCurrentIndex(max(0, index))
    return combo


class HelpDialog(QDialog):
    """Shown from the banner on every screen; changing the country is stored in the case (profile.set)."""

    def __init__(self, session: CaseSession | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Get help now"))
        self.setAccessibleName(_("Get help now"))
        cap_minimum_width(self, 560)
        column = self._column = scrolling_column(self, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)
        column.addWidget(style.heading(_("You can talk to someone now")))
        self.intro = style.paragraph("")
        column.addWidget(self.intro)
        self.line_name = style.heading("", scale=style.SUBHEADING_SCALE)
        self.line_phone = QLabel()
        self.line_phone.setFont(style.scaled_font(2.2, bold=True))
        self.line_phone.setAccessibleName(_("Phone number"))
        self.line_text = style.paragraph("")
        column.addWidget(self.line_name)
        column.addWidget(self.line_phone)
        column.addWidget(self.line_text)
        self.chooser = QWidget()
        form = QFormLayout(self.chooser)
        form.setContentsMargins(0, 0, 0, 0)
        self.country = country_combo(session.country if session is not None else None)
        self.country.currentIndexChanged.connect(self._country_changed)
        label = QLabel(_("&Country:"))
        label.setBuddy(self.country)
        form.addRow(label, self.country)
        column.addWidget(self.chooser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))
        pinned_footer(self, buttons, margins=style.PAGE_MARGIN)
        self._show_line(session.country if session is not None else None)

    def _show_line(self, country: str | None) -> None:
        line = guidance_view.crisis_line(country)
        # A number is "call this number"; a web address never is. Without a number (no country chosen, or
        # one evidencekit has no file for) the country chooser comes first: the person's own line may be listed.
        column = self._column
        column.removeWidget(self.chooser)
        if line.phone:
            self.intro.setText(_("If you feel unsafe, or you are thinking about harming yourself, call this number "
                                 "now. It is free and confidential. Everything else can wait."))
            column.insertWidget(column.indexOf(self.line_text) + 1, self.chooser)
        else:
            self.intro.setText(_("If you feel unsafe, or you are thinking about harming yourself, talk to someone "
                                 "now. Choose your country if it is listed; if it is not, find a free, confidential "
                                 "crisis line for your country on the website below. Everything else can wait."))
            column.insertWidget(column.indexOf(self.intro), self.chooser)
        self.intro.setAccessibleName(self.intro.text())
        self.line_name.setText(line.name)
        self.line_name.setAccessibleName(line.name)
        contact = line.phone or line.address
        self.line_phone.setText(contact)
        self.line_phone.setAccessibleName((_("Phone number {number}") if line.phone else
                                           _("Web address {address}")).format(number=contact, address=contact))
        self.line_text.setText(line.text)
        self.line_text.setAccessibleName(line.text or _("No more details"))

    def _country_changed(self) -> None:
        code = str(self.country.currentData() or "")
        self._show_line(code or None)
        if code and self.session is not None and self.session.is_open and code != self.session.country:
            self.session.set_profile(country=code)
