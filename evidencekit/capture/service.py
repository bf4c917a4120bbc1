"""Capture into a case: grab, then store the PNG as a write-once original with its journal event.

Called by the CLI and, from a worker thread, by the GUI. Every check that can refuse a request (no
screen, monitor out of range, region off screen, bad fields) runs before anything is stored, so a
refused request stores nothing. Each frame is durable (picture and journal event flushed) before
`on_progress` hears of it. `grab_frame` and `store_frame` are the two halves of one frame.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from evidencekit.capture.backend import CaptureBackend, Target
from evidencekit.capture.fields import check_fields
from evidencekit.capture.linking import link_new_picture
from evidencekit.capture.metadata import capture_record
from evidencekit.capture.request import CaptureRequest
from evidencekit.clock import Clock, system_clock
from evidencekit.records import NamedTuple

if TYPE_CHECKING:
    from evidencekit.store import CaseStore, Exhibit

Progress = Callable[[int, int, "Exhibit"], None]  # (frames saved, frames asked for, the new exhibit)
StopCheck = Callable[[], bool]
_POLL_S = 0.05


class Frame(NamedTuple):
    """One grab as PNG with its capture record, not stored yet."""

    png: bytes
    record: dict[str, Any]


def grab_frame(backend: CaptureBackend, target: Target, request: CaptureRequest, *, clock: Clock = system_clock,
               series: dict[str, Any] | None = None) -> Frame:
    """Grab `target` now: the window in front, the time just before the grab, the pixels as PNG."""
    window = backend.foreground_window()
    moment = clock()
    started = time.perf_counter()
    grab = backend.grab(target)
    grab_ms = round((time.perf_counter() - started) * 1000)
    record = capture_record(grab=grab, target=target, request=request, backend=backend, moment=moment,
                            grab_ms=grab_ms, window=window, series=series)
    return Frame(grab.png, record)


def store_frame(store: CaseStore, frame: Frame, checked_fields: dict[str, str]) -> Exhibit:
    """Store `frame` as a captured exhibit (durable on return); `checked_fields` from check_fields()."""
    event = store.add_object(frame.png, media_type="image/png", action="exhibit.captured",
                             data={"capture": frame.record, "fields": checked_fields})
    exhibit = store.exhibit(event.object_id or "")
    assert exhibit is not None
    link_new_picture(store, exhibit, frame.png)  # covered like an earlier picture with the same pixels
    return store.exhibit(exhibit.id) or exhibit


def capture_to_case(store: CaseStore, request: CaptureRequest, fields: Mapping[str, str | None] | None = None,
                    *, backend: CaptureBackend | None = None, on_progress: Progress | None = None,
                    should_stop: StopCheck | None = None, clock: Clock = system_clock) -> list[Exhibit]:
    """Capture `request` (its delay already waited out by the caller) into `store`; the new exhibits.

    A series waits `series_interval_s` between frames and ends early, keeping what was saved, once
    `should_stop()` is true.
    """
    checked_fields = check_fields(fields)
    own_backend = backend is None
    if backend is None:
        from evidencekit.capture.backends import choose_backend

        backend = choose_backend()
    try:
        backend.require_available()
        target = backend.resolve(request)
        series_id = os.urandom(8).hex() if request.series_count > 1 else None  # = secrets.token_hex(8)
        saved: list[Exhibit] = []
        for index in range(request.series_count):
            if index and not _wait(request.series_interval_s, should_stop):
                break
            if should_stop and should_stop():
                break
            series = ({"id": series_id, "index": index + 1, "count": request.series_count}
                      if series_id else None)
            exhibit = store_frame(store, grab_frame(backend, target, request, clock=clock, series=series),
                                  checked_fields)
            saved.append(exhibit)
            if on_progress:
                on_progress(index + 1, request.series_count, exhibit)
        return saved
    finally:
        if own_backend:
            backend.close()


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
