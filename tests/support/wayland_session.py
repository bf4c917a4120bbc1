"""A real, headless Wayland desktop with the Screenshot portal, for tests: sway + PipeWire + portals.

    session = start_wayland_session()            # or the `wayland` fixtures in the test folders
    env = session.env()                          # os.environ now, pointed at that desktop
    window = session.client_window(picture_png)  # a Wayland client of another process showing it
    session.stop()

What runs, each started here with its PID and ended here by that PID (after the recipe in the team's
shared notes; facts found there are repeated where they matter):
- a private D-Bus session bus whose config has no service directories, so nothing is D-Bus-activated
  behind the test's back (document portal with a FUSE mount, gnome-keyring, the accessibility bus);
- sway with the wlroots headless back end and the pixman renderer, with one or more outputs. sway 1.7
  refuses to run as root, so as root it runs in a user namespace where it is uid 1000;
- pipewire (xdg-desktop-portal-wlr exits at start-up without it, even for screenshots);
- xdg-permission-store, with `screenshot` pre-granted for host apps (app id ""), so no dialog is asked;
- xdg-desktop-portal-wlr (Screenshot, through grim), xdg-desktop-portal-gtk (Access: without an Access
  back end xdg-desktop-portal 1.16 does not export Screenshot at all), and xdg-desktop-portal.
The wlr back end writes every screenshot to the fixed path /tmp/out.png, so sessions on one machine are
serialised with a lock (LOCK_PATH, the same file the shared recipe's script uses), and a /tmp/out.png
left behind is removed at the end. Windows float (as on GNOME or KDE), so a new window does not
re-tile the ones below it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from jeepney import DBusAddress, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

LOCK_PATH = Path("/tmp/wayland-portal-session.lock")
PORTAL_FILE = Path("/tmp/out.png")  # where xdg-desktop-portal-wlr 0.7 always writes
LIBEXEC = Path("/usr/libexec")
BACKGROUND = (0x20, 0x30, 0x40)  # every output's solid background colour
TOOLS = ("sway", "pipewire", "dbus-daemon", "grim")
DAEMONS = ("xdg-desktop-portal", "xdg-desktop-portal-wlr", "xdg-desktop-portal-gtk", "xdg-permission-store")
WINDOW_SCRIPT = Path(__file__).with_name("wayland_window.py")
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 60.0  # generous: eight test runs may share two cores
PERMISSION_STORE = DBusAddress("/org/freedesktop/impl/portal/PermissionStore",
                               bus_name="org.freedesktop.impl.portal.PermissionStore",
                               interface="org.freedesktop.impl.portal.PermissionStore")


class WaylandUnavailable(RuntimeError):
    """The desktop could not be started here; the message says why (tests skip with it)."""


def missing_parts() -> str | None:
    """Why no Wayland test desktop can run on this machine, or None."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    missing += [daemon for daemon in DAEMONS if not (LIBEXEC / daemon).is_file()]
    if missing:
        return (f"a Wayland test desktop needs {', '.join(missing)} (Debian: apt-get install sway grim pipewire "
                "xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk dbus)")
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            return "sway refuses to run as root, and unshare (util-linux) is missing for a user namespace"
        probe = subprocess.run(["unshare", "--user", "--map-user=1000", "--map-group=1000", "true"],
                               capture_output=True, timeout=30)
        if probe.returncode != 0:
            return ("sway refuses to run as root, and user namespaces are not allowed here "
                    f"({probe.stderr.decode(errors='replace').strip() or probe.returncode}); run the tests as "
                    "another user")
    return None


@dataclass(frozen=True)
class Output:
    width: int
    height: int
    x: int = 0
    y: int = 0


@dataclass
class WaylandSession:
    root: Path
    outputs: tuple[Output, ...]
    bus_address: str
    display: str
    started_at: float
    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)
    lock_fd: int | None = None

    @property
    def runtime_dir(self) -> Path:
        return self.root / "run"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (default: os.environ now) pointed at this desktop, as a program started in it gets."""
        env = dict(os.environ if base is None else base)
        for name in ("DISPLAY", "SWAYSOCK", "XAUTHORITY"):
            env.pop(name, None)
        env.update(WAYLAND_DISPLAY=self.display, XDG_RUNTIME_DIR=str(self.runtime_dir),
                   DBUS_SESSION_BUS_ADDRESS=self.bus_address, XDG_SESSION_TYPE="wayland",
                   XDG_CURRENT_DESKTOP="sway", NO_AT_BRIDGE="1")
        return env

    def client_window(self, picture: Path, *, title: str = "Chat with lena_2003 - FriendChat",
                      app_id: str = "friendchat") -> WaylandWindow:
        """A window of another process showing `picture` 1:1; returns once the compositor has shown it."""
        env = self.env()
        env["PYTHONPATH"] = str(ROOT)
        process = subprocess.Popen([sys.executable, str(WINDOW_SCRIPT), str(picture), title, app_id], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = _read_line(process, TIMEOUT_S)
        if not line.startswith("READY"):
            _stop(process)
            raise RuntimeError(f"the Wayland client window did not start: {line!r} {process.stderr.read()}")
        window = WaylandWindow(process, title, app_id)
        self.processes.append(("client window", process))
        return window

    def set_screenshot_permission(self, value: str | None) -> None:
        """Grant ("yes"), deny ("no") or forget (None) screenshots for host apps in the permission store."""
        with open_dbus_connection(self.bus_address) as connection:
            if value is None:
                call = new_method_call(PERMISSION_STORE, "DeletePermission", "sss", ("screenshot", "screenshot", ""))
            else:
                call = new_method_call(PERMISSION_STORE, "SetPermission", "sbssas",
                                       ("screenshot", True, "screenshot", "", [value]))
            reply = connection.send_and_get_reply(call, timeout=TIMEOUT_S)
            if reply.header.message_type.name == "error":
                raise RuntimeError(f"permission store: {reply.body}")

    def stop_process(self, name: str) -> None:
        for label, process in self.processes:
            if label == name:
                _stop(process)

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            _stop(process)
        self.processes.clear()
        _end_leftovers(self.runtime_dir)
        try:  # the portal back end's plaintext file, if a screenshot of this session left it behind
            left = PORTAL_FILE.is_file() and not PORTAL_FILE.is_symlink()
            if left and PORTAL_FILE.stat().st_mtime >= self.started_at:
                PORTAL_FILE.unlink()
        except OSError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)
        if self.lock_fd is not None:
            os.close(self.lock_fd)  # releases the lock
            self.lock_fd = None


@dataclass
class WaylandWindow:
    process: subprocess.Popen
    title: str
    app_id: str

    def stop(self) -> None:
        _stop(self.process)


def start_wayland_session(outputs: Sequence[Output] = (Output(1920, 1080),), *,
                          lock_wait_s: float = 600.0) -> WaylandSession:
    """Start the desktop; WaylandUnavailable (with the reason and the logs) if any part does not come up."""
    why = missing_parts()
    if why:
        raise WaylandUnavailable(why)
    lock_fd = _lock(lock_wait_s)
    root = Path(tempfile.mkdtemp(prefix="ek-wayland-", dir="/tmp"))
    session: WaylandSession | None = None
    try:
        for folder in ("run", "home", "logs"):
            (root / folder).mkdir(mode=0o700)
        root.chmod(0o700)
        (root / "bus.conf").write_text(_BUS_CONFIG.format(run=root / "run"), encoding="utf-8")
        (root / "sway.conf").write_text(_sway_config(outputs), encoding="utf-8")
        with _log(root, "dbus") as log:
            bus = subprocess.Popen(["dbus-daemon", f"--config-file={root / 'bus.conf'}", "--nofork",
                                    "--print-address=1"], stdout=subprocess.PIPE, stderr=log, text=True,
                                   start_new_session=True)
        address = _read_line(bus, TIMEOUT_S).strip()
        if not address.startswith("unix:"):
            _stop(bus)
            raise WaylandUnavailable(f"the private D-Bus did not start ({address!r})")
        session = WaylandSession(root, tuple(outputs), address, "", time.time(), [("dbus", bus)], lock_fd)
        _start_desktop(session)
        return session
    except BaseException:
        if session is not None:
            session.stop()
        else:
            shutil.rmtree(root, ignore_errors=True)
            os.close(lock_fd)
        raise


def _start_desktop(session: WaylandSession) -> None:
    root, run = session.root, session.runtime_dir
    base = _daemon_env(session)
    sway = ["sway", "-c", str(root / "sway.conf")]
    if os.geteuid() == 0:
        sway = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *sway]
    sway_env = dict(base, WLR_BACKENDS="headless", WLR_RENDERER="pixman", WLR_LIBINPUT_NO_DEVICES="1",
                    WLR_HEADLESS_OUTPUTS=str(len(session.outputs)))
    _spawn(session, "sway", sway, sway_env)
    socket = _wait(session, "sway", lambda: next((p.name for p in run.glob("wayland-[0-9]*") if p.is_socket()), None))
    session.display = socket
    base["WAYLAND_DISPLAY"] = socket
    _wait(session, "sway's outputs", lambda: _outputs_ready(session))
    _spawn(session, "pipewire", ["pipewire"], base)
    _wait(session, "pipewire", lambda: (run / "pipewire-0").is_socket())
    _spawn(session, "xdg-permission-store", [str(LIBEXEC / "xdg-permission-store"), "--replace"], base)
    _wait(session, "xdg-permission-store", lambda: _has_owner(session, PERMISSION_STORE.bus_name))
    session.set_screenshot_permission("yes")
    _spawn(session, "xdg-desktop-portal-wlr", [str(LIBEXEC / "xdg-desktop-portal-wlr"), "-l", "INFO"], base)
    _wait(session, "xdg-desktop-portal-wlr", lambda: _has_owner(session, "org.freedesktop.impl.portal.desktop.wlr"))
    _spawn(session, "xdg-desktop-portal-gtk", [str(LIBEXEC / "xdg-desktop-portal-gtk")], base)
    _wait(session, "xdg-desktop-portal-gtk", lambda: _has_owner(session, "org.freedesktop.impl.portal.desktop.gtk"))
    _spawn(session, "xdg-desktop-portal", [str(LIBEXEC / "xdg-desktop-portal")], base)
    _wait(session, "xdg-desktop-portal", lambda: _screenshot_version(session))


def _daemon_env(session: WaylandSession) -> dict[str, str]:
    home = session.root / "home"
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "SHELL")}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(session.runtime_dir), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_CURRENT_DESKTOP="sway", XDG_SESSION_TYPE="wayland", DBUS_SESSION_BUS_ADDRESS=session.bus_address,
               NO_AT_BRIDGE="1", GTK_A11Y="none", GDK_BACKEND="wayland", GSETTINGS_BACKEND="memory")
    return env


def _spawn(session: WaylandSession, name: str, command: list[str], env: dict[str, str]) -> None:
    with _log(session.root, name) as log:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    session.processes.append((name, process))


def _wait(session: WaylandSession, what: str, ready: Callable[[], Any]) -> Any:
    """Poll `ready()` until it gives something true; WaylandUnavailable if a process dies or time runs out."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        value = ready()
        if value:
            return value
        for name, running in session.processes:
            if running.poll() is not None:
                raise WaylandUnavailable(f"{name} exited ({running.returncode}) while waiting for {what}: "
                                         f"{_tail(session.root, name)}")
        if time.monotonic() > deadline:
            last = session.processes[-1][0]
            raise WaylandUnavailable(f"{what} was not ready after {TIMEOUT_S:g} s: {_tail(session.root, last)}")
        time.sleep(0.05)


def _outputs_ready(session: WaylandSession) -> bool:
    from evidencekit.capture.wayland_outputs import wayland_monitors

    try:
        found = wayland_monitors(str(session.runtime_dir / session.display))
    except OSError:
        return False
    wanted = [(o.x, o.y, o.width, o.height) for o in session.outputs]
    return sorted(tuple(m.rect) for m in found) == sorted(wanted)


def _has_owner(session: WaylandSession, name: str) -> bool:
    with open_dbus_connection(session.bus_address) as connection:
        reply = connection.send_and_get_reply(message_bus.NameHasOwner(name), timeout=TIMEOUT_S)
        return bool(reply.body and reply.body[0])


def _screenshot_version(session: WaylandSession) -> int:
    from jeepney import Properties

    from evidencekit.capture.portal_dbus import PORTAL

    with open_dbus_connection(session.bus_address) as connection:
        reply = connection.send_and_get_reply(Properties(PORTAL).get("version"), timeout=TIMEOUT_S)
        if reply.header.message_type.name == "error":
            return 0
        return int(reply.body[0][1])


def _lock(wait_s: float) -> int:
    fd = os.open(LOCK_PATH, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise WaylandUnavailable(f"another Wayland test desktop held {LOCK_PATH} for {wait_s:g} s") from None
            time.sleep(0.2)


def _log(root: Path, name: str) -> BinaryIO:
    return (root / "logs" / f"{name}.log").open("ab")


def _tail(root: Path, name: str) -> str:
    try:
        return (root / "logs" / f"{name}.log").read_text(errors="replace")[-1500:]
    except OSError:
        return "(no log)"


def _read_line(process: subprocess.Popen, timeout: float) -> str:
    import select

    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline() if ready else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _end_leftovers(runtime_dir: Path) -> None:
    """A process still running with this desktop's runtime dir in its environment is ours: end it by PID."""
    marker = f"XDG_RUNTIME_DIR={runtime_dir}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue


def _sway_config(outputs: Sequence[Output]) -> str:
    colour = "#{:02x}{:02x}{:02x}".format(*BACKGROUND)
    lines = [f"output * bg {colour} solid_color"]
    lines += [f"output HEADLESS-{index} mode {o.width}x{o.height} position {o.x} {o.y} scale 1"
              for index, o in enumerate(outputs, start=1)]
    lines += ["default_border none", "default_floating_border none", "focus_follows_mouse no",
              "seat * hide_cursor 1", "xwayland disable", 'for_window [app_id=".*"] floating enable']
    return "\n".join(lines) + "\n"


_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir={run}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
