"""One writer per case: an exclusive advisory lock on case.lock for as long as the case is open."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from evidencekit.errors import CaseLocked, UsageError

_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


class CaseFolderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.read_only = False  # the case folder cannot be written: a shared lock, for reading only

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            exclusive = True
        except OSError as exc:
            if exc.errno not in _NOT_WRITABLE:
                raise
            fd = self._open_read_only(exc)
            exclusive = False
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise CaseLocked("This case is open in another evidencekit window or command. Close it there "
                             "and try again.") from exc
        self._fd = fd
        self.read_only = not exclusive

    def _open_read_only(self, cause: OSError) -> int:
        """The folder is read-only (a read-only disk, or no write permission): read, never write."""
        try:
            return os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            # no lock file to share, and none can be made: nothing writes here, so there is no one to exclude
            return os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            raise UsageError(f"The case folder {self.path.parent} cannot be read or written "
                             f"({cause.strerror}).") from cause

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases flock/msvcrt locks
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
