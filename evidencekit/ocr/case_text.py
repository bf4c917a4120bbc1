"""A case's text as a whole: every stored transcript, the text the person typed, and what is found in them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from evidencekit.details import stored_details
from evidencekit.ocr.identifiers import Finding, find_identifiers, find_in_transcript
from evidencekit.ocr.model import Transcript
from evidencekit.ocr.records import load_transcript, transcript_records
from evidencekit.ocr.runner import case_region

_cache: dict[str, Transcript] = {}  # transcript object id -> parsed (objects are write-once)
_cache_lock = threading.Lock()


def cached_transcript(store: Any, record: Any, exhibit: Any) -> Transcript:
    with _cache_lock:
        found = _cache.get(record.object_id)
    if found is None:
        found = load_transcript(store, record, exhibit)
        with _cache_lock:
            _cache[record.object_id] = found
    return found


def forget_cached() -> None:
    """Drop every parsed transcript from memory (the case was locked)."""
    with _cache_lock:
        _cache.clear()


def case_transcripts(store: Any, state: Any | None = None) -> list[tuple[Any, Any, Transcript]]:
    """(exhibit, record, transcript) for every exhibit that has been read, in exhibit order."""
    state = state or store.state()
    records = transcript_records(store.events())
    found = []
    for exhibit in state.exhibits:
        record = records.get(exhibit.id)
        if record is not None and record.source_sha256 == exhibit.sha256:
            found.append((exhibit, record, cached_transcript(store, record, exhibit)))
    return found


def _typed_texts(state: Any) -> Iterator[tuple[str | None, str]]:
    """(exhibit reference or None, text) for everything the person typed: exhibit fields and case details."""
    for exhibit in state.exhibits:
        for name in ("label", "url", "notes", "platform"):
            value = exhibit.fields.get(name, "")
            if value:
                yield exhibit.reference, value
    yield from ((None, text) for text in _strings(stored_details(state.details)) if text)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("format", "victim_contact", "prepared_by", "victim_accounts"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def case_findings(store: Any, *, typed: bool = True) -> list[Finding]:
    """Every identifier in the case's transcripts (with exhibit and box) and, with `typed`, in what the
    person typed (the victim's own accounts and contact details are left out)."""
    state = store.state()
    region = case_region(state)
    findings: list[Finding] = []
    for exhibit, _record, transcript in case_transcripts(store, state):
        findings += find_in_transcript(transcript, exhibit.reference, region)
    if typed:
        for reference, text in _typed_texts(state):
            findings += [replace(f, exhibit=reference, source="text") for f in find_identifiers(text, region)]
    return findings
