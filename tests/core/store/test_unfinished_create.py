"""A case whose creation fails part-way leaves nothing behind: no folder, no keyring entry, no anchor.

Before, a title that could not be stored, or a disk that filled up, left a folder that `case list` showed
as a locked or broken case and that `case remove` could not remove."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import rfc8785

from evidencekit.paths import anchors_dir, cases_dir
from evidencekit.store import CaseStore, KeyringAccess
from evidencekit.store import case as case_module
from tests.support.memory_keyring import MemoryKeyring

PASSPHRASE = "a passphrase long enough"


def _traces(home: Path, memory_keyring: MemoryKeyring) -> list[str]:
    folders = [p.name for p in cases_dir(home).iterdir()] if cases_dir(home).exists() else []
    anchors = [p.name for p in anchors_dir(home).iterdir()] if anchors_dir(home).exists() else []
    return folders + anchors + [str(key) for key in memory_keyring.secrets]


def test_a_title_that_cannot_be_stored_leaves_no_case(home: Path, memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(rfc8785.CanonicalizationError):  # a lone surrogate cannot be stored as JSON text
        CaseStore.create("bad \udcff title", PASSPHRASE, home=home, keyring=KeyringAccess(memory_keyring))
    assert _traces(home, memory_keyring) == []
    created = CaseStore.create("good title", PASSPHRASE, home=home, keyring=KeyringAccess(memory_keyring))
    created.store.close()
    assert [p.name for p in cases_dir(home).iterdir()] == [created.store.id]  # the next one works


def test_a_full_disk_while_writing_the_first_event_leaves_no_case(home: Path, memory_keyring: MemoryKeyring,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(case_module.CaseStore, "append_event", full)
    with pytest.raises(OSError):
        CaseStore.create("disk fills", PASSPHRASE, home=home, keyring=KeyringAccess(memory_keyring))
    assert _traces(home, memory_keyring) == []
