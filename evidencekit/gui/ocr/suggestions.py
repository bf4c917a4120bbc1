"""On the Details page: the identifiers found in the pictures, offered one by one.

Nothing is added to the details without a click on that finding's own button. A finding whose
checksum fails is shown as "read as … — check it against the picture", never corrected. Findings
already in the details are not offered again.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidencekit.gui.ocr.service import OcrService
from evidencekit.i18n import N_, _, ngettext
from evidencekit.ocr.confirm import TARGETS, shown_value
from evidencekit.ocr.identifiers import Finding
from evidencekit.ocr.wording import check_text, described_kind, where_text

MAX_SHOWN = 25
INTO = {"demands": N_("Add to what they demanded"), "suspect_accounts": N_("Add to the other person's accounts")}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


class IdentifierSuggestions(QWidget):
    confirm_requested = Signal(object)  # a Finding, when its button is clicked

    def __init__(self, service: OcrService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._details_text = ""
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.empty)
        self.rows: list[tuple[Finding, QPushButton]] = []
        self._list = QWidget()  # the rows, made off-screen and swapped in whole: one relayout of the page
        self.layout_.addWidget(self._list)
        self._dirty = False
        service.changed.connect(self._changed)
        self.rebuild()

    def set_details(self, details: dict[str, Any]) -> None:
        """What is in the details already (those findings are not offered again)."""
        text = _compact(" ".join(_strings(details)))
        if text != self._details_text:
            self._details_text = text
            self._changed()

    def offered(self) -> list[Finding]:
        seen: set[tuple[str, str]] = set()
        shown = []
        for finding in self.service.findings:
            key = (finding.kind, finding.normalised)
            if finding.kind not in TARGETS or key in seen or finding.kind == "url":
                continue
            seen.add(key)
            if _compact(finding.normalised) in self._details_text or _compact(finding.value) in self._details_text:
                continue
            shown.append(finding)
        return shown

    def _changed(self) -> None:
        """Redraw now if shown; else when next shown (a hidden page costs the window nothing)."""
        if self.isVisible():
            self.rebuild()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.rebuild()

    def rebuild(self) -> None:
        self.rows = []
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        offered = self.offered()
        if self.service.unavailable:
            self.empty.setText(self.service.unavailable)
        elif not offered:
            self.empty.setText(_("Nothing to add yet. Names, numbers and addresses found in your pictures appear "
                                 "here while the pictures are read."))
        else:
            self.empty.setText(ngettext(
                "Found in your pictures: {count} thing you may want to add. Check it against the picture first.",
                "Found in your pictures: {count} things you may want to add. Check each against the picture first.",
                len(offered)).format(count=len(offered)))
        for finding in offered[:MAX_SHOWN]:
            rows_layout.addWidget(self._row(finding))
        old, self._list = self._list, rows
        self.layout_.replaceWidget(old, rows)
        old.deleteLater()

    def _row(self, finding: Finding) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        kind, where, value = described_kind(finding), where_text(finding), shown_value(finding)
        if finding.valid is False:
            text = _("{kind}: {check}. {where}").format(kind=kind, check=check_text(finding), where=where)
        elif finding.valid is True and finding.kind == "phone":
            text = _("{kind}: {value} — a valid number. {where}").format(kind=kind, value=value, where=where)
        elif finding.valid is True:
            text = _("{kind}: {value} — its check digits are right. {where}").format(kind=kind, value=value,
                                                                                     where=where)
        else:
            text = _("{kind}: {value}. {where}").format(kind=kind, value=value, where=where)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(text)
        row.addWidget(label, 1)
        button = QPushButton(_(INTO[TARGETS[finding.kind][0]]))
        button.setAccessibleName(_("{action}: {value}").format(action=button.text(), value=finding.normalised))
        button.clicked.connect(lambda _checked=False, chosen=finding: self.confirm_requested.emit(chosen))
        row.addWidget(button)
        self.rows.append((finding, button))
        return holder


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
