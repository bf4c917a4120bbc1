"""Screen capture and import of screenshots (Qt-free): backends, request values, storing into a case."""

from evidencekit.capture.backend import Availability, CaptureBackend, Grab, MonitorInfo, Target
from evidencekit.capture.backends import BACKEND_CLASSES, choose_backend
from evidencekit.capture.exhibits import edit_exhibit, exhibit_as_dict, export_original, find_exhibit
from evidencekit.capture.fields import check_fields
from evidencekit.capture.fixture_backend import FixtureBackend, synthetic_desktop_png
from evidencekit.capture.importer import MEDIA_TYPES, check_image_file, import_files
from evidencekit.capture.mss_backend import MssBackend
from evidencekit.capture.png import encode_rgb_png, png_size
from evidencekit.capture.request import CaptureRequest, Rect, parse_region
from evidencekit.capture.service import capture_to_case
from evidencekit.capture.window_title import foreground_window_claim

__all__ = [
    "BACKEND_CLASSES",
    "MEDIA_TYPES",
    "Availability",
    "CaptureBackend",
    "CaptureRequest",
    "FixtureBackend",
    "Grab",
    "MonitorInfo",
    "MssBackend",
    "Rect",
    "Target",
    "capture_to_case",
    "check_fields",
    "check_image_file",
    "choose_backend",
    "edit_exhibit",
    "encode_rgb_png",
    "exhibit_as_dict",
    "export_original",
    "find_exhibit",
    "foreground_window_claim",
    "import_files",
    "parse_region",
    "png_size",
    "synthetic_desktop_png",
]
