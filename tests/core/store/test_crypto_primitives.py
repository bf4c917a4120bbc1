"""The store's primitives taken straight from cryptography's bindings are the public API's, and the stdlib
HKDF equals cryptography's HKDF (RFC 5869 test case 1 too), so key files and age files stay compatible."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from evidencekit.store import crypto


@pytest.mark.parametrize("length", [1, 32, 33, 64, 100, 255 * 32])
@pytest.mark.parametrize("salt", [b"", b"salt", bytes(range(7, 87))], ids=["no-salt", "short-salt", "80-byte-salt"])
def test_hkdf_matches_cryptography(length: int, salt: bytes) -> None:
    ikm, info = os.urandom(40), b"evidencekit recovery key v1"
    expected = HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=info).derive(ikm)
    assert crypto.hkdf_sha256(ikm, salt, info, length) == expected


def test_hkdf_rfc5869_test_case_1() -> None:
    okm = crypto.hkdf_sha256(bytes([0x0B] * 22), bytes(range(13)), bytes(range(0xF0, 0xFA)), 42)
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                         "34007208d5b887185865")


def test_hkdf_refuses_impossible_lengths() -> None:
    with pytest.raises(ValueError):
        crypto.hkdf_sha256(b"k", b"", b"", 0)
    with pytest.raises(ValueError):
        crypto.hkdf_sha256(b"k", b"", b"", 255 * 32 + 1)


def test_x25519_and_chacha_are_the_public_apis_objects() -> None:
    raw = os.urandom(32)
    ours, theirs = crypto.x25519_private_from_bytes(raw), X25519PrivateKey.from_private_bytes(raw)
    peer = X25519PrivateKey.generate().public_key()
    peer_ours = crypto.x25519_public_from_bytes(peer.public_bytes_raw())
    assert isinstance(ours, X25519PrivateKey) and isinstance(peer_ours, X25519PublicKey)
    assert ours.exchange(peer_ours) == theirs.exchange(peer)
    assert isinstance(crypto.x25519_generate(), X25519PrivateKey)
    key, nonce = os.urandom(32), os.urandom(12)
    sealed = crypto.chacha20_poly1305(key).encrypt(nonce, b"picture", b"ad")
    assert ChaCha20Poly1305(key).decrypt(nonce, sealed, b"ad") == b"picture"
    with pytest.raises(crypto.InvalidTag):
        crypto.chacha20_poly1305(key).decrypt(nonce, sealed[:-1] + bytes([sealed[-1] ^ 1]), b"ad")


def test_the_store_uses_only_cryptographys_public_api() -> None:
    """No module of evidencekit imports cryptography's private bindings (`cryptography.hazmat.bindings`,
    `_rust`): they are no stable interface and may change in any release."""
    import ast
    from pathlib import Path

    package = Path(crypto.__file__).resolve().parents[1]
    private = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            private += [f"{path.name}: {name}" for name in names if "bindings" in name or "_rust" in name]
    assert private == []
    assert crypto.chacha20_poly1305 is ChaCha20Poly1305
