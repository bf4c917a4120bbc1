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
from evidencekit.gui import guidance_view, style
from evidencekit.gui.session import CaseSession
from evidencekit.store import CATEGORIES, CaseStore, Exhibit


def describe_when(exhibit: Exhibit) -> str:
    """"Captured 27 Nov 2026 23:01:02 (UTC+01:00)" or "Imported …" from the exhibit's record."""
    time = exhibit.recorded.get("time") or exhibit.recorded.get("imported_at") or {}
    local = str(time.get("local", "")) if isinstance(time, dict) else ""
    shown = local[:19].replace("T", " ") if local else "time not recorded"
    offset = f" (UTC{time.get('offset')})" if isinstance(time, dict) and time.get("offset") else ""
    return f"{'Captured' if exhibit.origin == 'captured' else 'Imported'} {shown}{offset}"


class ExhibitEditor(QWidget):
    """Shows the selected exhibit's fields; `show_exhibit(None)` empties and disables it."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.exhibit: Exhibit | None = None
        self._sent: dict[str, str] = {}  # values sent to the journal for this exhibit, maybe not back yet
        self.setAccessibleName("Notes on the selected picture")
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
        self.category.addItem("Not chosen", "")
        for name in CATEGORIES:
            self.category.addItem(name.capitalize(), name)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItem("")
        self.platform.addItems(guidance_view.platform_names())
        self.url = QLineEdit()
        self.url.setPlaceholderText("The address shown, e.g. instagram.com/their_name")
        self.message_time = QLineEdit()
        self.message_time.setPlaceholderText("As shown in the chat, e.g. Yesterday 21:14")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.notes.installEventFilter(self)
        rows = (("&Label:", self.label, "Label"), ("Cate&gory:", self.category, "Category"),
                ("Platfo&rm:", self.platform, "Platform"), ("&URL shown:", self.url, "URL shown on the screen"),
                ("Message t&ime shown:", self.message_time, "Message time shown on the screen"),
                ("N&otes:", self.notes, "Notes"))
        for text, widget, name in rows:
            widget.setAccessibleName(name)
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        self.saved_note = QLabel("")
        self.saved_note.setAccessibleName("Saving status of the notes")
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
            self.heading.setText("No picture chosen")
            self.facts.setText("Choose a picture above to add notes to it.")
            for edit in (self.label, self.url, self.message_time):
                edit.clear()
            self.notes.clear()
            return
        fields = exhibit.fields
        self.heading.setText(f"Exhibit {exhibit.reference}")
        self.heading.setAccessibleName(f"Exhibit {exhibit.reference}")
        self.facts.setText(f"{describe_when(exhibit)}. Fingerprint (SHA-256): {exhibit.sha256[:16]}…")
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
        self.saved_note.setText("Saving…")
        self.session.run(lambda store: _edit(store, exhibit_id, changes),
                         on_done=lambda _e: self.saved_note.setText("Notes saved."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.save_changes()
        return super().eventFilter(watched, event)


def _edit(store: CaseStore, exhibit_id: str, changes: dict[str, str]) -> Exhibit:
    return edit_exhibit(store, exhibit_id, changes)
