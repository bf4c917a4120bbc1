"""Measures how long the Qt event loop is kept from running: a fast QTimer notes the gaps between ticks."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class Heartbeat(QObject):
    """`longest_stall_ms`: the longest gap between two ticks beyond the timer's interval."""

    def __init__(self, interval_ms: int = 2) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.ticks = 0
        self.longest_gap_ms = 0.0
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.longest_gap_ms = max(self.longest_gap_ms, (now - self._last) * 1000)
        self._last = now
        self.ticks += 1

    @property
    def longest_stall_ms(self) -> float:
        return max(0.0, self.longest_gap_ms - self.interval_ms)
