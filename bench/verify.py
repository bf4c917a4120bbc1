"""`evidencekit verify`: time and peak memory against the bundle's size, beside C++ PDF checkers, same run.

    .venv/bin/python bench/verify.py [--small 10] [--big 100] [--pairs 11] [--dir DIR]

Two signed bundles of dense 1080p chat captures (bench/common.py: 1920x1080, 12 messages and a shared
photo, ~0.35 MB PNG each, every original attached) are built once; then every pair runs, each as its own
fresh process, the whole `evidencekit verify` command and the baselines on the same file, in turn, the
order swapped every other pair so neither side always runs on the warmer cache:
- `qpdf --check`: reads the whole file and decodes every stream, in C++ (a lower bound for what verify
  must do; verify also checks the signature, hashes every attachment, chains the journal and compares
  every page picture with its original pixel for pixel);
- `pdfsig`: poppler's signature check (hashes the signed byte ranges), when installed;
- with --before DIR, verify from another checkout (the code before a change).
Each figure is the median (min-max) over the pairs; ratios are taken pair by pair. Peak RSS is the
kernel's figure for that process alone (wait4). Targets (issue 22): peak RSS growth <= 0.3 MiB per MiB of
bundle between the two sizes (memory bounded by the largest exhibit, not the bundle); <= 3 s for 100
exhibits.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Measured, make_dense_pictures, run_measured, spread, synthetic_case  # noqa: E402


def build(work: Path, pictures: list[Path], out: Path) -> Path:
    from evidencekit.bundle.builder import build_bundle
    from evidencekit.bundle.signing import load_or_create_identity

    if out.exists():
        return out
    identity = load_or_create_identity(work / "signing")
    state, events = synthetic_case(pictures)
    build_bundle(state, lambda object_id: (pictures[0].parent / f"{object_id}.png").read_bytes(), events, out,
                 identity=identity)
    return out


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--big", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=11)
    parser.add_argument("--dir", type=Path, default=None, help="work folder, kept and reused (default: temp)")
    parser.add_argument("--before", type=Path, help="also run verify from another checkout (e.g. main before)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="ek-bench-verify-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "signing").mkdir(mode=0o700, exist_ok=True)
    try:
        started = time.perf_counter()
        pictures = make_dense_pictures(work / "pictures", args.big)
        bundles = {count: build(work, pictures[:count], work / f"bundle-{count}.pdf")
                   for count in (args.small, args.big)}
        sizes = {count: path.stat().st_size / 2**20 for count, path in bundles.items()}
        largest = max(path.stat().st_size for path in pictures) / 2**20
        print(f"bundles of {args.small} and {args.big} dense 1080p exhibits ({sizes[args.small]:.1f} and "
              f"{sizes[args.big]:.1f} MiB; largest original {largest:.2f} MiB) ready in "
              f"{time.perf_counter() - started:.0f} s; {args.pairs} pairs, {os.cpu_count()} cpus")
        verify_command = [sys.executable, "-m", "evidencekit", "verify"]
        tools = {"verify": (verify_command, ROOT)}
        if args.before:
            tools["verify before"] = (verify_command, args.before.resolve())
        if shutil.which("qpdf"):
            tools["qpdf --check"] = (["qpdf", "--check"], ROOT)
        if shutil.which("pdfsig"):
            tools["pdfsig"] = (["pdfsig"], ROOT)
        ok = {"verify": (0,), "verify before": (0,), "qpdf --check": (0, 3),
              "pdfsig": tuple(range(256))}  # pdfsig: the signing root is not one it trusts
        runs: dict[tuple[int, str], list[Measured]] = {
            (count, name): [] for count in bundles for name in tools}
        for pair in range(args.pairs):
            for count, path in bundles.items():
                order = list(tools) if pair % 2 == 0 else list(reversed(tools))
                for name in order:
                    command, tree = tools[name]
                    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
                    runs[count, name].append(run_measured([*command, str(path)], env=env, cwd=work, ok=ok[name]))
        print("whole process, median (min-max) over the pairs; CPU is user + system seconds:")
        for count in bundles:
            print(f"  {count:4d} exhibits, {sizes[count]:6.1f} MiB bundle:")
            ours = runs[count, "verify"]
            for name in tools:
                theirs = runs[count, name]
                line = (f"    {name:13} wall {spread([m.seconds for m in theirs])} s, CPU "
                        f"{spread([m.cpu for m in theirs])} s, peak RSS {spread([m.peak_mib for m in theirs], 1)} MiB")
                if name != "verify":
                    wall = [a.seconds / b.seconds for a, b in zip(ours, theirs, strict=True)]
                    cpu = [a.cpu / b.cpu for a, b in zip(ours, theirs, strict=True)]
                    line += f"\n{'':18}verify / {name}: wall x{spread(wall)}, CPU x{spread(cpu)}"
                print(line)
        small, big = args.small, args.big
        for name in tools:
            peaks = [statistics.median(m.peak_mib for m in runs[count, name]) for count in (small, big)]
            growth = (peaks[1] - peaks[0]) / (sizes[big] - sizes[small])
            target = f" (target <= 0.3: {verdict(growth <= 0.3)})" if name == "verify" else ""
            print(f"  peak RSS growth, {name}: {growth:.3f} MiB per MiB of bundle{target}")
        if big == 100:
            wall = statistics.median(m.seconds for m in runs[big, "verify"])
            cpu = statistics.median(m.cpu for m in runs[big, "verify"])
            print(f"  verify of 100 exhibits: wall {wall:.2f} s, CPU {cpu:.2f} s (target <= 3 s: wall "
                  f"{verdict(wall <= 3)}, CPU {verdict(cpu <= 3)})")
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
