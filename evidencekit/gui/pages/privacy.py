"""The "Privacy and safety" page: the quick-exit key, the idle lock time, and removing a handed-over case."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from evidencekit.gui import idle_lock, looks, style
from evidencekit.gui.page import Page
from evidencekit.gui.pages.case_removal import CaseRemovalDialog
from evidencekit.gui.quick_exit import QUICK_EXIT_KEY_TEXT
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import N_, _
from evidencekit.store import CaseState


class PrivacyPage(Page):
    step_id = "privacy"
    title = N_("Privacy and safety")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.add_subheading(_("If someone walks in"))
        self.add_intro(_("Press {key} at any time, or the Quick exit button at the top. Every window "
                         "of this app disappears at once and the case locks. Everything is already saved. To come "
                         "back, open evidencekit again.").format(key=QUICK_EXIT_KEY_TEXT))
        self.add_subheading(_("Lock when I am away"))
        row = QHBoxLayout()
        label = QLabel(_("Lock the case after this many minutes without use (0 means never):"))
        label.setWordWrap(True)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, idle_lock.MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(_(" min"))
        self.idle_minutes.setAccessibleName(_("Minutes without use before the case locks"))
        self.idle_minutes.setValue(idle_lock.read_idle_minutes(session.home))
        self.idle_minutes.editingFinished.connect(self._minutes_changed)
        label.setBuddy(self.idle_minutes)
        row.addWidget(label, 1)
        row.addWidget(self.idle_minutes)
        self.body.addLayout(row)
        self.add_subheading(_("A neutral look"))
        self.neutral = QCheckBox(_("Call this app \"Documents\" in its windows, the task bar and the app menu"))
        self.neutral.setAccessibleName(_("Use a neutral look, called Documents"))
        self.neutral.setChecked(looks.is_neutral())
        self.neutral.toggled.connect(lambda on: looks.set_neutral(on, self.session.home))
        self.add_widget(self.neutral)
        self.add_intro(_("For a shared computer: anyone glancing at the screen sees \"Documents\" and a "
                         "documents icon instead of evidencekit."))
        self.add_subheading(_("What stays on this computer"))
        self.add_intro(_("Your pictures, details and the custody journal are kept in one locked (encrypted) case "
                       "folder. This app never puts them in temporary files, the clipboard, recent-file lists "
                       "or window titles, and it sends nothing over the internet."))
        self.add_subheading(_("After the hand-over (support workers)"))
        self.add_intro(_("Once the police confirm they have received the bundle, the case can be removed from this "
                       "computer."))
        self.remove_button = QPushButton(_("Remove this case from this computer…"))
        style.mark_destructive(self.remove_button)
        self.remove_button.clicked.connect(self.open_removal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.remove_note = style.paragraph("")
        self.add_widget(self.remove_note)
        self.finish_layout()

    def _minutes_changed(self) -> None:
        idle_lock.apply_idle_minutes(self.idle_minutes.value(), self.session.home)

    def open_removal(self) -> None:
        CaseRemovalDialog(self.session, self).exec()

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        exported = bool(state.exports)
        self.remove_button.setEnabled(exported)
        if exported:
            style.mark_destructive(self.remove_button)
        else:
            self.remove_button.setPalette(QPalette())  # plain grey while it cannot be used
        self.remove_note.setText("" if exported else _("Possible only after the police bundle was made."))
