"""Screen capture through python-mss: X11 (XShmGetImage), Windows (GDI BitBlt), macOS (Quartz).

mss reads the framebuffer directly, so on a Wayland session it would only see X11 (XWayland) windows,
usually as black: the backend says so and refuses rather than store a misleading picture. On X11 the
ctypes backend (x11_backend.py) comes first; mss is the backend on Windows and macOS, and the X11
fallback for screens whose pixel format that backend does not read.
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

import mss

from evidencekit.capture.backend import CaptureBackend, Grab, MonitorInfo, Target, short_reason
from evidencekit.capture.png import DEFAULT_LEVEL, encode_bgrx_png
from evidencekit.capture.request import Rect
from evidencekit.capture.session import WAYLAND_WHY, session_problem
from evidencekit.capture.window_title import foreground_window_claim
from evidencekit.errors import CaptureUnavailable

__all__ = ["WAYLAND_WHY", "MssBackend", "session_problem"]  # the session check moved to session.py

class MssBackend(CaptureBackend):
    """The first backend: python-mss, with our own lossless PNG encoder of the raw pixels."""

    name: ClassVar[str] = "mss"

    def __init__(self, *, png_level: int = DEFAULT_LEVEL, display: str | None = None) -> None:
        self.png_level = png_level
        self._display = display
        self._mss: Any = None

    def _connection(self) -> Any:
        if self._mss is None:
            problem = session_problem() if self._display is None else None
            if problem:
                raise CaptureUnavailable(problem)
            try:
                if self._display and sys.platform.startswith("linux"):
                    self._mss = mss.MSS(display=self._display)
                else:
                    self._mss = mss.MSS()
            except mss.ScreenShotError as exc:
                raise CaptureUnavailable(f"The screen cannot be opened for capture ({short_reason(exc)}).") from exc
        return self._mss

    def monitors(self) -> list[MonitorInfo]:
        try:
            raw = self._connection().monitors
        except mss.ScreenShotError as exc:
            raise CaptureUnavailable(f"The list of screens cannot be read ({short_reason(exc)}).") from exc
        return [
            MonitorInfo(number=index, rect=Rect(m["left"], m["top"], m["width"], m["height"]),
                        primary=bool(m.get("is_primary", False)),
                        name=str(m.get("name") or m.get("output") or ""))
            for index, m in enumerate(raw[1:], start=1)
        ]

    def grab(self, target: Target) -> Grab:
        connection = self._connection()
        rect = target.rect
        try:
            shot = connection.grab(rect.as_dict())
        except mss.ScreenShotError as exc:
            raise CaptureUnavailable(f"The screen could not be read ({short_reason(exc)}).") from exc
        width, height = shot.size
        png = encode_bgrx_png(shot.raw, width, height, self.png_level)
        return Grab(png=png, width=width, height=height, geometry=rect, scale=_scale(width, rect.width),
                    method=f"mss {mss.__version__} {self._method_name()}", png_level=self.png_level)

    def _method_name(self) -> str:
        impl = type(getattr(self._mss, "_impl", None)).__name__
        return {"MSSImplXShmGetImage": "X11 XShmGetImage", "MSSImplXGetImage": "X11 XGetImage",
                "MSSImplXlib": "X11 Xlib XGetImage", "MSSImplDarwin": "macOS CoreGraphics"}.get(
                    impl, "Windows GDI BitBlt" if sys.platform == "win32" else impl)

    def foreground_window(self) -> dict[str, Any]:
        return foreground_window_claim(self._display)

    def library_versions(self) -> dict[str, str]:
        return {"mss": mss.__version__}

    def close(self) -> None:
        if self._mss is not None:
            self._mss.close()
            self._mss = None


def _scale(pixels: int, units: int) -> str:
    """PNG pixels per desktop unit as a short decimal string ("1", "2", "1.25")."""
    ratio = pixels / units if units else 1.0
    return f"{ratio:.3f}".rstrip("0").rstrip(".")
