"""A process that keeps adding objects and events to a case until it is killed (for the crash tests).

Reads one JSON line on stdin: {"folder", "home", "identity", "seed", "slow_disk"}. Prints "READY" once
the case is open, then after every add that returned (i.e. is durable) one line:
    ACK object <seq> <event hash> <object id> <sha256 of the content>
    ACK event <seq> <event hash>
With slow_disk, each os.write to the journal stores at most 120 bytes and pauses (a slow, busy disk
returning short writes), so a kill often lands in the middle of a journal record.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from evidencekit import fsio
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.keyring_access import SERVICE
from tests.support.memory_keyring import MemoryKeyring


class SlowJournalDisk:
    """`os` for evidencekit.fsio whose write() to the journal takes short bites with a pause between them."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("journal.ekj"):
            return os.write(fd, data)
        time.sleep(0.002)
        return os.write(fd, bytes(data[: self._rng.randint(1, 120)]))


def main() -> None:
    job = json.loads(sys.stdin.readline())
    rng = random.Random(job["seed"])
    memory = MemoryKeyring()
    case_id = Path(job["folder"]).name
    memory.secrets[(SERVICE, f"case:{case_id}")] = job["identity"]
    store = CaseStore.open(job["folder"], home=Path(job["home"]), keyring=KeyringAccess(memory))
    if job["slow_disk"]:
        fsio.os = SlowJournalDisk(rng)  # type: ignore[assignment]
    print("READY", flush=True)
    number = 0
    while True:
        number += 1
        if rng.random() < 0.5:
            content = rng.randbytes(rng.choice((200, 5_000, 70_000, 150_000)))
            event = store.add_object(content, media_type="image/png", action="exhibit.captured",
                                     data={"capture": {"n": number}, "fields": {"label": f"crash {number}"}})
            print(f"ACK object {event.seq} {event.hash} {event.object_id} {hashlib.sha256(content).hexdigest()}",
                  flush=True)
        else:
            event = store.append_event("exhibit.edited", {"changes": {"notes": "n" * rng.randint(1, 900)}})
            print(f"ACK event {event.seq} {event.hash}", flush=True)


if __name__ == "__main__":
    main()
