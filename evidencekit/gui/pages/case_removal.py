"""Removing a case after hand-over (support workers): only after a bundle was exported, with a warning
to wait for the police's confirmation, and only when the case title is typed exactly.

The core's `remove_case` deletes the case folder, its keyring entry and its journal anchor.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QWidget

from evidencekit.gui import style
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.screen_fit import cap_minimum_width, pinned_footer, scrolling_column
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.store.removal import remove_case


class CaseRemovalDialog(QDialog):
    """Type the title, then remove; `removed` is True afterwards and the session is locked."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.removed = False
        self.setWindowTitle(_("Remove this case"))  # never the case title in a window title
        self.setAccessibleName(_("Remove this case"))
        state = session.state
        self.title = state.title if state is not None else ""
        cap_minimum_width(self, 560)
        layout = scrolling_column(self, style.PAGE_MARGIN)
        layout.setSpacing(style.SPACING)
        top = help_row(self, session)
        top.insertWidget(0, style.heading(_("Remove this case from this computer?"), scale=style.SUBHEADING_SCALE), 1)
        layout.addLayout(top)
        warning = style.paragraph(
            _("Wait until the police confirm that they have received the bundle and can open it. Removing deletes "
            "every picture, the details and the custody journal of this case from this computer, and its key. "
            "It cannot be undone. The bundle files you saved elsewhere are not touched."))
        palette = warning.palette()
        palette.setColor(warning.foregroundRole(), style.destructive_colour())
        warning.setPalette(palette)
        layout.addWidget(warning)
        layout.addWidget(style.paragraph(_("To confirm, type the case's title exactly as it is shown here:")))
        shown = QLabel(self.title)
        shown.setFont(style.scaled_font(1.1, bold=True))
        shown.setAccessibleName(_("The case title to type"))
        layout.addWidget(shown)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setAccessibleName(_("Type the case title to confirm"))
        self.confirm_edit.textChanged.connect(self._typed)
        layout.addWidget(self.confirm_edit)
        self.message = style.paragraph("")
        buttons = QDialogButtonBox()
        self.remove_button = QPushButton(_("Remove this case"))
        style.mark_destructive(self.remove_button)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        keep = buttons.addButton(_("Keep the case"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        pinned_footer(self, self.message, buttons, margins=style.PAGE_MARGIN)
        keep.setDefault(True)  # after the box is in the dialog, or the dialog never learns it
        if state is None or not state.exports:
            self.confirm_edit.setEnabled(False)
            self.message.setText(_("This case has not been exported as a bundle yet, so it cannot be removed. Make "
                                 "the police bundle and hand it over first."))

    def _typed(self, text: str) -> None:
        self.remove_button.setEnabled(bool(self.title) and text == self.title)

    def remove(self) -> None:
        store = self.session.store
        typed = self.confirm_edit.text()
        if store is None or typed != self.title:
            return
        self.remove_button.setEnabled(False)
        self.message.setText(_("Removing…"))
        run_in_background(lambda: remove_case(store, confirm_title=typed), on_done=self._done,
                          on_error=self._failed)

    def _done(self, _outcome: object) -> None:
        self.removed = True
        self.session.lock(reason="removed")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_message(exc))
        if self.session.store is not None and not self.session.store.is_open:
            self.session.lock()  # remove_case closes the store even when it refuses
            self.reject()
