"""Run slow work (capture, encryption, fsync, PDF) off the GUI thread; results come back on the GUI thread.

Every store, capture and bundle call of the GUI goes through `run_in_background`, so the event loop
never stalls on disk or CPU work. Results, errors and progress are delivered by queued signals to a relay
object that lives on the GUI thread, so the callbacks may touch widgets.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

_pool: QThreadPool | None = None
_serial_pool: QThreadPool | None = None
_live: set[BackgroundTask] = set()  # keeps tasks (and their relays) alive until they report back


def thread_pool() -> QThreadPool:
    """A pool of our own (not the global one) so shutdown can wait for exactly our tasks."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def serial_pool() -> QThreadPool:
    """One thread: jobs run one after another in the order given (journal writes must not overtake)."""
    global _serial_pool
    if _serial_pool is None:
        _serial_pool = QThreadPool()
        _serial_pool.setMaxThreadCount(1)
    return _serial_pool


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues, the slots run the callbacks there."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)

    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)
        self.progressed.connect(self._on_progress)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        task = self._task
        _live.discard(task)
        task.finished = True
        if task.owner_alive():
            task.on_done(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        task = self._task
        _live.discard(task)
        task.finished = True
        if task.owner_alive():
            task.on_error(error)  # type: ignore[arg-type]

    @Slot(object)
    def _on_progress(self, value: object) -> None:
        if self._task.on_progress is not None and self._task.owner_alive():
            self._task.on_progress(value)


class _Runnable(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self._task
        try:
            result = task.fn(task.relay.progressed.emit) if task.wants_progress else task.fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread; nothing is lost
            task.relay.failed.emit(exc)
        else:
            task.relay.done.emit(result)


class BackgroundTask:
    """A handle on one background job: `cancelled` is a flag the job may poll between steps."""

    def __init__(self, fn: Callable[..., Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None],
                 on_progress: Callable[[Any], None] | None, owner: QObject | None = None) -> None:
        self.fn = fn
        self.owner = owner
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.wants_progress = on_progress is not None and _accepts_argument(fn)
        self.cancelled = threading.Event()
        self.finished = False
        self.relay = _Relay(self)

    def cancel(self) -> None:
        self.cancelled.set()

    def owner_alive(self) -> bool:
        """False once the widget that asked for this job was deleted: its callbacks must not run."""
        return self.owner is None or shiboken6.isValid(self.owner)


def _accepts_argument(fn: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in parameters)


def run_in_background(fn: Callable[..., Any], *, on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None],
                      on_progress: Callable[[Any], None] | None = None,
                      owner: QObject | None = None, serial: bool = False,
                      pool: QThreadPool | None = None) -> BackgroundTask:
    """Run `fn()` (or `fn(progress)` when on_progress is given and fn takes an argument) on a worker thread.

    With `owner`, the callbacks are dropped if that object is deleted before the job ends (a page closed).
    With `serial`, the job waits for the earlier serial jobs: writes to a case keep the order they were
    asked in (two quick edits of one label must not land in the journal the other way round).
    With `pool`, the job runs on that pool instead (the OCR reader has a thread of its own).
    """
    task = BackgroundTask(fn, on_done, on_error, on_progress, owner)
    _live.add(task)
    (pool or (serial_pool() if serial else thread_pool())).start(_Runnable(task))
    return task


def pending_tasks() -> int:
    return len(_live)


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until every background job has finished (used on exit so no write is cut short)."""
    serial_done = serial_pool().waitForDone(timeout_ms)
    return thread_pool().waitForDone(timeout_ms) and serial_done
