"""Differential test of evidencekit/store/age.py against pyrage (rage, an independent age implementation).

Hypothesis picks payload sizes, dense around the 64 KiB STREAM chunk boundaries (0, 1, k*64 KiB +-3),
and random ones up to a few chunks. Both directions, with pyrage's streaming calls (encrypt_io/decrypt_io)
and its whole-buffer ones; and on damage the two must agree: a flipped byte or a cut anywhere is refused
by both, or (never, so far) accepted by both with the same plaintext.
"""

from __future__ import annotations

import io

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit.store import age

CHUNK = age.CHUNK
NEAR_BOUNDARIES = st.builds(lambda chunks, delta: max(0, chunks * CHUNK + delta),
                            st.integers(0, 4), st.integers(-3, 3))
SIZES = st.one_of(NEAR_BOUNDARIES, st.integers(0, 3 * CHUNK + 100))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def keys() -> tuple[age.Identity, pyrage.x25519.Identity, pyrage.x25519.Recipient]:
    ours = age.Identity.generate()
    theirs = pyrage.x25519.Identity.from_str(str(ours))
    return ours, theirs, pyrage.x25519.Recipient.from_str(str(ours.to_public()))


def _payload(size: int, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(size)


def _pyrage_decrypt(data: bytes, identity: pyrage.x25519.Identity) -> bytes | None:
    out = io.BytesIO()
    try:
        pyrage.decrypt_io(io.BytesIO(data), out, [identity])
    except (pyrage.DecryptError, OSError):  # decrypt_io reports a payload that fails as an I/O error
        return None
    return out.getvalue()


def _ours_decrypt(data: bytes, identity: age.Identity) -> bytes | None:
    try:
        return age.decrypt(data, identity)
    except age.AgeError:
        return None


@SETTINGS
@given(size=SIZES, seed=st.integers(0, 2**32))
def test_ours_to_pyrage(keys, size: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, _recipient = keys
    data = _payload(size, seed)
    sealed = age.encrypt(data, ours.to_public())
    assert len(sealed) == age.SealedFile(ours.to_public()).length(size)
    assert _pyrage_decrypt(sealed, theirs) == data
    assert pyrage.decrypt(sealed, [theirs]) == data


@SETTINGS
@given(size=SIZES, seed=st.integers(0, 2**32), streaming=st.booleans())
def test_pyrage_to_ours(keys, size: int, seed: int, streaming: bool) -> None:  # type: ignore[no-untyped-def]
    ours, _theirs, recipient = keys
    data = _payload(size, seed)
    if streaming:
        out = io.BytesIO()
        pyrage.encrypt_io(io.BytesIO(data), out, [recipient])
        sealed = out.getvalue()
    else:
        sealed = pyrage.encrypt(data, [recipient])
    assert age.decrypt(sealed, ours) == data


@SETTINGS
@given(size=NEAR_BOUNDARIES, seed=st.integers(0, 2**32), where=st.floats(0, 1, exclude_max=True),
       damage=st.sampled_from(["flip", "cut", "extend"]), by_pyrage=st.booleans())
def test_both_agree_on_damaged_files(keys, size: int, seed: int, where: float, damage: str,  # type: ignore[no-untyped-def]
                                     by_pyrage: bool) -> None:
    ours, theirs, recipient = keys
    data = _payload(size, seed)
    sealed = pyrage.encrypt(data, [recipient]) if by_pyrage else age.encrypt(data, ours.to_public())
    at = int(where * len(sealed))
    if damage == "flip":
        changed = sealed[:at] + bytes([sealed[at] ^ (1 << (seed % 8))]) + sealed[at + 1:]
    elif damage == "cut":
        changed = sealed[:at]
    else:
        changed = sealed + bytes([seed % 256])
    mine, rage = _ours_decrypt(changed, ours), _pyrage_decrypt(changed, theirs)
    assert mine == rage, (damage, at, len(sealed))
    assert mine is None  # every change to an age file is refused
