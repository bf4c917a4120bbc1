"""The custody journal file: one age-encrypted event per line, hash-chained, append-only.

Line = base64(age ciphertext of the event's canonical JSON) + "\\n". A last line without its newline is
a torn write from a crash: it is reported so the case can drop it and record a recovery event. Any
complete line that does not decode, decrypt, parse or chain is tampering: "broken at record N".
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

import pyrage

from evidencekit.canonical import canonical_json
from evidencekit.errors import JournalBroken
from evidencekit.fsio import durable_append
from evidencekit.store.events import GENESIS_PREV, Event, parse_record


@dataclass(frozen=True)
class JournalRead:
    events: list[Event]
    good_length: int  # bytes up to the end of the last complete record
    torn: bytes  # bytes after it (empty when the file ended cleanly)


def encode_record(event: Event, recipient: pyrage.x25519.Recipient) -> bytes:
    ciphertext = pyrage.encrypt(canonical_json(event.body()), [recipient])
    return base64.b64encode(ciphertext) + b"\n"


def read_journal(path: Path, identity: pyrage.x25519.Identity, case_id: str, name: str) -> JournalRead:
    """Decrypt and check every record; JournalBroken names the first bad record (1-based)."""
    raw = path.read_bytes()
    cut = raw.rfind(b"\n") + 1
    complete, torn = raw[:cut], raw[cut:]
    events: list[Event] = []
    prev = GENESIS_PREV
    lines = complete.split(b"\n")[:-1] if complete else []
    for index, line in enumerate(lines, start=1):
        event = _decode_line(line, identity, path, name, index)
        if event.seq != index or event.prev != prev or event.case_id != case_id:
            raise JournalBroken(
                f"The custody journal ({name}) is broken at record {index}: it does not follow record "
                f"{index - 1}. A record was edited, removed, reordered or copied from another case.",
                path, index)
        events.append(event)
        prev = event.hash
    if not events and not torn:
        raise JournalBroken(f"The custody journal ({name}) is empty: the case has no history.", path, 1)
    return JournalRead(events, len(complete), torn)


def _decode_line(line: bytes, identity: pyrage.x25519.Identity, path: Path, name: str, index: int) -> Event:
    try:
        ciphertext = base64.b64decode(line, validate=True)
        if base64.b64encode(ciphertext) != line:  # unused low bits of the last group changed: still tampering
            raise ValueError("non-canonical base64")
        return parse_record(pyrage.decrypt(ciphertext, [identity]))
    except (binascii.Error, ValueError, KeyError, TypeError, pyrage.DecryptError, Exception) as exc:
        raise JournalBroken(
            f"The custody journal ({name}) is broken at record {index}: the record was altered or "
            "damaged and cannot be read.", path, index) from exc


def append_record(path: Path, record: bytes) -> None:
    durable_append(path, record)
