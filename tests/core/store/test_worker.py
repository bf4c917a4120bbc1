"""The store's worker thread: calls run in order, results and errors reach whoever waits, close drains."""

from __future__ import annotations

import threading

import pytest

from evidencekit.store.worker import Worker


def test_calls_run_in_order_on_one_thread_and_hand_back_results() -> None:
    worker = Worker("test-worker")
    seen: list[tuple[int, str]] = []

    def square(n: int) -> int:
        seen.append((n, threading.current_thread().name))
        return n * n

    results = [worker.submit(square, n) for n in range(50)]
    assert [pending.result() for pending in results] == [n * n for n in range(50)]
    assert [n for n, _ in seen] == list(range(50))
    assert {name for _, name in seen} == {"test-worker"}
    worker.close()


def test_an_error_in_a_call_is_raised_to_the_waiter_and_the_worker_goes_on() -> None:
    worker = Worker("test-worker")
    failing = worker.submit(lambda: 1 // 0)
    after = worker.submit(lambda: "still running")
    with pytest.raises(ZeroDivisionError):
        failing.result()
    assert after.result() == "still running"
    worker.close()


def test_close_waits_for_every_submitted_call() -> None:
    worker = Worker("test-worker")
    gate, done = threading.Event(), []
    worker.submit(gate.wait)
    worker.submit(lambda: done.append(True))
    threading.Timer(0.05, gate.set).start()
    worker.close()
    assert done == [True]
