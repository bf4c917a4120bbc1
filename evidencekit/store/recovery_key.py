"""The printable recovery key: 160 random bits in groups of four, with a typo check.

Shape: EKR1-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-CCCC (RFC 4648 base32 letters and digits; the last
group is a checksum so a mistyped key says "typo" rather than "wrong key").

Typing is forgiving: lower case, spaces and dashes anywhere, and the prefix may be left out. The key's
alphabet (base32: A-Z and 2-7) has no 0, 1 or 8, so a 0 typed for O, a 1 for I and an 8 for B are read
as those letters before the checksum is checked (the prefix EKR1 keeps its 1).
"""

from __future__ import annotations

import base64
import os

from evidencekit.digests import Sha256
from evidencekit.errors import UsageError

PREFIX = "EKR1"
_SECRET_BYTES = 20
_BODY_LENGTH = 32 + 4  # base32 of the secret, then the checksum group
CONFUSABLES = str.maketrans({"0": "O", "1": "I", "8": "B"})  # none of 0, 1, 8 is in the alphabet
_PREFIXES = (PREFIX, "EKRI", "EKRL")  # the prefix as typed with I or l for its 1


def new_recovery_key() -> tuple[str, bytes]:
    secret = os.urandom(_SECRET_BYTES)
    return format_recovery_key(secret), secret


def _checksum(body: str) -> str:
    return base64.b32encode(Sha256(body.encode("ascii")).digest())[:4].decode("ascii")


def format_recovery_key(secret: bytes) -> str:
    body = base64.b32encode(secret).decode("ascii")
    groups = [body[i : i + 4] for i in range(0, len(body), 4)]
    return "-".join([PREFIX, *groups, _checksum(body)])


def normalise_recovery_key(text: str) -> str:
    """The key's letters as the checksum expects them: upper case, no spaces or dashes, no prefix, with
    0, 1 and 8 read as O, I and B. Nothing else is guessed."""
    cleaned = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    if len(cleaned) == len(PREFIX) + _BODY_LENGTH and cleaned.startswith(_PREFIXES):
        cleaned = cleaned[len(PREFIX):]
    return cleaned.translate(CONFUSABLES)


def parse_recovery_key(text: str) -> bytes:
    """The secret behind a typed recovery key; UsageError for a typo (spaces, dashes, case and the
    characters the key cannot hold — 0, 1, 8 — are forgiven)."""
    cleaned = normalise_recovery_key(text)
    if len(cleaned) != _BODY_LENGTH:
        raise UsageError("That does not look like an evidencekit recovery key (it starts with EKR1- and has "
                         "ten groups). Check it and try again.")
    body, check = cleaned[:-4], cleaned[-4:]
    if _checksum(body) != check:
        raise UsageError("The recovery key has a typo: one of its groups is not right. Check each group.")
    try:
        return base64.b32decode(body)
    except ValueError as exc:
        raise UsageError("The recovery key has a typo: it has a character that is not allowed.") from exc
