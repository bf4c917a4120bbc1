"""Thumbnails of exhibits, made in memory only: decrypt in a worker, decode and scale there, keep QImages.

Nothing is written to disk (no thumbnail cache files); the cache lives as long as the open case and is
dropped when the case locks.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image
from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from evidencekit.gui.workers import run_in_background
from evidencekit.store import CaseStore

THUMB_SIZE = QSize(200, 140)


def decode_scaled(data: bytes, size: QSize) -> QImage:
    """A small QImage from picture bytes, decoded by Pillow (null if the format cannot be read).

    Pillow decodes in chunks and resizes with the GIL released; QImage.fromData holds the GIL for the
    whole decode (20 ms and more at 1080p), which would stall the event loop while a thumbnail is made.
    """
    try:
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
        self._pending: set[str] = set()

    def get(self, store: CaseStore | None, exhibit_id: str) -> QImage | None:
        """The thumbnail if made; otherwise start making it (when a store is open) and return None."""
        if exhibit_id in self.images:
            return self.images[exhibit_id]
        if store is None or exhibit_id in self._pending:
            return None
        self._pending.add(exhibit_id)
        size = QSize(self.size)
        job: Callable[[], QImage] = lambda: decode_scaled(store.read_object(exhibit_id), size)  # noqa: E731
        run_in_background(job, on_done=lambda image: self._done(exhibit_id, image),
                          on_error=lambda exc: self._pending.discard(exhibit_id), owner=self)
        return None

    def _done(self, exhibit_id: str, image: QImage) -> None:
        self._pending.discard(exhibit_id)
        self.images[exhibit_id] = image
        self.ready.emit(exhibit_id, image)

    def clear(self) -> None:
        self.images.clear()
        self._pending.clear()
