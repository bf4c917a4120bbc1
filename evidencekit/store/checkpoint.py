"""The case checkpoint: the replayed case state as of one journal record, encrypted and authenticated (ADR 073).

    file      = MAGIC nonce (12 bytes) ChaCha20-Poly1305(key, nonce, JSON, associated data = MAGIC + case id)
    key       = HKDF-SHA256(case identity, salt "evidencekit checkpoint", info "checkpoint key v1 " + case id)
    JSON      = {"v": 2, "case", "seq", "hash", "sealed_from", "frame" (where record `seq`'s E frame starts),
                 "end" (where it ends: the journal length then), "digest" (SHA-256 of the journal up to `end`
                 without the pictures' age files, whose places "index" gives: journal.prefix_digest),
                 "state" (the state's other fields), "exhibits" (one row per exhibit, in Exhibit's argument
                 order), "objects" (state.objects in order: an exhibit's own object as its id alone, any other
                 as [id, sha256, size, media_type, seq]; null: exactly the exhibits' own, in their order),
                 "index" (the object index, where each age file lies: [ids (null: the exhibits' ids in
                 order), offsets, lengths]), "kept" (events some commands look up by action: record 1 and the export
                 records)}

Rows instead of one JSON object per exhibit, and an exhibit's object entry not repeated: half as much to
parse as v1 (what every command opening a large case pays). A checkpoint of an older version (v1) is
not read: the journal is read in full, without a warning (nothing is wrong with it), and the checkpoint
written again.

Opening a case reads the checkpoint, re-computes the digest (the bytes between the pictures, ~1.6 KB read
and hashed per exhibit, nothing parsed or decrypted), re-reads and checks record `seq` at `frame` (its seal,
its seq, its hash), then decrypts and checks only the records after `end` (the tail) as the full reading
does. A checkpoint that cannot be decrypted
(damaged, torn, written without the key, or another case's) or that names a record the journal does not
hold there is never used: the journal is read in full and the checkpoint is written again. Only a
key holder can write one, so it cannot say anything the journal's sealed records do not; `case verify`
still reads the whole journal and compares its replay with the checkpoint's state.
"""

from __future__ import annotations

import json
import os
from itertools import repeat
from typing import TYPE_CHECKING, Any

from evidencekit.i18n import _
from evidencekit.records import NamedTuple
from evidencekit.store.events import Event
from evidencekit.store.journal import ObjectRef
from evidencekit.store.state import CaseState, Exhibit, Redaction

if TYPE_CHECKING:
    from pathlib import Path

    from evidencekit.store import age

MAGIC = b"evidencekit checkpoint v2\n"
OLDER = (b"evidencekit checkpoint v1\n",)  # read by no version now: ignored, replaced
VERSION = 2
NONCE = 12
EVERY = 16  # a command that leaves the checkpoint this many records behind writes it again when it closes
KEPT_ACTIONS = frozenset({"bundle.export_started", "bundle.exported", "bundle.export_failed",
                          "bundle.export_abandoned", "exhibit.redaction_set", "exhibit.linked"})


class CheckpointRefused(Exception):
    """The checkpoint is not used; `args[0]` is one sentence saying why."""


class CheckpointOutdated(Exception):
    """The checkpoint is of an older version (nothing is wrong with it): not used, not named, replaced."""


class Checkpoint(NamedTuple):
    seq: int
    hash: str
    sealed_from: int
    frame: int
    end: int
    state: CaseState
    objects: dict[str, ObjectRef]
    kept: list[Event]  # record 1 and every record in KEPT_ACTIONS, in order
    digest: str  # journal.prefix_digest up to `end` (without the age files `objects` places)


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
        state = checkpoint.state
        body = {"v": VERSION, "case": case_id, "seq": checkpoint.seq, "hash": checkpoint.hash,
                "sealed_from": checkpoint.sealed_from, "frame": checkpoint.frame, "end": checkpoint.end,
                "digest": checkpoint.digest,
                "state": {name: getattr(state, name) for name in _PLAIN},
                "exhibits": [_exhibit_row(exhibit) for exhibit in state.exhibits],
                "objects": _object_rows(state),
                "index": _index_rows(state, checkpoint.objects),
                "kept": [event._asdict() for event in checkpoint.kept]}
        nonce = os.urandom(NONCE)
        plain = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return MAGIC + nonce + self._aead.encrypt(nonce, plain, self._aad)

    def open(self, data: bytes, case_id: str, name: str) -> Checkpoint:
        from cryptography.exceptions import InvalidTag

        if data.startswith(OLDER):
            raise CheckpointOutdated(name)
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + NONCE + 16:
            raise CheckpointRefused(_("This case's checkpoint ({name}) is damaged or incomplete; it was not "
                                      "used.").format(name=name))
        nonce = data[len(MAGIC):len(MAGIC) + NONCE]
        try:
            plain = self._aead.decrypt(nonce, data[len(MAGIC) + NONCE:], self._aad)
        except InvalidTag:
            raise CheckpointRefused(_("This case's checkpoint ({name}) was not written by evidencekit with this "
                                      "case's key (damaged, or taken from another case); it was not used.").format(
                                          name=name)) from None
        try:
            body = json.loads(plain)
            if body["v"] != VERSION or body["case"] != case_id:
                raise ValueError("another version or case")
            state = _state(case_id, body)
            return Checkpoint(int(body["seq"]), str(body["hash"]), int(body["sealed_from"]), int(body["frame"]),
                              int(body["end"]), state, _index(state, body["index"]),
                              [_event(item) for item in body["kept"]], str(body["digest"]))
        except (ValueError, KeyError, TypeError, IndexError):
            raise CheckpointRefused(_("This case's checkpoint ({name}) is of a form this evidencekit does not "
                                      "read; it was not used.").format(name=name)) from None


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
_PLAIN = tuple(name for name in _STATE if name != "objects")  # the checkpoint's "state": all but the rows


def state_json(state: CaseState) -> dict[str, Any]:
    """The state as JSON-shaped data (tuples become lists, as a replay from the journal's JSON has them)."""
    exhibits = []
    for exhibit in state.exhibits:
        item = {name: getattr(exhibit, name) for name in _EXHIBIT}
        if exhibit.redaction is not None:
            item["redaction"] = [[list(box) for box in exhibit.redaction.boxes], exhibit.redaction.include_original]
        exhibits.append(item)
    return {**{name: getattr(state, name) for name in _STATE}, "exhibits": exhibits}


def _exhibit_row(exhibit: Exhibit) -> list[Any]:
    redaction = exhibit.redaction
    return [exhibit.id, exhibit.number, exhibit.origin, exhibit.sha256, exhibit.size, exhibit.media_type,
            exhibit.recorded, exhibit.fields, exhibit.event_seq,
            None if redaction is None else [[list(box) for box in redaction.boxes], redaction.include_original],
            exhibit.kind, exhibit.derived_from]


_OBJECT = ("sha256", "size", "media_type", "seq")
_OBJECT_KEYS = frozenset(_OBJECT)


def _object_rows(state: CaseState) -> list[Any] | None:
    """state.objects in order: an exhibit's own object as its id alone (its entry is what the exhibit says),
    any other as [id, sha256, size, media_type, seq]; None when they are exactly the exhibits' own objects
    in the exhibits' order (the usual case)."""
    rows: list[Any] = []
    by_id = state.exhibits_by_id
    for key, info in state.objects.items():
        exhibit = by_id.get(key)
        if exhibit is not None and info == _exhibit_object(exhibit):
            rows.append(key)
        elif info.keys() == _OBJECT_KEYS:
            rows.append([key, *(info[name] for name in _OBJECT)])
        else:
            raise ValueError("an object entry of another shape")  # the checkpoint is then not written
    return None if rows == [exhibit.id for exhibit in state.exhibits] else rows


def _index_rows(state: CaseState, objects: dict[str, ObjectRef]) -> list[Any]:
    """The object index as [ids, offsets, lengths]; ids None when they are the exhibits' ids in order."""
    ids = list(objects)
    return [None if ids == [exhibit.id for exhibit in state.exhibits] else ids,
            [ref.offset for ref in objects.values()], [ref.length for ref in objects.values()]]


def _index(state: CaseState, rows: list[Any]) -> dict[str, ObjectRef]:
    ids, offsets, lengths = rows
    if ids is None:
        ids = [exhibit.id for exhibit in state.exhibits]
    # tuple.__new__ makes each ObjectRef without a Python-level call; whole numbers are checked by the digest
    return dict(zip(ids, map(tuple.__new__, repeat(ObjectRef), zip(offsets, lengths, strict=True)), strict=True))


def _exhibit_object(exhibit: Exhibit) -> dict[str, Any]:
    return {"sha256": exhibit.sha256, "size": exhibit.size, "media_type": exhibit.media_type,
            "seq": exhibit.event_seq}


def _state(case_id: str, body: dict[str, Any]) -> CaseState:
    state = CaseState(id=case_id)
    plain = body["state"]
    for name in _PLAIN:
        setattr(state, name, plain[name])
    exhibits = state.exhibits
    for row in body["exhibits"]:
        if len(row) != 12:
            raise ValueError("an exhibit row of another length")
        redaction = row[9]
        if redaction is not None:
            row[9] = Redaction([(int(b[0]), int(b[1]), int(b[2]), int(b[3])) for b in redaction[0]],
                               bool(redaction[1]))
        exhibits.append(Exhibit(*row))
    state.exhibits_by_id = {exhibit.id: exhibit for exhibit in exhibits}
    by_id = state.exhibits_by_id
    objects = state.objects
    if body["objects"] is None:
        state.objects = {exhibit.id: _exhibit_object(exhibit) for exhibit in exhibits}
        return state
    for row in body["objects"]:
        if type(row) is str:
            objects[row] = _exhibit_object(by_id[row])
        else:
            key, sha256, size, media_type, seq = row
            objects[key] = {"sha256": sha256, "size": size, "media_type": media_type, "seq": seq}
    return state


def same_state(one: CaseState, other: CaseState) -> bool:
    """Whether two states say the same (compared as the checkpoint stores them)."""
    return json.dumps(state_json(one), sort_keys=True) == json.dumps(state_json(other), sort_keys=True)
