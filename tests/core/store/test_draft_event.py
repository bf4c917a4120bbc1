"""A save builds its event before the picture's SHA-256 is known; the finished bytes must be exactly the
RFC 8785 form of the finished event, so the chain hash anyone recomputes matches."""

from __future__ import annotations

import hashlib

import pytest

from evidencekit.canonical import canonical_json
from evidencekit.store.events import GENESIS_PREV, DraftEvent, Event

SHA = hashlib.sha256(b"picture").hexdigest()


def _event(outputs: list[dict[str, object]]) -> Event:
    return Event(seq=2, case_id="c" * 32, time={"utc": "2026-11-28T01:00:00.000Z"},
                 actor={"role": "victim", "name": ""}, action="exhibit.captured", object_id="ab" * 16, inputs=[],
                 outputs=outputs,
                 data={"fields": {"notes": "sha256 pending-sha256 " + "0" * 64}}, app="evidencekit test",
                 prev=GENESIS_PREV)


def test_a_finished_draft_is_byte_for_byte_the_canonical_event() -> None:
    draft = DraftEvent(_event([{"sha256": "", "size": 7, "media_type": "image/png"}, {"sha256": "x"}]),
                       sha256_pending=True)
    event, body = draft.final(SHA)
    expected = _event([{"sha256": SHA, "size": 7, "media_type": "image/png"}, {"sha256": "x"}]).with_hash()
    assert body == canonical_json(expected.body())
    assert event == expected
    assert event.hash == hashlib.sha256(body).hexdigest()


def test_a_draft_without_a_pending_hash_is_the_event_itself() -> None:
    plain = _event([{"sha256": SHA, "size": 7}])
    event, body = DraftEvent(plain).final()
    assert event == plain.with_hash() and body == canonical_json(plain.body())


@pytest.mark.parametrize("sha", [None, "abc", SHA[:-1]])
def test_a_pending_draft_refuses_to_finish_without_a_real_sha256(sha: str | None) -> None:
    draft = DraftEvent(_event([{"sha256": "", "size": 7}]), sha256_pending=True)
    with pytest.raises(ValueError):
        draft.final(sha)
