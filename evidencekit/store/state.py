"""The case state is the replay of its custody journal: one reducer per action, applied in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evidencekit.records import NamedTuple
from evidencekit.store.events import Event

EXHIBIT_FIELDS = ("label", "category", "platform", "url", "message_time", "notes")
CATEGORIES = ("profile", "conversation", "payment demand", "threat", "other")


class Redaction(NamedTuple):
    """Solid boxes (x, y, w, h in original pixels) and whether the unredacted original goes to the police."""

    boxes: list[tuple[int, int, int, int]]
    include_original: bool = False


class _Record:
    """Field-by-field equality and a readable repr for the two mutable records below: what @dataclass gave
    them, without its generated code (~0.5 ms per class at import; every capture command imports these)."""

    __slots__ = ()
    _compared: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._compared)

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a dataclass with eq is

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self._compared)})"


class Exhibit(_Record):
    """One captured or imported picture; `id` is the object id of its write-once original."""

    _compared = ("id", "number", "origin", "sha256", "size", "media_type", "recorded", "fields", "event_seq",
                 "redaction", "kind", "derived_from")
    __slots__ = _compared

    def __init__(self, id: str, number: int, origin: str, sha256: str, size: int, media_type: str,
                 recorded: dict[str, Any], fields: dict[str, str], event_seq: int,
                 redaction: Redaction | None = None, kind: str = "picture", derived_from: str = "") -> None:
        self.id = id
        self.number = number
        self.origin = origin  # "captured" | "imported" | "derived" (made by evidencekit from another exhibit)
        self.sha256 = sha256
        self.size = size
        self.media_type = media_type
        self.recorded = recorded
        self.fields = fields
        self.event_seq = event_seq
        self.redaction = redaction
        self.kind = kind  # "picture" | "chat archive" | "chat transcript"
        self.derived_from = derived_from  # object id of the exhibit a derived one was made from

    @property
    def is_picture(self) -> bool:
        return self.kind == "picture"

    @property
    def reference(self) -> str:
        return f"EK-{self.number:03d}"

    def snapshot(self) -> Exhibit:
        """A copy that shares nothing changeable with this one (for another thread, or to keep)."""
        redaction = Redaction(list(self.redaction.boxes), self.redaction.include_original) if self.redaction else None
        return Exhibit(self.id, self.number, self.origin, self.sha256, self.size, self.media_type,
                       _copy_json(self.recorded), dict(self.fields), self.event_seq, redaction, self.kind,
                       self.derived_from)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (what `recorded` holds): dicts and lists copied, the rest immutable."""
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


class CaseState(_Record):
    """Everything the journal says about a case, replayed event by event (starts empty; see `replay`)."""

    _compared = ("id", "title", "created", "shared_computer", "exhibits", "details", "steps", "profile", "exports",
                 "objects", "recorded_files", "events_count", "last_event_time", "removed")
    __slots__ = (*_compared, "exhibits_by_id")  # exhibits_by_id only indexes `exhibits`: not compared or shown

    def __init__(self, id: str) -> None:
        self.id = id
        self.title = ""
        self.created: dict[str, str] = {}
        self.shared_computer = False
        self.exhibits: list[Exhibit] = []
        self.details: dict[str, Any] = {}
        self.steps: dict[str, bool] = {}
        self.profile: dict[str, Any] = {}
        self.exports: list[dict[str, Any]] = []
        self.objects: dict[str, dict[str, Any]] = {}
        self.recorded_files: dict[str, str] = {}  # case-folder file -> sha256
        self.removed: list[dict[str, Any]] = []  # exhibits removed for safeguarding (ADR 062), in order
        self.events_count = 0
        self.last_event_time: dict[str, str] = {}
        # exhibit id -> exhibit, so replaying thousands of edits does not scan the list each time
        self.exhibits_by_id: dict[str, Exhibit] = {}

    def snapshot(self) -> CaseState:
        """A copy that shares nothing changeable with this one (what copy.deepcopy gave, ~10x faster)."""
        copy = CaseState(self.id)
        for name in ("title", "shared_computer", "events_count"):
            setattr(copy, name, getattr(self, name))
        for name in ("created", "details", "steps", "profile", "exports", "objects", "recorded_files", "removed",
                     "last_event_time"):
            setattr(copy, name, _copy_json(getattr(self, name)))
        copy.exhibits = [exhibit.snapshot() for exhibit in self.exhibits]
        copy.exhibits_by_id = {exhibit.id: exhibit for exhibit in copy.exhibits}
        return copy

    @property
    def pictures(self) -> list[Exhibit]:
        """The exhibits that are pictures (captured, imported, or carried by an imported chat)."""
        return [exhibit for exhibit in self.exhibits if exhibit.kind == "picture"]

    def exhibit(self, ref: str) -> Exhibit | None:
        """Find an exhibit by id, id prefix (≥ 6 chars), number or reference (EK-003)."""
        text = ref.strip()
        indexed = self.exhibits_by_id.get(text)
        if indexed is not None:
            return indexed
        if not text:
            return None
        upper = text.upper()
        for exhibit in self.exhibits:
            if text == exhibit.id or upper == exhibit.reference or text == str(exhibit.number):
                return exhibit
        matches = [e for e in self.exhibits if len(text) >= 6 and e.id.startswith(text)]
        return matches[0] if len(matches) == 1 else None


Reducer = Callable[[CaseState, Event], None]


def _object(state: CaseState, event: Event) -> None:
    if event.object_id and event.outputs:
        out = event.outputs[0]
        state.objects[event.object_id] = {"sha256": out["sha256"], "size": out["size"],
                                          "media_type": out.get("media_type", ""), "seq": event.seq}


def _created(state: CaseState, event: Event) -> None:
    state.title = str(event.data.get("title", ""))
    state.shared_computer = bool(event.data.get("shared_computer", False))
    state.created = event.time
    state.recorded_files.update(event.data.get("files", {}))


def _renamed(state: CaseState, event: Event) -> None:
    state.title = str(event.data.get("title", ""))


def _files(state: CaseState, event: Event) -> None:
    state.recorded_files.update(event.data.get("files", {}))


def _exhibit_added(origin: str) -> Reducer:
    def reduce(state: CaseState, event: Event) -> None:
        _object(state, event)
        assert event.object_id is not None
        info = state.objects[event.object_id]
        fields = {name: str(event.data.get("fields", {}).get(name, "") or "") for name in EXHIBIT_FIELDS}
        recorded = event.data.get({"captured": "capture", "imported": "import"}.get(origin, "derived"), {})
        source = event.data.get("derived_from")
        exhibit = Exhibit(
            id=event.object_id, number=len(state.exhibits) + len(state.removed) + 1, origin=origin,
            sha256=info["sha256"],
            size=info["size"], media_type=info["media_type"], recorded=dict(recorded), fields=fields,
            event_seq=event.seq, kind=str(event.data.get("kind") or "picture"),
            derived_from=str(source.get("exhibit", "")) if isinstance(source, dict) else "")
        state.exhibits.append(exhibit)
        state.exhibits_by_id[exhibit.id] = exhibit
    return reduce


def _exhibit_edited(state: CaseState, event: Event) -> None:
    exhibit = state.exhibit(event.object_id or "")
    if exhibit:
        for name, value in event.data.get("changes", {}).items():
            if name in EXHIBIT_FIELDS:
                exhibit.fields[name] = str(value)


def _redaction(state: CaseState, event: Event) -> None:
    exhibit = state.exhibit(event.object_id or "")
    if exhibit:
        boxes = [(int(box[0]), int(box[1]), int(box[2]), int(box[3])) for box in event.data.get("boxes", [])]
        exhibit.redaction = Redaction(boxes, bool(event.data.get("include_original", False))) if boxes else None


def _removed(state: CaseState, event: Event) -> None:
    """Removed for safeguarding: gone from every view and export; its objects are destroyed (store/destroy.py)."""
    exhibit = state.exhibits_by_id.pop(event.object_id or "", None)
    if exhibit is None:
        return
    state.exhibits.remove(exhibit)
    objects = [exhibit.id, *[str(o) for o in event.data.get("derived_objects", [])]]
    for object_id in objects:
        state.objects.pop(object_id, None)
    state.removed.append({"reference": exhibit.reference, "number": exhibit.number, "id": exhibit.id,
                          "sha256": exhibit.sha256, "size": exhibit.size, "media_type": exhibit.media_type,
                          "origin": exhibit.origin, "reason": str(event.data.get("reason", "")),
                          "by": dict(event.actor), "time": dict(event.time), "seq": event.seq,
                          "objects": objects})


def _details(state: CaseState, event: Event) -> None:
    state.details = dict(event.data.get("details", {}))


def _step(state: CaseState, event: Event) -> None:
    state.steps[str(event.data.get("step"))] = bool(event.data.get("done"))


def _profile(state: CaseState, event: Event) -> None:
    state.profile.update(event.data)


def _exported(state: CaseState, event: Event) -> None:
    state.exports.append({**event.data, "time": event.time, "seq": event.seq})


REDUCERS: dict[str, Reducer] = {
    "case.created": _created,
    "case.renamed": _renamed,
    "key.rewrapped": _files,
    "object.added": _object,
    "exhibit.captured": _exhibit_added("captured"),
    "exhibit.imported": _exhibit_added("imported"),
    "exhibit.derived": _exhibit_added("derived"),
    "exhibit.edited": _exhibit_edited,
    "exhibit.redaction_set": _redaction,
    "exhibit.removed": _removed,
    "details.set": _details,
    "step.set": _step,
    "profile.set": _profile,
    "bundle.exported": _exported,
}


def apply_event(state: CaseState, event: Event) -> None:
    """Fold one event into the state; actions without a reducer (verified, recovered, ...) only count."""
    reducer = REDUCERS.get(event.action)
    if reducer:
        reducer(state, event)
    state.events_count = event.seq
    state.last_event_time = event.time


def replay(case_id: str, events: list[Event]) -> CaseState:
    state = CaseState(id=case_id)
    for event in events:
        apply_event(state, event)
    return state
