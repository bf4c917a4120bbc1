"""Before Qt starts: is there a display to show the window on, and can Qt's platform plugin load?

Qt aborts the process (SIGABRT, exit 134) when no platform plugin can start, with a message that names
libxcb-cursor0 whatever the cause (no display at all, an X server that is gone, a library missing). This
module finds those cases first, without importing Qt, and says in one sentence what is missing and what
to install; the command line then exits 2. It only looks: it never starts a display or changes a file.

Linux and the BSDs only: on Windows and macOS, Qt's platform plugin is always there.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

from evidencekit.i18n import _

# Platforms Qt can start without a desktop display (QT_QPA_PLATFORM): nothing to check for them.
HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}

# The Debian/Ubuntu package of each library Qt's xcb and wayland plugins load from the system.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
_MISSING = re.compile(r"(lib[^\s/:]+\.so[.\d]*)\s*:")


def display_problem(environ: Mapping[str, str] | None = None, plugins: Path | None = None) -> str | None:
    """One sentence saying why the window cannot open here, or None when Qt should be able to start.

    May set QT_QPA_PLATFORM in `environ` (os.environ by default) to the one platform that works, when
    Qt's own first choice would abort.
    """
    env = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin"):
        return None
    chosen = [name.strip() for name in env.get("QT_QPA_PLATFORM", "").split(";") if name.strip()]
    if chosen and chosen[0].split(":")[0] in HEADLESS:
        return None
    folder = plugins if plugins is not None else _platform_plugins()
    if folder is None:
        return None  # Qt is not where we can see it (an unusual install): let Qt speak for itself
    candidates = [name.split(":")[0] for name in chosen] or _default_order(env)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _(
            "The window cannot open: there is no desktop display here (DISPLAY and WAYLAND_DISPLAY are not "
            "set); start evidencekit from a desktop session, or use its commands (see 'evidencekit --help')."
        )
    problems: list[str] = []
    for platform in candidates:
        problem = _platform_problem(platform, env, folder)
        if problem is None:
            if not chosen and platform != candidates[0]:
                env["QT_QPA_PLATFORM"] = platform  # type: ignore[index]  # os.environ or a dict
            return None
        problems.append(problem)
    return problems[0] if problems else None


def _default_order(env: Mapping[str, str]) -> list[str]:
    """What Qt tries without QT_QPA_PLATFORM: Wayland first in a Wayland session, X11 otherwise."""
    wayland_session = env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY")
    order = ["wayland", "xcb"] if wayland_session else ["xcb", "wayland"]
    return [name for name in order if env.get("WAYLAND_DISPLAY" if name == "wayland" else "DISPLAY")]


def _platform_plugins() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        folder = Path(location) / "Qt" / "plugins" / "platforms"
        if folder.is_dir():
            return folder
    return None


def _platform_problem(platform: str, env: Mapping[str, str], folder: Path) -> str | None:
    if platform == "xcb":
        missing = _missing_library(folder, "libqxcb.so")
        if missing:
            return _missing_sentence(missing, _("X11"))
        display = env.get("DISPLAY", "")
        if not display:
            return _("The window cannot open: QT_QPA_PLATFORM asks for X11, but DISPLAY is not set; start "
                     "evidencekit from a desktop session.")
        if not _x_server_answers(display):
            return _("The window cannot open: no X display answers at DISPLAY={display} (the desktop session "
                     "may have ended); start evidencekit from a desktop session, or set DISPLAY to one that "
                     "is running.").format(display=display)
        return None
    if platform.startswith("wayland"):
        missing = _missing_library(folder, "libqwayland*.so")
        if missing:
            return _missing_sentence(missing, _("Wayland"))
        name = env.get("WAYLAND_DISPLAY", "")
        if not name:
            return _("The window cannot open: QT_QPA_PLATFORM asks for Wayland, but WAYLAND_DISPLAY is not "
                     "set; start evidencekit from a desktop session.")
        path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
        if not path.exists():
            return _("The window cannot open: no Wayland display answers at WAYLAND_DISPLAY={display}; "
                     "start evidencekit from a desktop session.").format(display=name)
        return None
    return None  # a platform we do not know: Qt says what it thinks


def _missing_library(folder: Path, pattern: str) -> str | None:
    """The first system library that keeps Qt's plugin from loading (loading it is what Qt will do)."""
    plugins = sorted(folder.glob(pattern))
    if not plugins:
        return f"{pattern} (Qt's platform plugin)"
    try:
        ctypes.CDLL(str(plugins[0]))
    except OSError as exc:
        found = _MISSING.search(str(exc))
        return found.group(1) if found else plugins[0].name
    return None


def _missing_sentence(library: str, platform: str) -> str:
    package = DEBIAN_PACKAGES.get(library)
    if package:
        return _("The window cannot open: Qt's {platform} display support needs the system library {library}, "
                 "which is missing or broken; install it (Debian and Ubuntu: sudo apt install {package}) and "
                 "try again. The commands still work (see 'evidencekit --help').").format(
                     platform=platform, library=library, package=package)
    return _("The window cannot open: Qt's {platform} display support needs the system library {library}, "
             "which is missing or broken; install the package that provides it and try again. The commands "
             "still work (see 'evidencekit --help').").format(platform=platform, library=library)


def _x_server_answers(display: str) -> bool:
    """Whether a local X server listens for DISPLAY (":0", "unix:0", ":0.0"); a remote one is assumed to."""
    host, _sep, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if host not in ("", "unix") or not number.isdigit():
        return True  # TCP or ssh forwarding: connecting would be network use; Qt will say if it fails
    socket_path = f"/tmp/.X11-unix/X{number}"  # noqa: S108  # where every X server listens, by convention
    for address in ("\0" + socket_path, socket_path):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False
