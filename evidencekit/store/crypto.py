"""The primitives the store uses: ChaCha20-Poly1305, X25519 (from cryptography) and HKDF-SHA256 (stdlib hmac).

Taken from cryptography's Rust bindings directly, the objects its public modules hand out: those modules
import cipher, serialization and backend machinery the store never uses (~4 ms per command-line start,
with the OpenSSL backend's first-use import). Another cryptography layout falls back to the public API.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

chacha20_poly1305: Callable[[bytes], ChaCha20Poly1305]
x25519_private_from_bytes: Callable[[bytes], X25519PrivateKey]
x25519_public_from_bytes: Callable[[bytes], X25519PublicKey]
x25519_generate: Callable[[], X25519PrivateKey]

try:
    from cryptography.hazmat.bindings._rust import openssl as _rust

    chacha20_poly1305 = _rust.aead.ChaCha20Poly1305
    x25519_private_from_bytes = _rust.x25519.from_private_bytes
    x25519_public_from_bytes = _rust.x25519.from_public_bytes
    x25519_generate = _rust.x25519.generate_key
except (ImportError, AttributeError):  # pragma: no cover - another cryptography layout
    from cryptography.hazmat.primitives.asymmetric import x25519 as _x25519
    from cryptography.hazmat.primitives.ciphers import aead as _aead

    chacha20_poly1305 = _aead.ChaCha20Poly1305
    x25519_private_from_bytes = _x25519.X25519PrivateKey.from_private_bytes
    x25519_public_from_bytes = _x25519.X25519PublicKey.from_public_bytes
    x25519_generate = _x25519.X25519PrivateKey.generate

__all__ = ["InvalidTag", "chacha20_poly1305", "hkdf_sha256", "x25519_generate", "x25519_private_from_bytes",
           "x25519_public_from_bytes"]


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 HKDF with SHA-256 (an empty salt means 32 zero bytes, as the RFC says)."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 gives 1 to 8160 bytes")
    prk = hmac.digest(salt or bytes(32), ikm, "sha256")
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        out += block
        counter += 1
    return out[:length]
