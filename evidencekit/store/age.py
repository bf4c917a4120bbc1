"""age v1 files with one X25519 recipient (https://age-encryption.org/v1), written and read in-process.

Why our own (docs/adr/005): `cryptography` releases the GIL while it encrypts, so the store's worker
encrypts a picture's 64 KiB chunks (even out of order) while the saving thread hashes and the window
keeps painting; pyrage holds the GIL for the whole call. pyrage 1.4 does stream (encrypt_io/decrypt_io)
and the speed gap is small: ours is about 1.3-2x faster here (bench/age.py), not 5x. The bytes are plain
age: the C2SP test vectors (tests/core/store/test_age_vectors.py) give exactly the spec's results, and
pyrage and `age -d` read our files and we read theirs (test_age_format.py, the hypothesis differential
test test_age_pyrage_differential.py).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from evidencekit.digests import equal, hmac_sha256
from evidencekit.records import NamedTuple
from evidencekit.store.crypto import (
    InvalidTag,
    chacha20_poly1305,
    hkdf_sha256,
    x25519_generate,
    x25519_private_from_bytes,
    x25519_public_from_bytes,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

CHUNK = 64 * 1024  # STREAM plaintext chunk
TAG = 16
NONCE = 16
INTRO = b"age-encryption.org/v1\n"
_X25519_INFO = b"age-encryption.org/v1/X25519"
_MAX_HEADER = 64 * 1024
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_SECRET_HRP = "age-secret-key-"
_PUBLIC_HRP = "age"
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")  # a stanza argument: one or more printable ASCII characters


class AgeError(Exception):
    """Not an age file for this identity, or damaged/cut short (age cannot tell those apart, by design)."""


class AgeHeaderError(AgeError):
    """The header does not parse (the C2SP vectors' "header failure")."""


class AgeNoMatch(AgeError):
    """The header parses but no stanza is for this identity ("no match")."""


class AgeHmacError(AgeError):
    """A stanza unwraps, but the header's MAC does not match ("HMAC failure")."""


class AgePayloadError(AgeError):
    """The header holds, but the payload does not decrypt all the way to its end ("payload failure")."""


# ----- keys ------------------------------------------------------------------------------------------

class Recipient(NamedTuple):
    """An X25519 public key; str() is its `age1…` form."""

    raw: bytes

    def __str__(self) -> str:
        return _bech32_encode(_PUBLIC_HRP, self.raw)

    @classmethod
    def parse(cls, text: str) -> Recipient:
        return cls(_bech32_decode(_PUBLIC_HRP, text.strip()))


class Identity:
    """An X25519 private key; str() is its `AGE-SECRET-KEY-1…` form (secret: never log or write it)."""

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise ValueError("an age identity is 32 bytes")
        self._raw = raw
        self._key: X25519PrivateKey = x25519_private_from_bytes(raw)
        self._public = self._key.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> Identity:
        return cls(os.urandom(32))

    @classmethod
    def parse(cls, text: str) -> Identity:
        return cls(_bech32_decode(_SECRET_HRP, text.strip()))

    def to_public(self) -> Recipient:
        return Recipient(self._public)

    def __str__(self) -> str:
        return _bech32_encode(_SECRET_HRP, self._raw).upper()

    def __repr__(self) -> str:
        return "Identity(<secret>)"

    def unwrap(self, share: bytes, body: bytes) -> bytes | None:
        """The file key from an X25519 stanza addressed to us, else None (AgeHeaderError when the share is a
        low-order point: the all-zero shared secret age refuses)."""
        try:
            secret = self._key.exchange(x25519_public_from_bytes(share))
        except ValueError as exc:
            raise AgeHeaderError("the age header is damaged (an X25519 share is a low-order point)") from exc
        wrap_key = _hkdf(secret, share + self._public, _X25519_INFO)
        try:
            return chacha20_poly1305(wrap_key).decrypt(bytes(12), body, None)
        except InvalidTag:
            return None


# ----- writing ---------------------------------------------------------------------------------------

class SealedFile:
    """One age file being written: `header` then `chunks(data)`; `length(n)` says how long it will be.

    Single use: a file key and nonce must never encrypt two plaintexts.
    """

    def __init__(self, recipient: Recipient) -> None:
        file_key = os.urandom(16)
        ephemeral: X25519PrivateKey = x25519_generate()
        share = ephemeral.public_key().public_bytes_raw()
        secret = ephemeral.exchange(x25519_public_from_bytes(recipient.raw))
        wrap_key = _hkdf(secret, share + recipient.raw, _X25519_INFO)
        body = chacha20_poly1305(wrap_key).encrypt(bytes(12), file_key, None)
        head = INTRO + b"-> X25519 " + _b64(share) + b"\n" + _b64(body) + b"\n---"
        mac = hmac_sha256(_hkdf(file_key, b"", b"header"), head)
        nonce = os.urandom(NONCE)
        self.header = head + b" " + _b64(mac) + b"\n" + nonce
        self._aead: ChaCha20Poly1305 | None = chacha20_poly1305(_hkdf(file_key, nonce, b"payload"))

    def length(self, plaintext_size: int) -> int:
        return len(self.header) + plaintext_size + TAG * chunk_count(plaintext_size)

    def chunks(self, data: bytes | memoryview) -> Iterator[bytes]:
        """The encrypted STREAM chunks of `data`, in order (the header is not included)."""
        payload = self.payload(data)
        yield from payload.encrypt(0, payload.count)

    def payload(self, data: bytes | memoryview) -> Payload:
        """The payload encryptor for `data` (once per file): its chunks can be encrypted in any order or
        in parallel (cryptography releases the GIL while it encrypts)."""
        aead, self._aead = self._aead, None
        if aead is None:
            raise RuntimeError("an age file key was used twice")
        return Payload(aead, memoryview(data))


class Payload:
    def __init__(self, aead: ChaCha20Poly1305, view: memoryview) -> None:
        self._aead = aead
        self._view = view
        self.count = chunk_count(len(view))

    def encrypt(self, first: int, stop: int) -> list[bytes]:
        """Encrypted chunks first..stop-1 (the last chunk of the file carries the final flag)."""
        view, aead, last = self._view, self._aead, self.count - 1
        return [aead.encrypt(_chunk_nonce(index, index == last), view[index * CHUNK:(index + 1) * CHUNK], None)
                for index in range(first, min(stop, self.count))]


def chunk_count(plaintext_size: int) -> int:
    return max(1, -(-plaintext_size // CHUNK))


def encrypt(data: bytes, recipient: Recipient) -> bytes:
    sealed = SealedFile(recipient)
    return sealed.header + b"".join(sealed.chunks(data))


# ----- reading ---------------------------------------------------------------------------------------

def decrypt(ciphertext: bytes | memoryview, identity: Identity) -> bytes:
    """The plaintext; AgeError if the file is not for `identity`, damaged, cut short or has extra bytes."""
    view = memoryview(ciphertext)
    file_key, header_end = _open_header(view, identity)
    if len(view) < header_end + NONCE:
        raise AgeHeaderError("the age file is cut short (no payload nonce)")
    nonce = bytes(view[header_end:header_end + NONCE])
    aead = chacha20_poly1305(_hkdf(file_key, nonce, b"payload"))
    payload = view[header_end + NONCE:]
    size = CHUNK + TAG
    count = max(1, -(-len(payload) // size))
    out = []
    for index in range(count):
        piece = payload[index * size:(index + 1) * size]
        last = index == count - 1
        if len(piece) < TAG or (last and len(piece) == TAG and index > 0):
            raise AgePayloadError("the age file is cut short or has an empty last chunk")
        try:
            out.append(aead.decrypt(_chunk_nonce(index, last), piece, None))
        except InvalidTag as exc:
            raise AgePayloadError("the age file is damaged, cut short or not for this key") from exc
    return b"".join(out)


def _open_header(view: memoryview, identity: Identity) -> tuple[bytes, int]:
    head = bytes(view[:_MAX_HEADER])
    if not head.startswith(INTRO):
        raise AgeHeaderError("not an age v1 file")
    mac_at = head.find(b"\n---", len(INTRO) - 1)
    end = head.find(b"\n", mac_at + 4)
    if mac_at < 0 or end < 0 or head[mac_at + 4:mac_at + 5] != b" ":
        raise AgeHeaderError("the age header is damaged or cut short")
    mac = _unb64(head[mac_at + 5:end])
    if len(mac) != 32:
        raise AgeHeaderError("the age header is damaged (its MAC is not 32 bytes)")
    file_key = None
    for kind, args, body in _stanzas(head[len(INTRO):mac_at + 1]):
        if file_key is None and kind == b"X25519":  # as age does: stanzas are checked until one unwraps
            share = _unb64(args[0]) if len(args) == 1 else b""
            if len(share) != 32 or len(body) != 32:  # one share of 32 bytes; a 16-byte file key + its tag
                raise AgeHeaderError("the age header is damaged (a malformed X25519 stanza)")
            file_key = identity.unwrap(share, body)
    if file_key is None:
        raise AgeNoMatch("the age file is not for this key (or its header is damaged)")
    if not equal(hmac_sha256(_hkdf(file_key, b"", b"header"), head[:mac_at + 4]), mac):
        raise AgeHmacError("the age header was altered")
    return file_key, end + 1


def _stanzas(text: bytes) -> Iterator[tuple[bytes, list[bytes], bytes]]:
    """Each recipient stanza as (type, arguments, body), parsed as the spec says: `-> ` then one or more
    arguments, each one or more printable ASCII characters (33-126) separated by single spaces; then the
    body in canonical unpadded base64, in lines of exactly 64 columns ended by one shorter line (maybe empty)."""
    lines = text.split(b"\n")[:-1]
    index = 0
    while index < len(lines):
        first = lines[index].split(b" ")
        if first[0] != b"->" or len(first) < 2 or not all(_ARGUMENT.fullmatch(arg) for arg in first[1:]):
            raise AgeHeaderError("the age header is damaged (a stanza's first line)")
        index += 1
        body = b""
        while True:
            if index >= len(lines):
                raise AgeHeaderError("the age header is damaged (a stanza has no final line)")
            line = lines[index]
            index += 1
            if len(line) > 64:
                raise AgeHeaderError("the age header is damaged (a stanza line is over 64 columns)")
            body += line
            if len(line) < 64:
                break
        yield first[1], first[2:], _unb64(body)


# ----- small parts -----------------------------------------------------------------------------------

def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return hkdf_sha256(ikm, salt, info, 32)


def _chunk_nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AgeHeaderError("the age header is damaged") from exc
    if _b64(data) != text:
        raise AgeHeaderError("the age header is damaged (non-canonical base64)")
    return data


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for bit in range(5):
            if (top >> bit) & 1:
                check ^= generator[bit]
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _bech32_encode(hrp: str, data: bytes) -> str:
    bits = int.from_bytes(data, "big") << (-len(data) * 8 % 5)
    words = [(bits >> (5 * i)) & 31 for i in reversed(range(-(-len(data) * 8 // 5)))]
    polymod = _polymod(_hrp_expand(hrp) + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[w] for w in words + checksum)


def _bech32_decode(hrp: str, text: str) -> bytes:
    if text.lower() != text and text.upper() != text:
        raise ValueError("mixed case")
    text = text.lower()
    if not text.startswith(hrp + "1"):
        raise ValueError(f"not an {hrp!r} key")
    try:
        words = [_BECH32.index(c) for c in text[len(hrp) + 1:]]
    except ValueError as exc:
        raise ValueError("not a bech32 key") from exc
    if len(words) < 7 or _polymod(_hrp_expand(hrp) + words) != 1:
        raise ValueError("the key's checksum does not match")
    words = words[:-6]
    nbits = len(words) * 5
    size = nbits // 8
    value = 0
    for word in words:
        value = value << 5 | word
    pad = nbits - size * 8
    if pad >= 5 or value & ((1 << pad) - 1):
        raise ValueError("the key has bad padding")
    return (value >> pad).to_bytes(size, "big")
