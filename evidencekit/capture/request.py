"""What the person asked to capture: a plain value the GUI, the CLI and the journal all share.

Like Flameshot's capture request, it says what to grab and how often, never how; the backend turns it
into a screen rectangle (`CaptureBackend.resolve`). Times are kept in milliseconds in the record because
the journal's canonical JSON carries no floats.
"""

from __future__ import annotations

from typing import Any, Literal

from evidencekit.errors import UsageError
from evidencekit.records import NamedTuple

Area = Literal["primary", "monitor", "all", "region"]
AREAS: tuple[str, ...] = ("primary", "monitor", "all", "region")
MAX_DELAY_S = 600
MAX_SERIES = 500
MAX_INTERVAL_S = 3600


class Rect(NamedTuple):
    """A rectangle in desktop pixels (the coordinate space the window system uses for all monitors)."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def contains(self, other: Rect) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and other.right <= self.right and other.bottom <= self.bottom)

    def as_dict(self) -> dict[str, int]:
        return {"left": self.left, "top": self.top, "width": self.width, "height": self.height}

    def __str__(self) -> str:
        return f"{self.width}×{self.height} at {self.left},{self.top}"


def bounding_rect(rects: list[Rect]) -> Rect:
    left = min(r.left for r in rects)
    top = min(r.top for r in rects)
    return Rect(left, top, max(r.right for r in rects) - left, max(r.bottom for r in rects) - top)


class _RequestFields(NamedTuple):
    area: Area
    monitor: int | None
    region: Rect | None
    delay_s: float
    series_count: int
    series_interval_s: float


class CaptureRequest(_RequestFields):
    """Whole (primary) screen, one monitor (1-based), all monitors, or a region; plus delay and series.

    The delay is carried out by the caller (the GUI's countdown, the CLI's sleep) so a grab stays
    instant; the series interval is waited out by `capture_to_case`, which can be stopped between frames.
    A request that makes no sense is refused when it is made (UsageError).
    """

    __slots__ = ()

    def __new__(cls, area: Area = "primary", monitor: int | None = None, region: Rect | None = None,
                delay_s: float = 0.0, series_count: int = 1, series_interval_s: float = 0.0) -> CaptureRequest:
        request = super().__new__(cls, area, monitor, region, delay_s, series_count, series_interval_s)
        request._check()
        return request

    def _check(self) -> None:
        if self.area not in AREAS:
            raise UsageError(f"Unknown capture area {self.area!r}; use one of: {', '.join(AREAS)}.")
        if (self.area == "monitor") != (self.monitor is not None):
            raise UsageError("A screen number is needed exactly when capturing one chosen screen.")
        if self.monitor is not None and self.monitor < 1:
            raise UsageError(f"Screen numbers start at 1; {self.monitor} is not a screen.")
        if (self.area == "region") != (self.region is not None):
            raise UsageError("A region rectangle is needed exactly when capturing a region.")
        if self.region is not None and (self.region.width <= 0 or self.region.height <= 0):
            raise UsageError(f"The region {self.region.width}×{self.region.height} has no area; "
                             "give a width and height of at least 1 pixel.")
        if not 0 <= self.delay_s <= MAX_DELAY_S:
            raise UsageError(f"The delay must be between 0 and {MAX_DELAY_S} seconds.")
        if not 1 <= self.series_count <= MAX_SERIES:
            raise UsageError(f"A series has between 1 and {MAX_SERIES} pictures.")
        if not 0 <= self.series_interval_s <= MAX_INTERVAL_S:
            raise UsageError(f"The interval must be between 0 and {MAX_INTERVAL_S} seconds.")

    @classmethod
    def whole_screen(cls, **timing: Any) -> CaptureRequest:
        return cls(area="primary", **timing)

    @classmethod
    def one_monitor(cls, number: int, **timing: Any) -> CaptureRequest:
        return cls(area="monitor", monitor=number, **timing)

    @classmethod
    def all_monitors(cls, **timing: Any) -> CaptureRequest:
        return cls(area="all", **timing)

    @classmethod
    def of_region(cls, left: int, top: int, width: int, height: int, **timing: Any) -> CaptureRequest:
        return cls(area="region", region=Rect(left, top, width, height), **timing)

    def as_record(self) -> dict[str, Any]:
        """The request as written into each capture's journal record (integers only)."""
        return {
            "area": self.area,
            "monitor": self.monitor,
            "region": self.region.as_dict() if self.region else None,
            "delay_ms": round(self.delay_s * 1000),
            "series_count": self.series_count,
            "series_interval_ms": round(self.series_interval_s * 1000),
        }


def parse_region(text: str) -> Rect:
    """'X,Y,W,H' (pixels) as typed on the command line."""
    parts = [part.strip() for part in text.split(",")]
    try:
        if len(parts) != 4:
            raise ValueError
        left, top, width, height = (int(part) for part in parts)
    except ValueError:
        raise UsageError(f"The region {text!r} is not four whole numbers X,Y,W,H "
                         "(e.g. 0,0,800,600).") from None
    if width <= 0 or height <= 0:
        raise UsageError(f"The region {text!r} has no area; give a width and height of at least 1 pixel.")
    return Rect(left, top, width, height)
