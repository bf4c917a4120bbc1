"""Bundle export benchmark: evidencekit's builder vs a naive reportlab export of the same pictures.

    .venv/bin/python bench/export.py [--sizes 100 400] [--dir DIR]

Made-up 1920x1080 chat-like captures (evidencekit.bundle.demo_screens, PNG like a real capture) are drawn
once into a work folder; every measurement runs in a fresh subprocess that reads them from there, so each
peak RSS is that run's own. Printed, with their targets (issue 4):
1. export time (layout, pictures, attached originals, PAdES signature) vs reportlab with default settings
   drawing the same PNGs one a page, same run                                   target <= 0.5x
2. peak RSS of the export at each size                                          target <= 250 MB, flat
3. PDF size vs the originals' bytes                                             target <= 2.1x
4. `verify` of the 100-exhibit bundle (in-process, and the whole CLI command)   target <= 3 s
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def make_pictures(folder: Path, count: int) -> None:
    from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation

    for index in range(count):
        path = folder / f"{index:04d}.png"
        if not path.exists():
            path.write_bytes(render_chat_png(synthetic_conversation(index, count=9), seed=index))


def synthetic_case(files: list[Path]) -> tuple[Any, list[Any]]:
    """A real custody journal (the store's Event + replay) for `files`, without reading them all at once."""
    from evidencekit.clock import CLOCK_SOURCE, stamp
    from evidencekit.store.events import GENESIS_PREV, Event
    from evidencekit.store.state import replay

    events: list[Any] = []
    moment = datetime(2026, 3, 3, 20, 0, tzinfo=UTC)

    def add(action: str, data: dict[str, Any], object_id: str | None = None,
            outputs: list[dict[str, Any]] | None = None) -> None:
        nonlocal moment
        moment += timedelta(seconds=13)
        events.append(Event(seq=len(events) + 1, case_id="bench", time=stamp(moment).as_dict(),
                            actor={"role": "victim", "name": ""}, action=action, object_id=object_id, inputs=[],
                            outputs=outputs or [], data=data, app="evidencekit bench",
                            prev=events[-1].hash if events else GENESIS_PREV).with_hash())

    add("case.created", {"title": "Benchmark case", "shared_computer": False})
    for index, path in enumerate(files):
        data = path.read_bytes()
        capture = {"time": stamp(moment).as_dict(), "clock_source": CLOCK_SOURCE, "method": "bench",
                   "pixels": {"width": 1920, "height": 1080}}
        fields = {"label": f"conversation screen {index + 1}", "category": "conversation", "platform": "Chatterly",
                  "url": f"https://chat.example/m/{index}", "message_time": "21:00", "notes": ""}
        add("exhibit.captured", {"capture": capture, "fields": fields}, path.stem,
            [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": "image/png"}])
    return replay("bench", events), events


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


def child_verify(pdf: Path) -> dict[str, Any]:
    from evidencekit.bundle.verify import verify_bundle

    started = time.perf_counter()
    result = verify_bundle(pdf)
    return {"seconds": time.perf_counter() - started, "exit_code": result.exit_code, "rss_mb": peak_rss_mb()}


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "export":
            print(json.dumps(child_export(Path(rest[0]), int(rest[1]), Path(rest[2]))))
        elif kind == "naive":
            print(json.dumps(child_naive(Path(rest[0]), int(rest[1]), Path(rest[2]))))
        else:
            print(json.dumps(child_verify(Path(rest[0]))))
        return
    work = Path(tempfile.mkdtemp(prefix="ek-bench-export-", dir=args.dir))
    try:
        started = time.perf_counter()
        make_pictures(work, max(args.sizes))
        from evidencekit.bundle.signing import load_or_create_identity

        load_or_create_identity(work)
        print(f"{max(args.sizes)} made-up 1920x1080 captures drawn in {time.perf_counter() - started:.1f} s "
              f"(work folder {work})\n")
        rows = {}
        for size in args.sizes:
            ours = run_child("export", str(work), str(size), str(work / f"bundle-{size}.pdf"))
            naive = run_child("naive", str(work), str(size), str(work / f"naive-{size}.pdf"))
            rows[size] = (ours, naive)
            ratio = ours["seconds"] / naive["seconds"]
            size_ratio = ours["pdf_bytes"] / ours["originals_bytes"]
            print(f"{size} exhibits ({ours['pages']} pages, originals {ours['originals_bytes'] / 1e6:.1f} MB)")
            print(f"  export time   evidencekit {ours['seconds']:6.2f} s   naive reportlab {naive['seconds']:6.2f} s"
                  f"   ratio {ratio:.2f}x  (target <= 0.5x: {verdict(ratio <= 0.5)})")
            print(f"  peak RSS      evidencekit {ours['rss_mb']:6.1f} MB  naive reportlab {naive['rss_mb']:6.1f} MB"
                  f"   (target <= 250 MB: {verdict(ours['rss_mb'] <= 250)})")
            print(f"  PDF size      evidencekit {ours['pdf_bytes'] / 1e6:6.1f} MB  naive reportlab "
                  f"{naive['pdf_bytes'] / 1e6:6.1f} MB   {size_ratio:.2f}x the originals "
                  f"(target <= 2.1x: {verdict(size_ratio <= 2.1)})\n")
        if len(rows) > 1:
            small, large = min(rows), max(rows)
            growth = rows[large][0]["rss_mb"] - rows[small][0]["rss_mb"]
            print(f"peak RSS from {small} to {large} exhibits: {rows[small][0]['rss_mb']:.1f} -> "
                  f"{rows[large][0]['rss_mb']:.1f} MB ({growth:+.1f} MB; flat means within 25 MB: "
                  f"{verdict(abs(growth) <= 25)})")
        if 100 in rows:
            pdf = work / "bundle-100.pdf"
            inproc = run_child("verify", str(pdf))
            started = time.perf_counter()
            cli = subprocess.run([sys.executable, "-m", "evidencekit", "verify", str(pdf)], capture_output=True,
                                 check=False)
            whole = time.perf_counter() - started
            print(f"verify, 100 exhibits: {inproc['seconds']:.2f} s in-process, {whole:.2f} s for the whole "
                  f"`evidencekit verify` command, exit {cli.returncode} (target <= 3 s: {verdict(whole <= 3)})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
