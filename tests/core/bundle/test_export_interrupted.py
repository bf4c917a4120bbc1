"""An export killed at any moment leaves nothing readable behind (ADR 061).

`evidencekit export` is SIGKILLed at 30 random moments of a running export while writing to a FAT stick
(fusefat: no O_TMPFILE, so named temp files are used); after the next export or start, the stick holds only
finished bundles, each recorded in the case's custody journal, and every interrupted export is recorded
as abandoned. On ext4 (unnamed O_TMPFILE files) a killed export leaves nothing even before that.
A full disk where the bundle is saved, or where the case is, leaves no bundle and says so truly.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.bundle.export import export_case
from evidencekit.bundle.model import BundleOptions
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.errors import StorageFull
from evidencekit.fsio import TEMP_PREFIX
from evidencekit.pending_exports import completed_exports, outcomes
from evidencekit.store import CaseStore
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import cli_env, run_cli
from tests.support.small_filesystems import fat_stick, tmpfs


def _make_case(home: Path, tmp_path: Path, pictures: int = 2) -> str:
    made = run_cli(["case", "new", "--title", "interrupted exports", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    case_id = str(json.loads(made.stdout)["id"])
    files = []
    for index in range(pictures):
        picture = tmp_path / f"shot-{index}.png"
        Image.effect_noise((320, 200), 40 + index).convert("RGB").save(picture)
        files.append(str(picture))
    assert run_cli(["import", case_id, *files], home=home).returncode == 0
    return case_id


def _export_process(home: Path, case_id: str, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "evidencekit", "export", case_id, str(out)], env=cli_env(home),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _journal(home: Path, case_id: str) -> list:  # type: ignore[type-arg]
    with CaseStore.open(case_id, passphrase=PASSPHRASE, home=home) as store:
        return store.events()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_only_finished_bundles(folder: Path, home: Path, case_id: str) -> set[str]:
    events = _journal(home, case_id)
    recorded = {entry["sha256"] for entry in completed_exports(events)}
    names = sorted(p.name for p in folder.iterdir())
    assert not [name for name in names if name.startswith(TEMP_PREFIX)], names
    for name in names:
        assert _sha(folder / name) in recorded, f"{name} is not a finished bundle recorded in the journal"
    return set(names)


@pytest.mark.slow
def test_killed_at_30_random_moments_on_a_fat_stick_nothing_unfinished_survives(
        home: Path, tmp_path: Path, installed_identity: SigningIdentity) -> None:
    case_id = _make_case(home, tmp_path)
    rng = random.Random(1414)
    with fat_stick(tmp_path / "stick.img", tmp_path / "stick") as stick:
        durations = []
        for name in ("first.pdf", "second.pdf"):  # the shorter of two: a slow cold first run must not
            start = time.monotonic()                  # push the kills past the end of most exports
            made = run_cli(["export", case_id, str(stick / name)], home=home)
            durations.append(time.monotonic() - start)
            assert made.returncode == 0, made.stderr
        duration = min(durations)
        # Kill at random moments up to a little past the usual end, so the last steps (rename, journal) are
        # hit too. An export that finished before its kill is not a failure, but it tests nothing: go on
        # until 30 kills have landed in running exports (on a loaded machine some finish first), at most 60.
        kills = attempts = left_behind = 0
        round_number = 0
        while kills < 30:
            assert attempts < 60, f"only {kills} of {attempts} exports were still running when killed"
            for index in range(6):  # six interrupted exports, then the next export or a start cleans up
                process = _export_process(home, case_id, stick / f"bundle-{round_number}-{index}.pdf")
                time.sleep(rng.uniform(0.05, duration * 1.1))
                process.send_signal(signal.SIGKILL)
                process.wait(30)
                attempts += 1
                kills += process.returncode == -signal.SIGKILL
                left_behind += any(p.name.startswith(TEMP_PREFIX) for p in stick.iterdir())
            if round_number % 2 == 0:
                cleaned = run_cli(["export", case_id, str(stick / f"next-{round_number}.pdf")], home=home)
            else:
                cleaned = run_cli(["case", "verify", case_id], home=home)
            assert cleaned.returncode == 0, cleaned.stderr
            _assert_only_finished_bundles(stick, home, case_id)
            round_number += 1
        assert left_behind, "no kill landed while a temp file existed: the test did not test anything"
    events = _journal(home, case_id)
    started, ended = outcomes(events)
    assert set(started) == set(ended), "an interrupted export was never recorded as ended"
    assert {event.action for event in ended.values()} >= {"bundle.exported", "bundle.export_abandoned"}
    assert not list((home / "pending-exports").iterdir())
    assert run_cli(["case", "verify", case_id], home=home).returncode == 0


def test_killed_exports_on_ext4_leave_nothing_at_all(home: Path, tmp_path: Path,
                                                     installed_identity: SigningIdentity) -> None:
    case_id = _make_case(home, tmp_path, pictures=1)
    out = tmp_path / "desktop"
    out.mkdir()
    rng = random.Random(7)
    for index in range(4):
        process = _export_process(home, case_id, out / f"b{index}.pdf")
        time.sleep(rng.uniform(0.8, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        assert [p.name for p in out.iterdir() if not p.name.startswith("b")] == []
        assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert run_cli(["case", "show", case_id], home=home).returncode == 0  # the journal is told
    _assert_only_finished_bundles(out, home, case_id)
    started, ended = outcomes(_journal(home, case_id))
    assert set(started) == set(ended)


@pytest.fixture
def open_case(home: Path) -> CaseStore:
    created = CaseStore.create("full disk", PASSPHRASE, shared_computer=True, home=home)
    Image.effect_noise((640, 480), 60).convert("RGB").save(home / "noise.png")
    data = (home / "noise.png").read_bytes()
    created.store.add_object(data, media_type="image/png", action="exhibit.imported",
                             data={"import": {"file_name": "noise.png"}, "fields": {}})
    yield created.store
    created.store.close()


def test_the_output_disk_full_leaves_no_bundle_and_says_so(open_case: CaseStore, tmp_path: Path,
                                                           signing_identity: SigningIdentity) -> None:
    with tmpfs(tmp_path / "stick", "256k") as stick:
        before = len(open_case.events())
        with pytest.raises(StorageFull) as full:
            export_case(open_case, stick / "bundle.pdf", BundleOptions(), identity=signing_identity)
        assert list(stick.iterdir()) == []
        message = full.value.message
        assert f"The disk where the bundle was being saved ({stick}) is full" in message
        assert "no bundle was written and nothing was left there" in message
        assert "custody journal records that this export did not finish" in message
        started, failed = open_case.events()[before:]
        assert (started.action, failed.action) == ("bundle.export_started", "bundle.export_failed")
        assert failed.data["reason"] == "the disk where the bundle was being saved is full"
    assert open_case.verify().ok


def test_the_case_disk_filling_mid_export_removes_the_bundle_and_says_so(
        tmp_path: Path, signing_identity: SigningIdentity) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with tmpfs(tmp_path / "casedisk", "2m") as disk:
        home = disk / "evidencekit"
        created = CaseStore.create("case disk", PASSPHRASE, shared_computer=True, home=home)
        store = created.store
        Image.effect_noise((200, 150), 60).convert("RGB").save(tmp_path / "small.png")
        store.add_object((tmp_path / "small.png").read_bytes(), media_type="image/png", action="exhibit.imported",
                         data={"import": {"file_name": "small.png"}, "fields": {}})
        filler = disk / "filler"

        def fill_the_disk(_done: int, _total: int, _what: str) -> None:
            if not filler.exists():  # after the start record is durable: now the case's disk is full
                with filler.open("wb") as handle:
                    try:
                        while True:
                            handle.write(b"\0" * 65536)
                            handle.flush()
                            os.fsync(handle.fileno())
                    except OSError:
                        pass

        with pytest.raises(StorageFull) as full:
            export_case(store, out / "bundle.pdf", progress=fill_the_disk, identity=signing_identity)
        assert list(out.iterdir()) == [], "a bundle the journal does not record was left"
        assert "the bundle was removed, so that no unrecorded copy is left" in full.value.message
        assert "Nothing already saved was changed" not in full.value.message
        filler.unlink()
        # the failure record is smaller than the export record: it may still have fitted
        assert store.events()[-1].action in ("bundle.export_started", "bundle.export_failed")
        assert not [e for e in store.events() if e.action == "bundle.exported"]
        store.close()
        with CaseStore.open(store.id, passphrase=PASSPHRASE, home=home) as reopened:
            from evidencekit.pending_exports import recover_exports

            recover_exports(reopened, home)
            started, ended = outcomes(reopened.events())
            assert set(started) == set(ended)  # recorded now, if it could not be then
            assert not list((home / "pending-exports").iterdir())
            assert reopened.verify().ok
            assert export_case(reopened, out / "bundle.pdf", identity=signing_identity).path.exists()  # retry works


def test_the_windows_start_sweep_removes_what_a_killed_export_left(home: Path, tmp_path: Path,
                                                                   installed_identity: SigningIdentity) -> None:
    """Killed just as its temp file exists on the stick; the sweep the window runs at start (no key) removes
    it, unless another process has the case open; the journal is told when the case is next opened."""
    from evidencekit.pending_exports import sweep_leftovers

    case_id = _make_case(home, tmp_path, pictures=1)
    with fat_stick(tmp_path / "stick.img", tmp_path / "stick") as stick:
        process = _export_process(home, case_id, stick / "bundle.pdf")
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(TEMP_PREFIX) for p in stick.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        assert [p.name for p in stick.iterdir() if p.name.startswith(TEMP_PREFIX)], "never saw the temp file"
        with CaseStore.open(case_id, passphrase=PASSPHRASE, home=home):
            assert sweep_leftovers(home) == 0  # the case is open elsewhere: its files are left alone
        assert sweep_leftovers(home) >= 1
        assert list(stick.iterdir()) == []
        shown = run_cli(["case", "show", case_id], home=home)
        assert shown.returncode == 0 and "interrupted export of bundle.pdf was cleaned up" in shown.stdout
    started, ended = outcomes(_journal(home, case_id))
    assert set(started) == set(ended) and ended[next(iter(ended))].action == "bundle.export_abandoned"
