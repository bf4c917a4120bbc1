"""Work a save need not wait for: moving the outside anchor, and preparing the next age file keys.

One worker thread per open case, in order. The anchor is a hint that may lag (docs/store-format.md), so
writing it after the save returns changes nothing a crash could show; `flush` and `close` wait for it.
Prepared age files (file key, X25519 share, header MAC) take ~0.1 ms each off the next save.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from evidencekit.errors import StorageFull
from evidencekit.i18n import _
from evidencekit.store import age
from evidencekit.store.anchor import Anchor, write_anchor
from evidencekit.store.worker import Worker

SPARES = 3  # a picture's save uses two age files (the picture, its event), a plain event one


class Background:
    def __init__(self, anchor_file: Path, case_id: str, recipient: age.Recipient, warnings: list[str]) -> None:
        self._anchor_file = anchor_file
        self._case_id = case_id
        self._recipient = recipient
        self._warnings = warnings
        self._lock = threading.Lock()
        self._spares: list[age.SealedFile] = []
        self._anchor: Anchor | None = None
        self._worker: Worker | None = None
        self._closing = False
        self.keep_head: Callable[[Anchor], object] | None = None  # the keyring's copy of the head (store/head.py)

    def sealed_files(self, count: int) -> list[age.SealedFile]:
        """`count` fresh single-use age files for the case's recipient (prepared earlier when possible)."""
        with self._lock:
            taken = [self._spares.pop() for _ in range(min(count, len(self._spares)))]
        return taken + [age.SealedFile(self._recipient) for _ in range(count - len(taken))]

    def after_save(self, anchor: Anchor) -> None:
        """A save is durable: move the anchor and prepare the next age files, after the save returned."""
        with self._lock:
            self._anchor = anchor
        self._submit(self._write_anchor)
        self._submit(self._refill)

    def flush(self) -> None:
        """Wait until every anchor move asked for so far is on disk."""
        worker = self._worker
        if worker is not None:
            worker.submit(self._write_anchor).result()

    def close(self) -> None:
        self._closing = True  # spares no longer needed: a refill still queued returns at once
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()
        self._write_anchor()
        with self._lock:
            self._spares.clear()

    def _submit(self, work: Callable[[], None]) -> None:
        if self._worker is None:
            self._worker = Worker("evidencekit-store")
        self._worker.submit(work)

    def _refill(self) -> None:
        while not self._closing:
            with self._lock:
                if len(self._spares) >= SPARES:
                    return
            made = age.SealedFile(self._recipient)
            with self._lock:
                self._spares.append(made)

    def _write_anchor(self) -> None:
        with self._lock:
            anchor, self._anchor = self._anchor, None
        if anchor is None:
            return
        try:
            write_anchor(self._anchor_file, self._case_id, anchor)
        except (OSError, StorageFull):
            self._warnings.append(_("The journal's outside record could not be updated (disk full?)."))
        keep = self.keep_head
        if keep is not None:
            keep(anchor)  # bounded, never raises: a keyring that is locked or does not answer is skipped
