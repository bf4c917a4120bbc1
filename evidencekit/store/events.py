"""Journal events: who did what to which object, when, chained by SHA-256 over canonical JSON.

An event's hash is SHA-256 of the RFC 8785 bytes of the event without its "hash" member; "prev" is the
hash of the event before it (64 zeros for the first). Anyone can recompute the chain from the JSON.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.records import NamedTuple

if TYPE_CHECKING:
    from evidencekit.store.seal import SealKey

EVENT_VERSION = 2  # sealed records: a "mac" member (evidencekit/store/seal.py); 1: older, unsealed records
LEGACY_EVENT_VERSION = 1
GENESIS_PREV = "0" * 64
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class Actor(NamedTuple):
    """Who made an event: the victim, a support worker (by name), or the app itself."""

    role: str = "victim"
    name: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name}


class Event(NamedTuple):
    """One custody-journal record, as decrypted and checked."""

    seq: int
    case_id: str
    time: dict[str, str]
    actor: dict[str, str]
    action: str
    object_id: str | None
    inputs: list[dict[str, Any]]
    outputs: list[dict[str, Any]]
    data: dict[str, Any]
    app: str
    prev: str
    hash: str = ""
    mac: str = ""  # the record's seal; "" on records written before seals (event version 1)

    @property
    def sealed(self) -> bool:
        return bool(self.mac)

    def body(self) -> dict[str, Any]:
        """The hashed content: everything but the hash itself (with the seal, on a sealed record)."""
        body = self.unsealed_body()
        if self.mac:
            body["mac"] = self.mac
        else:
            body["v"] = LEGACY_EVENT_VERSION
        return body

    def unsealed_body(self) -> dict[str, Any]:
        """What a seal is taken over: the record as written, without its "mac" member."""
        return {
            "v": EVENT_VERSION,
            "case": self.case_id,
            "seq": self.seq,
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "object": self.object_id,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "data": self.data,
            "app": self.app,
            "prev": self.prev,
        }

    def as_dict(self) -> dict[str, Any]:
        """The event as exported (journal JSON lines in the bundle): the body plus its hash."""
        return {**self.body(), "hash": self.hash}

    @staticmethod
    def from_body(body: dict[str, Any], *, canonical_bytes_hash: str | None = None) -> Event:
        """Rebuild an event from its decrypted body; KeyError/TypeError on a malformed record.

        canonical_bytes_hash: SHA-256 of bytes already known to be the body's RFC 8785 form (saves redoing it).
        """
        version = body["v"]
        if version == EVENT_VERSION:
            mac = body["mac"]
            if not isinstance(mac, str) or not _HEX64.match(mac):
                raise ValueError("a sealed record's seal is not 64 hex digits")
        elif version == LEGACY_EVENT_VERSION and "mac" not in body:
            mac = ""
        else:
            raise ValueError(f"unsupported event version {version!r}")
        event = Event(
            seq=int(body["seq"]),
            case_id=str(body["case"]),
            time=dict(body["time"]),
            actor=dict(body["actor"]),
            action=str(body["action"]),
            object_id=body["object"],
            inputs=list(body["inputs"]),
            outputs=list(body["outputs"]),
            data=dict(body["data"]),
            app=str(body["app"]),
            prev=str(body["prev"]),
            mac=mac,
        )
        if canonical_bytes_hash is not None:
            return event._replace(hash=canonical_bytes_hash)
        return event.with_hash()

    def with_hash(self) -> Event:
        return self._replace(hash=event_hash(self.body()))


class DraftEvent:
    """An event being made and sealed: its RFC 8785 bytes are built once, for its hash and its record."""

    def __init__(self, event: Event, seal: SealKey) -> None:
        body = event.unsealed_body()
        mac = seal.seal(canonical_json(body))
        body["mac"] = mac
        self._event = event._replace(mac=mac)
        self._body = canonical_json(body)

    def final(self) -> tuple[Event, bytes]:
        """The finished event (with its hash) and its RFC 8785 bytes."""
        return self._event._replace(hash=sha256_hex(self._body)), self._body


def event_hash(body: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(body))


_SAFE_INTEGER = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: larger integers take the slow, exact path
_OUTSIDE_BMP = re.compile(rb"[\xf0-\xff]")  # the lead byte of a 4-byte UTF-8 character (or not UTF-8 at all)


def parse_record(plain: bytes) -> Event:
    """An event from a decrypted journal record, hashed over its canonical JSON (see `read_record`)."""
    return read_record(plain)[0]


def read_record(plain: bytes) -> tuple[Event, bytes]:
    """An event from a decrypted journal record, and the RFC 8785 bytes its seal is taken over.

    The store writes each record as its RFC 8785 bytes, so the hash is normally SHA-256 of `plain` itself.
    That shortcut is taken only when the C json module's compact, key-sorted output equals `plain` and the
    record has no floats, no integers beyond 2^53 and no characters outside the BMP (where key order and
    number forms of the two could differ); otherwise the hash is computed by the rfc8785 library. The
    unsealed bytes follow the same rule (b"" for a record written before seals).
    """
    exotic = False

    def on_float(text: str) -> float:
        nonlocal exotic
        exotic = True
        return float(text)

    def on_int(text: str) -> int:
        nonlocal exotic
        value = int(text)
        exotic = exotic or abs(value) > _SAFE_INTEGER
        return value

    body = json.loads(plain, parse_float=on_float, parse_int=on_int, parse_constant=on_float)
    if not isinstance(body, dict):
        raise TypeError("a journal record is a JSON object")
    if not exotic and plain and not _OUTSIDE_BMP.search(plain):
        try:
            compact = _compact(body)
        except UnicodeEncodeError:
            compact = b""
        if compact == plain:
            event = Event.from_body(body, canonical_bytes_hash=sha256_hex(plain))
            if not event.mac:
                return event, b""
            return event, _without_seal(plain, event.mac) or _compact({k: v for k, v in body.items() if k != "mac"})
    event = Event.from_body(body)
    return event, canonical_json(event.unsealed_body()) if event.mac else b""


def _without_seal(plain: bytes, mac: str) -> bytes:
    """The compact, key-sorted record without its top-level "mac" member, cut out of `plain` (itself the
    compact, key-sorted form): that member sits right before "object", after every nested value that
    could hold a "mac" key of its own ("data", "inputs"). b"" when it is not found there (then re-serialise)."""
    member = b',"mac":"' + mac.encode("ascii") + b'"'
    at = plain.rfind(member)
    if at < 0 or not plain.startswith(b',"object":', at + len(member)):
        return b""
    return plain[:at] + plain[at + len(member):]


def _compact(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
