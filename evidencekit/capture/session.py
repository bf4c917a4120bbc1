"""Whether this desktop session lets a program read the screen directly (X11) at all, before trying.

A Wayland session only shows direct readers the XWayland windows, usually black: refusing with a
sentence is better than storing a misleading picture.
"""

from __future__ import annotations

import os
import sys

WAYLAND_WHY = ("This is a Wayland session, where programs cannot read the screen directly, and screen "
               "capture through the desktop portal is not available in this version; log in with an "
               "X11 (Xorg) session, or take screenshots with your desktop's own tool and import them.")


def session_problem(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """Why the screen cannot be read directly in this session, or None (also None off Linux/BSD)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") and not sys.platform.startswith(("freebsd", "openbsd")):
        return None
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or env.get("WAYLAND_DISPLAY"):
        return WAYLAND_WHY
    if not env.get("DISPLAY"):
        return ("No screen is available to capture here (no X display: DISPLAY is not set); run this "
                "on the computer's desktop, or import screenshots taken elsewhere.")
    return None
