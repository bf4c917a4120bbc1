"""Rollback: the case folder and its anchor put back to an older copy, while this computer's keyring kept
the newer journal head (evidencekit/store/head.py, ADR 006 "Rollback").

Every record of an older copy is genuine and sealed, so only something the copy does not roll back can tell:
the keyring's `head:<case id>` entry, MAC'd under a key derived from the case identity. These tests use the
in-memory keyring (a real implementation of keyring's interface); tests/core/store/test_rollback_secret_service.py
does the same against a real gnome-keyring through the command line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidencekit.errors import CaseRolledBack, EvidenceKitError, JournalBroken
from evidencekit.store import CaseStore, KeyringAccess, layout
from evidencekit.store.case import ROLLBACK_UNSEEN
from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import PASSPHRASE, SampleCase, SampleFactory, flip_byte, journal_frames
from tests.core.store.cli import run_cli
from tests.support.memory_keyring import MemoryKeyring


class Copy:
    """The case folder and its anchor as they were at one moment (what a backup or an attacker keeps)."""

    def __init__(self, sample: SampleCase, where: Path) -> None:
        self.sample = sample
        self.folder = where / "folder"
        shutil.copytree(sample.folder, self.folder)
        self.anchor = sample.anchor.read_bytes()

    def put_back(self, *, anchor: bool = True) -> None:
        shutil.rmtree(self.sample.folder)
        shutil.copytree(self.folder, self.sample.folder)
        if anchor:
            self.sample.anchor.write_bytes(self.anchor)


def _add(sample: SampleCase, keyring: KeyringAccess, step: str) -> None:
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring) as store:
        store.append_event("step.set", {"step": step, "done": True})


def _head(memory_keyring: MemoryKeyring, case_id: str) -> dict[str, object]:
    return json.loads(memory_keyring.secrets[(SERVICE, f"head:{case_id}")])


def test_the_keyring_keeps_the_head_of_every_save(make_sample_case: SampleFactory, keyring_access: KeyringAccess,
                                                  memory_keyring: MemoryKeyring) -> None:
    sample = make_sample_case()
    head = _head(memory_keyring, sample.id)
    assert (head["seq"], head["hash"]) == (len(sample.event_hashes), sample.event_hashes[-1])
    assert set(head) == {"case", "seq", "hash", "sealed_from", "mac"}
    _add(sample, keyring_access, "police")
    assert _head(memory_keyring, sample.id)["seq"] == len(sample.event_hashes) + 1


def test_an_older_copy_put_back_is_refused_as_a_rollback(make_sample_case: SampleFactory, tmp_path: Path,
                                                         keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    _add(sample, keyring_access, "support")
    older.put_back()

    with pytest.raises(CaseRolledBack) as refused:
        CaseStore.open(sample.id, home=sample.home, keyring=keyring_access)
    message = str(refused.value)
    count = len(sample.event_hashes)
    assert "rollback" in message
    assert f"ends at record {count}" in message and f"at record {count + 2}" in message
    # the passphrase and the recovery key are no way around it: the head is checked whatever unlocks
    with pytest.raises(CaseRolledBack):
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=sample.home, keyring=keyring_access)
    with pytest.raises(CaseRolledBack):
        CaseStore.open(sample.id, recovery_key=sample.recovery_key, home=sample.home, keyring=keyring_access)


def test_another_copy_of_the_same_length_is_refused_too(make_sample_case: SampleFactory, tmp_path: Path,
                                                        keyring_access: KeyringAccess) -> None:
    """A fork: the copy went on from an older state with other records, to the same length as the kept head."""
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    kept = keyring_access.get_head(sample.id)
    older.put_back()
    # the fork is written by someone with the key, on a computer whose keyring never saw the newer head...
    keyring_access.backend.delete_password(SERVICE, f"head:{sample.id}")
    _add(sample, keyring_access, "support")
    assert kept is not None
    keyring_access.set_head(sample.id, kept)  # ...then brought back to this computer

    with pytest.raises(CaseRolledBack) as refused:
        CaseStore.open(sample.id, home=sample.home, keyring=keyring_access)
    assert f"record {len(sample.event_hashes) + 1} differs" in str(refused.value)


def test_the_window_opens_a_rolled_back_case_for_reading_only(make_sample_case: SampleFactory, tmp_path: Path,
                                                             keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    older.put_back()
    on_disk = {path: path.read_bytes() for path in sample.folder.rglob("*") if path.is_file()}

    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, read_only_if_forged=True) as store:
        assert store.rolled_back and store.read_only
        assert "rollback" in store.tampered and "reading only" in store.tampered
        assert len(store.events()) == len(sample.event_hashes)  # the older copy's records can be read
        with pytest.raises(EvidenceKitError, match="older than the last state"):
            store.append_event("step.set", {"step": "police", "done": True})
    assert {path: path.read_bytes() for path in sample.folder.rglob("*") if path.is_file()} == on_disk


def test_a_head_behind_the_journal_is_normal_and_catches_up(make_sample_case: SampleFactory,
                                                            keyring_access: KeyringAccess,
                                                            memory_keyring: MemoryKeyring) -> None:
    """The keyring write runs after the save, in the background: a crash or a locked keyring leaves it behind."""
    sample = make_sample_case()
    behind = keyring_access.get_head(sample.id)
    _add(sample, keyring_access, "police")
    assert behind is not None
    keyring_access.set_head(sample.id, behind)
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        assert not store.tampered and not store.warnings
        last = store.events()[-1]
    assert (_head(memory_keyring, sample.id)["seq"], _head(memory_keyring, sample.id)["hash"]) == (last.seq, last.hash)


def test_a_head_not_written_with_the_case_key_is_ignored_and_replaced(make_sample_case: SampleFactory,
                                                                      keyring_access: KeyringAccess,
                                                                      memory_keyring: MemoryKeyring) -> None:
    """Whoever can change keyring entries but lacks the case key can neither cause a refusal nor hide one."""
    sample = make_sample_case()
    forged = _head(memory_keyring, sample.id) | {"seq": 99}
    memory_keyring.secrets[(SERVICE, f"head:{sample.id}")] = json.dumps(forged)
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        assert not store.tampered
        assert any("did not write with the case's key" in warning for warning in store.warnings)
        store.append_event("step.set", {"step": "police", "done": True})
    assert _head(memory_keyring, sample.id)["seq"] == len(sample.event_hashes) + 1


def test_a_head_copied_from_another_case_is_ignored(make_sample_case: SampleFactory, tmp_path: Path,
                                                    keyring_access: KeyringAccess,
                                                    memory_keyring: MemoryKeyring) -> None:
    first, second = make_sample_case(title="first"), make_sample_case(title="second")
    memory_keyring.secrets[(SERVICE, f"head:{first.id}")] = memory_keyring.secrets[(SERVICE, f"head:{second.id}")]
    with CaseStore.open(first.id, home=first.home, keyring=keyring_access) as store:
        assert not store.tampered
        assert any("did not write with the case's key" in warning for warning in store.warnings)


def test_a_shared_computer_case_keeps_no_head_and_verify_says_rollback_goes_unseen(
        home: Path, keyring_access: KeyringAccess, memory_keyring: MemoryKeyring) -> None:
    created = CaseStore.create("shared", PASSPHRASE, shared_computer=True, home=home, keyring=keyring_access)
    with created.store as store:
        store.append_event("step.set", {"step": "police", "done": True})
        case_id = store.id
    assert not [user for _service, user in memory_keyring.secrets if case_id in user]
    with CaseStore.open(case_id, passphrase=PASSPHRASE, home=home, keyring=keyring_access) as store:
        assert ROLLBACK_UNSEEN in store.verify().warnings
    assert not [user for _service, user in memory_keyring.secrets if case_id in user]


def test_a_case_whose_head_is_kept_verifies_without_that_warning(make_sample_case: SampleFactory,
                                                                 keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        report = store.verify()
    assert ROLLBACK_UNSEEN not in report.warnings


def test_forgetting_the_keyring_entry_forgets_the_head_too(make_sample_case: SampleFactory,
                                                           keyring_access: KeyringAccess,
                                                           memory_keyring: MemoryKeyring) -> None:
    sample = make_sample_case()
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        assert store.forget_keyring_entry()
    assert not [user for _service, user in memory_keyring.secrets if sample.id in user]


def test_an_older_copy_put_back_on_purpose_is_accepted_and_journaled(make_sample_case: SampleFactory,
                                                                     tmp_path: Path, keyring_access: KeyringAccess,
                                                                     memory_keyring: MemoryKeyring) -> None:
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    _add(sample, keyring_access, "support")
    newer_head = _head(memory_keyring, sample.id)
    older.put_back()
    count = len(sample.event_hashes)

    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, accept_restore=True) as store:
        assert store.restored is not None and not store.tampered and not store.read_only
        assert any("accepted as it is" in warning for warning in store.warnings)
        restored = store.events()[-1]
        assert restored.action == "case.restored" and restored.seq == count + 1
        assert restored.data["journal_seq"] == count and restored.data["journal_hash"] == sample.event_hashes[-1]
        assert restored.data["newer_seq"] == count + 2
        assert {"seq": newer_head["seq"], "hash": newer_head["hash"]} in restored.data["newer_heads"]
    # the kept head and the anchor now name this copy: it opens as usual, and goes on from there
    assert (_head(memory_keyring, sample.id)["seq"], _head(memory_keyring, sample.id)["hash"]) == (
        restored.seq, restored.hash)
    _add(sample, keyring_access, "police")
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        assert not store.warnings and store.restored is None
        assert [event.action for event in store.events()][-2:] == ["case.restored", "step.set"]
        assert store.verify().ok


def test_accept_restore_on_a_current_case_changes_nothing(make_sample_case: SampleFactory,
                                                         keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    journal = sample.folder / layout.JOURNAL
    before = journal.read_bytes()
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, accept_restore=True) as store:
        assert store.restored is None
        assert len(store.events()) == len(sample.event_hashes)
    assert journal.read_bytes() == before


def test_accept_restore_is_no_way_around_a_damaged_journal(make_sample_case: SampleFactory, tmp_path: Path,
                                                           keyring_access: KeyringAccess) -> None:
    """Accepting an older copy is about genuine records only: a changed record is refused all the same."""
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    older.put_back()
    journal = sample.folder / layout.JOURNAL
    first_record = next(frame for frame in journal_frames(journal) if frame.kind == b"E")
    flip_byte(journal, first_record.age_start + len(first_record.age_file) - 8, 0x01)  # inside its sealed text
    damaged = journal.read_bytes()
    with pytest.raises(JournalBroken):
        CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, accept_restore=True)
    assert journal.read_bytes() == damaged


def test_the_command_line_accepts_an_older_copy_by_its_anchor_and_refuses_a_current_case(
        make_sample_case: SampleFactory, tmp_path: Path, keyring_access: KeyringAccess) -> None:
    """Given the passphrase the keyring is never asked; the anchor alone tells this older copy (a backup of the
    folder only) apart."""
    sample = make_sample_case()
    older = Copy(sample, tmp_path / "backup")
    _add(sample, keyring_access, "police")
    older.put_back(anchor=False)
    refused = run_cli(["case", "verify", sample.id], home=sample.home)
    assert refused.returncode == 1 and "cut off" in refused.stdout + refused.stderr

    accepted = run_cli(["case", "accept-restore", sample.id, "--json"], home=sample.home)
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout)["newer_seq"] == len(sample.event_hashes) + 1
    assert run_cli(["case", "verify", sample.id], home=sample.home).returncode == 0

    again = run_cli(["case", "accept-restore", sample.id], home=sample.home)
    assert again.returncode == 2
    said = (again.stdout + again.stderr).strip()
    assert "nothing to accept" in said and len(said.splitlines()) == 1 and "Traceback" not in said


def test_a_passphrase_open_writes_the_key_back_only_when_the_keyring_lacks_it(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, memory_keyring: MemoryKeyring) -> None:
    sample = make_sample_case()
    writes = memory_keyring.writes
    with CaseStore.open(sample.id, passphrase=PASSPHRASE, home=sample.home, keyring=keyring_access) as store:
        assert store.head_kept
    assert memory_keyring.writes == writes  # the key and the head were there already: nothing written
    del memory_keyring.secrets[(SERVICE, f"case:{sample.id}")]
    with CaseStore.open(sample.id, passphrase=PASSPHRASE, home=sample.home, keyring=keyring_access) as store:
        assert store.head_kept
    assert memory_keyring.secrets[(SERVICE, f"case:{sample.id}")].startswith("AGE-SECRET-KEY-")
    _head(memory_keyring, sample.id)  # the head was still read (and kept) without the key beside it
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access) as store:
        assert store.unlocked_by == "keyring"
