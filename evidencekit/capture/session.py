"""What kind of desktop session this is, and whether it lets a program read the screen directly (X11).

A Wayland session only shows direct readers the XWayland windows, usually black: the X11 backends
refuse with a sentence there (the portal backend takes the pictures instead) rather than store a
misleading picture.
"""

from __future__ import annotations

import os
import sys

WAYLAND_WHY = ("This is a Wayland session, where programs cannot read the screen directly; pictures are taken "
               "through the desktop's screenshot service (xdg-desktop-portal) instead.")


def wayland_session(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or bool(env.get("WAYLAND_DISPLAY"))


def session_problem(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """Why the screen cannot be read directly in this session, or None (also None off Linux/BSD)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") and not sys.platform.startswith(("freebsd", "openbsd")):
        return None
    if wayland_session(env):
        return WAYLAND_WHY
    if not env.get("DISPLAY"):
        return ("No screen is available to capture here (no X display: DISPLAY is not set); run this "
                "on the computer's desktop, or import screenshots taken elsewhere.")
    return None
