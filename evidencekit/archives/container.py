"""Untrusted archives read safely: the file as given (a ZIP, a folder, or one file), its members in memory.

Nothing is extracted to disk. A ZIP's directory is checked before any member is read: names that point
outside the archive, duplicated or overlapping members, encryption, and sizes or packing ratios that only
a zip bomb has are refused with one sentence. A member is unpacked in memory up to the size its entry
declares (zipfile stops there and checks the CRC), so a lying entry cannot grow past it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from evidencekit.archives import limits
from evidencekit.errors import UnreadableInput, UsageError
from evidencekit.i18n import _


class ArchiveNotRead(UnreadableInput):
    """The archive's contents cannot be read (unsafe, damaged or an unknown layout); the file itself can
    still be kept, sealed, as an exhibit."""


@dataclass(frozen=True)
class Source:
    """The bytes that will be stored, as given: `kind` is zip, file or folder (zipped by evidencekit)."""

    file_name: str
    data: bytes
    kind: str
    modified: datetime | None
    left_out: int = 0  # folder: links and special files not taken

    @property
    def media_type(self) -> str:
        if self.kind in ("zip", "folder"):
            return "application/zip"
        lower = self.file_name.lower()
        if lower.endswith(".json"):
            return "application/json"
        if lower.endswith((".txt", ".csv")):
            return "text/plain"
        return "application/octet-stream"


def _too_large(name: str) -> UnreadableInput:
    return UnreadableInput(_("{name} is larger than {limit} MB, too large to keep in the case; ask the platform "
                             "for a download with messages only, or export the chat without media. Nothing was "
                             "imported.").format(name=name, limit=limits.MAX_ARCHIVE_BYTES // limits.MIB))


def read_source(path: Path) -> Source:
    """Read the archive the person chose; a folder is zipped in memory (stored, sorted, no links)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UsageError(_("The file {path} does not exist; nothing was imported.").format(path=path)) from None
    except IsADirectoryError:  # Windows cannot open a folder
        return _zip_folder(path)
    except OSError as exc:
        raise UsageError(_("The file {path} cannot be read ({reason}); nothing was imported.").format(
            path=path, reason=exc.strerror)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return _zip_folder(path)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(_("{path} is not a regular file (it may be a pipe or a device); nothing was "
                               "imported.").format(path=path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limits.MAX_ARCHIVE_BYTES + 1)
    except OSError as exc:
        raise UsageError(_("The file {path} cannot be read ({reason}); nothing was imported.").format(
            path=path, reason=exc.strerror)) from None
    finally:
        os.close(fd)
    if len(data) > limits.MAX_ARCHIVE_BYTES:
        raise _too_large(path.name)
    if not data:
        raise UnreadableInput(_("{name} is empty; nothing was imported.").format(name=path.name))
    kind = "zip" if data[:4] in (b"PK\x03\x04", b"PK\x05\x06") else "file"
    return Source(path.name, data, kind, datetime.fromtimestamp(info.st_mtime, UTC))


def _zip_folder(folder: Path) -> Source:
    entries: list[tuple[str, Path, os.stat_result]] = []
    left_out = 0
    total = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            full = Path(root) / name
            info = full.lstat()
            if not stat.S_ISREG(info.st_mode):
                left_out += 1
                continue
            total += info.st_size
            if total > limits.MAX_ARCHIVE_BYTES:
                raise _too_large(folder.name)
            entries.append((full.relative_to(folder).as_posix(), full, info))
            if len(entries) > limits.MAX_FOLDER_FILES:
                raise UnreadableInput(_("The folder {name} holds more than {count} files, more than a platform's "
                                        "download; nothing was imported.").format(
                                            name=folder.name, count=limits.MAX_FOLDER_FILES))
        left_out += sum(1 for d in dirs if (Path(root) / d).is_symlink())
    if not entries:
        raise UnreadableInput(_("The folder {name} has no files in it; nothing was imported.").format(name=folder.name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, full, info in entries:
            moment = datetime.fromtimestamp(max(info.st_mtime, 315532800), UTC)  # ZIP times start in 1980
            member = zipfile.ZipInfo(f"{folder.name}/{name}", moment.timetuple()[:6])
            member.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(member, full.read_bytes())
    data = buffer.getvalue()
    if len(data) > limits.MAX_ARCHIVE_BYTES:
        raise _too_large(folder.name)
    return Source(f"{folder.name}.zip", data, "folder", None, left_out)


def _unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in name.replace("\\", "/").split("/"))


@dataclass
class Container:
    """The members of an archive by name ("/"-separated), read in memory on demand."""

    source: Source
    _zip: zipfile.ZipFile | None = None
    _infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    _set: dict[str, str | None] | None = None
    last_parsed: tuple[str, object] | None = None  # the last member parsed (jsonread, whatsapp keep one)

    def __post_init__(self) -> None:
        if self.source.kind == "file":
            return
        name = self.source.file_name
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(self.source.data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError) as exc:
            raise ArchiveNotRead(_("{name} is not a complete ZIP file (it may be damaged or cut short), so its "
                                   "contents could not be read.").format(name=name)) from exc
        self._check_directory(infos)

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        name = self.source.file_name
        if len(infos) > limits.MAX_MEMBERS:
            raise ArchiveNotRead(_("{name} lists more than {count} files, more than a platform's download makes, "
                                   "so it was not read.").format(name=name, count=limits.MAX_MEMBERS))
        total = 0
        spans: list[tuple[int, int]] = []
        for info in infos:
            if _unsafe_name(info.filename):
                raise ArchiveNotRead(_("{name} holds a file named {member!r} that points outside the archive; "
                                       "platforms never make such names, so it was not read.").format(
                                           name=name, member=info.filename[:120]))
            if info.flag_bits & 0x1:
                raise ArchiveNotRead(_("{name} is protected with a password, so its contents could not be "
                                       "read.").format(name=name))
            if info.filename in self._infos:
                raise ArchiveNotRead(_("{name} lists the file {member!r} twice, so which one is meant is unclear; "
                                       "it was not read.").format(name=name, member=info.filename[:120]))
            ratio_bomb = info.file_size > limits.RATIO_FLOOR and \
                info.file_size > limits.MAX_RATIO * max(info.compress_size, 1)
            total += info.file_size
            if ratio_bomb or total > limits.MAX_TOTAL_UNPACKED:
                raise ArchiveNotRead(_("{name} would unpack to far more than it holds (a \"zip bomb\"), so it was "
                                       "not read.").format(name=name))
            spans.append((info.header_offset, info.header_offset + 30 + len(info.orig_filename) + info.compress_size))
            if not info.is_dir():
                self._infos[info.filename.replace("\\", "/")] = info
        spans.sort()
        for (_start, end), (next_start, _end) in itertools.pairwise(spans):
            if next_start < end:  # members sharing packed bytes: the overlapping kind of zip bomb
                raise ArchiveNotRead(_("{name} would unpack to far more than it holds (a \"zip bomb\"), so it was "
                                       "not read.").format(name=name))

    @property
    def names(self) -> list[str]:
        if self._zip is None:
            return [self.source.file_name]
        return list(self._infos)

    def size(self, name: str) -> int:
        if self._zip is None:
            return len(self.source.data)
        return self._infos[name].file_size

    def head(self, name: str, count: int = 4096) -> bytes:
        """The first `count` bytes of a member (to recognise a layout without unpacking it all)."""
        if self._zip is None:
            return self.source.data[:count]
        try:
            with self._zip.open(self._infos[name]) as member:
                return member.read(count)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ArchiveNotRead(_("{member} in the archive is damaged and cannot be unpacked.").format(
                member=name[-120:])) from exc

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The member's bytes; refused with a sentence if it declares more than `limit`."""
        limit = limits.MAX_PARSED_MEMBER if limit is None else limit
        if self.size(name) > limit:
            raise ArchiveNotRead(_("{member} in the archive is larger than {limit} MB, too large to read safely; "
                                   "export only the chat with the other person and try again.").format(
                                       member=name[-120:], limit=limit // limits.MIB))
        if self._zip is None:
            return self.source.data
        try:
            return self._zip.read(self._infos[name])
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ArchiveNotRead(_("{member} in the archive is damaged and cannot be unpacked.").format(
                member=name[-120:])) from exc

    def hash(self, name: str) -> tuple[str, int]:
        """SHA-256 and size of a member, streamed in chunks (a video is never held whole)."""
        digest = hashlib.sha256()
        if self._zip is None:
            digest.update(self.source.data)
            return digest.hexdigest(), len(self.source.data)
        size = 0
        try:
            with self._zip.open(self._infos[name]) as member:
                while chunk := member.read(limits.CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ArchiveNotRead(_("{member} in the archive is damaged and cannot be unpacked.").format(
                member=name[-120:])) from exc
        return digest.hexdigest(), size

    def find(self, uri: str, base: str = "") -> str | None:
        """The member a platform's relative path names: exact, under `base`, or under the ZIP's top folder."""
        if not uri or _unsafe_name(uri) or "://" in uri:
            return None
        uri = uri.replace("\\", "/")
        uri = uri[2:] if uri.startswith("./") else uri
        index = self._index()
        for candidate in (f"{base}/{uri}" if base else uri, uri):
            if candidate in index:
                return index[candidate]
        return None

    def _index(self) -> dict[str, str | None]:
        """Each member by its name and by its name below the top folder (None where two collide)."""
        if self._set is None:
            index: dict[str, str | None] = {name: name for name in self.names}
            for name in self.names:
                below = name.partition("/")[2]
                if below and below not in index:
                    index[below] = name
                elif below and index.get(below) != name and below not in self._infos:
                    index[below] = None
            self._set = index
        return self._set
