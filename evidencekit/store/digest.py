"""Two worker threads for a large original: SHA-256 on one, age chunk encryption on the other.

hashlib and cryptography both release the GIL while they work, so on two cores hashing, encrypting and
writing (the caller's thread) overlap. Below `INLINE_BYTES` a thread hand-off costs more than it saves.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator

from evidencekit.store import age
from evidencekit.store.worker import Pending, Worker

INLINE_BYTES = 256 * 1024
GROUP_CHUNKS = 4  # 256 KiB of picture per encryption task
AHEAD = 2  # tasks in flight, so the writer never waits for the next group


class Workers:
    """Started on first use (a case that only reads never starts them)."""

    def __init__(self) -> None:
        self._hasher: Worker | None = None
        self._encrypter: Worker | None = None

    def _workers(self) -> tuple[Worker, Worker]:
        if self._hasher is None or self._encrypter is None:
            self._hasher = Worker("evidencekit-sha256")
            self._encrypter = Worker("evidencekit-encrypt")
        return self._hasher, self._encrypter

    def sha256(self, data: bytes) -> Callable[[], str]:
        """Begin hashing `data`; the returned function gives its hex SHA-256 (waiting if need be)."""
        if len(data) < INLINE_BYTES:
            digest = hashlib.sha256(data).hexdigest()
            return lambda: digest
        return self._workers()[0].submit(_sha256_hex, data).result

    def encrypted_chunks(self, sealed: age.SealedFile, data: bytes) -> Iterator[bytes]:
        """`sealed`'s payload chunks of `data`, in order; for large data the first groups are already
        being encrypted on a worker when this returns."""
        payload = sealed.payload(data)
        if len(data) < INLINE_BYTES:
            return iter(payload.encrypt(0, payload.count))
        return self._encrypt_ahead(payload)

    def _encrypt_ahead(self, payload: age.Payload) -> Iterator[bytes]:
        encrypter = self._workers()[1]
        starts = iter(range(0, payload.count, GROUP_CHUNKS))
        pending: deque[Pending[list[bytes]]] = deque()

        def submit_next() -> None:
            first = next(starts, None)
            if first is not None:
                pending.append(encrypter.submit(payload.encrypt, first, first + GROUP_CHUNKS))

        for _ in range(AHEAD):
            submit_next()
        return self._in_order(pending, submit_next)

    @staticmethod
    def _in_order(pending: deque[Pending[list[bytes]]], submit_next: Callable[[], None]) -> Iterator[bytes]:
        while pending:
            group = pending.popleft().result()
            submit_next()
            yield from group

    def close(self) -> None:
        for worker in (self._hasher, self._encrypter):
            if worker is not None:
                worker.close()
        self._hasher = self._encrypter = None


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
