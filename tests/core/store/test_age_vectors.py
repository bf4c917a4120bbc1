"""evidencekit/store/age.py against the C2SP age test vectors (CCTV, vendored in age_testkit/, 0BSD).

Every applicable vector (X25519 identities, no armor, no passphrase: 66 of 143, see age_testkit/SOURCE.md)
must give exactly the outcome it expects: success with the payload's SHA-256, or a header failure, no
match, HMAC failure or payload failure, each its own AgeError subclass. A success vector also checks the
encryption direction: the payload encrypted again under the vector's file key and nonce must be the
vector's own payload bytes."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from evidencekit.store import age

VECTORS = Path(__file__).parent / "age_testkit" / "testdata"
EXPECTED = {
    "success": None, "header failure": age.AgeHeaderError, "no match": age.AgeNoMatch,
    "HMAC failure": age.AgeHmacError, "payload failure": age.AgePayloadError,
}


@dataclass(frozen=True)
class Vector:
    name: str
    expect: str
    payload_sha256: str
    file_key: str
    identities: tuple[str, ...]
    data: bytes


def _load(path: Path) -> Vector:
    header, _, data = path.read_bytes().partition(b"\n\n")
    fields: dict[str, str] = {}
    identities: list[str] = []
    for line in header.decode().splitlines():
        key, _, value = line.partition(": ")
        if key == "identity":
            identities.append(value)
        else:
            fields[key] = value
    assert fields.get("armored") != "yes" and "passphrase" not in fields, path.name  # vendored: applicable only
    if fields.get("compressed") == "zlib":
        data = zlib.decompress(data)
    return Vector(path.name, fields["expect"], fields.get("payload", ""), fields.get("file key", ""),
                  tuple(identities), data)


ALL = [_load(path) for path in sorted(VECTORS.iterdir())]


def test_every_applicable_vector_is_here() -> None:
    assert len(ALL) == 66
    assert {v.expect for v in ALL} == set(EXPECTED)
    assert all(identity.startswith("AGE-SECRET-KEY-1") for v in ALL for identity in v.identities)
    # the three the issue found accepted, now refused
    assert {"stanza_empty_argument", "stanza_invalid_character", "stanza_long_line"} <= {v.name for v in ALL}


@pytest.mark.parametrize("vector", ALL, ids=[v.name for v in ALL])
def test_vector(vector: Vector) -> None:
    identity = age.Identity.parse(vector.identities[0])
    wanted = EXPECTED[vector.expect]
    if wanted is None:
        plaintext = age.decrypt(vector.data, identity)
        assert hashlib.sha256(plaintext).hexdigest() == vector.payload_sha256
        _encrypts_back(vector, identity, plaintext)
        return
    with pytest.raises(wanted) as raised:
        age.decrypt(vector.data, identity)
    assert type(raised.value) is wanted, f"{vector.name}: {type(raised.value).__name__}: {raised.value}"


def _encrypts_back(vector: Vector, identity: age.Identity, plaintext: bytes) -> None:
    """STREAM in the encryption direction: same file key and nonce -> the same payload bytes."""
    view = memoryview(vector.data)
    file_key, header_end = age._open_header(view, identity)
    assert file_key.hex() == vector.file_key
    nonce = bytes(view[header_end:header_end + age.NONCE])
    aead = age.chacha20_poly1305(age._hkdf(file_key, nonce, b"payload"))
    payload = age.Payload(aead, memoryview(plaintext))
    assert b"".join(payload.encrypt(0, payload.count)) == bytes(view[header_end + age.NONCE:])


def test_a_stanza_argument_must_be_printable_and_a_body_line_at_most_64_columns() -> None:
    """The three rules the vectors caught, on a file of our own: each breaks the header, not the MAC."""
    identity = age.Identity.generate()
    good = age.encrypt(b"evidence", identity.to_public())
    assert age.decrypt(good, identity) == b"evidence"
    line_end = good.index(b"\n", len(age.INTRO))
    broken = {
        "empty last argument": good[:line_end] + b" " + good[line_end:],
        "double space": good.replace(b"-> X25519 ", b"-> X25519  ", 1),
        "control character": good.replace(b"-> X25519 ", b"-> X25519\x07 ", 1),
        "long body line": good.replace(b"\n---", b"A" * 65 + b"\n---", 1),
    }
    for name, data in broken.items():
        with pytest.raises(age.AgeHeaderError, match="the age header is damaged"):
            age.decrypt(data, identity)
        assert data != good, name
