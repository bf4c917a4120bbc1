"""A real X server for tests: Xvfb on a free display, optional RandR monitors, foreign windows.

Xvfb picks its own free display number (-displayfd), so parallel sessions never collide. A two-monitor
setup is one Xvfb screen split into two RandR 1.5 monitors (what a laptop plus external screen looks
like to clients); `-screen 0 -screen 1` would give two separate X screens instead, which no desktop uses.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

FOREIGN_WINDOW_SCRIPT = Path(__file__).with_name("foreign_window.py")


@dataclass(frozen=True)
class MonitorSpec:
    """One monitor to create on the Xvfb screen: position and size in pixels."""

    x: int
    y: int
    width: int
    height: int
    primary: bool = False


@dataclass
class XServer:
    """A running Xvfb; `env` is os.environ with DISPLAY pointing at it (and no Wayland)."""

    display: str
    width: int
    height: int
    process: subprocess.Popen
    monitors: tuple[MonitorSpec, ...] = ()
    children: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        env["XDG_SESSION_TYPE"] = "x11"
        return env

    def foreign_window(self, **kwargs: object) -> ForeignWindow:
        """Start a chat-like window in another process; returns once it is drawn."""
        window = ForeignWindow.start(self.display, **kwargs)  # type: ignore[arg-type]
        self.children.append(window.process)
        return window

    def stop(self) -> None:
        for child in self.children:
            _stop_process(child)
        _stop_process(self.process)


def xvfb_available() -> bool:
    return shutil.which("Xvfb") is not None


def start_xvfb(width: int = 1920, height: int = 1080, depth: int = 24,
               monitors: Sequence[MonitorSpec] = ()) -> XServer:
    """Start Xvfb on a free display; with `monitors`, split its one screen into those RandR monitors."""
    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x{depth}",
             "-nolisten", "tcp", "-noreset", "+extension", "RANDR"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    finally:
        os.close(write_fd)
    try:
        number = _read_display_number(read_fd, process)
    finally:
        os.close(read_fd)
    server = XServer(f":{number}", width, height, process, tuple(monitors))
    if monitors:
        try:
            set_randr_monitors(server.display, monitors)
        except Exception:
            server.stop()
            raise
    return server


@contextmanager
def running_xvfb(**kwargs: object) -> Iterator[XServer]:
    server = start_xvfb(**kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def _read_display_number(fd: int, process: subprocess.Popen) -> int:
    deadline = time.monotonic() + 15
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            _stop_process(process)
            raise RuntimeError("Xvfb did not start")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 64)
            if not chunk:
                _stop_process(process)
                raise RuntimeError("Xvfb closed its display pipe without a display number")
            data += chunk
    return int(data.strip())


def _stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- RandR 1.5 monitors through libXrandr (what `xrandr --setmonitor` does) -------------------------

class _XRRMonitorInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_ulong), ("primary", ctypes.c_int), ("automatic", ctypes.c_int),
        ("noutput", ctypes.c_int), ("x", ctypes.c_int), ("y", ctypes.c_int),
        ("width", ctypes.c_int), ("height", ctypes.c_int), ("mwidth", ctypes.c_int),
        ("mheight", ctypes.c_int), ("outputs", ctypes.POINTER(ctypes.c_ulong)),
    ]


class _XRRScreenResources(ctypes.Structure):
    _fields_ = [
        ("timestamp", ctypes.c_ulong), ("configTimestamp", ctypes.c_ulong),
        ("ncrtc", ctypes.c_int), ("crtcs", ctypes.POINTER(ctypes.c_ulong)),
        ("noutput", ctypes.c_int), ("outputs", ctypes.POINTER(ctypes.c_ulong)),
    ]


def _load(name: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name)
    if not path:
        raise RuntimeError(f"lib{name} is not installed")
    return ctypes.CDLL(path)


def set_randr_monitors(display: str, monitors: Sequence[MonitorSpec]) -> None:
    """Replace the screen's automatic monitor with `monitors` (the first takes over the real output)."""
    x11 = _load("X11")
    xrandr = _load("Xrandr")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xrandr.XRRGetScreenResources.restype = ctypes.POINTER(_XRRScreenResources)
    xrandr.XRRGetScreenResources.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xrandr.XRRAllocateMonitor.restype = ctypes.POINTER(_XRRMonitorInfo)
    xrandr.XRRAllocateMonitor.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xrandr.XRRSetMonitor.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(_XRRMonitorInfo)]
    xrandr.XRRFreeScreenResources.argtypes = [ctypes.POINTER(_XRRScreenResources)]
    xrandr.XRRFreeMonitors.argtypes = [ctypes.POINTER(_XRRMonitorInfo)]

    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open X display {display}")
    try:
        root = x11.XDefaultRootWindow(dpy)
        resources = xrandr.XRRGetScreenResources(dpy, root)
        first_output = resources.contents.outputs[0] if resources.contents.noutput else 0
        xrandr.XRRFreeScreenResources(resources)
        for index, spec in enumerate(monitors):
            with_output = index == 0 and first_output != 0
            info = xrandr.XRRAllocateMonitor(dpy, 1 if with_output else 0)
            monitor = info.contents
            monitor.name = x11.XInternAtom(dpy, f"TEST-{index + 1}".encode(), 0)
            monitor.primary = int(spec.primary)
            monitor.x, monitor.y = spec.x, spec.y
            monitor.width, monitor.height = spec.width, spec.height
            monitor.mwidth, monitor.mheight = spec.width * 254 // 960, spec.height * 254 // 960
            if with_output:
                monitor.outputs[0] = first_output
            xrandr.XRRSetMonitor(dpy, root, info)
            xrandr.XRRFreeMonitors(info)
        x11.XSync(dpy, 0)
    finally:
        x11.XCloseDisplay(dpy)


# --- a window owned by another process ---------------------------------------------------------------

@dataclass
class ForeignWindow:
    """A chat-like window drawn by a separate process (see foreign_window.py for its exact layout)."""

    process: subprocess.Popen
    window_id: int
    x: int
    y: int
    width: int
    height: int
    title: str

    @classmethod
    def start(cls, display: str, *, x: int = 200, y: int = 150, width: int = 800, height: int = 600,
              title: str = "Chat with lena_2003 \u2014 FriendChat", focus: bool = True,
              active: bool = False, variant: str = "chat") -> ForeignWindow:
        env = dict(os.environ, DISPLAY=display)
        process = subprocess.Popen(
            [sys.executable, str(FOREIGN_WINDOW_SCRIPT), "--geometry", f"{x},{y},{width},{height}",
             "--title", title, "--variant", variant]
            + (["--focus"] if focus else []) + (["--set-active"] if active else []),
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 15)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            _stop_process(process)
            error = process.stderr.read() if process.stderr else ""
            raise RuntimeError(f"the foreign window did not start: {line!r} {error}")
        return cls(process, int(line.split()[1]), x, y, width, height, title)

    def stop(self) -> None:
        _stop_process(self.process)


def independent_grab(display: str, x: int = 0, y: int = 0, width: int | None = None,
                     height: int | None = None) -> bytes:
    """PNG of the root window taken by ImageMagick's `import` (shares no code with mss)."""
    crop = [] if width is None else ["-crop", f"{width}x{height}+{x}+{y}", "+repage"]
    result = subprocess.run(
        ["import", "-silent", "-window", "root", *crop, "png:-"],
        env=dict(os.environ, DISPLAY=display), capture_output=True, check=True, timeout=30,
    )
    return result.stdout
