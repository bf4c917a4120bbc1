"""The case's pictures as a grid of thumbnails with exhibit numbers and categories, and their notes.

Thumbnails are made in memory (gui/thumbnails.py); choosing one shows its notes for editing below.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QCheckBox, QLabel, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.gui.pages.exhibit_editor import ExhibitEditor
from evidencekit.gui.session import CaseSession
from evidencekit.gui.thumbnails import THUMB_SIZE, ThumbnailCache
from evidencekit.i18n import _
from evidencekit.store import CaseState, Exhibit

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # a plain int: enum arithmetic is slow in PySide6


def caption(exhibit: Exhibit) -> str:
    """Text under a thumbnail: reference, category, label (short)."""
    category = texts.category_name(exhibit.fields.get("category") or "") or _("no category")
    label = exhibit.fields.get("label") or ""
    short = label if len(label) <= 28 else label[:27] + "…"
    line = _("{reference} · {category}").format(reference=exhibit.reference, category=category)
    return f"{line}\n{short}" if short else line


# What a thumbnail shows of one exhibit: its id, its notes and its black boxes.
_Signature = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[int, int, int, int], ...]]


class Gallery(QWidget):
    """Shows the exhibits of `categories` (all when `show_all` is ticked) and edits the chosen one."""

    def __init__(self, session: CaseSession, categories: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.categories = categories
        self.thumbnails = ThumbnailCache(parent=self)
        self.thumbnails.ready.connect(self._thumbnail_ready)
        session.locked.connect(self.thumbnails.clear)
        self.exhibits: list[Exhibit] = []
        self._signature: list[_Signature] | None = None
        self._items: dict[str, QListWidgetItem] = {}  # exhibit id -> its item in the grid
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(style.SPACING)
        self.empty_label = QLabel(_("No pictures yet. The pictures you take appear here."))
        self.empty_label.setWordWrap(True)
        column.addWidget(self.empty_label)
        self.grid = QListWidget()
        self.grid.setAccessibleName(_("Pictures saved in this case"))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB_SIZE)
        self.grid.setGridSize(QSize(THUMB_SIZE.width() + 24, THUMB_SIZE.height() + 64))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setWordWrap(True)
        self.grid.setMinimumHeight(THUMB_SIZE.height() + 90)
        self.grid.currentItemChanged.connect(self._chosen)
        column.addWidget(self.grid)
        self.show_all = QCheckBox(_("Show all pictures in this cas&e"))
        self.show_all.setAccessibleName(_("Show all pictures in this case"))
        self.show_all.toggled.connect(self._show_all_toggled)
        column.addWidget(self.show_all)
        self.show_all.setVisible(bool(categories))
        self.editor = ExhibitEditor(session)
        column.addWidget(self.editor)

    def visible_exhibits(self, state: CaseState) -> list[Exhibit]:
        if not self.categories or self.show_all.isChecked():
            return state.pictures
        return [e for e in state.pictures if (e.fields.get("category") or "") in self.categories]

    def refresh(self, state: CaseState) -> None:
        exhibits = self.visible_exhibits(state)
        signature = [(e.id, tuple(sorted(e.fields.items())), _boxes(e)) for e in exhibits]
        if signature == self._signature and self.session.store is not None:
            self.exhibits = exhibits  # same pictures and notes: keep the grid (cheap on every journal event)
            self._chosen()
            return
        self._signature = signature
        chosen = self.current_id()
        self.exhibits = exhibits
        self.grid.blockSignals(True)
        self.grid.clear()
        self._items = {}
        for exhibit in self.exhibits:
            item = QListWidgetItem(caption(exhibit))
            self._items[exhibit.id] = item
            item.setData(ID_ROLE, exhibit.id)
            fields = exhibit.fields
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _("Exhibit {reference}, {category}, {label}").format(
                reference=exhibit.reference,
                category=texts.category_name(fields.get("category") or "") or _("no category"),
                label=fields.get("label") or _("no label")))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.thumbnails.want(exhibit.id, _boxes(exhibit))
            image = self.thumbnails.get(self.session.store, exhibit.id, _boxes(exhibit))  # covered: as covered
            if image is not None and not image.isNull():
                item.setIcon(thumbnail_icon(image))
            self.grid.addItem(item)
        self.grid.blockSignals(False)
        self.empty_label.setVisible(not self.exhibits)
        ids = [e.id for e in self.exhibits]
        if chosen in ids:
            self.grid.setCurrentRow(ids.index(chosen))
        elif self.exhibits and chosen is None:
            self.grid.setCurrentRow(len(self.exhibits) - 1)  # the newest picture
        self._chosen()

    def _show_all_toggled(self) -> None:
        self._signature = None
        if self.session.state is not None:
            self.refresh(self.session.state)

    def current_id(self) -> str | None:
        item = self.grid.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def select(self, exhibit_id: str) -> None:
        for row in range(self.grid.count()):
            if self.grid.item(row).data(ID_ROLE) == exhibit_id:
                self.grid.setCurrentRow(row)
                return

    def _chosen(self, *_args: object) -> None:
        chosen = self.current_id()
        self.editor.show_exhibit(next((e for e in self.exhibits if e.id == chosen), None))

    def _thumbnail_ready(self, exhibit_id: str, image: QImage) -> None:
        item = self._items.get(exhibit_id)  # not a scan of the grid: 1,000 thumbnails made it 1,000,000 looks
        if item is not None and not image.isNull():
            item.setIcon(thumbnail_icon(image))


def thumbnail_icon(image: QImage) -> QIcon:
    """The thumbnail in the middle of a clear THUMB_SIZE square: a tall phone picture and a wide screen take
    the same room, so the thumbnails and captions of a row line up (a tall one pushed its caption down)."""
    canvas = QPixmap(THUMB_SIZE)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.drawImage((THUMB_SIZE.width() - image.width()) // 2, (THUMB_SIZE.height() - image.height()) // 2, image)
    painter.end()
    return QIcon(canvas)


def _boxes(exhibit: Exhibit) -> tuple[tuple[int, int, int, int], ...]:
    """The black boxes of a covered picture (the thumbnail shows them, as the bundle does)."""
    return tuple(tuple(box) for box in exhibit.redaction.boxes) if exhibit.redaction else ()  # type: ignore[misc]
