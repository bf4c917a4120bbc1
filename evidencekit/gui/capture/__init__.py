"""Taking pictures of the screen from the GUI: hiding the app, countdown, region overlay, series control."""

from evidencekit.gui.capture.flow import CaptureFlow, CaptureOptions

__all__ = ["CaptureFlow", "CaptureOptions"]
