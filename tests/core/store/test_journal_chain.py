"""The custody journal's hash chain: edits, removals and reorders say "broken at record N" with the right N;
a cut-off tail is caught by the chain head kept outside the case folder; a torn last record is recovered.

The edits here are made with the case key in hand (re-encrypted, valid records), so only the chain, not
decryption, can catch them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from evidencekit.errors import IntegrityError, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import (
    SampleCase,
    SampleFactory,
    body_hash,
    decrypt_record,
    encrypt_record,
    identity_of,
    journal_lines,
    problem_report,
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


@pytest.mark.parametrize("record", [1, 3, 5])
def test_an_edited_record_breaks_the_chain_at_the_record_after_it(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    """The edited record still reads; the next one no longer follows it, and the message says so."""
    identity = identity_of(sample, keyring_access)
    lines = journal_lines(sample)
    body = decrypt_record(lines[record - 1], identity)
    body["data"] = {**body["data"], "edited": "by someone"}
    lines[record - 1] = encrypt_record(body, identity)
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == record + 1


def test_an_edited_record_whose_followers_were_rechained_is_caught_by_the_outside_anchor(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    """Someone with the key rewrites record 2 and recomputes every later link: only the anchor knows."""
    identity = identity_of(sample, keyring_access)
    lines = journal_lines(sample)
    prev = decrypt_record(lines[0], identity)
    prev_hash = body_hash(prev)
    for index in range(1, RECORDS):
        body = decrypt_record(lines[index], identity)
        if index == 1:
            body["data"] = {**body["data"], "fields": {"label": "rewritten"}}
        body["prev"] = prev_hash
        lines[index] = encrypt_record(body, identity)
        prev_hash = body_hash(body)
    sample.journal.write_bytes(b"".join(lines))
    with pytest.raises(IntegrityError, match=f"record {RECORDS} is not the one this computer saw") as caught:
        _open(sample, keyring_access)
    assert "journal.ekj" in caught.value.message


def test_a_damaged_record_is_named_by_its_own_number(sample: SampleCase, keyring_access: KeyringAccess) -> None:
    lines = journal_lines(sample)
    middle = bytearray(lines[3])
    middle[len(middle) // 2] ^= 0x01
    lines[3] = bytes(middle)
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == 4


@pytest.mark.parametrize("record", [1, 2, 4])
def test_a_deleted_record_breaks_the_chain_where_it_was(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    lines = journal_lines(sample)
    del lines[record - 1]
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == record


@pytest.mark.parametrize("record", [1, 3, 5])
def test_two_reordered_records_break_the_chain_at_the_first_of_them(
        sample: SampleCase, keyring_access: KeyringAccess, record: int) -> None:
    lines = journal_lines(sample)
    lines[record - 1], lines[record] = lines[record], lines[record - 1]
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == record


def test_a_duplicated_record_breaks_the_chain_at_the_copy(sample: SampleCase, keyring_access: KeyringAccess) -> None:
    lines = journal_lines(sample)
    lines.insert(3, lines[2])
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == 4


def test_a_record_from_another_case_breaks_the_chain(
        sample: SampleCase, make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    other = make_sample_case(objects=(200, 200), events=3)
    lines = journal_lines(sample)
    lines[2] = journal_lines(other)[2]
    sample.journal.write_bytes(b"".join(lines))
    assert _broken_at(sample, keyring_access) == 3


@pytest.mark.parametrize("dropped", [1, 3])
def test_cutting_off_the_last_complete_records_is_noticed_against_the_outside_anchor(
        sample: SampleCase, keyring_access: KeyringAccess, dropped: int) -> None:
    lines = journal_lines(sample)
    sample.journal.write_bytes(b"".join(lines[:-dropped]))
    with pytest.raises(IntegrityError) as caught:
        _open(sample, keyring_access)
    message = caught.value.message
    assert "journal.ekj" in message and "cut off" in message
    assert f"ends at record {RECORDS - dropped}" in message and f"reach record {RECORDS}" in message


def test_case_verify_command_reports_a_cut_off_tail_and_exits_1(sample: SampleCase, home: Path) -> None:
    sample.journal.write_bytes(b"".join(journal_lines(sample)[:-2]))
    result = run_cli(["case", "verify", sample.id], home=home)
    assert result.returncode == 1
    assert "cut off" in result.stderr and "journal.ekj" in result.stderr
    assert "Traceback" not in result.stderr


def test_verify_of_an_open_case_notices_records_cut_off_behind_its_back(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    with _open(sample, keyring_access) as store:
        sample.journal.write_bytes(b"".join(journal_lines(sample)[:-1]))
        report = store.verify()
    assert not report.ok
    assert any(p.path == "journal.ekj" and "cut off" in p.message for p in report.problems)


def _half_a_record(sample: SampleCase, keyring: KeyringAccess) -> bytes:
    """The start of what the store would have written next, as a crash mid-append leaves it."""
    with _open(sample, keyring) as store:
        before = sample.journal.read_bytes()
        store.append_event("step.set", {"step": "torn", "done": True})
        whole = sample.journal.read_bytes()[len(before):]
        sample.journal.write_bytes(before)
        sample.anchor.write_bytes(b'{"case":"%s","seq":%d,"hash":"%s"}' % (
            sample.id.encode(), RECORDS, sample.event_hashes[-1].encode()))
    return whole[: len(whole) // 2]


def test_a_torn_last_record_written_by_hand_is_dropped_and_a_recovery_event_recorded(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    half = _half_a_record(sample, keyring_access)
    sample.journal.write_bytes(sample.journal.read_bytes() + half)
    with _open(sample, keyring_access) as store:
        events = store.events()
        assert [e.hash for e in events[:RECORDS]] == sample.event_hashes
        recovered = events[RECORDS]
        assert recovered.action == "journal.recovered"
        assert recovered.actor == {"role": "system", "name": "evidencekit"}
        assert recovered.data["dropped_bytes"] == len(half)
        assert recovered.data["dropped_sha256"] == hashlib.sha256(half).hexdigest()
        assert len(events) == RECORDS + 1
        assert store.verify().ok
        for object_id, content in sample.objects.items():
            assert store.read_object(object_id) == content
    assert sample.journal.read_bytes().endswith(b"\n") and half not in sample.journal.read_bytes()
    assert problem_report(sample, keyring_access) is None  # and it stays recovered on the next open


def test_a_torn_tail_of_a_moved_case_without_anchor_is_also_recovered(
        sample: SampleCase, keyring_access: KeyringAccess) -> None:
    half = _half_a_record(sample, keyring_access)
    sample.journal.write_bytes(sample.journal.read_bytes() + half)
    sample.anchor.unlink()
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
