"""Which capture backend to use here: the first that says it works, in order of preference.

On X11 the ctypes backend comes first (fast start, see x11_backend.py), then mss, which also covers
Windows and macOS. An xdg-desktop-portal Screenshot backend (Wayland, Flatpak) goes in front when it
exists; until then a Wayland session gets the sentence explaining why capture is unavailable. Backend
modules are imported only when tried, so an X11 capture never loads mss.
"""

from __future__ import annotations

import importlib
import sys

from evidencekit.capture.backend import CaptureBackend
from evidencekit.errors import CaptureUnavailable

_X11 = ("evidencekit.capture.x11_backend", "X11Backend")
_MSS = ("evidencekit.capture.mss_backend", "MssBackend")
BACKEND_ORDER: tuple[tuple[str, str], ...] = (
    (_X11, _MSS) if sys.platform.startswith("linux") or "bsd" in sys.platform else (_MSS,))


def backend_classes() -> list[type[CaptureBackend]]:
    """The backend classes in order of preference (imports each module)."""
    return [getattr(importlib.import_module(module), name) for module, name in BACKEND_ORDER]


def choose_backend() -> CaptureBackend:
    """A working backend, or CaptureUnavailable carrying the first backend's reason."""
    reasons = []
    for module, name in BACKEND_ORDER:
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
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
