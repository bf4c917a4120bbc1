"""Bundle export benchmark: evidencekit's builder vs a naive reportlab export of the same pictures.

    .venv/bin/python bench/export.py [--sizes 100 400] [--pairs 11] [--dir DIR]

Dense 1080p chat captures (bench/common.py: 12 messages and a shared photo, ~0.35 MB PNG each, sized like
real captures; the 121 KB pictures used before flattered neither side fairly) are drawn once into a work
folder; every measurement runs in a fresh process started by a small launcher, so each peak RSS is that
run's own (the kernel's figure), never this bench's pages inherited at fork. Export and naive alternate
(A B, then B A) over --pairs pairs; medians (min-max), ratios pair by pair. Printed, with their targets
(issue 4):
1. export time (layout, pictures, attached originals, PAdES signature) vs reportlab with default settings
   drawing the same PNGs one a page, same run                                   target <= 0.5x
2. peak RSS of the export at each size                                          target <= 250 MB, flat
3. PDF size vs the originals' bytes                                             target <= 2.1x
4. the whole `evidencekit verify` command on the 100-exhibit bundle             target <= 3 s
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import make_dense_pictures, run_measured, spread, synthetic_case  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_pictures(folder: Path, count: int) -> None:
    make_dense_pictures(folder, count)


def child_export(work: Path, count: int, out: Path) -> dict[str, Any]:
    from evidencekit.bundle.builder import build_bundle
    from evidencekit.bundle.signing import load_or_create_identity

    files = sorted(work.glob("*.png"))[:count]
    identity = load_or_create_identity(work)
    state, events = synthetic_case(files)
    started = time.perf_counter()
    result = build_bundle(state, lambda object_id: (work / f"{object_id}.png").read_bytes(), events, out,
                          identity=identity)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "rss_mb": peak_rss_mb(), "pdf_bytes": result.size, "pages": result.pages,
            "originals_bytes": sum(path.stat().st_size for path in files)}


def child_naive(work: Path, count: int, out: Path) -> dict[str, Any]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    files = sorted(work.glob("*.png"))[:count]
    started = time.perf_counter()
    canvas = Canvas(str(out), pagesize=A4)
    width, height = A4
    for path in files:
        canvas.drawString(40, height - 40, path.name)
        canvas.drawImage(str(path), 40, 200, width - 80, height - 260, preserveAspectRatio=True)
        canvas.showPage()
    canvas.save()
    return {"seconds": time.perf_counter() - started, "rss_mb": peak_rss_mb(), "pdf_bytes": out.stat().st_size}


def run_child(*args: str) -> dict[str, Any]:
    """One step in a fresh process started by a small launcher (bench/common.py), so its peak RSS is its
    own (`rss_mb`, the kernel's figure), not this bench's pages inherited at fork; the step's own timing
    and facts come back in a JSON file."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        measured = run_measured([sys.executable, __file__, "--child", *args, "--out", str(out)], cwd=ROOT)
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)
    result["rss_mb"] = measured.peak_mib
    return result


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--pairs", type=int, default=11, help="export / naive pairs per size (default 11)")
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "export":
            result = child_export(Path(rest[0]), int(rest[1]), Path(rest[2]))
        else:
            result = child_naive(Path(rest[0]), int(rest[1]), Path(rest[2]))
        args.out.write_text(json.dumps(result), encoding="utf-8")
        return
    work = Path(tempfile.mkdtemp(prefix="ek-bench-export-", dir=args.dir))
    try:
        started = time.perf_counter()
        make_pictures(work, max(args.sizes))
        from evidencekit.bundle.signing import load_or_create_identity

        load_or_create_identity(work)
        print(f"{max(args.sizes)} dense 1080p chat captures (bench/common.py) drawn in "
              f"{time.perf_counter() - started:.1f} s (work folder {work})\n")
        rows = {}
        for size in args.sizes:
            runs: dict[str, list[dict[str, Any]]] = {"export": [], "naive": []}
            for pair in range(args.pairs):  # A B, then B A: neither always runs on the warmer cache
                for kind in (("export", "naive") if pair % 2 == 0 else ("naive", "export")):
                    runs[kind].append(run_child(kind, str(work), str(size), str(work / f"{kind}-{size}.pdf")))
            ours, naive = runs["export"], runs["naive"]
            rows[size] = (ours, naive)
            ratios = [a["seconds"] / b["seconds"] for a, b in zip(ours, naive, strict=True)]
            ratio = statistics.median(ratios)
            peak = statistics.median(run["rss_mb"] for run in ours)
            size_ratio = ours[0]["pdf_bytes"] / ours[0]["originals_bytes"]
            print(f"{size} exhibits ({ours[0]['pages']} pages, originals {ours[0]['originals_bytes'] / 1e6:.1f} MB), "
                  f"{args.pairs} pairs, median (min-max)")
            print(f"  export time   evidencekit {spread([r['seconds'] for r in ours])} s   naive reportlab "
                  f"{spread([r['seconds'] for r in naive])} s   ratio x{spread(ratios)}  (target <= 0.5x: "
                  f"{verdict(ratio <= 0.5)})")
            print(f"  peak RSS      evidencekit {spread([r['rss_mb'] for r in ours], 1)} MB  naive reportlab "
                  f"{spread([r['rss_mb'] for r in naive], 1)} MB   (target <= 250 MB: {verdict(peak <= 250)})")
            print(f"  PDF size      evidencekit {ours[0]['pdf_bytes'] / 1e6:6.1f} MB  naive reportlab "
                  f"{naive[0]['pdf_bytes'] / 1e6:6.1f} MB   {size_ratio:.2f}x the originals "
                  f"(target <= 2.1x: {verdict(size_ratio <= 2.1)})\n")
        if len(rows) > 1:
            small, large = min(rows), max(rows)
            peaks = {size: statistics.median(run["rss_mb"] for run in rows[size][0]) for size in (small, large)}
            growth = peaks[large] - peaks[small]
            print(f"peak RSS from {small} to {large} exhibits: {peaks[small]:.1f} -> {peaks[large]:.1f} MB "
                  f"({growth:+.1f} MB; flat means within 25 MB: {verdict(abs(growth) <= 25)})")
        if 100 in rows:
            whole = run_measured([sys.executable, "-m", "evidencekit", "verify", str(work / "export-100.pdf")],
                                 cwd=work)
            print(f"verify, 100 exhibits: {whole.seconds:.2f} s for the whole `evidencekit verify` command, "
                  f"{whole.peak_mib:.1f} MiB (target <= 3 s: {verdict(whole.seconds <= 3)}; bench/verify.py "
                  "measures it against its baselines)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
