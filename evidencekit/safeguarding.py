"""Removal for safeguarding: the one way an exhibit leaves a case, destroying its original (ADR 062).

A nude picture of someone under 18 must never be kept, and anyone may need a picture gone for their
safety. Removing records `exhibit.removed` (SHA-256, size, reason; the actor is who did it), then the
store overwrites the picture's encrypted bytes, and those of the text read from it, where they lie in
the journal file (store/destroy.py). Every other exhibit with the same picture (the same file, or the
same pixels: capture/linking.py) is removed with it. The journal, `case verify` and the bundle's custody
pages still hold: the removal is a record like any other, and the bundle lists it with its SHA-256.
Qt-free: the window and `evidencekit exhibit remove` both call `remove_for_safeguarding`.
"""

from __future__ import annotations

from typing import Any

from evidencekit.errors import UsageError
from evidencekit.i18n import N_, _
from evidencekit.store.state import Exhibit
from evidencekit.text_safety import check_text

REMOVED_ACTION = "exhibit.removed"
REASON_LIMIT = 500
NUDE_UNDER_18 = N_("a nude picture of someone under 18")


def _derived_objects(store: Any, exhibit: Exhibit) -> list[str]:
    """The objects made from this picture (its OCR transcripts), destroyed with it."""
    found = []
    for event in store.events():
        derived = event.data.get("derived") if event.action == "object.added" and event.object_id else None
        source = derived.get("from") if isinstance(derived, dict) else None
        if isinstance(source, dict) and source.get("object") == exhibit.id:
            found.append(str(event.object_id))
    return found


def removal_candidates(store: Any, exhibit: Exhibit) -> list[Exhibit]:
    """The exhibit and every other one holding the same picture (same file or same pixels)."""
    from evidencekit.capture.linking import same_pictures

    return [exhibit, *same_pictures(store, exhibit)] if exhibit.is_picture else [exhibit]


def remove_for_safeguarding(store: Any, ref: str, *, reason: str, confirm: str) -> list[dict[str, Any]]:
    """Remove the exhibit named by `ref` (and its twins) for safeguarding; `confirm` must be its reference.
    Returns what was removed: reference, SHA-256, size, record number."""
    from evidencekit.capture.exhibits import find_exhibit

    exhibit = find_exhibit(store.state(), ref)
    if confirm.strip().upper() != exhibit.reference:
        raise UsageError(_("To remove {reference} for good, type its reference {reference} to confirm; nothing "
                           "was removed.").format(reference=exhibit.reference))
    reason = check_text(reason.strip(), _("The reason"), limit=REASON_LIMIT)
    if not reason:
        raise UsageError(_("Say why the picture is removed (for example \"a nude picture of someone under "
                           "18\"); the custody log keeps the reason. Nothing was removed."))
    removed = []
    for target in removal_candidates(store, exhibit):
        event = store.append_event(REMOVED_ACTION, {
            "what": "removed for safeguarding", "reference": target.reference, "sha256": target.sha256,
            "size": target.size, "media_type": target.media_type, "reason": reason,
            "with": exhibit.reference if target.id != exhibit.id else None,
            "derived_objects": _derived_objects(store, target),
        }, object_id=target.id, inputs=[{"sha256": target.sha256, "size": target.size}])
        removed.append({"reference": target.reference, "id": target.id, "sha256": target.sha256,
                        "size": target.size, "seq": event.seq})
    store.destroy_removed_objects()  # the bytes go now; a crash before this is finished at the next open
    return removed
