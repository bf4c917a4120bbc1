"""Screen capture through the desktop's Screenshot portal (xdg-desktop-portal): Wayland, and Flatpak.

Wayland lets no program read the screen itself; the portal takes the picture for it. Here it is asked
for one non-interactive picture of the whole desktop; a screen or a region is cut from that picture
(the same frozen-picture approach as the region overlay), using the outputs the compositor announces
(wayland_outputs.py) to know where each screen is. The portal's file is read into memory and removed
at once (portal_file.py); the stored original is our own exact-pixel PNG of its pixels, and the
capture record says which portal version took it and what became of its file (docs/capture.md).
Talks to D-Bus through jeepney, and so works unchanged inside a Flatpak (the portal is always allowed).
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any, ClassVar

from evidencekit.capture.backend import Availability, CaptureBackend, Grab, MonitorInfo, Target, short_reason
from evidencekit.capture.png import DEFAULT_LEVEL, encode_rgb_png
from evidencekit.capture.portal_dbus import RESPONSE_CANCELLED, RESPONSE_SUCCESS, PortalBus, PortalProblem
from evidencekit.capture.portal_file import take_portal_file
from evidencekit.capture.portal_words import first_use_note, problem_sentence, refused_sentence
from evidencekit.capture.request import bounding_rect
from evidencekit.errors import Cancelled, CaptureUnavailable
from evidencekit.i18n import _

FILE_REMOVED = "the portal wrote the picture to a temporary file, which evidencekit read into memory and removed"
FILE_LEFT = "the portal wrote the picture to a file, which evidencekit read into memory but could not remove"
RESPONSE_TIMEOUT_S = 180.0  # the first time, the desktop may wait for the person to allow screenshots
_BAND_ROWS = 64


class PortalBackend(CaptureBackend):
    """org.freedesktop.portal.Screenshot, non-interactive; one session-bus connection per backend."""

    name: ClassVar[str] = "portal"

    def __init__(self, *, png_level: int = DEFAULT_LEVEL, timeout_s: float = RESPONSE_TIMEOUT_S,
                 display: str | None = None) -> None:
        self.png_level = png_level
        self.timeout_s = timeout_s
        self._display = display
        self._bus: PortalBus | None = None
        self._version: int | None = None
        self._monitors: list[MonitorInfo] | None = None

    def _portal(self) -> tuple[PortalBus, int]:
        if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
            raise CaptureUnavailable(_("The desktop's screenshot service (xdg-desktop-portal) exists only on "
                                       "Linux and BSD desktops."))
        try:
            if self._bus is None:
                self._bus = PortalBus()
            if self._version is None:
                self._version = self._bus.screenshot_version()
        except PortalProblem as exc:
            self.close()
            raise CaptureUnavailable(problem_sentence(exc.kind)) from exc
        return self._bus, self._version

    def availability(self) -> Availability:
        try:
            self._portal()
        except CaptureUnavailable as exc:
            return Availability(False, exc.message)
        return super().availability()

    def monitors(self) -> list[MonitorInfo]:
        if self._monitors is None:
            from evidencekit.capture.wayland_outputs import wayland_monitors

            try:
                self._monitors = wayland_monitors(self._display)
            except OSError as exc:
                raise CaptureUnavailable(_("The screens of this desktop cannot be listed ({reason}); start "
                                           "evidencekit from the desktop itself, or import screenshots taken "
                                           "with the desktop's own tool.").format(reason=short_reason(exc))) from exc
        return list(self._monitors)

    def first_use_note(self) -> str:
        """What the person should know before the first picture (the desktop may ask to allow it), or ""."""
        try:
            bus, _version = self._portal()
        except CaptureUnavailable:
            return ""
        return first_use_note(bus.permission())

    def grab(self, target: Target) -> Grab:
        bus, version = self._portal()
        try:
            response = bus.screenshot(self.timeout_s)
        except PortalProblem as exc:
            raise CaptureUnavailable(problem_sentence(exc.kind)) from exc
        if response.code == RESPONSE_CANCELLED:
            raise Cancelled(_("The picture was cancelled in the desktop's screenshot window; nothing was saved."))
        if response.code != RESPONSE_SUCCESS or not response.uri:
            raise CaptureUnavailable(refused_sentence(bus.permission()))
        taken = take_portal_file(response.uri)
        picture, opaque = _decode(taken.data)
        desktop = bounding_rect([m.rect for m in self.monitors()])
        scale = picture.width / desktop.width if desktop.width else 1.0
        rect = target.rect
        left, top = round((rect.left - desktop.left) * scale), round((rect.top - desktop.top) * scale)
        width, height = round(rect.width * scale), round(rect.height * scale)
        if left < 0 or top < 0 or left + width > picture.width or top + height > picture.height:
            raise CaptureUnavailable(_("The desktop's screenshot service gave a {w}×{h} picture, which does not "
                                       "match its screens ({desktop}); nothing was saved.").format(
                                           w=picture.width, h=picture.height, desktop=desktop))
        rgb = b"".join(picture.crop((left, row, left + width, min(top + height, row + _BAND_ROWS))).tobytes()
                       for row in range(top, top + height, _BAND_ROWS))
        png = encode_rgb_png(rgb, width, height, self.png_level)
        whole = (left, top, width, height) == (0, 0, picture.width, picture.height)
        # the method is recorded (English, like every recorded method) and printed on the exhibit's page
        file_words = (FILE_REMOVED if taken.record["removed"] else FILE_LEFT)
        method = f"xdg-desktop-portal Screenshot v{version}, non-interactive; {file_words}"
        if not whole:
            method += "; cut from its picture of the whole desktop"
        portal = {"interface": "org.freedesktop.portal.Screenshot", "version": version, "interactive": False,
                  "picture": {"width": picture.width, "height": picture.height, "opaque": opaque},
                  "cut": None if whole else {"left": left, "top": top, "width": width, "height": height},
                  "file": taken.record}
        return Grab(png=png, width=width, height=height, geometry=rect, scale=_scale_text(scale), method=method,
                    png_level=self.png_level, extra={"portal": portal})

    def foreground_window(self) -> dict[str, Any]:
        return {"title": None, "why": "a Wayland desktop does not tell programs which window is in front"}

    def library_versions(self) -> dict[str, str]:
        if self._version is None:
            return {}
        desktop = os.environ.get("XDG_CURRENT_DESKTOP", "")
        return {"portal": f"org.freedesktop.portal.Screenshot version {self._version}"
                          + (f" ({desktop})" if desktop else "")}

    def close(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None
        self._version = None


def _decode(data: bytes) -> tuple[Any, bool]:
    """The portal's picture as a Pillow RGB image, and whether it had no transparent pixel."""
    from PIL import Image  # only on this path: the X11 capture command never loads Pillow

    try:
        image = Image.open(io.BytesIO(data))
        image.load()  # Pillow decodes without holding the GIL
        opaque = "A" not in image.getbands() or image.getchannel("A").getextrema()[0] == 255
        return (image if image.mode == "RGB" else image.convert("RGB")), opaque
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CaptureUnavailable(_("The picture from the desktop's screenshot service cannot be read "
                                   "({reason}); nothing was saved.").format(reason=short_reason(exc))) from exc


def _scale_text(ratio: float) -> str:
    return f"{ratio:.3f}".rstrip("0").rstrip(".")

