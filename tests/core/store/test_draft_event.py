"""An event's record is written from the same RFC 8785 bytes its hash is taken over, so the chain hash anyone
recomputes from the decrypted record matches."""

from __future__ import annotations

import hashlib

from evidencekit.canonical import canonical_json
from evidencekit.store.events import GENESIS_PREV, DraftEvent, Event, parse_record


def _event() -> Event:
    return Event(seq=2, case_id="c" * 32, time={"utc": "2026-11-28T01:00:00.000Z"},
                 actor={"role": "victim", "name": "Zoë"}, action="exhibit.captured", object_id="ab" * 16, inputs=[],
                 outputs=[{"sha256": hashlib.sha256(b"picture").hexdigest(), "size": 7, "media_type": "image/png"}],
                 data={"fields": {"notes": "ünïcode and \"quotes\""}, "n": 2**50}, app="evidencekit test",
                 prev=GENESIS_PREV)


def test_a_finished_draft_is_the_event_with_its_hash_and_its_canonical_bytes() -> None:
    event, body = DraftEvent(_event()).final()
    assert body == canonical_json(_event().body())
    assert event == _event().with_hash()
    assert event.hash == hashlib.sha256(body).hexdigest()
    assert parse_record(body) == event  # what the reader rebuilds from the decrypted record
