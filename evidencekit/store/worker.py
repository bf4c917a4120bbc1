"""A worker thread that runs functions in order, and the result of one call.

The store needs only this much of concurrent.futures, whose import (with logging) costs a
command-line capture ~3 ms before it has done anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

try:  # queue.SimpleQueue itself; importing queue (for its other queues, with heapq) was ~0.5 ms of a capture
    from _queue import SimpleQueue
except ImportError:  # an interpreter without CPython's accelerator module
    from queue import SimpleQueue

_T = TypeVar("_T")


class Pending(Generic[_T]):
    """The result of a call on a worker: `result()` waits for it, re-raising what the call raised."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._value: _T  # set before _done is, unless the call raised (then _error is)
        self._error: BaseException | None = None

    @classmethod
    def done(cls, value: _T) -> Pending[_T]:
        """An already finished result (work that was done inline)."""
        pending: Pending[_T] = cls()
        pending._value = value
        pending._done.set()
        return pending

    def result(self) -> _T:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value


class Worker:
    """One daemon thread; calls run in the order they were submitted. `close` waits for them."""

    def __init__(self, name: str) -> None:
        self._queue: SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...], Pending[Any]] | None] = SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, function: Callable[..., _T], *args: Any) -> Pending[_T]:
        pending: Pending[_T] = Pending()
        self._queue.put((function, args, pending))
        return pending

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            function, args, pending = item
            try:
                pending._value = function(*args)
            except BaseException as exc:  # handed to whoever waits for the result
                pending._error = exc
            pending._done.set()
