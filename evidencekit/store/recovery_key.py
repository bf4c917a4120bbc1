"""The printable recovery key: 160 random bits in groups of four, with a typo check.

Shape: EKR1-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-CCCC (RFC 4648 base32 letters and digits; the last
group is a checksum so a mistyped key says "typo" rather than "wrong key").
"""

from __future__ import annotations

import base64
import hashlib
import os

from evidencekit.errors import UsageError

PREFIX = "EKR1"
_SECRET_BYTES = 20


def new_recovery_key() -> tuple[str, bytes]:
    secret = os.urandom(_SECRET_BYTES)
    return format_recovery_key(secret), secret


def _checksum(body: str) -> str:
    return base64.b32encode(hashlib.sha256(body.encode("ascii")).digest())[:4].decode("ascii")


def format_recovery_key(secret: bytes) -> str:
    body = base64.b32encode(secret).decode("ascii")
    groups = [body[i : i + 4] for i in range(0, len(body), 4)]
    return "-".join([PREFIX, *groups, _checksum(body)])


def parse_recovery_key(text: str) -> bytes:
    """The secret behind a typed recovery key; UsageError for a typo (spaces and case are forgiven)."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if not cleaned.startswith(PREFIX) or len(cleaned) != len(PREFIX) + 32 + 4:
        raise UsageError("That does not look like an evidencekit recovery key (it starts with EKR1- and has "
                         "ten groups). Check it and try again.")
    body, check = cleaned[len(PREFIX) : -4], cleaned[-4:]
    if _checksum(body) != check:
        raise UsageError("The recovery key has a typo: one of its groups is not right. Check each group.")
    try:
        return base64.b32decode(body)
    except ValueError as exc:
        raise UsageError("The recovery key has a typo: it has a character that is not allowed.") from exc
