"""Which capture backend to use here: the first that says it works, in order of preference.

An xdg-desktop-portal Screenshot backend (Wayland, Flatpak) goes in front of mss in BACKEND_CLASSES
when it exists; until then a Wayland session gets mss's sentence explaining why capture is unavailable.
"""

from __future__ import annotations

from evidencekit.capture.backend import CaptureBackend
from evidencekit.capture.mss_backend import MssBackend
from evidencekit.errors import CaptureUnavailable

BACKEND_CLASSES: tuple[type[CaptureBackend], ...] = (MssBackend,)


def choose_backend() -> CaptureBackend:
    """A working backend, or CaptureUnavailable carrying the first backend's reason."""
    reasons = []
    for backend_class in BACKEND_CLASSES:
        backend = backend_class()
        state = backend.availability()
        if state.works:
            return backend
        backend.close()
        reasons.append(state.why)
    raise CaptureUnavailable(reasons[0] if reasons else "No way to capture the screen is built into this version.")
