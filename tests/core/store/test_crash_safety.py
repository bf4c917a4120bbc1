"""Crash safety: a writer process is killed with SIGKILL at 24 seeded random moments, then 6 times at
chosen ones (a picture's frame written but not its record; a frame header cut short; a picture cut right
after a whole 64 KiB chunk). After every kill the case opens, everything the writer acknowledged is
intact, verify is ok with no warnings, and the torn tail (what follows the last complete E frame, found by
the tests' own frame parser) is dropped with a `journal.recovered` event that records its size and
SHA-256. A picture whose frame was written but not its record is part of that tail: never evidence.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evidencekit.errors import UsageError
from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE, journal_frames, kept_head, put_back_kept_head, torn_tail
from tests.core.store.crash_writer import journal_end_state

KILLS = 24
STOPS = ["picture-without-record", "frame-header", "chunk-boundary"]  # kills at chosen moments, twice each
WRITER = Path(__file__).with_name("crash_writer.py")
REPO = Path(__file__).resolve().parents[3]


@dataclass
class Acknowledged:
    events: dict[int, str] = field(default_factory=dict)  # seq -> hash
    objects: dict[str, str] = field(default_factory=dict)  # object id -> sha256

    def read(self, output: str) -> int:
        count = 0
        for line in output.splitlines():
            parts = line.split()
            if not parts or parts[0] != "ACK":
                continue
            self.events[int(parts[2])] = parts[3]
            if parts[1] == "object":
                self.objects[parts[4]] = parts[5]
            count += 1
        return count


def _start_writer(job: Mapping[str, object]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, str(WRITER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    assert writer.stdin is not None and writer.stdout is not None
    writer.stdin.write(json.dumps(job) + "\n")
    writer.stdin.flush()
    ready = writer.stdout.readline()
    if ready.strip() != "READY":
        writer.kill()
        raise AssertionError(f"the writer did not start: {ready!r} {writer.communicate()[1]}")
    return writer


def _kill(writer: subprocess.Popen[str], seen: str = "") -> str:
    writer.send_signal(signal.SIGKILL)
    output, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    return seen + output


def _run_writer_and_kill(job: Mapping[str, object], delay: float) -> str:
    """Kill the writer `delay` seconds after it opened the case; its output (the ACK lines)."""
    writer = _start_writer(job)
    try:
        writer.wait(timeout=delay)
        raise AssertionError(f"the writer stopped by itself: {writer.communicate()[1]}")
    except subprocess.TimeoutExpired:
        pass
    return _kill(writer)


def _run_writer_and_kill_when_stopped(job: Mapping[str, object]) -> str:
    """Kill the writer once its disk says the journal ends in job["stop_at"] (at most a minute)."""
    writer = _start_writer(job)
    assert writer.stdout is not None
    watchdog = threading.Timer(60, writer.kill)
    watchdog.start()
    seen = []
    try:
        while not (line := writer.stdout.readline()).startswith("STOPPED"):
            assert line, f"the writer never reached {job['stop_at']}: {writer.communicate()[1]}"
            seen.append(line)
    finally:
        watchdog.cancel()
    return _kill(writer, "".join(seen))


def _check_case_after_kill(folder: Path, home: Path, keyring: KeyringAccess, acked: Acknowledged,
                           where: str) -> str:
    """Open the killed writer's case: every acknowledged record and picture intact, the torn tail (found by
    our own parser) dropped and recorded, verify ok. Returns how the journal ended before the open."""
    journal = (folder / "journal.ekj").read_bytes()
    torn = torn_tail(journal)
    end_state = journal_end_state(journal)
    assert (end_state == "clean") == (not torn), f"{where}: {end_state} with {len(torn)} torn bytes"
    with CaseStore.open(folder, home=home, keyring=keyring) as store:
        assert not [w for w in store.warnings if "checkpoint" in w], f"{where}: a crash left a refused checkpoint"
        events = store.events()
        for seq, event_hash in acked.events.items():
            assert events[seq - 1].hash == event_hash, f"{where}: acknowledged record {seq} changed"
        for object_id, sha256 in acked.objects.items():
            assert hashlib.sha256(store.read_object(object_id)).hexdigest() == sha256, f"{where}: {object_id}"
        if torn:
            assert events[-1].action == "journal.recovered"
            assert events[-1].data["dropped_bytes"] == len(torn)
            assert events[-1].data["dropped_sha256"] == hashlib.sha256(torn).hexdigest()
        else:
            assert all(event.action != "journal.recovered" for event in events[len(acked.events):])
        recorded = set(store.state().objects)
        report = store.verify()
        assert report.ok, f"{where}: {report.problems}"
        assert report.warnings == [], f"{where}: {report.warnings}"
        acked.events.update({event.seq: event.hash for event in events})  # the recovery events too
    assert not list(folder.rglob(".ek-tmp-*")), "stray temp files were not swept when the case opened"
    pictures = {frame.object_id for frame in journal_frames(folder / "journal.ekj") if frame.kind == b"O"}
    assert pictures == recorded, f"{where}: a picture frame without its record was kept"
    return end_state


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_object_or_event(
        home: Path, keyring_access: KeyringAccess) -> None:
    created = CaseStore.create("crash test", PASSPHRASE, home=home, keyring=keyring_access)
    case_id, folder = created.store.id, created.store.path
    created.store.close()
    identity = keyring_access.get(case_id)
    rng = random.Random(20241127)
    acked = Acknowledged()
    kills_with_new_acks = 0
    end_states: list[str] = []

    for kill in range(KILLS):
        job = {"folder": str(folder), "home": str(home), "identity": identity, "seed": rng.randrange(1 << 30),
               "slow_disk": kill % 2 == 1}
        kills_with_new_acks += acked.read(_run_writer_and_kill(job, rng.uniform(0.05, 0.8))) > 0
        end_states.append(_check_case_after_kill(folder, home, keyring_access, acked, f"kill {kill}"))

    for number, stop_at in enumerate(STOPS * 2):
        job = {"folder": str(folder), "home": str(home), "identity": identity, "seed": rng.randrange(1 << 30),
               "slow_disk": True, "stop_at": stop_at}
        acked.read(_run_writer_and_kill_when_stopped(job))
        where = f"kill {KILLS + number} ({stop_at})"
        assert _check_case_after_kill(folder, home, keyring_access, acked, where) == stop_at, where

    print(f"how the random kills left the journal: {Counter(end_states)}")
    assert kills_with_new_acks >= KILLS // 2, "the kills came too early to test anything"
    assert len(end_states) - end_states.count("clean") >= 1, "no random kill landed inside a save"
    assert len(acked.objects) >= 10


@pytest.mark.slow
def test_sigkill_while_the_case_is_closed_and_opened_again_never_leaves_a_checkpoint_that_is_refused(
        home: Path, keyring_access: KeyringAccess) -> None:
    """The writer closes the case (writing its checkpoint: temp file, fsync, rename) and opens it again
    (reading it) after every two saves, so kills land there too: the checkpoint is always the old one or
    the new one, never torn or ahead of the journal, and everything acknowledged is intact."""
    created = CaseStore.create("crash while closing", PASSPHRASE, home=home, keyring=keyring_access)
    case_id, folder = created.store.id, created.store.path
    created.store.close()
    identity = keyring_access.get(case_id)
    rng = random.Random(20261204)
    acked = Acknowledged()
    checkpoints = set()
    # At least 12 kills, and on until 20 saves and 6 checkpoints were reached: on a slow stick (the
    # kernel vfat run under load) a kill can come before the first close; at most 36 kills.
    kill = 0
    while kill < 12 or ((len(acked.events) < 20 or len(checkpoints) < 6) and kill < 36):
        job = {"folder": str(folder), "home": str(home), "identity": identity, "seed": rng.randrange(1 << 30),
               "slow_disk": kill % 2 == 1, "close_every": 2}
        acked.read(_run_writer_and_kill(job, rng.uniform(0.1, 0.9)))
        checkpoints.add((folder / "checkpoint.ekc").read_bytes())
        _check_case_after_kill(folder, home, keyring_access, acked, f"kill {kill} (closing and opening)")
        kill += 1
    assert len(acked.events) >= 20 and len(checkpoints) >= 6, "the kills came too early to test anything"


def test_a_picture_frame_without_its_record_is_a_torn_tail_and_never_evidence(
        home: Path, keyring_access: KeyringAccess) -> None:
    """A crash between a picture's O frame and its E frame leaves a complete, decryptable picture that no
    record names: it is cut off and the cut recorded; it never becomes an exhibit."""
    created = CaseStore.create("picture without record", PASSPHRASE, home=home, keyring=keyring_access)
    with created.store as store:
        kept = store.add_object(b"kept", media_type="image/png", action="object.added")
        folder, case_id = store.path, store.id
    journal = folder / "journal.ekj"
    anchor = home / "anchors" / f"{case_id}.json"
    before, anchor_before = journal.read_bytes(), anchor.read_bytes()
    head_before = kept_head(keyring_access, case_id)
    with CaseStore.open(folder, home=home, keyring=keyring_access) as store:
        lost = store.add_object(b"never acknowledged", media_type="image/png", action="exhibit.captured",
                                data={"capture": {}, "fields": {}})
    picture = journal_frames(journal)[-2]
    assert picture.kind == b"O" and picture.object_id == lost.object_id and picture.start == len(before)
    journal.write_bytes(journal.read_bytes()[:picture.end])  # as if the power went before the E frame
    anchor.write_bytes(anchor_before)  # the anchor never saw the lost save either
    put_back_kept_head(keyring_access, case_id, head_before)  # nor did the keyring's copy of the head
    dropped = journal.read_bytes()[len(before):]

    with CaseStore.open(folder, home=home, keyring=keyring_access) as store:
        events = store.events()
        assert events[-1].action == "journal.recovered" and events[-1].seq == 3
        assert events[-1].data["dropped_bytes"] == len(dropped) == picture.end - picture.start
        assert events[-1].data["dropped_sha256"] == hashlib.sha256(dropped).hexdigest()
        assert lost.object_id not in store.state().objects
        assert [exhibit.id for exhibit in store.state().exhibits] == []
        with pytest.raises(UsageError):
            store.read_object(lost.object_id or "")
        assert store.read_object(kept.object_id or "") == b"kept"
        report = store.verify()
        assert report.ok and report.warnings == []
    assert journal.read_bytes().startswith(before)
    assert lost.object_id not in {frame.object_id for frame in journal_frames(journal)}
