"""The "Details" step: who the other person is, what they demanded, what was paid and reported.

A form over the case-details document (evidencekit.details). Auto-save: every finished edit writes the
whole document as one `details.set` journal event at once; saves are serialised so a slow disk can never
store an older document after a newer one. `flush()` writes what is typed synchronously (closing, locking).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from evidencekit.details import (
    ACCOUNT,
    CONTACT,
    DEMAND,
    OTHER_REPORT,
    PAID,
    PLATFORM_REPORT,
    POLICE_REPORT,
    PREPARED_BY,
    empty_details,
    stored_details,
    validate_details,
)
from evidencekit.gui import autosave, style, workers
from evidencekit.gui.ocr.service import ocr_service
from evidencekit.gui.ocr.suggestions import IdentifierSuggestions
from evidencekit.gui.page import Page
from evidencekit.gui.pages.details_fields import RecordEditor, RecordListEditor
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.i18n import _
from evidencekit.ocr.confirm import confirm_finding
from evidencekit.store import CaseState

PLATFORMS = ("Instagram", "Snapchat", "Facebook", "Messenger", "WhatsApp", "TikTok", "X (Twitter)", "Discord",
             "Telegram", "Skype", "Microsoft Teams", "Google Meet", "Omegle-like video chat", "Dating app", "Other")
METHODS = ("Bank transfer", "Gift cards", "Bitcoin or other crypto", "Western Union", "MoneyGram", "PayPal",
           "Cash App", "Venmo", "Revolut", "Other")
CURRENCIES = ("GBP", "EUR", "USD", "CAD", "AUD", "BTC")
ACCOUNT_LABELS = {
    "platform": "Platform or app", "display_name": "Name shown", "username": "Username or handle",
    "profile_url": "Link to the profile", "account_id": "Account ID (e.g. Skype/Teams ID)",
    "phone": "Phone number", "email": "Email address", "notes": "Anything else about this account",
}
ACCOUNT_HINTS = {
    "username": "e.g. @name — copy it exactly", "profile_url": "e.g. https://www.instagram.com/name",
    "account_id": "the platform's own ID, not the display name", "phone": "+44 7700 900123",
}
DEMAND_LABELS = {
    "amount": "How much", "currency": "Currency", "method": "How they wanted it paid",
    "mtcn": "Money transfer number (MTCN)", "bank_details": "Bank details they gave",
    "wallet": "Crypto wallet address", "payment_handle": "Payment name or handle (PayPal, Cash App…)",
    "deadline": "Deadline they gave", "notes": "Anything else about the demand",
}
DEMAND_HINTS = {"amount": "e.g. 500", "currency": "GBP, EUR, USD…", "deadline": "e.g. 'by 9pm Friday'"}
PAID_LABELS = {
    "status": "Did you pay anything?", "amount": "How much", "currency": "Currency", "method": "How",
    "date": "When", "reference": "Payment reference", "notes": "Notes",
}
PAID_OPTIONS = {"status": {"unknown": "I'd rather not say / not sure", "no": "No, nothing", "yes": "Yes",
                           "partly": "Partly (some of what they asked)"}}
REPORT_LABELS = {"platform": "Platform", "report_id": "Report number", "date": "When", "notes": "Notes"}
POLICE_LABELS = {"force": "Police force or station", "crime_reference": "Crime reference number",
                 "date": "When", "officer": "Officer's name", "notes": "Notes"}
OTHER_LABELS = {"organisation": "Organisation (e.g. a helpline)", "reference": "Their reference", "date": "When",
                "notes": "Notes"}
CONTACT_LABELS = {"name": "Your name", "phone": "Phone", "email": "Email", "address": "Address",
                  "preferred_contact": "How the police should contact you"}
PREPARED_LABELS = {"name": "Name", "role": "Role (e.g. support worker)", "organisation": "Organisation",
                   "phone": "Phone", "email": "Email"}
DATE_HINT = "e.g. 2026-03-01 or 2026-03-01 21:30"


def _account_editor() -> RecordEditor:
    return RecordEditor(ACCOUNT, ACCOUNT_LABELS, hints=ACCOUNT_HINTS, choices={"platform": PLATFORMS})


def _demand_editor() -> RecordEditor:
    return RecordEditor(DEMAND, DEMAND_LABELS, hints=DEMAND_HINTS,
                        choices={"method": METHODS}, multiline=("bank_details", "notes"))


def _platform_report_editor() -> RecordEditor:
    return RecordEditor(PLATFORM_REPORT, REPORT_LABELS, hints={"date": DATE_HINT}, choices={"platform": PLATFORMS})


def _other_report_editor() -> RecordEditor:
    return RecordEditor(OTHER_REPORT, OTHER_LABELS, hints={"date": DATE_HINT})


class DetailsPage(Page):
    step_id = "details"
    title = "Details"

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.add_intro("Write down what you know. Every box is optional: fill in what you can, and come back "
                       "later for the rest. Copy names and numbers exactly as they appear. Each change is "
                       "saved as soon as you leave the box.")
        self.suspect_accounts = RecordListEditor("account", _account_editor)
        self.demands = RecordListEditor("demand", _demand_editor)
        self.paid = RecordEditor(PAID, PAID_LABELS, hints={"date": DATE_HINT}, options=PAID_OPTIONS)
        self.contact_start = RecordEditor({"contact_start": PAID["date"]},
                                          {"contact_start": "When did they first contact you?"},
                                          hints={"contact_start": DATE_HINT})
        self.platform_reports = RecordListEditor("platform report", _platform_report_editor)
        self.police = RecordEditor(POLICE_REPORT, POLICE_LABELS, hints={"date": DATE_HINT})
        self.other_reports = RecordListEditor("other report", _other_report_editor)
        self.summary = RecordEditor({"summary": None}, {"summary": "What happened, in your words"},
                                    hints={"summary": "A few sentences are enough. You can leave this empty."},
                                    multiline=("summary",))
        self.victim_accounts = RecordListEditor("account of yours", _account_editor)
        self.victim_contact = RecordEditor(CONTACT, CONTACT_LABELS)
        self.prepared_by = RecordEditor(PREPARED_BY, PREPARED_LABELS)
        self.suggestions = IdentifierSuggestions(ocr_service(session))
        self.suggestions.confirm_requested.connect(self._confirm_finding)
        sections: list[tuple[str, str, QWidget]] = [
            (_("Found in your pictures"), _("evidencekit reads the text in your pictures. Add what is right, one "
                                            "by one; nothing is added unless you click."), self.suggestions),
            ("The other person", "Every account they used. The username and the account ID matter most.",
             self.suspect_accounts),
            ("When it started", "", self.contact_start),
            ("What they demanded", "Amounts, how they wanted to be paid, and any deadline.", self.demands),
            ("Anything paid", "It is all right if you paid. Say so: it helps the police trace the money.",
             self.paid),
            ("Reports you have already made", "Report numbers from the platform, and the crime reference "
             "if you already told the police.", self._stack(self.platform_reports, self.police, self.other_reports)),
            ("In your own words (optional)", "", self.summary),
            ("Your own accounts (optional)", "The account(s) they contacted you on.", self.victim_accounts),
            ("Your contact details (optional)", "These go into the police bundle only if you choose so when you "
             "make it.", self.victim_contact),
            ("Prepared by (optional)", "Fill this in if a support worker is helping you.", self.prepared_by),
        ]
        for title, intro, widget in sections:
            self.add_widget(self._section(title, intro, widget))
        self.status = QLabel("")
        self.status.setAccessibleName("Save status")
        self.status.setWordWrap(True)  # a long "Saved, except: ..." must not widen the page past the window
        self.add_widget(self.status)
        self.add_what_next("Next, report the account to the platform. Your details will be on the first pages of "
                           "the police bundle.")
        self.add_done_toggle("I have written down what I know")
        self.finish_layout()
        self.editors: list[RecordEditor | RecordListEditor] = [
            self.suspect_accounts, self.demands, self.paid, self.contact_start, self.platform_reports, self.police,
            self.other_reports, self.summary, self.victim_accounts, self.victim_contact, self.prepared_by]
        for editor in self.editors:
            editor.edited.connect(self.save)
        self._loaded_case: str | None = None
        self._saved_document: dict[str, Any] | None = None
        self._saving = False
        self._again = False
        self._inflight: dict[str, Any] | None = None
        autosave.register(self.flush)
        self.load(empty_details())

    @staticmethod
    def _stack(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, widget in zip(("Platform reports", "Police", "Other organisations"), widgets, strict=True):
            layout.addWidget(style.heading(title, scale=1.05))
            layout.addWidget(widget)
        return holder

    @staticmethod
    def _section(title: str, intro: str, widget: QWidget) -> QGroupBox:
        group = QGroupBox(title)
        group.setAccessibleName(title)
        layout = QVBoxLayout(group)
        if intro:
            layout.addWidget(style.paragraph(intro))
        layout.addWidget(widget)
        return group

    # ----- document <-> form --------------------------------------------------------------------------

    def load(self, details: dict[str, Any]) -> None:
        doc = stored_details(details)
        self.suspect_accounts.set_value(doc["suspect_accounts"])
        self.demands.set_value(doc["demands"])
        self.paid.set_value(doc["paid"])
        self.contact_start.set_value({"contact_start": doc["contact_start"]})
        self.platform_reports.set_value(doc["reports"]["platform_reports"], keep_one=False)
        self.police.set_value(doc["reports"]["police"])
        self.other_reports.set_value(doc["reports"]["other"], keep_one=False)
        self.summary.set_value({"summary": doc["summary"]})
        self.victim_accounts.set_value(doc["victim_accounts"], keep_one=False)
        self.victim_contact.set_value(doc["victim_contact"])
        self.prepared_by.set_value(doc["prepared_by"])
        self._saved_document = doc

    def document(self) -> dict[str, Any]:
        """The document as typed (invalid fields keep their saved value), normalised by the core."""
        raw = {
            "summary": self.summary.value()["summary"],
            "contact_start": self.contact_start.value()["contact_start"],
            "suspect_accounts": self.suspect_accounts.value(),
            "demands": self.demands.value(),
            "paid": self.paid.value(),
            "reports": {"platform_reports": self.platform_reports.value(), "police": self.police.value(),
                        "other": self.other_reports.value()},
            "victim_accounts": self.victim_accounts.value(),
            "victim_contact": self.victim_contact.value(),
            "prepared_by": self.prepared_by.value(),
        }
        return validate_details(raw)

    def problems(self) -> list[str]:
        return [problem for editor in self.editors for problem in editor.problems()]

    def has_unsaved_input(self) -> bool:
        return bool(self.problems())

    # ----- saving -------------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the document now if it changed; one save at a time, the newest wins."""
        if not self.session.is_open:
            return
        if self._saving:
            self._again = True
            return
        try:
            document = self.document()
        except Exception as exc:  # a check we do not mirror field by field: say it, keep the text
            self._show_status(error_message(exc), problem=True)
            return
        if document == self._saved_document:
            self._show_problems()
            return
        self._saving = True
        self._inflight = document
        self.session.run(lambda store: store.append_event("details.set", {"details": document}),
                         on_done=lambda _event: self._saved(document), on_error=self._save_failed)

    def _confirm_finding(self, finding: Any) -> None:
        """The person clicked "Add" on a finding: what is typed is saved first, then the finding goes in."""
        self.save()
        self.session.run(lambda store: confirm_finding(store, finding), on_error=self._save_failed)

    def _saved(self, document: dict[str, Any]) -> None:
        self._saving = False
        self._saved_document = document
        for editor in self.editors:
            editor.mark_saved()
        self._show_problems(saved=True)
        if self._again:
            self._again = False
            self.save()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._again = False
        self._show_status(f"Not saved: {error_message(exc)}", problem=True)

    def _show_problems(self, *, saved: bool = False) -> None:
        problems = self.problems()
        if problems:
            self._show_status("Saved, except: " + " ".join(problems), problem=True)
        elif saved:
            self._show_status("Saved.")

    def _show_status(self, text: str, *, problem: bool = False) -> None:
        self.status.setText(text)
        palette = self.status.palette()
        palette.setColor(self.status.foregroundRole(),
                         style.destructive_colour() if problem else style.success_colour())
        self.status.setPalette(palette)
        self.unsaved_changed.emit()  # the window's "Everything is saved." follows

    def flush(self) -> None:
        """Save what is typed synchronously: called before the case locks or the app closes."""
        store = self.session.store
        if store is None or not store.is_open:
            return
        try:
            document = self.document()
        except Exception:
            return
        if self._saving:
            workers.wait_for_all(5000)  # the save in flight lands first, so the journal keeps the order
        if document not in (self._saved_document, self._inflight if self._saving else None):
            store.append_event("details.set", {"details": document})
            self._saved_document = document

    # ----- state --------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        autosave.flush_before_closing(self.window())  # closing the window closes the case: save first

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        stored = stored_details(state.details)
        self.suggestions.set_details(stored)
        if self._loaded_case != state.id:
            self._loaded_case = state.id
            self.load(stored)
            self.status.setText("")
        elif not self._saving and stored != self._saved_document:
            self.load(stored)  # changed elsewhere (another window, the command line): show the journal's version
