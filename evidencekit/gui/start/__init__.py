"""The start screen: what the app does, create or open a case, support-worker mode."""

from evidencekit.gui.start.start_window import StartWindow

__all__ = ["StartWindow"]
