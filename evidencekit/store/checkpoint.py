"""The case checkpoint: the replayed case state as of one journal record, encrypted and authenticated (ADR 073).

    file      = MAGIC nonce (12 bytes) ChaCha20-Poly1305(key, nonce, JSON, associated data = MAGIC + case id)
    key       = HKDF-SHA256(case identity, salt "evidencekit checkpoint", info "checkpoint key v1 " + case id)
    JSON      = {"v": 1, "case", "seq", "hash", "sealed_from", "frame" (where record `seq`'s E frame starts),
                 "end" (where it ends: the journal length then), "digest" (SHA-256 of the journal up to `end`
                 without the pictures' age files: journal.frames_digest), "state", "objects", "kept" (events some
                 commands look up by action: record 1 and the export records), "n_events"}

Opening a case reads the checkpoint, re-computes the digest (every frame header and event frame up to
`end`, ~1 KB per record read and hashed, nothing decrypted), re-reads and checks record `seq` at `frame`
(its seal, its seq, its hash), then decrypts and checks only the records after `end` (the tail) as the
full reading does. A checkpoint that cannot be decrypted
(damaged, torn, written without the key, or another case's) or that names a record the journal does not
hold there is never used: the journal is read in full and the checkpoint is written again. Only a
key holder can write one, so it cannot say anything the journal's sealed records do not; `case verify`
still reads the whole journal and compares its replay with the checkpoint's state.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, NamedTuple

from evidencekit.store.events import Event
from evidencekit.store.journal import ObjectRef
from evidencekit.store.state import CaseState, Exhibit, Redaction

if TYPE_CHECKING:
    from pathlib import Path

    from evidencekit.store import age

MAGIC = b"evidencekit checkpoint v1\n"
VERSION = 1
NONCE = 12
EVERY = 16  # a command that leaves the checkpoint this many records behind writes it again when it closes
KEPT_ACTIONS = frozenset({"bundle.export_started", "bundle.exported", "bundle.export_failed",
                          "bundle.export_abandoned", "exhibit.redaction_set", "exhibit.linked"})


class CheckpointRefused(Exception):
    """The checkpoint is not used; `args[0]` is one sentence saying why."""


class Checkpoint(NamedTuple):
    seq: int
    hash: str
    sealed_from: int
    frame: int
    end: int
    state: CaseState
    objects: dict[str, ObjectRef]
    kept: list[Event]  # record 1 and every record in KEPT_ACTIONS, in order
    digest: str  # journal.frames_digest up to `end`


class CheckpointKey:
    """The AEAD key of one case's checkpoint; derived from the identity like the record seal key."""

    __slots__ = ("_aad", "_aead")

    def __init__(self, identity: age.Identity, case_id: str) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"evidencekit checkpoint",
                    info=b"checkpoint key v1 " + case_id.encode("ascii"))
        self._aead = ChaCha20Poly1305(hkdf.derive(str(identity).encode("ascii")))
        self._aad = MAGIC + case_id.encode("ascii")

    def seal(self, checkpoint: Checkpoint, case_id: str) -> bytes:
        body = {"v": VERSION, "case": case_id, "seq": checkpoint.seq, "hash": checkpoint.hash,
                "sealed_from": checkpoint.sealed_from, "frame": checkpoint.frame, "end": checkpoint.end,
                "digest": checkpoint.digest,
                "state": state_json(checkpoint.state),
                "objects": {key: [ref.offset, ref.length] for key, ref in checkpoint.objects.items()},
                "kept": [event._asdict() for event in checkpoint.kept]}
        nonce = os.urandom(NONCE)
        plain = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return MAGIC + nonce + self._aead.encrypt(nonce, plain, self._aad)

    def open(self, data: bytes, case_id: str, name: str) -> Checkpoint:
        from cryptography.exceptions import InvalidTag

        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + NONCE + 16:
            raise CheckpointRefused(f"This case's checkpoint ({name}) is damaged or incomplete; it was not used.")
        nonce = data[len(MAGIC):len(MAGIC) + NONCE]
        try:
            plain = self._aead.decrypt(nonce, data[len(MAGIC) + NONCE:], self._aad)
        except InvalidTag:
            raise CheckpointRefused(f"This case's checkpoint ({name}) was not written by evidencekit with this "
                                    "case's key (damaged, or taken from another case); it was not used.") from None
        try:
            body = json.loads(plain)
            if body["v"] != VERSION or body["case"] != case_id:
                raise ValueError("another version or case")
            return Checkpoint(int(body["seq"]), str(body["hash"]), int(body["sealed_from"]), int(body["frame"]),
                              int(body["end"]), state_from_json(case_id, body["state"]),
                              {key: ObjectRef(int(ref[0]), int(ref[1])) for key, ref in body["objects"].items()},
                              [_event(item) for item in body["kept"]], str(body["digest"]))
        except (ValueError, KeyError, TypeError, IndexError):
            raise CheckpointRefused(f"This case's checkpoint ({name}) is of a form this evidencekit does not "
                                    "read; it was not used.") from None


def read_checkpoint_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _event(item: dict[str, Any]) -> Event:
    return Event(**item)


_EXHIBIT = ("id", "number", "origin", "sha256", "size", "media_type", "recorded", "fields", "event_seq", "kind",
            "derived_from")
_STATE = ("title", "created", "shared_computer", "details", "steps", "profile", "exports", "objects",
          "recorded_files", "events_count", "last_event_time", "removed")


def state_json(state: CaseState) -> dict[str, Any]:
    """The state as JSON-shaped data (tuples become lists, as a replay from the journal's JSON has them)."""
    exhibits = []
    for exhibit in state.exhibits:
        item = {name: getattr(exhibit, name) for name in _EXHIBIT}
        if exhibit.redaction is not None:
            item["redaction"] = [[list(box) for box in exhibit.redaction.boxes], exhibit.redaction.include_original]
        exhibits.append(item)
    return {**{name: getattr(state, name) for name in _STATE}, "exhibits": exhibits}


def state_from_json(case_id: str, data: dict[str, Any]) -> CaseState:
    state = CaseState(id=case_id)
    for name in _STATE:
        setattr(state, name, data[name])
    for item in data["exhibits"]:
        redaction = item.pop("redaction", None)
        exhibit = Exhibit(**item)
        if redaction is not None:
            exhibit.redaction = Redaction([(int(b[0]), int(b[1]), int(b[2]), int(b[3])) for b in redaction[0]],
                                          bool(redaction[1]))
        state.exhibits.append(exhibit)
        state.exhibits_by_id[exhibit.id] = exhibit
    return state


def same_state(one: CaseState, other: CaseState) -> bool:
    """Whether two states say the same (compared as the checkpoint stores them)."""
    return json.dumps(state_json(one), sort_keys=True) == json.dumps(state_json(other), sort_keys=True)
