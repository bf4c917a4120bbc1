"""A full disk at any byte of a picture's save (its O and E frames, one writev stream) or of an event's
append: StorageFull with a plain sentence, the case byte for byte as it was before, and no temp files.
Then the same on a real, tiny tmpfs (when root).

The fake disk (case_files.FillingDisk) is `os` as seen by evidencekit.fsio, whose write() and writev()
store at most the remaining budget (a short write, as a real disk does) and then raise ENOSPC.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evidencekit import fsio
from evidencekit.errors import StorageFull
from evidencekit.fsio import TEMP_PREFIX
from evidencekit.store import CaseStore, Event, KeyringAccess
from tests.core.store.case_files import PASSPHRASE, FillingDisk, SampleCase, SampleFactory, journal_frames


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[FillingDisk]:
    fake = FillingDisk()
    monkeypatch.setattr(fsio, "os", fake)
    yield fake


def _files(home: Path) -> dict[str, bytes]:
    """Every file under the data dir with its bytes (the lock file included)."""
    return {p.relative_to(home).as_posix(): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def _assert_nothing_changed(home: Path, before: dict[str, bytes]) -> None:
    after = _files(home)
    assert not [name for name in after if Path(name).name.startswith(TEMP_PREFIX)], "a temp file was left"
    assert sorted(after) == sorted(before), "files appeared or vanished"
    assert after == before, "a file's bytes changed"


def _assert_clear_full_message(error: StorageFull) -> None:
    message = error.message
    assert message.startswith("The disk is full, so ")
    assert "Nothing already saved was changed" in message and "free some space" in message


def _open(sample: SampleCase, keyring: KeyringAccess) -> CaseStore:
    return CaseStore.open(sample.folder, home=sample.home, keyring=keyring)


def _assert_case_intact(sample: SampleCase, keyring: KeyringAccess, contents: dict[str, bytes]) -> None:
    with _open(sample, keyring) as store:
        report = store.verify()
        assert report.ok, report.problems
        assert not report.warnings
        for object_id, content in contents.items():
            assert store.read_object(object_id) == content


def _run_out_at_every_byte(op: Callable[[], Event], store: CaseStore, disk: FillingDisk, home: Path,
                           call: str) -> int:
    """Run `op` with 0, 1, 2, ... bytes of room until it succeeds; every failure must change nothing.

    Every refused write must be a `call` ("write" or "writev") to journal.ekj. Returns how many budgets
    failed: exactly the number of bytes the save appends (age headers and records have fixed sizes here),
    so the disk ran out at every byte of it.
    """
    expected_events = store.events()
    journal = store.path / "journal.ekj"
    for budget in itertools.count():
        before = _files(home)
        disk.budget, disk.written, disk.writes, disk.calls = budget, 0, [], []
        try:
            op()
        except StorageFull as exc:
            disk.budget = float("inf")
            _assert_clear_full_message(exc)
            assert "journal.ekj" in exc.message
            assert disk.writes[-1] == ("journal.ekj", 0) and disk.calls[-1] == call, (budget, disk.writes)
            assert {name for name, _ in disk.writes} == {"journal.ekj"}, disk.writes
            _assert_nothing_changed(home, before)
            assert store.events() == expected_events, f"budget {budget}: the in-memory journal moved"
            continue
        # It just fit: the save is durable. The anchor (moved by a background thread after the save
        # returned) finds the disk full; verify waits for that and the case is still fine.
        assert journal.stat().st_size - len(before["cases/" + store.id + "/journal.ekj"]) == budget
        report = store.verify()
        disk.budget = float("inf")
        assert disk.writes[-1][0].startswith(TEMP_PREFIX) and disk.writes[-1][1] == 0  # the anchor's write
        assert any("outside record could not be updated" in warning for warning in store.warnings)
        assert report.ok, report.problems
        return budget
    raise AssertionError("unreachable")


def test_disk_full_at_every_byte_of_a_picture_save_changes_nothing(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, disk: FillingDisk, home: Path) -> None:
    """A picture's save is one writev stream: its O frame then its E frame."""
    sample = make_sample_case(objects=(300,), events=1)
    content = random.Random(5).randbytes(700)
    with _open(sample, keyring_access) as store:
        saved = _run_out_at_every_byte(
            lambda: store.add_object(content, media_type="image/png", action="object.added"), store, disk, home,
            "writev")
        added = store.events()[-1]
    assert added.object_id
    frames = journal_frames(sample.journal)
    picture, record = frames[-2], frames[-1]
    assert picture.object_id == added.object_id and record.kind == b"E"
    assert saved == record.end - picture.start > len(content) + 400  # every byte of both frames was tried
    _assert_case_intact(sample, keyring_access, {**sample.objects, added.object_id: content})


def test_disk_full_at_every_byte_of_an_event_append_changes_nothing(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, disk: FillingDisk, home: Path) -> None:
    sample = make_sample_case(objects=(300,), events=1)
    data = {"details": {"suspect": "x" * 500}}
    with _open(sample, keyring_access) as store:
        saved = _run_out_at_every_byte(lambda: store.append_event("details.set", data), store, disk, home, "writev")
        assert store.state().details == data["details"]
        store.append_event("step.set", {"step": "after", "done": True})  # space is back: it just works
    frames = journal_frames(sample.journal)
    assert saved == frames[-2].end - frames[-2].start > 500
    _assert_case_intact(sample, keyring_access, sample.objects)


# ----- a real full filesystem ---------------------------------------------------------------------------

@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, mounted for this test only (needs root and permission to mount)."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a tiny tmpfs")
    mountpoint = tmp_path / "tiny"
    mountpoint.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_a_really_full_tmpfs_gives_storage_full_and_keeps_every_saved_object(
        tiny_tmpfs: Path, keyring_access: KeyringAccess) -> None:
    home = tiny_tmpfs / "evidencekit"
    created = CaseStore.create("tiny disk", PASSPHRASE, home=home, keyring=keyring_access)
    sample = SampleCase(created.store.id, created.store.path, home, created.recovery_key)
    rng = random.Random(11)
    saved: dict[str, bytes] = {}
    with created.store as store:
        with pytest.raises(StorageFull) as caught:
            for _ in range(100):
                content = rng.randbytes(48 * 1024)
                event = store.add_object(content, media_type="image/png", action="object.added")
                assert event.object_id is not None
                saved[event.object_id] = content
        _assert_clear_full_message(caught.value)
        assert 5 < len(saved) < 25
        with pytest.raises(StorageFull):
            for number in range(10_000):
                store.append_event("step.set", {"step": f"filler {number}", "padding": "p" * 200})
        events_saved = store.events()
    assert not [p for p in home.rglob(f"{TEMP_PREFIX}*")], "a temp file was left on the full disk"
    frames = journal_frames(sample.journal)  # cut back to whole frames: no torn tail left by the failures
    assert {frame.object_id for frame in frames if frame.kind == b"O"} == set(saved)
    with _open(sample, keyring_access) as store:
        assert [e.hash for e in store.events()] == [e.hash for e in events_saved]
        report = store.verify()
        assert report.ok, report.problems
        for object_id, content in saved.items():
            assert store.read_object(object_id) == content
