"""Two worker threads for a large original: SHA-256 on one, age chunk encryption on the other.

hashlib and cryptography both release the GIL while they work, so on two cores hashing, encrypting and
writing (the caller's thread) overlap. Below `INLINE_BYTES` a thread hand-off costs more than it saves.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from evidencekit.store import age

INLINE_BYTES = 256 * 1024
GROUP_CHUNKS = 4  # 256 KiB of picture per encryption task
AHEAD = 2  # tasks in flight, so the writer never waits for the next group


class Workers:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="evidencekit-save")
        return self._pool

    def sha256(self, data: bytes) -> Callable[[], str]:
        """Begin hashing `data`; the returned function gives its hex SHA-256 (waiting if need be)."""
        if len(data) < INLINE_BYTES:
            digest = hashlib.sha256(data).hexdigest()
            return lambda: digest
        return self._executor().submit(lambda: hashlib.sha256(data).hexdigest()).result

    def encrypted_chunks(self, sealed: age.SealedFile, data: bytes) -> Iterator[bytes]:
        """`sealed`'s payload chunks of `data`, in order; for large data the first groups are already
        being encrypted on a worker when this returns."""
        payload = sealed.payload(data)
        if len(data) < INLINE_BYTES:
            return iter(payload.encrypt(0, payload.count))
        return self._encrypt_ahead(payload)

    def _encrypt_ahead(self, payload: age.Payload) -> Iterator[bytes]:
        pool = self._executor()
        starts = iter(range(0, payload.count, GROUP_CHUNKS))
        pending: deque[Future[list[bytes]]] = deque()

        def submit_next() -> None:
            first = next(starts, None)
            if first is not None:
                pending.append(pool.submit(payload.encrypt, first, first + GROUP_CHUNKS))

        for _ in range(AHEAD):
            submit_next()
        return self._in_order(pending, submit_next)

    @staticmethod
    def _in_order(pending: deque[Future[list[bytes]]], submit_next: Callable[[], None]) -> Iterator[bytes]:
        while pending:
            group = pending.popleft().result()
            submit_next()
            yield from group

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None
