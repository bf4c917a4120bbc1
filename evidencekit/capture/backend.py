"""The capture backend interface: say whether you work here (and why not), list monitors, grab pixels.

Shaped after NormCap's handlers (each reports compatibility with a reason) but returning plain values:
a Grab holds lossless PNG bytes of exactly the grabbed pixels, never a toolkit image. A backend object
is used by one thread at a time (the GUI's capture worker, or the CLI).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from evidencekit.capture.request import CaptureRequest, Rect, bounding_rect
from evidencekit.errors import CaptureUnavailable, UsageError
from evidencekit.records import NamedTuple


class Availability(NamedTuple):
    """Whether a backend can capture here; if not, `why` is one sentence a person can act on."""

    works: bool
    why: str = ""


class MonitorInfo(NamedTuple):
    """One monitor as the window system reports it; `number` is 1-based as the person sees it."""

    number: int
    rect: Rect
    primary: bool = False
    name: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"number": self.number, **self.rect.as_dict(), "primary": self.primary, "name": self.name}


class Target(NamedTuple):
    """A request resolved against the current monitors: the exact rectangle to grab."""

    rect: Rect
    monitor: MonitorInfo | None  # the monitor grabbed, or holding the region; None for all monitors
    monitors: tuple[MonitorInfo, ...] = ()


class Grab(NamedTuple):
    """The pixels of one grab as lossless PNG, and where on the desktop they came from."""

    png: bytes
    width: int  # pixels in the PNG
    height: int
    geometry: Rect  # desktop rectangle that was grabbed (logical units where the OS scales)
    scale: str  # PNG pixels per desktop unit, e.g. "1" or "2" (HiDPI); a string: no floats in records
    method: str  # e.g. "mss 10.2.0 XShmGetImage"
    png_level: int  # zlib compression level used (lossless at every level)
    extra: dict[str, Any] | None = None  # more for the capture record, e.g. {"portal": {...}} (portal_backend.py)


class CaptureBackend(ABC):
    """One way of reading the screen: x11, mss (X11, Windows, macOS), portal (Wayland, Flatpak)."""

    name: ClassVar[str]

    def availability(self) -> Availability:
        """Whether this backend can capture in this session; never raises. By default: it lists a screen."""
        try:
            monitors = self.monitors()
        except CaptureUnavailable as exc:
            return Availability(False, exc.message)
        except Exception as exc:  # any platform failure means "not here", said in one sentence
            return Availability(False, f"The screen cannot be read here ({short_reason(exc)}).")
        if not monitors:
            return Availability(False, "The window system reports no screens, so nothing can be captured.")
        return Availability(True)

    @abstractmethod
    def monitors(self) -> list[MonitorInfo]:
        """Monitors numbered from 1, in the window system's order."""

    @abstractmethod
    def grab(self, target: Target) -> Grab:
        """Grab exactly `target.rect` now and encode it as PNG; instant (no delays here)."""

    def foreground_window(self) -> dict[str, Any]:
        """The window in front as a claim ({"title", "app", "source", "note"}), or {"title": None, "why"}."""
        return {"title": None, "why": f"the {self.name} capture method cannot tell which window is in front"}

    def library_versions(self) -> dict[str, str]:
        """Versions of the libraries this backend captures with, for the capture record."""
        return {}

    def first_use_note(self) -> str:
        """A sentence for the person before the first picture (e.g. what the desktop will ask), or ""."""
        return ""

    def close(self) -> None:
        """Release the connection to the window system (nothing to release by default)."""
        return

    def __enter__(self) -> CaptureBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def require_available(self) -> None:
        state = self.availability()
        if not state.works:
            raise CaptureUnavailable(state.why)

    def resolve(self, request: CaptureRequest) -> Target:
        """The rectangle `request` means on this desktop; a clear UsageError if it is not on screen."""
        monitors = tuple(self.monitors())
        if not monitors:
            raise CaptureUnavailable("The window system reports no screens, so nothing can be captured.")
        desktop = bounding_rect([m.rect for m in monitors])
        if request.area == "primary":
            chosen = next((m for m in monitors if m.primary), monitors[0])
            return Target(chosen.rect, chosen, monitors)
        if request.area == "monitor":
            assert request.monitor is not None
            if request.monitor > len(monitors):
                count = len(monitors)
                raise UsageError(f"There is no screen {request.monitor}: this computer has {count} "
                                 f"screen{'s' if count != 1 else ''} (numbered 1 to {count}).")
            chosen = monitors[request.monitor - 1]
            return Target(chosen.rect, chosen, monitors)
        if request.area == "all":
            return Target(desktop, None, monitors)
        region = request.region
        assert region is not None
        if not desktop.contains(region):
            raise UsageError(f"The region {region} is not fully on the screen, which is {desktop}; "
                             "choose a region inside it.")
        holder = next((m for m in monitors if m.rect.contains(region)), None)
        return Target(region, holder, monitors)


def short_reason(exc: BaseException) -> str:
    """The first line of an exception's text (or its type), for a one-sentence message."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
