"""Durable file writes: every file is written atomically, or appended and fsynced.

Atomic write = temp file in the same folder (private mode before any data), write, fsync, rename over
the target, fsync the folder. A failed write (disk full, ...) removes its temp file and leaves the old
file as it was. Temp files carry TEMP_PREFIX so a case can sweep strays from a crash when it opens.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

from evidencekit.errors import StorageFull

TEMP_PREFIX = ".ek-tmp-"
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _raise_if_full(exc: OSError, what: Path) -> None:
    if exc.errno in _FULL_ERRNOS:
        raise StorageFull(
            f"The disk is full, so {what.name} could not be saved. Nothing already saved was changed; "
            "free some space and try again."
        ) from exc


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write `data` to `path` so that after a crash the file is either the old one or the new one.

    With overwrite=False the target must not exist (write-once objects); FileExistsError otherwise.
    durable=False skips both fsyncs: for hints that may be stale or torn after a power cut (the anchor).
    """
    folder = path.parent
    tmp = folder / f"{TEMP_PREFIX}{os.urandom(8).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_once(tmp, path)
        if durable:
            fsync_dir(folder)
    except OSError as exc:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        _raise_if_full(exc, path)
        raise


# link() errors of file systems without hard links: FAT and exFAT (EPERM), some FUSE ones (ENOSYS, ENOTSUP).
_NO_HARD_LINKS = {errno.EPERM, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK}
CLAIM_STALE_S = 30.0


def _publish_once(tmp: Path, path: Path) -> None:
    """Give the finished temp file its name, failing with FileExistsError if the name is taken.

    A hard link does it atomically where the file system has them. FAT and exFAT (USB sticks) have none:
    there, a claim folder (`mkdir`, exclusive on every file system) is taken for the name, the name is
    checked, and the temp file is renamed to it. Every evidencekit writer takes the same claim, so two
    never publish the same name; a crash leaves at most an empty claim folder (a temp name, swept like
    temp files, and taken over after CLAIM_STALE_S) and never a partial file under the final name.
    """
    try:
        os.link(tmp, path)  # fails with FileExistsError instead of replacing
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_HARD_LINKS:
            raise
    else:
        os.unlink(tmp)
        return
    claim = path.parent / f"{TEMP_PREFIX}claim-{path.name}"
    _take_claim(claim)
    try:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        tmp.rename(path)
    finally:
        claim.rmdir()


def _take_claim(claim: Path) -> None:
    deadline = time.monotonic() + 2 * CLAIM_STALE_S
    while True:
        try:
            claim.mkdir(0o700)
            return
        except FileExistsError:
            try:
                age = time.time() - claim.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > CLAIM_STALE_S:  # left by a writer that crashed between mkdir and rmdir
                try:
                    claim.rmdir()
                except OSError:
                    pass
                continue
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def durable_append(path: Path, data: bytes) -> None:
    """Append `data` to the existing file `path` and flush; on failure the file is cut back to its old length."""
    durable_append_with(path, lambda session: session.write([data]))


class AppendSession:
    """Writes of one durable append (see `durable_append_with`); one writer at a time, any thread."""

    def __init__(self, fd: int, start: int) -> None:
        self.fd = fd
        self.start = start
        self.end = start

    def write(self, parts: list[bytes | memoryview], *, start_writeback: bool = False) -> None:
        """Append `parts` in order; with start_writeback, Linux begins writing them to disk at once."""
        _write_parts(self.fd, parts)
        count = sum(len(part) for part in parts)
        if start_writeback:
            _start_writeback(self.fd, self.end, count)
        self.end += count


def durable_append_with(path: Path, fill: Callable[[AppendSession], None]) -> int:
    """Append what `fill` writes through its session to `path`, then flush once; the start offset.

    `fill` may hand the session to a worker thread (it must have finished writing when `fill` returns).
    If `fill`, a write or the flush fails, the file is cut back to its old length and the error raised.
    """
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
    try:
        start = os.fstat(fd).st_size
        try:
            fill(AppendSession(fd, start))
            _data_sync(fd)
        except BaseException as exc:
            try:
                os.ftruncate(fd, start)
                os.fsync(fd)
            except OSError:
                pass  # the torn tail is detected and dropped when the case next opens
            if isinstance(exc, OSError):
                _raise_if_full(exc, path)
            raise
        return start
    finally:
        os.close(fd)


def _write_parts(fd: int, parts: list[bytes | memoryview]) -> None:
    """Write every part, in order, with as few system calls as the platform allows (writev)."""
    if not hasattr(os, "writev"):
        for part in parts:
            _write_all(fd, part)
        return
    views = [memoryview(part) for part in parts if len(part)]
    while views:
        count = os.writev(fd, views[:512])
        while views and count >= len(views[0]):
            count -= len(views[0])
            views.pop(0)
        if views and count:
            views[0] = views[0][count:]


def _data_sync(fd: int) -> None:
    """Flush the file's data and what is needed to read it back (its size): fdatasync where it exists."""
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)


_writeback: object = None


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask Linux to start writing this range to disk now (sync_file_range WRITE); advisory, never waits."""
    global _writeback
    if _writeback is None:
        _writeback = False
        if os.name == "posix" and os.uname().sysname == "Linux":
            try:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                function = libc.sync_file_range
                function.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]
                _writeback = function
            except (OSError, AttributeError):
                _writeback = False
    if _writeback:
        _writeback(fd, offset, length, 2)  # type: ignore[operator]  # SYNC_FILE_RANGE_WRITE


def sweep_temp_files(folder: Path) -> list[Path]:
    """Remove temp files left by a crash in `folder` (not recursive); returns what was removed."""
    removed = []
    for entry in folder.iterdir():
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file():
            entry.unlink()
            removed.append(entry)
        elif entry.name.startswith(f"{TEMP_PREFIX}claim-") and entry.is_dir() and not entry.is_symlink():
            try:
                entry.rmdir()  # an empty claim left by a crash (see _publish_once)
            except OSError:
                continue
            removed.append(entry)
    return removed
