"""The primitives the store uses: ChaCha20-Poly1305 and X25519 from cryptography's public API, and
HKDF-SHA256 (over evidencekit.digests' HMAC, cryptography's OpenSSL: not the system's through hmac).

Only the public modules are used (cryptography.hazmat.primitives...): the private Rust bindings they wrap
are not a stable interface and may change in any release. Importing the public modules costs a few
milliseconds more per command-line start than the bindings did (measured in docs/adr/005).
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from evidencekit.digests import hmac_sha256

chacha20_poly1305 = ChaCha20Poly1305
x25519_private_from_bytes = X25519PrivateKey.from_private_bytes
x25519_public_from_bytes = X25519PublicKey.from_public_bytes
x25519_generate = X25519PrivateKey.generate

__all__ = ["InvalidTag", "chacha20_poly1305", "hkdf_sha256", "x25519_generate", "x25519_private_from_bytes",
           "x25519_public_from_bytes"]


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """RFC 5869 HKDF with SHA-256 (an empty salt means 32 zero bytes, as the RFC says)."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 gives 1 to 8160 bytes")
    prk = hmac_sha256(salt or bytes(32), ikm)
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac_sha256(prk, block + info + bytes([counter]))
        out += block
        counter += 1
    return out[:length]
