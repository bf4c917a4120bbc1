"""Transcripts in the case store: derived objects recorded in the custody journal, encrypted like the pictures.

A transcript is stored with the store's public API for derived objects, `CaseStore.add_object(...,
action="object.added")`: its RFC 8785 JSON becomes a write-once encrypted object, and the event that
records it names its source picture by object id and SHA-256, with the engine, language data and
settings that read it. The event holds no text read from the picture (the bundle's copy of the journal
must never carry words from under a black box). `case verify` checks a transcript like any other
object: decrypted, SHA-256 against its event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evidencekit.errors import IntegrityError
from evidencekit.i18n import _
from evidencekit.ocr.model import DERIVED_KIND, MEDIA_TYPE, Transcript

ACTION = "object.added"
FAILED_ACTION = "ocr.failed"


@dataclass(frozen=True)
class TranscriptRecord:
    """Where a transcript is and what it was read from, as the journal says."""

    object_id: str
    exhibit_id: str
    source_sha256: str
    languages: tuple[str, ...]
    engine: dict[str, str]
    seq: int
    time: dict[str, str]


def event_data(exhibit: Any, transcript: Transcript) -> dict[str, Any]:
    return {
        "derived": {"kind": DERIVED_KIND, "from": {"object": exhibit.id, "sha256": exhibit.sha256,
                                                   "reference": exhibit.reference}},
        "note": "read by OCR, may contain mistakes",
        "engine": dict(transcript.engine),
        "languages": list(transcript.languages),
        "language_data": [dict(item) for item in transcript.language_data],
        "settings": dict(transcript.settings),
        "lines": len(transcript.lines),
        "words": sum(len(line.words) for line in transcript.lines),
    }


def save_transcript(store: Any, exhibit: Any, transcript: Transcript) -> Any:
    """Store `transcript` of `exhibit` durably; returns the journal event that records it."""
    return store.add_object(transcript.to_bytes(), media_type=MEDIA_TYPE, action=ACTION,
                            data=event_data(exhibit, transcript))


def record_failure(store: Any, exhibit: Any, reason: str, engine: dict[str, str] | None = None) -> Any:
    """An OCR run that produced nothing (the picture could not be decoded) is recorded too."""
    return store.append_event(FAILED_ACTION, {"derived": {"kind": DERIVED_KIND, "from": {
        "object": exhibit.id, "sha256": exhibit.sha256, "reference": exhibit.reference}},
        "reason": reason, "engine": dict(engine or {})}, object_id=exhibit.id)


def is_transcript_event(event: Any) -> bool:
    derived = event.data.get("derived") if event.action == ACTION and event.object_id else None
    return isinstance(derived, dict) and derived.get("kind") == DERIVED_KIND


def transcript_records(events: Iterable[Any]) -> dict[str, TranscriptRecord]:
    """The latest transcript of each exhibit (by exhibit id), from the journal's events."""
    found: dict[str, TranscriptRecord] = {}
    for event in events:
        if not is_transcript_event(event):
            continue
        source = event.data["derived"].get("from") or {}
        exhibit_id = str(source.get("object", ""))
        found[exhibit_id] = TranscriptRecord(
            object_id=str(event.object_id), exhibit_id=exhibit_id, source_sha256=str(source.get("sha256", "")),
            languages=tuple(str(v) for v in event.data.get("languages", [])),
            engine={str(k): str(v) for k, v in (event.data.get("engine") or {}).items()},
            seq=event.seq, time=dict(event.time))
    return found


def load_transcript(store: Any, record: TranscriptRecord, exhibit: Any) -> Transcript:
    """Decrypt and parse a stored transcript; IntegrityError when it is not the transcript of `exhibit`."""
    data = store.read_object(record.object_id)  # SHA-256 re-checked against the journal by the store
    try:
        transcript = Transcript.from_bytes(data)
    except ValueError as exc:
        raise IntegrityError(_("The stored transcript of {reference} cannot be read; run 'evidencekit case "
                               "verify' on the case.").format(reference=exhibit.reference)) from exc
    if record.source_sha256 != exhibit.sha256 or transcript.source.get("sha256") != exhibit.sha256:
        raise IntegrityError(_("The stored transcript of {reference} was not read from that picture; run "
                               "'evidencekit case verify' on the case.").format(reference=exhibit.reference))
    return transcript
