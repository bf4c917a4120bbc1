"""Record seals: a MAC in every custody-journal record, under a key that only unlocking the case gives.

age encrypts each record to the case's public recipient, which is in case.json for anyone to read, and
age does not authenticate who wrote a file. Without seals, anyone who can write to the case folder could
encrypt a record of their own to that recipient and append it with the right `seq` and `prev` (both are
in the plaintext anchor). A seal closes that: it is HMAC-SHA256 under a key derived (HKDF-SHA256) from the
case identity, the secret that the passphrase, the recovery key or the keyring unwraps; over the record's
RFC 8785 bytes without the seal, so it binds the record to its case (`case`), its position (`seq`) and its
predecessor (`prev`), and through `outputs` to the SHA-256 of the picture it records. See ADR 006.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evidencekit.digests import equal, hmac_sha256

if TYPE_CHECKING:
    from evidencekit.store import age

SEAL_VERSION = 1
_DOMAIN = b"evidencekit custody-journal record seal v1\n"


class SealKey:
    """The MAC key of one case; derived once when the case is unlocked, dropped with the identity."""

    __slots__ = ("_key",)

    def __init__(self, identity: age.Identity, case_id: str) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"evidencekit journal seals",
                    info=b"record seal key v1 " + case_id.encode("ascii"))
        self._key = hkdf.derive(str(identity).encode("ascii"))

    def seal(self, unsealed: bytes) -> str:
        """The seal (lowercase hex) of a record's RFC 8785 bytes without its "mac" member."""
        return hmac_sha256(self._key, _DOMAIN + unsealed).hex()

    def holds(self, unsealed: bytes, mac: str) -> bool:
        return equal(self.seal(unsealed), mac)

    def __repr__(self) -> str:
        return "SealKey(<secret>)"
