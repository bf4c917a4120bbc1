"""The freedesktop Secret Service (GNOME Keyring, KeePassXC): the few calls the store makes, over the
session bus (store/dbus_wire.py: D-Bus's wire format without jeepney, whose import alone cost ~6 ms).

secretstorage did the same over jeepney, but a command that reads the key and the kept head and
writes the head back made 21 D-Bus calls through it (each item object asks for its label when made,
every secret read asks twice whether the item is locked, the connection adds a match rule for prompts
that are never run) and its Diffie-Hellman session used a 1024-bit private exponent. Here, per command:
Hello, GetNameOwner, OpenSession, Get(Locked), one SearchItems per entry and one GetSecrets for all of
them, then Get(Locked) and CreateItem to write: 9 calls (docs/performance.md, "Capture").

Nothing here ever unlocks or prompts: a locked collection or item is an error (the caller's "not
available"), and a call that answers with a prompt is not followed.

The session is the spec's dh-ietf1024-sha256-aes128-cbc-pkcs7 (what libsecret and secretstorage use):
Diffie-Hellman in the RFC 2409 second Oakley group, HKDF-SHA256 with no salt or info to a 128-bit AES key,
AES-128-CBC with PKCS #7 padding for each secret. Our private exponent is 256 random bits, not 1024: the
group's own strength (a 1024-bit safe prime, ~80 bits against the number field sieve) is what bounds the
session, and a 256-bit exponent keeps the best attack on the exponent itself at ~2^128 (Pollard's lambda),
as RFC 3526 section 8 and NIST SP 800-56A (twice the security strength) ask; OpenSSL does likewise for
named groups. It makes the session 4x cheaper (about 6 ms of CPU less per command). A service that does
not offer that algorithm gets the spec's "plain" one, as secretstorage did.
"""

from __future__ import annotations

import os
from typing import Any

from evidencekit.records import NamedTuple
from evidencekit.store.crypto import hkdf_sha256
from evidencekit.store.dbus_wire import Connection, DBusError

BUS_NAME = "org.freedesktop.secrets"
SERVICE_PATH = "/org/freedesktop/secrets"
DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"
_PREFIX = "org.freedesktop.Secret."
_SERVICE = _PREFIX + "Service"
_COLLECTION = _PREFIX + "Collection"
_ITEM = _PREFIX + "Item"
_PROPERTIES = "org.freedesktop.DBus.Properties"
_NOT_SUPPORTED = "org.freedesktop.DBus.Error.NotSupported"
ALGORITHM_DH = "dh-ietf1024-sha256-aes128-cbc-pkcs7"
ALGORITHM_PLAIN = "plain"
# RFC 2409 section 6.2, the second Oakley group: 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 pi) + 129093)
DH_PRIME = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16)
DH_GENERATOR = 2
EXPONENT_BYTES = 32  # 256 bits (see above)
_AES_BLOCK = 16


class SecretServiceError(DBusError):
    """The Secret Service refused, is locked, or answered something this client does not accept."""


class Session(NamedTuple):
    """An open Secret Service session: its object path and AES key (None: the "plain" algorithm)."""

    path: str
    key: bytes | None


class Secret(NamedTuple):
    """The spec's Secret struct (oayays): session, parameters (the AES IV), value, content type."""

    session: str
    parameters: bytes
    value: bytes
    content_type: str


class SecretService:
    """One connection to the session bus, for the Secret Service's default (or a named) collection."""

    def __init__(self, connection: Connection | None = None, collection: str = DEFAULT_COLLECTION) -> None:
        self.connection = connection if connection is not None else Connection()
        self.collection = collection
        self.session: Session | None = None

    def close(self) -> None:
        self.connection.close()

    def _send(self, path: str, interface: str, method: str, signature: str, body: tuple[Any, ...],
              bus_name: str = BUS_NAME) -> tuple[str | None, tuple[Any, ...]]:
        """(None, the answer) or (the error's name, its body)."""
        return self.connection.call_or_error(bus_name, path, interface, method, signature, *body)

    def _call(self, path: str, interface: str, method: str, signature: str = "", *body: Any,
              bus_name: str = BUS_NAME) -> tuple[Any, ...]:
        error, answer = self._send(path, interface, method, signature, body, bus_name)
        if error is not None:
            raise SecretServiceError(f"{method}: {error}", error)
        return answer

    def available(self) -> bool:
        """The session bus has the Secret Service running, or can start it."""
        bus = ("/org/freedesktop/DBus", "org.freedesktop.DBus")
        if self.connection.name_owner(BUS_NAME) is not None:  # its owner is the only one answered from then on
            return True
        (names,) = self._call(*bus, "ListActivatableNames", "", bus_name="org.freedesktop.DBus")
        return BUS_NAME in names

    def open_session(self) -> Session:
        """The session for this connection (opened once): Diffie-Hellman, else "plain" if not offered."""
        if self.session is not None:
            return self.session
        private = int.from_bytes(os.urandom(EXPONENT_BYTES), "big")
        if private < 2:
            raise SecretServiceError("the random source gave a degenerate key")  # 2^-255: never in practice
        public = pow(DH_GENERATOR, private, DH_PRIME).to_bytes(128, "big")
        error, body = self._send(SERVICE_PATH, _SERVICE, "OpenSession", "sv", (ALGORITHM_DH, ("ay", public)))
        if error == _NOT_SUPPORTED:
            (_output, path) = self._call(SERVICE_PATH, _SERVICE, "OpenSession", "sv", ALGORITHM_PLAIN, ("s", ""))
            self.session = Session(str(path), None)
            return self.session
        if error is not None:
            raise SecretServiceError(f"OpenSession: {error}")
        (signature, server), path = body
        theirs = int.from_bytes(bytes(server), "big") if signature == "ay" else 0
        if not 1 < theirs < DH_PRIME - 1:  # 0, 1 and p-1 would fix the shared secret
            raise SecretServiceError("the Secret Service's session key is not a valid group element")
        shared = pow(theirs, private, DH_PRIME).to_bytes(128, "big")
        self.session = Session(str(path), hkdf_sha256(shared, b"", b"", 16))
        return self.session

    def _property(self, path: str, interface: str, name: str) -> Any:
        ((_signature, value),) = self._call(path, _PROPERTIES, "Get", "ss", interface, name)
        return value

    def require_unlocked(self) -> None:
        """SecretServiceError if the collection is missing or locked (it is never asked to unlock)."""
        if self._property(self.collection, _COLLECTION, "Locked"):
            raise SecretServiceError("the keyring collection is locked")

    def search(self, attributes: dict[str, str]) -> list[str]:
        """The collection's items with exactly these attributes (object paths; locked ones too)."""
        (found,) = self._call(self.collection, _COLLECTION, "SearchItems", "a{ss}", attributes)
        return [str(path) for path in found]

    def secrets(self, items: list[str]) -> dict[str, bytes]:
        """The secrets of `items`, in one call; an item the service leaves out (locked) is missing."""
        if not items:
            return {}
        session = self.open_session()
        (found,) = self._call(SERVICE_PATH, _SERVICE, "GetSecrets", "aoo", items, session.path)
        return {str(path): self._decrypt(Secret(*value)) for path, value in found.items()}

    def create(self, label: str, attributes: dict[str, str], secret: bytes) -> None:
        """Store `secret` as an item with `attributes`, replacing one with the same attributes."""
        properties = {_ITEM + ".Label": ("s", label), _ITEM + ".Attributes": ("a{ss}", attributes)}
        item, prompt = self._call(self.collection, _COLLECTION, "CreateItem", "a{sv}(oayays)b", properties,
                                  tuple(self._encrypt(secret)), True)
        if item == "/" or prompt != "/":
            raise SecretServiceError("the Secret Service wants to ask before it stores this (not done)")

    def delete(self, item: str) -> None:
        (prompt,) = self._call(item, _ITEM, "Delete", "")
        if prompt != "/":
            raise SecretServiceError("the Secret Service wants to ask before it deletes this (not done)")

    def _encrypt(self, secret: bytes) -> Secret:
        session = self.open_session()
        if session.key is None:
            return Secret(session.path, b"", secret, "text/plain")
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        padding = _AES_BLOCK - len(secret) % _AES_BLOCK
        iv = os.urandom(_AES_BLOCK)
        encryptor = Cipher(algorithms.AES(session.key), modes.CBC(iv)).encryptor()
        return Secret(session.path, iv, encryptor.update(secret + bytes([padding]) * padding) + encryptor.finalize(),
                      "text/plain")

    def _decrypt(self, secret: Secret) -> bytes:
        session = self.open_session()
        value = bytes(secret.value)
        if session.key is None:
            return value
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        if len(value) % _AES_BLOCK or not value or len(secret.parameters) != _AES_BLOCK:
            raise SecretServiceError("the Secret Service sent a secret that is not AES-CBC")
        decryptor = Cipher(algorithms.AES(session.key), modes.CBC(bytes(secret.parameters))).decryptor()
        padded = decryptor.update(value) + decryptor.finalize()
        padding = padded[-1]
        if not 1 <= padding <= _AES_BLOCK or padded[-padding:] != bytes([padding]) * padding:
            raise SecretServiceError("the Secret Service sent a secret with bad padding")
        return padded[:-padding]
