"""What record seals (ADR 006) cost: on every save, and on opening a case with 1,000 records.

    .venv/bin/python bench/seals.py [--runs N]

1. Per save: the seal's own work on a realistic capture record (one more RFC 8785 serialisation of the
   record without its seal, and one HMAC-SHA256), median of N×1000 — the figure a 1080p capture save pays on
   top of today's path (which is ~10–40 ms: PNG encode, SHA-256, encryption, one flush). Target <= 1 ms.
2. Opening a case with 1,000 records (in-memory keyring, so no scrypt or D-Bus): CaseStore.open as it is,
   against the same open with the seal's own work taken out (cutting the seal out of the record and the
   HMAC; everything else — decrypt, parse, compact JSON compare, hash, replay — as before seals),
   alternating A and B runs, medians and min–max. Target: <= 1.10×.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidencekit.canonical import canonical_json
from evidencekit.store import CaseStore, KeyringAccess, age
from evidencekit.store import events as events_module
from evidencekit.store.seal import SealKey


class _Memory:
    """A keyring backend in memory (the bench measures the store, not D-Bus)."""

    priority = 1

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.items.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.items[(service, user)] = secret

    def delete_password(self, service: str, user: str) -> None:
        self.items.pop((service, user), None)


def capture_record() -> dict:
    return {"v": 2, "case": "c" * 32, "seq": 1234, "time": {"utc": "2026-12-03T10:00:00.000Z",
            "local": "2026-12-03T11:00:00.000+01:00", "offset": "+01:00", "zone": "CET"},
            "actor": {"role": "victim", "name": ""}, "action": "exhibit.captured", "object": "ab" * 16,
            "inputs": [], "outputs": [{"sha256": hashlib.sha256(b"x").hexdigest(), "size": 812345,
                                       "media_type": "image/png"}],
            "data": {"capture": {"method": "X11 GetImage, whole screen", "width": 1920, "height": 1080,
                                 "monitor": 1, "backend": "x11"},
                     "fields": {"label": "chat", "category": "conversation", "platform": "Instagram",
                                "url": "https://www.instagram.com/direct/t/123", "notes": ""}},
            "app": "evidencekit 0.1.0", "prev": "0" * 64}


def per_save_ms(runs: int) -> list[float]:
    seal = SealKey(age.Identity.generate(), "c" * 32)
    body = capture_record()
    figures = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(1000):
            seal.seal(canonical_json(body))
        figures.append(time.perf_counter() - started)  # seconds per 1000 = ms per save
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    saves = per_save_ms(args.runs)
    print(f"seal per save: median {statistics.median(saves):.4f} ms (min {min(saves):.4f}, max {max(saves):.4f}; "
          f"{args.runs}×1000 records); target <= 1 ms")
    keyring = KeyringAccess(_Memory())
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        created = CaseStore.create("bench", "bench passphrase", home=home, keyring=keyring)
        store = created.store
        for number in range(999):
            store.append_event("step.set", {"step": f"step-{number}", "done": True})
        store.close()
        real = events_module._without_seal
        timings: dict[str, list[float]] = {"with seals": [], "without seal checks": []}
        original_holds = SealKey.holds
        for _ in range(args.runs):
            for name in timings:
                if name == "without seal checks":
                    events_module._without_seal = lambda plain, mac: b"-"  # type: ignore[assignment]
                    SealKey.holds = lambda self, unsealed, mac: True  # type: ignore[method-assign]
                started = time.perf_counter()
                CaseStore.open(store.path, home=home, keyring=keyring).close()
                timings[name].append(time.perf_counter() - started)
                events_module._without_seal = real
                SealKey.holds = original_holds  # type: ignore[method-assign]
        a, b = (statistics.median(timings[name]) for name in timings)
        for name, values in timings.items():
            print(f"open, 1,000 records, {name}: median {statistics.median(values) * 1000:.1f} ms "
                  f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})")
        print(f"ratio: {a / b:.3f}× (target <= 1.10×; {args.runs} alternating pairs)")


if __name__ == "__main__":
    main()
