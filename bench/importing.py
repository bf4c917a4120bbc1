"""Import memory: peak RSS of a whole `evidencekit import` process for 1, 100 and 400 realistic files.

    .venv/bin/python bench/importing.py [--sizes 1 100 400] [--before DIR] [--dir DIR]

The files are what people import: phone screenshots of a chat, half portrait 1080x2340 JPEG (as phones
save them) and half 1920x1080 PNG desktop captures with a shared photo in view (evidencekit.bundle.demo_screens
plus a photo-like patch, so they are realistic in size: ~0.3-1 MB each, every one different). Each import
runs in its own fresh process into its own new case (shared computer, recovery-key file: no keyring, no
scrypt), and its peak RSS is the kernel's own figure for that process (wait4's ru_maxrss, started
from a small launcher so the bench's own memory is not counted: bench/common.py).

The baseline, same run: the same command importing ONE file, so growth from 1 to N files is what the batch
costs (flat means the files stream through). With --before DIR (another checkout, e.g. main before this
change) the same imports also run with that tree's code, alternating A and B per size.
Target (issue 22): 400 files <= 150 MiB.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import photo_patch, run_measured  # noqa: E402

TARGET_MIB = 150
PASSPHRASE = "benchmark passphrase only"


def make_files(folder: Path, count: int) -> list[Path]:
    from PIL import Image

    from evidencekit.bundle.demo_screens import render_chat_png, render_phone_jpeg, synthetic_conversation

    paths = []
    for index in range(count):
        path = folder / (f"Screenshot_{index:04d}.jpg" if index % 2 else f"capture-{index:04d}.png")
        if not path.exists():
            screen = synthetic_conversation(index, count=12)
            if index % 2:
                path.write_bytes(render_phone_jpeg(screen, seed=index))
            else:
                image = Image.open(io.BytesIO(render_chat_png(screen, seed=index))).convert("RGB")
                image.paste(photo_patch(index, 480, 320), (1100, 600))  # type: ignore[arg-type]
                image.save(path, format="PNG", compress_level=6)
        paths.append(path)
    return paths


def new_case(home: Path, work: Path) -> tuple[str, Path]:
    os.environ["EVIDENCEKIT_HOME"] = str(home)
    from evidencekit.store import CaseStore

    created = CaseStore.create("import bench", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    key_file = work / f"recovery-{created.store.id}.txt"
    key_file.write_text(created.recovery_key, encoding="utf-8")
    return created.store.id, key_file


def _row(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} (min {min(values):6.1f}, max {max(values):6.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 400])
    parser.add_argument("--runs", type=int, default=3, help="rounds; each round runs every size and tree once")
    parser.add_argument("--before", type=Path, help="also run another checkout's code (e.g. main), alternating")
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (the pictures are reused)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ek-bench-import-", dir=args.dir)) if args.dir is None else args.dir
    work.mkdir(parents=True, exist_ok=True)
    pictures = work / "pictures"
    pictures.mkdir(exist_ok=True)
    try:
        started = time.perf_counter()
        files = make_files(pictures, max(args.sizes))
        sizes = [path.stat().st_size for path in files]
        print(f"{len(files)} files ({sum(sizes) / 2**20:.0f} MiB, {min(sizes) / 1e3:.0f}-{max(sizes) / 1e3:.0f} KB "
              f"each) made in {time.perf_counter() - started:.0f} s; {args.runs} round(s), {os.cpu_count()} cpus")
        trees = {"this tree": ROOT, **({"before": args.before.resolve()} if args.before else {})}
        results: dict[str, dict[int, list[tuple[float, float]]]] = {
            name: {size: [] for size in args.sizes} for name in trees}
        for round_number in range(args.runs):
            for size in args.sizes:
                # A B in one round, B A in the next: neither tree always runs on the warmer cache
                order = list(trees.items()) if round_number % 2 == 0 else list(reversed(trees.items()))
                for name, tree in order:
                    home = work / f"home-{name.replace(' ', '-')}-{size}-{round_number}"
                    case_id, key_file = new_case(home, work)
                    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
                    command = [sys.executable, "-m", "evidencekit", "import", case_id, *map(str, files[:size]),
                               "--recovery-key-file", str(key_file)]
                    seconds, peak, _cpu = run_measured(command, env=env, cwd=work)
                    results[name][size].append((peak, seconds))
                    shutil.rmtree(home, ignore_errors=True)
        print("peak RSS MiB and wall s of the whole import process: median (min, max)")
        for name, rows in results.items():
            floor = statistics.median(rss for rss, _seconds in rows[min(rows)])
            print(f"[{name}: {trees[name]}]")
            for size, runs in rows.items():
                batch = sum(sizes[:size]) / 2**20
                peak = statistics.median(rss for rss, _seconds in runs)
                verdict = ""
                if size >= 400:
                    verdict = f"  target <= {TARGET_MIB} MiB: {'ok' if peak <= TARGET_MIB else 'MISSED'}"
                print(f"  {size:4d} files ({batch:5.0f} MiB): peak {_row([rss for rss, _s in runs])} MiB, "
                      f"{peak - floor:+6.1f} vs 1 file; {_row([s for _rss, s in runs])} s{verdict}")
        if args.before:
            print("this tree / before, pair by pair (median, min-max):")
            for size in args.sizes:
                pairs = zip(results["this tree"][size], results["before"][size], strict=True)
                ratios = [a[0] / b[0] for a, b in pairs]
                print(f"  {size:4d} files: peak RSS x{statistics.median(ratios):.2f} "
                      f"({min(ratios):.2f}-{max(ratios):.2f})")
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
