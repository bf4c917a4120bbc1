"""Two small dialogs of the export step: a trusted time stamp for everything so far, and a hand-over record.

Trusted time: the person picks a service from the short list (or types one), reads exactly what would
leave the computer (the request in plain words and in full), and only "Send" starts the one network
request evidencekit makes (evidencekit/timestamp/network.py), on the case's worker thread, never the GUI
thread. Hand-over: who received the latest bundle, the crime reference, the date; it is recorded in the
custody journal and a signed one-page receipt is saved where the person chooses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidencekit.errors import EvidenceKitError
from evidencekit.gui.help_dialog import help_row
from evidencekit.gui.screen_fit import SCREEN_MARGIN, available_rect
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _


class TrustedTimeDialog(QDialog):
    """Choose a service, see what leaves, send; the reply is checked and stored in the custody journal."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        from evidencekit.timestamp.case_stamps import prepare_request
        from evidencekit.timestamp.services import SERVICES

        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Get a trusted time stamp for everything so far"))
        layout = QVBoxLayout(self)
        layout.addLayout(help_row(self, session))
        intro = QLabel(_("A time-stamping service signs one fingerprint of this case's custody journal with its own "
                         "clock. That proves everything recorded so far existed by then. Nothing else is sent."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.setAccessibleName(_("Time-stamping service (choose one, or type its address)"))
        for service in SERVICES:
            self.service.addItem(f"{service.name} — {service.url}", service.url)
        form = QFormLayout()
        form.addRow(_("Service:"), self.service)
        layout.addLayout(form)
        assert session.store is not None
        self.prepared = prepare_request(session.store)
        self.leaves = QPlainTextEdit()
        self.leaves.setReadOnly(True)
        self.leaves.setAccessibleName(_("Exactly what leaves this computer"))
        layout.addWidget(self.leaves)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = self.buttons.addButton(_("Send"), QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.clicked.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.service.currentTextChanged.connect(self._show_what_leaves)
        self._show_what_leaves()
        area = available_rect(parent)  # never taller than the screen (960×540 at scale factor 2)
        self.resize(min(720, area.width() - 2 * SCREEN_MARGIN), min(520, area.height() - 3 * SCREEN_MARGIN))

    def service_url(self) -> str:
        index = self.service.currentIndex()
        text = self.service.currentText().strip()
        if index >= 0 and text == self.service.itemText(index):
            return str(self.service.itemData(index))
        return text

    def _show_what_leaves(self) -> None:
        self.leaves.setPlainText(self.prepared.what_leaves(self.service_url() or _("the service you choose")))

    def send(self) -> None:
        from evidencekit.timestamp.network import check_service_url

        try:
            url = check_service_url(self.service_url())
        except EvidenceKitError as exc:
            self.outcome.setText(exc.message)
            return
        prepared = self.prepared
        self.send_button.setEnabled(False)
        self.outcome.setText(_("Sending…"))

        def job(store: Any) -> Any:
            from evidencekit.timestamp.case_stamps import attach_reply, record_request
            from evidencekit.timestamp.network import send_request

            record_request(store, prepared, service=url, via="service")
            return attach_reply(store, send_request(url, prepared.der), service=url, via="service")

        self.session.run(job, on_done=self._stored, on_error=self._failed)

    def _stored(self, outcome: Any) -> None:
        record, check = outcome
        data = record.data
        text = _("Stored (custody record {seq}): {tsa} says that records 1 to {covers} existed at {time} UTC.").format(
            seq=record.seq, tsa=data["tsa"], covers=data["covers"]["seq"],
            time=str(data["time"]).replace("T", " ").removesuffix("Z"))
        if not check.trusted:
            text += " " + _("This computer does not trust that service's certificate; an officer can still check the "
                            "time stamp against the service's own certificate.")
        self.outcome.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        message = exc.message if isinstance(exc, EvidenceKitError) else _("The time stamp could not be stored.")
        self.outcome.setText(message)


class HandoverDialog(QDialog):
    """Who received the latest bundle, the reference and date; records it and saves a signed receipt."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Record the hand-over to the police"))
        layout = QVBoxLayout(self)
        layout.addLayout(help_row(self, session))
        intro = QLabel(_("Say who received the latest bundle. This is written into the case's custody journal, "
                         "and a one-page receipt is saved for the officer to sign."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.to = QLineEdit()
        self.to.setPlaceholderText(_("e.g. PC 1234 Smith, Example Police"))
        self.to.setAccessibleName(_("Who received the bundle"))
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Crime reference"))
        self.date = QLineEdit()
        self.date.setPlaceholderText(_("e.g. 2026-12-03 (empty: now)"))
        self.date.setAccessibleName(_("Date of the hand-over"))
        form.addRow(_("Received by:"), self.to)
        form.addRow(_("Crime reference:"), self.reference)
        form.addRow(_("Date:"), self.date)
        layout.addLayout(form)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(_("Record and save the receipt…"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.receipt_path: Any = None
        self.setMinimumWidth(520)

    def save(self, path: Any = None) -> None:
        from evidencekit.gui.file_dialogs import choose_save_path

        if path is None or isinstance(path, bool):
            path = choose_save_path(self, _("Where to save the hand-over receipt"), "handover-receipt.pdf",
                                    _("PDF files (*.pdf)"))
        if path is None:
            return
        to, reference, date = self.to.text(), self.reference.text(), self.date.text()
        self.save_button.setEnabled(False)

        def job(store: Any) -> Any:
            from evidencekit import __version__
            from evidencekit.bundle.handover import record_handover, write_receipt

            event = record_handover(store, to=to, reference=reference, date=date)
            write_receipt(store.state(), event, path, app=f"evidencekit {__version__}", identity=None,
                          events=store.events())
            return event

        self.receipt_path = path
        self.session.run(job, on_done=self._saved, on_error=self._failed)

    def _saved(self, event: Any) -> None:
        self.outcome.setText(_("Recorded (custody record {seq}). Receipt saved: {path}").format(
            seq=event.seq, path=self.receipt_path))

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        message = exc.message if isinstance(exc, EvidenceKitError) else _("The hand-over could not be recorded.")
        self.outcome.setText(message)
