"""A passphrase entry with a "Show" toggle (people who are upset mistype; hidden text makes it worse)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from evidencekit.i18n import _


class PassphraseField(QWidget):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setMinimumWidth(320)
        self.show_box = QCheckBox(_("Show"))
        self.show_box.setAccessibleName(_("Show: {field}").format(field=accessible_name))
        self.show_box.toggled.connect(self._toggle)
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_box)
        self.setFocusProxy(self.edit)

    def _toggle(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)
