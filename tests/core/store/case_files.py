"""Reading, damaging and snapshotting the files of a case folder, for the store tests.

Everything here works on the bytes on disk, the way an attacker, a failing disk or a crash would.
"""

from __future__ import annotations

import errno
import json
import os
import random
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage

from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.errors import EvidenceKitError, KeyUnavailable, WrongPassphrase
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.events import Event

PASSPHRASE = "correct horse battery staple"
AGE_CHUNK = 64 * 1024  # age STREAM plaintext chunk; each stored chunk carries a 16-byte tag
AGE_TAG = 16
AGE_NONCE = 16
JOURNAL_MAGIC = b"evidencekit journal v2\n"
FRAME_HEADER = 13  # kind (1) + length (8, big-endian) + CRC-32 of those 9 (4, big-endian)
OBJECT_ID_BYTES = 16


@dataclass
class SampleCase:
    """A closed case on disk and what was stored in it."""

    id: str
    folder: Path
    home: Path
    recovery_key: str
    objects: dict[str, bytes] = field(default_factory=dict)  # object id -> original bytes
    event_hashes: list[str] = field(default_factory=list)

    @property
    def journal(self) -> Path:
        return self.folder / "journal.ekj"

    @property
    def anchor(self) -> Path:
        return self.home / "anchors" / f"{self.id}.json"


SampleFactory = Callable[..., SampleCase]  # the make_sample_case fixture


def fill_case(store: CaseStore, recovery_key: str, home: Path, *, objects: tuple[int, ...], events: int,
              seed: int = 7) -> SampleCase:
    """Add objects of the given sizes (random bytes) and `events` plain events; return what was stored."""
    rng = random.Random(seed)
    sample = SampleCase(store.id, store.path, home, recovery_key)
    for number, size in enumerate(objects, start=1):
        content = rng.randbytes(size)
        event = store.add_object(content, media_type="image/png", action="exhibit.captured",
                                 data={"capture": {"n": number}, "fields": {"label": f"exhibit {number}"}})
        assert event.object_id is not None
        sample.objects[event.object_id] = content
    for number in range(events):
        store.append_event("step.set", {"step": f"step-{number}", "done": True})
    sample.event_hashes = [event.hash for event in store.events()]
    return sample


def case_file_names(folder: Path) -> list[str]:
    """Every file of the case folder, relative, sorted (the lock file included)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def flip_byte(path: Path, index: int, mask: int) -> bytes:
    """XOR one byte of `path` with `mask` (in place); returns the original bytes for restoring."""
    original = path.read_bytes()
    damaged = bytearray(original)
    damaged[index] ^= mask
    path.write_bytes(bytes(damaged))
    return original


def snapshot_tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry under `root`: file bytes (None for folders) and mtime in ns — to prove nothing was written."""
    result: dict[str, tuple[bytes | None, int]] = {}
    for path in sorted(root.rglob("*")):
        stat = path.stat()
        result[path.relative_to(root).as_posix()] = (None if path.is_dir() else path.read_bytes(), stat.st_mtime_ns)
    return result


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def problem_report(sample: SampleCase, keyring: KeyringAccess) -> str | None:
    """Open (by keyring) and verify the case; the error or the problems as text, or None if all is well.

    An unlocking failure is returned too, so callers can assert it never happens for damage.
    """
    try:
        store = CaseStore.open(sample.folder, home=sample.home, keyring=keyring)
    except (WrongPassphrase, KeyUnavailable) as exc:
        return f"UNLOCK FAILED {type(exc).__name__}: {exc.message}"
    except EvidenceKitError as exc:
        return f"{type(exc).__name__}: {exc.message}"
    try:
        report = store.verify()
    finally:
        store.close()
    if report.ok:
        return None
    return "\n".join(f"{p.path}: {p.message}" for p in report.problems)


@dataclass
class FillingDisk:
    """Stands in for the `os` module inside evidencekit.fsio; counts bytes and runs out after `budget`.

    write() and writev() share the budget: each stores at most the room left (a short write, as a real
    disk gives) and, once there is no room, raises ENOSPC.
    """

    budget: float = float("inf")
    written: int = 0
    writes: list[tuple[str, int]] = field(default_factory=list)  # (file name, bytes) per write call, 0: refused
    calls: list[str] = field(default_factory=list)  # "write" or "writev", per call

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def _store(self, fd: int, data: bytes, call: str) -> int:
        name = Path(os.readlink(f"/proc/self/fd/{fd}")).name
        self.calls.append(call)
        room = self.budget - self.written
        if room <= 0:
            self.writes.append((name, 0))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        count = os.write(fd, data[: int(min(room, len(data)))])
        self.written += count
        self.writes.append((name, count))
        return count

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return self._store(fd, bytes(data), "write")

    def writev(self, fd: int, buffers: Sequence[bytes | memoryview]) -> int:
        return self._store(fd, b"".join(bytes(buffer) for buffer in buffers), "writev")


# ----- the journal, frame by frame (written from docs/store-format.md, not from evidencekit's reader) -----

@dataclass(frozen=True)
class Frame:
    """One complete frame of journal.ekj: where it lies and what it carries."""

    kind: bytes  # b"E" (an event) or b"O" (an original)
    start: int  # file offset of its 13-byte header
    end: int  # file offset just after its payload
    payload: bytes

    @property
    def payload_start(self) -> int:
        return self.start + FRAME_HEADER

    @property
    def object_id(self) -> str | None:
        return self.payload[:OBJECT_ID_BYTES].hex() if self.kind == b"O" else None

    @property
    def age_start(self) -> int:
        """File offset of the frame's age file (after the object id in an O frame)."""
        return self.payload_start + (OBJECT_ID_BYTES if self.kind == b"O" else 0)

    @property
    def age_file(self) -> bytes:
        return self.payload[OBJECT_ID_BYTES:] if self.kind == b"O" else self.payload

    def raw(self, journal: bytes) -> bytes:
        return journal[self.start:self.end]


def frame_header(kind: bytes, length: int) -> bytes:
    head = struct.pack(">cQ", kind, length)
    return head + struct.pack(">I", zlib.crc32(head))


def make_frame(kind: bytes, payload: bytes) -> bytes:
    return frame_header(kind, len(payload)) + payload


def parse_frames(data: bytes) -> tuple[list[Frame], int]:
    """The complete frames of a journal's bytes, and the offset where they stop (== len(data) if clean).

    Parsing stops at an incomplete header or payload; a header whose CRC or kind is wrong fails the test
    (the test files are never damaged before they are parsed here).
    """
    assert data.startswith(JOURNAL_MAGIC), "not a version 2 journal"
    frames: list[Frame] = []
    pos = len(JOURNAL_MAGIC)
    while pos + FRAME_HEADER <= len(data):
        head = data[pos:pos + FRAME_HEADER]
        if head == bytes(FRAME_HEADER):
            break  # zeros: a file system's tail after a power cut
        kind, length = struct.unpack(">cQ", head[:9])
        assert struct.unpack(">I", head[9:])[0] == zlib.crc32(head[:9]), f"bad frame header CRC at {pos}"
        assert kind in (b"E", b"O"), f"unknown frame kind {kind!r} at {pos}"
        end = pos + FRAME_HEADER + length
        if end > len(data):
            break
        frames.append(Frame(kind, pos, end, data[pos + FRAME_HEADER:end]))
        pos = end
    return frames, pos


def journal_frames(path: Path) -> list[Frame]:
    frames, stop = parse_frames(path.read_bytes())
    assert stop == path.stat().st_size, f"{path.name} has an unfinished tail at {stop}"
    return frames


def torn_tail(data: bytes) -> bytes:
    """What a crash left after the last complete E frame (b"" if the journal ends cleanly)."""
    frames, _ = parse_frames(data)
    events = [frame for frame in frames if frame.kind == b"E"]
    good = events[-1].end if events else len(JOURNAL_MAGIC)
    return data[good:]


def journal_records(path: Path) -> list[bytes]:
    """The age file of every event (record N is index N-1)."""
    return [frame.payload for frame in journal_frames(path) if frame.kind == b"E"]


def journal_saves(path: Path) -> list[bytes]:
    """The journal as saves, in order: each E frame's bytes, preceded by its O frame when it records one.

    Removing or moving a whole save keeps every picture with its record, so only the chain can notice."""
    data = path.read_bytes()
    saves: list[bytes] = []
    pending = b""
    for frame in journal_frames(path):
        if frame.kind == b"O":
            pending = frame.raw(data)
        else:
            saves.append(pending + frame.raw(data))
            pending = b""
    return saves


def write_saves(path: Path, saves: list[bytes]) -> None:
    path.write_bytes(JOURNAL_MAGIC + b"".join(saves))


def object_frame(sample: SampleCase, object_id: str) -> Frame:
    (found,) = [frame for frame in journal_frames(sample.journal) if frame.object_id == object_id]
    return found


def decrypt_record(age_file: bytes, identity: pyrage.x25519.Identity) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(pyrage.decrypt(age_file, [identity]))
    return body


def encrypt_record(body: dict[str, Any], identity: pyrage.x25519.Identity, *, reseal: bool = True) -> bytes:
    """A complete E frame holding `body` (encrypted by pyrage, as another age implementation would).

    With the case key in hand, a sealed record is sealed again over what it now says (reseal=True), so only
    the chain can notice the change (the new seal is written into `body`, so body_hash(body) follows it);
    reseal=False keeps the seal as it was, as someone without the key must."""
    if reseal and "mac" in body:
        body["mac"] = seal_for(body, identity)
    return make_frame(b"E", pyrage.encrypt(canonical_json(body), [identity.to_public()]))


def seal_for(body: dict[str, Any], identity: pyrage.x25519.Identity) -> str:
    """The seal the case key gives a record body (its "mac" member left out)."""
    from evidencekit.store import age
    from evidencekit.store.seal import SealKey

    unsealed = {key: value for key, value in body.items() if key != "mac"}
    return SealKey(age.Identity.parse(str(identity)), str(body["case"])).seal(canonical_json(unsealed))


def body_hash(body: dict[str, Any]) -> str:
    """The chain hash of a record body as the store computes it (over the record's RFC 8785 bytes)."""
    return Event.from_body(body).hash


def identity_of(sample: SampleCase, keyring: KeyringAccess) -> pyrage.x25519.Identity:
    text = keyring.get(sample.id)
    assert text, "the sample case's key should be in the in-memory keyring"
    return pyrage.x25519.Identity.from_str(text)


# ----- age files ------------------------------------------------------------------------------------

def age_payload_start(ciphertext: bytes) -> int:
    """Offset of the first payload chunk: after the header's '---' MAC line and the 16-byte nonce."""
    mac_line = ciphertext.index(b"\n---")
    end_of_header = ciphertext.index(b"\n", mac_line + 1) + 1
    return end_of_header + AGE_NONCE


def age_chunk_boundaries(ciphertext: bytes) -> list[int]:
    """Offsets right after each full stored chunk (the places a cut is hardest to notice)."""
    start = age_payload_start(ciphertext)
    stored_chunk = AGE_CHUNK + AGE_TAG
    return [start + k * stored_chunk for k in range(1, (len(ciphertext) - start) // stored_chunk + 1)
            if start + k * stored_chunk < len(ciphertext)]


def sha256_file(path: Path) -> str:
    return sha256_hex(path.read_bytes())


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def append_record_without_the_key(folder: Path, home: Path, action: str = "step.set",
                                  data: dict[str, Any] | None = None) -> int:
    """What someone who read docs/store-format.md can do with only the case's plaintext files: a record in the
    older, unsealed form, encrypted to the public recipient in case.json, numbered and chained from the
    anchor. Returns the forged record's number."""
    case = json.loads((folder / "case.json").read_text())
    anchor = json.loads((home / "anchors" / f"{case['case']}.json").read_text())
    body = {"v": 1, "case": case["case"], "seq": anchor["seq"] + 1, "prev": anchor["hash"],
            "time": {"utc": "2026-12-03T10:00:00.000Z"}, "actor": {"role": "victim", "name": ""},
            "action": action, "object": None, "inputs": [], "outputs": [], "data": data or {"step": "police"},
            "app": "evidencekit 0.1.0"}
    recipient = pyrage.x25519.Recipient.from_str(case["recipient"])
    with open(folder / "journal.ekj", "ab") as file:
        file.write(make_frame(b"E", pyrage.encrypt(canonical_json(body), [recipient])))
    return int(anchor["seq"]) + 1


def kept_head(keyring: KeyringAccess, case_id: str) -> str | None:
    """The keyring's copy of the journal head (evidencekit/store/head.py), for a test that fakes a crash by
    putting the journal and its anchor back as they were before a save."""
    return keyring.get_head(case_id)


def put_back_kept_head(keyring: KeyringAccess, case_id: str, text: str | None) -> None:
    """As if the keyring never saw the saves made since `text` was read; None: as on a computer whose keyring
    never kept this case's head (a moved case)."""
    from keyring.errors import PasswordDeleteError

    from evidencekit.store.keyring_access import SERVICE

    if text is not None:
        assert keyring.set_head(case_id, text)
        return
    try:
        keyring.backend.delete_password(SERVICE, f"head:{case_id}")
    except PasswordDeleteError:
        pass
