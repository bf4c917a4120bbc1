"""The first screen: what this app does, "you are not in trouble", and starting or opening a case.

Opening is seamless when the keyring holds the case key; otherwise the passphrase / recovery-key dialog
appears. Support-worker mode lists every case and records the worker's name in the custody journal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from evidencekit.errors import KeyUnavailable
from evidencekit.gui import looks, style, texts
from evidencekit.gui.help_dialog import set_app_session, show_help
from evidencekit.gui.keyboard import apply_tab_order, install_keyboard_guards
from evidencekit.gui.language import LanguageChooser
from evidencekit.gui.main_window import read_for_window
from evidencekit.gui.screen_fit import scrolling_column
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.gui.start.case_list import CaseEntry, list_cases
from evidencekit.gui.start.create_dialog import CreateCaseDialog
from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
from evidencekit.gui.start.restore_dialog import RestoreDialog
from evidencekit.gui.start.unlock_dialog import UnlockDialog
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _
from evidencekit.store import Actor, CaseState, CaseStore

FOLDER_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PREFERRED_SIZE = QSize(920, 700)


class StartWindow(QWidget):
    """Emits `case_ready` once `session` holds an unlocked case."""

    case_ready = Signal()
    language_changed = Signal(str)  # the person chose another language: the controller rebuilds this window

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[CaseEntry] = []
        self.create_dialog: CreateCaseDialog | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        install_keyboard_guards()
        set_app_session(session)
        self.setWindowTitle(looks.app_title())
        looks.apply_window_look(self)
        self.setAccessibleName(_("evidencekit start"))
        self.resize(PREFERRED_SIZE)
        column = scrolling_column(self, style.PAGE_MARGIN)  # scrolls on a small screen at a large scale
        column.setContentsMargins(style.PAGE_MARGIN * 2, style.PAGE_MARGIN, style.PAGE_MARGIN * 2, style.PAGE_MARGIN)
        column.setSpacing(style.SPACING)

        top = QHBoxLayout()
        self.language_chooser = LanguageChooser(session.home)
        self.language_chooser.language_chosen.connect(self.language_changed)
        top.addWidget(self.language_chooser)
        top.addStretch(1)
        self.help_button = QPushButton(_(texts.GET_HELP))
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setAccessibleDescription(_("Shows a helpline you can call right now (F1)"))
        self.help_button.clicked.connect(lambda: show_help(self, self.session))
        top.addWidget(self.help_button)
        column.addLayout(top)

        column.addWidget(style.heading(_(texts.START_HEADING), scale=2.0))
        column.addWidget(style.paragraph(_(texts.START_INTRO)))
        column.addWidget(style.paragraph(_(texts.START_PRIVACY)))
        column.addSpacing(style.SECTION_GAP)

        buttons = QHBoxLayout()
        buttons.setSpacing(style.SPACING)
        self.new_button = QPushButton(_("&Start a new case"))
        self.new_button.setAccessibleName(_("Start a new case"))
        self.open_button = QPushButton(_("&Open my case"))
        self.open_button.setAccessibleName(_("Open my case"))
        for button in (self.new_button, self.open_button):
            button.setMinimumHeight(52)
            button.setMinimumWidth(220)
            button.setFont(style.scaled_font(1.15, bold=True))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.new_button.setDefault(True)
        column.addLayout(buttons)
        self.new_button.clicked.connect(self.create_case)
        self.open_button.clicked.connect(self.open_selected_or_only)

        self.list_heading = style.heading(_("Cases on this computer"), scale=style.SUBHEADING_SCALE)
        self.case_list = QListWidget()
        self.case_list.setAccessibleName(_("Cases on this computer"))
        self.case_list.setMinimumHeight(160)
        self.case_list.setSpacing(6)
        self.case_list.setFont(style.scaled_font(1.05))
        self.case_list.itemActivated.connect(lambda item: self.open_folder(Path(item.data(FOLDER_ROLE))))
        column.addWidget(self.list_heading)
        column.addWidget(self.case_list, 1)

        self.worker_box = QCheckBox(_("I am a support &worker helping someone"))
        self.worker_box.setAccessibleName(_("I am a support worker helping someone"))
        self.worker_box.toggled.connect(self._worker_mode_changed)
        column.addWidget(self.worker_box)
        self.worker_form = QWidget()
        form = QFormLayout(self.worker_form)
        form.setContentsMargins(0, 0, 0, 0)
        self.operator_name = QLineEdit()
        self.operator_name.setAccessibleName(_("Your name, for the custody log"))
        self.operator_name.setPlaceholderText(_("Your name and organisation"))
        name_label = QLabel(_("Your &name:"))
        name_label.setBuddy(self.operator_name)
        form.addRow(name_label, self.operator_name)
        form.addRow(style.paragraph(_("Your name is written into the custody log of every change you make "
                                    "until you close the app.")))
        column.addWidget(self.worker_form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Message"))
        column.addWidget(self.message)
        column.addStretch(1)
        self._worker_mode_changed(False)
        apply_tab_order(self)
        self.reload_cases()

    # ----- the list of cases ----------------------------------------------------------------------

    def reload_cases(self) -> None:
        home, keyring = self.session.home, self.session.keyring
        run_in_background(lambda: list_cases(home, keyring), on_done=self._show_cases,
                          on_error=lambda exc: self._say(error_message(exc)), owner=self)

    def _show_cases(self, entries: list[CaseEntry]) -> None:
        self.entries = entries
        self.case_list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.display)
            item.setData(FOLDER_ROLE, str(entry.folder))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, entry.display)
            self.case_list.addItem(item)
        if entries:
            self.case_list.setCurrentRow(0)
            self.open_button.setDefault(True)
            self.new_button.setDefault(False)
        self._update_visibility()

    def _update_visibility(self) -> None:
        many = len(self.entries) > 1 or self.worker_box.isChecked()
        self.open_button.setVisible(bool(self.entries))
        self.list_heading.setVisible(many and bool(self.entries))
        self.case_list.setVisible(many and bool(self.entries))

    def _worker_mode_changed(self, on: bool) -> None:
        self.worker_form.setVisible(on)
        label = _("&Open the chosen case") if on else _("&Open my case")  # a support worker's cases are not theirs
        self.open_button.setText(label)
        self.open_button.setAccessibleName(label)
        self._update_visibility()
        if on:
            self.operator_name.setFocus()

    # ----- opening and creating -------------------------------------------------------------------

    def _actor(self) -> Actor | None:
        if not self.worker_box.isChecked():
            return Actor()
        name = self.operator_name.text().strip()
        if not name:
            self._say(_("Type your name first: it goes into the custody log of this case."))
            self.operator_name.setFocus()
            return None
        return Actor("support worker", name)  # i18n: not shown (a journal value; shown translated)

    def open_selected_or_only(self) -> None:
        item = self.case_list.currentItem()
        if item is None and len(self.entries) == 1:
            self.open_folder(self.entries[0].folder)
        elif item is not None:
            self.open_folder(Path(item.data(FOLDER_ROLE)))

    def open_folder(self, folder: Path) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.session.actor = actor
        home, keyring = self.session.home, self.session.keyring
        self._say(_("Opening your case…"))
        self.setEnabled(False)

        def open_case(accept_restore: bool = False) -> CaseStore:
            return CaseStore.open(folder, home=home, keyring=keyring, actor=actor, read_only_if_forged=True,
                                  accept_restore=accept_restore)

        def open_and_read() -> tuple[CaseStore, CaseState]:
            store = open_case()
            return store, read_for_window(store)  # not on the GUI thread when the window is built

        run_in_background(open_and_read,
                          on_done=lambda opened: self._opened(opened[0], lambda: open_case(True), opened[1]),
                          on_error=lambda exc: self._open_failed(exc, folder, actor))

    def _open_failed(self, exc: BaseException, folder: Path, actor: Actor) -> None:
        self.setEnabled(True)
        if not isinstance(exc, KeyUnavailable):
            self._say(error_message(exc))
            return
        self._say("")
        dialog = UnlockDialog(folder, home=self.session.home, keyring=self.session.keyring, actor=actor,
                              parent=self)
        self.unlock_dialog = dialog
        dialog.accepted.connect(lambda: self._opened(dialog.store, dialog.reopen_accepting_restore, dialog.state)
                                if dialog.store is not None else None)
        dialog.open()

    def _opened(self, store: CaseStore, reopen: Callable[[], CaseStore] | None = None,
                state: CaseState | None = None) -> None:
        """The case is unlocked (`state`: its state, if read on the worker that opened it). An older copy
        of it (a rollback: it opened for reading only) is first offered to be used as it is
        (RestoreDialog); `reopen` opens it again accepting that."""
        self.setEnabled(True)
        self._say("")
        if store.rolled_back and reopen is not None:
            dialog = RestoreDialog(store, reopen, parent=self)
            self.restore_dialog = dialog
            dialog.finished.connect(lambda _result: self._restore_answered(dialog, store))
            dialog.open()
            return
        self.session.attach(store, state)
        self.case_ready.emit()

    def _restore_answered(self, dialog: RestoreDialog, older: CaseStore) -> None:
        if dialog.store is not None:  # "Use this copy": the copy, accepted, opens as usual
            self._opened(dialog.store)
        elif older.is_open:  # Cancel: for reading only, as before
            self._opened(older)
        else:  # reopening failed after the older copy was closed: the list of cases, and why
            self._say(dialog.message.text())

    def create_case(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.session.actor = actor
        dialog = CreateCaseDialog(home=self.session.home, keyring=self.session.keyring, actor=actor, parent=self)
        self.create_dialog = dialog
        dialog.accepted.connect(self._case_created)
        dialog.open()

    def _case_created(self) -> None:
        """The case exists; its recovery key is shown once before the case opens."""
        created = self.create_dialog.created if self.create_dialog is not None else None
        if created is None:
            return
        note = ""
        if self.create_dialog is not None and self.create_dialog.keyring_missing:
            note = (_("This computer has no keyring that evidencekit can use, so it cannot remember the key for "
                    "you: you will type your passphrase each time you open the case."))
        dialog = RecoveryKeyDialog(created.recovery_key, self, note=note)
        self.recovery_dialog = dialog
        dialog.accepted.connect(lambda: self._opened(created.store))
        dialog.open()

    def show_message(self, text: str) -> None:
        """A calm line on the start screen (e.g. why the case was locked)."""
        self._say(text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text or _("Message"))
