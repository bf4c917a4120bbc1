"""The replayed case state: exhibits handed out are snapshots, and the records compare field by field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.state import CaseState, Exhibit, Redaction, replay
from tests.core.store.case_files import PASSPHRASE

CAPTURE = {"time": {"utc": "2026-11-28T04:00:00.000Z"}, "monitors": [{"number": 1, "width": 1920}],
           "pixels": {"width": 1920, "height": 1080}}


def _case_with_an_exhibit(home: Path, keyring_access: KeyringAccess) -> tuple[CaseStore, str]:
    store = CaseStore.create("snapshots", PASSPHRASE, home=home, keyring=keyring_access).store
    event = store.add_object(b"\x89PNG not really", media_type="image/png", action="exhibit.captured",
                             data={"capture": CAPTURE, "fields": {"label": "profile"}})
    assert event.object_id is not None
    return store, event.object_id


def test_an_exhibit_handed_out_shares_nothing_the_store_changes(home: Path, keyring_access: KeyringAccess):
    store, object_id = _case_with_an_exhibit(home, keyring_access)
    with store:
        kept = store.exhibit("EK-001")
        assert kept is not None and kept == store.state().exhibits[0]
        kept.recorded["monitors"][0]["width"] = 1  # whoever holds it may change it: the store's copy stays
        kept.fields["label"] = "changed by the holder"
        assert store.exhibit(object_id).recorded == CAPTURE  # type: ignore[union-attr]
        assert store.exhibit(object_id).fields["label"] == "profile"  # type: ignore[union-attr]

        before = store.exhibit(object_id)
        store.append_event("exhibit.edited", {"changes": {"label": "their profile"}}, object_id=object_id)
        store.append_event("exhibit.redaction_set", {"boxes": [[1, 2, 3, 4]], "include_original": True},
                           object_id=object_id)
        after = store.exhibit(object_id)
        assert before is not None and after is not None
        assert (before.fields["label"], before.redaction) == ("profile", None)  # the snapshot did not move
        assert (after.fields["label"], after.redaction) == ("their profile", Redaction([(1, 2, 3, 4)], True))
        assert after != before
        after.redaction.boxes.append((9, 9, 9, 9))  # type: ignore[union-attr]
        assert store.exhibit(object_id).redaction == Redaction([(1, 2, 3, 4)], True)  # type: ignore[union-attr]


def test_state_records_compare_by_value_and_show_their_fields(home: Path, keyring_access: KeyringAccess):
    store, _ = _case_with_an_exhibit(home, keyring_access)
    with store:
        events = store.events()
        state = store.state()
    again = replay(store.id, events)
    assert again == state and again is not state
    assert again == copy.deepcopy(state)
    again.exhibits_by_id.clear()  # only an index of the exhibits: not part of the comparison
    assert again == state
    again.title = "another title"
    assert again != state
    exhibit = state.exhibits[0]
    assert repr(exhibit).startswith(f"Exhibit(id={exhibit.id!r}, number=1, origin='captured', ")
    assert "exhibits_by_id" not in repr(state) and repr(state).startswith(f"CaseState(id={store.id!r}, ")
    assert exhibit != CaseState(exhibit.id) and exhibit != "EK-001"
    with pytest.raises(TypeError):
        hash(exhibit)  # mutable records are unhashable, as they were as dataclasses
    with pytest.raises(AttributeError):
        exhibit.colour = "red"  # type: ignore[attr-defined]


def test_a_snapshot_equals_its_exhibit_field_for_field():
    exhibit = Exhibit("a" * 32, 3, "imported", "b" * 64, 10, "image/jpeg", {"file_name": "x.jpg", "exif": {}},
                      {"label": "x"}, 7, Redaction([(0, 0, 1, 1)]))
    copied = exhibit.snapshot()
    assert copied == exhibit and copied is not exhibit
    assert copied.recorded is not exhibit.recorded and copied.recorded["exif"] is not exhibit.recorded["exif"]
    assert copied.fields is not exhibit.fields and copied.redaction.boxes is not exhibit.redaction.boxes  # type: ignore[union-attr]
    assert copied.reference == "EK-003"
