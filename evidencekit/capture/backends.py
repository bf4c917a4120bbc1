"""Which capture backend to use here: the first that says it works, in order of preference.

On a Wayland session the desktop's Screenshot portal comes first (programs cannot read a Wayland
screen themselves), then the X11 backends, which say why they do not work there. Elsewhere on
Linux/BSD: the ctypes X11 backend (fast start, see x11_backend.py), then mss, which also covers Windows
and macOS. Each backend says in one sentence why it cannot capture, as NormCap's handlers do. Backend
modules are imported only when tried, so an X11 capture never loads mss, jeepney or Pillow.
"""

from __future__ import annotations

import importlib
import sys

from evidencekit.capture.backend import CaptureBackend
from evidencekit.capture.session import wayland_session
from evidencekit.errors import CaptureUnavailable

_PORTAL = ("evidencekit.capture.portal_backend", "PortalBackend")
_X11 = ("evidencekit.capture.x11_backend", "X11Backend")
_MSS = ("evidencekit.capture.mss_backend", "MssBackend")


def backend_order() -> tuple[tuple[str, str], ...]:
    """(module, class) of each backend to try here, best first."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return (_MSS,)
    return (_PORTAL, _X11, _MSS) if wayland_session() else (_X11, _MSS)


def backend_classes() -> list[type[CaptureBackend]]:
    """The backend classes in order of preference (imports each module)."""
    return [getattr(importlib.import_module(module), name) for module, name in backend_order()]


def choose_backend() -> CaptureBackend:
    """A working backend, or CaptureUnavailable carrying the first backend's reason."""
    reasons = []
    for module, name in backend_order():
        backend: CaptureBackend = getattr(importlib.import_module(module), name)()
        state = backend.availability()
        if state.works:
            return backend
        backend.close()
        reasons.append(state.why)
    raise CaptureUnavailable(reasons[0] if reasons else "No way to capture the screen is built into this version.")


def __getattr__(name: str) -> object:
    if name == "BACKEND_CLASSES":  # the tuple this module used to export
        return tuple(backend_classes())
    if name == "BACKEND_ORDER":
        return backend_order()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
