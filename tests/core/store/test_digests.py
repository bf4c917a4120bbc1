"""evidencekit.digests gives hashlib's and hmac's bytes, and a command that opens a case and captures never
loads `_hashlib` (the system's second OpenSSL) nor `hmac`."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencekit.digests import Sha256, equal, hmac_sha256, sha256_hex

REPO = Path(__file__).resolve().parents[3]


@given(st.lists(st.binary(max_size=300), max_size=5))
def test_sha256_is_hashlibs(chunks: list[bytes]) -> None:
    ours, theirs = Sha256(), hashlib.sha256()
    for chunk in chunks:
        ours.update(memoryview(chunk))
        theirs.update(chunk)
        assert ours.hexdigest() == theirs.hexdigest()  # digest mid-way, then go on, as hashlib allows
    assert ours.digest() == theirs.digest()
    joined = b"".join(chunks)
    assert sha256_hex(joined) == hashlib.sha256(joined).hexdigest() == Sha256(joined).hexdigest()


@given(st.binary(max_size=200), st.binary(max_size=500))
def test_hmac_sha256_is_hmacs(key: bytes, data: bytes) -> None:
    assert hmac_sha256(key, data) == hmac.digest(key, data, "sha256") == hmac.new(key, data, hashlib.sha256).digest()


def test_sha256_of_a_megabyte_and_the_empty_string() -> None:
    big = os.urandom(1 << 20)
    assert Sha256(big).digest() == hashlib.sha256(big).digest()
    assert Sha256().hexdigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize(("a", "b", "same"), [
    (b"", b"", True), (b"abc", b"abc", True), (b"abc", b"abd", False), (b"abc", b"abcd", False),
    ("0f" * 32, "0f" * 32, True), ("0f" * 32, "0e" + "0f" * 31, False), ("0f" * 32, b"0f" * 32, True),
    ("é" * 4, "é" * 4, True), ("é" * 4, "e" * 4, False), ("\udcff", "\udcff", True),
])
def test_equal(a: bytes | str, b: bytes | str, same: bool) -> None:
    assert equal(a, b) is same
    assert equal(b, a) is same


@pytest.mark.bare_process  # coverage's own start-up imports hashlib
def test_opening_and_capturing_do_not_load_hashlib_or_hmac() -> None:
    code = ("import sys\n"
            "import evidencekit.cli, evidencekit.cli.capture_cmd, evidencekit.capture.service\n"
            "import evidencekit.store.case, evidencekit.store.keyfile, evidencekit.store.recovery_key\n"
            "import evidencekit.store.secret_service, evidencekit.store.keyring_access\n"
            "from evidencekit.store import age, head, seal, journal, crypto\n"
            "identity = age.Identity.generate()\n"
            "data = age.encrypt(b'picture', identity.to_public())\n"
            "assert age.decrypt(data, identity) == b'picture'\n"
            "crypto.hkdf_sha256(b'k', b'', b'info')\n"
            "print(sorted(m for m in ('_hashlib', 'hashlib', 'hmac') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
