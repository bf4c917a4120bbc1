"""The case checkpoint (evidencekit/store/checkpoint.py, ADR 073): a command opens from it and checks only the
records after it; a torn, stale, missing, forged, swapped or disagreeing checkpoint is never trusted, and a
rollback of the checkpoint together with the journal is still caught by the keyring's head (ADR 007)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.errors import CaseRolledBack, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess, age, layout
from evidencekit.store.checkpoint import EVERY, CheckpointKey
from evidencekit.store.keyring_access import SERVICE
from evidencekit.store.state import replay
from tests.core.store.case_files import (
    SampleCase,
    SampleFactory,
    flip_byte,
    journal_frames,
    journal_saves,
    write_saves,
)


def _open(sample: SampleCase, keyring: KeyringAccess) -> CaseStore:
    return CaseStore.open(sample.id, home=sample.home, keyring=keyring)


def _checkpoint(sample: SampleCase) -> Path:
    return sample.folder / layout.CHECKPOINT


def _full_replay(store: CaseStore) -> object:
    return replay(store.id, store.events())


def _checkpoint_warnings(store: CaseStore) -> list[str]:
    return [warning for warning in store.warnings if "checkpoint" in warning]


def test_a_closed_case_has_a_checkpoint_and_opens_from_it_with_the_same_state(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    assert _checkpoint(sample).is_file()
    assert sample.id.encode() not in _checkpoint(sample).read_bytes()  # encrypted, not even the case id shows
    with _open(sample, keyring_access) as store:
        assert store._events is None  # only the records after the checkpoint were read
        state = store.state()
        assert state == _full_replay(store)  # events() reads and checks the whole journal on demand
        assert [e.hash for e in store.events()] == sample.event_hashes
        assert not _checkpoint_warnings(store)
        assert store.verify().ok
        for object_id, content in sample.objects.items():
            assert store.read_object(object_id) == content


def test_a_stale_checkpoint_is_caught_up_by_replaying_the_tail(make_sample_case: SampleFactory,
                                                              keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    before = _checkpoint(sample).read_bytes()
    with _open(sample, keyring_access) as store:
        added = store.add_object(b"a later picture", media_type="image/png", action="exhibit.captured",
                                 data={"capture": {}, "fields": {"label": "later"}})
        store.append_event("step.set", {"step": "later", "done": True})
    assert _checkpoint(sample).read_bytes() == before  # fewer than EVERY records behind: left as it was
    with _open(sample, keyring_access) as store:
        assert store._events is None
        state = store.state()
        assert state.exhibit(added.object_id or "") is not None and state.steps["later"] is True
        assert state == _full_replay(store)
        assert not _checkpoint_warnings(store)
        assert store.read_object(added.object_id or "") == b"a later picture"


def test_a_checkpoint_far_enough_behind_is_written_again(make_sample_case: SampleFactory,
                                                         keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    before = _checkpoint(sample).read_bytes()
    with _open(sample, keyring_access) as store:
        for number in range(EVERY):
            store.append_event("step.set", {"step": f"s{number}", "done": True})
    assert _checkpoint(sample).read_bytes() != before
    with _open(sample, keyring_access) as store:
        assert store.state() == _full_replay(store) and store.state().steps[f"s{EVERY - 1}"]


@pytest.mark.parametrize("damage", ["torn", "flipped byte", "empty"])
def test_a_torn_or_damaged_checkpoint_is_named_and_the_journal_read_in_full(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, damage: str) -> None:
    sample = make_sample_case()
    path = _checkpoint(sample)
    data = path.read_bytes()
    if damage == "torn":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        flip_byte(path, len(data) - 20, 0x01)
    with _open(sample, keyring_access) as store:
        assert store._events is not None  # read in full
        (warning,) = _checkpoint_warnings(store)
        assert "checkpoint (checkpoint.ekc)" in warning and "not used" in warning
        assert [e.hash for e in store.events()] == sample.event_hashes
    with _open(sample, keyring_access) as store:  # written again when that command closed
        assert store._events is None and not _checkpoint_warnings(store)


def test_a_checkpoint_from_another_case_is_refused(make_sample_case: SampleFactory,
                                                   keyring_access: KeyringAccess) -> None:
    one, other = make_sample_case(title="one"), make_sample_case(title="other", objects=(500,), events=5)
    shutil.copyfile(_checkpoint(other), _checkpoint(one))
    with _open(one, keyring_access) as store:
        (warning,) = _checkpoint_warnings(store)
        assert "not written by evidencekit with this case's key" in warning and "another case" in warning
        assert store.state().title == "one" and [e.hash for e in store.events()] == one.event_hashes


def test_a_checkpoint_that_disagrees_with_the_journal_is_named_by_verify(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Written with the key (so it opens) but saying other than the journal: `case verify` replays the whole
    journal, compares, and names the checkpoint."""
    sample = make_sample_case()
    key = CheckpointKey(age.Identity.parse(keyring_access.get(sample.id) or ""), sample.id)
    checkpoint = key.open(_checkpoint(sample).read_bytes(), sample.id, layout.CHECKPOINT)
    checkpoint.state.title = "a title the journal never recorded"
    _checkpoint(sample).write_bytes(key.seal(checkpoint, sample.id))
    with _open(sample, keyring_access) as store:
        report = store.verify()
    assert not report.ok
    (problem,) = report.problems
    assert problem.path == layout.CHECKPOINT and "does not say what the custody journal says" in problem.message


def test_a_record_changed_before_the_checkpoint_still_breaks_the_open(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    frame = [f for f in journal_frames(sample.journal) if f.kind == b"E"][1]
    flip_byte(sample.journal, frame.start + 13 + 40, 0x01)
    with pytest.raises(JournalBroken) as broken:
        _open(sample, keyring_access)
    assert broken.value.record == 2


def test_a_journal_cut_behind_its_checkpoint_is_named(make_sample_case: SampleFactory,
                                                      keyring_access: KeyringAccess) -> None:
    """Cut back to a whole earlier record (so no torn tail), with no anchor and no kept head to tell: the
    checkpoint, newer than the journal, still says so."""
    sample = make_sample_case()
    write_saves(sample.journal, journal_saves(sample.journal)[:-1])
    sample.anchor.unlink()
    keyring_access.backend.delete_password(SERVICE, f"head:{sample.id}")
    with _open(sample, keyring_access) as store:
        (warning,) = _checkpoint_warnings(store)
        assert "cut short or replaced" in warning


def test_rolling_back_the_checkpoint_with_the_journal_is_still_a_rollback(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, tmp_path: Path) -> None:
    sample = make_sample_case()
    backup = tmp_path / "backup"
    shutil.copytree(sample.folder, backup)
    anchor = sample.anchor.read_bytes()
    with _open(sample, keyring_access) as store:
        for number in range(EVERY + 1):  # enough for a newer checkpoint too
            store.append_event("step.set", {"step": f"s{number}", "done": True})
    shutil.rmtree(sample.folder)
    shutil.copytree(backup, sample.folder)  # journal and its (consistent, genuine) checkpoint both older
    sample.anchor.write_bytes(anchor)
    with pytest.raises(CaseRolledBack) as refused:
        _open(sample, keyring_access)
    assert "rollback" in str(refused.value)
