"""The facts printed beside an exhibit, read from records shaped as the capture and import code write them."""

from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from evidencekit.bundle.facts import method_text
from evidencekit.bundle.pages_exhibit import exif_time_text
from evidencekit.capture.backend import CaptureBackend, Grab, MonitorInfo, Target
from evidencekit.capture.importer import CheckedFile, check_image_file
from evidencekit.capture.metadata import capture_record
from evidencekit.capture.request import CaptureRequest, Rect
from evidencekit.store.events import Event
from evidencekit.store.state import replay
from tests.core.bundle.conftest import BuildBundle, SampleCase, make_case

DATE_TIME, DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 306, 36867, 36881


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


def _jpeg(tmp_path: Path, exif_tags: dict[int, str], gps: dict[int, Any] | None = None) -> Path:
    exif = Image.Exif()
    for tag, value in exif_tags.items():
        if tag in (DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL):
            exif.get_ifd(0x8769)[tag] = value
        else:
            exif[tag] = value
    if gps:
        exif.get_ifd(0x8825).update(gps)
    path = tmp_path / "phone.jpg"
    Image.new("RGB", (320, 200), (200, 210, 220)).save(path, format="JPEG", exif=exif)
    return path


def _imported_case(checked: CheckedFile) -> SampleCase:
    case = make_case(pictures=[])
    last = case.events[-1]
    object_id = "0000" + hashlib.sha256(checked.data).hexdigest()[:28]
    case.objects[object_id] = checked.data
    event = Event(seq=last.seq + 1, case_id=last.case_id, time=last.time, actor=last.actor,
                  action="exhibit.imported", object_id=object_id, inputs=[],
                  outputs=[{"sha256": hashlib.sha256(checked.data).hexdigest(), "size": len(checked.data),
                            "media_type": checked.media_type}],
                  data={"import": checked.record, "fields": {"label": "phone screenshot", "category": "other"}},
                  app=last.app, prev=last.hash).with_hash()
    case.events.append(event)
    case.state = replay(last.case_id, case.events)
    return case


def _exif_row(pdf: Path) -> str:
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    match = re.search(r"Time in the picture's EXIF data \(claimed\) (.*?) File format", text)
    assert match, text
    return match.group(1)


def test_an_import_with_only_exif_datetime_says_so(build: BuildBundle, tmp_path: Path) -> None:
    checked = check_image_file(_jpeg(tmp_path, {DATE_TIME: "2026:03:03 21:09:12"}))
    assert checked.record["exif_time"] is None and checked.record["exif"]["date_time"] == "2026:03:03 21:09:12"
    assert exif_time_text(checked.record) == (
        "no DateTimeOriginal (when the picture was taken); DateTime (when the file was last written): "
        "2026-03-03 21:09:12, zone unknown")
    row = _exif_row(build(_imported_case(checked)).path)
    assert row.startswith("no DateTimeOriginal") and "2026-03-03 21:09:12, zone unknown" in row
    assert "not given" not in row


def test_an_import_with_datetimeoriginal_shows_it_and_one_without_either_says_not_given(tmp_path: Path) -> None:
    checked = check_image_file(_jpeg(tmp_path, {DATE_TIME_ORIGINAL: "2026:03:03 21:00:00",
                                                DATE_TIME: "2026:03:04 08:00:00"}))
    assert exif_time_text(checked.record) == "2026-03-03 21:00:00, zone unknown"
    bare = check_image_file(_jpeg(tmp_path, {}))
    assert exif_time_text(bare.record) == "not given"


def test_exif_and_gps_times_are_readable_with_their_zone_and_stand_in_the_timeline(build: BuildBundle,
                                                                                  tmp_path: Path) -> None:
    from evidencekit.capture.picture_times import exif_time, gps_time

    assert exif_time("2026:03:03 21:09:12", "+01:00").utc == "2026-03-03T20:09:12Z"
    assert exif_time("2026:03:03 21:09:12", "-05:30").utc == "2026-03-04T02:39:12Z"
    assert exif_time("2026:13:03 21:09:12") is None and exif_time("yesterday") is None
    path = _jpeg(tmp_path, {DATE_TIME_ORIGINAL: "2026:03:03 21:09:12", OFFSET_TIME_ORIGINAL: "+01:00"},
                 gps={29: "2026:03:03", 7: (20.0, 9.0, 10.0)})
    checked = check_image_file(path)
    assert gps_time(checked.data).utc == "2026-03-03T20:09:10Z"
    assert exif_time_text(checked.record) == "2026-03-03 21:09:12 +01:00 (2026-03-03 20:09:12 UTC)"
    pdf = build(_imported_case(checked)).path
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "GPS time in the picture (claimed) 2026-03-03 20:09:10 UTC" in text
    assert ("2026-03-03 21:09:12 +01:00 (2026-03-03 20:09:12 UTC) EK-001: time the picture was taken, by its own "
            "EXIF data (a claim from the file)") in text
    assert "2026-03-03 20:09:10 UTC EK-001: GPS time in the picture (a claim from the file)" in text
    unknown = check_image_file(_jpeg(tmp_path, {DATE_TIME_ORIGINAL: "2026:03:03 21:09:12"}))
    pdf = build(_imported_case(unknown), name="unknown.pdf").path
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "2026-03-03 21:09:12, zone unknown EK-001: time the picture was taken" in text
