"""`evidencekit.leave`: how the command line and the window end the process (ADR 052)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import atexit, sys, threading, time
    from evidencekit.leave import leave

    atexit.register(lambda: print("atexit ran"))
    done = []
    threading.Thread(target=lambda: (time.sleep(0.3), done.append(1), print("thread finished"))).start()
    print("buffered line", end="")  # no newline, stdout is a pipe: still in the buffer when leave() is called
    sys.stderr.write("to stderr")
    leave(int(sys.argv[1]), run_atexit=sys.argv[2] == "yes")
""")


def run(code: int, run_atexit: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(code), "yes" if run_atexit else "no"],
                          capture_output=True, text=True, timeout=60)


def test_a_command_leaves_with_its_code_after_output_threads_and_atexit() -> None:
    result = run(3, run_atexit=True)
    assert result.returncode == 3
    assert result.stdout.startswith("buffered line")
    assert "thread finished" in result.stdout  # a non-daemon thread was waited for
    assert result.stdout.rstrip().endswith("atexit ran")
    assert result.stderr == "to stderr"


def test_the_window_leaves_without_the_atexit_handlers_but_with_its_output() -> None:
    result = run(0, run_atexit=False)
    assert result.returncode == 0
    assert result.stdout.startswith("buffered line") and "thread finished" in result.stdout
    assert "atexit ran" not in result.stdout
    assert result.stderr == "to stderr"
