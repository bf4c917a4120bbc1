"""Form widgets over the case-details document: one field, one record (a group of fields), a list of records.

Every field checks its own value with the core's check (evidencekit.details) when the person leaves it,
and says in words what is wrong next to it. A field that is not valid keeps its last saved value in the
document, so every other edit is still saved at once and nothing typed is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.details import MAX_TEXT
from evidencekit.gui import style
from evidencekit.gui.keyboard import apply_window_tab_order
from evidencekit.i18n import _

Check = Callable[[str], str | None]
CURRENCY_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD", "₹": "INR", "¥": "JPY"}


def tidy_amount(text: str) -> tuple[str, str]:
    """'£1,000' -> ('1000', 'GBP'): people type amounts the way they see them; the document wants digits."""
    currency = ""
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = code
            text = text.replace(symbol, "")
    return text.replace(",", "").replace(" ", ""), currency


class Field(QWidget):
    """A labelled text input (one line, a choice list, or several lines) with its own check and message.

    `label`, `hint`, the `choices` and the `options`' words are English marked with N_(); shown translated.
    """

    edited = Signal()

    def __init__(self, name: str, label: str, check: Check | None, *, hint: str = "", choices: tuple[str, ...] = (),
                 options: dict[str, str] | None = None, multiline: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.label = label = _(label)
        hint = _(hint) if hint else ""
        self._check = check
        self._saved = ""
        self.detected_currency = ""  # "£500" typed in an amount field: GBP, offered to the currency field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.input: QLineEdit | QComboBox | QPlainTextEdit
        if options:  # a fixed choice: stored value -> words shown
            fixed = QComboBox()
            for value, words in options.items():
                fixed.addItem(_(words), value)
            fixed.activated.connect(lambda _index: self._finished())
            self.input = fixed
        elif choices:
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(["", *(_(choice) for choice in choices)])
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = combo.lineEdit()
            assert line is not None
            line.setPlaceholderText(hint)
            line.editingFinished.connect(self._finished)
            combo.activated.connect(lambda _index: self._finished())
            self.input = combo
        elif multiline:
            text = QPlainTextEdit()
            text.setPlaceholderText(hint)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(style.SPACING * 6)
            self.input = text
        else:
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setMaxLength(MAX_TEXT)
            edit.editingFinished.connect(self._finished)
            self.input = edit
        self.input.setAccessibleName(label)
        if hint:
            self.input.setAccessibleDescription(hint)
        layout.addWidget(self.input)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        palette = self.problem.palette()
        palette.setColor(self.problem.foregroundRole(), style.destructive_colour())
        self.problem.setPalette(palette)
        layout.addWidget(self.problem)

    def text(self) -> str:
        if isinstance(self.input, QComboBox) and not self.input.isEditable():
            return str(self.input.currentData() or "")
        if isinstance(self.input, QComboBox):
            return self.input.currentText().strip()
        if isinstance(self.input, QPlainTextEdit):
            return self.input.toPlainText().strip()
        return self.input.text().strip()

    def set_text(self, value: str) -> None:
        self._saved = value
        if isinstance(self.input, QComboBox) and not self.input.isEditable():
            self.input.setCurrentIndex(max(0, self.input.findData(value)))
        elif isinstance(self.input, QComboBox):
            self.input.setEditText(value)
        elif isinstance(self.input, QPlainTextEdit):
            if self.input.toPlainText() != value:
                self.input.setPlainText(value)
        else:
            self.input.setText(value)
        self._show_problem(None)

    def problem_text(self) -> str | None:
        value = self.text()
        if len(value) > MAX_TEXT and not isinstance(self.input, QPlainTextEdit):
            return _("This is longer than {limit} characters.").format(limit=MAX_TEXT)
        if value and self._check is not None:
            problem = self._check(value)
            if problem:
                # Translators: {problem} is a check's words, e.g. "is not a real date".
                return _("This {problem}. It is not saved until it is fixed.").format(
                    problem=_(problem.split(" (got")[0]))
        return None

    def value(self) -> str:
        """The text for the document: what is typed when valid, else the last saved value."""
        return self._saved if self.problem_text() else self.text()

    def mark_saved(self) -> None:
        if not self.problem_text():
            self._saved = self.text()

    def _finished(self) -> None:
        if self.name == "amount" and isinstance(self.input, QLineEdit):
            amount, self.detected_currency = tidy_amount(self.input.text())
            if amount != self.input.text():
                self.input.setText(amount)
        if self.name == "currency" and isinstance(self.input, QLineEdit):
            self.input.setText(self.input.text().strip().upper())
        self._show_problem(self.problem_text())
        self.edited.emit()

    def _show_problem(self, problem: str | None) -> None:
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        self.input.setAccessibleDescription(problem or "")

    def plain_edit_finished(self) -> None:
        """Several-line fields have no editingFinished; the record calls this when focus leaves them."""
        self._finished()


class RecordEditor(QFrame):
    """Fields of one record (an account, a demand, a report) in a form; `edited` after any field changes."""

    edited = Signal()

    def __init__(self, shape: dict[str, Check | None], labels: dict[str, str], *, hints: dict[str, str] | None = None,
                 choices: dict[str, tuple[str, ...]] | None = None, options: dict[str, dict[str, str]] | None = None,
                 multiline: tuple[str, ...] = (),
                 only: tuple[str, ...] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shape = shape
        self.fields: dict[str, Field] = {}
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in only or tuple(shape):
            field = Field(name, labels.get(name, name), shape[name], hint=(hints or {}).get(name, ""),
                          choices=(choices or {}).get(name, ()), options=(options or {}).get(name),
                          multiline=name in multiline)
            field.edited.connect(lambda field=field: self._field_edited(field))
            if isinstance(field.input, QPlainTextEdit):
                field.input.installEventFilter(self)
            label = _form_label(field.label)
            label.setBuddy(field.input)
            self.form.addRow(label, field)
            self.fields[name] = field

    def _field_edited(self, field: Field) -> None:
        currency = self.fields.get("currency")
        if field.name == "amount" and field.detected_currency and currency is not None and not currency.text():
            currency.set_text(field.detected_currency)
        self.edited.emit()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusOut:
            for field in self.fields.values():
                if field.input is watched:
                    field.plain_edit_finished()
        return False

    def value(self) -> dict[str, str]:
        record = {name: "" for name in self.shape}
        record.update({name: field.value() for name, field in self.fields.items()})
        return record

    def set_value(self, record: dict[str, Any]) -> None:
        for name, field in self.fields.items():
            field.set_text(str(record.get(name, "") or ""))

    def mark_saved(self) -> None:
        for field in self.fields.values():
            field.mark_saved()

    def problems(self) -> list[str]:
        return [_("{field}: {problem}").format(field=field.label.rstrip("?:"), problem=problem)
                for field in self.fields.values() if (problem := field.problem_text())]


def _form_label(text: str) -> QLabel:
    """A field's label that is never clipped: one line up to about 32 characters' width, wrapped beyond
    that with room reserved for every line (a wrapped QLabel in a form row otherwise gets the height of
    one line, and "How they wanted it paid" lost half of each line)."""
    label = QLabel(text)
    metrics = label.fontMetrics()
    natural = metrics.horizontalAdvance(text) + 2
    widest = metrics.averageCharWidth() * 32
    if natural <= widest:
        label.setMinimumWidth(natural)
        return label
    label.setWordWrap(True)
    label.setMinimumWidth(widest)
    label.setMinimumHeight(label.heightForWidth(widest))
    return label


class ListWords(NamedTuple):
    """A record list's buttons, whole sentences (a noun cannot be slotted into another language's grammar);
    English marked with N_(), shown translated. `remove_numbered` has {number}."""

    add: str
    remove: str
    remove_numbered: str


class RecordListEditor(QWidget):
    """A list of records of one kind (several accounts, several demands) with add and remove buttons."""

    edited = Signal()

    def __init__(self, words: ListWords, make_editor: Callable[[], RecordEditor],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self._make_editor = make_editor
        self.editors: list[RecordEditor] = []
        self._rows: list[QWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._list = QVBoxLayout()
        self._list.setSpacing(style.SPACING)
        layout.addLayout(self._list)
        self.add_button = QPushButton(_(words.add))
        self.add_button.setAccessibleName(_(words.add))
        self.add_button.clicked.connect(self._add_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _add_row(self, record: dict[str, Any] | None) -> RecordEditor:
        editor = self._make_editor()
        editor.setFrameShape(QFrame.Shape.StyledPanel)
        if record:
            editor.set_value(record)
        editor.edited.connect(self.edited)
        remove = QPushButton(_(self.words.remove))
        remove.setAccessibleName(_(self.words.remove_numbered).format(number=len(self.editors) + 1))
        style.mark_destructive(remove)
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(editor)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(remove)
        box.addLayout(line)
        remove.clicked.connect(lambda: self._remove(container, editor))
        self._list.addWidget(container)
        self.editors.append(editor)
        self._rows.append(container)
        return editor

    def _add_clicked(self) -> None:
        editor = self._add_row(None)
        apply_window_tab_order(self)  # the new record's fields in their place, not at the end of Tab
        first = next(iter(editor.fields.values()), None)
        if first is not None:
            first.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove(self, container: QWidget, editor: RecordEditor) -> None:
        index = self.editors.index(editor)
        del self.editors[index]
        del self._rows[index]
        self._list.removeWidget(container)
        container.hide()
        container.deleteLater()
        apply_window_tab_order(self)
        self.add_button.setFocus()
        self.edited.emit()

    def value(self) -> list[dict[str, str]]:
        return [editor.value() for editor in self.editors]

    def set_value(self, records: list[dict[str, Any]], *, keep_one: bool = True) -> None:
        for container in self._rows:
            self._list.removeWidget(container)
            container.hide()
            container.deleteLater()
        self.editors.clear()
        self._rows.clear()
        for record in records:
            self._add_row(record)
        if not records and keep_one:
            self._add_row(None)

    def mark_saved(self) -> None:
        for editor in self.editors:
            editor.mark_saved()

    def problems(self) -> list[str]:
        return [problem for editor in self.editors for problem in editor.problems()]
