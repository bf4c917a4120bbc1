"""Capture speed on a 1920x1080 Xvfb screen full of chat text (run: .venv/bin/python bench/capture.py).

Prints, from the same run:
  1. in-process pipeline (grab -> PNG -> encrypted write-once original fsynced + journal event fsynced)
     vs a bare mss grab + mss.tools.to_png at the same zlib level            (target <= 1.2x)
  2. whole-process `evidencekit capture CASE` vs `scrot` and `flameshot full -p` when installed
     (target <= 1.0x flameshot)
Medians of --runs repetitions after one warm-up. The case lives in a throwaway EVIDENCEKIT_HOME.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mss  # noqa: E402
import mss.tools  # noqa: E402

from evidencekit.capture import CaptureRequest, MssBackend, capture_to_case  # noqa: E402
from evidencekit.capture.png import DEFAULT_LEVEL  # noqa: E402
from evidencekit.store import CaseStore  # noqa: E402
from tests.support.xserver import start_xvfb  # noqa: E402

PASSPHRASE = "benchmark passphrase only"


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: first grab maps shared memory, first write creates folders
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_grab_and_encode() -> Callable[[], bytes]:
    sct = mss.MSS()

    def run() -> bytes:
        shot = sct.grab(sct.monitors[1])
        png = mss.tools.to_png(shot.rgb, shot.size, level=DEFAULT_LEVEL)
        assert png is not None
        return png

    return run


def run_process(command: list[str], env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ek-bench-"))
    server = start_xvfb(1920, 1080)
    try:
        server.foreign_window(x=0, y=0, width=1920, height=1080, variant="wall", title="FriendChat")
        os.environ.update(DISPLAY=server.display, XDG_SESSION_TYPE="x11", EVIDENCEKIT_HOME=str(work / "home"))
        os.environ.pop("WAYLAND_DISPLAY", None)
        env = dict(os.environ)

        created = CaseStore.create("bench", PASSPHRASE, shared_computer=True)
        store = created.store
        key_file = work / "recovery.txt"
        key_file.write_text(created.recovery_key, encoding="utf-8")

        bare = bare_grab_and_encode()
        png_size = len(bare())
        bare_ms = median_ms(bare, args.runs)
        backend = MssBackend()
        request = CaptureRequest.whole_screen()
        pipeline_ms = median_ms(lambda: capture_to_case(store, request, backend=backend), args.runs)
        backend.close()
        store.close()

        print(f"screen 1920x1080, realistic chat text; PNG zlib level {DEFAULT_LEVEL}, {png_size / 1024:.0f} KiB; "
              f"median of {args.runs} runs; case folder on {work}")
        print(f"bare grab + mss.tools.to_png            {bare_ms:7.1f} ms")
        print(f"capture_to_case (durable, encrypted)    {pipeline_ms:7.1f} ms   "
              f"ratio {pipeline_ms / bare_ms:.2f}x (target <= 1.2x)")

        evidencekit = [sys.executable, "-m", "evidencekit", "capture", store.id, "--recovery-key-file",
                       str(key_file), "--json"]
        ek_ms = median_ms(run_process(evidencekit, env), args.runs)
        print(f"whole process: evidencekit capture      {ek_ms:7.1f} ms")
        baselines = {}
        if shutil.which("scrot"):
            baselines["scrot"] = median_ms(run_process(["scrot", "-o", str(work / "scrot.png")], env), args.runs)
        if shutil.which("flameshot"):
            shots = work / "flameshot"
            shots.mkdir()
            baselines["flameshot full -p"] = median_ms(
                run_process(["flameshot", "full", "-p", str(shots)], env), args.runs)
        for name, value in baselines.items():
            target = " (target <= 1.0x)" if name.startswith("flameshot") else ""
            print(f"whole process: {name:<24} {value:7.1f} ms   evidencekit/{name.split()[0]} "
                  f"{ek_ms / value:.2f}x{target}")
        if not baselines:
            print("scrot and flameshot are not installed: no whole-process baseline")
        startup_ms = median_ms(run_process([sys.executable, "-c", "import evidencekit.cli"], env), args.runs)
        print(f"for reference: interpreter + CLI imports only {startup_ms:7.1f} ms")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
