"""Screen capture and import of screenshots (Qt-free): backends, request values, storing into a case.

Names are re-exported lazily (PEP 562) so `evidencekit capture` loads neither Pillow nor the import code:
whole-process capture time is mostly interpreter start-up and imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from evidencekit.capture.x11_backend import X11Backend

_SOURCES = {
    "Availability": "evidencekit.capture.backend",
    "BACKEND_CLASSES": "evidencekit.capture.backends",
    "CaptureBackend": "evidencekit.capture.backend",
    "CaptureRequest": "evidencekit.capture.request",
    "FixtureBackend": "evidencekit.capture.fixture_backend",
    "Grab": "evidencekit.capture.backend",
    "MEDIA_TYPES": "evidencekit.capture.importer",
    "MonitorInfo": "evidencekit.capture.backend",
    "MssBackend": "evidencekit.capture.mss_backend",
    "Rect": "evidencekit.capture.request",
    "Target": "evidencekit.capture.backend",
    "X11Backend": "evidencekit.capture.x11_backend",
    "capture_to_case": "evidencekit.capture.service",
    "check_fields": "evidencekit.capture.fields",
    "check_image_file": "evidencekit.capture.importer",
    "choose_backend": "evidencekit.capture.backends",
    "edit_exhibit": "evidencekit.capture.exhibits",
    "encode_rgb_png": "evidencekit.capture.png",
    "exhibit_as_dict": "evidencekit.capture.exhibits",
    "export_original": "evidencekit.capture.exhibits",
    "find_exhibit": "evidencekit.capture.exhibits",
    "foreground_window_claim": "evidencekit.capture.window_title",
    "import_files": "evidencekit.capture.importer",
    "parse_region": "evidencekit.capture.request",
    "png_size": "evidencekit.capture.png",
    "synthetic_desktop_png": "evidencekit.capture.fixture_backend",
}
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
    "X11Backend",
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


def __getattr__(name: str) -> Any:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_SOURCES[name]), name)
