"""The "Review and hide parts" page: each exhibit at full size, solid black boxes over intimate parts.

Boxes are saved as an `exhibit.redaction_set` event the moment an edit finishes (draw, move, resize,
delete). The picture is read and decoded off the GUI thread and held in memory only. Whether the
uncovered original goes to the police is a per-exhibit choice; withheld is the default, and for a
person under 18 the original is always withheld.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui import autosave, style, texts, workers
from evidencekit.gui.ocr.service import ocr_service
from evidencekit.gui.ocr.transcript_panel import TranscriptPanel
from evidencekit.gui.page import Page
from evidencekit.gui.pages.redaction_canvas import Box, RedactionCanvas, image_from_bytes
from evidencekit.gui.session import CaseSession, error_message
from evidencekit.i18n import N_, _, ngettext
from evidencekit.store import CaseState, CaseStore, Exhibit

EXHIBIT_ROLE = Qt.ItemDataRole.UserRole + 1


def exhibit_line(exhibit: Exhibit) -> str:
    label = exhibit.fields.get("label") or texts.category_name(exhibit.fields.get("category") or "") or exhibit.origin
    line = f"{exhibit.reference}  {label}"
    if exhibit.redaction and exhibit.redaction.boxes:
        count = len(exhibit.redaction.boxes)
        hidden = ngettext("■ parts hidden: {count} box", "■ parts hidden: {count} boxes", count).format(count=count)
        line = f"{line}\n{hidden}"
    return line


class ReviewPage(Page):
    step_id = "review"
    title = N_("Review and hide parts")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.add_intro(_("Look at each picture before it goes to the police. If a picture shows something "
                       "intimate, cover it with a black box: drag over it with the mouse, or press N to add a "
                       "box and move it with the arrow keys. The police bundle then shows the covered picture. "
                       "The uncovered original stays safe, locked in this case."))
        self.young_note = self.add_intro(_("You told us you are under 18: never keep or send nude images. If a "
                                         "picture here is nude, choose \"This picture is nude: remove it now\": it "
                                         "is destroyed in this case. Cover anything else that is private; its "
                                         "uncovered original is never put in the bundle."))
        self.young_note.setVisible(False)
        row = QHBoxLayout()
        self.exhibit_list = QListWidget()
        self.exhibit_list.setAccessibleName(_("Pictures in this case"))
        self.exhibit_list.setMinimumWidth(160)
        self.exhibit_list.setMaximumWidth(220)
        self.exhibit_list.setWordWrap(True)
        self.exhibit_list.currentItemChanged.connect(self._current_changed)
        row.addWidget(self.exhibit_list)
        column = QVBoxLayout()
        self.caption = QLabel(_("Choose a picture on the left."))
        self.caption.setFont(style.scaled_font(1.1, bold=True))
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName(_("Picture shown"))
        # two lines kept for it: "… parts hidden (1 box). The bundle shows the covered picture." wraps where
        # "… nothing hidden." did not, which moved the picture down under the first box drawn
        two_lines = QLabel("A\nA")  # i18n: not shown (measures two lines of the caption's font)
        two_lines.setFont(self.caption.font())
        two_lines.setWordWrap(True)
        self.caption.setMinimumHeight(two_lines.heightForWidth(1000))
        column.addWidget(self.caption)
        boxes_row, zoom_row = self._toolbar()
        column.addLayout(boxes_row)
        column.addLayout(zoom_row)
        self.show_original_button = QPushButton(_("Show the original under the boxes (to change them)"))
        self.show_original_button.setAccessibleName(_("Show the original picture under its black boxes"))
        self.show_original_button.clicked.connect(self.show_original)
        self.show_original_button.setVisible(False)
        column.addWidget(self.show_original_button)
        removal = QHBoxLayout()
        self.nude_button = QPushButton(_("This picture is nude: remove it now"))
        self.nude_button.setAccessibleName(_("This picture is nude: remove it from the case now"))
        self.remove_button = QPushButton(_("Remove this picture for safety…"))
        for button in (self.nude_button, self.remove_button):
            style.mark_destructive(button)
            removal.addWidget(button)
        removal.addStretch(1)
        self.nude_button.clicked.connect(lambda: self.offer_removal(nude=True))
        self.remove_button.clicked.connect(lambda: self.offer_removal(nude=False))
        self.nude_button.setVisible(False)
        column.addLayout(removal)
        self.canvas = RedactionCanvas()
        self.canvas.setMinimumHeight(420)
        self.canvas.setMinimumWidth(320)
        self.canvas.boxes_changed.connect(self._boxes_changed)
        self.canvas.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)} %"))
        column.addWidget(self.canvas, 1)
        column.addWidget(self._original_choice())
        self.status = QLabel("")
        self.status.setAccessibleName(_("Save status"))
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        row.addLayout(column, 1)
        self.transcript_panel = TranscriptPanel(ocr_service(session))
        self.transcript_panel.setMinimumWidth(200)
        self.transcript_panel.setMaximumWidth(260)
        self.transcript_panel.exhibit_chosen.connect(self.show_exhibit)
        row.addWidget(self.transcript_panel)
        self.body.addLayout(row, 1)
        self.add_what_next(_("When every picture is checked, make the police bundle. Covered pictures are marked "
                           "REDACTED VIEW in it."))
        self._exhibits: dict[str, Exhibit] = {}
        self._shown_id: str | None = None
        self._loading_id: str | None = None
        self._saving = False
        self._pending: tuple[str, list[list[int]], bool] | None = None
        self._original_image: QImage | None = None
        autosave.register(self.flush)

    def _toolbar(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The box buttons, and the zoom buttons below them (in one row they were wider than a window 960
        pixels wide, and the page was cut at its right)."""
        bar = QHBoxLayout()
        buttons = [
            (_("Add a box (N)"), _("Add a black box in the middle of the view"), self._add_box),
            (_("Delete box (Del)"), _("Delete the chosen black box"), self._delete_box),
            (_("Remove all boxes"), _("Remove every black box from this picture"), self._delete_all),
        ]
        for text, name, slot in buttons:
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
            if slot == self._delete_all:
                style.mark_destructive(button)
        bar.addStretch(1)
        boxes_bar, bar = bar, QHBoxLayout()
        for text, name, slot in [("−", _("Zoom out (Ctrl+minus)"), lambda: self.canvas.zoom_out()),
                                 (_("Fit"), _("Fit the picture in the window (Ctrl+0)"),
                                  lambda: self.canvas.fit_to_window()),
                                 ("1:1", _("Show at full size"), lambda: self.canvas.actual_size()),
                                 ("+", _("Zoom in (Ctrl+plus)"), lambda: self.canvas.zoom_in())]:
            zoom_button = QToolButton()
            zoom_button.setText(text)
            zoom_button.setMinimumWidth(36)
            zoom_button.setAccessibleName(name)
            zoom_button.setToolTip(name)
            zoom_button.clicked.connect(slot)
            bar.addWidget(zoom_button)
        self.zoom_label = QLabel("")
        self.zoom_label.setAccessibleName(_("Zoom"))
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        return boxes_bar, bar

    def _original_choice(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("For a picture with black boxes, the uncovered original:")))
        self.withhold_radio = QRadioButton(_("Keep it back — the police can ask for it later (recommended)"))
        self.include_radio = QRadioButton(_("Include it for the police (attached to the bundle, not shown on the "
                                            "page)"))
        self.withhold_radio.setChecked(True)
        self.original_group = QButtonGroup(self)
        for radio in (self.withhold_radio, self.include_radio):
            self.original_group.addButton(radio)
            layout.addWidget(radio)
        self.include_radio.toggled.connect(self._original_choice_changed)
        return holder

    # ----- state ------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        autosave.flush_before_closing(self.window())  # closing the window closes the case: save first

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        young = bool(self.session.under_18)
        self.young_note.setVisible(young)
        self.nude_button.setVisible(young)  # the under-18 route offers removal first
        self.include_radio.setEnabled(not young)
        self._exhibits = {exhibit.id: exhibit for exhibit in state.pictures}
        current = self._shown_id or self._loading_id
        self.exhibit_list.blockSignals(True)
        self.exhibit_list.clear()
        for exhibit in state.pictures:
            item = QListWidgetItem(exhibit_line(exhibit))
            item.setData(EXHIBIT_ROLE, exhibit.id)
            hidden = bool(exhibit.redaction and exhibit.redaction.boxes)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         _("{reference}, parts hidden").format(reference=exhibit.reference) if hidden
                         else exhibit.reference)
            if hidden:
                item.setFont(style.scaled_font(1.0, bold=True))
            self.exhibit_list.addItem(item)
            if exhibit.id == current:
                self.exhibit_list.setCurrentItem(item)
        self.exhibit_list.blockSignals(False)
        if current in self._exhibits and current == self._shown_id:
            self._update_caption(self._exhibits[current])
            self._sync_original_choice(self._exhibits[current])
        elif current in self._exhibits:
            pass  # still opening it
        elif self._exhibits and self.isVisible():
            self.exhibit_list.setCurrentRow(0)
        elif not self._exhibits:
            self.canvas.clear_image()
            self._shown_id = None
            self.caption.setText(_("No pictures yet. Take pictures of their profile and the conversation first."))

    def on_shown(self) -> None:
        super().on_shown()
        if self._shown_id is None and self.exhibit_list.count():
            self.exhibit_list.setCurrentRow(0)

    def show_exhibit(self, exhibit_id: str) -> None:
        for row in range(self.exhibit_list.count()):
            if self.exhibit_list.item(row).data(EXHIBIT_ROLE) == exhibit_id:
                self.exhibit_list.setCurrentRow(row)
                return

    def _current_changed(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            return
        exhibit = self._exhibits.get(item.data(EXHIBIT_ROLE))
        if exhibit is None or exhibit.id in (self._shown_id, self._loading_id):
            return
        self._shown_id = None
        self._loading_id = exhibit.id
        self.transcript_panel.show_exhibit(exhibit.id)
        self.canvas.clear_image()
        self._original_image = None
        self.show_original_button.setVisible(False)
        self.caption.setText(_("{reference}: opening the picture…").format(reference=exhibit.reference))
        exhibit_id = exhibit.id

        def decode(store: CaseStore) -> QImage:
            return image_from_bytes(store.read_object(exhibit_id))  # QImage is safe off the GUI thread

        self.session.run(decode, on_done=lambda image: self._loaded(exhibit_id, image),
                         on_error=self._load_failed)

    def _loaded(self, exhibit_id: str, image: QImage) -> None:
        if exhibit_id != self._loading_id or exhibit_id not in self._exhibits:
            return
        self._loading_id = None
        exhibit = self._exhibits[exhibit_id]
        if image.isNull():
            self.caption.setText(_("{reference}: this picture cannot be shown.").format(reference=exhibit.reference))
            return
        boxes = list(exhibit.redaction.boxes) if exhibit.redaction else []
        self._original_image = image
        self.canvas.set_image(image, boxes, locked=True)  # a covered picture opens covered
        self.show_original_button.setVisible(self.canvas.locked)
        self._shown_id = exhibit_id
        self._update_caption(exhibit)
        self._sync_original_choice(exhibit)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading_id = None
        self.caption.setText(error_message(exc))

    def _update_caption(self, exhibit: Exhibit) -> None:
        width, height = self.canvas.image_size()
        boxes = len(exhibit.redaction.boxes) if exhibit.redaction else 0
        if boxes:
            text = ngettext("{reference} · {width}×{height} pixels — ■ parts hidden ({count} box). The bundle "
                            "shows the covered picture.",
                            "{reference} · {width}×{height} pixels — ■ parts hidden ({count} boxes). The bundle "
                            "shows the covered picture.", boxes)
        else:
            text = _("{reference} · {width}×{height} pixels — nothing hidden.")
        self.caption.setText(text.format(reference=exhibit.reference, width=width, height=height, count=boxes))

    def _sync_original_choice(self, exhibit: Exhibit) -> None:
        include = bool(exhibit.redaction and exhibit.redaction.include_original) and not self.session.under_18
        self.include_radio.blockSignals(True)
        (self.include_radio if include else self.withhold_radio).setChecked(True)
        self.include_radio.blockSignals(False)

    # ----- editing ----------------------------------------------------------------------------------

    def _add_box(self) -> None:
        self.canvas.setFocus()
        self.canvas.add_box_in_view()

    def offer_removal(self, *, nude: bool) -> None:
        """Removal for safeguarding of the picture shown (and its twins), after a confirmation."""
        from evidencekit.gui.safeguarding_dialogs import RemovalDialog

        exhibit = self._exhibits.get(self._shown_id or "")
        if exhibit is None or self.session.store is None:
            return
        linked = {e.object_id for e in self.session.store.events() if e.action == "exhibit.linked"
                  and e.data.get("to") == exhibit.id} | {e.data.get("to") for e in self.session.store.events()
                                                         if e.action == "exhibit.linked" and e.object_id == exhibit.id}
        twins = [other.reference for other in self._exhibits.values() if other.id in linked]
        young = bool(self.session.under_18) or nude
        self.removal_dialog = RemovalDialog(exhibit.reference, young=young, twins=twins,
                                            on_remove=lambda reason: self._remove(exhibit, reason, young), parent=self)
        self.removal_dialog.open()

    def _remove(self, exhibit: Exhibit, reason: str, young: bool) -> None:
        from evidencekit.gui.safeguarding_dialogs import REMOVED, REMOVED_YOUNG
        from evidencekit.safeguarding import remove_for_safeguarding

        self.status.setText(_("Removing {reference}…").format(reference=exhibit.reference))
        self.canvas.clear_image()
        self._original_image = None
        self._shown_id = None
        self.show_original_button.setVisible(False)

        def done(removed: list[dict[str, Any]]) -> None:
            references = ", ".join(str(entry["reference"]) for entry in removed)
            self.status.setText(_(REMOVED_YOUNG if young else REMOVED).format(references=references))

        self.session.run(lambda store: remove_for_safeguarding(store, exhibit.id, reason=reason,
                                                               confirm=exhibit.reference),
                         on_done=done, on_error=lambda exc: self.status.setText(error_message(exc)))

    def show_original(self) -> None:
        """Only here, and only when asked: the original's pixels under the saved boxes, to change them."""
        if self._original_image is not None and self.canvas.locked:
            self.canvas.show_original(self._original_image)
        self.show_original_button.setVisible(False)

    def _delete_box(self) -> None:
        if self.canvas.locked:
            self.status.setText(_("To change the saved boxes, first choose \"Show the original under the boxes\"."))
            return
        if not self.canvas.delete_selected():
            self.status.setText(_("Click a black box first to choose it, then delete it."))

    def _delete_all(self) -> None:
        if self.canvas.locked:
            self.status.setText(_("To change the saved boxes, first choose \"Show the original under the boxes\"."))
            return
        self.canvas.delete_all()

    def _original_choice_changed(self, _checked: bool) -> None:
        if self._shown_id is not None:
            self._save(self._shown_id, self.canvas.boxes())

    def _boxes_changed(self, boxes: list[Box]) -> None:
        if self._shown_id is not None:
            self._save(self._shown_id, boxes)

    def _save(self, exhibit_id: str, boxes: list[Box]) -> None:
        """One save at a time; edits made meanwhile are folded into the next save (newest wins)."""
        include = self.include_radio.isChecked() and not self.session.under_18
        self._pending = (exhibit_id, [list(box) for box in boxes], include)
        if not self._saving:
            self._save_next()

    def _save_next(self) -> None:
        if self._pending is None or not self.session.is_open:
            return
        exhibit_id, boxes, include = self._pending
        self._pending = None
        self._saving = True
        data = {"boxes": boxes, "include_original": include}
        self.status.setText(_("Saving…"))
        self.session.run(lambda store: _save_boxes(store, exhibit_id, data),
                         on_done=lambda _event: self._saved(len(boxes)), on_error=self._save_failed)

    def _saved(self, count: int) -> None:
        self._saving = False
        self.status.setText(ngettext("Saved: {count} black box on this picture.",
                                     "Saved: {count} black boxes on this picture.", count).format(count=count)
                            if count else _("Saved: nothing hidden on this picture."))
        self._save_next()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.status.setText(_("Not saved: {reason}").format(reason=error_message(exc)))

    def flush(self) -> None:
        """Before locking: let the save in flight land, then write the newest boxes synchronously."""
        store = self.session.store
        if self._saving:
            workers.wait_for_all(5000)
        if self._pending is None or store is None or not store.is_open:
            return
        exhibit_id, boxes, include = self._pending
        self._pending = None
        store.append_event("exhibit.redaction_set", {"boxes": boxes, "include_original": include},
                           object_id=exhibit_id)


def _save_boxes(store: CaseStore, exhibit_id: str, data: dict[str, Any]) -> None:
    """On the worker: the boxes, then the same on every exhibit with the same pixels (capture/linking.py)."""
    from evidencekit.capture.linking import save_boxes

    save_boxes(store, exhibit_id, data)
