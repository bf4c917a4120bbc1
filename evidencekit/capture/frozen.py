"""Region capture from a frozen screen, and single frames of a GUI-driven series (Qt-free).

The region overlay shows a grab taken *before* it appeared; the stored original is cut from that same
grab's pixels (Pillow decodes our lossless PNG, the crop is re-encoded with the exact-pixel encoder), so
what the person framed is exactly what is kept, and Qt never touches the evidence bytes.
"""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import Image

from evidencekit.capture.backend import CaptureBackend, Grab, Target
from evidencekit.capture.fields import check_fields
from evidencekit.capture.metadata import capture_record
from evidencekit.capture.png import encode_rgb_png
from evidencekit.capture.request import CaptureRequest, Rect
from evidencekit.clock import system_clock
from evidencekit.errors import UsageError
from evidencekit.store import CaseStore, Exhibit

_BAND_ROWS = 64


@dataclass(frozen=True)
class FrozenDesktop:
    """One grab of every monitor, with when it was taken and what window was in front then."""

    grab: Grab
    target: Target
    moment: datetime
    grab_ms: int
    window: dict[str, Any]
    backend: CaptureBackend


def freeze_desktop(backend: CaptureBackend) -> FrozenDesktop:
    """Grab all monitors now (the picture the region overlay shows)."""
    backend.require_available()
    target = backend.resolve(CaptureRequest.all_monitors())
    window = backend.foreground_window()
    moment = system_clock()
    started = time.perf_counter()
    grab = backend.grab(target)
    return FrozenDesktop(grab, target, moment, round((time.perf_counter() - started) * 1000), window, backend)


def crop_png(png: bytes, left: int, top: int, width: int, height: int) -> bytes:
    """Exactly the pixels of that rectangle of `png`, as a lossless PNG."""
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        if left < 0 or top < 0 or width <= 0 or height <= 0 or left + width > rgb.width or top + height > rgb.height:
            raise UsageError(f"The chosen area {width}×{height} at {left},{top} is not inside the picture of the "
                             "screen; draw it again.")
        # row bands keep each C call short, so the GUI thread is never held up for long (GIL)
        bands = [rgb.crop((left, row, left + width, min(top + height, row + _BAND_ROWS))).tobytes()
                 for row in range(top, top + height, _BAND_ROWS)]
    return encode_rgb_png(b"".join(bands), width, height)


def store_region(store: CaseStore, frozen: FrozenDesktop, pixels: Rect,
                 fields: Mapping[str, str | None] | None = None) -> Exhibit:
    """Store the `pixels` rectangle (PNG pixel coordinates of the frozen grab) as a captured exhibit."""
    checked = check_fields(fields)
    grab = frozen.grab
    png = crop_png(grab.png, pixels.left, pixels.top, pixels.width, pixels.height)
    scale = float(grab.scale) or 1.0
    geometry = grab.geometry
    desktop = Rect(geometry.left + round(pixels.left / scale), geometry.top + round(pixels.top / scale),
                   max(1, round(pixels.width / scale)), max(1, round(pixels.height / scale)))
    region_grab = Grab(png=png, width=pixels.width, height=pixels.height, geometry=desktop, scale=grab.scale,
                       method=f"{grab.method}, region cut from a frozen picture of the screen",
                       png_level=grab.png_level, extra=grab.extra)
    holder = next((m for m in frozen.target.monitors if m.rect.contains(desktop)), None)
    target = Target(desktop, holder, frozen.target.monitors)
    request = CaptureRequest.of_region(desktop.left, desktop.top, desktop.width, desktop.height)
    record = capture_record(grab=region_grab, target=target, request=request, backend=frozen.backend,
                            moment=frozen.moment, grab_ms=frozen.grab_ms, window=frozen.window, series=None)
    record["frozen"] = {"geometry": geometry.as_dict(), "pixels": {"width": grab.width, "height": grab.height},
                        "region_pixels": pixels.as_dict()}
    return _store(store, png, record, checked)


def new_series_id() -> str:
    return secrets.token_hex(8)


def capture_frame(store: CaseStore, backend: CaptureBackend, request: CaptureRequest,
                  fields: Mapping[str, str | None] | None = None, *,
                  series: dict[str, Any] | None = None) -> Exhibit:
    """One frame of a series the GUI drives (it hides its controls between frames); `series` names it."""
    checked = check_fields(fields)
    backend.require_available()
    target = backend.resolve(request)
    window = backend.foreground_window()
    moment = system_clock()
    started = time.perf_counter()
    grab = backend.grab(target)
    record = capture_record(grab=grab, target=target, request=request, backend=backend, moment=moment,
                            grab_ms=round((time.perf_counter() - started) * 1000), window=window, series=series)
    return _store(store, grab.png, record, checked)


def _store(store: CaseStore, png: bytes, record: dict[str, Any], fields: dict[str, str]) -> Exhibit:
    event = store.add_object(png, media_type="image/png", action="exhibit.captured",
                             data={"capture": record, "fields": fields})
    exhibit = store.exhibit(event.object_id or "")
    assert exhibit is not None
    return exhibit
