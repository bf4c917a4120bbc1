"""Bundle output files that cannot be read before they are complete, and that a crash never leaves behind.

A bundle holds the originals in clear, and it is often written to a Desktop or a USB stick. So (ADR 061):

- On Linux, where the output folder's file system supports it, each file (the unsigned PDF, the signed
  PDF, the ZIP) is written into an unnamed `O_TMPFILE` inode in that folder, and only the finished file
  is linked in under its name (`linkat` of `/proc/self/fd/N`). A crash at any moment leaves nothing.
- Elsewhere (FAT and exFAT sticks, network shares, other systems) a named temp file
  `.ek-tmp-<export id>-<role>` is used, private (0600) from its first byte. Its name is recorded before
  anything is written (evidencekit/pending_exports.py), and the next export, start or `case verify` removes
  what a crash left.

Nothing appears under the final name until the caller publishes the finished, fsynced file; an existing
file is replaced only when asked.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from evidencekit.errors import StorageFull, UsageError
from evidencekit.fsio import fsync_dir
from evidencekit.pending_exports import TEMP_ROLES, temp_name

if TYPE_CHECKING:
    from evidencekit.bundle.model import BundleResult

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}


def storage_error(exc: OSError, what: Path) -> Exception:
    """StorageFull for a full disk, else a plain sentence naming the file. Says nothing about the case:
    the export adds what its custody journal recorded."""
    if exc.errno in _FULL:
        return StorageFull(f"The disk where the bundle was being saved ({what.parent}) is full, so no bundle was "
                           "written and nothing was left there. Free some space there, or choose another place, "
                           "and export again.")
    return UsageError(f"{what} cannot be written ({exc.strerror or exc}), so no bundle was written and nothing was "
                      "left there. Choose another place and try again.")


def unnamed_files_work(folder: Path) -> bool:
    """Whether `folder` takes unnamed O_TMPFILE files that can be linked in later (Linux, most file systems)."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return False
    try:
        fd = os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError:
        return False  # EOPNOTSUPP (FAT, exFAT, FUSE, NFS), EISDIR (old kernels), EACCES, ...
    os.close(fd)
    return True


class StagedFile:
    """One output file being written. `.handle` to write; `finish()` makes it durable while still hidden;
    `publish()` gives it its name; leaving the context without publishing discards it."""

    def __init__(self, final: Path, temp: str | None) -> None:
        """`temp`: the named temp file to use, or None for an unnamed one (see unnamed_files_work)."""
        self.final = final
        folder = final.parent
        if not folder.is_dir():
            raise UsageError(f"The folder {folder} does not exist. Choose an existing folder for the bundle.")
        self.temp = folder / temp if temp is not None else None
        try:
            if self.temp is None:
                fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
            else:
                fd = os.open(self.temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise storage_error(exc, final) from exc
        self.handle: BinaryIO = os.fdopen(fd, "w+b")
        self.published = False

    def finish(self) -> None:
        """Flush the whole file to disk; it is still invisible (unnamed) or under its temp name."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
        except OSError as exc:
            raise storage_error(exc, self.final) from exc

    def publish(self, *, replace: bool, publish_temp: str | None = None) -> None:
        """Put the finished file under its final name; FileExistsError if it exists and not `replace`.

        An unnamed file that replaces an existing one is first linked in as `publish_temp` (linkat cannot
        replace), then renamed over it.
        """
        folder = self.final.parent
        try:
            if self.temp is None:
                if replace:
                    assert publish_temp is not None
                    _link_unnamed(self.handle.fileno(), folder / publish_temp)
                    os.replace(folder / publish_temp, self.final)
                else:
                    _link_unnamed(self.handle.fileno(), self.final)
            elif replace:
                os.replace(self.temp, self.final)
            else:
                _rename_no_replace(self.temp, self.final)
            fsync_dir(folder)
        except FileExistsError:
            raise
        except OSError as exc:
            raise storage_error(exc, self.final) from exc
        self.published = True
        self.handle.close()

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        if self.temp is not None and not self.published:
            try:
                self.temp.unlink()
            except FileNotFoundError:
                pass

    def __enter__(self) -> StagedFile:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.published:
            self.discard()


def _link_unnamed(fd: int, target: Path) -> None:
    """linkat(/proc/self/fd/N, target, AT_SYMLINK_FOLLOW): gives an O_TMPFILE inode its name.

    os.link uses plain link() (which does not follow the /proc link) unless a directory fd is given, so the
    source is named relative to an open /proc/self/fd.
    """
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), target, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _rename_no_replace(temp: Path, final: Path) -> None:
    """Rename `temp` to `final` unless `final` exists: a hard link where the file system has them (atomic
    refusal), else (FAT, exFAT) a check then a rename."""
    try:
        os.link(temp, final)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(final):
            raise FileExistsError(errno.EEXIST, "File exists", str(final)) from None
        temp.rename(final)
        return
    temp.unlink()


class OutputPlan:
    """How one export writes its files: unnamed (`temps` None), or under these named temp files."""

    ROLES = TEMP_ROLES

    def __init__(self, export_id: str, *, unnamed: bool) -> None:
        self.export_id = export_id
        self.unnamed = unnamed

    @classmethod
    def for_folder(cls, folder: Path, export_id: str | None = None) -> OutputPlan:
        return cls(export_id or os.urandom(8).hex(), unnamed=unnamed_files_work(folder))

    def temp(self, role: str) -> str | None:
        """The temp name for `role`, or None where that file is unnamed."""
        if self.unnamed and role != "publish":
            return None
        return temp_name(self.export_id, role)

    def temp_names(self) -> list[str]:
        """Every name this export may create besides its final files (recorded before writing)."""
        return [name for role in self.ROLES if (name := self.temp(role)) is not None]


class PreparedBundle:
    """A finished, fsynced bundle (and ZIP) not yet under its name: publish it, or discard it."""

    def __init__(self, result: BundleResult, files: list[StagedFile], plan: OutputPlan) -> None:
        self.result = result
        self.files = files  # the ZIP first, so the PDF never names a ZIP that is not there
        self.plan = plan

    def publish(self, *, replace: bool) -> None:
        try:
            for staged in self.files:
                staged.publish(replace=replace, publish_temp=self.plan.temp("publish"))
        except BaseException:
            for staged in self.files:
                if staged.published:
                    staged.final.unlink(missing_ok=True)  # a ZIP without its PDF is not a bundle
            self.discard()
            raise

    def discard(self) -> None:
        for staged in self.files:
            staged.discard()
