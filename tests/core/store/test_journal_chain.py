"""The custody journal's hash chain: edits, removals and reorders say "broken at record N" with the right N;
a cut-off tail is caught by the chain head kept outside the case folder; a torn last record is recovered.

The journal is handled here as saves (an E frame, with the O frame of the picture it records): the
edits are made with the case key in hand (re-encrypted by pyrage, valid frames), so only the chain, not
decryption or frame checks, can catch them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from evidencekit.errors import IntegrityError, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import (
    JOURNAL_MAGIC,
    SampleCase,
    SampleFactory,
    body_hash,
    decrypt_record,
    encrypt_record,
    identity_of,
    journal_frames,
    journal_saves,
    kept_head,
    parse_frames,
    problem_report,
    put_back_kept_head,
    write_saves,
)
from tests.core.store.cli import run_cli

RECORDS = 6  # case.created, 2 objects, 3 events


@pytest.fixture
def sample(make_sample_case: SampleFactory) -> SampleCase:
    made = make_sample_case(objects=(200, 200), events=3)
    assert len(made.event_hashes) == RECORDS
    return made


def _open(sample: SampleCase, keyring: KeyringAccess) -> CaseStore:
    return CaseStore.open(sample.folder, home=sample.home, keyring=keyring)


def _broken_at(sample: SampleCase, keyring: KeyringAccess) -> int:
    with pytest.raises(JournalBroken) as caught:
        _open(sample, keyring)
    message = caught.value.message
    assert "journal.ekj" in message
    assert f"broken at record {caught.value.record}" in message
    assert caught.value.record is not None
    return caught.value.record


def _split_save(save: bytes) -> tuple[bytes, bytes]:
    """(the save's O frame, or b"", and its E frame's age file)."""
    frames, stop = parse_frames(JOURNAL_MAGIC + save)
    assert stop == len(JOURNAL_MAGIC) + len(save) and frames[-1].kind == b"E"
    picture = b"".join(frame.raw(JOURNAL_MAGIC + save) for frame in frames[:-1])
    return picture, frames[-1].payload


@pytest.mark.parametrize("record", [1, 3, 5])
def test_an_edited_record_breaks_the_chain_at_the_record_after_it(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    """The edited record still reads (record 3 keeps its picture); the next one no longer follows it."""
    identity = identity_of(sample, keyring_access)
    saves = journal_saves(sample.journal)
    picture, age_file = _split_save(saves[record - 1])
    assert bool(picture) == (record == 3)
    body = decrypt_record(age_file, identity)
    body["data"] = {**body["data"], "edited": "by someone"}
    saves[record - 1] = picture + encrypt_record(body, identity)
    write_saves(sample.journal, saves)
    assert _broken_at(sample, keyring_access) == record + 1


def test_an_edited_record_whose_followers_were_rechained_is_caught_by_the_outside_anchor(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    """Someone with the key rewrites record 2 and recomputes every later link: only the anchor knows."""
    identity = identity_of(sample, keyring_access)
    saves = journal_saves(sample.journal)
    prev_hash = body_hash(decrypt_record(_split_save(saves[0])[1], identity))
    for index in range(1, RECORDS):
        picture, age_file = _split_save(saves[index])
        body = decrypt_record(age_file, identity)
        if index == 1:
            body["data"] = {**body["data"], "fields": {"label": "rewritten"}}
        body["prev"] = prev_hash
        saves[index] = picture + encrypt_record(body, identity)
        prev_hash = body_hash(body)
    write_saves(sample.journal, saves)
    with pytest.raises(IntegrityError, match=f"record {RECORDS} is not the one this computer saw") as caught:
        _open(sample, keyring_access)
    assert "journal.ekj" in caught.value.message


@pytest.mark.parametrize("record", [3, 4])
def test_a_damaged_record_is_named_by_its_own_number(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    events = [frame for frame in journal_frames(sample.journal) if frame.kind == b"E"]
    target = events[record - 1]
    data = bytearray(sample.journal.read_bytes())
    data[(target.payload_start + target.end) // 2] ^= 0x01
    sample.journal.write_bytes(bytes(data))
    assert _broken_at(sample, keyring_access) == record


@pytest.mark.parametrize("record", [1, 2, 4])
def test_a_deleted_record_breaks_the_chain_where_it_was(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    """Record 2 is removed with its picture (a whole save): only the chain can tell."""
    saves = journal_saves(sample.journal)
    del saves[record - 1]
    write_saves(sample.journal, saves)
    assert _broken_at(sample, keyring_access) == record


@pytest.mark.parametrize("record", [1, 2, 3, 5])
def test_two_reordered_records_break_the_chain_at_the_first_of_them(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    saves = journal_saves(sample.journal)
    saves[record - 1], saves[record] = saves[record], saves[record - 1]
    write_saves(sample.journal, saves)
    assert _broken_at(sample, keyring_access) == record


def test_a_duplicated_record_breaks_the_chain_at_the_copy(sample: SampleCase, keyring_access: KeyringAccess) -> None:
    saves = journal_saves(sample.journal)
    saves.insert(3, saves[2])  # record 3 and its picture, twice
    write_saves(sample.journal, saves)
    assert _broken_at(sample, keyring_access) == 4


@pytest.mark.parametrize("record", [2, 3, 4])
def test_a_record_from_another_case_breaks_the_chain(
        sample: SampleCase, make_sample_case: SampleFactory, keyring_access: KeyringAccess, record: int) -> None:
    other = make_sample_case(objects=(200, 200), events=3)
    saves = journal_saves(sample.journal)
    saves[record - 1] = journal_saves(other.journal)[record - 1]
    write_saves(sample.journal, saves)
    assert _broken_at(sample, keyring_access) == record


@pytest.mark.parametrize("dropped", [1, 3, 5])
def test_cutting_off_the_last_complete_records_is_noticed_against_the_outside_anchor(
        sample: SampleCase, keyring_access: KeyringAccess, dropped: int) -> None:
    saves = journal_saves(sample.journal)
    write_saves(sample.journal, saves[:-dropped])
    before = sample.journal.read_bytes()
    with pytest.raises(IntegrityError) as caught:
        _open(sample, keyring_access)
    message = caught.value.message
    assert "journal.ekj" in message and "cut off" in message
    assert f"ends at record {RECORDS - dropped}" in message and f"reach record {RECORDS}" in message
    assert sample.journal.read_bytes() == before  # refused, not "recovered"


def test_a_damaged_length_in_the_last_frame_header_is_damage_not_a_torn_tail(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    """A length that points past the end of the file would look like an unfinished save, but its CRC fails."""
    last = journal_frames(sample.journal)[-1]
    data = bytearray(sample.journal.read_bytes())
    data[last.start + 5] ^= 0x10  # the length grows by 256 MiB: the frame seems to run past the end
    sample.journal.write_bytes(bytes(data))
    sample.anchor.unlink()  # no outside record to fall back on: the frame checks alone must tell
    assert _broken_at(sample, keyring_access) == RECORDS
    assert sample.journal.read_bytes() == bytes(data)


@pytest.mark.parametrize("where", ["header", "frame"])
def test_zeros_over_a_frame_in_the_middle_are_damage_not_a_torn_tail(
        sample: SampleCase, keyring_access: KeyringAccess, where: str) -> None:
    """Only zeros that run to the end of the file are a file system's crash tail."""
    target = [frame for frame in journal_frames(sample.journal) if frame.kind == b"E"][3]
    data = bytearray(sample.journal.read_bytes())
    stop = target.start + 13 if where == "header" else target.end
    data[target.start:stop] = bytes(stop - target.start)
    sample.journal.write_bytes(bytes(data))
    sample.anchor.unlink()
    assert _broken_at(sample, keyring_access) == 4


def test_case_verify_command_reports_a_cut_off_tail_and_exits_1(sample: SampleCase, home: Path) -> None:
    write_saves(sample.journal, journal_saves(sample.journal)[:-2])
    result = run_cli(["case", "verify", sample.id], home=home)
    assert result.returncode == 1
    assert "cut off" in result.stderr and "journal.ekj" in result.stderr
    assert "Traceback" not in result.stderr


def test_verify_of_an_open_case_notices_records_cut_off_behind_its_back(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    with _open(sample, keyring_access) as store:
        write_saves(sample.journal, journal_saves(sample.journal)[:-1])
        report = store.verify()
    assert not report.ok
    assert any(p.path == "journal.ekj" and "cut off" in p.message for p in report.problems)


def _next_event_frame(sample: SampleCase, keyring: KeyringAccess) -> bytes:
    """The E frame the store would have written next; the journal and anchor are put back as before it."""
    before, anchor = sample.journal.read_bytes(), sample.anchor.read_bytes()
    head = kept_head(keyring, sample.id)
    with _open(sample, keyring) as store:
        store.append_event("step.set", {"step": "torn", "done": True})
    whole = sample.journal.read_bytes()[len(before):]
    sample.journal.write_bytes(before)
    sample.anchor.write_bytes(anchor)  # after close: the anchor is moved by a background thread
    put_back_kept_head(keyring, sample.id, head)  # and the keyring's copy of the head, by the same thread
    assert json.loads(anchor)["seq"] == RECORDS
    return whole


_TORN = {
    "half an event frame": lambda frame: frame[: len(frame) // 2],
    "part of a frame header": lambda frame: frame[:7],
    "a whole header, no payload": lambda frame: frame[:13],
    "all but the last byte": lambda frame: frame[:-1],
    "zeros a file system left": lambda frame: bytes(4096),
}


@pytest.mark.parametrize("torn", list(_TORN))
def test_a_torn_last_record_is_dropped_and_a_recovery_event_recorded(
        sample: SampleCase, keyring_access: KeyringAccess, torn: str) -> None:
    tail = _TORN[torn](_next_event_frame(sample, keyring_access))
    clean = sample.journal.read_bytes()
    sample.journal.write_bytes(clean + tail)
    with _open(sample, keyring_access) as store:
        events = store.events()
        assert [e.hash for e in events[:RECORDS]] == sample.event_hashes
        recovered = events[RECORDS]
        assert recovered.action == "journal.recovered"
        assert recovered.actor == {"role": "system", "name": "evidencekit"}
        assert recovered.data["dropped_bytes"] == len(tail)
        assert recovered.data["dropped_sha256"] == hashlib.sha256(tail).hexdigest()
        assert len(events) == RECORDS + 1
        assert store.verify().ok
        for object_id, content in sample.objects.items():
            assert store.read_object(object_id) == content
    journal = sample.journal.read_bytes()
    assert journal.startswith(clean)
    assert [f.kind for f in journal_frames(sample.journal)][-1] == b"E"  # ends on a whole frame: no tail left
    assert len(journal_frames(sample.journal)) == len(parse_frames(clean)[0]) + 1  # + the recovery record
    assert problem_report(sample, keyring_access) is None  # and it stays recovered on the next open


def test_a_torn_tail_of_a_moved_case_without_anchor_is_also_recovered(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    half = _TORN["half an event frame"](_next_event_frame(sample, keyring_access))
    sample.journal.write_bytes(sample.journal.read_bytes() + half)
    sample.anchor.unlink()
    put_back_kept_head(keyring_access, sample.id, None)
    with _open(sample, keyring_access) as store:
        assert store.events()[-1].action == "journal.recovered"
        assert any("no record of this case's journal" in warning for warning in store.warnings)
        assert store.verify().ok
    assert sample.anchor.exists()


@pytest.mark.parametrize("anchor_bytes", [b"", b'{"case":"', b"\x00" * 40], ids=["empty", "torn", "zeros"])
def test_a_torn_or_empty_anchor_after_a_power_cut_is_tolerated_and_rewritten(
        sample: SampleCase, keyring_access: KeyringAccess, anchor_bytes: bytes) -> None:
    """The anchor is replaced without fsync (it is only a hint), so a power cut may leave it torn."""
    sample.anchor.write_bytes(anchor_bytes)
    with _open(sample, keyring_access) as store:
        assert [e.hash for e in store.events()] == sample.event_hashes
        assert any("no record of this case's journal" in warning for warning in store.warnings)
        assert store.verify().ok
    assert json.loads(sample.anchor.read_bytes()) == {"case": sample.id, "seq": RECORDS,
                                                      "hash": sample.event_hashes[-1]}
