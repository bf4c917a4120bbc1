"""Beside a picture: the text read from it (marked as read by OCR), and a search across every picture.

A plain widget any page can hold: `show_exhibit(id)` picks the picture; `exhibit_chosen` says which
picture a search result belongs to, so the page can show it. Everything comes from the OcrService's
memory; nothing here reads the store or decodes anything.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget

from evidencekit.gui import style
from evidencekit.gui.ocr.service import OcrService
from evidencekit.i18n import _, ngettext

EXHIBIT_ROLE = Qt.ItemDataRole.UserRole + 7
SEARCH_DELAY_MS = 150


class TranscriptPanel(QWidget):
    exhibit_chosen = Signal(str)

    def __init__(self, service: OcrService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._exhibit_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Find words in every picture"))
        self.search_box.setAccessibleName(_("Find words in every picture"))
        self.search_box.setClearButtonEnabled(True)
        layout.addWidget(self.search_box)
        self.hits = QListWidget()
        self.hits.setAccessibleName(_("Pictures with these words"))
        self.hits.setWordWrap(True)
        self.hits.setVisible(False)
        self.hits.setMaximumHeight(160)
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hits.itemActivated.connect(self._hit_chosen)
        self.hits.itemClicked.connect(self._hit_chosen)
        layout.addWidget(self.hits)
        self.hit_count = QLabel("")
        self.hit_count.setAccessibleName(_("Search result"))
        self.hit_count.setVisible(False)
        layout.addWidget(self.hit_count)
        self.heading = style.heading(_("Text in this picture"), scale=1.05)
        layout.addWidget(self.heading)
        self.note = QLabel(_("Read by OCR, may contain mistakes. Check names and numbers against the picture."))
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("About this text"))
        layout.addWidget(self.note)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Text read from this picture"))
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no "copy" into the clipboard
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self._dirty = False
        service.changed.connect(self._changed)
        self._refresh()

    def show_exhibit(self, exhibit_id: str | None) -> None:
        self._exhibit_id = exhibit_id
        self._refresh()

    def _changed(self) -> None:
        """Redraw now if shown; else when next shown (a hidden page costs the window nothing)."""
        if self.isVisible():
            self._refresh()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self._refresh()

    def _refresh(self) -> None:
        transcript = self.service.transcript(self._exhibit_id) if self._exhibit_id else None
        if self.service.unavailable:
            shown = self.service.unavailable
        elif self._exhibit_id is None:
            shown = _("Choose a picture to see the text read from it.")
        elif transcript is None:
            shown = _("The text of this picture is being read in the background. It appears here when it is done.")
        elif not transcript.lines:
            shown = _("No text was found in this picture.")
        else:
            shown = transcript.text()
        if self.text.toPlainText() != shown:
            self.text.setPlainText(shown)
        if self.search_box.text().strip():
            self._search()

    def _search(self) -> None:
        query = self.search_box.text().strip()
        self.hits.clear()
        if not query:
            self.hits.setVisible(False)
            self.hit_count.setVisible(False)
            return
        found = self.service.search(query)
        for exhibit_id, reference, line in found:
            item = QListWidgetItem(_("{reference}: {line}").format(reference=reference, line=line))
            item.setData(EXHIBIT_ROLE, exhibit_id)
            self.hits.addItem(item)
        self.hits.setVisible(bool(found))
        pictures = len({exhibit_id for exhibit_id, _ref, _line in found})
        self.hit_count.setText(ngettext("Found in {count} picture.", "Found in {count} pictures.", pictures).format(
            count=pictures) if found else _("Not found in the text read so far."))
        self.hit_count.setVisible(True)

    def _hit_chosen(self, item: QListWidgetItem) -> None:
        exhibit_id = item.data(EXHIBIT_ROLE)
        if exhibit_id:
            self.exhibit_chosen.emit(str(exhibit_id))
