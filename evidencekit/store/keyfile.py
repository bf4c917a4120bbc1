"""Key files: the case identity wrapped under a passphrase (scrypt) or a recovery key (HKDF).

File = canonical JSON {version, case, kind, kdf, check, nonce, wrapped, digest}.
- kdf: scrypt n/r/p + salt for passphrases (refused below our floor or above a memory cap, so a
  tampered file can neither downgrade protection nor make us allocate gigabytes); HKDF for the
  high-entropy recovery key.
- The KDF output is split into a check key and a wrapping key: a wrong passphrase fails the check
  ("wrong passphrase"), while damage fails the digest or the AEAD ("damaged"), so the two are never confused.
- The AEAD's associated data is the canonical header (version, case, kind, kdf): parameters are bound.
- digest: SHA-256 over the other members, to name accidental damage before any key work.
"""

from __future__ import annotations

import base64
import json
import os
from typing import TYPE_CHECKING, Any

from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.digests import equal
from evidencekit.errors import IntegrityError, KeyFileRefused, WrongPassphrase
from evidencekit.records import NamedTuple

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

KEYFILE_VERSION = 1
# scrypt N=2^17, r=8 costs 128 MiB and about half a second here: the floor we always write.
SCRYPT_DEFAULT = {"n": 1 << 17, "r": 8, "p": 1}
SCRYPT_MIN_N, SCRYPT_MIN_R = 1 << 17, 8
SCRYPT_MAX_MEMORY = 1 << 30  # 1 GiB: anything asking for more is refused, not attempted
SCRYPT_MAX_P = 4


class KeyFile(NamedTuple):
    """A parsed, self-checked key file (keys/*.key)."""

    kind: str  # "passphrase" | "recovery"
    body: dict[str, Any]

    def to_bytes(self) -> bytes:
        return canonical_json(self.body)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _scrypt(secret: str, salt: bytes, kdf: dict[str, Any]) -> bytes:
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    import hashlib  # only for a passphrase: the system's OpenSSL, not needed to open from a keyring

    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=64,
                          maxmem=SCRYPT_MAX_MEMORY + (1 << 24))


def _aead(key: bytes) -> ChaCha20Poly1305:
    """ChaCha20-Poly1305, imported only when a key file is opened (keeps command start-up fast)."""
    from evidencekit.store.crypto import chacha20_poly1305

    return chacha20_poly1305(key)


def _hkdf(secret: bytes, salt: bytes) -> bytes:
    from evidencekit.store.crypto import hkdf_sha256

    return hkdf_sha256(secret, salt, b"evidencekit recovery key v1", 64)


def check_kdf_params(kdf: dict[str, Any]) -> None:
    """Refuse scrypt settings weaker than we write, or so large that opening would exhaust memory."""
    if kdf.get("name") != "scrypt":
        raise KeyFileRefused("The case's key file names an unknown protection method, so it is not used.")
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileRefused("The case's key file has unreadable protection settings, so it is not used.") from exc
    if n < SCRYPT_MIN_N or r < SCRYPT_MIN_R or p < 1 or n & (n - 1):
        raise KeyFileRefused(
            "The case's key file asks for weaker protection than evidencekit ever writes; it may have been "
            "tampered with, so it is not used. Open the case with its recovery key instead."
        )
    if 128 * n * r > SCRYPT_MAX_MEMORY or p > SCRYPT_MAX_P:
        raise KeyFileRefused(
            "The case's key file asks for an absurd amount of memory to open; it may have been tampered "
            "with, so it is not used. Open the case with its recovery key instead."
        )


def _seal(case_id: str, kind: str, kdf: dict[str, Any], derived: bytes, identity: str,
          sealed_from: int) -> KeyFile:
    check_key, wrap_key = derived[:32], derived[32:]
    header = {"version": KEYFILE_VERSION, "case": case_id, "kind": kind, "kdf": kdf}
    if sealed_from:
        header["sealed_from"] = sealed_from  # bound as associated data: cannot be removed without the secret
    nonce = os.urandom(12)
    wrapped = _aead(wrap_key).encrypt(nonce, identity.encode("ascii"), canonical_json(header))
    body = {**header, "check": sha256_hex(check_key), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}
    body["digest"] = sha256_hex(canonical_json(body))
    return KeyFile(kind, body)


def wrap_with_passphrase(case_id: str, identity: str, passphrase: str, *, sealed_from: int = 1) -> KeyFile:
    salt = os.urandom(16)
    kdf = {"name": "scrypt", **SCRYPT_DEFAULT, "salt": _b64(salt)}
    return _seal(case_id, "passphrase", kdf, _scrypt(passphrase, salt, kdf), identity, sealed_from)


def wrap_with_recovery_key(case_id: str, identity: str, recovery_secret: bytes, *,
                           sealed_from: int = 1) -> KeyFile:
    salt = os.urandom(16)
    kdf = {"name": "hkdf-sha256", "salt": _b64(salt)}
    return _seal(case_id, "recovery", kdf, _hkdf(recovery_secret, salt), identity, sealed_from)


def keyfile_sealed_from(body: dict[str, Any]) -> int:
    """The first sealed journal record the key file states (0: none; a key file from before record seals)."""
    value = body.get("sealed_from", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def parse_keyfile(raw: bytes, case_id: str, kind: str, name: str) -> KeyFile:
    """Parse and self-check a key file; IntegrityError (naming it) when it is damaged."""
    damaged = IntegrityError(f"The key file {name} is damaged. Use the other way to open the case "
                             "(recovery key or passphrase).")
    try:
        body = json.loads(raw)
        digest = body.pop("digest")
        if not isinstance(body, dict) or not equal(str(digest), sha256_hex(canonical_json(body))):
            raise damaged
        body["digest"] = digest
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged from exc
    if body.get("version") != KEYFILE_VERSION or body.get("kind") != kind:
        raise damaged
    if body.get("case") != case_id:
        raise IntegrityError(f"The key file {name} belongs to another case.")
    return KeyFile(kind, body)


def intact_keyfile_body(raw: bytes) -> dict[str, Any] | None:
    """A key file's members when its digest is intact, else None (nothing here is authenticated)."""
    try:
        body = json.loads(raw)
        digest = body.pop("digest")
        if isinstance(body, dict) and equal(str(digest), sha256_hex(canonical_json(body))):
            return body
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def intact_keyfile_case_id(raw: bytes) -> str | None:
    """The case id inside a key file whose digest is intact, else None (used to check the plaintext header)."""
    try:
        body = json.loads(raw)
        digest = body.pop("digest")
        if equal(str(digest), sha256_hex(canonical_json(body))) and isinstance(body["case"], str):
            return str(body["case"])
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def unwrap(keyfile: KeyFile, secret: str | bytes, name: str) -> str:
    """The case identity, or WrongPassphrase / IntegrityError / KeyFileRefused."""
    body = keyfile.body
    kdf = body["kdf"]
    try:
        salt = _unb64(kdf["salt"])
        nonce, wrapped = _unb64(body["nonce"]), _unb64(body["wrapped"])
    except (KeyError, ValueError, TypeError) as exc:
        raise IntegrityError(f"The key file {name} is damaged.") from exc
    if keyfile.kind == "passphrase":
        check_kdf_params(kdf)
        assert isinstance(secret, str)
        derived = _scrypt(secret, salt, kdf)
    else:
        assert isinstance(secret, bytes)
        derived = _hkdf(secret, salt)
    if not equal(sha256_hex(derived[:32]), str(body["check"])):
        what = "passphrase" if keyfile.kind == "passphrase" else "recovery key"
        raise WrongPassphrase(f"Wrong {what}: it does not open this case. Nothing was changed; try again.")
    header = {k: body[k] for k in ("version", "case", "kind", "kdf", "sealed_from") if k in body}
    try:
        plain = _aead(derived[32:]).decrypt(nonce, wrapped, canonical_json(header))
    except Exception as exc:
        raise IntegrityError(f"The key file {name} is damaged although the {keyfile.kind} is right.") from exc
    return plain.decode("ascii")
