"""An unreadable or nonsensical anchor counts as no record; folders a case makes are private (0700)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from evidencekit.paths import make_private_dir
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store.anchor import read_anchor
from tests.core.store.case_files import SampleFactory


@pytest.mark.parametrize("seq", ["0", "-1", "\"3\"", "true", "1.5", "null"])
def test_an_anchor_with_a_record_number_below_1_or_not_a_number_is_no_record(
        home: Path, make_sample_case: SampleFactory, keyring_access: KeyringAccess, seq: str) -> None:
    sample = make_sample_case()
    good = sample.anchor.read_bytes()
    head = good.decode().split('"hash":')[1].split(",")[0].rstrip("}")
    sample.anchor.write_text(f'{{"case":"{sample.id}","hash":{head},"seq":{seq}}}')
    assert read_anchor(sample.anchor) is None
    with CaseStore.open(sample.id, home=home, keyring=keyring_access) as store:
        assert any("no record" in warning for warning in store.warnings)
        assert len(store.events()) == len(sample.event_hashes)
    assert read_anchor(sample.anchor) is not None  # a fresh one was made


def test_an_anchor_that_cannot_be_read_does_not_block_opening(
        home: Path, make_sample_case: SampleFactory, keyring_access: KeyringAccess) -> None:
    sample = make_sample_case()
    sample.anchor.unlink()
    sample.anchor.mkdir()  # reading it fails with an OSError (IsADirectoryError), as a permission error would
    assert read_anchor(sample.anchor) is None
    journal = sample.journal.read_bytes()
    with CaseStore.open(sample.id, home=home, keyring=keyring_access) as store:
        assert any("no record" in warning for warning in store.warnings)
        assert len(store.events()) == len(sample.event_hashes)
    assert sample.journal.read_bytes() == journal


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_every_folder_a_new_case_makes_is_private(tmp_path: Path, keyring_access: KeyringAccess) -> None:
    old = os.umask(0o022)
    try:
        home = tmp_path / "fresh-home"
        created = CaseStore.create("modes", "a long passphrase", home=home, keyring=keyring_access)
        created.store.close()
    finally:
        os.umask(old)
    folder = created.store.path
    for made in (home, home / "cases", folder, folder / "keys", home / "anchors"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_make_private_dir_leaves_existing_folders_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    old = os.umask(0o022)
    try:
        make_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    for made in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
