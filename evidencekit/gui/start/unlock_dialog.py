"""Opening a case whose key is not in the keyring: its passphrase, or the printed recovery key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from evidencekit.errors import WrongPassphrase
from evidencekit.gui import style
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.main_window import read_for_window
from evidencekit.gui.screen_fit import cap_minimum_width, pinned_footer, scrolling_column
from evidencekit.gui.session import error_message
from evidencekit.gui.start.passphrase_field import PassphraseField
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.store import Actor, CaseState, CaseStore, KeyringAccess


class UnlockDialog(QDialog):
    """Unlocks in the background (the key derivation takes a moment); `store` is set when accepted."""

    def __init__(self, folder: Path, *, home: Path | None, keyring: KeyringAccess | None, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder, self.home, self.keyring, self.actor = folder, home, keyring, actor
        self.store: CaseStore | None = None
        # set when the case opened is an older copy of itself (a rollback): opens it again, the same way in,
        # accepting the copy as it is (RestoreDialog); None otherwise, so the secret is kept no longer
        self.reopen_accepting_restore: Callable[[], CaseStore] | None = None
        self.state: CaseState | None = None  # the case's state, read on the worker that opened it
        self.setWindowTitle(_("Open your case"))
        self.setAccessibleName(_("Open your case"))
        cap_minimum_width(self, 560)
        column = scrolling_column(self, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)
        top = help_row(self)
        top.insertWidget(0, style.heading(_("Open your case"), scale=style.SUBHEADING_SCALE), 1)
        column.addLayout(top)
        column.addWidget(style.paragraph(_("Type the passphrase you chose when you started this case. If you "
                                           "forgot it, use the recovery key you wrote down or saved.")))
        self.use_passphrase = QRadioButton(_("&With my passphrase"))
        self.use_recovery = QRadioButton(_("With my &recovery key"))
        self.use_passphrase.setChecked(True)
        column.addWidget(self.use_passphrase)
        column.addWidget(self.use_recovery)
        form = QFormLayout()
        self.passphrase = PassphraseField(_("Passphrase"))
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName(_("Recovery key"))
        self.recovery.setPlaceholderText("EKR1-…")
        self.recovery.setFont(style.key_font(1.05))  # tells O from 0 and I from 1 as the person types
        self.recovery.setAccessibleDescription(_("Small letters, spaces and missing dashes are fine; a zero is "
                                                 "read as the letter O, a one as I and an eight as B."))
        self.passphrase_label = QLabel(_("Pass&phrase:"))
        self.passphrase_label.setBuddy(self.passphrase.edit)
        self.recovery_label = QLabel(_("Recovery &key:"))
        self.recovery_label.setBuddy(self.recovery)
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow(self.recovery_label, self.recovery)
        column.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(1)  # wraps to the dialog's width; the dialog grows to show all of it
        self.message.setAccessibleName(_("Message"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        pinned_footer(self, self.message, self.buttons, margins=style.PAGE_MARGIN)
        self.use_passphrase.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        by_passphrase = self.use_passphrase.isChecked()
        self.message.setText("")  # "That does not open this case" was about the other way in
        for passphrase_widget in (self.passphrase, self.passphrase_label):
            passphrase_widget.setVisible(by_passphrase)
        for recovery_widget in (self.recovery, self.recovery_label):
            recovery_widget.setVisible(not by_passphrase)
        (self.passphrase if by_passphrase else self.recovery).setFocus()

    def try_open(self) -> None:
        by_passphrase = self.use_passphrase.isChecked()
        secret = self.passphrase.text() if by_passphrase else self.recovery.text().strip()
        if not secret:
            self.message.setText(_("Type your passphrase first.") if by_passphrase
                                 else _("Type your recovery key first."))
            return
        self.buttons.setEnabled(False)
        self.message.setText(_("Opening… this takes a few seconds."))
        passphrase, recovery_key = (secret, None) if by_passphrase else (None, secret)

        def open_case(accept_restore: bool = False) -> CaseStore:
            return CaseStore.open(self.folder, home=self.home, keyring=self.keyring, actor=self.actor,
                                  passphrase=passphrase, recovery_key=recovery_key, read_only_if_forged=True,
                                  accept_restore=accept_restore)

        def open_and_read() -> tuple[CaseStore, CaseState]:
            store = open_case()
            return store, read_for_window(store)  # not on the GUI thread when the window is built

        def opened(result: tuple[CaseStore, CaseState]) -> None:
            store, self.state = result
            self.reopen_accepting_restore = (lambda: open_case(True)) if store.rolled_back else None
            self._opened(store)

        run_in_background(open_and_read, on_done=opened, on_error=self._failed)

    def _opened(self, store: CaseStore) -> None:
        self.store = store
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self.message.setText(_("That does not open this case. Check for typing mistakes and try again."))
        else:
            self.message.setText(error_message(exc))
        self.message.setAccessibleName(self.message.text())
        self.show_whole_message()

    def show_whole_message(self) -> None:
        """A long error is never clipped: the dialog grows to hold it (within the screen; beyond that its
        content scrolls)."""
        self.message.updateGeometry()
        if self.isVisible():
            self.adjustSize()
