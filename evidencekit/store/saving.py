"""The worker that encrypts a large original and appends it, while the saving thread hashes it.

cryptography, os.writev and hashlib release the GIL while they work, so on two cores the SHA-256 (on the
caller's thread) runs beside the encrypt-and-write stream, with no hand-off per chunk. Below
`INLINE_BYTES` a thread hand-off costs more than it saves.
"""

from __future__ import annotations

from evidencekit.fsio import AppendSession
from evidencekit.store import age
from evidencekit.store.worker import Pending, Worker

INLINE_BYTES = 256 * 1024
GROUP_CHUNKS = 4  # 256 KiB of picture per write, each group's writeback started at once


class Workers:
    """Started on first use (a case that only reads never starts it)."""

    def __init__(self) -> None:
        self._encrypter: Worker | None = None

    def encrypt_and_write(self, sealed: age.SealedFile, data: bytes, session: AppendSession) -> Pending[None]:
        """Encrypt `data` into `sealed`'s payload and append it through `session`, 256 KiB at a time with
        writeback started per group; on the worker for large data (wait on the result before writing more)."""
        payload = sealed.payload(data)
        if len(data) < INLINE_BYTES:
            session.write(list(payload.encrypt(0, payload.count)))
            return Pending.done(None)
        if self._encrypter is None:
            self._encrypter = Worker("evidencekit-encrypt")
        return self._encrypter.submit(_encrypt_and_write, payload, session)

    def close(self) -> None:
        if self._encrypter is not None:
            self._encrypter.close()
            self._encrypter = None


def _encrypt_and_write(payload: age.Payload, session: AppendSession) -> None:
    for first in range(0, payload.count, GROUP_CHUNKS):
        session.write(list(payload.encrypt(first, first + GROUP_CHUNKS)), start_writeback=True)
