"""The recovery key forgives how people type it: lower case, spaces, dashes, no prefix, and 0/1/8 for
O/I/B (the key's base32 alphabet has none of 0, 1, 8); a real typo is still caught by the checksum."""

from __future__ import annotations

import base64
import os

import pytest

from evidencekit.errors import UsageError
from evidencekit.store.recovery_key import format_recovery_key, normalise_recovery_key, parse_recovery_key


def _key_with(letters: str) -> tuple[str, bytes]:
    """A real key whose body holds each of `letters` (found by trying random secrets)."""
    for _ in range(20000):
        secret = os.urandom(20)
        body = base64.b32encode(secret).decode()
        if all(letter in body for letter in letters):
            return format_recovery_key(secret), secret
    raise AssertionError("no key found")


def test_the_alphabet_has_no_zero_one_or_eight():
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert not alphabet & {"0", "1", "8", "9"}


def test_lower_case_spaces_dashes_and_no_prefix_are_forgiven():
    key, secret = _key_with("")
    assert parse_recovery_key(key) == secret
    assert parse_recovery_key(key.lower()) == secret
    assert parse_recovery_key(key.replace("-", " ")) == secret
    assert parse_recovery_key("  " + key.replace("-", "").lower() + " ") == secret
    assert parse_recovery_key(key.split("-", 1)[1]) == secret  # without EKR1-
    assert parse_recovery_key("EKRI" + key[4:]) == secret  # the prefix's 1 typed as I


def test_zero_one_and_eight_are_read_as_o_i_and_b():
    key, secret = _key_with("OIB")
    typed = "EKR1-" + key[5:].replace("O", "0").replace("I", "1").replace("B", "8")
    assert typed != key
    assert parse_recovery_key(typed) == secret
    assert parse_recovery_key(typed.lower()) == secret
    assert normalise_recovery_key(typed) == key[5:].replace("-", "")


def test_a_real_typo_is_still_refused():
    key, _secret = _key_with("A")
    wrong = key[:5] + key[5:].replace("A", "C", 1)
    with pytest.raises(UsageError, match="typo"):
        parse_recovery_key(wrong)
    with pytest.raises(UsageError, match="does not look like"):
        parse_recovery_key(key[:-10])
