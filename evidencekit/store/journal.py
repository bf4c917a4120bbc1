"""The custody journal file: events and the pictures they record, as age-encrypted frames in one append-only file.

    file   = MAGIC frame*
    frame  = kind (1 byte: "E" event, "O" object) | length (8 bytes, big-endian) | CRC-32 of kind+length
             (4 bytes, big-endian) | payload (length bytes)
    E      = age file of the event's RFC 8785 bytes
    O      = object id (16 bytes) + age file of the original's bytes; always directly followed by the E
             frame that records it (same object id, SHA-256 in outputs[0])

One save = one append of [O frame, E frame] and one fsync, so a picture and its record become durable
together. A crash can only leave an unfinished tail: bytes after the last complete E frame (an
incomplete frame, a complete O frame without its E, or zeros a file system left). Anything else that
does not decode, decrypt, parse or chain is tampering: "broken at record N" (N counts events).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from evidencekit.errors import JournalBroken
from evidencekit.i18n import _
from evidencekit.records import NamedTuple
from evidencekit.store import age
from evidencekit.store.events import GENESIS_PREV, Event, read_record
from evidencekit.store.seal import SealKey

MAGIC = b"evidencekit journal v2\n"
EVENT = b"E"
OBJECT = b"O"
FRAME_HEADER = 13
OBJECT_ID_BYTES = 16
OBJECT_ACTIONS = frozenset({"object.added", "exhibit.captured", "exhibit.imported", "exhibit.derived"})
_HEADER = struct.Struct(">cQ")


class ObjectRef(NamedTuple):
    """Where an object's age file lies in the journal file."""

    offset: int
    length: int


class JournalRead(NamedTuple):
    """What reading the journal file found: its events, where each picture lies, and any unfinished tail."""

    events: list[Event]
    objects: dict[str, ObjectRef]
    good_length: int  # bytes up to the end of the last complete event frame
    torn_length: int  # bytes after it (0 when the file ended cleanly)
    torn_sha256: str = ""
    sealed_from: int = 0  # the first sealed record's seq (0: none is; a case made before seals, not migrated)
    forged: JournalBroken | None = None  # stop_at_forgery: the record written without the key, where reading stopped
    after: int = 0  # read from a checkpoint: `events` are the records after this one (the tail), not all
    last_frame: int = 0  # where the last event's E frame starts (it ends at good_length)


def frame_header(kind: bytes, length: int) -> bytes:
    head = _HEADER.pack(kind, length)
    return head + struct.pack(">I", zlib.crc32(head))


def event_frame(body: bytes, sealed: age.SealedFile) -> bytes:
    """The E frame of an event's RFC 8785 bytes, encrypted into `sealed` (a fresh, single-use age file)."""
    return b"".join([frame_header(EVENT, sealed.length(len(body))), sealed.header, *sealed.chunks(body)])


def object_frame_header(object_id: str, age_length: int) -> bytes:
    return frame_header(OBJECT, OBJECT_ID_BYTES + age_length) + bytes.fromhex(object_id)


class TailStart(NamedTuple):
    """Where a checkpoint says the journal stood: record `seq` (hash `hash`) is the E frame from `frame` to `end`."""

    seq: int
    hash: str
    sealed_from: int
    frame: int
    end: int
    objects: dict[str, ObjectRef]
    digest: str  # prefix_digest up to `end` (without the age files of `objects`)


def prefix_digest(fd: int, end: int, pictures: Iterable[ObjectRef]) -> str:
    """SHA-256 over the journal's bytes up to `end` except the pictures' age files (the ranges `pictures`
    gives: the object index): the magic, every frame header, every object id and every event frame whole,
    in file order. "" when the file is shorter than `end` or a range does not lie inside it, apart.

    A checkpoint keeps it with its object index: opening the case re-computes it (~1.6 KB read and hashed
    per exhibit, no parsing, no decryption) so that any change to a record or a frame before the
    checkpoint sends the case to a full reading, which names the record as before. The bytes outside the
    ranges include every frame header, so equal bytes mean the same frames at the same places. Pictures
    are re-checked against their SHA-256 whenever they are read."""
    import mmap

    from evidencekit.digests import Sha256

    if end < len(MAGIC) or os.fstat(fd).st_size < end:
        return ""
    digest = Sha256()
    with mmap.mmap(fd, end, access=mmap.ACCESS_READ) as mapped:
        view = memoryview(mapped)
        try:
            pos = len(MAGIC)
            digest.update(view[:pos])
            for offset, length in sorted(pictures):
                if not pos <= offset <= offset + length <= end:
                    return ""
                digest.update(view[pos:offset])
                pos = offset + length
            digest.update(view[pos:end])
        except TypeError:  # an index entry that is not two whole numbers
            return ""
        finally:
            view.release()
    return digest.hexdigest()


class CheckpointMismatch(Exception):
    """The journal does not hold, where the checkpoint says, the record it names; args[0]: one sentence."""


def read_journal_tail(path: Path, identity: age.Identity, case_id: str, name: str, start: TailStart, *,
                      stop_at_forgery: bool = False) -> JournalRead:
    """Check record `start.seq` where the checkpoint says it lies, then decrypt and check every record after it
    as read_journal does (JournalRead.events: only those). CheckpointMismatch when that record is not there."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if file.read(len(MAGIC)) != MAGIC:
            raise JournalBroken(f"The custody journal ({name}) is damaged at its start or is not an evidencekit "
                                "journal.", path, 1)
        scanner = _Scanner(file, size, identity, case_id, path, name, stop_at_forgery)
        scanner.sealed_from = start.sealed_from
        mismatch = CheckpointMismatch(_(
            "This case's checkpoint does not match its custody journal ({name}) up to record {seq}: the journal "
            "was changed, cut short or replaced since the checkpoint was written, so the checkpoint was not used "
            "and the journal was read in full.").format(name=name, seq=start.seq))
        raw = os.pread(scanner.fd, FRAME_HEADER, start.frame) if start.frame >= len(MAGIC) else b""
        if (len(raw) < FRAME_HEADER or start.end > size
                or prefix_digest(scanner.fd, start.end, start.objects.values()) != start.digest):
            raise mismatch
        kind, length = _HEADER.unpack(raw[:9])
        if (raw[9:] != struct.pack(">I", zlib.crc32(raw[:9])) or kind != EVENT
                or start.frame + FRAME_HEADER + length != start.end):
            raise mismatch
        try:
            event = scanner._decode(os.pread(scanner.fd, length, start.frame + FRAME_HEADER), start.seq)
        except JournalBroken:
            raise mismatch from None
        if event.seq != start.seq or event.hash != start.hash or event.case_id != case_id or not event.mac:
            raise mismatch
        return scanner.scan(pos=start.end, after=start.seq, prev=start.hash, objects=dict(start.objects))


def read_journal(path: Path, identity: age.Identity, case_id: str, name: str, *,
                 stop_at_forgery: bool = False) -> JournalRead:
    """Decrypt and check every event, index every object; JournalBroken names the first bad record (1-based).

    stop_at_forgery: a record without this case's seal ends the reading instead (what came before it is
    returned, with `forged` saying where and why), so the case can be shown read-only.

    Object payloads are not read here (only their frame headers): opening a case with gigabytes of
    pictures costs no more than its events.
    """
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if file.read(len(MAGIC)) != MAGIC:
            raise JournalBroken(f"The custody journal ({name}) is damaged at its start or is not an evidencekit "
                                "journal.", path, 1)
        return _Scanner(file, size, identity, case_id, path, name, stop_at_forgery).scan()


class _Scanner:
    def __init__(self, file: object, size: int, identity: age.Identity, case_id: str, path: Path,
                 name: str, stop_at_forgery: bool = False) -> None:
        self.stop_at_forgery = stop_at_forgery
        self.fd = file.fileno()  # type: ignore[attr-defined]
        self.size = size
        self.identity = identity
        self.case_id = case_id
        self.path = path
        self.name = name
        self.seal = SealKey(identity, case_id)
        self.sealed_from = 0

    def scan(self, pos: int = len(MAGIC), after: int = 0, prev: str = GENESIS_PREV,
             objects: dict[str, ObjectRef] | None = None) -> JournalRead:
        events: list[Event] = []
        objects = {} if objects is None else objects
        pending: tuple[str, ObjectRef] | None = None
        good = pos
        last_frame = 0
        while pos < self.size:
            record = after + len(events) + 1
            raw = os.pread(self.fd, FRAME_HEADER, pos)
            if len(raw) < FRAME_HEADER:
                break  # an unfinished frame header: torn
            kind, length = _HEADER.unpack(raw[:9])
            if raw[9:] != struct.pack(">I", zlib.crc32(raw[:9])) or kind not in (EVENT, OBJECT):
                if self._zeros_from(pos):
                    break  # a file system's zero-filled tail after a crash: torn
                raise self._broken(record, "a frame header was altered or damaged")
            end = pos + FRAME_HEADER + length
            if end > self.size:
                break  # an unfinished frame: torn
            if kind == OBJECT:
                if pending is not None or length < OBJECT_ID_BYTES + len(age.INTRO):
                    raise self._broken(record, "a picture's frame is out of place or damaged")
                object_id = os.pread(self.fd, OBJECT_ID_BYTES, pos + FRAME_HEADER).hex()
                pending = (object_id, ObjectRef(pos + FRAME_HEADER + OBJECT_ID_BYTES, length - OBJECT_ID_BYTES))
                pos = end
                continue
            try:
                event = self._decode(os.pread(self.fd, length, pos + FRAME_HEADER), record)
            except JournalBroken as exc:
                if not (exc.forged and self.stop_at_forgery and (events or after)):
                    raise
                return JournalRead(events, objects, good, 0, "", self.sealed_from, exc, after, last_frame)
            if event.seq != record or event.prev != prev or event.case_id != self.case_id:
                raise JournalBroken(
                    f"The custody journal ({self.name}) is broken at record {record}: it does not follow record "
                    f"{record - 1}. A record was edited, removed, reordered or copied from another case.",
                    self.path, record)
            if pending is not None:
                object_id, ref = pending
                if event.object_id != object_id or not event.outputs or event.action not in OBJECT_ACTIONS:
                    raise self._broken(record, "the picture stored before it is not the one it records")
                objects[object_id] = ref
            elif event.action in OBJECT_ACTIONS:
                raise self._broken(record, "the picture it records was removed from the journal")
            pending = None
            events.append(event)
            prev = event.hash
            last_frame = pos
            pos = good = end
        if not events and not after:
            raise JournalBroken(f"The custody journal ({self.name}) is empty: the case has no history.", self.path, 1)
        torn_length = self.size - good
        torn_sha = _sha256_range(self.fd, good, torn_length) if torn_length else ""
        return JournalRead(events, objects, good, torn_length, torn_sha, self.sealed_from, None, after, last_frame)

    def _decode(self, payload: bytes, record: int) -> Event:
        try:
            event, unsealed = read_record(age.decrypt(payload, self.identity))
        except (age.AgeError, ValueError, KeyError, TypeError) as exc:
            raise self._broken(record, "the record was altered or damaged and cannot be read") from exc
        if event.mac:
            if not self.seal.holds(unsealed, event.mac):
                raise self._forged(record, "it does not carry this case's seal")
            self.sealed_from = self.sealed_from or record
        elif self.sealed_from:
            raise self._forged(record, f"it has no seal, although every record from record {self.sealed_from} "
                                       "on has one")
        return event

    def _forged(self, record: int, why: str) -> JournalBroken:
        return JournalBroken(f"The custody journal ({self.name}) was changed by someone without this case's key: "
                             f"record {record} was not written by evidencekit with the case's key ({why}).",
                             self.path, record, forged=True)

    def _broken(self, record: int, why: str) -> JournalBroken:
        return JournalBroken(f"The custody journal ({self.name}) is broken at record {record}: {why}.",
                             self.path, record)

    def _zeros_from(self, pos: int) -> bool:
        while pos < self.size:
            block = os.pread(self.fd, 1 << 20, pos)
            if not block:
                return True
            if block.count(0) != len(block):
                return False
            pos += len(block)
        return True


def _sha256_range(fd: int, start: int, length: int) -> str:
    from evidencekit.digests import Sha256

    digest = Sha256()
    pos, end = start, start + length
    while pos < end:
        block = os.pread(fd, min(1 << 20, end - pos), pos)
        if not block:
            break
        digest.update(block)
        pos += len(block)
    return digest.hexdigest()


def read_object_ciphertext(path: Path, ref: ObjectRef) -> bytes:
    with open(path, "rb") as file:
        data = os.pread(file.fileno(), ref.length, ref.offset)
    return data


def first_event_ciphertext(path: Path) -> bytes:
    """The age file of record 1 (for telling a swapped key from an altered header); b"" if unreadable."""
    try:
        with open(path, "rb") as file:
            if file.read(len(MAGIC)) != MAGIC:
                return b""
            raw = file.read(FRAME_HEADER)
            if len(raw) < FRAME_HEADER:
                return b""
            kind, length = _HEADER.unpack(raw[:9])
            return file.read(min(length, 1 << 20)) if kind == EVENT else b""
    except OSError:
        return b""
