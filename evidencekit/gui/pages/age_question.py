"""The early question "Are you under 18?": its answer switches the whole app to the safer route."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui import style
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _


class AgeQuestion(QFrame):
    """Two large buttons; the answer goes to the journal (`profile.set` under_18) and can be changed."""

    answered = Signal(bool)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Age question"))
        column = QVBoxLayout(self)
        column.setContentsMargins(style.SPACING * 2, style.SPACING, style.SPACING * 2, style.SPACING)
        column.setSpacing(style.SPACING)
        self.question = style.heading(_("First, one question: are you under 18?"), scale=style.SUBHEADING_SCALE)
        self.explain = style.paragraph(
            _("We ask so we can show you the right help. Your answer stays in this case on this computer."))
        column.addWidget(self.question)
        column.addWidget(self.explain)
        row = QHBoxLayout()
        row.setSpacing(style.SPACING)
        self.adult_button = QPushButton(_("&No, I am 18 or older"))
        self.adult_button.setAccessibleName(_("No, I am 18 or older"))
        self.young_button = QPushButton(_("&Yes, I am under 18"))
        self.young_button.setAccessibleName(_("Yes, I am under 18"))
        for button in (self.adult_button, self.young_button):
            button.setMinimumHeight(44)
            button.setFont(style.scaled_font(1.05, bold=True))
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.change_button = QPushButton(_("Change my &answer"))
        self.change_button.setAccessibleName(_("Change my answer to the age question"))
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_label, 1)
        answer_row.addWidget(self.change_button)
        column.addLayout(answer_row)
        self.read_only_note = style.paragraph(_("This case is open for reading only, so the answer cannot be "
                                                "changed here."))
        column.addWidget(self.read_only_note)
        self.adult_button.clicked.connect(lambda: self._answer(False))
        self.young_button.clicked.connect(lambda: self._answer(True))
        self.change_button.clicked.connect(self._ask_again)
        self._changing = False
        self.show_answer(None)

    def _answer(self, under_18: bool) -> None:
        self._changing = False
        self.session.set_profile(under_18=under_18)
        self.show_answer(under_18)
        self.answered.emit(under_18)

    def _ask_again(self) -> None:
        self._changing = True
        self.show_answer(None)
        self.adult_button.setFocus()

    def show_answer(self, under_18: bool | None) -> None:
        """Show the buttons while unanswered (or being changed), else the answer and "Change"."""
        asking = under_18 is None or self._changing
        for widget in (self.adult_button, self.young_button, self.explain):
            widget.setVisible(asking)
        self.question.setText(_("First, one question: are you under 18?") if asking else _("Your age"))
        self.answer_label.setVisible(not asking)
        self.change_button.setVisible(not asking)
        if under_18 is True:
            self.answer_label.setText(_("You said you are under 18. This app shows you the route made for "
                                      "young people."))
        elif under_18 is False:
            self.answer_label.setText(_("You said you are 18 or older."))
        self.answer_label.setAccessibleName(self.answer_label.text())
        # A case open for reading only (changed without its key, an older copy kept as it is, a folder that
        # cannot be written): greyed out, with why, not live buttons whose click only says nothing was saved.
        store = self.session.store
        read_only = store is not None and (store.read_only or store.rolled_back)
        for button in (self.adult_button, self.young_button, self.change_button):
            button.setEnabled(not read_only)
        self.read_only_note.setVisible(read_only)

    def refresh(self, under_18: bool | None) -> None:
        self.show_answer(under_18)
