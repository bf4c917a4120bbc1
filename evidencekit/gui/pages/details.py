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
from evidencekit.gui.keyboard import apply_tab_order
from evidencekit.gui.ocr.service import ocr_service
from evidencekit.gui.ocr.suggestions import IdentifierSuggestions
from evidencekit.gui.page import Page
from evidencekit.gui.pages.details_fields import ListWords, RecordEditor, RecordListEditor
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.i18n import N_, _
from evidencekit.ocr.confirm import confirm_finding
from evidencekit.store import CaseState

PLATFORMS = ("Instagram", "Snapchat", "Facebook", "Messenger", "WhatsApp", "TikTok", "X (Twitter)", "Discord",
             "Telegram", "Skype", "Microsoft Teams", "Google Meet", N_("Omegle-like video chat"), N_("Dating app"),
             N_("Other"))
METHODS = (N_("Bank transfer"), N_("Gift cards"), N_("Bitcoin or other crypto"), "Western Union", "MoneyGram", "PayPal",
           "Cash App", "Venmo", "Revolut", N_("Other"))
CURRENCIES = ("GBP", "EUR", "USD", "CAD", "AUD", "BTC")
ACCOUNT_LABELS = {
    "platform": N_("Platform or app"), "display_name": N_("Name shown"), "username": N_("Username or handle"),
    "profile_url": N_("Link to the profile"), "account_id": N_("Account ID (e.g. Skype/Teams ID)"),
    "phone": N_("Phone number"), "email": N_("Email address"), "notes": N_("Anything else about this account"),
}
ACCOUNT_HINTS = {
    "username": N_("e.g. @name — copy it exactly"), "profile_url": N_("e.g. https://www.instagram.com/name"),
    "account_id": N_("the platform's own ID, not the display name"), "phone": "+44 7700 900123",
}
DEMAND_LABELS = {
    "amount": N_("How much"), "currency": N_("Currency"), "method": N_("How they wanted it paid"),
    "mtcn": N_("Money transfer number (MTCN)"), "bank_details": N_("Bank details they gave"),
    "wallet": N_("Crypto wallet address"), "payment_handle": N_("Payment name or handle (PayPal, Cash App…)"),
    "deadline": N_("Deadline they gave"), "notes": N_("Anything else about the demand"),
}
DEMAND_HINTS = {"amount": "e.g. 500", "currency": N_("GBP, EUR, USD…"), "deadline": N_("e.g. 'by 9pm Friday'")}
PAID_LABELS = {
    "status": N_("Did you pay anything?"), "amount": N_("How much"), "currency": N_("Currency"), "method": N_("How"),
    "date": N_("When"), "reference": N_("Payment reference"), "notes": N_("Notes"),
}
PAID_OPTIONS = {"status": {"unknown": N_("I'd rather not say / not sure"), "no": N_("No, nothing"), "yes": N_("Yes"),
                           "partly": N_("Partly (some of what they asked)")}}
REPORT_LABELS = {"platform": N_("Platform"), "report_id": N_("Report number"), "date": N_("When"), "notes": N_("Notes")}
POLICE_LABELS = {"force": N_("Police force or station"), "crime_reference": N_("Crime reference number"),
                 "date": N_("When"), "officer": N_("Officer's name"), "notes": N_("Notes")}
OTHER_LABELS = {"organisation": N_("Organisation (e.g. a helpline)"), "reference": N_("Their reference"),
                "date": N_("When"),
                "notes": N_("Notes")}
CONTACT_LABELS = {"name": N_("Your name"), "phone": N_("Phone"), "email": N_("Email"), "address": N_("Address"),
                  "preferred_contact": N_("How the police should contact you")}
PREPARED_LABELS = {"name": N_("Name"), "role": N_("Role (e.g. support worker)"), "organisation": N_("Organisation"),
                   "phone": N_("Phone"), "email": N_("Email")}
DATE_HINT = N_("e.g. 2026-03-01 or 2026-03-01 21:30")


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
    title = N_("Details")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.add_intro(_("Write down what you know. Every box is optional: fill in what you can, and come back "
                       "later for the rest. Copy names and numbers exactly as they appear. Each change is "
                       "saved as soon as you leave the box."))
        self.suspect_accounts = RecordListEditor(
            ListWords(N_("Add an account"), N_("Remove this account"), N_("Remove account {number}")),
                                                 _account_editor)
        self.demands = RecordListEditor(
            ListWords(N_("Add a demand"), N_("Remove this demand"), N_("Remove demand {number}")),
                                        _demand_editor)
        self.paid = RecordEditor(PAID, PAID_LABELS, hints={"date": DATE_HINT}, options=PAID_OPTIONS)
        self.paid.edited.connect(self._paid_status_shown)
        self.contact_start = RecordEditor({"contact_start": PAID["date"]},
                                          {"contact_start": N_("When did they first contact you?")},
                                          hints={"contact_start": DATE_HINT})
        self.platform_reports = RecordListEditor(
            ListWords(N_("Add a platform report"), N_("Remove this platform report"),
                      N_("Remove platform report {number}")),
            _platform_report_editor)
        self.police = RecordEditor(POLICE_REPORT, POLICE_LABELS, hints={"date": DATE_HINT})
        self.other_reports = RecordListEditor(
            ListWords(N_("Add another report"), N_("Remove this report"), N_("Remove report {number}")),
            _other_report_editor)
        self.summary = RecordEditor({"summary": None}, {"summary": N_("What happened, in your words")},
                                    hints={"summary": N_("A few sentences are enough. You can leave this empty.")},
                                    multiline=("summary",))
        self.victim_accounts = RecordListEditor(
            ListWords(N_("Add an account of yours"), N_("Remove this account of yours"),
                      N_("Remove your account {number}")),
            _account_editor)
        self.victim_contact = RecordEditor(CONTACT, CONTACT_LABELS)
        self.prepared_by = RecordEditor(PREPARED_BY, PREPARED_LABELS)
        self.suggestions = IdentifierSuggestions(ocr_service(session))
        self.suggestions.confirm_requested.connect(self._confirm_finding)
        sections: list[tuple[str, str, QWidget]] = [
            (_("Found in your pictures"), _("evidencekit reads the text in your pictures. Add what is right, one "
                                            "by one; nothing is added unless you click."), self.suggestions),
            (_("The other person"), _("Every account they used. The username and the account ID matter most."),
             self.suspect_accounts),
            (_("When it started"), "", self.contact_start),
            (_("What they demanded"), _("Amounts, how they wanted to be paid, and any deadline."), self.demands),
            (_("Anything paid"), _("It is all right if you paid. Say so: it helps the police trace the money."),
             self.paid),
            (_("Reports you have already made"), _("Report numbers from the platform, and the crime reference "
             "if you already told the police."), self._stack(self.platform_reports, self.police, self.other_reports)),
            (_("In your own words (optional)"), "", self.summary),
            (_("Your own accounts (optional)"), _("The account(s) they contacted you on."), self.victim_accounts),
            (_("Your contact details (optional)"), _("These go into the police bundle only if you choose so when you "
             "make it."), self.victim_contact),
            (_("Prepared by (optional)"), _("Fill this in if a support worker is helping you."), self.prepared_by),
        ]
        for title, intro, widget in sections:
            self.add_widget(self._section(title, intro, widget))
        self.status = QLabel("")
        self.status.setAccessibleName(_("Save status"))
        self.status.setWordWrap(True)  # a long "Saved, except: ..." must not widen the page past the window
        self.add_widget(self.status)
        self.add_what_next(_("Next, report the account to the platform. Your details will be on the first pages of "
                           "the police bundle."))
        self.add_done_toggle(_("I have written down what I know"))
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
        for title, widget in zip((_("Platform reports"), _("Police"), _("Other organisations")), widgets, strict=True):
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

    def _paid_status_shown(self) -> None:
        """After "No, nothing" the payment's own boxes are greyed out (they looked as if they still wanted an
        answer); what was typed in them is kept, and comes back with "Yes" or "Partly"."""
        nothing = self.paid.fields["status"].value() == "no"
        for name, field in self.paid.fields.items():
            if name != "status":
                field.setEnabled(not nothing)
                label = self.paid.form.labelForField(field)
                if label is not None:
                    label.setEnabled(not nothing)

    def load(self, details: dict[str, Any]) -> None:
        doc = stored_details(details)
        self.suspect_accounts.set_value(doc["suspect_accounts"])
        self.demands.set_value(doc["demands"])
        self.paid.set_value(doc["paid"])
        self._paid_status_shown()
        self.contact_start.set_value({"contact_start": doc["contact_start"]})
        self.platform_reports.set_value(doc["reports"]["platform_reports"], keep_one=False)
        self.police.set_value(doc["reports"]["police"])
        self.other_reports.set_value(doc["reports"]["other"], keep_one=False)
        self.summary.set_value({"summary": doc["summary"]})
        self.victim_accounts.set_value(doc["victim_accounts"], keep_one=False)
        self.victim_contact.set_value(doc["victim_contact"])
        self.prepared_by.set_value(doc["prepared_by"])
        self._saved_document = doc
        apply_tab_order(self)  # the records just made follow the visual order, not the order of making

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
        self._show_status(_("Not saved: {reason}").format(reason=error_message(exc)), problem=True)

    def _show_problems(self, *, saved: bool = False) -> None:
        problems = self.problems()
        if problems:
            self._show_status(_("Saved, except: {problems}").format(problems=" ".join(problems)), problem=True)
        elif saved:
            self._show_status(_("Saved."))

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
