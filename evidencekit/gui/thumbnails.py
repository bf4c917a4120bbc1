"""Thumbnails of exhibits, made in memory only: decrypt in a worker, decode and scale there, keep QImages.

Nothing is written to disk (no thumbnail cache files); the cache lives as long as the open case and is
dropped when the case locks.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from evidencekit.gui.workers import run_in_background
from evidencekit.store import CaseStore

THUMB_SIZE = QSize(200, 140)
Box = tuple[int, int, int, int]


def decode_scaled(data: bytes, size: QSize, boxes: Sequence[Box] = ()) -> QImage:
    """A small QImage from picture bytes, decoded by Pillow (null if the format cannot be read); with
    `boxes`, the covered picture (solid black boxes drawn before scaling, as the bundle shows it).

    Pillow decodes in chunks and resizes with the GIL released; QImage.fromData holds the GIL for the
    whole decode (20 ms and more at 1080p), which would stall the event loop while a thumbnail is made.
    """
    try:
        if boxes:
            from evidencekit.redaction import UnreadableInput, covered_image

            try:
                picture = covered_image(data, boxes)
            except UnreadableInput:
                return QImage()
            picture.thumbnail((size.width(), size.height()), Image.Resampling.BILINEAR, reducing_gap=2.0)
            rgb = picture.convert("RGB")
            pixels = rgb.tobytes()
        else:
            with Image.open(io.BytesIO(data)) as picture:
                picture.decodermaxblock = 8192  # decode in short steps, each one holds the GIL briefly
                picture.draft("RGB", (size.width() * 2, size.height() * 2))  # JPEG: decode at a smaller size
                picture.thumbnail((size.width(), size.height()), Image.Resampling.BILINEAR, reducing_gap=2.0)
                rgb = picture.convert("RGB")
                pixels = rgb.tobytes()
    except (OSError, ValueError, Image.DecompressionBombError):
        return QImage()
    return QImage(pixels, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


class ThumbnailCache(QObject):
    """Asks for each exhibit's thumbnail once; emits `ready(exhibit_id, QImage)` on the GUI thread."""

    ready = Signal(str, object)

    def __init__(self, size: QSize = THUMB_SIZE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.images: dict[str, QImage] = {}
        self._made: dict[str, tuple[Any, ...]] = {}  # exhibit id -> the boxes its thumbnail was made with
        self._wanted: dict[str, tuple[Any, ...]] = {}
        self._pending: set[tuple[str, tuple[Any, ...]]] = set()

    def get(self, store: CaseStore | None, exhibit_id: str, boxes: Sequence[Box] = ()) -> QImage | None:
        """The thumbnail if made; otherwise start making it (when a store is open) and return None. A
        covered picture's thumbnail is the covered picture; new boxes make a new one (never the old)."""
        key = (exhibit_id, tuple(tuple(box) for box in boxes))
        if self._made.get(exhibit_id) == key[1] and exhibit_id in self.images:
            return self.images[exhibit_id]
        self.images.pop(exhibit_id, None)  # a thumbnail made with other boxes is never shown again
        if store is None or key in self._pending:
            return None
        self._pending.add(key)
        size = QSize(self.size)
        wanted = list(boxes)
        job: Callable[[], QImage] = lambda: decode_scaled(store.read_object(exhibit_id), size, wanted)  # noqa: E731
        run_in_background(job, on_done=lambda image: self._done(key, image),
                          on_error=lambda exc: self._pending.discard(key), owner=self)
        return None

    def _done(self, key: tuple[str, tuple[Any, ...]], image: QImage) -> None:
        self._pending.discard(key)
        exhibit_id, boxes = key
        if self._wanted.get(exhibit_id, boxes) != boxes:
            return  # the boxes changed while it was being made
        self.images[exhibit_id] = image
        self._made[exhibit_id] = boxes
        self.ready.emit(exhibit_id, image)

    def want(self, exhibit_id: str, boxes: Sequence[Box]) -> None:
        """Say which boxes `exhibit_id` has now (a thumbnail made for others is dropped when it arrives)."""
        self._wanted[exhibit_id] = tuple(tuple(box) for box in boxes)

    def clear(self) -> None:
        self.images.clear()
        self._made.clear()
        self._wanted.clear()
        self._pending.clear()
