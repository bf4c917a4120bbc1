"""Thumbnails of exhibits, made in memory only: decrypt in a worker, decode and scale there, keep QImages.

Nothing is written to disk (no thumbnail cache files); the cache lives as long as the open case and is
dropped when the case locks.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, QSize, QTimer, Signal
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
    """Asks for each exhibit's thumbnail once; emits `ready(exhibit_id, QImage)` on the GUI thread.

    The thumbnails asked for are made one after another by one background job at a time (a batch), not
    one job each: a gallery of 1,000 exhibits asked for 1,000 jobs on the GUI thread (0.2-0.5 ms each to set
    up, and their relay objects made the garbage collector's full passes long): the page stalled ~780 ms
    (docs/performance.md, "The window stays fluid"). The gallery asks only for the thumbnails it paints."""

    ready = Signal(str, object)

    def __init__(self, size: QSize = THUMB_SIZE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.images: dict[str, QImage] = {}
        self._made: dict[str, tuple[Any, ...]] = {}  # exhibit id -> the boxes its thumbnail was made with
        self._wanted: dict[str, tuple[Any, ...]] = {}
        self._pending: set[tuple[str, tuple[Any, ...]]] = set()
        self._queue: list[tuple[tuple[str, tuple[Any, ...]], CaseStore, list[Box]]] = []
        self._running: threading.Event | None = None  # set: the running batch is to stop (the case locked)
        self._batch_soon = False

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
        self._queue.append((key, store, list(boxes)))
        if self._running is None and not self._batch_soon:
            self._batch_soon = True  # after the caller's loop: the whole gallery's wishes in one batch
            QTimer.singleShot(0, self, self._start_batch)
        return None

    def _start_batch(self) -> None:
        self._batch_soon = False
        if self._running is not None or not self._queue:
            return
        batch, self._queue = self._queue, []
        size = QSize(self.size)
        stop = self._running = threading.Event()

        def job(progress: Callable[[Any], None]) -> None:
            for key, store, boxes in batch:
                if stop.is_set():
                    return
                try:
                    image: QImage | None = decode_scaled(store.read_object(key[0]), size, boxes)
                except Exception:  # the case locked, or the object is unreadable: no thumbnail
                    image = None
                progress((key, image))

        run_in_background(job, on_done=lambda _none: self._batch_done(stop),
                          on_error=lambda _exc: self._batch_done(stop, batch), on_progress=self._one_done,
                          owner=self)

    def _batch_done(self, stop: threading.Event, failed: list[Any] | None = None) -> None:
        for key, _store, _boxes in failed or ():
            self._pending.discard(key)
        if self._running is stop:
            self._running = None
            self._start_batch()

    def _one_done(self, result: tuple[tuple[str, tuple[Any, ...]], QImage | None]) -> None:
        key, image = result
        if key not in self._pending:
            return  # asked for before the case locked
        if image is None:
            self._pending.discard(key)
        else:
            self._done(key, image)

    def _done(self, key: tuple[str, tuple[Any, ...]], image: QImage) -> None:
        self._pending.discard(key)
        exhibit_id, boxes = key
        if self._wanted.get(exhibit_id, boxes) != boxes:
            return  # the boxes changed while it was being made
        self.images[exhibit_id] = image
        self._made[exhibit_id] = boxes
        self.ready.emit(exhibit_id, image)

    @property
    def busy(self) -> bool:
        """True while thumbnails asked for are still being made."""
        return bool(self._pending)

    def want(self, exhibit_id: str, boxes: Sequence[Box]) -> None:
        """Say which boxes `exhibit_id` has now (a thumbnail made for others is dropped when it arrives)."""
        self._wanted[exhibit_id] = tuple(tuple(box) for box in boxes)

    def clear(self) -> None:
        if self._running is not None:
            self._running.set()
            self._running = None
        self._queue.clear()
        self.images.clear()
        self._made.clear()
        self._wanted.clear()
        self._pending.clear()
