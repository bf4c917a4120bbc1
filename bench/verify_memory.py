"""Peak memory of `evidencekit verify` against the bundle's size (issue 22 item 3).

    .venv/bin/python bench/verify_memory.py [--small 3] [--big 15] [--runs 3]

Builds two signed bundles of made-up, incompressible exhibits (1600x900 noise PNGs, ~4.1 MiB each, every
original attached, so each exhibit is ~8.3 MiB of PDF: its page picture and its attachment), then runs
verify on each in a fresh process, alternating small and big, and `qpdf --check` on the same files as the
yardstick (a C++ reader that streams). Prints each peak RSS (median) and the growth per MiB of bundle
between the two sizes; target: <= 0.3 MiB per MiB, i.e. memory bounded by the largest exhibit, not the
bundle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_MEASURE = """
import resource, sys
from pathlib import Path
from evidencekit.bundle.verify import verify_bundle
result = verify_bundle(Path(sys.argv[1]))
assert result.exit_code == 0, [(v.check, v.message) for v in result.verdicts]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _noise_png(seed: int, size: tuple[int, int]) -> bytes:
    import io
    import random

    from PIL import Image

    image = Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def build(folder: Path, count: int) -> Path:
    from evidencekit.bundle.builder import build_bundle
    from evidencekit.bundle.model import BundleOptions
    from evidencekit.bundle.signing import load_or_create_identity
    from tests.core.bundle.conftest import make_case

    signing = folder / "signing"
    signing.mkdir(mode=0o700, exist_ok=True)
    identity = load_or_create_identity(signing)
    case = make_case([_noise_png(seed, (1600, 900)) for seed in range(count)], width=1600, height=900)
    out = folder / f"bundle-{count}.pdf"
    build_bundle(case.state, case.read_object, case.events, out, BundleOptions(), identity=identity)
    return out


def peak_verify(path: Path) -> float:
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return float(run.stdout.strip().splitlines()[-1])


def peak_qpdf(path: Path) -> float | None:
    if shutil.which("qpdf") is None:
        return None
    run = subprocess.run([sys.executable, "-c", "import resource, subprocess, sys; "
                          "subprocess.run(['qpdf', '--check', sys.argv[1]], capture_output=True); "
                          "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)", str(path)],
                         capture_output=True, text=True, check=True)
    return float(run.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=3)
    parser.add_argument("--big", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ek-bench-verify-") as tmp:
        folder = Path(tmp)
        bundles = [build(folder, args.small), build(folder, args.big)]
        sizes = [path.stat().st_size / 2**20 for path in bundles]
        ours: list[list[float]] = [[], []]
        theirs: list[list[float]] = [[], []]
        for _ in range(args.runs):
            for index, path in enumerate(bundles):
                ours[index].append(peak_verify(path))
                qpdf = peak_qpdf(path)
                if qpdf is not None:
                    theirs[index].append(qpdf)
        peaks = [statistics.median(values) for values in ours]
        print(f"verify peak RSS, median of {args.runs} fresh processes ({os.cpu_count()} cpus):")
        for count, size, peak, yard in zip((args.small, args.big), sizes, peaks, theirs, strict=True):
            extra = f", qpdf --check {statistics.median(yard):.1f} MiB" if yard else ""
            print(f"  {count:3} exhibits, {size:6.1f} MiB bundle: {peak:6.1f} MiB{extra}")
        growth = (peaks[1] - peaks[0]) / (sizes[1] - sizes[0])
        print(f"growth: {growth:.3f} MiB per MiB of bundle (target <= 0.3)")
        if all(theirs):
            yard_growth = (statistics.median(theirs[1]) - statistics.median(theirs[0])) / (sizes[1] - sizes[0])
            print(f"qpdf --check growth: {yard_growth:.3f} MiB per MiB of bundle")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
