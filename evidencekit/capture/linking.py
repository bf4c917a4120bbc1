"""Same picture, same protection: exhibits whose pixels are equal share their black boxes and withhold choice.

The same file imported twice is one exhibit (importer.py). A capture whose pixels equal an earlier
exhibit's is kept (a later time is evidence) but linked: an `exhibit.linked` record names the earlier
exhibit, and whenever one of them is covered (an `exhibit.redaction_set`), the same boxes and choice are
recorded for every other one, with `data.linked_from` naming the exhibit the person covered. So every
reader of the case state (the window's views, every export) sees the same protection without knowing
about links.

Pixels are compared as SHA-256 of the decoded picture as displayed (EXIF orientation applied, RGB),
with its size. Decoding costs tens of milliseconds for a screen-sized picture, so only candidates of the
same size are decoded: at a new capture, only covered exhibits; when a picture is covered, every picture
of its size (keys are remembered for the life of the open store).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from evidencekit.digests import Sha256
from evidencekit.store.state import Exhibit

LINK_ACTION = "exhibit.linked"
_keys: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def pixel_key(data: bytes) -> str:
    from evidencekit.redaction import open_displayed  # Pillow: only when pictures are compared

    image = open_displayed(data)
    digest = Sha256(f"{image.width}x{image.height}\n".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _size(exhibit: Exhibit) -> frozenset[int] | None:
    pixels = exhibit.recorded.get("pixels")
    if not isinstance(pixels, dict):
        return None
    try:
        return frozenset((int(pixels["width"]), int(pixels["height"])))  # either way up (EXIF rotation)
    except (KeyError, TypeError, ValueError):
        return None


def _key(store: Any, exhibit: Exhibit, data: bytes | None = None) -> str:
    with _lock:
        cache = _keys.setdefault(store, {})
        known = cache.get(exhibit.id)
    if known is not None:
        return known
    key = pixel_key(data if data is not None else store.read_object(exhibit.id))
    with _lock:
        cache[exhibit.id] = key
    return key


def same_pictures(store: Any, exhibit: Exhibit, *, data: bytes | None = None,
                  only_covered: bool = False) -> list[Exhibit]:
    """The other picture exhibits whose pixels equal `exhibit`'s (same file first, then same pixels)."""
    if not exhibit.is_picture:
        return []
    size = _size(exhibit)
    found: list[Exhibit] = []
    for other in store.state().pictures:
        if other.id == exhibit.id or (only_covered and not other.redaction):
            continue
        same_file = other.sha256 == exhibit.sha256
        if same_file or (size is not None and _size(other) == size
                         and _key(store, other) == _key(store, exhibit, data)):
            found.append(other)
    return found


def link_new_picture(store: Any, exhibit: Exhibit, data: bytes) -> None:
    """After a capture or import: link it to the earlier exhibits with the same pixels that are covered, and
    give it their protection (the most recent covered one's boxes and choice)."""
    if not store.events_of(frozenset({"exhibit.redaction_set"})):
        return  # nothing is covered in this case: nothing to compare (the usual case, and free)
    covered = same_pictures(store, exhibit, data=data, only_covered=True)
    if not covered:
        return
    source = max(covered, key=_redaction_seq(store))
    store.append_event(LINK_ACTION, {"to": source.id, "reference": source.reference,
                                     "same": _sameness(source, exhibit)}, object_id=exhibit.id)
    redaction = source.redaction
    assert redaction is not None
    store.append_event("exhibit.redaction_set", {"boxes": [list(box) for box in redaction.boxes],
                                                 "include_original": redaction.include_original,
                                                 "linked_from": source.id}, object_id=exhibit.id)


def spread_redaction(store: Any, exhibit_id: str, twins: list[Exhibit] | None = None) -> list[str]:
    """After the person covered (or uncovered) `exhibit_id`: the same boxes and choice for every exhibit with
    the same pixels that has other ones (`twins`, when already found); returns the references changed."""
    state = store.state()
    exhibit = state.exhibit(exhibit_id)
    if exhibit is None:
        return []
    redaction = exhibit.redaction
    changed: list[str] = []
    for found in same_pictures(store, exhibit) if twins is None else twins:
        other = state.exhibit(found.id)
        if other is None or other.redaction == redaction:
            continue
        linked = {"to": exhibit.id, "reference": exhibit.reference, "same": _sameness(exhibit, other)}
        if not any(e.action == LINK_ACTION and e.object_id == other.id for e in store.events()):
            store.append_event(LINK_ACTION, linked, object_id=other.id)
        store.append_event("exhibit.redaction_set", {
            "boxes": [list(box) for box in redaction.boxes] if redaction else [],
            "include_original": redaction.include_original if redaction else False,
            "linked_from": exhibit.id}, object_id=other.id)
        changed.append(other.reference)
    return changed


def save_boxes(store: Any, exhibit_id: str, data: dict[str, Any]) -> list[str]:
    """Record the person's boxes and choice for `exhibit_id` and the same on every exhibit with the same
    pixels. The twins are found first, so the record can say they were (`same_checked`): an export then
    need not decode pictures again for it (spread_all)."""
    exhibit = store.exhibit(exhibit_id)
    twins = same_pictures(store, exhibit) if exhibit is not None else []
    store.append_event("exhibit.redaction_set", {**data, "same_checked": True}, object_id=exhibit_id)
    return spread_redaction(store, exhibit_id, twins)


def _sameness(one: Exhibit, other: Exhibit) -> str:
    return "file" if one.sha256 == other.sha256 else "pixels"


def _redaction_seq(store: Any) -> Any:
    seqs: dict[str, int] = {}
    for event in store.events():
        if event.action == "exhibit.redaction_set" and event.object_id:
            seqs[event.object_id] = event.seq
    return lambda exhibit: seqs.get(exhibit.id, 0)


def spread_all(store: Any) -> list[str]:
    """Before an export: every covered picture's protection on each picture with the same pixels, the most
    recently covered first (its boxes win). A save that could not look for twins (the boxes written at a
    quick exit) is completed here by comparing pixels; one that did (`same_checked`, or a twin's record)
    only needs its known links checked, which decodes nothing."""
    events = store.events()
    last: dict[str, Any] = {}
    links: dict[str, set[str]] = {}
    for event in events:
        if event.action == "exhibit.redaction_set" and event.object_id:
            last[event.object_id] = event
        elif event.action == LINK_ACTION and event.object_id:
            other = str(event.data.get("to", ""))
            links.setdefault(event.object_id, set()).add(other)
            links.setdefault(other, set()).add(event.object_id)
    state = store.state()
    covered = sorted((e for e in state.pictures if e.redaction), key=lambda e: -last[e.id].seq if e.id in last else 0)
    changed: list[str] = []
    done: set[str] = set()
    for exhibit in covered:
        if exhibit.id in done:
            continue
        record = last.get(exhibit.id)
        checked = record is not None and (record.data.get("same_checked") or record.data.get("linked_from"))
        if checked:
            twins = [e for e in state.pictures if e.id in links.get(exhibit.id, set()) or
                     (e.sha256 == exhibit.sha256 and e.id != exhibit.id)]
        else:
            twins = same_pictures(store, exhibit)
        done |= {exhibit.id, *(twin.id for twin in twins)}
        changed += spread_redaction(store, exhibit.id, twins)
    return changed
