"""Privacy after a scripted GUI run (privacy_run.py in its own process, HOME and TMPDIR fresh folders):
no canary, no picture bytes and no imported file's name in any file under HOME (Qt's settings and
recently-used.xbel included) or TMPDIR; and no network connection at all while the GUI runs.

Network is watched with `strace -f -e trace=connect,sendto,sendmsg` (every thread and child process):
any call on an AF_INET or AF_INET6 socket fails the test. AF_UNIX (X11, D-Bus) is allowed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.capture import FixtureBackend
from evidencekit.capture.backend import Target
from evidencekit.capture.request import Rect
from tests.gui.part2 import privacy_run
from tests.gui.part2.canary import HEIGHT, WIDTH, canary_desktop_png, find_traces, png_slices

IMPORT_NAME = "holiday-snap-CANARY-F3.png"
FOLDER_NAME = "handover-CANARYDIR"
STRACE = shutil.which("strace")


def _stored_png(canary: str) -> bytes:
    """The exact PNG the fixture backend stores for a whole-screen capture of this canary's desktop."""
    backend = FixtureBackend([canary_desktop_png(canary)])
    return backend.grab(Target(Rect(0, 0, WIDTH, HEIGHT), None)).png


@pytest.mark.slow
@pytest.mark.skipif(STRACE is None, reason="strace is not installed")
def test_a_gui_run_leaves_no_trace_under_home_or_tmpdir_and_uses_no_network(tmp_path: Path) -> None:
    home, tmpdir, outside = tmp_path / "home", tmp_path / "tmpdir", tmp_path / FOLDER_NAME
    for folder in (home, tmpdir, outside):
        folder.mkdir(mode=0o700)
    imported = outside / IMPORT_NAME
    imported.write_bytes(canary_desktop_png("CANARY-F3"))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "EVIDENCEKIT_", "DBUS_", "PYTEST"))}
    env.update(HOME=str(home), TMPDIR=str(tmpdir), QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    log = tmp_path / "strace.log"
    command = [STRACE, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
               sys.executable, privacy_run.__file__, str(outside), str(imported)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=400, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    assert (outside / "bundle.pdf").is_file()

    # Control: the same strace options do log an attempt on an internet socket.
    probe_log = tmp_path / "probe.log"
    probe = "import socket\ntry:\n socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n pass"
    subprocess.run([STRACE, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(probe_log),
                    sys.executable, "-c", probe], check=True, timeout=60)
    assert re.search(r"AF_INET\b", probe_log.read_text())

    calls = [line for line in log.read_text().splitlines() if re.search(r"\b(connect|sendto|sendmsg)\(", line)]
    network = [line for line in calls if re.search(r"AF_INET6?\b", line)]
    print(f"\nstrace: {len(calls)} connect/sendto/sendmsg calls while the GUI ran, "
          f"{len(network)} on internet sockets")
    assert network == []

    needles: dict[str, bytes] = {IMPORT_NAME: IMPORT_NAME.encode(), "import name stem": b"holiday-snap",
                                 FOLDER_NAME: FOLDER_NAME.encode()}
    for canary in (*privacy_run.CANARIES, "CANARY-F3"):
        needles[canary] = canary.encode()  # drawn as text and spelled in a raw pixel stripe
    pictures = {canary: _stored_png(canary) for canary in privacy_run.CANARIES}
    pictures["import"] = imported.read_bytes()
    for name, png in pictures.items():
        for index, piece in enumerate(png_slices(png, count=6)):
            needles[f"{name} PNG bytes #{index}"] = piece

    # Control: the needles do find what they look for (the bundle holds the attached originals).
    control = find_traces([outside], needles)
    assert any("PNG bytes" in name for _path, name in control)

    scanned = [p for root in (home, tmpdir) for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "journal.ekj" or "cases" in p.parts for p in scanned)  # the case was stored in HOME
    traces = find_traces([home, tmpdir], needles)
    print(f"scanned {len(scanned)} files under HOME and TMPDIR: {len(traces)} traces")
    assert traces == []
