"""The text read from each exhibit, as the bundle may show it: only what the covered view shows.

For every exhibit with a stored transcript, the words that touch a black box are dropped
(evidencekit.ocr.covered) before anything else sees them: the invisible text layer over the picture,
the transcript page, the identifiers found, the manifest. The stored transcript stays whole in the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from evidencekit.canonical import sha256_hex
from evidencekit.ocr.covered import visible_part
from evidencekit.ocr.identifiers import Finding, find_in_transcript
from evidencekit.ocr.model import Transcript
from evidencekit.ocr.records import transcript_records

CONFIRMED_ACTION = "identifier.confirmed"


@dataclass(frozen=True)
class VisibleText:
    """One exhibit's transcript as the bundle shows it."""

    transcript: Transcript  # the words not under a black box
    left_out: int  # words dropped because they touch a covered area
    record_seq: int  # the custody record that stored the whole transcript
    stored_sha256: str  # SHA-256 of the whole stored transcript (kept in the case, not in the bundle)

    @property
    def text(self) -> str:
        return self.transcript.text()

    def manifest_entry(self) -> dict[str, Any]:
        transcript = self.transcript
        return {"kind": "OCR transcript", "note": "read by OCR, may contain mistakes",
                "engine": dict(transcript.engine), "languages": list(transcript.languages),
                "language_data": [{k: v for k, v in item.items() if k in ("name", "version", "sha256")}
                                  for item in transcript.language_data],
                "lines": len(transcript.lines), "words": sum(len(line.words) for line in transcript.lines),
                "words_left_out_under_black_boxes": self.left_out, "custody_record": self.record_seq,
                "stored_sha256": self.stored_sha256, "text_sha256": sha256_hex(self.text.encode("utf-8"))}


@dataclass
class FoundText:
    """What the bundle says about text read from the pictures, over all exhibits."""

    found: list[Finding] = field(default_factory=list)  # identifiers in the visible text
    confirmed: list[dict[str, Any]] = field(default_factory=list)  # identifier.confirmed event data


def attach_texts(plans: Sequence[Any], state: Any, read_object: Any, events: Sequence[Any]) -> FoundText:
    """Set `plan.text` for every exhibit that has been read; returns the identifiers found in what shows."""
    from evidencekit.ocr.runner import case_region

    records = transcript_records(events)
    region = case_region(state)
    result = FoundText(confirmed=[dict(e.data) for e in events if e.action == CONFIRMED_ACTION])
    for plan in plans:
        exhibit = plan.exhibit
        record = records.get(exhibit.id)
        if record is None or record.source_sha256 != exhibit.sha256:
            continue
        data = read_object(record.object_id)
        transcript = Transcript.from_bytes(data)
        if transcript.source.get("sha256") != exhibit.sha256:
            continue
        visible, left_out = visible_part(transcript, plan.boxes)
        plan.text = VisibleText(visible, left_out, record.seq, sha256_hex(data))
        result.found += find_in_transcript(visible, exhibit.reference, region)
    return result
