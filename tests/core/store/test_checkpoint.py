"""The case checkpoint (evidencekit/store/checkpoint.py, ADR 073): a command opens from it and checks only the
records after it; a torn, stale, missing, forged, swapped or disagreeing checkpoint is never trusted, and a
rollback of the checkpoint together with the journal is still caught by the keyring's head (ADR 007)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evidencekit.errors import CaseRolledBack, IntegrityError, JournalBroken, UsageError
from evidencekit.safeguarding import remove_for_safeguarding
from evidencekit.store import CaseStore, KeyringAccess, age, layout
from evidencekit.store.checkpoint import EVERY, MAGIC, CheckpointKey
from evidencekit.store.journal import ObjectRef, prefix_digest
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


def test_a_journal_cut_behind_its_checkpoint_is_refused_until_the_copy_is_accepted(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Cut back to a whole earlier record (so no torn tail), with no anchor and no kept head to tell: the
    checkpoint, written with the key and naming a record the journal no longer holds, proves the end was
    cut off. Every open refuses the case as for an anchor ahead of it (a warning is printed by no command
    but `case show` and `case verify`, and the first command would have replaced the checkpoint), touching
    nothing; `case accept-restore` takes the copy and records the checkpoint's record as the newer head."""
    sample = make_sample_case()
    write_saves(sample.journal, journal_saves(sample.journal)[:-1])
    sample.anchor.unlink()
    keyring_access.backend.delete_password(SERVICE, f"head:{sample.id}")
    checkpoint = _checkpoint(sample).read_bytes()
    last = len(sample.event_hashes)
    for _ in range(2):
        with pytest.raises(IntegrityError) as refused:
            _open(sample, keyring_access)
        assert (f"ends at record {last - 1}, but this case's checkpoint (checkpoint.ekc), written with its key, "
                f"shows it reached record {last}: its end was cut off") in refused.value.message
        assert "accept-restore" in refused.value.message
        assert _checkpoint(sample).read_bytes() == checkpoint and not sample.anchor.exists()
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, accept_restore=True) as store:
        assert store.restored is not None
        assert store.restored["newer_heads"] == [{"seq": last, "hash": sample.event_hashes[-1]}]
        assert store.events()[-1].action == "case.restored"
    with _open(sample, keyring_access) as store:
        assert store._events is None and not _checkpoint_warnings(store) and store.verify().ok


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


def test_a_picture_frame_changed_before_the_checkpoint_still_breaks_the_open(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """The digest skips only the pictures' age files, at the places the checkpoint's object index gives: a
    picture frame's header or object id is covered like an event frame."""
    sample = make_sample_case()
    first_picture = next(f for f in journal_frames(sample.journal) if f.kind == b"O")
    for index in (first_picture.start + 5, first_picture.payload_start + 3):  # length; object id
        original = flip_byte(sample.journal, index, 0x01)
        try:
            with pytest.raises(JournalBroken) as broken:
                _open(sample, keyring_access)
            assert broken.value.record == 2  # the record that picture belongs to, named as without a checkpoint
        finally:
            sample.journal.write_bytes(original)


def test_a_picture_changed_before_the_checkpoint_opens_from_it_and_is_named_where_read(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """A picture's own bytes are outside the digest (open reads no picture, with or without a checkpoint):
    reading it re-checks its SHA-256, and verify names it."""
    sample = make_sample_case()
    picture = next(f for f in journal_frames(sample.journal) if f.kind == b"O")
    flip_byte(sample.journal, picture.end - 5, 0x01)
    with _open(sample, keyring_access) as store:
        assert store._events is None and not _checkpoint_warnings(store)
        report = store.verify()
    assert not report.ok and any(problem.path.startswith(layout.JOURNAL) for problem in report.problems)


def test_the_digest_covers_every_byte_but_the_indexed_pictures(make_sample_case: SampleFactory) -> None:
    sample = make_sample_case()
    pictures = {f.object_id or "": ObjectRef(f.age_start, f.end - f.age_start)
                for f in journal_frames(sample.journal) if f.kind == b"O"}
    end = sample.journal.stat().st_size

    def digest(refs: object = None) -> str:
        fd = os.open(sample.journal, os.O_RDONLY)
        try:
            return prefix_digest(fd, end, pictures.values() if refs is None else refs)  # type: ignore[arg-type]
        finally:
            os.close(fd)

    clean = digest()
    assert len(clean) == 64
    inside = {ref.offset + ref.length // 2 for ref in pictures.values()}
    outside = [index for index in range(end) if not any(r.offset <= index < r.offset + r.length
                                                        for r in pictures.values())]
    for index in [*outside[:: max(1, len(outside) // 200)], outside[-1], *inside]:
        original = flip_byte(sample.journal, index, 0xFF)
        try:
            assert (digest() == clean) == (index in inside), index
        finally:
            sample.journal.write_bytes(original)
    one = next(iter(pictures.values()))
    for refs in ([one, one],  # overlapping
                 [ObjectRef(one.offset, end)],  # past the end
                 [ObjectRef(3, 10)],  # over the magic
                 [ObjectRef(one.offset, -1)],
                 [ObjectRef(1.5, 2)]):  # type: ignore[arg-type]  # not whole numbers
        assert digest(refs) == ""
    fd = os.open(sample.journal, os.O_RDONLY)
    try:
        assert prefix_digest(fd, end + 1, pictures.values()) == ""  # the journal is shorter than the checkpoint says
    finally:
        os.close(fd)


def test_a_checkpoint_of_an_older_version_is_read_past_without_a_warning_and_replaced(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Nothing is wrong with a v1 checkpoint (this version does not read it): no warning, a full reading,
    nothing for verify to name, and a checkpoint of this version written when the command closes."""
    sample = make_sample_case()
    _checkpoint(sample).write_bytes(b"evidencekit checkpoint v1\n" + os.urandom(400))
    with _open(sample, keyring_access) as store:
        assert store._events is not None and not _checkpoint_warnings(store)
        assert store.verify().ok
    assert _checkpoint(sample).read_bytes().startswith(MAGIC)
    with _open(sample, keyring_access) as store:
        assert store._events is None and not _checkpoint_warnings(store)


def test_the_checkpoint_keeps_every_kind_of_exhibit_and_object_as_the_replay_has_them(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """Exhibits are kept as rows and an exhibit's own object entry by its id alone: edited fields, boxes,
    a derived exhibit, a plain object and a removed exhibit come back as the full replay has them."""
    sample = make_sample_case()
    with _open(sample, keyring_access) as store:
        first, second = store.state().exhibits
        store.append_event("exhibit.edited", {"changes": {"notes": "edited", "category": "threat"}},
                           object_id=first.id)
        store.append_event("exhibit.redaction_set", {"boxes": [[1, 2, 3, 4]], "include_original": True},
                           object_id=first.id)
        store.add_object(b"text read from it", media_type="text/plain", action="exhibit.derived",
                         data={"kind": "chat transcript", "derived_from": {"exhibit": first.id}, "derived": {}})
        store.add_object(b"a plain object", media_type="application/octet-stream")
        remove_for_safeguarding(store, second.reference, reason="safeguarding", confirm=second.reference)
    _checkpoint(sample).unlink()
    with _open(sample, keyring_access) as store:  # read in full; the checkpoint written again holds it all
        seq = store.events()[-1].seq
    with _open(sample, keyring_access) as store:
        assert store._events is None and store._checkpoint_seq == seq and not _checkpoint_warnings(store)
        state = store.state()
        assert state == _full_replay(store)
        assert [e.reference for e in state.exhibits] == ["EK-001", "EK-003"] and state.removed
        assert state.exhibits[0].redaction is not None and state.exhibits[0].redaction.boxes == [(1, 2, 3, 4)]
        assert len(state.objects) == 3  # EK-001, the transcript, the plain object
        assert store.verify().ok


@pytest.mark.parametrize("attack", ["record edited", "journal cut, anchor kept", "journal rolled back, head kept",
                                    "rolled back, opened by the window"])
def test_an_open_that_is_refused_leaves_the_checkpoint_as_it_was(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, tmp_path: Path, attack: str) -> None:
    """A checkpoint that does not match its journal is removed only by an open that goes on to use the case
    (and writes a new one). When the open is refused (a damaged or forged record, an end cut off, a rollback)
    or the case opens read-only for it, nothing in the folder is touched: that checkpoint, written with the
    key, is part of what shows the journal was changed."""
    sample = make_sample_case()
    if attack == "record edited":
        frame = [f for f in journal_frames(sample.journal) if f.kind == b"E"][1]
        flip_byte(sample.journal, frame.start + 13 + 40, 0x01)
    else:
        older, anchor = sample.journal.read_bytes(), sample.anchor.read_bytes()
        with _open(sample, keyring_access) as store:
            for number in range(EVERY):  # a newer checkpoint
                store.append_event("step.set", {"step": f"s{number}", "done": True})
        sample.journal.write_bytes(older)  # the journal put back without its checkpoint, which is ahead of it
        if attack == "journal cut, anchor kept":
            keyring_access.backend.delete_password(SERVICE, f"head:{sample.id}")
        else:
            sample.anchor.write_bytes(anchor)  # only the keyring's head tells
    checkpoint = _checkpoint(sample).read_bytes()
    if attack == "rolled back, opened by the window":
        with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, read_only_if_forged=True) as store:
            assert store.rolled_back and store.read_only
    else:
        with pytest.raises((JournalBroken, IntegrityError)):
            _open(sample, keyring_access)
    assert _checkpoint(sample).read_bytes() == checkpoint


def test_an_older_checkpoint_put_back_after_a_removal_does_not_bring_the_exhibit_back(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    """The checkpoint from before a safeguarding removal (genuine, so it opens) and the picture's bytes put
    back where they were destroyed (outside the digest): the removal record after that checkpoint is
    replayed, the exhibit stays out of the case, and the open destroys the picture again."""
    sample = make_sample_case()
    older_checkpoint = _checkpoint(sample).read_bytes()
    journal_before = sample.journal.read_bytes()
    with _open(sample, keyring_access) as store:
        second = store.state().exhibits[1]
        ref = store._objects_at[second.id]
        remove_for_safeguarding(store, second.reference, reason="safeguarding", confirm=second.reference)
        for number in range(EVERY):  # a newer checkpoint, which knows of the removal
            store.append_event("step.set", {"step": f"s{number}", "done": True})
    assert _checkpoint(sample).read_bytes() != older_checkpoint
    picture = journal_before[ref.offset:ref.offset + ref.length]
    with open(sample.journal, "r+b") as journal:  # the destroyed picture's bytes, back in place
        journal.seek(ref.offset)
        journal.write(picture)
    _checkpoint(sample).write_bytes(older_checkpoint)
    with _open(sample, keyring_access) as store:
        assert store._events is None and store._checkpoint_seq < store.events()[-1].seq  # opened from the older one
        state = store.state()
        assert second.id not in state.exhibits_by_id and second.id not in state.objects
        assert [entry["id"] for entry in state.removed] == [second.id]
        assert state == _full_replay(store)
        with pytest.raises(UsageError):
            store.read_object(second.id)
        assert store.verify().ok
    assert sample.journal.read_bytes()[ref.offset:ref.offset + ref.length] == bytes(ref.length)  # destroyed again


@pytest.mark.parametrize("shown_by", ["checkpoint", "anchor"])
def test_the_window_opens_a_journal_cut_short_for_reading_only_so_it_can_ask(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, shown_by: str) -> None:
    """The window (read_only_if_forged) opens a journal cut behind its checkpoint, or behind this computer's
    anchor, as it opens a rollback: for reading only, `rolled_back`, `older_than` saying what showed it,
    nothing written (so it can ask "Use this copy", gui/start/restore_dialog.py); commands still refuse."""
    sample = make_sample_case()
    write_saves(sample.journal, journal_saves(sample.journal)[:-1])
    keyring_access.backend.delete_password(SERVICE, f"head:{sample.id}")
    if shown_by == "anchor":
        _checkpoint(sample).unlink()
    else:
        sample.anchor.unlink()
    files = [*sample.folder.iterdir(), *(sample.home / "anchors").iterdir()]
    before = {path: path.read_bytes() for path in files if path.is_file()}
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, read_only_if_forged=True) as store:
        assert store.rolled_back and store.read_only and store.older_than == shown_by
        assert "its end was cut off" in store.tampered and "reading only" in store.tampered
        assert len(store.state().exhibits) == 2
        with pytest.raises(Exception, match="reading only"):
            store.append_event("step.set", {"step": "x", "done": True})
    after = [*sample.folder.iterdir(), *(sample.home / "anchors").iterdir()]
    assert {path: path.read_bytes() for path in after if path.is_file()} == before
    with pytest.raises(IntegrityError):
        _open(sample, keyring_access)
