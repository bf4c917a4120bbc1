"""Starting a new case: a name only you see, a passphrase typed twice, and the "shared computer" choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from evidencekit.gui import looks, style
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.screen_fit import cap_minimum_width, pinned_footer, scrolling_column
from evidencekit.gui.session import error_message
from evidencekit.gui.start.passphrase_field import PassphraseField
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.store import Actor, CaseStore, CreatedCase, KeyringAccess
from evidencekit.store.case import MIN_PASSPHRASE


class CreateCaseDialog(QDialog):
    """Creates the case in the background; `created` holds the store and the recovery key when accepted."""

    def __init__(self, *, home: Path | None, keyring: KeyringAccess | None, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home, self.keyring, self.actor = home, keyring, actor
        self.created: CreatedCase | None = None
        self.setWindowTitle(_("Start a new case"))
        self.setAccessibleName(_("Start a new case"))
        cap_minimum_width(self, 640)
        column = scrolling_column(self, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)
        top = help_row(self)
        top.insertWidget(0, style.heading(_("Start a new case"), scale=style.SUBHEADING_SCALE), 1)
        column.addLayout(top)
        column.addWidget(style.paragraph(
            _("A case keeps the pictures of your screen and your notes together, locked with a passphrase. "
            "Choose a passphrase you will remember: a short sentence works well.")))
        form = QFormLayout()
        form.setVerticalSpacing(style.SPACING)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(_("Name of the case"))
        self.title_edit.setPlaceholderText(_("For example: Messages on Instagram, November"))
        self.passphrase = PassphraseField(_("Passphrase"))
        self.repeat = PassphraseField(_("Passphrase again"))
        self.shared = QCheckBox(_("Other people &use this computer"))
        self.shared.setAccessibleName(_("Other people use this computer"))
        self.shared.setAccessibleDescription(_("If ticked, you type the passphrase every time you open the case"))
        for text, field in ((_("Case &name:"), self.title_edit), (_("&Passphrase:"), self.passphrase),
                            (_("P&assphrase again:"), self.repeat)):
            label = QLabel(text)
            label.setBuddy(field.edit if isinstance(field, PassphraseField) else field)
            form.addRow(label, field)
        column.addLayout(form)
        column.addWidget(self.shared)
        self.neutral = QCheckBox(_("Use a neutral look: call this app \"Documents\" in its windows and the task bar"))
        self.neutral.setAccessibleName(_("Use a neutral look, called Documents"))
        self.neutral.setAccessibleDescription(_("Someone looking at this computer's task bar or menu sees "
                                                "\"Documents\", not evidencekit. You can change it on the "
                                                "Privacy and safety page."))
        self.neutral.setChecked(looks.is_neutral())
        self.neutral.setVisible(False)  # offered on a shared computer
        self.shared.toggled.connect(lambda on: self.neutral.setVisible(on or looks.is_neutral()))
        column.addWidget(self.neutral)
        column.addWidget(style.paragraph(
            _("If others use this computer, nothing is kept in its keyring: you type your passphrase each time "
            "you open the case. Otherwise this computer remembers the key for you.")))
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(_("&Start the case"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setAccessibleName(_("Start the case"))
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        pinned_footer(self, self.message, self.buttons, margins=style.PAGE_MARGIN)
        # Only once the box is inside the dialog does the dialog learn its default: set earlier, Cancel
        # became the default and Enter threw the filled-in form away.
        self.create_button.setDefault(True)
        self.title_edit.setFocus()

    def problem(self) -> str | None:
        if not self.title_edit.text().strip():
            return _("Give the case a name. Only you (and anyone you show it to) will see it.")
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            return _("The passphrase needs at least {count} characters. A short sentence works well.").format(
                count=MIN_PASSPHRASE)
        if self.passphrase.text() != self.repeat.text():
            return _("The two passphrases are not the same. Type them again.")
        return None

    def try_create(self) -> None:
        problem = self.problem()
        if problem:
            self._say(problem)
            return
        self.buttons.setEnabled(False)
        self._say(_("Setting up your case… this takes a few seconds."))
        title, passphrase, shared = self.title_edit.text().strip(), self.passphrase.text(), self.shared.isChecked()

        def create() -> CreatedCase:
            created = CaseStore.create(title, passphrase, shared_computer=shared, actor=self.actor,
                                       home=self.home, keyring=self.keyring)
            # Asked to remember the key, but no usable keyring here: say so with the recovery key.
            self.keyring_missing = not shared and not created.store.events()[0].data.get("key_in_keyring")
            return created

        run_in_background(create, on_done=self._created, on_error=self._failed)

    keyring_missing = False  # set when "remember the key" could not be done (no usable keyring)

    def _created(self, created: CreatedCase) -> None:
        self.created = created
        if self.neutral.isChecked() != looks.is_neutral():
            looks.set_neutral(self.neutral.isChecked(), self.home)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._say(error_message(exc))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
