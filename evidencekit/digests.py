"""SHA-256, HMAC-SHA256 and a constant-time comparison from `cryptography`, for the store and the capture path.

The store needs `cryptography` anyway (ChaCha20-Poly1305, X25519), and its OpenSSL is already loaded
then. `hashlib` and `hmac` would load a second one, the system's libcrypto, through `_hashlib` (~3 ms of
every command that opens a case; `hmac` imports `_hashlib` too, so neither is imported here). The bytes
are the same (tests/core/store/test_digests.py holds them to hashlib's and hmac's). Code off the capture
path (the bundle, verify, OCR) keeps using hashlib; so does scrypt (keyfile.py), loaded only for a
passphrase.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

__all__ = ["Sha256", "equal", "hmac_sha256", "sha256_hex"]


class Sha256:
    """hashlib.sha256's interface as the store uses it: update, digest, hexdigest."""

    __slots__ = ("_hash",)

    def __init__(self, data: bytes | memoryview = b"") -> None:
        self._hash = hashes.Hash(hashes.SHA256())
        if data:
            self._hash.update(data)

    def update(self, data: bytes | memoryview) -> None:
        self._hash.update(data)

    def digest(self) -> bytes:
        return self._hash.copy().finalize()  # like hashlib, the object can still be updated afterwards

    def hexdigest(self) -> str:
        return self.digest().hex()


def sha256_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sha256(key: bytes, data: bytes) -> bytes:
    mac = HMAC(key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def equal(a: bytes | str, b: bytes | str) -> bool:
    """Whether two MACs or digests are equal, in time that tells nothing about where they differ.

    Both are MACed under a fresh random key and the MACs compared ("double HMAC"): how long `==` takes
    on those depends on bytes no one can predict, not on the inputs. (cryptography's constant_time is
    stdlib hmac.compare_digest, whose import loads `_hashlib`.) Text is compared as its UTF-8 bytes:
    hmac.compare_digest raises TypeError on non-ASCII text, while a damaged file's digest field can
    hold any text, and then simply does not match."""
    left = a.encode("utf-8", "surrogatepass") if isinstance(a, str) else a
    right = b.encode("utf-8", "surrogatepass") if isinstance(b, str) else b
    key = os.urandom(32)
    return hmac_sha256(key, left) == hmac_sha256(key, right)
