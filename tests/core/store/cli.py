"""Running the `evidencekit` command line in a subprocess, the way a person or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.core.store.case_files import PASSPHRASE

FAIL_BACKEND = "keyring.backends.fail.Keyring"
# Variables that could point a subprocess at the real user's keyring or session.
_DROPPED = ("DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "EVIDENCEKIT_PASSPHRASE", "PYTHON_KEYRING_BACKEND")


def cli_env(home: Path, *, passphrase: str | None = PASSPHRASE, keyring_backend: str = FAIL_BACKEND,
            extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _DROPPED}
    env["EVIDENCEKIT_HOME"] = str(home)
    env["PYTHON_KEYRING_BACKEND"] = keyring_backend
    if passphrase is not None:
        env["EVIDENCEKIT_PASSPHRASE"] = passphrase
    env.update(extra or {})
    return env


def run_cli(args: Sequence[str], *, home: Path, passphrase: str | None = PASSPHRASE,
            keyring_backend: str = FAIL_BACKEND, extra_env: Mapping[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m evidencekit ARGS` with the test's data dir, a passphrase in the environment, no keyring."""
    return subprocess.run(
        [sys.executable, "-m", "evidencekit", *args],
        env=cli_env(home, passphrase=passphrase, keyring_backend=keyring_backend, extra=extra_env),
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=timeout, check=False,
    )
