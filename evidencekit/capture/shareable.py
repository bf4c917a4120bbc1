"""The custody journal ties each shareable copy (the original without identifying metadata) to its original.

An `exhibit.shareable_copy` record names the exhibit, the original's SHA-256 (input) and the copy's
SHA-256 and size (output), and the kinds of details removed (never their values). The copy itself is
not stored: it is made again, byte for byte the same, from the sealed original whenever a bundle needs
it (capture/identifying.py is deterministic), and the bundle builder checks it against this record.
Recorded when a picture is imported, and before an export for any picture that has no record yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from evidencekit.canonical import sha256_hex
from evidencekit.capture.identifying import find_identifying, kinds_of, shareable_copy

COPY_ACTION = "exhibit.shareable_copy"
COPY_METHOD = "evidencekit metadata blocks removed/1"  # changes if shareable_copy's output ever changes


def copy_record(data: bytes) -> tuple[list[str], dict[str, Any] | None]:
    """The kinds found in `data` and, when there are any, the copy's output record."""
    kinds = kinds_of(find_identifying(data))
    if not kinds:
        return [], None
    copy = shareable_copy(data)
    return kinds, {"sha256": sha256_hex(copy), "size": len(copy)}


def record_copy(store: Any, exhibit_id: str, original_sha256: str, original_size: int, kinds: list[str],
                output: dict[str, Any]) -> None:
    store.append_event(COPY_ACTION, {"removed": kinds, "method": COPY_METHOD,
                                     "copy": output, "of": {"sha256": original_sha256}},
                       object_id=exhibit_id, inputs=[{"sha256": original_sha256, "size": original_size}],
                       outputs=[output])


def recorded_copies(events: Iterable[Any]) -> dict[str, tuple[str, int]]:
    """Exhibit id -> (SHA-256 of its shareable copy, journal record number), from this method's records."""
    found: dict[str, tuple[str, int]] = {}
    for event in events:
        if event.action == COPY_ACTION and (event.data or {}).get("method") == COPY_METHOD and event.object_id:
            found[event.object_id] = (str(event.outputs[0].get("sha256", "")) if event.outputs else "", event.seq)
    return found


def record_missing_copies(store: Any) -> int:
    """Before an export: record the copy of every picture that may hold identifying metadata and has no
    record yet (pictures imported before this existed, or carried by a chat). Reads only those."""
    done = recorded_copies(store.events())
    added = 0
    for exhibit in store.state().pictures:
        if exhibit.origin == "captured" or exhibit.id in done:
            continue  # evidencekit's own pictures carry no metadata
        if exhibit.recorded.get("identifying_metadata") == []:
            continue  # checked at import: nothing in it
        kinds, output = copy_record(store.read_object(exhibit.id))
        if output is not None:
            record_copy(store, exhibit.id, exhibit.sha256, exhibit.size, kinds, output)
            added += 1
    return added
