"""The under-18 route's safeguards in the window: ask before pictures are added, and remove a nude picture.

Before "Add pictures you already took…" on the under-18 route, the person is asked whether any of them is
nude; if so nothing is added, and the words say what to do instead (Take It Down, Report Remove, per
the December 2026 guidance review: a copy on the phone need not be deleted first). The review page
offers removal (evidencekit/safeguarding.py) first for a picture the person says is nude, and to anyone
as "Remove this picture for safety". Dialogs are opened non-modally (`open()`), as the rest of the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui import style
from evidencekit.gui.help_dialog import help_row
from evidencekit.i18n import N_, _

NUDE_QUESTION = N_("Before you add pictures: is any of them a nude or sexual picture of you or of anyone else?")
NUDE_REFUSED = N_("Then please don't add them: evidencekit never keeps nude pictures of anyone under 18, and "
                  "you don't need them for the police to act. Don't send them to anyone. If they are still on "
                  "your phone, you do not have to delete them first: Take It Down works on your phone without "
                  "sending them anywhere, and Report Remove sends them only to the IWF. Nothing was added.")
REMOVED_YOUNG = N_("{references} removed: evidencekit's copy is destroyed, and the custody log keeps only its "
                   "fingerprint and the reason. If the picture is still on your phone, you do not have to delete "
                   "it first: Take It Down works on your phone without sending it anywhere, and Report Remove "
                   "sends it only to the IWF. Don't send it to anyone.")
REMOVED = N_("{references} removed: evidencekit's copy is destroyed, and the custody log keeps only its "
             "fingerprint and the reason.")


class NudeQuestion(QDialog):
    """Yes / No before any picture is added on the under-18 route; `answered(bool)` calls back."""

    def __init__(self, on_answer: Callable[[bool], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Before you add pictures"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addLayout(help_row(self))
        question = QLabel(_(NUDE_QUESTION))
        question.setWordWrap(True)
        question.setFont(style.scaled_font(1.1, bold=True))
        layout.addWidget(question)
        row = QHBoxLayout()
        self.yes_button = QPushButton(_("Yes, one or more is nude"))
        self.no_button = QPushButton(_("No, none of them is nude"))
        cancel = QPushButton(_("Cancel"))
        for button in (self.yes_button, self.no_button, cancel):
            row.addWidget(button)
        layout.addLayout(row)
        self.yes_button.clicked.connect(lambda: self._answer(True))
        self.no_button.clicked.connect(lambda: self._answer(False))
        cancel.clicked.connect(self.reject)
        self._on_answer = on_answer

    def _answer(self, nude: bool) -> None:
        self.accept()
        self._on_answer(nude)


class RemovalDialog(QDialog):
    """Confirm removing one picture for good, with its reason (fixed on the under-18 route)."""

    def __init__(self, reference: str, *, young: bool, twins: list[str], on_remove: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Remove {reference} for good").format(reference=reference))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addLayout(help_row(self))
        words = _("{reference} will be destroyed in this case: it cannot be brought back, and it will not be in "
                  "any bundle. The custody log keeps only its fingerprint (SHA-256), when, by whom and why, so "
                  "the police can see that a picture was removed for safety.").format(reference=reference)
        if twins:
            words += " " + _("The same picture is also {references}: it is removed too.").format(
                references=", ".join(twins))
        text = QLabel(words)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(QLabel(_("Why it is removed:")))
        self.reason = QLineEdit(_("a nude picture of someone under 18") if young else "")
        self.reason.setAccessibleName(_("Why it is removed"))
        self.reason.setReadOnly(young)
        layout.addWidget(self.reason)
        row = QHBoxLayout()
        self.remove_button = QPushButton(_("Remove it for good"))
        style.mark_destructive(self.remove_button)
        cancel = QPushButton(_("Keep it"))
        row.addWidget(self.remove_button)
        row.addWidget(cancel)
        layout.addLayout(row)
        self.remove_button.clicked.connect(self._remove)
        cancel.clicked.connect(self.reject)
        self._on_remove = on_remove

    def _remove(self) -> None:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return
        self.accept()
        self._on_remove(self.reason.text().strip())
