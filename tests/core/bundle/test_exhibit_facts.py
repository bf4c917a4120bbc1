"""The facts printed beside an exhibit, read from records shaped as the capture and import code write them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from evidencekit.bundle.facts import method_text
from evidencekit.capture.backend import CaptureBackend, Grab, MonitorInfo, Target
from evidencekit.capture.metadata import capture_record
from evidencekit.capture.request import CaptureRequest, Rect


class _FakeBackend(CaptureBackend):
    name = "fake"

    def monitors(self) -> list[MonitorInfo]:
        return []

    def grab(self, target: Target) -> Grab:
        raise NotImplementedError


def _real_capture_record(rect: Rect, request: CaptureRequest, monitor: MonitorInfo | None) -> dict[str, Any]:
    grab = Grab(png=b"", width=rect.width, height=rect.height, geometry=rect, scale="1", method="mss test",
                png_level=1)
    monitors = (MonitorInfo(1, Rect(0, 0, 1920, 1080), primary=True), MonitorInfo(2, Rect(1920, 40, 1600, 1000)))
    return capture_record(grab=grab, target=Target(rect, monitor, monitors), request=request,
                          backend=_FakeBackend(), moment=datetime(2026, 3, 3, 20, 0, tzinfo=UTC), grab_ms=12,
                          window={"title": None}, series=None)


def test_a_real_monitor_capture_record_gives_its_position() -> None:
    second = MonitorInfo(2, Rect(1920, 40, 1600, 1000))
    record = _real_capture_record(second.rect, CaptureRequest("monitor", monitor=2), second)
    assert "left" in record["geometry"] and "x" not in record["geometry"]  # the shape this test relies on
    text = method_text(record)
    assert "whole screen, monitor 2 of 2" in text
    assert "1600 × 1000 at 1920,40" in text and "?" not in text


def test_a_real_region_capture_record_gives_its_position() -> None:
    region = Rect(2000, 300, 640, 480)
    record = _real_capture_record(region, CaptureRequest("region", region=region),
                                  MonitorInfo(2, Rect(1920, 40, 1600, 1000)))
    assert "640 × 480 at 2000,300" in method_text(record)


def test_older_x_y_geometry_is_still_read_and_a_missing_corner_is_a_question_mark() -> None:
    assert "10 × 20 at 3,4" in method_text({"method": "m", "geometry": {"x": 3, "y": 4, "width": 10, "height": 20}})
    assert "10 × 20 at ?,?" in method_text({"method": "m", "geometry": {"width": 10, "height": 20}})
