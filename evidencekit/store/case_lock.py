"""One writer per case: an exclusive advisory lock on case.lock for as long as the case is open."""

from __future__ import annotations

import os
from pathlib import Path

from evidencekit.errors import CaseLocked


class CaseFolderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise CaseLocked("This case is open in another evidencekit window or command. Close it there "
                             "and try again.") from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases flock/msvcrt locks
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
