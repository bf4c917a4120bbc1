"""evidencekit's own age v1 writer/reader (evidencekit/store/age.py) is plain age, and strict.

Interop both ways with two independent implementations (pyrage = rage, and the reference `age` CLI) at the
sizes around the 64 KiB STREAM chunk; identity and recipient strings round-trip with pyrage. Strictness:
damaged header, MAC or tag bytes, a dropped or extra chunk, a wrong final flag, an empty last chunk
after full ones, a wrong key — all refused with AgeError; a SealedFile refuses a second use. Malformed
streams are made by a small age writer in this file, written from the spec (age-encryption.org/v1) with
`cryptography`'s HKDF and HMAC, not evidencekit's.
"""

from __future__ import annotations

import base64
import os
import random
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from evidencekit.store import age
from tests.core.store.case_files import AGE_CHUNK, AGE_TAG, age_payload_start

KIB64 = 64 * 1024
SIZES = [0, 1, KIB64 - 1, KIB64, KIB64 + 1, 1_000_000]
SIZE_IDS = ["0", "1", "64KiB-1", "64KiB", "64KiB+1", "1MB"]


@pytest.fixture
def identity() -> age.Identity:
    return age.Identity.generate()


def _content(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def _age_cli(*args: str, data: bytes, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    tool = shutil.which("age")
    if tool is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail("CI must run the age interoperability tests, but `age` is not installed", pytrace=False)
        pytest.skip("the reference `age` tool is not installed (Debian: apt-get install age)")
    return subprocess.run([tool, *args], input=data, capture_output=True, check=check)


# ----- an independent age writer, from the spec --------------------------------------------------------

def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=salt, info=info).derive(ikm)


def spec_age_file(recipient: bytes, chunks: list[tuple[bytes, bool]], *, share: bytes | None = None) -> bytes:
    """An age v1 file for one X25519 recipient whose STREAM chunks and final flags are given as they are."""
    file_key = os.urandom(16)
    if share is None:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        secret = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
        body = ChaCha20Poly1305(_hkdf(secret, share + recipient, b"age-encryption.org/v1/X25519")).encrypt(
            bytes(12), file_key, None)
    else:
        body = os.urandom(32)
    head = b"age-encryption.org/v1\n-> X25519 " + _b64(share) + b"\n" + _b64(body) + b"\n---"
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(head)
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    out = [head, b" ", _b64(mac.finalize()), b"\n", nonce]
    for index, (plain, final) in enumerate(chunks):
        out.append(stream.encrypt(index.to_bytes(11, "big") + bytes([final]), plain, None))
    return b"".join(out)


def _chunked(data: bytes) -> list[tuple[bytes, bool]]:
    pieces = [data[i:i + AGE_CHUNK] for i in range(0, len(data), AGE_CHUNK)] or [b""]
    return [(piece, index == len(pieces) - 1) for index, piece in enumerate(pieces)]


def test_the_spec_writer_in_this_file_is_itself_correct(identity: age.Identity) -> None:
    data = _content(KIB64 * 2 + 5)
    made = spec_age_file(identity.to_public().raw, _chunked(data))
    assert pyrage.decrypt(made, [pyrage.x25519.Identity.from_str(str(identity))]) == data
    assert age.decrypt(made, identity) == data


# ----- interop -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_our_files_decrypt_with_pyrage_and_the_age_tool(identity: age.Identity, size: int, tmp_path: Path) -> None:
    data = _content(size)
    ours = age.encrypt(data, identity.to_public())
    assert len(ours) == age.SealedFile(identity.to_public()).length(size)
    assert pyrage.decrypt(ours, [pyrage.x25519.Identity.from_str(str(identity))]) == data
    key_file = tmp_path / "identity.txt"
    key_file.write_text(f"{identity}\n")
    assert _age_cli("--decrypt", "-i", str(key_file), data=ours).stdout == data


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_we_decrypt_files_made_by_pyrage_and_by_the_age_tool(identity: age.Identity, size: int) -> None:
    data = _content(size)
    theirs = pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(str(identity.to_public()))])
    assert age.decrypt(theirs, identity) == data
    made_by_cli = _age_cli("--encrypt", "-r", str(identity.to_public()), data=data).stdout
    assert age.decrypt(made_by_cli, identity) == data


def test_files_from_pyrage_with_its_random_extra_stanzas_all_decrypt(identity: age.Identity) -> None:
    """rage adds a random "grease" stanza to some headers; a reader must skip stanzas it does not know."""
    recipient = pyrage.x25519.Recipient.from_str(str(identity.to_public()))
    for number in range(40):
        data = _content(number)
        assert age.decrypt(pyrage.encrypt(data, [recipient]), identity) == data


def test_chunks_encrypted_out_of_order_make_the_same_valid_file(identity: age.Identity) -> None:
    """The store encrypts groups of chunks on a worker; the order they are made in must not matter."""
    data = _content(5 * KIB64 + 17)
    sealed = age.SealedFile(identity.to_public())
    payload = sealed.payload(data)
    later, earlier = payload.encrypt(3, payload.count), payload.encrypt(0, 3)
    made = sealed.header + b"".join(earlier + later)
    assert len(made) == sealed.length(len(data)) and payload.count == 6
    assert pyrage.decrypt(made, [pyrage.x25519.Identity.from_str(str(identity))]) == data


def test_identity_and_recipient_strings_round_trip_with_pyrage() -> None:
    for _ in range(20):
        ours = age.Identity.generate()
        theirs = pyrage.x25519.Identity.from_str(str(ours))
        assert str(theirs) == str(ours) and str(ours).startswith("AGE-SECRET-KEY-1")
        assert str(theirs.to_public()) == str(ours.to_public()) and str(ours.to_public()).startswith("age1")
        generated = pyrage.x25519.Identity.generate()
        parsed = age.Identity.parse(str(generated))
        assert str(parsed) == str(generated)
        assert str(parsed.to_public()) == str(generated.to_public())
        assert age.Recipient.parse(str(generated.to_public())) == parsed.to_public()
    assert age.Identity.parse(str(ours).lower()).to_public() == ours.to_public()  # bech32: one case, either


@pytest.mark.parametrize("text", [
    "AGE-SECRET-KEY-1" + "Q" * 58,  # checksum wrong
    "age-secret-KEY-1QQQQ",  # mixed case
    "AGE-SECRET-KEY-2QQQQQQQQQQ",  # wrong separator/prefix
    "",
])
def test_malformed_identity_strings_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        age.Identity.parse(text)


def test_a_recipient_string_is_not_taken_as_an_identity() -> None:
    recipient = str(age.Identity.generate().to_public())
    with pytest.raises(ValueError):
        age.Identity.parse(recipient)


# ----- strictness --------------------------------------------------------------------------------------

def _refused(data: bytes | bytearray, identity: age.Identity) -> None:
    with pytest.raises(age.AgeError):
        age.decrypt(bytes(data), identity)


def test_every_flipped_header_byte_is_refused(identity: age.Identity) -> None:
    """Intro, stanza, share, wrapped key, MAC line and the payload nonce: one byte changed, refused."""
    made = age.encrypt(b"a picture", identity.to_public())
    for index in range(age_payload_start(made)):
        for mask in (0x01, 0x80):
            damaged = bytearray(made)
            damaged[index] ^= mask
            _refused(damaged, identity)


@pytest.mark.parametrize("where", ["first chunk body", "first chunk tag", "last chunk tag", "last byte"])
def test_a_flipped_payload_or_tag_byte_is_refused(identity: age.Identity, where: str) -> None:
    made = age.encrypt(_content(KIB64 * 2 + 100), identity.to_public())
    start = age_payload_start(made)
    index = {"first chunk body": start + 1000, "first chunk tag": start + AGE_CHUNK + 3,
             "last chunk tag": len(made) - AGE_TAG, "last byte": len(made) - 1}[where]
    damaged = bytearray(made)
    damaged[index] ^= 0x01
    _refused(damaged, identity)


def test_a_flipped_mac_byte_is_refused(identity: age.Identity) -> None:
    made = age.encrypt(b"a picture", identity.to_public())
    mac_at = made.index(b"\n--- ") + 5
    for index in range(mac_at, made.index(b"\n", mac_at)):
        damaged = bytearray(made)
        damaged[index] = ord("A") if damaged[index] != ord("A") else ord("B")
        _refused(damaged, identity)


@pytest.mark.parametrize("size", [KIB64 + 1, KIB64 * 2, KIB64 * 3 + 9], ids=["2 chunks", "2 full", "4 chunks"])
def test_a_dropped_last_chunk_is_refused(identity: age.Identity, size: int) -> None:
    made = age.encrypt(_content(size), identity.to_public())
    last_start = age_payload_start(made) + (age.chunk_count(size) - 1) * (AGE_CHUNK + AGE_TAG)
    _refused(made[:last_start], identity)


@pytest.mark.parametrize("extra", ["a copy of the last chunk", "one byte", "a tag's worth of zeros"])
def test_bytes_after_the_last_chunk_are_refused(identity: age.Identity, extra: str) -> None:
    made = age.encrypt(_content(KIB64 + 10), identity.to_public())
    last = made[age_payload_start(made) + AGE_CHUNK + AGE_TAG:]
    _refused(made + {"a copy of the last chunk": last, "one byte": b"\x00", "a tag's worth of zeros": bytes(16)}[extra],
             identity)


def test_an_extra_properly_encrypted_chunk_after_the_final_one_is_refused(identity: age.Identity) -> None:
    made = spec_age_file(identity.to_public().raw, [(b"a" * AGE_CHUNK, False), (b"b" * 10, True), (b"c", True)])
    _refused(made, identity)


def test_a_last_chunk_without_the_final_flag_is_refused(identity: age.Identity) -> None:
    """What a writer cut off after a whole chunk leaves: authentic chunks, none of them final."""
    made = spec_age_file(identity.to_public().raw, [(b"a" * AGE_CHUNK, False), (b"b" * AGE_CHUNK, False)])
    _refused(made, identity)
    _refused(spec_age_file(identity.to_public().raw, [(b"b" * 10, False)]), identity)


def test_an_empty_final_chunk_after_full_chunks_is_refused(identity: age.Identity) -> None:
    """age allows an empty last chunk only for empty plaintext; a full last chunk must carry the flag."""
    made = spec_age_file(identity.to_public().raw, [(b"a" * AGE_CHUNK, False), (b"", True)])
    _refused(made, identity)
    with pytest.raises(pyrage.DecryptError):  # the reference reader agrees
        pyrage.decrypt(made, [pyrage.x25519.Identity.from_str(str(identity))])
    assert age.decrypt(spec_age_file(identity.to_public().raw, [(b"", True)]), identity) == b""


def test_a_final_flag_on_a_middle_chunk_is_refused(identity: age.Identity) -> None:
    made = spec_age_file(identity.to_public().raw, [(b"a" * AGE_CHUNK, True), (b"b" * 10, True)])
    _refused(made, identity)


def test_a_short_full_chunk_in_the_middle_is_refused(identity: age.Identity) -> None:
    made = spec_age_file(identity.to_public().raw, [(b"a" * 100, False), (b"b" * 10, True)])
    _refused(made, identity)


@pytest.mark.parametrize("cut", ["nothing", "intro only", "header without MAC line end", "no nonce", "half nonce",
                                 "nonce, no chunk"])
def test_a_file_cut_in_or_just_after_its_header_is_refused(identity: age.Identity, cut: str) -> None:
    made = age.encrypt(b"x" * 50, identity.to_public())
    payload = age_payload_start(made)
    at = {"nothing": 0, "intro only": len(age.INTRO), "header without MAC line end": made.index(b"\n--- ") + 10,
          "no nonce": payload - 16, "half nonce": payload - 8, "nonce, no chunk": payload}[cut]
    _refused(made[:at], identity)


def test_a_low_order_share_is_refused_as_not_for_this_key(identity: age.Identity) -> None:
    """An all-zero X25519 share gives an all-zero shared secret, which age refuses (not a crash)."""
    _refused(spec_age_file(identity.to_public().raw, [(b"x", True)], share=bytes(32)), identity)


def test_a_wrong_identity_is_refused(identity: age.Identity) -> None:
    made = age.encrypt(b"a picture", identity.to_public())
    with pytest.raises(age.AgeError, match="not for this key"):
        age.decrypt(made, age.Identity.generate())
    _refused(b"not an age file at all", identity)


def test_a_sealed_file_refuses_a_second_use(identity: age.Identity) -> None:
    """One file key and nonce must never encrypt two plaintexts."""
    sealed = age.SealedFile(identity.to_public())
    first = sealed.header + b"".join(sealed.chunks(b"first"))
    assert age.decrypt(first, identity) == b"first"
    with pytest.raises(RuntimeError, match="used twice"):
        list(sealed.chunks(b"second"))
    with pytest.raises(RuntimeError, match="used twice"):
        sealed.payload(b"second")
    other = age.SealedFile(identity.to_public())
    other.payload(b"once")
    with pytest.raises(RuntimeError):
        list(other.chunks(b"again"))


def test_two_files_of_the_same_content_share_no_key_material(identity: age.Identity) -> None:
    one, two = (age.encrypt(b"same picture", identity.to_public()) for _ in range(2))
    assert one != two
    assert one[age_payload_start(one) - 16:age_payload_start(one)] != two[age_payload_start(two) - 16:
                                                                          age_payload_start(two)]
