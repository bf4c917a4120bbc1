"""Crash safety: a writer process is killed with SIGKILL at 24 seeded random moments. After every kill the
case opens, everything the writer acknowledged is intact, verify is ok (an unrecorded object left by the
kill is only a warning), and a torn last record is dropped with a `journal.recovered` event.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evidencekit.store import CaseStore, KeyringAccess
from tests.core.store.case_files import PASSPHRASE

KILLS = 24
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


def _run_writer_and_kill(job: Mapping[str, object], delay: float) -> str:
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
    try:
        writer.wait(timeout=delay)
        raise AssertionError(f"the writer stopped by itself: {writer.communicate()[1]}")
    except subprocess.TimeoutExpired:
        pass
    writer.send_signal(signal.SIGKILL)
    output, _ = writer.communicate(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    return output


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_object_or_event(
        home: Path, keyring_access: KeyringAccess) -> None:
    created = CaseStore.create("crash test", PASSPHRASE, home=home, keyring=keyring_access)
    case_id, folder = created.store.id, created.store.path
    created.store.close()
    identity = keyring_access.get(case_id)
    rng = random.Random(20241127)
    acked = Acknowledged()
    torn_recoveries = kills_with_new_acks = 0

    for kill in range(KILLS):
        job = {"folder": str(folder), "home": str(home), "identity": identity, "seed": rng.randrange(1 << 30),
               "slow_disk": kill % 2 == 1}
        kills_with_new_acks += acked.read(_run_writer_and_kill(job, rng.uniform(0.05, 0.8))) > 0
        journal = (folder / "journal.ekj").read_bytes()
        torn = journal[journal.rfind(b"\n") + 1:]

        with CaseStore.open(folder, home=home, keyring=keyring_access) as store:
            events = store.events()
            for seq, event_hash in acked.events.items():
                assert events[seq - 1].hash == event_hash, f"kill {kill}: acknowledged record {seq} changed"
            for object_id, sha256 in acked.objects.items():
                assert hashlib.sha256(store.read_object(object_id)).hexdigest() == sha256
            if torn:
                torn_recoveries += 1
                assert events[-1].action == "journal.recovered"
                assert events[-1].data["dropped_bytes"] == len(torn)
                assert events[-1].data["dropped_sha256"] == hashlib.sha256(torn).hexdigest()
            report = store.verify()
            assert report.ok, f"kill {kill}: {report.problems}"
            for warning in report.warnings:
                assert "never recorded in the journal" in warning, warning
            acked.events.update({event.seq: event.hash for event in events})  # the recovery events too
        assert not list(folder.rglob(".ek-tmp-*")), "stray temp files were not swept when the case opened"

    assert kills_with_new_acks >= KILLS // 2, "the kills came too early to test anything"
    assert torn_recoveries >= 1, "no kill landed inside a journal record; the torn-tail path went untested"
    assert len(acked.objects) >= 10


def test_a_partial_object_left_by_a_crash_is_only_a_warning_and_never_evidence(
        home: Path, keyring_access: KeyringAccess) -> None:
    """Objects are written straight to their fresh random name; a crash mid-write leaves an unreferenced file."""
    created = CaseStore.create("partial object", PASSPHRASE, home=home, keyring=keyring_access)
    with created.store as store:
        store.add_object(b"kept", media_type="image/png", action="object.added")
        folder = store.path
    partial = folder / "objects" / f"{'ab' * 16}.age"
    partial.write_bytes(b"age-encryption.org/v1\n-> X25519 half")
    with CaseStore.open(folder, home=home, keyring=keyring_access) as store:
        report = store.verify()
        assert report.ok
        assert any(f"objects/{partial.name}" in w and "never recorded" in w for w in report.warnings)
        assert partial.stem not in store.state().objects
