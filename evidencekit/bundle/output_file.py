"""A streamed file that appears under its final name only when complete (temp + fsync + rename).

fsio.atomic_write takes the whole content at once; a bundle is written piece by piece, so it gets the
same guarantees here: private temp file in the target folder, fsync, rename, fsync the folder, and the
temp file removed on any failure or cancel.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from evidencekit.errors import StorageFull, UsageError
from evidencekit.fsio import TEMP_PREFIX, fsync_dir

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def storage_error(exc: OSError, what: Path) -> Exception:
    """StorageFull for a full disk, else a plain sentence naming the file."""
    if exc.errno in _FULL:
        return StorageFull(f"The disk is full, so {what.name} could not be written. Nothing in the case was "
                           "changed; free some space (or choose another place) and export again.")
    return UsageError(f"{what} cannot be written ({exc.strerror or exc}). Choose another place and try again.")


class StagedFile:
    """Context manager: `.handle` to write to, `commit()` to publish; leaving without commit discards."""

    def __init__(self, final: Path) -> None:
        self.final = final
        folder = final.parent
        if not folder.is_dir():
            raise UsageError(f"The folder {folder} does not exist. Choose an existing folder for the bundle.")
        self.temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        try:
            fd = os.open(self.temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise storage_error(exc, final) from exc
        self.handle: BinaryIO = os.fdopen(fd, "w+b")
        self.committed = False

    def commit(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temp, self.final)
            fsync_dir(self.final.parent)
        except OSError as exc:
            self.discard()
            raise storage_error(exc, self.final) from exc
        self.committed = True

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        try:
            self.temp.unlink()
        except FileNotFoundError:
            pass

    def __enter__(self) -> StagedFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.committed:
            self.discard()
