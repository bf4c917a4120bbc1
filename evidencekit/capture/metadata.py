"""What is written down about each capture, beside the picture itself (see docs/capture.md).

Everything here is plain JSON with no floats (the journal is canonical JSON), so the record hashes the
same everywhere. The SHA-256 and byte size of the stored PNG are the event's `outputs`, computed by the
store from the exact bytes it encrypted.
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import datetime
from typing import Any

from evidencekit import __version__
from evidencekit.capture.backend import CaptureBackend, Grab, Target
from evidencekit.capture.deflate_bands import DEFLATE
from evidencekit.capture.request import CaptureRequest
from evidencekit.clock import CLOCK_SOURCE, stamp


@functools.cache
def software_record() -> dict[str, str]:
    """The app and the Python running it; backends and the importer add the libraries they used."""
    return {"evidencekit": __version__, "python": sys.version.split()[0]}  # == platform.python_version()


@functools.cache
def os_record() -> dict[str, str]:
    """The operating system and, on Linux, the kind of desktop session."""
    if not sys.platform.startswith("linux"):
        import platform  # its platform() runs `uname -p` in a subprocess on Linux: only off Linux

        return {"system": platform.system(), "release": platform.release(), "version": platform.version(),
                "machine": platform.machine(), "platform": platform.platform()}
    name = os.uname()
    record = {"system": name.sysname, "release": name.release, "version": name.version, "machine": name.machine,
              "platform": _linux_platform(name.sysname, name.release, name.machine)}
    record["session"] = os.environ.get("XDG_SESSION_TYPE", "") or (
        "wayland" if os.environ.get("WAYLAND_DISPLAY") else "x11" if os.environ.get("DISPLAY") else "")
    record["desktop"] = os.environ.get("XDG_CURRENT_DESKTOP", "")
    return record


def _linux_platform(system: str, release: str, machine: str) -> str:
    """platform.platform()'s text ("Linux-6.1.0-18-amd64-x86_64-with-glibc2.36") without its subprocess."""
    try:
        libc = (os.confstr("CS_GNU_LIBC_VERSION") or "").replace(" ", "")
    except (ValueError, OSError):  # not glibc (e.g. musl)
        libc = ""
    text = "-".join(part for part in (system, release, machine) if part)
    return f"{text}-with-{libc}" if libc else text


def capture_record(*, grab: Grab, target: Target, request: CaptureRequest, backend: CaptureBackend,
                   moment: datetime, grab_ms: int, window: dict[str, Any],
                   series: dict[str, Any] | None) -> dict[str, Any]:
    """The `capture` member of an exhibit.captured event."""
    return {
        "time": stamp(moment).as_dict(),
        "clock_source": CLOCK_SOURCE,
        "method": grab.method,
        "backend": backend.name,
        "request": request.as_record(),
        "series": series,
        "geometry": grab.geometry.as_dict(),
        "monitor": target.monitor.as_record() if target.monitor else None,
        "monitors": [monitor.as_record() for monitor in target.monitors],
        "scale": grab.scale,
        "pixels": {"width": grab.width, "height": grab.height},
        "png": {"colour": "8-bit RGB", "compression_level": grab.png_level, "deflate": DEFLATE, "lossless": True},
        "grab_ms": grab_ms,
        "foreground_window": window,
        "software": {**software_record(), **backend.library_versions()},
        "os": os_record(),
        **(grab.extra or {}),
    }
