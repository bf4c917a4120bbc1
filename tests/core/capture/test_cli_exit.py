"""The command leaves without the interpreter's teardown, yet flushes output, joins threads, runs atexit."""

from __future__ import annotations

import os
import subprocess
import sys

GUIDANCE = ["guidance", "--platform", "facebook", "--country", "GB"]


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=env if env is not None else dict(os.environ))


def test_all_output_arrives_through_a_pipe_as_with_a_normal_exit():
    fast = subprocess.run([sys.executable, "-m", "evidencekit", *GUIDANCE], capture_output=True, text=True,
                          timeout=60)
    normal = run_python(f"import sys\nfrom evidencekit.cli import main\nsys.exit(main({GUIDANCE!r}))")
    assert fast.returncode == normal.returncode == 0
    assert fast.stdout == normal.stdout and len(fast.stdout.splitlines()) > 100


def test_threads_and_atexit_handlers_still_finish_and_the_exit_code_is_kept():
    code = ("import atexit, sys, threading, time\n"
            "atexit.register(lambda: print('atexit ran', flush=True))\n"
            "threading.Thread(target=lambda: (time.sleep(0.2), print('thread done', flush=True))).start()\n"
            "sys.argv = ['evidencekit', 'capture', 'no-such-case']\n"
            "from evidencekit.cli import run\n"
            "run()\n"
            "print('not reached')\n")
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = run_python(code, env=dict(env, XDG_SESSION_TYPE="tty"))
    assert result.returncode == 2, result.stderr  # no screen: one sentence, exit 2
    assert result.stdout.splitlines() == ["thread done", "atexit ran"]
    assert result.stderr.startswith("evidencekit: No screen is available")


def test_usage_errors_still_exit_2_from_argparse():
    result = subprocess.run([sys.executable, "-m", "evidencekit", "capture"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "evidencekit:" in result.stderr
