"""A process that keeps adding objects and events to a case until it is killed (for the crash tests).

Reads one JSON line on stdin: {"folder", "home", "identity", "seed", "slow_disk", "stop_at"}. Prints "READY"
once the case is open, then after every add that returned (i.e. is durable) one line:
    ACK object <seq> <event hash> <object id> <sha256 of the content>
    ACK event <seq> <event hash>
With slow_disk, each write to the journal stores only a short, random part of what it was given and pauses
(a slow, busy disk returning short writes): os.write (a plain event) at most 120 bytes, often 12 or fewer; os.writev (a
picture and its record) up to the end of the part it is writing, a few bytes, or at most 8 KiB. So a kill
often lands inside a frame.
With stop_at (implies slow_disk), the disk stops for good — printing "STOPPED <stop_at>" for the test to
kill it then — once the journal ends in that state: "picture-without-record" (a complete O frame, no E),
"frame-header" (a frame header cut short), "chunk-boundary" (an O frame cut right after a whole 64 KiB
age chunk). The state is judged with the tests' own frame parser, not evidencekit's.
With close_every N, the case is closed and opened again after every N adds, each close writing the
checkpoint (EVERY made 1), so a kill also lands while the checkpoint is written or read.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evidencekit import fsio
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import (
    AGE_CHUNK,
    AGE_TAG,
    FRAME_HEADER,
    OBJECT_ID_BYTES,
    age_payload_start,
    parse_frames,
)
from tests.support.memory_keyring import MemoryKeyring


def journal_end_state(journal: bytes) -> str:
    """How the journal ends: "clean", "picture-without-record", "frame-header", "chunk-boundary" or "frame"."""
    frames, stop = parse_frames(journal)
    if stop == len(journal):
        return "picture-without-record" if frames and frames[-1].kind == b"O" else "clean"
    if len(journal) - stop < FRAME_HEADER:
        return "frame-header"
    age_file = journal[stop + FRAME_HEADER + OBJECT_ID_BYTES:]
    if journal[stop:stop + 1] == b"O" and b"\n---" in age_file:
        try:
            chunks = len(age_file) - age_payload_start(age_file)
        except ValueError:  # the header's MAC line is not complete yet
            return "frame"
        if chunks > 0 and chunks % (AGE_CHUNK + AGE_TAG) == 0:
            return "chunk-boundary"
    return "frame"


class SlowJournalDisk:
    """`os` for evidencekit.fsio whose write() and writev() to the journal take short bites, with pauses."""

    def __init__(self, rng: random.Random, stop_at: str | None) -> None:
        self._rng = rng
        self._stop_at = stop_at

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("journal.ekj"):
            return os.write(fd, data)
        time.sleep(0.002)
        bite = self._rng.randint(1, 12) if self._rng.random() < 0.25 else self._rng.randint(1, 120)
        written = os.write(fd, bytes(data[:bite]))
        self._stop_if_there(fd)
        return written

    def writev(self, fd: int, buffers: Sequence[bytes | memoryview]) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("journal.ekj"):
            return os.writev(fd, buffers)
        roll = self._rng.random()
        if roll < 0.4:  # stop exactly at the end of a part: after a whole chunk, or a picture's whole frame
            bite = len(buffers[0])
        elif roll < 0.6:  # a few bytes: a frame header left unfinished when a frame starts here
            bite = self._rng.randint(1, 12)
        else:
            bite = self._rng.randint(1, 8192)
        written = os.write(fd, b"".join(bytes(buffer) for buffer in buffers)[:bite])
        self._stop_if_there(fd)
        time.sleep(0.004 if roll < 0.6 else 0.001)  # the disk pauses where a crash is most telling
        return written

    def _stop_if_there(self, fd: int) -> None:
        if self._stop_at is None:
            return
        journal = Path(os.readlink(f"/proc/self/fd/{fd}")).read_bytes()
        if journal_end_state(journal) == self._stop_at:
            print(f"STOPPED {self._stop_at}", flush=True)
            time.sleep(3600)  # until the test kills us


def main() -> None:
    job = json.loads(sys.stdin.readline())
    rng = random.Random(job["seed"])
    stop_at = job.get("stop_at")
    memory = MemoryKeyring()
    case_id = Path(job["folder"]).name
    memory.secrets[(SERVICE, f"case:{case_id}")] = job["identity"]
    store = CaseStore.open(job["folder"], home=Path(job["home"]), keyring=KeyringAccess(memory))
    if job["slow_disk"] or stop_at:
        fsio.os = SlowJournalDisk(rng, stop_at)  # type: ignore[assignment]
    close_every = job.get("close_every")
    if close_every:
        from evidencekit.store import case

        case.EVERY = 1  # type: ignore[attr-defined]  # every close writes the checkpoint
    print("READY", flush=True)
    number = 0
    while True:
        number += 1
        if close_every and number % close_every == 0:
            store.close()
            store = CaseStore.open(job["folder"], home=Path(job["home"]), keyring=KeyringAccess(memory))
        if rng.random() < 0.5 or stop_at in ("picture-without-record", "chunk-boundary"):
            sizes = (70_000, 150_000) if stop_at == "chunk-boundary" else (200, 5_000, 70_000, 150_000)
            content = rng.randbytes(rng.choice(sizes))
            event = store.add_object(content, media_type="image/png", action="exhibit.captured",
                                     data={"capture": {"n": number}, "fields": {"label": f"crash {number}"}})
            print(f"ACK object {event.seq} {event.hash} {event.object_id} {hashlib.sha256(content).hexdigest()}",
                  flush=True)
        else:
            event = store.append_event("exhibit.edited", {"changes": {"notes": "n" * rng.randint(1, 900)}})
            print(f"ACK event {event.seq} {event.hash}", flush=True)


if __name__ == "__main__":
    main()
