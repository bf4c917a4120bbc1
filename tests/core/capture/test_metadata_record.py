"""The OS and software record says what the platform module says, without its subprocess."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from evidencekit.capture.metadata import os_record, software_record


def test_os_record_matches_the_platform_module():
    record = os_record()
    name = platform.uname()
    assert (record["system"], record["release"], record["version"], record["machine"]) == (
        name.system, name.release, name.version, name.machine)
    assert record["platform"] == platform.platform()
    assert software_record()["python"] == platform.python_version()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the subprocess is Linux's `uname -p`")
def test_os_record_starts_no_subprocess():
    script = ("import subprocess, sys\n"
              "from evidencekit.capture.metadata import os_record\n"
              "def refuse(*a, **k): raise AssertionError('a subprocess was started')\n"
              "subprocess.Popen.__init__ = refuse\n"
              "print(os_record()['platform'])\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == platform.platform()
