"""Record seals (ADR 006): a record written without the case's key is named and refused, however it was made.

The attacker here has read docs/store-format.md, has a case of their own whose key they hold, and can write
to the victim's data folder; they have only the victim's plaintext files: case.json (the public recipient)
and the anchor (the last record's seq and hash). Every forgery is a complete, valid frame that decrypts
with the victim's key, so only the seal can refuse it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyrage
import pytest

from evidencekit.errors import JournalBroken
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.events import EVENT_VERSION, LEGACY_EVENT_VERSION
from tests.core.store.case_files import (
    JOURNAL_MAGIC,
    OBJECT_ID_BYTES,
    SampleCase,
    SampleFactory,
    decrypt_record,
    identity_of,
    journal_saves,
    make_frame,
    parse_frames,
    seal_for,
    write_saves,
)
from tests.core.store.cli import run_cli

GOLDEN = Path(__file__).with_name("golden") / "format2"
GOLDEN_ID = "3a124a12a3c7132fa492194b2ede413c"
GOLDEN_PASSPHRASE = "golden passphrase v2"
GOLDEN_HEAD = "791f06e0f40af87ba008ab69e59b9b692f6d1d5d0ff77193a1b1cb3bd55105f9"


@pytest.fixture
def victim(make_sample_case: SampleFactory) -> SampleCase:
    return make_sample_case(title="victim", objects=(400, 900), events=2)


@pytest.fixture
def attacker(make_sample_case: SampleFactory, tmp_path: Path) -> SampleCase:
    """The attacker's own case, on their own computer: they hold its key."""
    other_home = tmp_path / "attacker-home"
    other_home.mkdir()
    return make_sample_case(title="attacker", objects=(300,), events=1, home_dir=other_home)


def _split(save: bytes) -> tuple[bytes, bytes]:
    frames, _ = parse_frames(JOURNAL_MAGIC + save)
    whole = JOURNAL_MAGIC + save
    return b"".join(f.raw(whole) for f in frames[:-1]), frames[-1].payload


def _forged_save(victim: SampleCase, attacker: SampleCase, keyring: KeyringAccess, *, how: str,
                 seq: int | None = None, prev: str | None = None) -> bytes:
    """The attacker's picture save, retargeted at the victim's case from the victim's plaintext files only."""
    recipient = pyrage.x25519.Recipient.from_str(json.loads((victim.folder / "case.json").read_text())["recipient"])
    anchor = json.loads(victim.anchor.read_text())
    own_key = identity_of(attacker, keyring)
    picture_save = next(save for save in journal_saves(attacker.journal) if _split(save)[0])
    picture, age_file = _split(picture_save)
    body = decrypt_record(age_file, own_key)
    body.update(case=victim.id, seq=seq or anchor["seq"] + 1, prev=prev or anchor["hash"])
    if how == "unsealed":  # a record as an older evidencekit wrote them, without a seal
        body.pop("mac")
        body["v"] = LEGACY_EVENT_VERSION
    elif how == "own key":  # sealed, but with the only key the attacker has
        body["mac"] = seal_for(body, own_key)
    assert how in ("unsealed", "own key", "copied seal")
    frames, _ = parse_frames(JOURNAL_MAGIC + picture)
    (object_frame,) = frames
    object_id, original = object_frame.payload[:OBJECT_ID_BYTES], pyrage.decrypt(object_frame.age_file, [own_key])
    picture = make_frame(b"O", object_id + pyrage.encrypt(original, [recipient]))
    from evidencekit.canonical import canonical_json

    return picture + make_frame(b"E", pyrage.encrypt(canonical_json(body), [recipient]))


def _refused(victim: SampleCase, keyring: KeyringAccess) -> JournalBroken:
    with pytest.raises(JournalBroken) as caught:
        CaseStore.open(victim.folder, home=victim.home, keyring=keyring)
    return caught.value


@pytest.mark.parametrize("how", ["copied seal", "own key", "unsealed"])
def test_a_record_forged_without_the_key_and_appended_is_named_and_refused(
        victim: SampleCase, attacker: SampleCase, keyring_access: KeyringAccess, how: str) -> None:
    saves = journal_saves(victim.journal)
    before = victim.journal.read_bytes()
    write_saves(victim.journal, [*saves, _forged_save(victim, attacker, keyring_access, how=how)])
    refused = _refused(victim, keyring_access)
    assert refused.record == len(saves) + 1 and refused.forged
    assert "changed by someone without this case's key" in refused.message
    assert f"record {len(saves) + 1} was not written by evidencekit" in refused.message
    tampered = victim.journal.read_bytes()
    assert tampered.startswith(before)  # opening touched nothing (no torn-tail cut, no new record)
    for args in (["case", "verify", victim.id], ["export", victim.id, str(victim.home / "bundle.pdf")],
                 ["exhibits", victim.id]):
        result = run_cli(args, home=victim.home)
        assert result.returncode != 0, (args, result.stdout)
        said = result.stdout + result.stderr
        assert "changed by someone without this case's key" in said, (args, said)
        assert "Traceback" not in said
    assert not (victim.home / "bundle.pdf").exists()
    assert victim.journal.read_bytes() == tampered


@pytest.mark.parametrize("position", [2, 4])
def test_a_forged_record_inserted_in_the_middle_is_named_at_its_own_position(
        victim: SampleCase, attacker: SampleCase, keyring_access: KeyringAccess, position: int) -> None:
    saves = journal_saves(victim.journal)
    forged = _forged_save(victim, attacker, keyring_access, how="own key", seq=position)
    write_saves(victim.journal, [*saves[:position - 1], forged, *saves[position - 1:]])
    refused = _refused(victim, keyring_access)
    assert refused.record == position and refused.forged


def test_a_record_copied_from_another_case_is_refused(
        victim: SampleCase, attacker: SampleCase, keyring_access: KeyringAccess) -> None:
    """Byte for byte from the attacker's case: it is not even encrypted to the victim's key."""
    saves = journal_saves(victim.journal)
    write_saves(victim.journal, [*saves, journal_saves(attacker.journal)[-1]])
    refused = _refused(victim, keyring_access)
    assert refused.record == len(saves) + 1
    assert "cannot be read" in refused.message


@pytest.mark.parametrize("replayed", [1, 2])
def test_a_record_of_the_same_case_replayed_at_another_position_is_refused(
        victim: SampleCase, keyring_access: KeyringAccess, replayed: int) -> None:
    saves = journal_saves(victim.journal)
    write_saves(victim.journal, [*saves, saves[replayed - 1]])
    refused = _refused(victim, keyring_access)
    assert refused.record == len(saves) + 1
    assert "does not follow record" in refused.message


def test_every_record_of_a_new_case_is_sealed_with_its_own_key(
        victim: SampleCase, keyring_access: KeyringAccess) -> None:
    key = identity_of(victim, keyring_access)
    for save in journal_saves(victim.journal):
        body = decrypt_record(_split(save)[1], key)
        assert body["v"] == EVENT_VERSION and body["mac"] == seal_for(body, key)
    with CaseStore.open(victim.folder, home=victim.home, keyring=keyring_access) as store:
        assert [event.action for event in store.events()].count("journal.sealed") == 0
        assert store.verify().ok


def _golden_copy(home: Path, *, with_anchor: bool = True) -> Path:
    folder = home / "cases" / GOLDEN_ID
    shutil.copytree(GOLDEN / "case", folder)
    if with_anchor:
        (home / "anchors").mkdir(exist_ok=True)
        shutil.copy(GOLDEN / "anchor.json", home / "anchors" / f"{GOLDEN_ID}.json")
    return folder


def test_a_case_from_store_format_2_opens_is_sealed_once_and_verifies(home: Path,
                                                                      keyring_access: KeyringAccess) -> None:
    folder = _golden_copy(home)
    with CaseStore.open(folder, passphrase=GOLDEN_PASSPHRASE, home=home, keyring=keyring_access) as store:
        events = store.events()
        assert [e.action for e in events] == ["case.created", "exhibit.captured", "step.set", "journal.sealed"]
        assert not any(e.mac for e in events[:3]) and events[3].mac
        assert events[3].data["head_before"] == GOLDEN_HEAD == events[3].prev
        assert events[3].data["unsealed_records"] == 3
        assert events[3].actor == {"role": "system", "name": "evidencekit"}
        assert store.state().exhibits[0].reference  # the picture is still the case's first exhibit
        report = store.verify()
        assert report.ok, report.problems
    with CaseStore.open(folder, passphrase=GOLDEN_PASSPHRASE, home=home, keyring=keyring_access) as store:
        assert [e.action for e in store.events()].count("journal.sealed") == 1  # once, not at every open
    result = run_cli(["case", "verify", GOLDEN_ID], home=home, passphrase=GOLDEN_PASSPHRASE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_after_sealing_an_older_case_an_unsealed_record_is_refused(home: Path,
                                                                   keyring_access: KeyringAccess) -> None:
    """Once sealed, an old-style record (what the documented older format would let anyone write) is refused."""
    folder = _golden_copy(home)
    CaseStore.open(folder, passphrase=GOLDEN_PASSPHRASE, home=home, keyring=keyring_access).close()
    identity_text = keyring_access.get(GOLDEN_ID)
    assert identity_text is None  # a shared-computer case: its key never goes to the keyring
    from evidencekit.canonical import canonical_json

    journal = folder / "journal.ekj"
    anchor = json.loads((home / "anchors" / f"{GOLDEN_ID}.json").read_text())
    recipient = pyrage.x25519.Recipient.from_str(json.loads((folder / "case.json").read_text())["recipient"])
    body = {"v": LEGACY_EVENT_VERSION, "case": GOLDEN_ID, "seq": anchor["seq"] + 1, "prev": anchor["hash"],
            "time": {"utc": "2026-12-03T10:00:00.000Z"}, "actor": {"role": "victim", "name": ""},
            "action": "step.set", "object": None, "inputs": [], "outputs": [], "data": {"step": "police"},
            "app": "evidencekit 0.1.0"}
    with open(journal, "ab") as file:
        file.write(make_frame(b"E", pyrage.encrypt(canonical_json(body), [recipient])))
    with pytest.raises(JournalBroken) as caught:
        CaseStore.open(folder, passphrase=GOLDEN_PASSPHRASE, home=home, keyring=keyring_access)
    assert caught.value.forged and caught.value.record == 5
    assert "it has no seal, although every record from record 4 on has one" in caught.value.message
