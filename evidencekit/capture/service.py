"""Capture into a case: grab, then store the PNG as a write-once original with its journal event.

Called by the CLI and, from a worker thread, by the GUI. Every check that can refuse a request (no
screen, monitor out of range, region off screen, bad fields) runs before the first grab, so a refused
request stores nothing. Each frame is durable (encrypted object fsynced, journal event fsynced) before
`on_progress` hears of it.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping

from evidencekit.capture.backend import CaptureBackend
from evidencekit.capture.backends import choose_backend
from evidencekit.capture.fields import check_fields
from evidencekit.capture.metadata import capture_record
from evidencekit.capture.request import CaptureRequest
from evidencekit.clock import Clock, system_clock
from evidencekit.store import CaseStore, Exhibit

Progress = Callable[[int, int, Exhibit], None]  # (frames saved, frames asked for, the new exhibit)
StopCheck = Callable[[], bool]
_POLL_S = 0.05


def capture_to_case(store: CaseStore, request: CaptureRequest, fields: Mapping[str, str | None] | None = None,
                    *, backend: CaptureBackend | None = None, on_progress: Progress | None = None,
                    should_stop: StopCheck | None = None, clock: Clock = system_clock) -> list[Exhibit]:
    """Capture `request` (its delay already waited out by the caller) into `store`; the new exhibits.

    A series waits `series_interval_s` between frames and ends early, keeping what was saved, once
    `should_stop()` is true.
    """
    checked_fields = check_fields(fields)
    own_backend = backend is None
    active = choose_backend() if backend is None else backend
    try:
        active.require_available()
        target = active.resolve(request)
        series_id = secrets.token_hex(8) if request.series_count > 1 else None
        saved: list[Exhibit] = []
        for index in range(request.series_count):
            if index and not _wait(request.series_interval_s, should_stop):
                break
            if should_stop and should_stop():
                break
            window = active.foreground_window()
            moment = clock()
            started = time.perf_counter()
            grab = active.grab(target)
            grab_ms = round((time.perf_counter() - started) * 1000)
            series = ({"id": series_id, "index": index + 1, "count": request.series_count}
                      if series_id else None)
            record = capture_record(grab=grab, target=target, request=request, backend=active, moment=moment,
                                    grab_ms=grab_ms, window=window, series=series)
            event = store.add_object(grab.png, media_type="image/png", action="exhibit.captured",
                                     data={"capture": record, "fields": checked_fields})
            exhibit = store.exhibit(event.object_id or "")
            assert exhibit is not None
            saved.append(exhibit)
            if on_progress:
                on_progress(index + 1, request.series_count, exhibit)
        return saved
    finally:
        if own_backend:
            active.close()


def _wait(seconds: float, should_stop: StopCheck | None) -> bool:
    """Sleep `seconds`, checking `should_stop` often; False if stopped."""
    deadline = time.monotonic() + seconds
    while True:
        if should_stop and should_stop():
            return False
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return True
        time.sleep(min(_POLL_S, remaining))
