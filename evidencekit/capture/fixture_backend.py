"""A real capture backend over fixed pictures instead of a screen: for GUI tests and demos without X.

Each frame is a picture of the whole desktop (all monitors side by side, in desktop coordinates); a
grab crops the requested rectangle from the current frame and encodes it exactly like the mss backend
does, so everything after the grab (store, journal, metadata) runs unchanged. Frames are used in turn
(the last one repeats), which lets a test script a series: "profile page, then the chat".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, ClassVar

from PIL import Image, ImageDraw

from evidencekit.capture.backend import Availability, CaptureBackend, Grab, MonitorInfo, Target
from evidencekit.capture.png import DEFAULT_LEVEL, encode_rgb_png
from evidencekit.capture.request import Rect, bounding_rect

FIXTURE_PHRASE = "Send 500 GBP by midnight or I share the video"


def synthetic_desktop_png(width: int = 1920, height: int = 1080, *, variant: str = "chat") -> bytes:
    """A desktop picture with a chat-like window ("chat") or a profile page ("profile"), as PNG."""
    image = Image.new("RGB", (width, height), (32, 36, 48))
    draw = ImageDraw.Draw(image)
    left, top = width // 8, height // 8
    right, bottom = width - width // 8, height - height // 8
    draw.rectangle((left, top, right, bottom), fill=(240, 242, 245))
    header = (42, 93, 176) if variant == "chat" else (123, 44, 191)
    draw.rectangle((left, top, right, top + 56), fill=header)
    draw.text((left + 16, top + 20), "Chat with lena_2003 - FriendChat", fill=(255, 255, 255))
    if variant == "chat":
        draw.rectangle((left + 24, top + 90, left + 24 + (right - left) * 3 // 5, top + 154), fill=(255, 255, 255))
        draw.text((left + 40, top + 115), FIXTURE_PHRASE, fill=(17, 17, 17))
        draw.rectangle((left + 24, top + 270, right - 24, top + 318), fill=(217, 48, 37))
        draw.text((left + 40, top + 288), "Western Union MTCN 123-456-7890, deadline 23:59", fill=(255, 255, 255))
    else:
        draw.text((left + 24, top + 100), "lena_2003 - joined 3 weeks ago - ID 8812 3345 19", fill=(17, 17, 17))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class FixtureBackend(CaptureBackend):
    """Grabs from given desktop pictures; `unavailable_why` makes it report that it cannot work."""

    name: ClassVar[str] = "fixture"

    def __init__(self, frames: Sequence[bytes] | None = None, *, monitors: Sequence[Rect] | None = None,
                 primary: int = 1, window: dict[str, Any] | None = None, unavailable_why: str = "",
                 png_level: int = DEFAULT_LEVEL) -> None:
        pictures = [Image.open(io.BytesIO(data)).convert("RGB") for data in (frames or [synthetic_desktop_png()])]
        self._frames = pictures
        self._rects = list(monitors) if monitors else [Rect(0, 0, pictures[0].width, pictures[0].height)]
        desktop = bounding_rect(self._rects)
        for picture in pictures:
            if picture.size != (desktop.right, desktop.bottom):
                raise ValueError(f"fixture frame {picture.size} does not match the monitors' desktop {desktop}")
        self._primary = primary
        self._window = window
        self._why = unavailable_why
        self.png_level = png_level
        self.grabs = 0  # how many grabs were taken (tests check series and cancellation with it)

    def availability(self) -> Availability:
        return Availability(False, self._why) if self._why else Availability(True)

    def monitors(self) -> list[MonitorInfo]:
        return [MonitorInfo(number=index, rect=rect, primary=index == self._primary, name=f"FIXTURE-{index}")
                for index, rect in enumerate(self._rects, start=1)]

    def grab(self, target: Target) -> Grab:
        self.require_available()
        frame = self._frames[min(self.grabs, len(self._frames) - 1)]
        self.grabs += 1
        rect = target.rect
        # in bands of rows, like the mss backend's conversion: each C call holds the GIL only briefly
        rgb = b"".join(frame.crop((rect.left, row, rect.right, min(rect.bottom, row + 64))).tobytes()
                       for row in range(rect.top, rect.bottom, 64))
        png = encode_rgb_png(rgb, rect.width, rect.height, self.png_level)
        return Grab(png=png, width=rect.width, height=rect.height, geometry=rect, scale="1",
                    method="fixture pictures (test backend, not a real screen)", png_level=self.png_level)

    def foreground_window(self) -> dict[str, Any]:
        if self._window is not None:
            return dict(self._window)
        return super().foreground_window()
