"""Capture through the Wayland Screenshot portal beside grim and the X11 path, in one run, interleaved.

    .venv/bin/python bench/capture_portal.py [--runs N]      (also: bench/capture.py --portal)

The same 1920x1080 screen full of chat text is shown twice: on an Xvfb (a foreign X11 window), and on the
tests' headless sway + portal desktop (a foreign Wayland window showing the picture the X11 path grabbed,
pixel for pixel). Each round times, one after the other so a busy machine slows all of them alike:
  portal   capture_to_case with the portal backend (D-Bus request, the portal runs grim, its file read and
           removed, PNG re-encoded, encrypted, flushed, journalled)
  grim     `grim FILE` as a process: what the wlr portal itself runs for every screenshot (baseline)
  x11      capture_to_case with the X11 backend on Xvfb (the path of an X11 desktop)
  portal process / x11 process: the whole `evidencekit capture CASE` command on each desktop.
Medians of --runs rounds after one warm-up round. Self-contained: issue 22 reworks bench/capture.py.
"""

from __future__ import annotations

import argparse
import io
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

PASSPHRASE = "benchmark passphrase only"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    run(args.runs)
    return 0


def run(runs: int) -> None:
    from PIL import Image

    from evidencekit.capture import CaptureRequest, capture_to_case
    from evidencekit.capture.portal_backend import PortalBackend
    from evidencekit.capture.x11_backend import X11Backend
    from evidencekit.store import CaseStore
    from tests.support.wayland_session import Output, WaylandUnavailable, start_wayland_session
    from tests.support.xserver import start_xvfb

    work = Path(tempfile.mkdtemp(prefix="ek-bench-portal-"))
    xserver = start_xvfb(1920, 1080)
    wayland = None
    saved_env = dict(os.environ)
    try:
        xserver.foreign_window(x=0, y=0, width=1920, height=1080, variant="wall", title="FriendChat")
        os.environ["EVIDENCEKIT_HOME"] = str(work / "home")
        x11 = X11Backend(display=xserver.display)
        request = CaptureRequest.whole_screen()
        x11_store = CaseStore.create("bench x11", PASSPHRASE, shared_computer=True).store
        wall = capture_to_case(x11_store, request, backend=x11)[0]
        picture = work / "wall.png"
        picture.write_bytes(x11_store.read_object(wall.id))
        try:
            wayland = start_wayland_session((Output(1920, 1080),))
        except WaylandUnavailable as exc:
            print(f"portal: not measured, no Wayland test desktop here ({exc})")
            return
        wayland.client_window(picture)
        os.environ.update({key: value for key, value in wayland.env(dict(os.environ)).items()
                           if key in ("WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS")})
        portal = PortalBackend()
        portal_store = CaseStore.create("bench portal", PASSPHRASE, shared_computer=True).store
        first = capture_to_case(portal_store, request, backend=portal)[0]
        same = (Image.open(io.BytesIO(portal_store.read_object(first.id))).tobytes()
                == Image.open(picture).convert("RGB").tobytes())

        x11_env = dict(xserver.env, EVIDENCEKIT_HOME=str(work / "home"))
        wayland_env = wayland.env(dict(os.environ))
        commands = {}
        for name, env in (("x11 process", x11_env), ("portal process", wayland_env)):
            created = CaseStore.create(f"bench {name}", PASSPHRASE, shared_computer=True)
            created.store.close()
            key = work / f"{name.replace(' ', '-')}.key"
            key.write_text(created.recovery_key, encoding="utf-8")
            command = [sys.executable, "-m", "evidencekit", "capture", created.store.id, "--recovery-key-file",
                       str(key), "--json"]
            commands[name] = (command, env)
        grim_out = work / "grim.png"
        actions: dict[str, Callable[[], object]] = {
            "portal": lambda: capture_to_case(portal_store, request, backend=portal),
            "grim": lambda: subprocess.run(["grim", str(grim_out)], env=wayland_env, check=True),
            "x11": lambda: capture_to_case(x11_store, request, backend=x11),
            **{name: _process(command, env, work) for name, (command, env) in commands.items()},
        }
        times = _interleaved(actions, runs)
        sizes = {"portal": first.size, "x11": wall.size, "grim": grim_out.stat().st_size}
        print(f"1920x1080 chat text, the same pixels on Xvfb and on headless sway (portal picture identical to the "
              f"X11 grab: {same}); median of {runs} interleaved rounds after a warm-up; "
              f"portal {first.recorded['method'].split(';')[0]}")
        for name, value in times.items():
            size = f"   PNG {sizes[name] / 1024:.1f} KiB" if name in sizes else ""
            print(f"  {name:<16} {value:7.1f} ms{size}")
        print(f"  ratios: portal/grim {times['portal'] / times['grim']:.2f}x, "
              f"portal/x11 {times['portal'] / times['x11']:.1f}x, "
              f"portal process/x11 process {times['portal process'] / times['x11 process']:.2f}x")
        print(f"  the portal's file after the last capture: {'gone' if not Path('/tmp/out.png').exists() else 'LEFT'}")
        portal.close()
        portal_store.close()
        x11.close()
        x11_store.close()
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        if wayland is not None:
            wayland.stop()
        xserver.stop()
        shutil.rmtree(work, ignore_errors=True)


def _process(command: list[str], env: dict[str, str], cwd: Path) -> Callable[[], None]:
    def call() -> None:
        subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return call


def _interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median milliseconds of each action over `runs` rounds, every round running each action once in turn."""
    for action in actions.values():
        action()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


if __name__ == "__main__":
    sys.exit(main())
