"""Journal events: who did what to which object, when, chained by SHA-256 over canonical JSON.

An event's hash is SHA-256 of the RFC 8785 bytes of the event without its "hash" member; "prev" is the
hash of the event before it (64 zeros for the first). Anyone can recompute the chain from the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidencekit.canonical import canonical_json, sha256_hex

EVENT_VERSION = 1
GENESIS_PREV = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who made an event: the victim, a support worker (by name), or the app itself."""

    role: str = "victim"
    name: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name}


@dataclass(frozen=True)
class Event:
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
    hash: str = field(default="")

    def body(self) -> dict[str, Any]:
        """The hashed content: everything but the hash itself."""
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
    def from_body(body: dict[str, Any]) -> Event:
        """Rebuild an event from its decrypted body; KeyError/TypeError on a malformed record."""
        if body["v"] != EVENT_VERSION:
            raise ValueError(f"unsupported event version {body['v']!r}")
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
        )
        return event.with_hash()

    def with_hash(self) -> Event:
        return Event(**{**self.__dict__, "hash": event_hash(self.body())})


def event_hash(body: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(body))
