"""Export a case from its store: record any redaction asked for, build the bundle, journal the export.

The `bundle.exported` event carries the PDF's SHA-256 (the one fingerprint that cannot be printed inside
the file), the bundle fingerprint, the signing root and the options, so the case's own custody log says
exactly which file was handed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidencekit.bundle.builder import build_bundle
from evidencekit.bundle.model import BundleOptions, BundleResult, IsCancelled, Progress, never_cancelled, no_progress
from evidencekit.bundle.page_image import displayed_size
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.errors import UsageError
from evidencekit.redaction import Box, RedactionRequest, clip_boxes


def record_redactions(store: Any, requests: Sequence[RedactionRequest], include_original: bool) -> int:
    """Set the boxes of each named exhibit (replacing earlier boxes); returns how many events were added."""
    state = store.state()
    wanted: dict[str, list[Box]] = {}
    for request in requests:
        exhibit = state.exhibit(request.exhibit)
        if exhibit is None:
            raise UsageError(f"--redact names exhibit {request.exhibit!r}, which is not in this case "
                             "(use a reference like EK-003, a number or an exhibit id).")
        wanted.setdefault(exhibit.id, []).append(request.box)
    added = 0
    for exhibit_id, boxes in wanted.items():
        exhibit = state.exhibit(exhibit_id)
        assert exhibit is not None
        clip_boxes(boxes, displayed_size(store.read_object(exhibit.id)))  # refuse boxes outside the picture
        current = exhibit.redaction
        if current and [tuple(b) for b in current.boxes] == boxes and current.include_original == include_original:
            continue
        store.append_event("exhibit.redaction_set", {"boxes": [list(box) for box in boxes],
                                                     "include_original": include_original},
                           object_id=exhibit.id)
        added += 1
    return added


def export_case(store: Any, out_path: Path, options: BundleOptions | None = None, *,
                redactions: Sequence[RedactionRequest] = (), progress: Progress = no_progress,
                cancelled: IsCancelled = never_cancelled, identity: SigningIdentity | None = None) -> BundleResult:
    """Build the bundle for an open CaseStore and append the `bundle.exported` event."""
    options = options or BundleOptions()
    if redactions:
        record_redactions(store, redactions, options.include_redacted_originals)
    state = store.state()
    result = build_bundle(state, store.read_object, store.events(), Path(out_path), options, progress=progress,
                          cancelled=cancelled, identity=identity)
    outputs = [{"sha256": result.sha256, "size": result.size}]
    if result.zip_path and result.zip_sha256:
        outputs.append({"sha256": result.zip_sha256, "size": result.zip_path.stat().st_size})
    store.append_event("bundle.exported", {
        "sha256": result.sha256, "size": result.size, "file_name": result.path.name,
        "fingerprint": result.fingerprint, "options": options.as_dict(),
        "exhibits": [exhibit.reference for exhibit in state.exhibits], "pages": result.pages,
        "signed": result.signed, "signing_root_sha256": result.root_sha256,
        "zip": {"file_name": result.zip_path.name, "sha256": result.zip_sha256} if result.zip_path else None,
    }, outputs=outputs)
    return result
