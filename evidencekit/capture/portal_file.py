"""The plaintext file a Screenshot portal writes: taken into memory at once, checked, and removed.

Every portal back end hands the picture over as a file: xdg-desktop-portal-wlr always as `/tmp/out.png`
(mode 0644, left there, overwritten by the next screenshot of any program), GNOME in the Pictures
folder, KDE in a temporary file, a Flatpak's through the document portal. That file is a plaintext copy
of the evidence, so it is opened without following a symbolic link (O_NOFOLLOW), checked to be a regular
file of this user with no other name (fstat: type, owner, link count), read whole into memory and
removed at once, after making sure its name still points at the file read. Nothing is copied.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from evidencekit.errors import CaptureUnavailable
from evidencekit.i18n import _

MAX_BYTES = 1 << 30  # a PNG of several 8K screens is far smaller; anything bigger is not a screenshot
_CHUNK = 1 << 20


class PortalFile(NamedTuple):
    """What was read, and what became of the file."""

    data: bytes
    record: dict[str, Any]  # folder, name, bytes, sha256, mode, removed (+ why_not when not removed)
    path: str


def path_from_uri(uri: str) -> str:
    parts = urlsplit(uri)
    path = unquote(parts.path)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not path.startswith("/"):
        raise CaptureUnavailable(_("The desktop's screenshot service gave the picture in a form evidencekit "
                                   "cannot read ({uri}); nothing was saved.").format(uri=uri[:80]))
    return path


def take_portal_file(uri: str) -> PortalFile:
    """Read the portal's file into memory and remove it; CaptureUnavailable (nothing kept) if unsafe."""
    path = path_from_uri(uri)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_refusal(path, exc) from None
    try:
        info = os.fstat(fd)
        _check(path, info)
        data = _read_all(fd, path)
    finally:
        os.close(fd)
    removed, why_not = _remove(path, info)
    record: dict[str, Any] = {"folder": _folder(path), "name": Path(path).name, "bytes": len(data),
                              "sha256": hashlib.sha256(data).hexdigest(), "mode": f"{stat.S_IMODE(info.st_mode):04o}",
                              "removed": removed}
    if why_not:
        record["why_not"] = why_not
    return PortalFile(data, record, path)


def _open_refusal(path: str, exc: OSError) -> CaptureUnavailable:
    if exc.errno == errno.ELOOP:
        try:
            target = str(Path(path).readlink())
        except OSError:
            target = "?"
        return CaptureUnavailable(_(
            "The file the desktop's screenshot service wrote, {path}, is a link to {target}: another program "
            "may have put it there to copy your screen. evidencekit did not read it and saved nothing; delete "
            "{path} and {target}, then try again.").format(path=path, target=target))
    if exc.errno == errno.ENOENT:
        return CaptureUnavailable(_("The desktop's screenshot service said it wrote the picture to {path}, but "
                                    "there is no such file; nothing was saved. Try again.").format(path=path))
    return CaptureUnavailable(_("The picture from the desktop's screenshot service ({path}) cannot be read "
                                "({reason}); nothing was saved.").format(path=path, reason=exc.strerror or exc))


def _check(path: str, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise CaptureUnavailable(_("What the desktop's screenshot service left at {path} is not an ordinary file; "
                                   "evidencekit did not read it and saved nothing.").format(path=path))
    if info.st_uid != os.geteuid():
        raise CaptureUnavailable(_("The file {path} from the desktop's screenshot service belongs to another "
                                   "account on this computer, so it may not be your screen; evidencekit did not "
                                   "use it and saved nothing.").format(path=path))
    if info.st_nlink != 1:
        raise CaptureUnavailable(_("The file {path} from the desktop's screenshot service also has another name "
                                   "on this computer, so a copy of the picture would stay there; evidencekit "
                                   "did not use it and saved nothing.").format(path=path))
    if info.st_size > MAX_BYTES:
        raise CaptureUnavailable(_("The file {path} from the desktop's screenshot service is far too big for a "
                                   "picture of the screen; nothing was saved.").format(path=path))


def _read_all(fd: int, path: str) -> bytes:
    os.set_blocking(fd, True)
    chunks, total = [], 0
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_BYTES:
            raise CaptureUnavailable(_("The file {path} from the desktop's screenshot service is far too big for "
                                       "a picture of the screen; nothing was saved.").format(path=path))
    return b"".join(chunks)


def _remove(path: str, read: os.stat_result) -> tuple[bool, str]:
    """Remove `path` if it is still the file that was read; (removed, why not)."""
    try:
        now = os.lstat(path)
    except FileNotFoundError:
        return True, ""  # someone (the portal) removed it already
    except OSError as exc:
        return False, exc.strerror or str(exc)
    if (now.st_dev, now.st_ino) != (read.st_dev, read.st_ino):
        return False, "the name was given to another file after the picture was read; that file was left alone"
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True, ""
    except OSError as exc:  # e.g. a Flatpak may read, but not delete, a file of the host
        return False, exc.strerror or str(exc)
    return not os.path.lexists(path), ""


def _folder(path: str) -> str:
    """The folder, without the person's home path or user id (the record goes into the bundle)."""
    folder = str(Path(path).parent)
    home = str(Path.home())
    if home not in ("", "/") and (folder == home or folder.startswith(home + os.sep)):
        return "~" + folder[len(home):]
    parts = Path(folder).parts
    if len(parts) > 3 and parts[1:3] == ("run", "user"):  # /run/user/<uid>/...: the uid is left out
        return str(Path("/run/user/…", *parts[4:5])) + (" (document portal)" if "doc" in parts else "")
    return folder
