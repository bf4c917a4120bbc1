"""The case's pictures as a grid of thumbnails with exhibit numbers and categories, and their notes.

Thumbnails are made in memory (gui/thumbnails.py); choosing one shows its notes for editing below.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFontMetrics, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QCheckBox, QLabel, QListView, QStyle, QVBoxLayout, QWidget

from evidencekit.gui import style, texts
from evidencekit.gui.pages.exhibit_editor import ExhibitEditor
from evidencekit.gui.session import CaseSession
from evidencekit.gui.thumbnails import THUMB_SIZE, ThumbnailCache
from evidencekit.i18n import _
from evidencekit.store import CaseState, Exhibit

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # a plain int: enum arithmetic is slow in PySide6
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_SIZE_HINT = int(Qt.ItemDataRole.SizeHintRole)
GRID_SIZE = QSize(THUMB_SIZE.width() + 24, THUMB_SIZE.height() + 64)  # a thumbnail and two caption lines


def caption(exhibit: Exhibit) -> str:
    """Text under a thumbnail: reference, category, label (short)."""
    category = texts.category_name(exhibit.fields.get("category") or "") or _("no category")
    label = exhibit.fields.get("label") or ""
    short = label if len(label) <= 28 else label[:27] + "…"
    line = _("{reference} · {category}").format(reference=exhibit.reference, category=category)
    return f"{line}\n{short}" if short else line


def spoken(exhibit: Exhibit) -> str:
    """What a screen reader says for a thumbnail."""
    fields = exhibit.fields
    return _("Exhibit {reference}, {category}, {label}").format(
        reference=exhibit.reference, category=texts.category_name(fields.get("category") or "") or _("no category"),
        label=fields.get("label") or _("no label"))


# What a thumbnail shows of one exhibit: its id, its notes and its black boxes.
_Signature = tuple[str, tuple[tuple[str, str], ...], tuple[tuple[int, int, int, int], ...]]


class ExhibitModel(QAbstractListModel):
    """The gallery's exhibits for a list view. Nothing is made per exhibit until the view asks for it:
    captions, spoken text, thumbnails and icons are made for the rows painted (and kept), so a case of 1,000
    pictures costs the window one row count, not 1,000 items and 1,000 thumbnails (made in one go, the items
    stalled the window ~70 ms, and the thumbnails kept a thread busy for seconds, slowing the window)."""

    def __init__(self, session: CaseSession, thumbnails: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.thumbnails = thumbnails
        self.exhibits: list[Exhibit] = []
        self.item_size = QSize(GRID_SIZE)  # every item alike: no caption is laid out to size its item
        self._rows: dict[str, int] = {}  # exhibit id -> its row
        self._text: dict[tuple[str, int], str] = {}  # (exhibit id, role) -> caption or spoken text
        self._icons: dict[str, tuple[QImage, QIcon]] = {}  # exhibit id -> the thumbnail and its icon
        self._metrics: QFontMetrics | None = None  # the view's font, and its text width under a thumbnail
        self._text_width = 0

    def fit_captions(self, metrics: QFontMetrics, width: int) -> None:
        """Cut each caption line that is wider than `width` at its end ("…"): the items have room for two
        lines, so a label wrapped onto a third was cut off mid-line under its thumbnail."""
        self._metrics, self._text_width = metrics, width
        self._text.clear()

    def set_exhibits(self, exhibits: list[Exhibit]) -> None:
        """Show `exhibits`: the same pictures in the same order keep their rows (where the view is scrolled
        to, the current one) and only their words are made again; any other change starts the list anew."""
        self._text.clear()
        if [e.id for e in exhibits] == [e.id for e in self.exhibits]:
            self.exhibits = exhibits
            if exhibits:
                self.dataChanged.emit(self.index(0), self.index(len(exhibits) - 1), [_DISPLAY, _ACCESSIBLE])
            return
        self.beginResetModel()
        self.exhibits = exhibits
        self._rows = {exhibit.id: row for row, exhibit in enumerate(exhibits)}
        self._icons = {key: icon for key, icon in self._icons.items() if key in self._rows}
        self.endResetModel()

    def row_of(self, exhibit_id: str) -> int | None:
        return self._rows.get(exhibit_id)

    def thumbnail_ready(self, exhibit_id: str) -> None:
        """Its thumbnail (new, or made again with other boxes) is in the cache: the view paints it."""
        self._icons.pop(exhibit_id, None)
        row = self._rows.get(exhibit_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [_DECORATION])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.exhibits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.exhibits):
            return None
        exhibit = self.exhibits[row]
        if role in (_DISPLAY, _ACCESSIBLE):
            key = (exhibit.id, role)
            text = self._text.get(key)
            if text is None:
                text = caption(exhibit) if role == _DISPLAY else spoken(exhibit)
                if role == _DISPLAY and self._metrics is not None:
                    text = "\n".join(self._metrics.elidedText(line, Qt.TextElideMode.ElideRight, self._text_width)
                                     for line in text.split("\n"))
                self._text[key] = text
            return text
        if role == _DECORATION:
            # Thumbnails are made for the rows the view paints, when it first paints them (a background
            # batch: `ready` comes back per thumbnail), not for every picture of the case at once. Only the
            # cache's current thumbnail is shown: when boxes are drawn on a picture the cache drops the
            # uncovered one, and so does this icon (it is made again from the covered one).
            image = self.thumbnails.get(self.session.store, exhibit.id, _boxes(exhibit))
            if image is None or image.isNull():
                return None
            made = self._icons.get(exhibit.id)
            if made is None or made[0] is not image:
                made = self._icons[exhibit.id] = (image, thumbnail_icon(image))
            return made[1]
        if role == _SIZE_HINT:
            return self.item_size
        if role == _ALIGNMENT:
            return Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        if role == ID_ROLE:
            return exhibit.id
        return None


class ExhibitGrid(QListView):
    """The thumbnails in rows (an icon-mode list view over an ExhibitModel)."""

    def __init__(self, model: ExhibitModel) -> None:
        super().__init__()
        self.setModel(model)
        self.exhibit_model = model

    def count(self) -> int:
        return self.exhibit_model.rowCount()

    def text(self, row: int) -> str:
        """The caption under the row-th thumbnail."""
        return str(self.exhibit_model.index(row).data(_DISPLAY) or "")

    def icon(self, row: int) -> QIcon:
        """The row-th thumbnail as shown (a null icon until it is made)."""
        icon = self.exhibit_model.index(row).data(_DECORATION)
        return icon if isinstance(icon, QIcon) else QIcon()

    def set_current_row(self, row: int) -> None:
        self.setCurrentIndex(self.exhibit_model.index(row))


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
        self._refreshing = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(style.SPACING)
        self.empty_label = QLabel(_("No pictures yet. The pictures you take appear here."))
        self.empty_label.setWordWrap(True)
        column.addWidget(self.empty_label)
        self.model = ExhibitModel(session, self.thumbnails, self)
        self.grid = ExhibitGrid(self.model)
        self.grid.setAccessibleName(_("Pictures saved in this case"))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMB_SIZE)
        self.grid.setGridSize(GRID_SIZE)
        self.grid.setUniformItemSizes(True)  # one size for all: the layout measures no caption
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setWordWrap(True)
        self.grid.setMinimumHeight(THUMB_SIZE.height() + 90)
        lines = self.grid.fontMetrics().lineSpacing() * 2  # the caption: reference and category, then the label
        self.model.item_size = QSize(THUMB_SIZE.width() + 16, min(GRID_SIZE.height(), THUMB_SIZE.height() + lines + 12))
        margin = self.grid.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.grid) + 1
        self.model.fit_captions(self.grid.fontMetrics(), self.model.item_size.width() - 2 * margin - 2)
        selection = self.grid.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(self._chosen)
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
        self._refreshing = True
        try:
            for exhibit_id, _fields, boxes in signature:  # a thumbnail made with other boxes is not shown
                self.thumbnails.want(exhibit_id, boxes)
            self.model.set_exhibits(exhibits)
            row = self.model.row_of(chosen) if chosen is not None else None
            if row is not None:
                self.grid.set_current_row(row)
            elif self.exhibits and chosen is None:
                self.grid.set_current_row(len(self.exhibits) - 1)  # the newest picture
        finally:
            self._refreshing = False
        self.empty_label.setVisible(not self.exhibits)
        self._chosen()

    def _show_all_toggled(self) -> None:
        self._signature = None
        if self.session.state is not None:
            self.refresh(self.session.state)

    def current_id(self) -> str | None:
        index = self.grid.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def select(self, exhibit_id: str) -> None:
        row = self.model.row_of(exhibit_id)
        if row is not None:
            self.grid.set_current_row(row)

    def _chosen(self, *_args: object) -> None:
        if self._refreshing:
            return  # once, when the refresh is done
        chosen = self.current_id()
        self.editor.show_exhibit(next((e for e in self.exhibits if e.id == chosen), None))

    def _thumbnail_ready(self, exhibit_id: str, image: QImage) -> None:
        if not image.isNull():
            self.model.thumbnail_ready(exhibit_id)


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
