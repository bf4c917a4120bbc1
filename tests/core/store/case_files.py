"""Reading, damaging and snapshotting the files of a case folder, for the store tests.

Everything here works on the bytes on disk, the way an attacker, a failing disk or a crash would.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import random
from collections.abc import Callable
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


@dataclass
class SampleCase:
    """A closed case on disk and what was stored in it."""

    id: str
    folder: Path
    home: Path
    recovery_key: str
    objects: dict[str, bytes] = field(default_factory=dict)  # object id -> original bytes
    event_hashes: list[str] = field(default_factory=list)

    def object_path(self, object_id: str) -> Path:
        return self.folder / "objects" / f"{object_id}.age"

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
    """Stands in for the `os` module inside evidencekit.fsio; counts bytes and runs out after `budget`."""

    budget: float = float("inf")
    written: int = 0
    writes: list[tuple[str, int]] = field(default_factory=list)  # (file name, bytes) per write call, 0: refused

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        name = Path(os.readlink(f"/proc/self/fd/{fd}")).name
        room = self.budget - self.written
        if room <= 0:
            self.writes.append((name, 0))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        count = os.write(fd, bytes(data[: int(min(room, len(data)))]))
        self.written += count
        self.writes.append((name, count))
        return count


# ----- the journal, record by record ---------------------------------------------------------------

def journal_lines(sample: SampleCase) -> list[bytes]:
    """The complete records of the journal, each with its newline."""
    return sample.journal.read_bytes().splitlines(keepends=True)


def decrypt_record(line: bytes, identity: pyrage.x25519.Identity) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(pyrage.decrypt(base64.b64decode(line.strip()), [identity]))
    return body


def encrypt_record(body: dict[str, Any], identity: pyrage.x25519.Identity) -> bytes:
    return base64.b64encode(pyrage.encrypt(canonical_json(body), [identity.to_public()])) + b"\n"


def body_hash(body: dict[str, Any]) -> str:
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
    """File offsets right after each full stored chunk (the places a cut is hardest to notice)."""
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
