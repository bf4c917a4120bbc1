"""Operations on stored exhibits: find one, edit its fields (a journal event), export its original."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evidencekit.canonical import sha256_hex
from evidencekit.capture.fields import check_fields
from evidencekit.errors import UsageError
from evidencekit.fsio import atomic_write
from evidencekit.store import CaseState, CaseStore, Exhibit


def find_exhibit(state: CaseState, ref: str) -> Exhibit:
    """The exhibit named by reference (EK-003), number, id or id prefix; a clear UsageError otherwise."""
    exhibit = state.exhibit(ref)
    if exhibit is None:
        count = len(state.exhibits)
        raise UsageError(f"There is no exhibit {ref!r} in this case (it has {count} exhibit"
                         f"{'s' if count != 1 else ''}); use a reference like EK-001 or a number.")
    return exhibit


def edit_exhibit(store: CaseStore, ref: str, changes: Mapping[str, str | None]) -> Exhibit:
    """Record new field values for an exhibit; the original and its capture record stay as they were."""
    exhibit = find_exhibit(store.state(), ref)
    checked = check_fields(changes)
    if not checked:
        raise UsageError("Nothing to change: give at least one of --label, --category, --platform, --url, "
                         "--message-time or --notes.")
    store.append_event("exhibit.edited", {"changes": checked}, object_id=exhibit.id)
    return find_exhibit(store.state(), exhibit.id)


def export_original(store: CaseStore, ref: str, out: Path) -> dict[str, Any]:
    """Write the exhibit's exact original bytes to `out` (never over an existing file) and journal it."""
    exhibit = find_exhibit(store.state(), ref)
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new file name so nothing is overwritten.")
    if not out.parent.is_dir():
        raise UsageError(f"The folder {out.parent} does not exist; create it or choose another place.")
    data = store.read_object(exhibit.id)  # decrypted and re-checked against the journal's SHA-256
    try:
        atomic_write(out, data, overwrite=False)
    except FileExistsError:
        raise UsageError(f"{out} already exists; choose a new file name so nothing is overwritten.") from None
    output = {"sha256": sha256_hex(data), "size": len(data)}
    try:
        store.append_event("original.exported", {"reference": exhibit.reference, "file_name": out.name},
                           object_id=exhibit.id, outputs=[output])
    except BaseException:
        out.unlink(missing_ok=True)  # an export the journal does not record must not be left behind
        raise
    return {"exhibit": exhibit.reference, "id": exhibit.id, "path": str(out), **output}


def exhibit_as_dict(exhibit: Exhibit) -> dict[str, Any]:
    """Everything known about an exhibit, as printed by `evidencekit exhibits --json`."""
    return {
        "reference": exhibit.reference,
        "number": exhibit.number,
        "id": exhibit.id,
        "origin": exhibit.origin,
        "kind": exhibit.kind,
        "derived_from": exhibit.derived_from or None,
        "sha256": exhibit.sha256,
        "size": exhibit.size,
        "media_type": exhibit.media_type,
        "fields": dict(exhibit.fields),
        "recorded": exhibit.recorded,
        "redaction": ({"boxes": [list(box) for box in exhibit.redaction.boxes],
                       "include_original": exhibit.redaction.include_original} if exhibit.redaction else None),
        "event_seq": exhibit.event_seq,
    }

