"""One capture from start to "Saved": hide the app, count down, grab (or freeze and choose a region, or
run a series), store in the background, show the app again.

Every grab and store runs on a worker thread through the session; the windows come back only after
the store call returned, so "Saved" always means durable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import shiboken6
from PIL import Image
from PySide6.QtCore import QObject, QRect, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from evidencekit.capture import CaptureBackend, CaptureRequest, capture_to_case, choose_backend
from evidencekit.capture.frozen import FrozenDesktop, capture_frame, freeze_desktop, new_series_id, store_region
from evidencekit.capture.metadata import os_record, software_record
from evidencekit.capture.request import Rect
from evidencekit.gui.capture.countdown import Countdown
from evidencekit.gui.capture.region_overlay import RegionOverlay
from evidencekit.gui.capture.series_control import SeriesControl
from evidencekit.gui.session import CaseSession
from evidencekit.gui.workers import run_in_background
from evidencekit.i18n import format_datetime, format_number
from evidencekit.store import CaseStore, Exhibit

SETTLE_MS = 350  # after hiding our windows: time for the window system to repaint what was under them


def warm_up() -> None:
    """Do the one-time work of the first capture now (at start-up), not while the event loop must run:
    the OS record (platform.platform() starts a subprocess once), Pillow's format plugins, and Babel's
    date formats, which the saved picture's "Captured 27 Nov 2026 23:01" needs (~18 ms on first use)."""
    os_record()
    software_record()
    Image.preinit()
    format_datetime(datetime.now())
    format_number(0)


@dataclass
class CaptureOptions:
    """What the capture page asked for."""

    area: str = "screen"  # "screen" | "region"
    monitor: int | None = None  # 1-based; None: the primary screen
    delay_s: int = 0
    series: str = "single"  # "single" | "timed" | "manual"
    interval_s: int = 5
    fields: dict[str, str] = field(default_factory=dict)

    def request(self) -> CaptureRequest:
        if self.monitor is not None:
            return CaptureRequest.one_monitor(self.monitor)
        return CaptureRequest.whole_screen()


class CaptureFlow(QObject):
    """Emits `finished(list[Exhibit])` (possibly empty if cancelled) or `failed(exception)`; once."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int)  # pictures saved so far (series)

    def __init__(self, session: CaseSession, options: CaptureOptions) -> None:
        super().__init__()
        self.session = session
        self.options = options
        self.saved: list[Exhibit] = []
        self.hidden: list[QWidget] = []
        self.countdown: Countdown | None = None
        self.overlay: RegionOverlay | None = None
        self.control: SeriesControl | None = None
        self.series_id = new_series_id()
        self.stopping = False
        self.done = False
        self._backend: CaptureBackend | None = None

    # ----- helpers --------------------------------------------------------------------------------

    def make_backend(self) -> CaptureBackend:
        factory: Callable[[], Any] | None = self.session.backend_factory
        return factory() if factory is not None else choose_backend()

    def hide_app(self) -> None:
        """Hide every visible window of the app (remembering them) so none is in the picture."""
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget not in (self.countdown, self.overlay, self.control):
                self.hidden.append(widget)
                widget.hide()

    def restore_app(self) -> None:
        """Show the hidden windows again, unless the case was locked meanwhile (quick exit, idle lock):
        then they stay hidden, and a window Qt has deleted since is skipped."""
        hidden, self.hidden = self.hidden, []
        if not self.session.is_open:
            return
        alive = [widget for widget in hidden if shiboken6.isValid(widget)]
        for widget in alive:
            widget.show()
        if alive:
            alive[0].raise_()
            alive[0].activateWindow()

    def _after_settle(self, then: Callable[[], None]) -> None:
        QApplication.processEvents()
        QTimer.singleShot(SETTLE_MS, then)

    # ----- the flow -------------------------------------------------------------------------------

    def start(self) -> None:
        self.hide_app()
        if self.options.delay_s > 0:
            self.countdown = Countdown(self.options.delay_s)
            self.countdown.elapsed.connect(lambda: self._after_settle(self._take))
            self.countdown.cancelled.connect(lambda: self._finish())
            self.countdown.start()
        else:
            self._after_settle(self._take)

    def _take(self) -> None:
        if self.options.area == "region":
            self._freeze()
        elif self.options.series in ("timed", "manual"):
            self._series_frame()
        else:
            self._single()

    def _single(self) -> None:
        request, fields = self.options.request(), dict(self.options.fields)

        def grab_and_store(store: CaseStore) -> list[Exhibit]:
            backend = self.make_backend()
            try:
                return capture_to_case(store, request, fields, backend=backend)
            finally:
                backend.close()

        self.session.run(grab_and_store, on_done=self._saved_and_finish, on_error=self._fail)

    def _saved_and_finish(self, exhibits: list[Exhibit]) -> None:
        """The pictures are durable and the pages have seen the new state (session.run refreshes them
        before this); the windows come back in the event loop's next turn, so that refresh and the
        windows' layout and paint on showing again are two shorter frames, not one long one."""
        self.saved.extend(exhibits)
        QTimer.singleShot(0, self, self._finish)

    # ----- region ---------------------------------------------------------------------------------

    def _freeze(self) -> None:
        def freeze() -> tuple[FrozenDesktop, QImage]:
            backend = self.make_backend()
            try:
                frozen = freeze_desktop(backend)
            finally:
                backend.close()
            image = QImage.fromData(frozen.grab.png)  # shown only; the evidence stays the PNG bytes
            return frozen, image

        run_in_background(freeze, on_done=self._show_overlay, on_error=self._fail)

    def _show_overlay(self, result: tuple[FrozenDesktop, QImage]) -> None:
        frozen, image = result
        screen = QGuiApplication.primaryScreen()
        self.overlay = RegionOverlay(image, _screen_part(frozen, screen))
        self.overlay.chosen.connect(lambda rect: self._store_region(frozen, rect))
        self.overlay.cancelled.connect(lambda: self._finish())
        self.overlay.start(screen)

    def _store_region(self, frozen: FrozenDesktop, pixels: Rect) -> None:
        fields = dict(self.options.fields)
        self.session.run(lambda store: [store_region(store, frozen, pixels, fields)],
                         on_done=self._saved_and_finish, on_error=self._fail)

    # ----- series ---------------------------------------------------------------------------------

    def _series_frame(self) -> None:
        if self.stopping or self.done:
            self._finish()
            return
        if self.control is not None:
            self.control.pause()
            self.control.hide()
            QApplication.processEvents()
        request, fields = self.options.request(), dict(self.options.fields)
        series = {"id": self.series_id, "index": len(self.saved) + 1, "count": None,
                  "mode": ("every N seconds until stopped" if self.options.series == "timed"  # i18n: not shown
                           else "one per click")}  # i18n: not shown
        if self.options.series == "timed":
            series["interval_ms"] = self.options.interval_s * 1000

        def grab_and_store(store: CaseStore) -> Exhibit:
            backend = self.make_backend()
            try:
                return capture_frame(store, backend, request, fields, series=series)
            finally:
                backend.close()

        self.session.run(grab_and_store, on_done=self._series_saved, on_error=self._fail)

    def _series_saved(self, exhibit: Exhibit) -> None:
        self.saved.append(exhibit)
        self.progressed.emit(len(self.saved))
        if self.stopping:
            self._finish()
            return
        if self.control is None:
            interval = self.options.interval_s if self.options.series == "timed" else None
            self.control = SeriesControl(interval_s=interval)
            self.control.next_requested.connect(self._next_requested)
            self.control.stop_requested.connect(self.stop)
        self.control.picture_saved(len(self.saved))

    def _next_requested(self) -> None:
        if self.control is not None:
            self.control.pause()
            self.control.hide()
        self._after_settle(self._series_frame)

    def stop(self) -> None:
        """End a series; a picture being stored right now is kept and then the app comes back."""
        if self.stopping or self.done:
            return
        self.stopping = True
        if self.session.busy:
            return  # _series_saved finishes once the current picture is durable
        self._finish()

    # ----- ending ---------------------------------------------------------------------------------

    def _fail(self, exc: BaseException) -> None:
        self._close_windows()
        self.restore_app()
        if not self.done:
            self.done = True
            self.failed.emit(exc)

    def _finish(self) -> None:
        self._close_windows()
        self.restore_app()
        if not self.done:
            self.done = True
            self.finished.emit(list(self.saved))

    def _close_windows(self) -> None:
        for window in (self.countdown, self.overlay, self.control):
            if window is not None:
                window.blockSignals(True)
                window.hide()
                window.deleteLater()
        self.countdown = self.overlay = self.control = None


def _screen_part(frozen: FrozenDesktop, screen: QScreen | None) -> QRect | None:
    """On Wayland, where one full-screen window covers one screen: the frozen picture's pixels of that
    screen (Qt's screen geometry and the portal's desktop share the compositor's logical layout).
    Elsewhere None: the overlay spans every screen and shows the whole picture."""
    if screen is None or not QGuiApplication.platformName().startswith("wayland"):
        return None
    desktop, grab = frozen.grab.geometry, frozen.grab
    scale = float(grab.scale) or 1.0
    area = screen.geometry()
    part = QRect(round((area.x() - desktop.left) * scale), round((area.y() - desktop.top) * scale),
                 round(area.width() * scale), round(area.height() * scale))
    return part.intersected(QRect(0, 0, grab.width, grab.height))
