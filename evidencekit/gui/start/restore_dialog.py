"""An older copy of a case (a rollback): asked at opening whether to use this copy as it is.

The case's journal is older than the head this computer's keyring remembers: a backup put back, a folder
copied from elsewhere, or someone hiding what was saved since. The case has opened for reading only
(`CaseStore.rolled_back`). This dialog says so in plain words and offers what `evidencekit case
accept-restore` does: open the copy as it is, with a `case.restored` record in its custody journal. Cancel
keeps it read-only, as before. The reopening runs off the GUI thread (it unlocks the case again).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from evidencekit.gui import style
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.screen_fit import cap_minimum_width, pinned_footer, scrolling_column
from evidencekit.gui.session import error_message
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.store import CaseStore


class RestoreDialog(QDialog):
    """Over the start screen with the read-only `older` store. "Use this copy" closes it and runs `reopen`
    (CaseStore.open(..., accept_restore=True) with the same way in) in the background; `store` is then the
    accepted copy. Cancel (or a failure) leaves `store` None; `older` stays open unless "Use this copy"
    was chosen."""

    def __init__(self, older: CaseStore, reopen: Callable[[], CaseStore], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.older, self.reopen = older, reopen
        self.store: CaseStore | None = None
        self.setWindowTitle(_("An older copy of your case"))
        self.setAccessibleName(_("An older copy of your case"))
        cap_minimum_width(self, 600)
        column = scrolling_column(self, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)
        top = help_row(self)
        top.insertWidget(0, style.heading(_("This is an older copy of your case"), scale=style.SUBHEADING_SCALE), 1)
        column.addLayout(top)
        if older.older_than == "checkpoint":  # the case's own checkpoint (written with its key) names a later record
            intro = _("This case's own folder shows that its custody log once went further than it does now: the "
                      "end of the log was cut off, or an older copy of it was put back. That happens when a case "
                      "folder is put back from a backup, or copied back from a USB stick or another place.")
        else:
            intro = _("This computer remembers a newer version of this case than the one in its folder. That "
                      "happens when a case folder is put back from a backup, or copied back from a USB stick or "
                      "another place.")
        column.addWidget(style.paragraph(intro))
        column.addWidget(style.heading(_("If you put this copy back yourself"), scale=style.BODY_SCALE))
        column.addWidget(style.paragraph(
            _("You can use this copy as it is. Everything in it stays, and you can add to it again. The pictures "
              "and notes saved after this copy was made are not in it, and using it does not bring them back: if "
              "you still have the newer copy, open that one instead. The case's custody log records that an "
              "older copy was put back on purpose, so the police can see what happened.")))
        column.addWidget(style.heading(_("If you did not, or you are not sure"), scale=style.BODY_SCALE))
        column.addWidget(style.paragraph(
            _("Choose Cancel. The case opens for reading only: nothing in it changes, and you can still look at "
              "everything and show it to the police as it is. Someone else may have put this copy back; tell the "
              "police.")))
        self.message = style.paragraph("")
        self.message.setAccessibleName(_("Message"))
        buttons = QDialogButtonBox()
        self.use_button = QPushButton(_("&Use this copy"))
        self.use_button.setAccessibleDescription(
            _("Opens this older copy as it is and records in its custody log that it was put back on purpose"))
        self.use_button.clicked.connect(self.use_this_copy)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleDescription(_("Opens the case for reading only; nothing changes"))
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        pinned_footer(self, self.message, buttons, margins=style.PAGE_MARGIN)
        self.cancel_button.setDefault(True)  # the safe answer: Enter changes nothing
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_this_copy(self) -> None:
        self.buttons.setEnabled(False)
        self.message.setText(_("Opening this copy… this takes a few seconds."))
        older, reopen = self.older, self.reopen

        def accept_the_copy() -> CaseStore:
            older.close()  # its folder lock is released, so the copy can be opened again, writable
            return reopen()

        run_in_background(accept_the_copy, on_done=self._accepted, on_error=self._failed, owner=self)

    def _accepted(self, store: CaseStore) -> None:
        self.store = store
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        """The older copy is closed now: the start screen shows the list again; say why here first."""
        self.message.setText(error_message(exc))
        self.message.setAccessibleName(self.message.text())
        self.buttons.setEnabled(True)
        self.use_button.setEnabled(False)
