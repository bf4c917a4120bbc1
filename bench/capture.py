"""Capture speed on a 1920x1080 Xvfb screen full of chat text (run: .venv/bin/python bench/capture.py).

Prints, from the same run:
  1. in-process pipeline with the backend this desktop gets (grab -> PNG -> encrypted original and its
     journal event, flushed) vs a bare mss grab + mss.tools.to_png at the same zlib level (target <= 1.2x)
  2. whole-process `evidencekit capture CASE` (the command pip installed beside the interpreter; else
     `python -m evidencekit`) vs `scrot` and `flameshot full -p` when installed (target <= 1.0x
     flameshot); with --python also another interpreter, e.g. a venv the wheel was installed into
     (scripts/wheel-smoke.sh with KEEP=1 leaves one).
Medians of --runs repetitions after one warm-up. The case lives in a throwaway EVIDENCEKIT_HOME.
evidencekit's bytecode is compiled first (an installed package is compiled at install time; with
PYTHONDONTWRITEBYTECODE set, as here, every run would otherwise compile every module from source).
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

from evidencekit.capture import CaptureRequest, capture_to_case, choose_backend  # noqa: E402
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


def prepare_install(python: str, cwd: Path) -> str:
    """Compile `python`'s evidencekit and site-packages to bytecode, as pip does at install; say which install.

    With PYTHONDONTWRITEBYTECODE set (as on this machine) and packages installed with --no-compile (as
    scripts/wheel-smoke.sh does), every run would otherwise compile those modules from source.
    """
    code = ("import evidencekit, sys, sysconfig; print(evidencekit.__file__); "
            "print(any('editable' in str(finder) for finder in sys.meta_path)); "
            "print(sysconfig.get_paths()['purelib'])")
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True, cwd=cwd).stdout.split()
    package, editable, site_packages = Path(out[0]).parent, out[1] == "True", out[2]
    for folder in {str(package), site_packages}:
        subprocess.run([python, "-m", "compileall", "-q", folder], cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # a stray file that does not compile is not our concern here
    kind = "editable install of this checkout" if editable else "installed package"
    return f"{kind}, {package}"


def bare_grab_and_encode() -> Callable[[], bytes]:
    sct = mss.MSS()

    def run() -> bytes:
        shot = sct.grab(sct.monitors[1])
        png = mss.tools.to_png(shot.rgb, shot.size, level=DEFAULT_LEVEL)
        assert png is not None
        return png

    return run


def case_with_exhibits(work: Path, exhibits: int) -> tuple[str, Path]:
    """A new case holding `exhibits` captures, closed; its id and a file with its recovery key."""
    created = CaseStore.create("bench", PASSPHRASE, shared_computer=True)
    with choose_backend() as backend:
        for _ in range(exhibits):
            capture_to_case(created.store, CaptureRequest.whole_screen(), backend=backend)
    created.store.close()
    key_file = work / f"recovery-{created.store.id}.txt"
    key_file.write_text(created.recovery_key, encoding="utf-8")
    return created.store.id, key_file


def evidencekit_command(python: str) -> list[str]:
    """The `evidencekit` command pip installed beside `python` (what a person runs), else `python -m evidencekit`."""
    script = Path(python).parent / "evidencekit"
    return [str(script)] if script.is_file() else [python, "-m", "evidencekit"]


def run_process(command: list[str], env: dict[str, str], cwd: Path) -> Callable[[], None]:
    """Run `command` in `cwd` (not the checkout: `python -m` would import evidencekit from the current folder)."""
    def run() -> None:
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--case-exhibits", type=int, default=20, metavar="N",
                        help="exhibits already in the case each whole-process run captures into (default 20)")
    parser.add_argument("--python", action="append", default=[], metavar="PATH",
                        help="also time the whole process with this interpreter (e.g. a wheel venv's python)")
    parser.add_argument("--portal", action="store_true",
                        help="also: the Wayland portal path beside grim and X11, interleaved (bench/capture_portal.py)")
    args = parser.parse_args()
    if args.portal:
        from bench.capture_portal import run as run_portal

        run_portal(args.runs)
    work = Path(tempfile.mkdtemp(prefix="ek-bench-"))
    server = start_xvfb(1920, 1080)
    try:
        server.foreign_window(x=0, y=0, width=1920, height=1080, variant="wall", title="FriendChat")
        os.environ.update(DISPLAY=server.display, XDG_SESSION_TYPE="x11", EVIDENCEKIT_HOME=str(work / "home"))
        os.environ.pop("WAYLAND_DISPLAY", None)
        env = dict(os.environ)

        store = CaseStore.create("bench", PASSPHRASE, shared_computer=True).store

        bare = bare_grab_and_encode()
        bare_size = len(bare())
        bare_ms = median_ms(bare, args.runs)
        backend = choose_backend()
        request = CaptureRequest.whole_screen()
        first = capture_to_case(store, request, backend=backend)[0]
        ours_size, method = first.size, first.recorded["method"]
        pipeline_ms = median_ms(lambda: capture_to_case(store, request, backend=backend), args.runs)
        backend.close()
        store.close()

        print(f"screen 1920x1080, realistic chat text; PNG deflate level {DEFAULT_LEVEL}; median of {args.runs} runs; "
              f"case folder on {work}")
        print(f"bare grab + mss.tools.to_png            {bare_ms:7.1f} ms   PNG {bare_size / 1024:.1f} KiB")
        print(f"capture_to_case (durable, encrypted)    {pipeline_ms:7.1f} ms   PNG {ours_size / 1024:.1f} KiB   "
              f"ratio {pipeline_ms / bare_ms:.2f}x (target <= 1.2x)   [{method}]")

        pythons = [sys.executable, *args.python]
        installs = {python: prepare_install(python, work) for python in pythons}
        results = {}
        print(f"whole-process runs: each command gets its own case, {args.case_exhibits} exhibits in it at the start "
              "(a case mid-way; opening replays its journal)")
        for python in pythons:
            case_id, key_file = case_with_exhibits(work, args.case_exhibits)
            command = [*evidencekit_command(python), "capture", case_id, "--recovery-key-file", str(key_file),
                       "--json"]
            results[python] = median_ms(run_process(command, env, work), args.runs)
            print(f"whole process: evidencekit capture      {results[python]:7.1f} ms   "
                  f"[{' '.join(command[:-5])}: {installs[python]}]")
        baselines = {}
        if shutil.which("scrot"):
            baselines["scrot"] = median_ms(run_process(["scrot", "-o", str(work / "scrot.png")], env, work), args.runs)
        if shutil.which("flameshot"):
            shots = work / "flameshot"
            shots.mkdir()
            baselines["flameshot full -p"] = median_ms(
                run_process(["flameshot", "full", "-p", str(shots)], env, work), args.runs)
        for name, value in baselines.items():
            target = " (target <= 1.0x)" if name.startswith("flameshot") else ""
            ratios = "  ".join(f"{ek / value:.2f}x" for ek in results.values())
            print(f"whole process: {name:<24} {value:7.1f} ms   evidencekit/{name.split()[0]} {ratios}{target}")
        if not baselines:
            print("scrot and flameshot are not installed: no whole-process baseline")
        for python in pythons:
            bare_start = median_ms(run_process([python, "-c", "pass"], env, work), args.runs)
            cli_start = median_ms(run_process([python, "-c", "import evidencekit.cli"], env, work), args.runs)
            print(f"for reference: interpreter alone {bare_start:5.1f} ms, + CLI imports {cli_start:5.1f} ms   "
                  f"[{python}]")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
