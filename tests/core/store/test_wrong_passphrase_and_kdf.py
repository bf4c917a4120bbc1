"""A wrong passphrase is called exactly that and changes nothing; tampered KDF settings are refused.

The KDF tests rewrite the key file's settings and recompute its `digest`, so they reach the settings
check itself rather than the damage check in front of it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.errors import IntegrityError, KeyFileRefused, UsageError, WrongPassphrase
from evidencekit.store import CaseStore
from evidencekit.store.recovery_key import format_recovery_key
from tests.core.store.case_files import PASSPHRASE, SampleCase, SampleFactory, snapshot_tree
from tests.core.store.cli import run_cli

WRONG = "correct horse battery stapler"


def _assert_says_wrong_not_damaged(message: str, what: str = "passphrase") -> None:
    assert f"wrong {what}" in message.lower()
    for word in ("corrupt", "damaged", "altered", "tampered"):
        assert word not in message.lower()


def test_wrong_passphrase_says_so_and_writes_nothing(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    before = snapshot_tree(home)
    with pytest.raises(WrongPassphrase) as caught:
        CaseStore.open(sample.id, passphrase=WRONG, home=home, keyring=None)
    _assert_says_wrong_not_damaged(caught.value.message)
    assert snapshot_tree(home) == before


@pytest.mark.parametrize("command", ["show", "verify"])
def test_wrong_passphrase_on_the_command_line_exits_1_and_writes_nothing(
        make_sample_case: SampleFactory, home: Path, command: str) -> None:
    sample = make_sample_case()
    before = snapshot_tree(home)
    result = run_cli(["case", command, sample.id[:8]], home=home, passphrase=WRONG)
    assert result.returncode == 1
    assert result.stdout == ""
    _assert_says_wrong_not_damaged(result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot_tree(home) == before


def test_wrong_passphrase_from_a_file_on_the_command_line(make_sample_case: SampleFactory, home: Path,
                                                          tmp_path: Path) -> None:
    sample = make_sample_case()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(WRONG + "\n")
    before = snapshot_tree(home)
    result = run_cli(["case", "show", sample.id, "--passphrase-file", str(secret)], home=home, passphrase=None)
    assert result.returncode == 1
    _assert_says_wrong_not_damaged(result.stderr)
    assert snapshot_tree(home) == before


def test_the_right_passphrase_still_opens_after_a_wrong_one(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    with pytest.raises(WrongPassphrase):
        CaseStore.open(sample.id, passphrase=WRONG, home=home, keyring=None)
    with CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None) as store:
        assert store.unlocked_by == "passphrase"
        assert store.state().title == "sample case"


def test_a_valid_but_wrong_recovery_key_says_wrong_recovery_key(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    before = snapshot_tree(home)
    with pytest.raises(WrongPassphrase) as caught:
        CaseStore.open(sample.id, recovery_key=format_recovery_key(bytes(20)), home=home, keyring=None)
    _assert_says_wrong_not_damaged(caught.value.message, "recovery key")
    assert snapshot_tree(home) == before


# ----- KDF settings in the passphrase key file ---------------------------------------------------------

def _rewrite_kdf(sample: SampleCase, **changes: Any) -> None:
    """Change the scrypt settings and recompute the digest, as a careful attacker would."""
    path = sample.folder / "keys" / "passphrase.key"
    body = json.loads(path.read_bytes())
    del body["digest"]
    body["kdf"].update(changes)
    body["digest"] = sha256_hex(canonical_json(body))
    path.write_bytes(canonical_json(body))


@pytest.mark.parametrize("changes", [
    {"n": 1 << 16}, {"n": 1 << 10}, {"r": 4}, {"r": 1}, {"p": 0}, {"n": (1 << 17) + 1},
], ids=["n=2^16", "n=2^10", "r=4", "r=1", "p=0", "n not a power of two"])
def test_lowered_kdf_settings_are_refused_before_any_key_work(
        make_sample_case: SampleFactory, home: Path, changes: dict[str, int]) -> None:
    sample = make_sample_case()
    _rewrite_kdf(sample, **changes)
    with pytest.raises(KeyFileRefused) as caught:
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None)
    assert "weaker protection" in caught.value.message and "recovery key" in caught.value.message


@pytest.mark.parametrize("changes", [
    {"n": 1 << 30}, {"n": 1 << 24}, {"r": 1 << 20}, {"p": 64}, {"n": 1 << 20, "r": 16},
], ids=["n=2^30", "n=2^24", "r=2^20", "p=64", "n=2^20 r=16"])
def test_absurd_kdf_memory_is_refused_quickly_without_trying(
        make_sample_case: SampleFactory, home: Path, changes: dict[str, int]) -> None:
    sample = make_sample_case()
    _rewrite_kdf(sample, **changes)
    started = time.monotonic()
    with pytest.raises(KeyFileRefused) as caught:
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None)
    assert time.monotonic() - started < 2.0
    assert "absurd amount of memory" in caught.value.message or "absurd" in caught.value.message


def test_an_unknown_kdf_name_is_refused(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    _rewrite_kdf(sample, name="pbkdf2")
    with pytest.raises(KeyFileRefused, match="unknown protection method"):
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None)


def test_refused_kdf_settings_exit_1_on_the_command_line(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    _rewrite_kdf(sample, n=1 << 14)
    result = run_cli(["case", "show", sample.id], home=home)
    assert result.returncode == 1
    assert "weaker protection" in result.stderr and "Traceback" not in result.stderr


def test_kdf_settings_raised_within_the_limits_do_not_open_the_case(
        make_sample_case: SampleFactory, home: Path) -> None:
    """Changed settings derive another key, so nothing opens. The digest is a plain checksum that a
    deliberate editor can recompute, so this looks like a wrong passphrase (documented limit)."""
    sample = make_sample_case()
    _rewrite_kdf(sample, n=1 << 18)
    with pytest.raises(WrongPassphrase):
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None)


def test_kdf_settings_changed_without_fixing_the_digest_name_the_damaged_key_file(
        make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    path = sample.folder / "keys" / "passphrase.key"
    body = json.loads(path.read_bytes())
    body["kdf"]["n"] = 1 << 16
    path.write_bytes(canonical_json(body))
    with pytest.raises(IntegrityError) as caught:
        CaseStore.open(sample.id, passphrase=PASSPHRASE, home=home, keyring=None)
    assert "keys/passphrase.key" in caught.value.message and "damaged" in caught.value.message


def test_a_typo_in_the_recovery_key_says_typo(make_sample_case: SampleFactory, home: Path) -> None:
    sample = make_sample_case()
    groups = sample.recovery_key.split("-")
    groups[3] = ("B" if groups[3][0] == "A" else "A") + groups[3][1:]  # one mistyped character
    with pytest.raises(UsageError, match="typo"):
        CaseStore.open(sample.id, recovery_key="-".join(groups), home=home, keyring=None)
