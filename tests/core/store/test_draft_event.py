"""An event's record is written from the same RFC 8785 bytes its hash is taken over, so the chain hash anyone
recomputes from the decrypted record matches."""

from __future__ import annotations

import hashlib

from evidencekit.canonical import canonical_json
from evidencekit.store import age
from evidencekit.store.events import GENESIS_PREV, DraftEvent, Event, parse_record, read_record
from evidencekit.store.seal import SealKey

SEAL = SealKey(age.Identity.generate(), "c" * 32)


def _event() -> Event:
    return Event(seq=2, case_id="c" * 32, time={"utc": "2026-11-28T01:00:00.000Z"},
                 actor={"role": "victim", "name": "Zoë"}, action="exhibit.captured", object_id="ab" * 16, inputs=[],
                 outputs=[{"sha256": hashlib.sha256(b"picture").hexdigest(), "size": 7, "media_type": "image/png"}],
                 data={"fields": {"notes": "ünïcode and \"quotes\""}, "n": 2**50}, app="evidencekit test",
                 prev=GENESIS_PREV)


def test_a_finished_draft_is_the_event_with_its_hash_and_its_canonical_bytes() -> None:
    event, body = DraftEvent(_event(), SEAL).final()
    sealed = _event()._replace(mac=event.mac)
    assert body == canonical_json(sealed.body())
    assert event == sealed.with_hash()
    assert event.hash == hashlib.sha256(body).hexdigest()
    assert parse_record(body) == event  # what the reader rebuilds from the decrypted record


def test_the_seal_is_taken_over_the_record_without_it_and_binds_every_member() -> None:
    event, body = DraftEvent(_event(), SEAL).final()
    parsed, unsealed = read_record(body)
    assert unsealed == canonical_json(_event().unsealed_body())
    assert SEAL.holds(unsealed, parsed.mac)
    for changed in (_event()._replace(seq=3), _event()._replace(prev="1" * 64), _event()._replace(case_id="d" * 32),
                    _event()._replace(outputs=[{"sha256": "0" * 64, "size": 7, "media_type": "image/png"}])):
        assert not SEAL.holds(canonical_json(changed.unsealed_body()), event.mac)
    other_case = SealKey(age.Identity.generate(), "c" * 32)
    assert not other_case.holds(unsealed, event.mac)  # another case's key, even with the same case id
