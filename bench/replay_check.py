"""What an export's check of the case state against a replay of its whole journal costs (ADR 073).

    .venv/bin/python bench/replay_check.py [--exhibits 1000] [--rounds 7]

A shared-computer case with --exhibits exhibits (each a captured 2 KB object, its event and one edit, as
bench/case_size.py makes them), closed so that it has a checkpoint, then opened from it --rounds times in
this process. Each round times, in a fresh open: reading the whole journal (`events()`, which an export
already paid before this check: the bundle attaches every record), then `replay_agrees()` (the replay of
every record and the comparison with the state taken from the checkpoint: what the check adds). Median
(min-max) in ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.case_size import make_case  # noqa: E402


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f}) ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exhibits", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        os.environ["EVIDENCEKIT_HOME"] = str(Path(work) / "home")
        from evidencekit.store import CaseStore, KeyringAccess

        case_id, _option, key_file = make_case(args.exhibits, Path(work))
        recovery_key = Path(key_file).read_text(encoding="utf-8")
        reading, checking = [], []
        for _round in range(args.rounds):
            with CaseStore.open(case_id, recovery_key=recovery_key, keyring=KeyringAccess.disabled()) as store:
                assert store._events is None, "the case did not open from its checkpoint"
                start = time.perf_counter()
                store.events()
                read = time.perf_counter()
                assert store.replay_agrees()
                done = time.perf_counter()
            reading.append((read - start) * 1000)
            checking.append((done - read) * 1000)
    print(f"{args.exhibits} exhibits, {args.rounds} rounds, load {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(f"  events() (the whole journal read, already part of an export): {_spread(reading)}")
    print(f"  replay_agrees() after it (replay and comparison: what the check adds): {_spread(checking)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
