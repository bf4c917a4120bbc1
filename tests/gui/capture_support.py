"""Helpers of the capture-mode tests: a fixture backend that notes which app windows were visible at
each grab, and an open main window on a fresh case."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from evidencekit.capture import FixtureBackend
from evidencekit.capture.backend import Grab, Target


class WatchingBackend(FixtureBackend):
    """Grabs like FixtureBackend and records the titles of the app's windows that were visible then."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.visible_at_grab: list[list[str]] = []

    def grab(self, target: Target) -> Grab:
        visible = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
        self.visible_at_grab.append(visible)
        return super().grab(target)
