"""'Add the platform's own copy of the chat': one dialog, opened from the conversation step.

Choose the download or export (a file or its unzipped folder) → it is read in the background, nothing
stored → pick the conversation with the other person (or answer the date-order question, or keep an
unreadable file sealed) → the archive, the transcript and the chat's pictures are saved → the names and
ids found are offered for the case details, each only if ticked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.archives import Analysis, DateOrderNeeded, Options, analyse
from evidencekit.gui import file_dialogs, style
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import _, ngettext

THREAD_ROLE = Qt.ItemDataRole.UserRole + 1


def _when(moment: Any) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC") if moment else "?"


class ChatImportDialog(QDialog):
    """Modal; every slow step runs on a worker thread; nothing is stored before "Add this conversation"."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.analysis: Analysis | None = None
        self.result_value: Any = None
        self._path: Path | None = None
        self.setWindowTitle(_("Add the platform's own copy of the chat"))
        self.setModal(True)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACING)
        top = help_row(self, session)
        top.insertWidget(0, style.heading(_("The platform's own copy of the chat"), scale=style.SUBHEADING_SCALE), 1)
        layout.addLayout(top)
        layout.addWidget(style.paragraph(_(
            "Facebook, Messenger and Instagram let you download your information (choose JSON), WhatsApp can "
            "export a chat, Telegram Desktop can export chat history (choose JSON). That copy has the platform's "
            "own times and names for every message. It is kept sealed here, exactly as it is; only the "
            "conversation you choose goes into the police bundle.")))
        choose = QHBoxLayout()
        self.file_button = QPushButton(_("Choose the &file…"))
        self.folder_button = QPushButton(_("Choose an unzipped &folder…"))
        for button in (self.file_button, self.folder_button):
            button.setMinimumHeight(44)
            choose.addWidget(button)
        choose.addStretch(1)
        self.file_button.clicked.connect(lambda: self._choose(folder=False))
        self.folder_button.clicked.connect(lambda: self._choose(folder=True))
        layout.addLayout(choose)
        self.status = style.paragraph("")
        self.status.setAccessibleName(_("What is happening"))
        layout.addWidget(self.status)
        self.order_box = QWidget()
        order = QVBoxLayout(self.order_box)
        order.setContentsMargins(0, 0, 0, 0)
        self.day_first = QRadioButton(_("Day first, as in 15/01 (most of the world)"))
        self.month_first = QRadioButton(_("Month first, as in 01/15 (United States)"))
        order.addWidget(self.day_first)
        order.addWidget(self.month_first)
        self.order_button = QPushButton(_("Read it with this date order"))
        self.order_button.clicked.connect(self._order_chosen)
        order.addWidget(self.order_button)
        self.order_box.hide()
        layout.addWidget(self.order_box)
        self.threads = QListWidget()
        self.threads.setAccessibleName(_("Conversations in the file"))
        self.threads.setMinimumHeight(160)
        self.threads.setSpacing(4)
        self.threads.setWordWrap(True)
        self.threads.hide()
        self.threads.currentItemChanged.connect(lambda *_args: self._update_buttons())
        layout.addWidget(self.threads)
        self.pictures = QCheckBox(_("Also add the pictures sent in this conversation as exhibits"))
        self.pictures.setChecked(True)
        self.pictures.hide()
        layout.addWidget(self.pictures)
        self.found = QWidget()
        self.found_layout = QVBoxLayout(self.found)
        self.found_layout.setContentsMargins(0, 0, 0, 0)
        self.found.hide()
        layout.addWidget(self.found)
        self.suspect_boxes: list[tuple[QCheckBox, str]] = []
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(_("Add this conversation"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = buttons.addButton(_("Keep the file sealed anyway"), QDialogButtonBox.ButtonRole.ActionRole)
        self.suspect_button = buttons.addButton(_("Add the ticked names to the details"),
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.clicked.connect(self._add)
        self.keep_button.clicked.connect(self._add)
        self.suspect_button.clicked.connect(self._add_suspects)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()

    # ----- choosing and reading ---------------------------------------------------------------------

    def _choose(self, *, folder: bool) -> None:
        path = file_dialogs.choose_archive(self, folder=folder)
        if path is not None:
            self.read_archive(path)

    def read_archive(self, path: Path, date_order: str | None = None) -> None:
        """Read `path` on a worker thread (nothing is stored); then show what it holds."""
        self._path = path
        self.analysis = None
        self.threads.clear()
        self.threads.hide()
        self.order_box.hide()
        self.pictures.hide()
        self._say(_("Reading {name}…").format(name=path.name))
        self._set_busy(True)
        run_in_background(lambda: analyse(path, Options(date_order=date_order)), on_done=self._read,
                          on_error=self._read_failed, owner=self)

    def _read_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, DateOrderNeeded):
            self._say(_("Every date in this export could be day/month or month/day. Which does the phone use?"))
            self.order_box.show()
        else:
            self._say(error_message(exc))
        self._update_buttons()
        self._relayout()

    def _order_chosen(self) -> None:
        if self._path is not None and (self.day_first.isChecked() or self.month_first.isChecked()):
            self.read_archive(self._path, "dmy" if self.day_first.isChecked() else "mdy")

    def _read(self, analysis: Analysis) -> None:
        self._set_busy(False)
        self.analysis = analysis
        if analysis.problem is not None:
            self._say(_("{problem} You can still keep the file sealed in the case, exactly as it is.").format(
                problem=analysis.problem))
        else:
            assert analysis.layout is not None
            self._say(_("This is: {format} ({version}). Choose the conversation with the other person.").format(
                format=analysis.layout.format, version=analysis.layout.version))
            for info in analysis.threads:
                text = _("{title} · {people}\n{first} – {last} · ").format(
                    title=info.title, people=", ".join(info.participants) or "-", first=_when(info.first),
                    last=_when(info.last)) + ngettext("{count} message", "{count} messages", info.count).format(
                        count=info.count)
                item = QListWidgetItem(text)
                item.setData(THREAD_ROLE, info.key)
                self.threads.addItem(item)
            self.threads.show()
            if len(analysis.threads) == 1:
                self.threads.setCurrentRow(0)
            young = bool(self.session.under_18)
            self.pictures.setChecked(not young)
            self.pictures.setEnabled(not young)
            if young:
                self.pictures.setText(_("Pictures are listed by their fingerprints only: on the under-18 route, "
                                        "nude pictures must never be kept"))
            self.pictures.show()
        self._update_buttons()
        self._relayout()

    # ----- saving -----------------------------------------------------------------------------------

    def _chosen(self) -> Any:
        if self.analysis is None or self.threads.currentItem() is None:
            return None
        key = self.threads.currentItem().data(THREAD_ROLE)
        return next((info for info in self.analysis.threads if info.key == key), None)

    def _add(self) -> None:
        from evidencekit.archives.importing import import_chat

        analysis, chosen = self.analysis, self._chosen()
        if analysis is None or (analysis.problem is None and chosen is None):
            return
        pictures = self.pictures.isChecked() and not self.session.under_18
        self._say(_("Saving…"))
        self._set_busy(True)
        self.session.run(lambda store: import_chat(store, analysis, chosen, pictures=pictures),
                         on_done=self._saved, on_error=self._save_failed)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(error_message(exc))
        self._update_buttons()

    def _saved(self, result: Any) -> None:
        """Called only after the store returned: everything said here is durable."""
        self._set_busy(False)
        self.result_value = result
        self.analysis = None
        self.threads.hide()
        self.pictures.hide()
        archive = result.archive
        lines = [_("Saved. The file is kept sealed as exhibit {reference}.").format(reference=archive.reference)
                 if result.archive_is_new else
                 _("This file was already kept as exhibit {reference}.").format(reference=archive.reference)]
        if result.transcript is not None:
            lines.append(_("The conversation is exhibit {reference}, a transcript with the platform's own "
                           "times.").format(reference=result.transcript.reference))
        if result.pictures:
            lines.append(ngettext("{count} picture from it is exhibit {references}.",
                                  "{count} pictures from it are exhibits {references}.", len(result.pictures))
                         .format(count=len(result.pictures),
                                 references=", ".join(e.reference for e in result.pictures)))
            lines.append(_("If any of them is intimate, cover it on the step \"Review and hide parts\" before "
                           "you make the bundle."))
        lines += result.notes
        self._say(" ".join(lines))
        self._offer_suspects(result)
        self._update_buttons()
        self._relayout()

    def _offer_suspects(self, result: Any) -> None:
        for box, _name in self.suspect_boxes:
            box.deleteLater()
        self.suspect_boxes = []
        names = list(dict.fromkeys(account.name for account in result.accounts))
        if not names:
            return
        label = QLabel(_("Found in the file. Tick the other person to add their names and ids to the case "
                         "details (nothing is added unless you tick it):"))
        label.setWordWrap(True)
        self.found_layout.addWidget(label)
        for name in names:
            ids = [f"{a.kind}: {a.value}" for a in result.accounts if a.name == name and a.value != name]
            box = QCheckBox(name + (f" ({'; '.join(ids)})" if ids else ""))
            box.toggled.connect(lambda *_args: self._update_buttons())
            self.found_layout.addWidget(box)
            self.suspect_boxes.append((box, name))
        self.found.show()

    def _add_suspects(self) -> None:
        from evidencekit.archives.importing import add_suspects, suspect_rows

        result = self.result_value
        names = [name for box, name in self.suspect_boxes if box.isChecked()]
        if result is None or result.transcript is None or not names:
            return
        platform = str(result.transcript.fields.get("platform", ""))
        rows = suspect_rows(result.accounts, names, platform, result.transcript.reference)
        self._set_busy(True)
        self.session.run(lambda store: add_suspects(store, rows), on_done=lambda _none: self._suspects_added(names),
                         on_error=self._save_failed)

    def _suspects_added(self, names: list[str]) -> None:
        self._set_busy(False)
        for box, _name in self.suspect_boxes:
            box.setEnabled(False)
        self._say(_("Added to the suspect's details: {names}.").format(names=", ".join(names)))
        self._update_buttons()

    # ----- state ------------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _relayout(self) -> None:
        """Grow to fit what is shown now (a dialog keeps its first size otherwise)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()

    def _update_buttons(self) -> None:
        busy = getattr(self, "_busy", False)
        readable = self.analysis is not None and self.analysis.problem is None
        self.file_button.setEnabled(not busy)
        self.folder_button.setEnabled(not busy)
        self.add_button.setVisible(readable)
        self.add_button.setEnabled(not busy and readable and self._chosen() is not None)
        self.keep_button.setVisible(self.analysis is not None and self.analysis.problem is not None)
        self.keep_button.setEnabled(not busy)
        ticked = any(box.isChecked() and box.isEnabled() for box, _name in self.suspect_boxes)
        self.suspect_button.setVisible(bool(self.suspect_boxes))
        self.suspect_button.setEnabled(not busy and ticked)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text or _("What is happening"))
