"""Measures how long the Qt event loop is kept from running: a fast QTimer notes the gaps between ticks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

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


# The responsiveness tests hold the app to MAX_STALL_MS, 25 ms of stall (issue 22), *on top of* what this
# machine does to an idle event loop in the same run: on a shared 2-core CI machine an idle loop alone was
# measured stalling 40 ms. Work on the GUI thread (a capture, an export, an OCR run) stalls for hundreds of
# milliseconds or seconds, and still fails; the tests also check that the slow work itself ran off the GUI
# thread. The bare figures are printed for the log, and bench/ holds the timing targets. The allowance for
# noise is capped at 150 ms, so no run is ever allowed more than 175 ms. Every stall test of capture,
# export and OCR is held to MAX_STALL_MS (the export and the in-process capture were held to 50 ms until
# 2026-12-04: docs/performance.md, "The window stays fluid").
MAX_STALL_MS = 25
MAX_NOISE_ALLOWANCE_MS = 150


def idle_noise_ms(wait: Callable[[int], object], duration_ms: int = 1000) -> float:
    """The longest stall of an idle event loop over `duration_ms`: the machine's own scheduling noise."""
    idle = Heartbeat()
    idle.start()
    wait(duration_ms)
    idle.stop()
    return idle.longest_stall_ms


def allowed_stall_ms(noise_ms: float, limit_ms: float = MAX_STALL_MS) -> float:
    return limit_ms + min(noise_ms, MAX_NOISE_ALLOWANCE_MS)


class ThreadSpy:
    """Wraps functions so that each call notes whether it ran on the GUI (main) thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def wrap(self, name: str, function: Callable[..., object]) -> Callable[..., object]:
        def spied(*args: object, **kwargs: object) -> object:
            self.calls.append((name, threading.current_thread() is threading.main_thread()))
            return function(*args, **kwargs)
        return spied

    def on_gui_thread(self) -> list[str]:
        return [name for name, on_main in self.calls if on_main]
