"""store/secret_service.py's session against a stand-in Secret Service (unit tests; the real gnome-keyring
runs in test_secret_service_keyring.py and test_locked_keyring.py).

The stand-in answers the calls as the bus connection would (store/dbus_wire.py has its own tests) and
does its half of the Diffie-Hellman exchange with a full 1024-bit exponent, as gnome-keyring does, so both
sides must derive the same AES key from the spec's HKDF, and every secret must survive AES-CBC with
PKCS #7 padding both ways.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from evidencekit.store import secret_service
from evidencekit.store.secret_service import DH_PRIME, EXPONENT_BYTES, SecretService, SecretServiceError


class StandIn:
    """Enough of org.freedesktop.secrets for one session: OpenSession, GetSecrets, CreateItem."""

    def __init__(self, *, server_public: int | None = None, dh: bool = True, pad: bytes | None = None) -> None:
        self.private = int.from_bytes(os.urandom(128), "big")
        self.server_public = server_public
        self.dh = dh
        self.pad = pad  # replaces the padding of the secrets sent, to send bad ones
        self.key: bytes | None = None
        self.stored: dict[str, bytes] = {}
        self.client_public = 0
        self.closed = False

    def close(self) -> None:
        self.closed = True

    def call_or_error(self, _destination: str, _path: str, _interface: str, member: str, _signature: str,
                      *body: Any) -> tuple[str | None, tuple[Any, ...]]:
        if member == "OpenSession":
            algorithm, (_kind, value) = body
            if algorithm == secret_service.ALGORITHM_PLAIN:
                return None, (("s", ""), "/session/plain")
            if not self.dh:
                return "org.freedesktop.DBus.Error.NotSupported", ("no DH",)
            self.client_public = int.from_bytes(value, "big")
            shared = pow(self.client_public, self.private, DH_PRIME).to_bytes(128, "big")
            prk = hmac.new(bytes(32), shared, hashlib.sha256).digest()  # secretstorage's and libsecret's HKDF
            self.key = hmac.new(prk, b"\x01", hashlib.sha256).digest()[:16]
            public = self.server_public if self.server_public is not None else pow(2, self.private, DH_PRIME)
            return None, (("ay", public.to_bytes(128, "big")), "/session/1")
        if member == "GetSecrets":
            items, _session = body
            return None, ({path: self._encrypt(self.stored[path]) for path in items if path in self.stored},)
        if member == "CreateItem":
            _properties, (_session, iv, value, _type), _replace = body
            assert self.key is not None
            decryptor = Cipher(algorithms.AES(self.key), modes.CBC(iv)).decryptor()
            padded = decryptor.update(value) + decryptor.finalize()
            self.stored["/item/new"] = padded[:-padded[-1]]
            return None, ("/item/new", "/")
        raise AssertionError(f"unexpected call {member}")

    def _encrypt(self, secret: bytes) -> tuple[str, bytes, bytes, str]:
        if self.key is None:
            return ("/session/plain", b"", secret, "text/plain")
        padding = 16 - len(secret) % 16
        padded = secret + (self.pad if self.pad is not None else bytes([padding]) * padding)
        iv = os.urandom(16)
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(iv)).encryptor()
        return ("/session/1", iv, encryptor.update(padded) + encryptor.finalize(), "text/plain")


@pytest.mark.parametrize("secret", [b"", b"x", b"AGE-SECRET-KEY-1" + b"Q" * 58, bytes(range(256)) * 3])
def test_both_sides_of_the_session_agree_and_secrets_survive_both_ways(secret: bytes) -> None:
    stand_in = StandIn()
    stand_in.stored["/item/1"] = secret
    service = SecretService(stand_in)  # type: ignore[arg-type]
    assert service.secrets(["/item/1", "/item/absent"]) == {"/item/1": secret}
    assert service.session is not None and service.session.key == stand_in.key
    service.create("label", {"service": "evidencekit"}, secret)
    assert stand_in.stored["/item/new"] == secret


def test_the_private_exponent_is_256_random_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's public value is 2^x mod p for an x of EXPONENT_BYTES random bytes, nothing longer."""
    stand_in = StandIn()
    asked: list[int] = []
    chosen = os.urandom(EXPONENT_BYTES)

    def urandom(count: int) -> bytes:
        asked.append(count)
        return chosen

    monkeypatch.setattr(secret_service.os, "urandom", urandom)
    SecretService(stand_in).open_session()  # type: ignore[arg-type]
    assert asked == [EXPONENT_BYTES] and EXPONENT_BYTES * 8 == 256
    assert stand_in.client_public == pow(2, int.from_bytes(chosen, "big"), DH_PRIME)


@pytest.mark.parametrize("public", [0, 1, DH_PRIME - 1, DH_PRIME, DH_PRIME + 5])
def test_a_server_key_outside_the_group_is_refused(public: int) -> None:
    stand_in = StandIn(server_public=public % (1 << 1024))
    with pytest.raises(SecretServiceError):
        SecretService(stand_in).open_session()  # type: ignore[arg-type]


@pytest.mark.parametrize(("secret", "pad"), [(b"A" * 16, bytes(16)), (b"A" * 15, b"\x11" * 17),
                                           (b"A" * 14, b"\x02\x03")])
def test_a_secret_with_bad_padding_is_refused(secret: bytes, pad: bytes) -> None:
    stand_in = StandIn(pad=pad)
    stand_in.stored["/item/1"] = secret
    with pytest.raises(SecretServiceError):
        SecretService(stand_in).secrets(["/item/1"])  # type: ignore[arg-type]


def test_a_service_without_diffie_hellman_gets_the_plain_session() -> None:
    stand_in = StandIn(dh=False)
    stand_in.stored["/item/1"] = b"key"
    service = SecretService(stand_in)  # type: ignore[arg-type]
    assert service.secrets(["/item/1"]) == {"/item/1": b"key"}
    assert service.session == secret_service.Session("/session/plain", None)
