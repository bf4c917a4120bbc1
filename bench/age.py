"""evidencekit's own age (evidencekit/store/age.py) against pyrage 1.4 (rage), the strongest baseline.

Encrypts and decrypts a picture-sized payload (default 1 MiB and 8 MiB) with both, alternating one run of
each so the machine's drift hits both alike, and prints the medians and our/pyrage ratios. pyrage is
measured both whole-buffer (encrypt/decrypt) and streaming (encrypt_io/decrypt_io, through BytesIO), the
way the store would use it. Run: .venv/bin/python bench/age.py [--runs 30] [--sizes 1,8]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable

import pyrage

from evidencekit.store import age


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _cases(data: bytes, ours_id: age.Identity, theirs_id: pyrage.x25519.Identity,
           recipient: pyrage.x25519.Recipient) -> dict[str, Callable[[], object]]:
    sealed_ours = age.encrypt(data, ours_id.to_public())
    sealed_theirs = pyrage.encrypt(data, [recipient])

    def rage_encrypt_io() -> None:
        pyrage.encrypt_io(io.BytesIO(data), io.BytesIO(), [recipient])

    def rage_decrypt_io() -> None:
        pyrage.decrypt_io(io.BytesIO(sealed_theirs), io.BytesIO(), [theirs_id])

    return {
        "encrypt ours": lambda: age.encrypt(data, ours_id.to_public()),
        "encrypt pyrage": lambda: pyrage.encrypt(data, [recipient]),
        "encrypt pyrage io": rage_encrypt_io,
        "decrypt ours": lambda: age.decrypt(sealed_ours, ours_id),
        "decrypt pyrage": lambda: pyrage.decrypt(sealed_theirs, [theirs_id]),
        "decrypt pyrage io": rage_decrypt_io,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sizes", default="1,8", help="payload sizes in MiB, comma-separated")
    args = parser.parse_args()
    ours_id = age.Identity.generate()
    theirs_id = pyrage.x25519.Identity.from_str(str(ours_id))
    recipient = pyrage.x25519.Recipient.from_str(str(ours_id.to_public()))
    print(f"age: evidencekit vs pyrage {getattr(pyrage, '__version__', '1.4')} ({os.cpu_count()} cpus), "
          f"{args.runs} alternating runs each, medians")
    for size_mib in (int(s) for s in args.sizes.split(",")):
        data = os.urandom(size_mib << 20)

        cases = _cases(data, ours_id, theirs_id, recipient)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, call in cases.items():
                times[name].append(_timed(call))
        med = {name: statistics.median(values) * 1000 for name, values in times.items()}
        print(f"\n{size_mib} MiB")
        for name, value in med.items():
            print(f"  {name:<20} {value:8.2f} ms")
        for op in ("encrypt", "decrypt"):
            print(f"  {op}: pyrage/ours {med[f'{op} pyrage'] / med[f'{op} ours']:.2f}x, "
                  f"pyrage io/ours {med[f'{op} pyrage io'] / med[f'{op} ours']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
