"""The OS keyring, accepting only real secret stores.

Allowed: Secret Service (GNOME Keyring, KeePassXC), KWallet, Windows Credential Manager, macOS Keychain.
Anything else — keyrings.alt's plaintext file, the "fail" backend, a chainer of those — means "no
keyring": the case then opens with its passphrase, and nothing is ever written to such a backend.
Every keyring error (locked, no D-Bus, denied) is treated as "not available", never as a failure.
"""

from __future__ import annotations

from typing import Any

SERVICE = "evidencekit"
_ALLOWED = {
    ("keyring.backends.SecretService", "Keyring"),
    ("keyring.backends.kwallet", "DBusKeyring"),
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"),
    ("keyring.backends.Windows", "WinVaultKeyring"),
    ("keyring.backends.macOS", "Keyring"),
}


def _note(message: str, exc: BaseException) -> None:
    """Why the keyring was not used, for whoever turned logging on (logging imported only then)."""
    import logging

    logging.getLogger(__name__).info(message, type(exc).__name__)


def is_real_secret_store(backend: Any) -> bool:
    cls = type(backend)
    return (cls.__module__, cls.__name__) in _ALLOWED


class KeyringAccess:
    """Case identities in one keyring backend (a real one, or an in-memory one in unit tests)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    @staticmethod
    def _user(case_id: str) -> str:
        return f"case:{case_id}"

    def get(self, case_id: str) -> str | None:
        try:
            value = self.backend.get_password(SERVICE, self._user(case_id))
        except Exception as exc:  # locked keyring, D-Bus gone, access denied
            _note("keyring not available for reading: %s", exc)
            return None
        return value if isinstance(value, str) else None

    def set(self, case_id: str, identity: str) -> bool:
        try:
            self.backend.set_password(SERVICE, self._user(case_id), identity)
        except Exception as exc:
            _note("keyring not available for writing: %s", exc)
            return False
        return self.get(case_id) == identity

    def delete(self, case_id: str) -> None:
        try:
            self.backend.delete_password(SERVICE, self._user(case_id))
        except Exception as exc:
            _note("keyring entry not deleted: %s", exc)

    def describe(self) -> str:
        return type(self.backend).__name__


def system_keyring() -> KeyringAccess | None:
    """The OS keyring if it is a real secret store, else None (then passphrases are used)."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend

        backend = keyring.get_keyring()
    except Exception as exc:
        _note("no keyring: %s", exc)
        return None
    if isinstance(backend, ChainerBackend):
        for candidate in backend.backends:
            if is_real_secret_store(candidate):
                return KeyringAccess(candidate)
        return None
    return KeyringAccess(backend) if is_real_secret_store(backend) else None
