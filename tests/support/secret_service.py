"""A real, throwaway Secret Service (gnome-keyring on a private D-Bus session) for keyring tests.

Each `run` starts `dbus-run-session`, unlocks a login keyring with a known password, runs the command,
then stops that keyring daemon and the bus. The keyring files live under the sandbox's
own HOME, so a second `run` on the same sandbox sees what the first one stored: that is how a test shows
"a new process reopens the case without a passphrase". Nothing touches the real user's keyring.

    sandbox = SecretServiceSandbox(tmp_path / "keyring")   # calls require_secret_service()
    result = sandbox.run([sys.executable, "-m", "evidencekit", "case", "list"])
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

TOOLS = ("dbus-run-session", "dbus-send", "gnome-keyring-daemon")
_SOCKET_PATH_ROOM = 100  # bytes of a Unix socket path, less a margin (sun_path is 108 with its NUL)
KEYRING_DAEMON_FAILED = 97  # exit status of `run` when the keyring daemon itself did not start

# $1 is the keyring password, $2 the command. The daemon's env lines go nowhere (clients use D-Bus).
# It forks into the background, so the script waits until it owns org.freedesktop.secrets (a command
# that finished before that would leave a daemon with no bus behind, running for ever), runs the command
# in a subshell (an `exit` in it must not skip the clean-up) and then stops exactly that daemon and waits
# for it to be gone.
_SESSION_SCRIPT = """
printf %s "$1" | gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
  echo "gnome-keyring-daemon did not start" >&2; exit 97; }
tries=0
until owner=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null); do
  tries=$((tries + 1))
  [ "$tries" -le 200 ] || { echo "gnome-keyring-daemon never offered the Secret Service" >&2; exit 97; }
  sleep 0.05
done
( eval "$2" )
status=$?
pid=${owner##* }
kill "$pid" 2>/dev/null
# Wait until it has really gone: the next `run` on this sandbox binds the same control socket, and a
# daemon still shutting down (a loaded machine, tests in parallel) makes that one fail to start.
tries=0
while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 200 ]; do tries=$((tries + 1)); sleep 0.025; done
exit "$status"
"""
# Inherited variables that would point the command at another keyring or bus than the sandbox's.
_DROPPED_VARIABLES = (
    "DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK",
    "DISPLAY", "WAYLAND_DISPLAY",
)


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def require_secret_service() -> None:
    """Skip the calling test when gnome-keyring is absent; under CI=true fail instead, never skip."""
    missing = missing_tools()
    if not missing:
        return
    reason = f"a real Secret Service needs {', '.join(missing)} (Debian: apt-get install gnome-keyring dbus)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI must run the Secret Service tests, but {reason}", pytrace=False)
    pytest.skip(reason)


class SecretServiceSandbox:
    """A throwaway HOME and XDG dirs under `root` holding one gnome-keyring login keyring."""

    def __init__(self, root: Path, password: str = "pw") -> None:
        require_secret_service()
        self.root = root
        self.password = password
        self.home = root / "home"
        self.runtime_dir = root / "runtime"
        if len(str(self.runtime_dir / "keyring" / "control")) > _SOCKET_PATH_ROOM:
            # A Unix socket path has room for 107 bytes; gnome-keyring cuts a longer one short, and two
            # sandboxes whose paths differ only past that point (pytest-xdist's popen-gw0/gw1) would
            # share one control socket. A short private folder of its own instead, removed with the sandbox.
            self.runtime_dir = Path(tempfile.mkdtemp(prefix="ek-secret-service-", dir="/tmp"))
            weakref.finalize(self, shutil.rmtree, self.runtime_dir, True)
        for folder in (self.home, self.runtime_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.runtime_dir.chmod(0o700)  # gnome-keyring refuses a runtime dir others can read

    @property
    def keyring_files(self) -> list[Path]:
        """The keyring files gnome-keyring wrote (empty until a `run` stored something)."""
        folder = self.home / ".local" / "share" / "keyrings"
        return sorted(folder.iterdir()) if folder.is_dir() else []

    def leftover_processes(self) -> list[int]:
        """Pids of processes still running with this sandbox's HOME (a leaked daemon shows up here)."""
        marker = f"HOME={self.home}".encode()
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                continue
        return pids

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in _DROPPED_VARIABLES}
        env.update(
            HOME=str(self.home),
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
        )
        env.update(extra or {})
        return env

    def run(self, command: str | Sequence[str], *, env: Mapping[str, str] | None = None,
            cwd: Path | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run `command` (a shell string or an argv list) with the unlocked keyring; never raises on exit."""
        script = command if isinstance(command, str) else shlex.join(command)
        return subprocess.run(
            ["dbus-run-session", "--", "sh", "-c", _SESSION_SCRIPT, "secret-service", self.password, script],
            env=self.env(env), cwd=cwd, input=input if input is not None else "", capture_output=True,
            text=True, timeout=timeout, check=False,
        )


def run_with_secret_service(command: str | Sequence[str], root: Path, **kwargs: object
                            ) -> subprocess.CompletedProcess[str]:
    """One-shot form of SecretServiceSandbox(root).run(command, ...)."""
    return SecretServiceSandbox(root).run(command, **kwargs)  # type: ignore[arg-type]
