"""Editing one exhibit's notes: label, category, platform, URL shown, message time shown, notes.

Each change is saved at once as an `exhibit.edited` journal event (when a field loses focus or Enter is
pressed); the picture and its capture record never change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from evidencekit.capture.exhibits import edit_exhibit
from evidencekit.gui import guidance_view, style, texts
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _, format_recorded_time
from evidencekit.store import CATEGORIES, CaseStore, Exhibit


def describe_when(exhibit: Exhibit) -> str:
    """"Captured 27 Nov 2026 23:01:02 (UTC+01:00)" or "Imported …" from the exhibit's record."""
    time = exhibit.recorded.get("time") or exhibit.recorded.get("imported_at") or {}
    local = str(time.get("local", "")) if isinstance(time, dict) else ""
    shown = format_recorded_time(local) if local else _("time not recorded")
    offset = str(time.get("offset") or "") if isinstance(time, dict) else ""
    if exhibit.origin == "captured":
        text = _("Captured {time} (UTC{offset})") if offset else _("Captured {time}")
    else:
        text = _("Imported {time} (UTC{offset})") if offset else _("Imported {time}")
    return text.format(time=shown, offset=offset)


class ExhibitEditor(QWidget):
    """Shows the selected exhibit's fields; `show_exhibit(None)` empties and disables it."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.exhibit: Exhibit | None = None
        self._sent: dict[str, str] = {}  # values sent to the journal for this exhibit, maybe not back yet
        self.setAccessibleName(_("Notes on the selected picture"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(style.SPACING // 2)
        self.heading = style.heading("", scale=style.SUBHEADING_SCALE)
        self.facts = QLabel("")
        self.facts.setWordWrap(True)
        form.addRow(self.heading)
        form.addRow(self.facts)
        self.label = QLineEdit()
        self.category = QComboBox()
        self.category.addItem(_("Not chosen"), "")
        for name in CATEGORIES:
            self.category.addItem(texts.category_name(name), name)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItem("")
        self.platform.addItems(guidance_view.platform_names())
        self.url = QLineEdit()
        self.url.setPlaceholderText(_("The address shown, e.g. instagram.com/their_name"))
        self.message_time = QLineEdit()
        self.message_time.setPlaceholderText(_("As shown in the chat, e.g. Yesterday 21:14"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.notes.installEventFilter(self)
        rows = ((_("&Label:"), self.label, _("Label")), (_("Cate&gory:"), self.category, _("Category")),
                (_("Platfo&rm:"), self.platform, _("Platform")),
                (_("&URL shown:"), self.url, _("URL shown on the screen")),
                (_("Message t&ime shown:"), self.message_time, _("Message time shown on the screen")),
                (_("N&otes:"), self.notes, _("Notes")))
        for text, widget, name in rows:
            widget.setAccessibleName(name)
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        self.saved_note = QLabel("")
        self.saved_note.setAccessibleName(_("Saving status of the notes"))
        form.addRow(self.saved_note)
        for edit in (self.label, self.url, self.message_time):
            edit.editingFinished.connect(self.save_changes)
        self.category.activated.connect(lambda _index: self.save_changes())
        platform_edit = self.platform.lineEdit()
        if platform_edit is not None:
            platform_edit.editingFinished.connect(self.save_changes)
        self.platform.activated.connect(lambda _index: self.save_changes())
        self.show_exhibit(None)

    def values(self) -> dict[str, str]:
        return {"label": self.label.text().strip(), "category": str(self.category.currentData() or ""),
                "platform": self.platform.currentText().strip(), "url": self.url.text().strip(),
                "message_time": self.message_time.text().strip(), "notes": self.notes.toPlainText().rstrip()}

    def show_exhibit(self, exhibit: Exhibit | None) -> None:
        """Show `exhibit`'s fields; a field being typed in keeps its text when the same exhibit refreshes."""
        same = exhibit is not None and self.exhibit is not None and exhibit.id == self.exhibit.id
        self.exhibit = exhibit
        if not same:
            self._sent = {}
        self.setEnabled(exhibit is not None)
        if exhibit is None:
            self.heading.setText(_("No picture chosen"))
            self.facts.setText(_("Choose a picture above to add notes to it."))
            for edit in (self.label, self.url, self.message_time):
                edit.clear()
            self.notes.clear()
            return
        fields = exhibit.fields
        self.heading.setText(_("Exhibit {reference}").format(reference=exhibit.reference))
        self.heading.setAccessibleName(self.heading.text())
        facts = _("{when}. Fingerprint (SHA-256): {fingerprint}…").format(
            when=describe_when(exhibit), fingerprint=exhibit.sha256[:16])
        kinds = exhibit.recorded.get("identifying_metadata") or []
        if kinds:  # what the file holds that could identify the person (the kinds; import showed the values)
            facts += "\n" + _("This picture's file holds {details}. The police bundle carries a copy without "
                               "them (the picture is the same) unless you choose to include them when you "
                               "make the bundle.").format(details=identifying_words(kinds))
        self.facts.setText(facts)
        self.facts.setAccessibleName(self.facts.text())

        def keep(widget: QWidget) -> bool:
            return same and widget.hasFocus()

        for edit, name in ((self.label, "label"), (self.url, "url"), (self.message_time, "message_time")):
            if not keep(edit):
                edit.setText(fields.get(name, ""))
        if not keep(self.category):
            self.category.setCurrentIndex(max(0, self.category.findData(fields.get("category") or "")))
        if not keep(self.platform):
            self.platform.setCurrentText(fields.get("platform", ""))
        if not keep(self.notes) and self.notes.toPlainText() != fields.get("notes", ""):
            self.notes.setPlainText(fields.get("notes", ""))
        if not same:
            self.saved_note.setText("")

    def changes(self) -> dict[str, str]:
        if self.exhibit is None:
            return {}
        current = {**self.exhibit.fields, **self._sent}
        return {name: value for name, value in self.values().items() if value != (current.get(name) or "")}

    def save_changes(self) -> None:
        """One `exhibit.edited` event with the fields that differ from the stored ones."""
        changes = self.changes()
        if not changes or self.exhibit is None:
            return
        exhibit_id = self.exhibit.id
        self._sent.update(changes)  # so a second focus-out does not save the same change twice
        self.saved_note.setText(_("Saving…"))
        self.session.run(lambda store: _edit(store, exhibit_id, changes),
                         on_done=lambda _e: self.saved_note.setText(_("Notes saved.")))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.save_changes()
        return super().eventFilter(watched, event)


def _edit(store: CaseStore, exhibit_id: str, changes: dict[str, str]) -> Exhibit:
    return edit_exhibit(store, exhibit_id, changes)


def identifying_words(kinds: list[str]) -> str:
    """'the place where it was taken and a device serial number' (capture/identifying.py kinds)."""
    from evidencekit.bundle.pages_exhibit import identifying_details

    return identifying_details([str(kind) for kind in kinds])
