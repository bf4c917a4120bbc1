"""Does a command slow as the case grows? `case show`, `exhibits` and a CLI capture at 10 vs 1,000 exhibits.

    .venv/bin/python bench/case_size.py [--rounds N] [--small 10] [--big 1000] [--before DIR]

Two shared-computer cases (the key never in a keyring: each command unlocks with a recovery-key file,
the cheapest unlock, so the figure is the store's own work), one holding --small exhibits and one --big
(each exhibit a captured 2 KB object and its event, plus one label edit), are made in a fresh
EVIDENCEKIT_HOME. Then each command runs as a whole process (`python -m evidencekit ...`) against the
small and the big case, alternating (the order reversed every other round), --rounds rounds (default 11):
wall-clock and CPU (user + system) median (min-max) per case and the big/small ratios taken round by
round. Target (issue 22):
ratio <= 1.2x. The capture grabs a 1920x1080 Xvfb screen (so each capture round adds one exhibit to both
cases; that does not change the sizes' ratio).

--before DIR (another checkout, e.g. `git archive main | tar -x -C DIR`) runs the same commands with that
code, in the same rounds (this tree's small and big, then the other's, the order reversed every other
round), against its own pair of cases made the same way (each tree keeps its own checkpoints: a
checkpoint one version writes, another may not read).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Measured, run_measured, spread  # noqa: E402

TARGET = 1.2


def make_case(exhibits: int, work: Path) -> list[str]:
    """A shared-computer case with `exhibits` exhibits; the unlock arguments a command needs for it."""
    from evidencekit.store import CaseStore

    created = CaseStore.create("bench", "benchmark passphrase", shared_computer=True)
    with created.store as store:
        for number in range(exhibits):
            event = store.add_object(secrets.token_bytes(2_000), media_type="image/png", action="exhibit.captured",
                                     data={"capture": {"n": number}, "fields": {"label": f"exhibit {number}"}})
            store.append_event("exhibit.edited", {"changes": {"notes": f"note {number}"}}, object_id=event.object_id)
    key_file = work / f"recovery-{store.id}.txt"
    key_file.write_text(created.recovery_key, encoding="utf-8")
    return [store.id, "--recovery-key-file", str(key_file)]


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--no-capture", action="store_true", help="skip the capture (no Xvfb)")
    parser.add_argument("--before", type=Path, help="also run another checkout's code (e.g. main), alternating")
    parser.add_argument("--only", nargs="+", choices=["case show", "exhibits", "capture"], help="these commands only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ek-bench-case-size-"))
    os.environ.update(EVIDENCEKIT_HOME=str(work / "home"), PYTHONPATH=str(ROOT))
    for name in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"):
        os.environ.pop(name, None)
    server = None
    commands: dict[str, list[str]] = {"case show": ["case", "show"], "exhibits": ["exhibits"]}
    if not args.no_capture:
        from tests.support.xserver import start_xvfb

        server = start_xvfb(1920, 1080)
        server.foreign_window(x=0, y=0, width=1920, height=1080, variant="wall", title="FriendChat")
        os.environ.update(DISPLAY=server.display, XDG_SESSION_TYPE="x11")
        os.environ.pop("WAYLAND_DISPLAY", None)
        commands["capture"] = ["capture"]
    try:
        trees = {"this tree": ROOT, **({"before": args.before.resolve()} if args.before else {})}
        sizes = {"small": args.small, "big": args.big}
        unlock = {(tree, name): make_case(count, work) for tree in trees for name, count in sizes.items()}
        for (tree, _name), words in unlock.items():
            if tree != "this tree":  # its own code writes the checkpoint it reads (at the warm-up)
                (work / "home" / "cases" / words[0] / "checkpoint.ekc").unlink()
        print(f"cases of {args.small} and {args.big} exhibits (shared computer, recovery-key file) in {work}; "
              f"{os.cpu_count()} cpus; {args.rounds} rounds, alternating; wall ms median (min-max); "
              f"load {_load()}")
        runs_of = [(tree, name) for tree in trees for name in sizes]
        for label, words in commands.items():
            if args.only and label not in args.only:
                continue
            runs: dict[tuple[str, str], list[Measured]] = {key: [] for key in runs_of}
            argv = {key: [sys.executable, "-m", "evidencekit", *words, *unlock[key], "--json"] for key in runs_of}
            env = {key: {**os.environ, "PYTHONPATH": str(trees[key[0]])} for key in runs_of}
            for key in runs_of:
                run_measured(argv[key], env=env[key], cwd=work)  # warm-up (and any checkpoint a first open writes)
            for round_number in range(args.rounds):
                for key in (runs_of if round_number % 2 == 0 else list(reversed(runs_of))):
                    runs[key].append(run_measured(argv[key], env=env[key], cwd=work))
            for tree in trees:
                small, big = runs[(tree, "small")], runs[(tree, "big")]
                ratio = [b.seconds / s.seconds for s, b in zip(small, big, strict=True)]
                cpu = [b.cpu / s.cpu for s, b in zip(small, big, strict=True)]
                print(f"  {label:10} [{tree}] {args.small:>5}: {spread([m.seconds * 1000 for m in small], 0):>14}   "
                      f"{args.big:>5}: {spread([m.seconds * 1000 for m in big], 0):>14}   "
                      f"ratio x{spread(ratio)} (target <= {TARGET}x); CPU ms "
                      f"{spread([m.cpu * 1000 for m in small], 0)} vs "
                      f"{spread([m.cpu * 1000 for m in big], 0)}"
                      f", ratio x{spread(cpu)}")
            print(f"  load after {label}: {_load()}")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
